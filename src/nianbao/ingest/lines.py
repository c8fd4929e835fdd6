"""Lines from what a reader found: one place that turns paragraphs and table rows into ``Line``s.

Every reader (text, HTML, Word, PDF) renders the file as a sequence of paragraphs and table rows
and hands them here, so that normalisation (NFKC, markup removed, simplified script) and the
cell split are the same for every format: a table extracted from a PDF and the same table typed
with tabs give the same cells.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from ..normalise import normalise, to_simplified
from .document import Line

_CELL_SPLIT = re.compile(r"\t|\s\|\s|\|")
_SPACE = re.compile(r"[\t\r\n\f\v]+")


@dataclass(frozen=True)
class Item:
    """A paragraph line (``cells`` None: cells are split from its text, as in plain text) or a
    table row (``cells`` given: the row's cells in grid order, '' where empty or merged)."""

    raw: str
    where: str = ""
    cells: tuple[str, ...] | None = None
    ocr: tuple | None = None     # read by OCR: per cell, (confidence, box) or None (see ocr.py)


def paragraph(text: str, where: str = "", ocr=None) -> Item:
    return Item(text, where, None, None if ocr is None else (ocr,))


def row(cells: list[str] | tuple[str, ...], where: str = "", ocr=None) -> Item:
    """A table row; tabs and line breaks inside a cell become spaces so the row stays one line."""
    clean = tuple(_SPACE.sub(" ", c or "").strip() for c in cells)
    return Item("\t".join(clean), where, clean, None if ocr is None else tuple(ocr))


def split_cells(text: str) -> tuple[str, ...]:
    """'规章 | 0 | 0' -> ('规章', '0', '0'); tabs and '|' separate cells."""
    return tuple(cell.strip() for cell in _CELL_SPLIT.split(text))


def join_wrapped(parts: list[str]) -> str:
    """Join the pieces of a line the page wrapped. Chinese is written without spaces, and a number,
    URL or e-mail address cut at the margin must come back whole, so pieces join with nothing.

    >>> join_wrapped(['本年新收政府信息', '公开申请数量'])
    '本年新收政府信息公开申请数量'
    >>> join_wrapped(['电话：0759-', '7881200'])
    '电话：0759-7881200'
    """
    return "".join(p.strip() for p in parts)


_DISPLAY: ContextVar[bool] = ContextVar("display", default=False)


@contextmanager
def display_only():
    """Within it, ``build`` numbers the lines as always but leaves their text as printed (text =
    raw, no cells): what showing an original needs, without the normalisation and the script
    conversion that are half the cost of reading it (ingest(..., display=True))."""
    token = _DISPLAY.set(True)
    try:
        yield
    finally:
        _DISPLAY.reset(token)


def build(items: list[Item]) -> list[Line]:
    """Number the items 1.. and normalise them; script conversion runs once on the whole text."""
    if _DISPLAY.get():
        return [Line(number=n, raw=item.raw, text=item.raw, cells=(), where=item.where)
                for n, item in enumerate(items, start=1)]
    normalised = []
    for item in items:
        if item.cells is None:
            normalised.append(normalise(item.raw))
        else:
            normalised.append("\t".join(normalise(c).replace("\t", " ").replace("\n", " ")
                                        for c in item.cells))
    normalised = [n.replace("\n", " ") for n in normalised]
    simplified = to_simplified("\n".join(normalised)).split("\n")
    if len(simplified) != len(normalised):  # never lose the line mapping
        simplified = [to_simplified(n) for n in normalised]
    out = []
    for number, (item, text) in enumerate(zip(items, simplified), start=1):
        if item.cells is None:
            cells = split_cells(text)
        else:
            cells = tuple(c.strip() for c in text.split("\t"))
            if len(cells) != len(item.cells):  # conversion must never move a value to another column
                cells = tuple(to_simplified(normalise(c)).strip() for c in item.cells)
            text = "\t".join(cells)
        read = item.ocr if item.ocr is not None and len(item.ocr) == len(cells) else None
        out.append(Line(number=number, raw=item.raw, text=text, cells=cells, where=item.where, ocr=read))
    return out
