"""Render the sample text reports into the formats reports are published in: DOCX, HTML, PDF.

The text samples keep each table as rows of tab-separated cells (or one cell per line, rows
between blank lines). Here they become real tables: Word tables built with python-docx, HTML
``<table>`` markup, and PDF printed from the Word file by LibreOffice, as a county office would.
Group labels that a text copy leaves standing above empty cells (``三、本年度办理结果`` over the
rows it heads, ``申请人情况`` over its columns) become merged cells (rowspan/colspan), as in the
originals. Only the tests use this module.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")
_MARKUP = (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"), re.compile(r"^\s{0,3}#{1,6}\s+"),
           re.compile(r"^\s{0,3}[-*+]\s+(?=\S)"), re.compile(r"\*\*|__"), re.compile(r"\[bookmark:[^\]]*\]"))
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")


@dataclass
class Block:
    kind: str                      # "p" or "table"
    text: str = ""
    rows: list[list[str]] | None = None


def plain(line: str) -> str:
    """What a reader sees of a Markdown/HTML line in Word: the words, not the markup."""
    line = _AUTOLINK.sub(r"\1", line)
    for pattern in _MARKUP:
        line = pattern.sub("", line)
    return html.unescape(line)


def parse(text: str) -> list[Block]:
    """Paragraphs and tables of a sample report, in order. A table is a run of lines with tabs;
    blank lines inside it are dropped, and a line without tabs between two tab lines continues
    the cell above it (a cell printed on two lines)."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            if lines[i].strip():
                blocks.append(Block("p", plain(lines[i]).strip()))
            i += 1
            continue
        j = i
        while j < len(lines):
            nxt = next((l for l in lines[j:] if l.strip()), "")
            if "\t" in lines[j] or (not lines[j].strip() and "\t" in nxt) or _continues(lines, j):
                j += 1
            else:
                break
        blocks.append(Block("table", rows=_rows(lines[i:j])))
        i = j
    return blocks


def _continues(lines: list[str], j: int) -> bool:
    """A line without tabs that sits directly between tab lines (through other such lines)."""
    if not lines[j].strip() or "\t" not in lines[j - 1] and not _continues(lines, j - 1):
        return False
    k = j
    while k < len(lines) and lines[k].strip() and "\t" not in lines[k]:
        k += 1
    return k < len(lines) and "\t" in lines[k]


def _rows(body: list[str]) -> list[list[str]]:
    tab_lines = [l for l in body if "\t" in l]
    one_cell = all(l.startswith("\t") and l.count("\t") == 1 for l in tab_lines)
    rows: list[list[str]] = []
    if one_cell:  # one cell per line, rows between blank lines (Word saved as text)
        current: list[str] = []
        for line in body + [""]:
            if not line.strip() and "\t" not in line:
                if current:
                    rows.append(current)
                current = []
            elif line.startswith("\t"):
                current.append(plain(line[1:]).strip())
            else:
                current[-1] += "\n" + plain(line).strip()
    else:
        for line in body:
            if "\t" in line:
                rows.append([plain(c).strip() for c in plain(line).split("\t")])
            elif line.strip():
                rows[-1][-1] += "\n" + plain(line).strip()
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def spans(rows: list[list[str]]) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """Merged cells a publisher would have drawn: {(row, col): (rowspan, colspan)} and the covered
    positions. A label spans right over empty cells in a header row (no numbers in it) and down
    over empty cells that stand before the first number of the rows below."""
    def first_number(r: int) -> int:
        return next((c for c, cell in enumerate(rows[r]) if NUMBER.match(cell)), len(rows[r]))

    merged: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        header = first_number(r) == len(row)
        for c, cell in enumerate(row):
            if not cell or (r, c) in covered or NUMBER.match(cell):
                continue
            cs = 1
            while header and c + cs < len(row) and not row[c + cs] and (r, c + cs) not in covered:
                cs += 1
            rs = 1
            while r + rs < len(rows) and c + cs <= first_number(r + rs) and all(
                    not rows[r + rs][k] and (r + rs, k) not in covered for k in range(c, c + cs)):
                rs += 1
            if rs > 1 or cs > 1:
                merged[r, c] = (rs, cs)
                covered |= {(r + i, c + k) for i in range(rs) for k in range(cs)} - {(r, c)}
    return merged, covered


# --- Word -----------------------------------------------------------------------------------

def to_docx(blocks: list[Block], path: Path, *, merge: bool = True, page_header: bool = False,
            borders: bool = True, scanned_page: Path | None = None) -> Path:
    """A Word file: paragraphs, and each table as a Word table with merged cells; ``borders``
    False draws no rules (a PDF of it has tables that only the words' positions reveal);
    ``scanned_page`` (a PNG path to write) adds a last page that is only a picture."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)   # A4, as reports are printed
    section.left_margin = section.right_margin = Mm(20)
    document.styles["Normal"].font.size = Pt(10.5)
    if page_header:  # flip-book exports print 'Page N' at the top of every page
        p = section.header.paragraphs[0]
        p.add_run("Page ")
        p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
                              "</w:fldSimple>"))
    for block in blocks:
        if block.kind == "p":
            document.add_paragraph(block.text)
            continue
        rows = block.rows
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        if borders:
            table.style = "Table Grid"
        merged, covered = spans(rows) if merge else ({}, set())
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) in covered or not text:
                    continue
                cell = table.cell(r, c)
                parts = text.split("\n")
                cell.paragraphs[0].text = parts[0]
                for part in parts[1:]:
                    cell.add_paragraph(part)
        for (r, c), (rs, cs) in merged.items():
            table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
    if scanned_page is not None:
        image_pdf(scanned_page, fmt="PNG")
        document.add_page_break()
        document.add_picture(str(scanned_page), width=Mm(150))
    document.save(path)
    return path


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}_县人民政府门户网站</title>
<style>.nav li{{display:inline}}</style><script>var year = 2019;</script></head>
<body>
<div class="header"><img src="logo.png" alt="县人民政府"><div class="search"><input name="q"></div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/nb/2019">2019年政府信息公开工作年度报告</a></li><li><a href="/hd">互动交流</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a> &gt; 年度报告</div>
<div class="main">
 <div class="article">
  <h1 class="title">{title}</h1>
  <div class="info">发布日期：2021-01-20　来源：本站　浏览次数：<span>123</span></div>
  <div class="TRS_Editor" id="zoom">
{body}
  </div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
 </div>
 <div class="sidebar"><h3>相关链接</h3><ul>
  <li><a href="/a/1">关于2019年度政府信息公开申请情况的说明</a></li>
  <li><a href="/a/2">某镇人民政府2018年政府信息公开工作年度报告</a></li>
  <li><a href="/a/3">政府信息公开指南（电话：0000-1234567）</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：县人民政府办公室　联系电话：0000-7654321</p>
<p>版权所有 © 2021　ICP备12345678号　地址：某县人民路1号</p></div>
</body></html>
"""


def to_html(blocks: list[Block], *, flatten: bool = False, charset: str = "utf-8") -> bytes:
    """A portal article page (navigation, sidebar and footer around the report). ``flatten``
    prints tables as paragraphs of '|'-separated cells, as many copies of reports do."""
    title, body = html_body(blocks, flatten=flatten)
    page = PAGE.format(charset=charset, title=html.escape(title), body=body)
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def html_body(blocks: list[Block], *, flatten: bool = False) -> tuple[str, str]:
    """(title, the article's markup): the report's first paragraph, and the rest as HTML."""
    title = next((b.text for b in blocks if b.kind == "p"), "")
    out = []
    t = 0
    for block in blocks:
        if block.kind == "p":
            if block.text != title:
                out.append(f'<p style="text-indent:2em">{html.escape(block.text)}</p>')
            continue
        t += 1
        if flatten:
            for row in block.rows:
                out.append("<p>" + html.escape(" | ".join(c.replace("\n", "") for c in row) + " |") + "</p>")
            out.append("<p>|||</p>")
            continue
        merged, covered = spans(block.rows)
        out.append('<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>')
        for r, row in enumerate(block.rows):
            tds = []
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                rs, cs = merged.get((r, c), (1, 1))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                inner = "<br/>".join(f"<span>{html.escape(p)}</span>" for p in text.split("\n"))
                tds.append(f'<td{attrs} valign="center"><p align="center">{inner}&nbsp;</p></td>')
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</tbody></table>")
    return title, "\n".join(out)


# --- PDF ------------------------------------------------------------------------------------

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: list[Path], outdir: Path, to: str = "pdf") -> list[Path]:
    """Convert with LibreOffice (one run for all files; a private profile so runs never collide)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", to, "--outdir", str(outdir), *map(str, paths)],
                       check=True, capture_output=True, timeout=600,
                       env={**os.environ, "HOME": profile})
    suffix = "." + to.split(":")[0]
    out = [outdir / (p.stem + suffix) for p in paths]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return out


def image_pdf(path: Path, fmt: str = "PDF") -> Path:
    """A scanned report: one page that is a picture, with no text layer (or that picture as PNG)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for y in range(200, 1500, 60):
        draw.rectangle((150, y, 1090, y + 20), fill="black")
    img.save(path, fmt, resolution=150)
    return path
