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

# A heading is its numeral and a separator ('二、', '二.'), then its topic within a few words, on a
# short line: '二、行政机关主动公开政府信息情况' and '四、因政府信息公开工作被申请行政复议、提起行政诉讼
# 情况' are headings; '二是加大主动公开政府信息力度' is prose, and '四、结转下年度继续办理' a row of table 三.
# (one class for what may come before the numeral: '\s*[#*\s]*' tried every split of a run of spaces
# between its two parts, and 16 KB of spaces took 9 s)
NUMBERED = re.compile(r"^[#*\s]*([二三四五])\s*[、.．,，]")
TOPICS = {
    "二": re.compile(r"^.{0,8}主动公开(?:政府)?信息"),
    "三": re.compile(r"^.{0,8}收到和处理(?:政府)?信息公开申请"),
    "四": re.compile(r"^.{0,24}(?:行政复议|行政诉讼)"),
    "五": re.compile(r"^.{0,8}(?:存在的主要问题|主要问题|存在问题)"),
}
MAX_HEADING = 48          # characters (compact) of a heading line
# A whole table cell (compared without spaces and punctuation) that stands in for a lost heading:
# table 二's clause rows, header and first category; table 三's note, header and row labels (an
# excerpt may start in its middle); table 四's header.
_ROWS_三 = ("本年新收", "上年结转", "本年度办理结果", "予以公开", "部分公开", "属于国家秘密", "禁止公开", "三安全一稳定",
           "保护第三方合法权益", "内部事务", "过程性信息", "执法案卷", "行政查询", "不掌握", "另行制作", "仍不明确",
           "信访举报投诉", "重复申请", "公开出版物", "大量反复申请", "重新出具", "逾期不补正", "缴纳费用",
           "结转下年度继续办理")
CONTENT = {
    "二": re.compile(r"^(?:第二十条第.{1,3}项|信息内容|规章)$"),
    "三": re.compile(r"^(?:本列.{0,4}勾稽关系.*|申请人情况|.{0,8}(?:" + "|".join(_ROWS_三) + r").{0,24})$"),
    "四": re.compile(r"^(?:结果维持|结果纠正|尚未审结|未经复议直接起诉|复议后起诉)$"),
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
        i = _first(lines, name, start)
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


def _first(lines: tuple[Line, ...], name: str, start: int) -> int | None:
    """The first heading of section ``name`` from ``start``."""
    for i in range(start, len(lines)):
        m = NUMBERED.match(lines[i].text)
        if m and m.group(1) == name:
            rest = compact(lines[i].text[m.end():])
            if len(rest) <= MAX_HEADING and TOPICS[name].search(rest):
                return i
    return None


def _first_cell(lines: tuple[Line, ...], pattern: re.Pattern, start: int) -> int | None:
    for i in range(start, len(lines)):
        if any(c and pattern.match(compact(c)) for c in lines[i].cells):
            return i
    return None
