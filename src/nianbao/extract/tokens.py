"""Tokens: a report's table area as a stream of label text and value cells, in reading order.

Layouts differ (a row per line with tabs, one cell per line, '|' cells), but in all of them a
table row is some label text followed by its values. Reading the cells as one stream makes the
layouts look alike to the table parsers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..ingest import Line
from ..ingest.limits import LIMITS
from ..normalise import compact

NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
BLANK_MARKS = frozenset({"/", "\\", "-", "--", "—", "——", "－", "无", "/ "})
SPACED = re.compile(r"^\d+(?:\.\d+)?(?: +\d+(?:\.\d+)?)+$")      # '1 0 3': cells run together with spaces
# '规章000', '行政许可 1 0 3': a label with its values run into it
TRAILING = re.compile(r"^(.*[\u3400-\u9fff)\"”])\s*(\d+(?:\.\d+)?(?: +\d+(?:\.\d+)?)*)$")
RULE_CELL = re.compile(r"^:?[-=_]{3,}:?$")                     # a Markdown table's '|---|---|' line
MAX_GLUED_LABEL = 30  # longer text ending in digits is prose, not a row label with its values


@dataclass(frozen=True)
class Token:
    kind: str          # num | blank | text | glued (digits of several cells run together: '000', '1 0 3')
    text: str
    line: int
    cell: int          # index of the cell in its line
    ocr: tuple | None = None   # read by OCR: (confidence, box) of the cell (ingest/ocr.py)

    @property
    def value(self) -> int | float | None:
        return parse_number(self.text) if self.kind == "num" else None


@dataclass(frozen=True)
class Run:
    """Consecutive value cells (numbers or blank marks) and the label text before them."""

    label: str
    values: tuple[Token, ...]
    label_line: int | None
    glued: bool = False  # some of its values ran together (see glued.py)

    @property
    def line(self) -> int:
        return self.values[0].line


@lru_cache(maxsize=1 << 12)  # a table prints the same few numbers over and over
def parse_number(text: str) -> int | float:
    """A printed number as a value.

    >>> parse_number('1,234'), parse_number('12.50'), parse_number('-3'), parse_number('0')
    (1234, 12.5, -3, 0)
    """
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


@lru_cache(maxsize=1 << 14)
def kind_of(cell: str) -> str:
    """num, blank, glued or text.

    A run of more digits than a count or an amount has (``Limits.number_digits``) is not one
    number: digits of several cells run together (glued, read only where the split is unique),
    or, with separators or a sign, text. So no cell is ever too long to parse.

    >>> [kind_of(c) for c in ('12', '0', '/', '000', '1 0 3', '规章')]
    ['num', 'num', 'blank', 'glued', 'glued', 'text']
    >>> kind_of('1' * 16), kind_of('-' + '1' * 16), kind_of('1,234,567,890,123,456')
    ('glued', 'text', 'text')
    """
    first = cell[0]
    if first.isdigit() or first in "+-":
        if NUMBER.match(cell):
            if sum(ch.isdigit() for ch in cell.partition(".")[0]) > LIMITS.number_digits:
                return "glued" if cell.replace(".", "", 1).isdigit() else "text"
            # '000' is three cells run together: a printed number has no leading zero
            return "glued" if first == "0" and len(cell) > 1 and cell[1].isdigit() else "num"
        if first.isdigit() and " " in cell and SPACED.match(cell):
            return "glued"
    if cell in BLANK_MARKS:
        return "blank"
    return "text"


def tokenize(lines: list[Line], blank_row=None) -> list[Token]:
    """Non-empty cells as tokens. A number followed by text on the same line belongs to the label
    (row numbers, OCR debris like '71'): values stand at the end of a row. A row label with its
    digits run into it and no value cells after it ('规章000') gives a label and a glued token; a
    label cell ending in a number before the row's other values ('规章0 | 0 | 0', as a PDF's text
    layer glues the first value to its label) gives the label and that value. ``blank_row(label)``
    (the table's width for a label naming one of its rows, else 0): a row printed with its label and
    exactly that many empty cells gives those cells as blank tokens: printed empty, not absent."""
    out: list[Token] = []
    named_above = True       # the row above named its row (else this line may be its label's end)
    for line in lines:
        cells = [(i, c) for i, c in enumerate(line.cells) if c]
        label = " ".join(c for _, c in cells if kind_of(c) == "text")
        width = blank_row(label) if blank_row and cells and len(line.cells) > 2 else 0
        blank = width and named_above and _printed_empty(line, cells, width)
        if blank_row and cells:
            named_above = bool(blank_row(label)) or all(kind_of(c) == "text" for _, c in cells)
        if blank:
            out += [Token("text", c, line.number, i) for i, c in cells]
            out += [Token("blank", "", line.number, cells[-1][0] + 1 + k) for k in range(width)]
            continue
        if not cells:
            continue
        kinds = [kind_of(c) for _, c in cells]
        last_text = len(kinds) - 1
        while last_text >= 0 and kinds[last_text] != "text":
            last_text -= 1
        number = line.number
        read = line.ocr or (None,) * len(line.cells)
        if last_text == len(kinds) - 1 and cells[-1][1][-1].isdigit():
            glued = _split_trailing(cells[-1][1])
            if glued is not None:
                for k, ((i, c), kind) in enumerate(zip(cells[:-1], kinds)):
                    out.append(Token("text", c, number, i))
                out.append(Token("text", glued[0], number, cells[-1][0]))
                out.append(Token("glued", glued[1], number, cells[-1][0], read[cells[-1][0]]))
                continue
        elif last_text == len(kinds) - 1 and cells[0][1][0] in ":-=_" \
                and all(RULE_CELL.match(c) for _, c in cells):
            continue  # '|---|---|' under a Markdown table's header
        for k, ((i, c), kind) in enumerate(zip(cells, kinds)):
            if k == last_text and 0 <= last_text < len(kinds) - 1 and c[-1].isdigit():
                glued = _split_trailing(c)        # 'PDF: the row's first number glued to its label cell'
                if glued is not None and " " not in glued[1]:
                    out.append(Token("text", glued[0], number, i, read[i]))
                    out.append(Token(kind_of(glued[1]), glued[1], number, i, read[i]))
                    continue
            out.append(Token("text" if k < last_text else kind, c, number, i, read[i]))
    return out


def _printed_empty(line: Line, cells: list[tuple[int, str]], width: int) -> bool:
    """Text cells followed by exactly ``width`` empty cells (a closing '|' is no cell)."""
    if any(kind_of(c) != "text" for _, c in cells):
        return False
    after = len(line.cells) - cells[-1][0] - 1
    if line.raw.rstrip().endswith(("|", "｜")):
        after -= 1
    return after == width


def _split_trailing(cell: str) -> tuple[str, str] | None:
    """'规章000' -> ('规章', '000'); None for text that is not a short label followed by digits.

    >>> _split_trailing('行政许可1 0 3'), _split_trailing('截至2020年'), _split_trailing('电话:0598-6551005')
    (('行政许可', '1 0 3'), None, None)
    """
    m = TRAILING.match(cell)
    if m is None or len(compact(m.group(1))) > MAX_GLUED_LABEL:
        return None
    return m.group(1).rstrip(), m.group(2)


def runs(tokens: list[Token]) -> list[Run]:
    """Split the stream into runs of values, each with the label text that precedes it. A row
    printed on one line ends its run at the line's end, so the next row's values start a run of
    their own even when its label cell is empty."""
    out: list[Run] = []
    label: list[Token] = []
    values: list[Token] = []
    glued = False
    for tok in tokens:
        kind = tok.kind
        if kind == "text":
            if values:
                out.append(_run(label, values, glued))
                label, values, glued = [], [], False
            label.append(tok)
        else:
            if values and tok.line != values[-1].line and len(values) > 1 and values[0].line == values[-1].line:
                out.append(_run(label, values, glued))    # a new line of values after a row on one
                label, values, glued = [], [], False      # line: a row whose label cell is empty
            values.append(tok)
            if kind == "glued":
                glued = True
    if values:
        out.append(_run(label, values, glued))
    return out


def _run(label: list[Token], values: list[Token], glued: bool) -> Run:
    return Run(" ".join(t.text for t in label), tuple(values), label[-1].line if label else None, glued)


def bigrams(text: str) -> frozenset[str]:
    text = compact(text)
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set()))


key_bigrams = lru_cache(maxsize=None)(bigrams)  # match keys are few and fixed: compute once


class AnyKey:
    """Whether a label fits some key of many at least ``share``-well (as ``match_score`` would find,
    key by key): the keys' character pairs in an inverted index, so a label costs a lookup per pair
    of its own instead of a comparison with every key."""

    def __init__(self, keys: Sequence[str], share: float):
        self.need = [len(key_bigrams(k)) * share for k in keys]
        self.keys_of: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            for pair in key_bigrams(k):
                self.keys_of.setdefault(pair, []).append(i)

    def __call__(self, label: str | frozenset) -> bool:
        have = bigrams(label) if isinstance(label, str) else label
        hits = [0] * len(self.need)
        for pair in have:
            for i in self.keys_of.get(pair, ()):
                hits[i] += 1
        return any(h and h >= need for h, need in zip(hits, self.need))


def match_score(label: str | frozenset, keys: tuple[str, ...]) -> float:
    """How well a printed label fits an item: the best share of a key's character pairs found in it.
    ``label`` may be given as its bigrams already, to score one label against many items.

    >>> match_score('一、才 卜年新收 政府信息公开申请数量', ('本年新收',))
    0.6666666666666666
    """
    have = bigrams(label) if isinstance(label, str) else label
    return max((len(key_bigrams(k) & have) / len(key_bigrams(k)) for k in keys), default=0.0)
