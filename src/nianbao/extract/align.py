"""Runs of values matched to table 三's rows, in the order the format prints them."""

from __future__ import annotations

import re
from functools import lru_cache

from ..catalogue import APPLICATIONS
from .words import APPLICATION_ROWS as WORDS
from ..normalise import compact, strip_instructions
from .tokens import Run, bigrams, match_score

_SWALLOWED = 3  # digits after a row's name beyond an enumerator ('4.'): that row's values
_CLEAR = 0.75   # a label sharing this much of a row's name ('6.属于四类过程性信怠') is that row's
_KEY_WEIGHT = 0.6  # a row named only by two characters (其他, 总计) is weak evidence: they turn up in
                   # other rows' labels ("2.其他法律行政法规禁止公开") and in the header
_LEADING_ENUM = re.compile(r"^[一二三四五六七八九十\d|]+")


def align(run_list: list[Run], rows: tuple) -> list[tuple[Run, object]]:
    """Match runs to the template's rows in order (the rows of table 三 never change order).

    Dynamic programming over (runs, rows): a run either takes the next rows' place or is left
    unplaced; rows may be absent (a lost page). Labels decide where they are legible; where OCR
    garbled them, order does. A label that names a row (word for word, or clearly through OCR
    damage) never takes another row's place, so rows printed out of order, or one whose numbers
    were lost into the text, leave their cells null rather than shift numbers into other rows.
    Filling instructions printed in a label ('(区分处理的，只计这一情形，不计其他情形)') are not part
    of it.
    """
    n, m = len(run_list), len(rows)
    labels = [label_bigrams(r.label) for r in run_list]
    keys = tuple(r.key for r in rows)
    barred = [_barred(r.label, keys) for r in run_list]
    if n == m and all(match_score(have, WORDS[row.key]) >= 0.5 and j not in bar
                      for j, (have, row, bar) in enumerate(zip(labels, rows, barred))):
        return list(zip(run_list, rows))  # every row where the template puts it, every label legible
    weight = [_KEY_WEIGHT if max(len(k) for k in WORDS[row.key]) <= 2 else 1.0 for row in rows]
    raw = [[match_score(have, WORDS[row.key]) for row in rows] for have in labels]
    score = [[r * w for r, w in zip(line, weight)] for line in raw]
    for i, bar in enumerate(barred):
        for j in bar:
            score[i][j] = -1.0
        if max(raw[i], default=0) >= _CLEAR:  # a label legible through OCR damage names its row
            for j, r in enumerate(raw[i]):
                if r < 0.5:
                    score[i][j] = -1.0
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    step = [[None] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(m + 1):
            cands = [(best[i - 1][j] - 0.5, "skip_run")]
            if j:
                cands.append((best[i][j - 1], "skip_row"))
                cands.append((best[i - 1][j - 1] + 0.4 + score[i - 1][j - 1], "match"))
            best[i][j], step[i][j] = max(cands, key=lambda c: c[0])
    out: list[tuple[Run, object]] = []
    i, j = n, m
    while i > 0:
        how = step[i][j]
        if how == "match":
            out.append((run_list[i - 1], rows[j - 1]))
            i, j = i - 1, j - 1
        elif how == "skip_row":
            j -= 1
        else:
            out.append((run_list[i - 1], None))
            i -= 1
    return out[::-1]


@lru_cache(maxsize=1 << 14)  # the official labels repeat from report to report
def label_bigrams(label: str) -> frozenset[str]:
    return bigrams(strip_instructions(label))


@lru_cache(maxsize=1 << 14)
def swallowed(label: str, keys: tuple[str, ...]) -> frozenset[int]:
    """Rows a run's label names before numbers that were read as text: their values were lost
    into the label when cells ran together ('3.危及“三安全一稳定” 3 1 0 0 0 0 4 4.保护第三方合法权益'),
    and the run's own values belong to a row after them. A wrapped label's tail after the next
    row's name ('(七)总计 认 或重新出具已获取信息': no numbers) is not such a case.

    >>> keys = tuple(r.key for r in APPLICATIONS.rows_for('2019'))
    >>> sorted(keys[j] for j in swallowed('3.危及“三安全一稳定” 3 1 0 0 0 0 4 4.保护第三方合法权益', keys))
    ['denied_three_safeties']
    >>> swallowed('(七)总计 认 或重新出具已获取信息', keys)
    frozenset()
    """
    c = compact(strip_instructions(label))
    if sum(ch.isdigit() for ch in c) < _SWALLOWED:
        return frozenset()
    out = set()
    for j, key in enumerate(keys):
        ends = [c.find(k) + len(k) for k in WORDS[key] if k in c]
        if ends and sum(ch.isdigit() for ch in c[min(ends):]) >= _SWALLOWED:
            out.add(j)
    return frozenset(out)


@lru_cache(maxsize=1 << 14)
def _barred(label: str, keys: tuple[str, ...]) -> frozenset[int]:
    """Rows a run may not take: those whose numbers its label swallowed, and, when the label
    names a row word for word ('2.申请人逾期未按收费通知要求缴纳费用…'), every row it does not name
    (two rows printed in each other's place keep their own labels' numbers, or none). Two-
    character names (其他, 总计) are too common to bar anything unless they are the whole label
    ('(七)总计'), but they do name their row; the template's group headings ('(六)其他处理' in
    2021) name no row.

    >>> keys = tuple(r.key for r in APPLICATIONS.rows_for('2021'))
    >>> sorted(keys[j] for j in set(range(len(keys))) - _barred('(六)其他处理 1.申请人无正当理由逾期不补正', keys))
    ['other_overdue_correction']
    """
    c = compact(strip_instructions(label))
    for group in {compact(APPLICATIONS.row(k).group) for k in keys} - {""}:
        c = c.replace(group, "|")  # "(六)其他处理" over 2021's three rows names none of them
    bare = _LEADING_ENUM.sub("", c)
    strong, weak = set(), set()
    for j, key in enumerate(keys):
        for k in WORDS[key]:
            if k in c:
                (strong if len(k) > 2 or bare == k else weak).add(j)
    barred = set(swallowed(label, keys))
    if strong:
        barred |= set(range(len(keys))) - strong - weak
    return frozenset(barred)
