"""Digits run together across cells: '规章000', '(一)予以公开1000001', '行政许可1 0 3'.

Text copied out of a PDF or a web page often loses the borders between cells. A row whose
values ran together is read only where there is exactly one way to read it: every way of cutting
the digits into numbers (a printed number has no leading zero, so '000' can only be 0, 0, 0) and of
placing them into the row's cells (a blank cell leaves no digit behind, so it may have vanished
anywhere in the run) is tried, the row's identities (where the table states one) drop the readings
they contradict, and the row is published only when one reading is left and it needs no vanished
blank. Otherwise the row stays null and extraction records ``table.glued_digits``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from .tokens import Token

VANISHED = "vanished"   # a cell the reading leaves without digits
LIMIT = 20000           # readings explored before giving up: ambiguous, null and a finding


def cuts(digits: str) -> list[tuple[int, ...]]:
    """Every way to read a glued digit string as numbers; spaces, where printed, are borders.

    >>> cuts('000'), cuts('103'), cuts('1 0 3'), cuts('3 0.5')
    ([(0, 0, 0)], [(103,), (10, 3), (1, 0, 3)], [(1, 0, 3)], [(3, 0.5)])
    """
    out: list[tuple[int, ...]] = [()]
    for group in digits.split():
        out = [head + tail for head in out for tail in _cuts(group)]
    return out


def _cuts(group: str) -> list[tuple]:
    """'0207.79' -> 0, 207.79 (or 0, 2, 07.79: no): a decimal part belongs to the last number."""
    if "." in group:
        head, _, frac = group.partition(".")
        if not head or not frac.isdigit():
            return []
        return [cut[:-1] + (float(f"{cut[-1]}.{frac}"),) for cut in _int_cuts(head)]
    return _int_cuts(group)


def _int_cuts(group: str) -> list[tuple[int, ...]]:
    if not group:
        return [()]
    if group[0] == "0":  # a zero stands alone
        return [(0,) + rest for rest in _int_cuts(group[1:])]
    out = []
    for i in range(len(group), 0, -1):
        out += [(int(group[:i]),) + rest for rest in _int_cuts(group[i:])]
    return out


def capacity(tokens: Sequence[Token]) -> int:
    """The most cells the tokens can stand for (a glued token: one per digit)."""
    return sum(sum(ch.isdigit() for ch in t.text) if t.kind == "glued" else 1 for t in tokens)


class Ambiguous(Exception):
    pass


def readings(tokens: Sequence[Token], n: int,
             check: Callable[[list], bool] | None = None) -> set[tuple]:
    """Every reading of ``tokens`` as ``n`` cells that ``check`` accepts. A reading is a tuple of
    (value, index of the token it comes from); value is a number, None for a printed blank and
    VANISHED for a blank that left no mark (``check`` sees both blanks as None). Raises Ambiguous
    past LIMIT readings."""
    options: list[list[tuple]] = []
    for k, tok in enumerate(tokens):
        if tok.kind == "glued":
            options.append([tuple((v, k) for v in cut) for cut in cuts(tok.text)])
        else:
            options.append([((tok.value if tok.kind == "num" else None, k),)])
    least = [0] * (len(tokens) + 1)  # fewest cells the tokens from i on need
    for i in range(len(tokens) - 1, -1, -1):
        least[i] = least[i + 1] + min(len(o) for o in options[i])
    out: set[tuple] = set()
    explored = 0

    def place(i: int, acc: tuple) -> None:
        nonlocal explored
        explored += 1
        if explored > LIMIT:
            raise Ambiguous
        if i == len(tokens):
            if len(acc) == n and (check is None or check([None if v == VANISHED else v for v, _ in acc])):
                out.add(acc)
            return
        room = n - len(acc) - least[i + 1]
        for cells in options[i]:
            if len(cells) > room:
                continue
            if tokens[i].kind != "glued":
                place(i + 1, acc + cells)
                continue
            for width in range(len(cells), room + 1):  # blanks that vanished inside the run
                for spots in combinations(range(width), len(cells)):
                    row = [(VANISHED, i)] * width
                    for spot, cell in zip(spots, cells):
                        row[spot] = cell
                    place(i + 1, acc + tuple(row))

    place(0, ())
    return out


def resolve(tokens: Sequence[Token], n: int, check: Callable[[list], bool] | None = None
            ) -> list[tuple[int | float | None, Token]] | None:
    """The one reading of the tokens as ``n`` cells, as (value, token) per cell; None unless the
    reading is unique and every cell in it is printed (number or printed blank).

    >>> t = lambda kind, text: Token(kind, text, 1, 0)
    >>> [v for v, _ in resolve([t('glued', '000')], 3)]
    [0, 0, 0]
    >>> resolve([t('glued', '103')], 3) is None      # 1,0,3 or 10,3 or 103 with blanks
    True
    >>> row_sum = lambda v: (v[-1] or 0) == sum(x or 0 for x in v[:-1])
    >>> [v for v, _ in resolve([t('glued', '1000001')], 7, row_sum)]
    [1, 0, 0, 0, 0, 0, 1]
    """
    try:
        found = readings(tokens, n, check)
    except Ambiguous:
        return None
    if len(found) != 1:
        return None
    (reading,) = found
    if any(v == VANISHED for v, _ in reading):
        return None
    return [(v, tokens[k]) for v, k in reading]
