"""The archived original as one compact page: its text, one anchored paragraph per line (#L37).

The line numbers are those of the extraction (``source_line``): the original is read again with
the same ingest readers. The page is plain HTML with its own small stylesheet, without the site's
chrome: it is the largest part of the site (one per report), read by following a number's link,
and it works with nothing else loaded. Line numbers are drawn by CSS counters (not in the text,
so copying the text copies only the report's words); the binary file (PDF, Word) is linked with
its sha256, on the site or in the archive (``config.archive_url``).
"""

from __future__ import annotations

from ..catalogue import TABLES
from ..ingest import IngestError, ingest
from . import layout
from .config import SiteConfig
from .data import Dataset
from .html import attr_value, esc, link, rel, text

STYLE = "assets/nianbao-original.css"
SCRIPT = "assets/nianbao-original.js"   # marks the clicked number, links back to its cell


def original_lines(ds: Dataset, report: dict) -> tuple[list[tuple[int, str, str]] | None, str]:
    """The original as the extraction numbered it: (line number, text, where), or None and why."""
    path = ds.original(report)
    if path is None:
        return None, "原文文件不在语料文件夹中"
    try:
        doc = ingest(path, report.get("source_file"), display=True)   # numbered as read, shown as printed
    except IngestError as e:
        return None, str(e)
    except Exception as e:  # one unreadable original must not stop the site
        return None, f"{type(e).__name__}: {e}"
    return [(line.number, line.raw, line.where) for line in doc.lines], ""


def cited_lines(ds: Dataset, report_id: str) -> set[int]:
    """Lines any published cell of the report stands on."""
    return {int(r["source_line"]) for t in TABLES for r in ds.rows(t.name, report_id)
            if r.get("source_line") is not None}


def original_page(ds: Dataset, report: dict, title: str, config: SiteConfig = SiteConfig()) -> str:
    """The page of a report's original, below its report page."""
    page_dir = ds.dir(report["report_id"])
    lines, problem = original_lines(ds, report)
    file_href = config.original_href(report, page_dir, layout.original_dir(page_dir),
                                     ds.original(report) is not None)
    return render(report, lines, cited_lines(ds, report["report_id"]), page_dir, title, file_href, problem)


def render(report: dict, lines: list[tuple[int, str, str]] | None, cited: set[int], page_dir: str,
           title: str, file_href: str | None, problem: str = "") -> str:
    """The page: ``lines`` (number, text as in the file, where in a non-text original), None if
    the original could not be read (``problem`` says why)."""
    here = layout.original_dir(page_dir)
    download = link(file_href, "下载原文文件") if file_href else "原文文件不在语料文件夹中，无法下载"
    head = (f"<!doctype html><html lang=zh><meta charset=utf-8>"
            f'<meta name=viewport content="width=device-width,initial-scale=1">'
            f"<title>原文：{esc(title)}</title><link rel=icon href=\"data:,\"><link rel=stylesheet href={attr_value(rel(here, STYLE))}>"
            f"<script defer src={attr_value(rel(here, SCRIPT))}></script>"
            f'<header><p><a data-nb-back href={attr_value(rel(here, page_dir))}>← 返回报告页</a>'
            f' · {link(rel(here, ""), "首页")}</p>'
            f"<h1>原文：{esc(title)}</h1>"
            f"<p>原文文件 <code>{esc(report.get('source_file'))}</code>"
            f"（SHA-256 <code>{esc(report.get('sha256'))}</code>）的全文，逐行编号；"
            "行号就是数据中的 <code>source_line</code>，被数据引用的行以粗体行号标出。"
            f"{download}。</p></header>")
    if lines is None:
        return head + f"<p>无法在网页上显示此原文：{esc(problem)}。</p>\n"
    numbered = all(n == i for i, (n, _, _) in enumerate(lines, start=1))
    out, before = [], ""
    for number, line, where in lines:
        attrs = f"id=L{number}" + ("" if numbered else f" data-n={number}")
        mark = f"<i>{text(where)}</i>" if where and where != before else ""
        before = where or before
        out.append(f"<p {attrs}>{mark}{text(line)}")   # no end tag: the next line's <p> ends it
    cls = "nb-lines" if numbered else "nb-lines nb-n"
    marked = f" data-c={attr_value(spans(cited))}" if cited else ""
    return head + f'<div class="{cls}"{marked}>' + "".join(out) + "</div>\n"


def spans(numbers: set[int]) -> str:
    """The cited lines as runs, for the page's script to mark (a class on each line would cost more
    bytes than the line's text on a table printed one cell per line).

    >>> spans({3, 4, 5, 9, 11, 12})
    '3-5,9,11-12'
    """
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
