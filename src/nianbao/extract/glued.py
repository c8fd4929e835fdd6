"""Digits run together across cells: '规章000', '(一)予以公开1000001', '行政许可1 0 3'.

Text copied out of a PDF or a web page often loses the borders between cells. A row whose
values ran together is read only where there is exactly one way to read it: every way of cutting
the digits into numbers (a printed number has no leading zero, so '000' can only be 0, 0, 0) and of
placing them into the row's cells (a blank cell leaves no digit behind, so it may have vanished
anywhere in the run) is tried, the row's identities (where the table states one) drop the readings
they contradict, and the row is published only when one reading is left and it needs no vanished
blank. Otherwise the row stays null and extraction records ``table.glued_digits``.

The search is bounded before it enumerates anything: the cuts are walked one at a time, never
into more numbers than the row has cells, and every step counts against ``Limits.glued_states``;
a run of digits with more readings than that (a '0' and 23 '1's has millions) is as ambiguous
as one with two, and is left null the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

from ..ingest.limits import LIMITS
from .tokens import Token

VANISHED = "vanished"   # a cell the reading leaves without digits


class Ambiguous(Exception):
    """The search reached its limit (``Limits.glued_states`` steps): too many readings to tell."""


def cuts(digits: str, most: int | None = None, tick: Callable[[], None] = lambda: None) -> list[tuple]:
    """Every way to read a glued digit string as at most ``most`` numbers; spaces, where printed,
    are borders. A number has no leading zero ('000' is 0, 0, 0) and at most
    ``Limits.number_digits`` digits; a decimal part belongs to the last number of its group.

    >>> cuts('000'), cuts('103'), cuts('1 0 3'), cuts('3 0.5')
    ([(0, 0, 0)], [(103,), (10, 3), (1, 0, 3)], [(1, 0, 3)], [(3, 0.5)])
    >>> cuts('103', most=2)
    [(103,), (10, 3)]
    """
    return list(_cuts(digits, len(digits) if most is None else most, tick))


def _cuts(digits: str, most: int, tick: Callable[[], None]) -> Iterator[tuple]:
    """The cuts, one at a time: a depth-first walk that never holds more than one, so the number of
    cuts (2**23 for 24 digits) costs only the steps taken before ``tick`` stops the search."""
    groups = []
    for group in digits.split():
        head, dot, frac = group.partition(".")
        if dot and (not head or not frac.isdigit()):
            return
        groups.append((head, frac))
    widest = LIMITS.number_digits

    def walk(g: int, pos: int, acc: tuple) -> Iterator[tuple]:
        tick()
        if g == len(groups):
            yield acc
            return
        head, frac = groups[g]
        if pos == len(head) or len(acc) >= most:
            return
        ends = [pos + 1] if head[pos] == "0" else range(min(len(head), pos + widest), pos, -1)
        for end in ends:
            if end == len(head):
                value = float(f"{head[pos:end]}.{frac}") if frac else int(head[pos:end])
                yield from walk(g + 1, 0, acc + (value,))
            else:
                yield from walk(g, end, acc + (int(head[pos:end]),))

    yield from walk(0, 0, ())


def capacity(tokens: Sequence[Token]) -> int:
    """The most cells the tokens can stand for (a glued token: one per digit)."""
    return sum(sum(ch.isdigit() for ch in t.text) if t.kind == "glued" else 1 for t in tokens)


def _fewest(tok: Token) -> int:
    """A lower bound of the cells a token stands for: one, or one per group of a glued token's
    digits (each number at most ``Limits.number_digits`` long)."""
    if tok.kind != "glued":
        return 1
    return sum(max(1, -(-len(g.partition(".")[0]) // LIMITS.number_digits)) for g in tok.text.split())


def readings(tokens: Sequence[Token], n: int, check: Callable[[list], bool] | None = None,
             limit: int = LIMITS.glued_states) -> set[tuple]:
    """Every reading of ``tokens`` as ``n`` cells that ``check`` accepts. A reading is a tuple of
    (value, index of the token it comes from); value is a number, None for a printed blank and
    VANISHED for a blank that left no mark (``check`` sees both blanks as None). Raises Ambiguous
    after ``limit`` steps of the search, however many readings it has found by then: the search
    is bounded before anything is enumerated, whatever the length of the digits."""
    least = [0] * (len(tokens) + 1)  # fewest cells the tokens from i on need
    for i in range(len(tokens) - 1, -1, -1):
        least[i] = least[i + 1] + _fewest(tokens[i])
    out: set[tuple] = set()
    steps = 0

    def tick() -> None:
        nonlocal steps
        steps += 1
        if steps > limit:
            raise Ambiguous

    def place(i: int, acc: tuple) -> None:
        tick()
        if i == len(tokens):
            if len(acc) == n and (check is None or check([None if v == VANISHED else v for v, _ in acc])):
                out.add(acc)
            return
        room = n - len(acc) - least[i + 1]
        tok = tokens[i]
        if tok.kind != "glued":
            if room >= 1:
                place(i + 1, acc + ((tok.value if tok.kind == "num" else None, i),))
            return
        if _fewest(tok) > room:
            return
        for cut in _cuts(tok.text, room, tick):
            cells = tuple((v, i) for v in cut)
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
