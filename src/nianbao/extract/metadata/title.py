"""The report's title: the short line near the top naming the report, its organ and its year.

A web page puts other things around it, which must not be taken for it: the portal's name above
('北京市西城区人民政府'), a column name ('政府信息公开年报'), a breadcrumb ('当前位置: 首页 >> …'),
a metadata block ('索引号 … 发布机构 …'), links to the attachments ('点击查看WORD版:…报告.docx'),
a field label glued to it ('标题水城区杨梅乡2022年…'). A title may be split over two lines ('XX苏木
人民政府2025年' / '政府信息公开工作年度报告'), or name the organ on a line of its own beside it. Every
line that reads like a title is a candidate; the one that says the most by itself wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ingest import Line
from ...normalise import compact
from ...places.organ import organ_name
from .names import name_year

TOP = 25                 # a title stands among the first lines of the page
MAX_TITLE = 70           # characters (compact): longer is a sentence
TITLE_WORDS = re.compile(r"(?:信息|政务).{0,4}?公开.{0,10}(?:报告|年报)|信息公开工作年度$|^工作年度报告$")   # 信息年度公开报告 too
BREADCRUMB = re.compile(r"当前位置|您的位置|现在的位置|首页\s*(?:>|»|›|/|＞|\|)")
# a title cut before its last words ('东辽县人民政府2012年政府信息公开' / '年度报告'): one only with a year
PARTIAL = re.compile(r"(?:政府|政务)?信息公开(?:工作)?$")
# a title that runs into the first sentence: 'XX2014年政府信息公开工作年度报告(以下简称年报),根据…'
RUNS_ON = re.compile(r"[(（]以下简称.*$")
LABEL = re.compile(r"^(?:文章标题|标题|名称|题目)[:：]?")
LINK = re.compile(r"点击查看|点击下载|附件[:：]|\.(?:docx?|pdf|wps)\b", re.I)
CHROME = re.compile(r"发布时间|发布日期|浏览次数|来源[:：]|索引号|打印|关闭窗口|字号")
# what a link puts before a title ('点击查看PDF版:'): up to the first colon after the first link word
# (atomic: a line of link words and no colon was tried at each of them, 32 KB of them took 2.5 s)
LINK_PREFIX = re.compile(r"^(?>.*?(?:点击查看|点击下载))[^:：]*[:：]")


@dataclass(frozen=True)
class Title:
    line: int                  # the line with the report's words
    name: str | None           # the organ's name as the title (or the line beside it) writes it
    name_line: int | None
    year: int | None
    source: str                # title | attachment (the label of a link to the report's file)

    @property
    def weight(self) -> int:
        return (self.year is not None) + (self.name is not None) + (self.source == "title")


def find_title(lines: list[Line]) -> Title | None:
    """The best title candidate among the first lines, or None when the page has none."""
    top = [l for l in lines[: TOP * 3] if l.text.strip()][:TOP]
    best: Title | None = None
    for k, line in enumerate(top):
        candidate = _candidate(top, k)
        if candidate is not None and (best is None or candidate.weight > best.weight):
            best = candidate
    return best


def _candidate(top: list[Line], k: int) -> Title | None:
    line = top[k]
    raw = RUNS_ON.sub("", line.text[:MAX_TITLE * 4])
    if BREADCRUMB.search(raw) or len(compact(raw)) > MAX_TITLE:
        return None
    source = "attachment" if LINK.search(raw) else "title"
    text = LABEL.sub("", _title_text(raw))
    if source == "title" and (re.search(r"[,，。;；]", text) or CHROME.search(raw)):
        return None  # a sentence or a line of page metadata, not a title
    partial = not TITLE_WORDS.search(compact(text))
    if partial and not PARTIAL.search(compact(text)):
        return None
    name, year = name_year(text)
    if partial and year is None:
        return None
    name_line = line.number if name else None
    for j in (k - 1, k + 1, k - 2):   # a title split over lines, or the organ on a line of its own
        if name is not None:
            break
        if 0 <= j < len(top) and _beside(top[j].text):
            n, y = name_year(top[j].text)
            if n:
                name, name_line = n, top[j].number
                year = year if year is not None or j != k - 1 else y
    return Title(line.number, name, name_line, year, source)


def _beside(text: str) -> bool:
    """A short line that may hold the rest of a title: not a breadcrumb, not another title."""
    c = compact(text)
    return len(c) <= 40 and not BREADCRUMB.search(text) and not TITLE_WORDS.search(c) and not CHROME.search(text)


def _title_text(raw: str) -> str:
    """A title line without link words and file suffixes: '点击查看PDF版:XX报告.pdf' -> 'XX报告'."""
    text = LINK_PREFIX.sub("", raw)
    text = re.sub(r"\.(?:docx?|pdf|wps)\b.*$", "", text, flags=re.I)
    return text.replace("|", " ").strip()


def organ_line(text: str) -> str | None:
    """A line that is an organ's name and nothing else."""
    return organ_name(compact(text)) if len(compact(text)) <= 40 else None
