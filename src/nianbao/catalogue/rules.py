"""The identities the format states (勾稽关系), as data: the validator checks them, the extractor
uses them to split digits that ran together and to fill a row printed one cell short, and the
synthetic generator makes tables that satisfy them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .tables import APPLICANTS, RESULT_ROWS, REVIEW_LITIGATION, TABLE_BY_NAME


@dataclass(frozen=True)
class Identity:
    """sum(left) == sum(right), for every member of the other dimension.

    ``along`` names the dimension the keys are taken from (``row``: the keys are rows, and the
    identity holds in each column; ``applicant``/``outcome``: the keys are columns, and it holds in
    each row).
    """

    rule: str
    table: str
    along: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    zh: str

    @property
    def along_rows(self) -> bool:
        return self.along == TABLE_BY_NAME[self.table].row_dim

    def cell(self, key: str, member: str) -> tuple[str, str]:
        """The (row, column) of one of the identity's keys for one member of the other dimension."""
        return (key, member) if self.along_rows else (member, key)

    def members(self, template: str | None) -> list[str]:
        table = TABLE_BY_NAME[self.table]
        return [c.key for c in table.cols] if self.along_rows else [r.key for r in table.rows_for(template or "2019")]

    def sides(self, value: Callable[[str, str], float | None], member: str) -> tuple[float, float] | None:
        """The two sums for ``member``, or None when a cell of either side is unknown."""
        left = [value(*self.cell(k, member)) for k in self.left]
        right = [value(*self.cell(k, member)) for k in self.right]
        if any(v is None for v in left + right):
            return None
        return sum(left), sum(right)

    def holds(self, value: Callable[[str, str], float | None], members: Iterable[str]) -> bool:
        """True unless a member's two sums are known and differ."""
        return all(s is None or s[0] == s[1] for s in (self.sides(value, m) for m in members))

    def solve(self, value: Callable[[str, str], float | None], member: str) -> tuple[tuple[str, str], float] | None:
        """The one unknown cell of ``member`` and the value the identity gives it, when exactly one
        cell is unknown; None otherwise."""
        cells = [(k, self.cell(k, member), k in self.left) for k in self.left + self.right]
        unknown = [(cell, left) for _, cell, left in cells if value(*cell) is None]
        if len(unknown) != 1:
            return None
        (cell, on_left), = unknown
        left = sum(value(*c) for k, c, is_left in cells if is_left and c != cell)
        right = sum(value(*c) for k, c, is_left in cells if not is_left and c != cell)
        return cell, (right - left) if on_left else (left - right)


_SIX = tuple(c.key for c in APPLICANTS if c.key != "total")

BALANCE = Identity("applications.balance", "applications", "row",
                   ("new_received", "carried_over"), ("total", "carried_forward"),
                   "第一项加第二项之和，等于第三项加第四项之和")
RESULTS_SUM = Identity("applications.results_sum", "applications", "row",
                       ("total",), RESULT_ROWS, "办理结果各项之和等于总计")
ROW_SUM = Identity("applications.row_sum", "applications", "applicant", ("total",), _SIX,
                   "各类申请人之和等于总计")
GROUP_SUM = Identity("review_litigation.group_sum", "review_litigation", "outcome",
                     ("total",), tuple(o.key for o in REVIEW_LITIGATION.cols if o.key != "total"),
                     "各结果之和等于总计")
IDENTITIES = (BALANCE, RESULTS_SUM, ROW_SUM, GROUP_SUM)
