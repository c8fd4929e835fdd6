"""Figures and statements in the prose: what a report says in words about its own numbers.

The overview (一、总体情况) usually restates table 三 and 四 in a sentence: '共收到政府信息公开申请7件，
上年度结转1件；予以公开3件，无法提供4件，结转下年继续办理1件'. Every such figure is read with its
line: it checks the tables (a report that says "no lawsuits" above a table of twelve is a finding),
and where the text holds no table it is the only source of the numbers.

A figure is read only where its row is certain: '予以公开3件' is the row 予以公开, but '无法提供4件'
spans three rows and '不予公开1件' eight, so they count only with the reason that names one row
('不予公开的1件，属于保护第三方合法权益'); a total that says it includes last year's cases ('共办理
申请5件(含上年结转1件)') is not the year's new applications. Patterns are bounded, and only lines
holding one of the format's words are searched.
"""

from __future__ import annotations

import re

from ..catalogue import APPLICATIONS
from ..extraction import Fact
from ..ingest import Line
from ..normalise import compact
from .tokens import match_score
from .words import APPLICATION_ROWS

_STOP = r"[^。;；,，:：]"
_COUNT = r"[\"“”']?(?:的|为|共|共计)?\s*(?<!\d)(\d{1,6})\s*"
_N = _COUNT + "(?:件|宗)"
_N_ITEMS = _COUNT + "(?:件|宗|条|项|起)"     # applications counted as items: '收到政府信息公开申请1条'
MAX_LINE = 4000      # characters of a line searched: an overview sentence is far shorter
FIGURES = (
    ("applications.new_received.total",
     re.compile(rf"(?:收到|受理|接到|接收|接受|新收){_STOP}{{0,16}}?申请(?:政府信息公开|信息公开|公开)?(?:请求|信件|办理事项|事项|政府信息|信息|件)?"
                rf"(?:共计|合计|总数|数量|共|数)?{_N_ITEMS}")),
    ("applications.new_received.total", re.compile(rf"依申请公开(?:政府信息)?(?:共|共计)?(?:受理|收到){_N_ITEMS}")),
    ("applications.new_received.total",       # the number before the noun: '共收到12件信息依申请公开'
     re.compile(rf"(?:收到|受理){_N_ITEMS}(?:政府)?信息(?:依申请公开|公开申请)")),
    ("applications.carried_over.total", re.compile(rf"上(?:一)?年(?:度)?(?:结转|转结|遗留|未办结){_STOP}{{0,12}}?{_N}")),
    ("applications.granted.total", re.compile(rf"予以公开{_N}")),
    # not '全部或部分公开的73件': granted and partially granted together
    ("applications.partially_granted.total", re.compile(rf"(?<![或和及与、])部分公开{_N}")),
    ("applications.not_processed_repeat.total", re.compile(rf"重复申请{_N}")),
    ("applications.carried_forward.total",
     re.compile(rf"(?:结转|转)(?:至|到)?下(?:一)?年(?:度)?(?:继续)?(?:办理)?{_STOP}{{0,6}}?{_N}")),
    ("applications.carried_forward.total",    # the number first: '另2件申请按规定结转下年度继续办理'
     re.compile(r"(?<!\d)(\d{1,6})\s*件(?:申请)?(?:按规定)?(?:结转|转)(?:至|到)?下(?:一)?年")),
    ("review_litigation.administrative_review.total", re.compile(rf"行政复议(?:案件|申请)?{_N}")),
    ("review_litigation.litigation.total", re.compile(rf"行政诉讼(?:案件)?{_N}")),
)
# A result group's figure, placed only with the reason that names one of its rows.
GROUPS = {"不予公开": "(三)不予公开", "无法提供": "(四)无法提供", "不予处理": "(五)不予处理"}
# the reason first: '因属于行政执法案卷信息不予公开1件'
REASON_FIRST = re.compile(rf"因(?:属于|系|为)?({_STOP}{{2,30}}?)(不予公开|无法提供|不予处理){_N}")
GROUP_FIGURE = re.compile(rf"(不予公开|无法提供|不予处理){_N}[,，]?{_STOP}{{0,4}}?(?:均|皆)?(?:属于|因|系|为)({_STOP}{{2,30}})")
INCLUDES = re.compile(r"含上年|包括上年|含结转")
CLAIMS = (
    # not '未收到行政许可申请', '未收到因依申请公开答复而引起的行政复议'
    ("claim.no_applications", re.compile(r"(?:未|没有|尚未)(?:收到|受理)(?:(?!许可|复议|诉讼|因)[^。;；]){0,12}?申请")),
    ("claim.no_review_litigation",
     re.compile(r"(?:未|没有|尚未)(?:发生|收到|出现|有)[^。;；]{0,16}?(?:行政复议|行政诉讼)")),
)

_WORDS = ("申请", "复议", "诉讼", "公开", "结转")  # a line needs one of them: a cheap filter


def facts(lines: list[Line]) -> list[Fact]:
    """Every figure and claim in the prose, with its line. Table cells are not prose. A figure the
    text gives twice with different values ('政府予以公开2件；部门予以公开1件') is not certain of any
    row: it is dropped."""
    found = _found(lines)
    values: dict[str, set] = {}
    for f in found:
        values.setdefault(f.key, set()).add(f.value)
    return [f for f in found if f.value is None or len(values[f.key]) == 1]


def _found(lines: list[Line]) -> list[Fact]:
    out: list[Fact] = []
    for line in lines:
        text = line.text[:MAX_LINE]
        if not any(word in text for word in _WORDS) or sum(1 for c in line.cells if c) > 1:
            continue
        for key, pattern in FIGURES:
            for m in pattern.finditer(text):
                if not (key.endswith("new_received.total") and INCLUDES.search(_clause(text, m))):
                    out.append(Fact(key, int(m.group(1)), line.number, _excerpt(text, m)))
        for m in GROUP_FIGURE.finditer(text):
            row = _reason_row(GROUPS[m.group(1)], m.group(3))
            if row:
                out.append(Fact(f"applications.{row}.total", int(m.group(2)), line.number, _excerpt(text, m)))
        for m in REASON_FIRST.finditer(text):
            row = _reason_row(GROUPS[m.group(2)], m.group(1))
            if row:
                out.append(Fact(f"applications.{row}.total", int(m.group(3)), line.number, _excerpt(text, m)))
        for key, pattern in CLAIMS:
            m = pattern.search(text)
            if m:
                out.append(Fact(key, None, line.number, _excerpt(text, m)))
    return out


def _reason_row(group: str, reason: str) -> str | None:
    """The one row of ``group`` the reason names ('保护第三方合法权益' -> denied_third_party), else None."""
    c = compact(reason)
    rows = [r.key for r in APPLICATIONS.rows if r.group == group
            and (any(w in c for w in APPLICATION_ROWS[r.key] if len(w) > 2) or match_score(c, APPLICATION_ROWS[r.key]) >= 0.75)]
    return rows[0] if len(rows) == 1 else None


def _clause(text: str, m: re.Match) -> str:
    """The clause around a match, to its commas."""
    start = max(text.rfind(p, 0, m.start()) for p in "。;；,，") + 1
    ends = [e for e in (text.find(p, m.end()) for p in "。;；,，") if e >= 0]
    return text[start:min(ends) if ends else len(text)]


def _excerpt(text: str, m: re.Match) -> str:
    """The sentence the match stands in."""
    start = max(text.rfind(p, 0, m.start()) for p in "。;；") + 1
    ends = [e for e in (text.find(p, m.end()) for p in "。;；") if e >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()[:300]
