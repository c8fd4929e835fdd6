"""Doubtful OCR readings: never a wrong number under a government's name.

A value read by OCR (status ``ocr``, or ``inferred`` from a row OCR read one cell short) is
published only when the reading can be trusted. It is
published as null, keeping status ``ocr`` and the reading in ``printed``, with an observation
``ocr.doubtful`` (a finding naming the reading) when

- the engine's confidence in it is below ``ocr.CONFIDENCE``, or
- it stands in an identity of the format (勾稽关系) that fails while the rest of the table's
  identities hold: a misreading breaks the sums it is part of. Where a failing row and a failing
  column cross in one cell, that cell is the doubtful one; where no crossing singles a cell out,
  every OCR'd value of the failing sum is doubtful (which of them is misread cannot be told).

A table whose identities fail more often than they hold is left as read: the report itself does
not add up, and validation publishes its findings as for any report.

Status ``ocr`` with a null value, not ``missing``: the cell is printed and was read, only not
well enough; ``missing`` says the source lacks the cell.
"""

from __future__ import annotations

from collections import Counter

from ..catalogue import IDENTITIES, TABLE_BY_NAME, Identity
from ..extraction import Cell, Extraction, Observation
from ..ingest.ocr import CONFIDENCE

Key = tuple[str, str, str]


def review(ex: Extraction) -> Extraction:
    """Withhold the doubtful OCR readings of ``ex`` (see the module's docstring)."""
    idx = ex.index()
    for cell in ex.cells:
        if _read(cell) and cell.confidence < CONFIDENCE:
            _withhold(ex, cell, f"置信度{cell.confidence:.2f}低于{CONFIDENCE}")
    for table in ("applications", "review_litigation"):
        failing, holding = [], 0
        for identity in IDENTITIES:
            if identity.table != table:
                continue
            for keys in instances(ex, identity):
                left, right = keys
                values = [idx[k].value for k in left + right]
                if any(v is None for v in values):
                    continue
                if sum(values[:len(left)]) == sum(values[len(left):]):
                    holding += 1
                else:
                    failing.append((identity, left + right))
        if not failing or len(failing) > holding:
            continue
        crossings = Counter(k for _, keys in failing for k in keys if _read(idx[k]))
        for identity, keys in failing:
            most = max((crossings[k] for k in keys if k in crossings), default=0)
            for k in keys:
                if k in crossings and crossings[k] == most and idx[k].value is not None:
                    _withhold(ex, idx[k], f"所在的“{identity.zh}”不成立，而表中其余勾稽关系成立")
    return ex


def instances(ex: Extraction, identity: Identity) -> list[tuple[list[Key], list[Key]]]:
    """The cells of each instance of ``identity`` in ``ex`` (one per member of the other
    dimension), left and right, as validation checks them (validate.check_identity)."""
    table = TABLE_BY_NAME[identity.table]
    idx = ex.index()
    along_rows = identity.along == table.row_dim
    members = [c.key for c in table.cols] if along_rows else [r.key for r in table.rows_for(ex.template)]
    out = []
    for m in members:
        def key(k: str) -> Key:
            return (table.name, k, m) if along_rows else (table.name, m, k)
        left = [key(k) for k in identity.left]
        right = [key(k) for k in identity.right if key(k) in idx]   # rows of the other template are absent
        if right and all(k in idx for k in left):
            out.append((left, right))
    return out


def _read(cell: Cell) -> bool:
    """A published value that comes from OCR: read (ocr), or inferred from what OCR read."""
    return cell.value is not None and cell.confidence is not None and cell.status in ("ocr", "inferred")


def _withhold(ex: Extraction, cell: Cell, why: str) -> None:
    reading = cell.printed if cell.printed is not None else str(cell.value)
    note = f"OCR识读为“{reading}”，{why}，未予发布"
    cell.value, cell.status = None, "ocr"   # an inferred value withheld is no longer inferred
    cell.note = f"{cell.note}；{note}" if cell.note else note
    ex.observations.append(Observation("ocr.doubtful", cell.table, cell.row, cell.col, cell.line,
                                       detail=f"“{reading}”(置信度{cell.confidence:.2f}，{cell.where or ''})：{why}"))
