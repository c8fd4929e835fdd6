"""Figures and statements in the prose: what a report says in words about its own numbers.

For a prose-only (legacy) report these are its only figures; for a templated report they are
checked against the tables (a report that says "no lawsuits" above a table of twelve is a finding).
"""

from __future__ import annotations

import re

from ..extraction import Fact
from ..ingest import Line

_STOP = r"[^。;；,，:：]"
FIGURES = (
    ("applications.new_received.total",
     re.compile(rf"(?:收到|受理){_STOP}{{0,14}}?申请{_STOP}{{0,4}}?(\d+)\s*(?:件|个|条)")),
    ("applications.carried_over.total", re.compile(rf"上年结转{_STOP}{{0,8}}?(\d+)\s*件")),
)
CLAIMS = (
    ("claim.no_applications", re.compile(r"(?:未|没有|尚未)(?:收到|受理)[^。;；]{0,12}?申请")),
    ("claim.no_review_litigation",
     re.compile(r"(?:未|没有|尚未)(?:发生|收到|出现|有)[^。;；]{0,16}?(?:行政复议|行政诉讼)")),
)

_WORDS = ("申请", "复议", "诉讼")  # every pattern needs one of them: a cheap filter before the regexes


def facts(lines: list[Line]) -> list[Fact]:
    """Every figure and claim in the prose, with its line. Table cells are not prose."""
    out: list[Fact] = []
    for line in lines:
        if not any(word in line.text for word in _WORDS) or sum(1 for c in line.cells if c) > 1:
            continue
        for key, pattern in FIGURES:
            m = pattern.search(line.text)
            if m:
                out.append(Fact(key, int(m.group(1)), line.number, _excerpt(line.text, m)))
        for key, pattern in CLAIMS:
            m = pattern.search(line.text)
            if m:
                out.append(Fact(key, None, line.number, _excerpt(line.text, m)))
    return out


def _excerpt(text: str, m: re.Match) -> str:
    """The sentence the match stands in."""
    start = max(text.rfind(p, 0, m.start()) for p in "。;；") + 1
    ends = [e for e in (text.find(p, m.end()) for p in "。;；") if e >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()
