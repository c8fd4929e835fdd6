"""Sections: where tables 二, 三 and 四 stand in the report.

Headings are the first evidence; when a heading is lost (a missing page, a copy that drops it)
the table is still found by what it contains, and extraction notes the missing heading.
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
# Table content that stands in for a lost heading.
CONTENT = {
    "二": re.compile(r"第二十条第"),
    "三": re.compile(r"勾稽关系|申请人情况|本年新收"),
}


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
            i = _first(lines, CONTENT[name], start)
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
        if pattern.search(compact(lines[i].text)):
            return i
    return None
