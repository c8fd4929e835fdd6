"""Every input format gives the same tables as the text original.

The five sample reports are rendered into DOCX (python-docx), HTML portal pages (real <table>
markup with rowspan/colspan, and a copy with tables flattened into '|' cells), PDF (LibreOffice
printing the DOCX), old Word .doc and legacy text encodings; each must extract, cell by cell, to
the values in tests/truth/ (for report 000 the rows its lost page held stay null). Files that
cannot be read must fail with a plain reason, never as an empty report.
"""

from __future__ import annotations

import json
import os
import re
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from nianbao.evaluate import truth
from nianbao.extract import extract
from nianbao.ingest import IngestError, ingest, legacy
from nianbao.ingest import Document
from nianbao.ingest.text import decode, read_text, sniff_encoding

from . import render

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TRUTH = Path(__file__).resolve().parent / "truth"
REPORTS = sorted(p.stem for p in CORPUS.glob("*.txt"))
needs_soffice = pytest.mark.skipif(render.soffice() is None,
                                   reason="LibreOffice (soffice) not installed: apt-get install "
                                          "libreoffice-writer-nogui fonts-noto-cjk")


def truth_cells(stem: str) -> dict[tuple[str, str, str], int | float | None]:
    return truth.cells(truth.read(TRUTH / f"{stem}.json"))


def assert_same_values(path: Path, stem: str) -> None:
    """Every published cell equals the truth (absent from the truth: null), and the text original's
    extraction (value and status: printed, blank, missing, inferred)."""
    doc = ingest(path)
    ex = extract(doc)
    reference = extract(ingest(CORPUS / f"{stem}.txt"))
    got = {(c.table, c.row, c.col): c for c in ex.cells}
    want = truth_cells(stem)
    wrong = {k: (want.get(k), got[k].value if k in got else "absent")
             for k in set(got) | set(want) if (got[k].value if k in got else None) != want.get(k)}
    assert not wrong, f"{path.name}: cells differing from the truth (truth, got): {wrong}"
    ref = {(c.table, c.row, c.col): (c.value, c.status) for c in reference.cells}
    mine = {k: (c.value, c.status) for k, c in got.items()}
    assert mine == ref, {k: (ref.get(k), mine.get(k)) for k in set(ref) | set(mine) if ref.get(k) != mine.get(k)}
    assert ex.template == reference.template
    # provenance: each printed value stands in a cell of the line it names
    for cell in ex.cells:
        if cell.status == "printed":
            line = doc.lines[cell.line - 1]
            assert cell.printed in line.cells or cell.printed in line.text, (cell, line)


# --- the samples in every format --------------------------------------------------------------

@pytest.mark.parametrize("stem", REPORTS)
def test_text_original(stem):
    assert_same_values(CORPUS / f"{stem}.txt", stem)


@pytest.mark.parametrize("stem", REPORTS)
def test_docx(rendered, stem):
    assert ingest(rendered / f"{stem}.docx").format == "docx"
    assert_same_values(rendered / f"{stem}.docx", stem)


@pytest.mark.parametrize("variant", ["html", "flat.html", "gbk.html"])
@pytest.mark.parametrize("stem", REPORTS)
def test_html(rendered, stem, variant):
    assert_same_values(rendered / f"{stem}.{variant}", stem)


@needs_soffice
@pytest.mark.parametrize("stem", REPORTS)
def test_pdf(rendered, stem):
    path = rendered / "pdf" / f"{stem}.pdf"
    doc = ingest(path)
    assert doc.format == "pdf" and doc.notes == ()
    assert all(re.fullmatch(r"第\d+页第\d+行", line.where) for line in doc.lines)
    assert_same_values(path, stem)


@needs_soffice
@pytest.mark.parametrize("stem", REPORTS)
def test_pdf_tables_without_rules(rendered, stem):
    """No ruling lines: cells from the gaps between words, wrapped labels joined to their row,
    and a row that starts with empty cells placed under its headers (report 002's table 四)."""
    assert_same_values(rendered / "pdf" / f"{stem}.norules.pdf", stem)


@needs_soffice
def test_pdf_scanned_page_is_noted(rendered):
    """A page that is only an image is read by OCR; where OCR finds no text on it (this one is
    bars, not print), the document says so (for a finding), and the rest reads as before."""
    doc = ingest(rendered / "pdf" / "scanned_page.pdf")
    assert len(doc.notes) == 1 and "OCR未识别出文字" in doc.notes[0]
    assert_same_values(rendered / "pdf" / "scanned_page.pdf", REPORTS[2])


def test_report_000_lost_rows_stay_null(rendered):
    """The lost page of report 000 is lost in every format: its rows are missing, not zero."""
    lost = ("unable_unclear", "not_processed_complaint", "total", "carried_forward")
    for path in (rendered / f"{REPORTS[0]}.docx", rendered / f"{REPORTS[0]}.html"):
        cells = extract(ingest(path)).table_cells("applications")
        assert all(c.value is None and c.status == "missing" for c in cells if c.row in lost)


@needs_soffice
def test_flipbook_page_headers_dropped(rendered):
    doc = ingest(rendered / "pdf" / "flipbook.pdf")
    assert not [l.text for l in doc.lines if re.search(r"Page\s*\d", l.text)]
    assert_same_values(rendered / "pdf" / "flipbook.pdf", REPORTS[2])


@needs_soffice
def test_old_word_doc_and_wps(rendered, tmp_path):
    doc_file = render.convert([rendered / f"{REPORTS[2]}.docx"], tmp_path, to="doc:MS Word 97")[0]
    assert ingest(doc_file).format == "doc"
    assert_same_values(doc_file, REPORTS[2])
    wps = tmp_path / f"{REPORTS[2]}.wps"
    wps.write_bytes(doc_file.read_bytes())
    assert_same_values(wps, REPORTS[2])


@needs_soffice
def test_a_conversion_that_runs_out_of_time_leaves_no_libreoffice_running(rendered, tmp_path, monkeypatch):
    """LibreOffice's converter is a child of the 'soffice' it starts: a conversion stopped at its
    time limit ends both (it left the converter running at 75 % of a core after the build)."""
    doc_file = render.convert([rendered / f"{REPORTS[2]}.docx"], tmp_path, to="doc:MS Word 97")[0]
    monkeypatch.setattr(legacy, "TIMEOUT", 1.0)         # LibreOffice takes longer than that to start
    monkeypatch.setattr(legacy.tempfile, "tempdir", str(tmp_path))     # its profile is under tmp_path
    with pytest.raises(IngestError, match="did not convert the Word file within 1.0 s"):
        ingest(doc_file)
    running = []
    for proc in Path("/proc").iterdir():
        try:
            if str(tmp_path).encode() in (proc / "cmdline").read_bytes():
                running.append(proc.name)
        except OSError:
            pass
    assert not running


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(IngestError, match=r"unsupported: convert \.doc to \.docx"):
        ingest(path)


# --- provenance and table shape ------------------------------------------------------------------

def test_docx_where_and_merged_cells(rendered):
    """Merged cells: text once at the top-left grid position, '' where covered; locations named."""
    doc = ingest(rendered / f"{REPORTS[2]}.docx")
    assert doc.lines[0].where == "第1段"
    rows = {l.where: l.cells for l in doc.lines if l.where.startswith("表2")}
    assert rows["表2第1行"][:3] == ("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "",
                                    "申请人情况")
    assert rows["表2第6行"][:2] == ("三、本年度办理结果", "(一) 予以公开")
    assert rows["表2第7行"][0] == ""            # covered by 三、本年度办理结果 (rowspan)
    assert rows["表2第9行"][:3] == ("", "", "2.其他法律行政法规禁止公开")  # under (三) 不予公开
    review = [l.cells for l in doc.lines if l.where.startswith("表3")]
    assert review[-1] == ("",) * 5 + ("1", "1", "0", "3", "5", "1", "0", "0", "6", "7")


def test_docx_sliver_columns_fold(tmp_path):
    """A border a hair off (a 1-twip grid column, as .doc conversions make) adds no column."""
    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    table = d.add_table(rows=2, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "行政复议"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "行政诉讼"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "5"
    table.cell(1, 0).text, table.cell(1, 3).text = "1", "7"
    cols = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    cols[2].set(qn("w:w"), "1")  # column 2 is a sliver: "5" spans it, "行政诉讼" starts in it
    d.save(tmp_path / "t.docx")
    rows = [l.cells for l in ingest(tmp_path / "t.docx").lines]
    assert rows == [("行政复议", "", "行政诉讼"), ("1", "5", "7")]


def test_html_rowspan_colspan_grid(tmp_path):
    page = ("<html><body><div id='zoom'><p>表格</p><table>"
            "<tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>"
            "<tr><td>1</td><td>2</td><td rowspan=2>3</td></tr>"
            "<tr><td colspan=3>D</td></tr></table></div></body></html>")
    (tmp_path / "t.html").write_text(page, encoding="utf-8")
    doc = ingest(tmp_path / "t.html")
    rows = [(l.where, l.cells) for l in doc.lines if l.where.startswith("表")]
    assert rows == [("表1第1行", ("A", "B", "", "C")), ("表1第2行", ("", "1", "2", "3")),
                    ("表1第3行", ("D", "", "", ""))]


def test_html_article_not_portal(rendered):
    """Navigation, sidebar and footer (with their own years and phone numbers) are not read."""
    doc = ingest(rendered / f"{REPORTS[0]}.html")
    text = doc.text
    assert doc.lines[0].text.startswith("曹坊镇")  # the title above the article body
    for decoy in ("0000-7654321", "0000-1234567", "2018年政府信息公开", "首页", "版权所有", "发布日期"):
        assert decoy not in text
    ex = extract(doc)
    assert ex.meta("phone") == "0598-6551005" and ex.meta("year") == 2020


def test_html5_title_in_article_header(tmp_path):
    """An HTML5 page: the title sits in the article's <header>, the site's <header> is navigation."""
    page = ("<!DOCTYPE html><html><body><header><nav><a>首页</a><a>政务公开</a><a>互动交流</a></nav></header>"
            "<main><article><header><h1>石门乡人民政府2020年政府信息公开工作年度报告</h1></header>"
            "<section><p>一、总体情况</p><p>本年度我乡共收到政府信息公开申请0件，上年结转0件。</p>"
            "<p>规章 | 0 | 0 | 0 |</p></section></article></main><footer>版权所有 0000-1111111</footer>"
            "</body></html>")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    lines = ingest(tmp_path / "a.html").lines
    assert [l.where for l in lines] == ["第1段", "第2段", "第3段", "第4段"]
    assert lines[0].text.startswith("石门乡人民政府") and lines[3].cells == ("规章", "0", "0", "0", "")
    assert "0000-1111111" not in "".join(l.text for l in lines)


def test_html_wrong_declared_charset(rendered, tmp_path):
    """A page declaring UTF-8 but saved in GBK is still read (the declaration is checked)."""
    data = (rendered / f"{REPORTS[2]}.gbk.html").read_bytes().replace(b'charset="gbk"', b'charset="utf-8"')
    (tmp_path / "x.htm").write_bytes(data)
    assert_same_values(tmp_path / "x.htm", REPORTS[2])


def test_mht_web_archive(rendered, tmp_path):
    message = MIMEMultipart("related")
    message.attach(MIMEText((rendered / f"{REPORTS[3]}.html").read_text(encoding="utf-8"), "html", "utf-8"))
    (tmp_path / "page.mht").write_bytes(message.as_bytes())
    assert_same_values(tmp_path / "page.mht", REPORTS[3])


def test_content_wins_over_suffix(rendered, tmp_path):
    """Portals serve web pages named .doc; a PDF may be saved as .txt."""
    (tmp_path / "report.doc").write_bytes((rendered / f"{REPORTS[1]}.html").read_bytes())
    assert ingest(tmp_path / "report.doc").format == "html"
    assert_same_values(tmp_path / "report.doc", REPORTS[1])


# --- text encodings ----------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encodings(tmp_path, encoding):
    original = (CORPUS / f"{REPORTS[2]}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{REPORTS[2]}.txt"
    path.write_bytes(original.encode(encoding))
    assert decode(path.read_bytes()) == original
    assert_same_values(path, REPORTS[2])


@pytest.mark.parametrize("stem", REPORTS)
def test_big5(tmp_path, stem):
    """Traditional script in Big5 (never misread as GBK, which decodes the same bytes)."""
    import opencc

    traditional = opencc.OpenCC("s2tw").convert((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(traditional.encode("cp950"))
    assert decode(path.read_bytes()) == traditional
    assert_same_values(path, stem)


@pytest.mark.parametrize("title", ["城月鎮人民政府2020年度政府信息公開工作年度報告", "政府資訊公開", "望遠鎮人民政府"])
def test_short_big5_and_gbk(title):
    assert sniff_encoding(title.encode("big5"))[1] == title
    assert sniff_encoding(title.encode("gbk"))[1] == title   # traditional characters written in GBK


def test_damaged_utf8_keeps_the_rest():
    data = (CORPUS / f"{REPORTS[2]}.txt").read_bytes()
    damaged = data[:300] + b"\xff" + data[300:]
    assert "\ufffd" in decode(damaged) and decode(damaged).replace("\ufffd", "") == data.decode()


def test_a_short_page_with_a_damaged_character_is_still_read():
    """One damaged byte in a 2 KB page (a character's first byte lost: two stray bytes, two U+FFFD)
    was over the share of undecodable bytes a file may have, and the whole report was refused."""
    real = Path(__file__).parent / "real"
    data = (real / "corpus" / "001.txt").read_bytes()
    at = next(k for k in range(1000, len(data)) if data[k] >= 0xE0)     # the first byte of a Han character
    damaged = data[:at] + b"f" + data[at + 1:]
    text = decode(damaged)
    assert text.count("\ufffd") == 2 and len(text) == len(data.decode()) + 2
    expected = truth.metadata(truth.read(real / "truth" / "001.json"))
    ex = extract(Document("001.txt", "0" * 64, "text", tuple(read_text(damaged))))
    assert (ex.meta("organ"), ex.meta("year")) == (expected["organ"], expected["year"])


@pytest.mark.parametrize("data,reason", [
    (os.urandom(4000), "no encoding we can read"),
    (bytes(2000), "binary data"),
    ("Café résumé naïve ".encode("latin-1") * 40, "no encoding we can read"),
])
def test_undecodable_text(tmp_path, data, reason):
    (tmp_path / "x.txt").write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        ingest(tmp_path / "x.txt")


# --- files that cannot be read -------------------------------------------------------------------

def test_pdf_without_text_layer(tmp_path):
    path = render.image_pdf(tmp_path / "scan.pdf")
    with pytest.raises(IngestError, match="OCR found none on the 1 scanned page"):
        ingest(path)


@pytest.mark.parametrize("data,reason", [
    (os.urandom(5000), "not a PDF"),
    (b"%PDF-1.4\n" + os.urandom(3000), "PDF is damaged"),
    (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "not a PDF"),
])
def test_unreadable_pdf(tmp_path, data, reason):
    (tmp_path / "x.pdf").write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        ingest(tmp_path / "x.pdf")


@needs_soffice
def test_truncated_pdf(rendered, tmp_path):
    data = (rendered / "pdf" / f"{REPORTS[2]}.pdf").read_bytes()
    (tmp_path / "x.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="PDF is damaged"):
        ingest(tmp_path / "x.pdf")


def test_truncated_docx(rendered, tmp_path):
    data = (rendered / f"{REPORTS[2]}.docx").read_bytes()
    (tmp_path / "x.docx").write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="damaged or truncated"):
        ingest(tmp_path / "x.docx")


def test_docx_that_is_not_a_zip(tmp_path):
    (tmp_path / "x.docx").write_bytes("规章 0 0 0".encode("utf-8"))
    with pytest.raises(IngestError, match="not a Word .docx file"):
        ingest(tmp_path / "x.docx")


def test_empty_and_unknown(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"  \n")
    with pytest.raises(IngestError, match="empty"):
        ingest(tmp_path / "x.pdf")
    (tmp_path / "x.xyz").write_bytes(b"abc")
    with pytest.raises(IngestError, match="unsupported file type"):
        ingest(tmp_path / "x.xyz")


def test_display_reading_numbers_every_line_as_reading_does(rendered):
    """The site shows an original read with ``display=True`` (no normalisation): every line must
    keep the number and the printed text the extraction's reading gives it, in every format (the
    real pages too), or a value's link would land on another line."""
    files = [*CORPUS.glob("*.txt"), *(ROOT / "tests" / "real" / "corpus").iterdir(),
             *(p for p in rendered.rglob("*") if p.suffix in (".docx", ".html", ".pdf"))]
    assert any(p.suffix == ".pdf" for p in files) or render.soffice() is None
    for path in files:
        try:
            full = ingest(path)
        except IngestError:
            continue
        shown = ingest(path, display=True)
        assert [(x.number, x.raw, x.where) for x in shown.lines] == \
            [(x.number, x.raw, x.where) for x in full.lines], path.name
        assert shown.format == full.format
