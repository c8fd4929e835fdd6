"""Sections: where tables 二, 三 and 四 stand in the report.

Headings are the first evidence; when a heading is lost (a missing page, a copy that drops it, an
excerpt that starts at the table) the table is still found by what it contains, and extraction
notes the missing heading. Content is looked for in table cells only, never in prose: a cell is
matched whole ('信息内容', '申请人情况', '一、本年新收政府信息公开申请数量'), so a sentence of the
一、总体情况 that mentions 本年新收 cannot start table 三.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest import Line
from ..normalise import compact

HEADINGS = {
    "二": re.compile(r"^二主动公开政府信息"),
    "三": re.compile(r"^三收到和处理政府信息公开申请"),
    "四": re.compile(r"^四.{0,10}(行政复议|行政诉讼)"),
    "五": re.compile(r"^五.{0,6}(存在的主要问题|主要问题|存在问题)"),
}
# A whole table cell (compared without spaces and punctuation) that stands in for a lost heading:
# table 二's clause rows, header and first category; table 三's note, header and first rows.
CONTENT = {
    "二": re.compile(r"^(?:第二十条第.{1,3}项|信息内容|规章)$"),
    "三": re.compile(r"^(?:本列.{0,4}勾稽关系.*|申请人情况|一?本?年新收政府信息公开申请数量|二?上年结转政府信息公开申请数量)$"),
}
_SUBHEADING = ("(", "（")  # "(二)主动公开政府信息情况" under 一、总体情况 is not section 二


@dataclass(frozen=True)
class Section:
    name: str
    start: int            # index into the document's lines
    end: int              # exclusive
    heading_line: int | None  # line number of its heading, None when the heading is missing


def find_sections(lines: tuple[Line, ...]) -> dict[str, Section]:
    """Locate sections 二, 三, 四 by heading (first occurrence in order), else by content."""
    found: dict[str, tuple[int, bool]] = {}
    start = 0
    for name in ("二", "三", "四", "五"):
        i = _first(lines, HEADINGS[name], start)
        heading = i is not None
        if i is None and name in CONTENT:
            i = _first_cell(lines, CONTENT[name], start)
        if i is not None:
            found[name] = (i, heading)
            start = i + 1
    order = sorted(found.items(), key=lambda kv: kv[1][0])
    out = {}
    for k, (name, (i, heading)) in enumerate(order):
        end = order[k + 1][1][0] if k + 1 < len(order) else len(lines)
        out[name] = Section(name, i, end, lines[i].number if heading else None)
    return out


def _first(lines: tuple[Line, ...], pattern: re.Pattern, start: int) -> int | None:
    for i in range(start, len(lines)):
        if pattern.search(compact(lines[i].text)) and not lines[i].text.lstrip().startswith(_SUBHEADING):
            return i
    return None


def _first_cell(lines: tuple[Line, ...], pattern: re.Pattern, start: int) -> int | None:
    for i in range(start, len(lines)):
        if any(c and pattern.match(compact(c)) for c in lines[i].cells):
            return i
    return None
