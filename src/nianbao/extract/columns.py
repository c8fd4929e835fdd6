"""The order of table 三's applicant columns: read from the header, checked by the numbers.

Nearly every report prints 自然人, the five 法人或其他组织 columns, then 总计; some print 总计
first. The header says which where it is legible; in every row the total is the sum of the six
other columns, so the numbers can confirm or contradict it. Values are never mapped in an order
the numbers speak against.
"""

from __future__ import annotations

from ..catalogue import APPLICATIONS
from .words import APPLICANT_HEADING
from ..ingest import Line
from ..normalise import compact

APPLICANT_KEYS = [c.key for c in APPLICATIONS.cols]
STANDARD_ORDER = tuple(APPLICANT_KEYS)
TOTAL_FIRST = ("total", *APPLICANT_KEYS[:-1])
EITHER = "either"  # the header reads as either order (see header_order)


def column_order(from_header, full: list[list]) -> tuple[tuple[str, ...] | None, str]:
    """The order the report prints the applicant columns in, and why not when None; ``from_header``
    is what header_order read, ``full`` the rows printed in full as numbers.

    The header decides where it is legible (总计 before 自然人: ``TOTAL_FIRST``); the numbers
    check it. In a row, the total is the sum of the six other columns: a row that adds up in one
    order and not in the other speaks for that order (rows that add up both ways, like all zeros,
    or neither way, a misprint, say nothing). None (nothing is published, a finding says why) when
    the rows speak against the header's order; when the header cannot be read and the rows speak
    for the permuted order; and when the header reads either way and the rows do not decide while
    the two orders would publish different numbers. With no legible header and no rows against
    it, the standard order (that of nearly every report).
    """
    s_only = sum(1 for v in full if _adds_up(STANDARD_ORDER, v) and not _adds_up(TOTAL_FIRST, v))
    t_only = sum(1 for v in full if _adds_up(TOTAL_FIRST, v) and not _adds_up(STANDARD_ORDER, v))
    if from_header in (STANDARD_ORDER, TOTAL_FIRST):
        mine, other = (s_only, t_only) if from_header == STANDARD_ORDER else (t_only, s_only)
        if other <= mine:
            return from_header, ""
        return None, (f"表头的列顺序为{_order_zh(from_header)}，但有{other}行数字只在"
                      f"{_order_zh(TOTAL_FIRST if from_header == STANDARD_ORDER else STANDARD_ORDER)}时成立")
    if from_header == EITHER:
        if s_only != t_only:
            return (STANDARD_ORDER if s_only > t_only else TOTAL_FIRST), ""
        if all(len(set(v)) == 1 for v in full):  # e.g. all zeros: both orders publish the same
            return STANDARD_ORDER, ""
        return None, "表头中“总计”列的位置无法确定(在“自然人”之前或在各列之后)，各行数字也不能确定"
    if t_only <= s_only:
        return STANDARD_ORDER, ""
    return None, f"表头无法辨认，而有{t_only}行数字只在{_order_zh(TOTAL_FIRST)}时成立"


def _order_zh(order) -> str:
    return "“总计”在前" if order[0] == "total" else "“总计”在后"


def _adds_up(order: tuple[str, ...], v: list) -> bool:
    """The row's total column (in ``order``) is the sum of the six others."""
    return 2 * v[0 if order[0] == "total" else -1] == sum(v)


_WORDS = {"natural": "自然人", "total": "总计", "heading": compact(APPLICANT_HEADING)}
_HEADER_CELL = 12  # header cells are short; a longer one is a note or prose


def header_order(header: list[Line]) -> tuple[str, ...] | str | None:
    """Where table 三's header prints 总计: ``STANDARD_ORDER`` (after the six applicant columns),
    ``TOTAL_FIRST`` (before 自然人), ``EITHER`` when the header reads both ways, None when it
    does not print 自然人 and 总计 legibly.

    A row of the header holding both words orders them. Otherwise the reading order does: 自然人
    before 总计 is the standard order; 总计 before 申请人情况 (which stands over the applicant
    columns) is total first; 总计 after 申请人情况 on the same row (merged down over the rows
    below, at the right) is the standard order. In one cell per line, 总计 between 申请人情况
    and 自然人 can be either: the line breaks hide which row it stood on. Words are found in a
    cell, in the pieces of a cell spaces separate ('(本列…) 总计 申请人情况'), across the pieces
    of a row ('自然 人'), or in a column joined over two lines ('自然' / '人').
    """
    rows = []
    for line in header:
        pieces = [((i, k), p) for i, c in enumerate(line.cells) if c
                  for k, p in enumerate(compact(x) for x in c.split()) if p and len(p) <= _HEADER_CELL]
        if pieces:
            rows.append(pieces)
    if not rows:
        return None
    where: dict[str, tuple] = {}   # word -> (row, (cell, piece), place in the piece)
    for name, word in _WORDS.items():
        hits = [(r, at, p.find(word)) for r, pieces in enumerate(rows) for at, p in pieces if word in p]
        if not hits:  # across the pieces of a row
            for r, pieces in enumerate(rows):
                joined, starts = "", []
                for at, p in pieces:
                    starts.append((len(joined), at))
                    joined += p
                k = joined.find(word)
                if k >= 0:
                    hits.append((r, max(st for st in starts if st[0] <= k)[1], 0))
        if not hits:  # over two lines, column by column (one cell per line: line by line)
            for r in range(len(rows) - 1):
                below = {at[0]: p for at, p in rows[r + 1]}
                if len(rows[r]) == len(rows[r + 1]) == 1:
                    below = {rows[r][0][0][0]: rows[r + 1][0][1]}
                hits += [(r, at, (p + below.get(at[0], "")).find(word)) for at, p in rows[r]
                         if word in p + below.get(at[0], "")]
        if len(hits) > 1 and name != "heading":
            return None  # printed twice: not a header we can read
        if hits:
            where[name] = hits[0]
    if "natural" not in where or "total" not in where:
        return None
    natural, total = where["natural"], where["total"]
    if natural[0] == total[0]:
        return STANDARD_ORDER if natural < total else TOTAL_FIRST
    if natural < total:
        return STANDARD_ORDER
    heading = where.get("heading")
    rt = total[0]
    if heading is None or total < heading:
        return TOTAL_FIRST
    grid = len({at[0] for at, _ in rows[rt]}) > 1
    return STANDARD_ORDER if grid and heading[0] == rt else EITHER
