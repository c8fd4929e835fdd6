"""Each reader's limit on its own (issue 20), with small limits so that small real files reach
them: the file is refused with a reason naming the limit, or, where only a part is dropped, the
rest is read and a note says what was left out. The full-size bombs are built in test_hostile."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from nianbao.extract import extract
from nianbao.ingest import LIMITS, IngestError, ingest

from .hostile import BASE, PAGE_TEXT, docx_bytes, html, pdf


def limits(**changes):
    return dataclasses.replace(LIMITS, **changes)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_word_part_that_inflates_past_the_limit_is_refused(tmp_path):
    path = write(tmp_path, "r.docx", docx_bytes())
    assert ingest(path).lines  # within the default limits
    with pytest.raises(IngestError, match=r"word/document\.xml inflates to more than 0 MB"):
        ingest(path, limits=limits(docx_part_bytes=2**10))


def test_a_word_file_of_too_many_parts_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for k in range(30):
            dst.writestr(f"extra/part{k}.xml", "<a/>")
    path = write(tmp_path, "r.docx", out.getvalue())
    with pytest.raises(IngestError, match=r"has \d+ parts, more than the limit of 20"):
        ingest(path, limits=limits(zip_members=20))


def test_pdf_limits(tmp_path):
    path = write(tmp_path, "r.pdf", pdf(contents=PAGE_TEXT * 50, count=3))
    doc = ingest(path)
    assert len(doc.lines) == 3 and "2021 annual report page" in doc.lines[0].text
    with pytest.raises(IngestError, match="more than 2 pages"):
        ingest(path, limits=limits(pdf_pages=2))
    with pytest.raises(IngestError, match="a stream of the PDF inflates to more than 0 MB"):
        ingest(path, limits=limits(pdf_content_bytes=2**10))
    with pytest.raises(IngestError, match="streams inflate to more than 0 MB in all"):
        ingest(path, limits=limits(pdf_decoded_bytes=2**10))
    with pytest.raises(IngestError, match="took more than 0 s"):
        ingest(path, limits=limits(pdf_seconds=0))


def test_a_crowded_pdf_page_is_left_out_with_a_note(tmp_path):
    path = write(tmp_path, "r.pdf", pdf(contents=PAGE_TEXT, count=1))
    with pytest.raises(IngestError, match="page.s. 1 carry more than 5 characters each and were left out"):
        ingest(path, limits=limits(pdf_page_chars=5))


def test_a_pdf_page_of_too_many_lines_keeps_its_text_and_says_what_was_left_out(tmp_path):
    """Lines and shapes beyond the limit are not kept (300,000 tiny lines took the table finder ten
    minutes); the page's text is read, and a note says its tables may be incomplete."""
    path = write(tmp_path, "r.pdf", pdf(contents=PAGE_TEXT + b"0 0 m 1 1 l S\n" * 50))
    doc = ingest(path, limits=limits(pdf_page_paths=10))
    assert "2021 annual report page" in doc.lines[0].text
    assert any("第1页的线条和图形超过10个上限" in note for note in doc.notes)
    assert not ingest(path).notes        # within the usual limit: nothing left out


def test_html_limits(tmp_path):
    path = write(tmp_path, "r.html", html())
    assert ingest(path).lines
    with pytest.raises(IngestError, match="more than the limit of 50"):
        ingest(path, limits=limits(html_elements=50))
    with pytest.raises(IngestError, match="spans more than 20 cells"):
        ingest(path, limits=limits(html_table_cells=20))


def test_a_rowspan_ends_at_the_last_row(tmp_path):
    table = '<table><tr><td rowspan="100">规章</td><td>1</td></tr><tr><td>2</td></tr></table>'
    page = f"<html><body><p>张巷镇2021年政府信息公开工作年度报告</p>{table}</body></html>"
    path = write(tmp_path, "r.html", page.encode("utf-8"))
    rows = [line.cells for line in ingest(path, limits=limits(html_table_cells=4)).lines if line.where.startswith("表")]
    assert rows[-2:] == [("规章", "1"), ("", "2")]


def test_a_long_line_is_cut_with_a_note_and_the_rest_is_read(tmp_path):
    text = BASE.replace("二、主动公开政府信息情况", "望远镇" * 1000 + "\n二、主动公开政府信息情况", 1)
    path = write(tmp_path, "r.txt", text.encode("utf-8"))
    doc = ingest(path, limits=limits(line_chars=500))
    long = next(line for line in doc.lines if line.text.startswith("望远镇"))
    assert len(long.text) == 500 and doc.notes == (f"第{long.number}行长达3000字，超过500字上限，只读入前500字",)
    ex = extract(doc)
    assert any(o.rule == "source.unreadable" for o in ex.observations)
    assert next(c for c in ex.cells if (c.table, c.row, c.col) == ("proactive", "administrative_licensing",
                                                                    "decisions")).value == 1
