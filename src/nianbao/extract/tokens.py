"""Tokens: a report's table area as a stream of label text and value cells, in reading order.

Layouts differ (a row per line with tabs, one cell per line, '|' cells), but in all of them a
table row is some label text followed by its values. Reading the cells as one stream makes the
layouts look alike to the table parsers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..ingest import Line
from ..normalise import compact

NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
BLANK_MARKS = frozenset({"/", "\\", "-", "--", "—", "——", "－", "无", "/ "})


@dataclass(frozen=True)
class Token:
    kind: str          # num | blank | text
    text: str
    line: int
    cell: int          # index of the cell in its line

    @property
    def value(self) -> int | float | None:
        return parse_number(self.text) if self.kind == "num" else None


@dataclass(frozen=True)
class Run:
    """Consecutive value cells (numbers or blank marks) and the label text before them."""

    label: str
    values: tuple[Token, ...]
    label_line: int | None

    @property
    def line(self) -> int:
        return self.values[0].line


def parse_number(text: str) -> int | float:
    """A printed number as a value.

    >>> parse_number('1,234'), parse_number('12.50'), parse_number('-3'), parse_number('0')
    (1234, 12.5, -3, 0)
    """
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


def kind_of(cell: str) -> str:
    first = cell[0]
    if (first.isdigit() or first in "+-") and NUMBER.match(cell):
        return "num"
    if cell in BLANK_MARKS:
        return "blank"
    return "text"


def tokenize(lines: list[Line]) -> list[Token]:
    """Non-empty cells as tokens. A number followed by text on the same line belongs to the label
    (row numbers, OCR debris like '71'): values stand at the end of a row."""
    out: list[Token] = []
    for line in lines:
        cells = [(i, c) for i, c in enumerate(line.cells) if c]
        if not cells:
            continue
        kinds = [kind_of(c) for _, c in cells]
        last_text = len(kinds) - 1
        while last_text >= 0 and kinds[last_text] != "text":
            last_text -= 1
        number = line.number
        for k, ((i, c), kind) in enumerate(zip(cells, kinds)):
            out.append(Token("text" if k < last_text else kind, c, number, i))
    return out


def runs(tokens: list[Token]) -> list[Run]:
    """Split the stream into runs of values, each with the label text that precedes it."""
    out: list[Run] = []
    label: list[Token] = []
    values: list[Token] = []
    for tok in tokens:
        if tok.kind == "text":
            if values:
                out.append(_run(label, values))
                label, values = [], []
            label.append(tok)
        else:
            values.append(tok)
    if values:
        out.append(_run(label, values))
    return out


def _run(label: list[Token], values: list[Token]) -> Run:
    return Run(" ".join(t.text for t in label), tuple(values), label[-1].line if label else None)


def bigrams(text: str) -> frozenset[str]:
    text = compact(text)
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set()))


key_bigrams = lru_cache(maxsize=None)(bigrams)  # match keys are few and fixed: compute once


def match_score(label: str | frozenset, keys: tuple[str, ...]) -> float:
    """How well a printed label fits an item: the best share of a key's character pairs found in it.
    ``label`` may be given as its bigrams already, to score one label against many items.

    >>> match_score('一、才 卜年新收 政府信息公开申请数量', ('本年新收',))
    0.6666666666666666
    """
    have = bigrams(label) if isinstance(label, str) else label
    return max((len(key_bigrams(k) & have) / len(key_bigrams(k)) for k in keys), default=0.0)
