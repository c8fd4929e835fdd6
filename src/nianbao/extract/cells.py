"""Cells from tokens: the helpers the table parsers share."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalogue import Table, cells as template_cells
from ..extraction import Cell
from .glued import resolve
from .tokens import Token


def empty_cells(table: Table, template: str) -> dict[tuple[str, str], Cell]:
    """Every cell of ``table`` a report of ``template`` prints, all missing until read."""
    return {(r, c): Cell(table.name, r, c, None, "missing") for r, c in template_cells(table, template)}


def printed(table: Table, row: str, col: str, tok: Token, value=None) -> Cell:
    """The cell a value token stands for (``value``: a glued token's share of its digits)."""
    kind = tok.kind
    if kind == "num":
        cell = Cell(table.name, row, col, tok.value, "printed", tok.line, tok.text)
    elif kind == "glued":
        note = f"原文数字粘连为“{tok.text}”，按该行应有的格数与勾稽关系只有一种拆分"
        cell = Cell(table.name, row, col, value, "printed", tok.line, tok.text, note)
    else:
        cell = Cell(table.name, row, col, None, "blank", tok.line, tok.text)
    if tok.ocr is not None:   # read from a scan: says so, with how sure and where on the page
        cell.confidence, cell.box = tok.ocr[0], list(tok.ocr[1])
        cell.status = "ocr" if cell.value is not None else cell.status
    return cell


def read_row(values: Sequence[Token], n: int, check=None) -> list[tuple[int | float | None, Token]] | None:
    """A row's value tokens as its ``n`` cells, (value, token) each; glued digits only where
    their split is unique (see glued.py). None when the row cannot be read cell by cell."""
    if not glued(values):
        return [(t.value, t) for t in values] if len(values) == n else None
    return resolve(values, n, check)


def glued(values: Sequence[Token]) -> bool:
    return any(t.kind == "glued" for t in values)


_SHOWN = 40  # characters of one value quoted in a finding


def text_of(values: Sequence[Token]) -> str:
    """The values as printed, for a finding: '0 3 12' (a value of thousands of digits is quoted
    by its start and its length)."""
    return " ".join(t.text if len(t.text) <= _SHOWN else f"{t.text[:_SHOWN]}…({len(t.text)}字)" for t in values)
