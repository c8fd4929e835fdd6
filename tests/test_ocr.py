"""OCR: scanned pages and pictures read into the same lines, tables and findings as text PDFs.

Fast tests first (the layout of OCR boxes, the withholding of doubtful readings, the bounds), then
the real engine on scans of the samples (tests/scans.py: printed by LibreOffice, rasterised with
skew, noise and a red seal): one page in each picture format, and one whole sample scored
against its truth. The accuracy on all five samples is measured by benchmarks/ocr.py.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
from pathlib import Path

import pytest

from nianbao.catalogue import APPLICANTS
from nianbao.evaluate import evaluate
from nianbao.extract import doubt, extract
from nianbao.ingest import IngestError, image, ingest, ocr
from nianbao.ingest.lines import build
from nianbao.ingest.pdf import flush, lay_out, text_lines
from nianbao.describe import standalone
from nianbao.validate import validate as validate_report

from . import render, scans
from .conftest import CORPUS, REPORTS, TRUTH


def validate(ex):
    return validate_report(standalone(ex))

needs_soffice = pytest.mark.skipif(render.soffice() is None, reason="LibreOffice is needed to print the samples")


def box(text: str, x0: float, top: float, x1: float, conf: float = 0.99) -> ocr.Box:
    return ocr.Box(text, conf, (int(x0), int(top), int(x1), int(top + 30)), x0, top, x1, top + 30)


# --- boxes -> lines ---------------------------------------------------------------------------

def test_rows_by_position_columns_by_header():
    """A table 二 block read as boxes: each row one line, each value in the column of its header,
    a label wrapped in its cell joined back, every value cell carrying its confidence and box."""
    boxes = [box("信息内容", 100, 100, 200), box("上一年项目数量", 300, 100, 420), box("本年增/减", 500, 100, 580),
             box("处理决定数量", 650, 100, 760),
             box("行政许可", 100, 150, 180), box("0", 302, 152, 316, 0.97), box("3", 502, 151, 516, 0.95),
             box("12", 652, 150, 680, 0.93),
             box("其他对外管理", 100, 200, 220), box("7", 302, 201, 316), box("0", 502, 200, 516),
             box("1", 652, 202, 666),
             box("服务事项", 100, 234, 180)]
    items: list = []
    flush(lay_out(text_lines(ocr.words(boxes)), 900, 2, items, []), items)
    lines = build(items)
    rows = [l for l in lines if len(l.cells) == 4]
    assert [l.cells for l in rows] == [("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                                      ("行政许可", "0", "3", "12"), ("其他对外管理服务事项", "7", "0", "1")]
    assert rows[1].where == "第2页第2行"
    assert rows[1].ocr[3] == (0.93, (652, 150, 680, 180))
    assert rows[2].ocr[0][1] == (100, 200, 220, 264)    # the wrapped label: the box around both lines


def test_skew_is_taken_out_of_the_layout_not_the_provenance():
    """A page turned by 1°: boxes of one row stand at different heights, yet form one line."""
    quads = [[(0, 0), (600, 10.5), (600, 40.5), (0, 30)], [(0, 100), (600, 110.5), (600, 140.5), (0, 130)]]
    assert abs(ocr.skew(quads) - 0.0175) < 0.001


# --- doubtful readings ------------------------------------------------------------------------

def scanned(stem: str = REPORTS[2]):
    """The text sample's extraction with every value as if read by OCR, confidently."""
    ex = extract(ingest(CORPUS / f"{stem}.txt"))
    for c in ex.cells:
        if c.status == "printed":
            c.status, c.confidence, c.box, c.where = "ocr", 0.99, [1, 2, 3, 4], "第2页第9行"
    return ex


def published(ex) -> dict:
    return {(c.table, c.row, c.col): c.value for c in ex.cells if c.value is not None}


def test_low_confidence_is_withheld_with_a_finding_naming_the_reading():
    ex = scanned()
    cell = ex.cell("applications", "granted", "natural_person")
    cell.confidence, cell.printed = 0.62, "8"
    doubt.review(ex)
    assert cell.value is None and cell.status == "ocr" and "“8”" in cell.note
    found = [f for f in validate(ex) if f.rule == "ocr.doubtful"]
    assert [(f.row, f.column) for f in found] == [("granted", "natural_person")]
    assert "“8”" in found[0].message and "0.62" in found[0].message and found[0].severity == "warning"


def test_a_misreading_where_a_failing_row_and_column_cross_is_withheld_alone():
    """Report 002 grants no application to natural persons; its 0 read as 8, the row and the
    column no longer add up while every other sum does: that one cell is withheld."""
    ex = scanned()
    before = published(ex)
    cell = ex.cell("applications", "granted", "natural_person")
    assert cell.value == 0
    cell.value, cell.printed = 8, "8"
    doubt.review(ex)
    after = published(ex)
    assert set(before) - set(after) == {("applications", "granted", "natural_person")}
    assert [o.rule for o in ex.observations if o.rule.startswith("ocr")] == ["ocr.doubtful"]
    assert not [f for f in validate(ex) if f.table == "applications" and f.severity == "error"]   # no wrong sum


def test_a_misreading_no_crossing_singles_out_withholds_its_sum():
    """Table 四 has one sum per proceeding: a misread outcome breaks it, and which of its five
    readings is wrong cannot be told, so all five are withheld."""
    ex = scanned()
    cell = ex.cell("review_litigation", "litigation_direct", "upheld")
    assert cell.value == 1
    cell.value, cell.printed = 7, "7"
    doubt.review(ex)
    withheld = {(c.row, c.col) for c in ex.table_cells("review_litigation") if c.value is None and c.status == "ocr"}
    assert withheld == {("litigation_direct", k) for k in ("upheld", "corrected", "other", "pending", "total")}
    assert ex.cell("review_litigation", "litigation_after_review", "total").value == 7


def test_a_table_that_does_not_add_up_is_left_to_validation():
    """More sums fail than hold: the report itself does not add up; nothing is withheld."""
    ex = scanned()
    for c in ex.table_cells("applications"):
        if c.col == "total":
            c.value += 1
    before = published(ex)
    doubt.review(ex)
    assert published(ex) == before
    assert any(f.rule == "applications.row_sum" for f in validate(ex))


def test_text_reports_are_untouched():
    ex = extract(ingest(CORPUS / f"{REPORTS[2]}.txt"))
    again = doubt.review(copy.deepcopy(ex))
    assert again.cells == ex.cells and not any(c.status == "ocr" for c in ex.cells)


# --- bounds and file kinds --------------------------------------------------------------------

def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    from PIL import Image

    path = tmp_path / "bomb.png"
    Image.new("1", (9000, 9000)).save(path)         # 81 million pixels in a few kilobytes
    assert path.stat().st_size < 100_000
    with pytest.raises(IngestError, match="too large"):
        ingest(path)


def test_damaged_picture(tmp_path):
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(3000))
    with pytest.raises(IngestError, match="picture is damaged"):
        ingest(path)


def test_page_budget_notes_what_it_did_not_read(monkeypatch):
    monkeypatch.setattr(ocr, "read_page", lambda image, unit=1.0: [])
    budget = ocr.Budget(pages=2)
    assert [budget.read(n, None) for n in (1, 2, 3, 4)] == [[], [], None, None]
    assert budget.notes() == (f"第3、4页超出OCR的页数上限({ocr.MAX_PAGES}页)，未予识别",)


def test_long_picture_is_cut_between_lines():
    from PIL import Image, ImageDraw

    page = Image.new("L", (100, 1000), 255)
    draw = ImageDraw.Draw(page)
    for y in range(0, 1000, 20):
        draw.rectangle((10, y, 90, y + 12), fill=0)   # lines of text 12 high, 8 apart
    cuts = list(image.strips(page))
    assert cuts[0][0] == 0 and cuts[-1][1] == 1000 and len(cuts) >= 5
    assert all(b == c for (_, b), (c, _) in zip(cuts, cuts[1:]))
    assert all(y % 20 > 12 for _, y in cuts[:-1])     # each cut in a gap between lines


def test_pictures_are_known_by_their_bytes(tmp_path):
    from nianbao.ingest import IMAGE, sniff

    buf = io.BytesIO()
    from PIL import Image
    Image.new("RGB", (10, 10), "white").save(buf, "PNG")
    assert sniff(buf.getvalue()) is IMAGE
    (tmp_path / "report.txt").write_bytes(buf.getvalue())
    with pytest.raises(IngestError, match="OCR found none"):     # read as a picture, not as text
        ingest(tmp_path / "report.txt")


# --- the real engine on scans of the samples --------------------------------------------------

@pytest.fixture(scope="session")
def scanned_samples() -> Path:
    if render.soffice() is None:
        pytest.skip("LibreOffice is needed to print the samples: apt-get install libreoffice-writer-nogui")
    return scans.scans()


def one_page(source: Path, index: int, out: Path) -> Path:
    import pypdfium2 as pdfium

    doc, page = pdfium.PdfDocument(str(source)), pdfium.PdfDocument.new()
    page.import_pages(doc, [index])
    page.save(str(out))
    return out


def test_scanned_page_reads_table_four(scanned_samples, tmp_path):
    """Page 4 of report 002, scanned at 150 dpi and turned 0.4°: table 四's row (行政复议 blank,
    then 1 1 0 3 5 and 1 0 0 6 7) read by OCR into the cells of the truth, each with status ocr,
    its confidence and its box on the page (PDF points, inside the A4 page)."""
    path = one_page(scanned_samples / f"{REPORTS[2]}.scan.pdf", 3, tmp_path / "page4.pdf")
    doc = ingest(path)
    assert doc.format == "pdf" and all(l.ocr is not None for l in doc.lines)
    ex = extract(doc)
    truth = json.loads((TRUTH / f"{REPORTS[2]}.json").read_text(encoding="utf-8"))["review_litigation"]
    cols = ("upheld", "corrected", "other", "pending", "total")
    got = {row: [ex.cell("review_litigation", row, c).value for c in cols] for row in truth}
    assert got == truth
    for row in ("litigation_direct", "litigation_after_review"):
        for c in cols:
            cell = ex.cell("review_litigation", row, c)
            x0, y0, x1, y1 = cell.box
            assert cell.status == "ocr" and cell.confidence >= ocr.CONFIDENCE and cell.where.startswith("第1页")
            assert 0 <= x0 < x1 <= 596 and 0 <= y0 < y1 <= 842 and y1 - y0 < 30
    assert ex.cell("review_litigation", "administrative_review", "total").status == "blank"


def test_long_picture_meets_the_accuracy_floor(scanned_samples, tmp_path):
    """Report 004 as one long picture (two pages, a seal on each, 1° of skew) through the whole
    pipeline, scored against its truth: precision ≥ 99.5 % with every wrong value flagged, recall
    ≥ 90 %, metadata 100 %; its values link to boxes in the picture's pixels."""
    name = f"{REPORTS[4]}.png"
    (tmp_path / "corpus").mkdir()
    (tmp_path / "truth").mkdir()
    shutil.copy(scanned_samples / name, tmp_path / "corpus" / name)
    truth = json.loads((TRUTH / f"{REPORTS[4]}.json").read_text(encoding="utf-8"))
    (tmp_path / "truth" / "t.json").write_text(json.dumps({**truth, "report": name}, ensure_ascii=False))
    from nianbao import pipeline
    from nianbao.settings import Settings
    result = pipeline.build(Settings(corpus=tmp_path / "corpus", root=tmp_path / "out", workers=1))
    assert result.errors == []
    score = evaluate(tmp_path / "truth", tmp_path / "out")
    wrong = [m for m in score.mismatches if ": published " in m]
    flagged = {(f.table, f.row, f.column) for fs in result.findings.values() for f in fs}
    assert all(tuple(m.split(" ", 1)[1].split(":")[0].split("/")) in flagged for m in wrong
               if "/" in m.split(":")[0]), wrong
    assert score.precision >= 0.995 and score.recall >= 0.90 and score.metadata == 1.0, score.mismatches
    ex = json.loads(next((tmp_path / "out" / "extractions").glob("*.json")).read_text(encoding="utf-8"))
    read = [c for cells in ex["cells"].values() for c in cells if c["status"] == "ocr"]
    assert read and all(len(c["box"]) == 4 and 0 < c["confidence"] <= 1 for c in read)
