"""The extraction: what was read from one report, the artifact between the reports and the tables.

An extraction is plain data: metadata fields and table cells, each with where it stands in the
original. It is written as one pretty-printed JSON file per report (``extractions/<id>.json``) so
that a release's changes read as a diff of numbers, and so that an extraction made by hand or by
another extractor builds into the same tables.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
TABLE_ORDER = ("proactive", "applications", "review_litigation")

METADATA_FIELDS = (
    "organ", "township", "county", "prefecture", "province", "division_code",
    "year", "published_on", "phone", "email", "address", "postcode", "website", "source_url",
    "retrieved_on",
)


@dataclass
class Cell:
    """One cell of a standard table. ``value`` is None unless a number is printed or inferred."""

    table: str
    row: str
    col: str
    value: int | float | None
    status: str                      # printed | ocr | blank | missing | inferred | corrected
    line: int | None = None          # line of the original file the value stands on
    printed: str | None = None       # the text as printed in that cell (as read, for OCR)
    note: str | None = None          # why: how it was inferred, the reason of a correction
    where: str | None = None         # the place in a PDF/Word/HTML original: "第3页第12行", "表2第5行"
    confidence: float | None = None  # read by OCR: the engine's confidence in the reading, 0-1
    box: list[int] | None = None     # read by OCR: [x0, y0, x1, y1] of the reading on its page (page
                                     # in ``where``), from the top-left corner, in PDF points for a
                                     # PDF page, in pixels for an image file


@dataclass
class LocalValue:
    """One value of a local row, at its position in the row (1-based)."""

    position: int
    value: int | float | None
    status: str                      # printed | blank
    line: int | None = None
    printed: str | None = None
    col: str | None = None           # the standard column the table's header gives this position
    note: str | None = None
    where: str | None = None


@dataclass
class LocalRow:
    """A row a report adds to a standard table (其他主动公开文件; 行政检查 under 其他对外管理服务事项).
    Published as printed, apart from the standard rows: never under a standard key."""

    table: str
    label: str                       # the row's label as printed (normalised)
    line: int | None                 # the line of the label
    parent: str | None = None        # the standard row it is printed under, where the table shows one
    values: list[LocalValue] = field(default_factory=list)


@dataclass
class Field:
    """A metadata value and where it came from."""

    value: Any
    line: int | None = None
    source: str = "text"             # text | manifest | title | signature | phone | ...


@dataclass
class Fact:
    """A figure or statement found in the prose, e.g. '共收到政府信息公开申请0件'."""

    key: str                         # e.g. applications.new_received.total, claim.no_review_litigation
    value: int | float | None
    line: int
    text: str


@dataclass
class Observation:
    """Something extraction noticed about the source itself; validation publishes it as a finding."""

    rule: str
    table: str | None = None
    row: str | None = None
    col: str | None = None
    line: int | None = None
    detail: str = ""


@dataclass
class Extraction:
    report_id: str
    source_file: str
    sha256: str
    format: str
    extractor_version: str
    template: str
    metadata: dict[str, Field] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)
    local_rows: list[LocalRow] = field(default_factory=list)
    format_version: int = FORMAT_VERSION

    def meta(self, name: str) -> Any:
        f = self.metadata.get(name)
        return f.value if f else None

    def cell(self, table: str, row: str, col: str) -> Cell | None:
        return self.index().get((table, row, col))

    def index(self) -> dict[tuple[str, str, str], Cell]:
        """Cells by (table, row, col); built once per list of cells (validation asks often)."""
        cached = self.__dict__.get("_index")
        if cached is None or cached[0] is not self.cells or cached[1] != len(self.cells):
            cached = (self.cells, len(self.cells), {(c.table, c.row, c.col): c for c in self.cells})
            self.__dict__["_index"] = cached
        return cached[2]

    def table_cells(self, table: str) -> list[Cell]:
        return [c for c in self.cells if c.table == table]

    # --- the JSON file ---------------------------------------------------------------------

    def to_dict(self) -> dict:
        d = asdict(self)
        d["metadata"] = {k: asdict(v) for k, v in self.metadata.items()}
        # cells grouped by table (in catalogue order), a cell's optional fields only where they
        # say something: shorter files, quieter diffs, and a schema with no conditionals
        grouped: dict[str, list[dict]] = {t: [] for t in TABLE_ORDER}
        for c in d["cells"]:
            grouped.setdefault(c["table"], []).append(
                {k: v for k, v in c.items() if k != "table" and (v is not None or k == "value")})
        d["cells"] = {t: cells for t, cells in grouped.items() if cells}
        if d["local_rows"]:  # most reports have none: no key, and extraction files stay as they were
            d["local_rows"] = [_sparse({**r, "values": [_sparse(v) for v in r["values"]]})
                               for r in d["local_rows"]]
        else:
            del d["local_rows"]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Extraction:
        d = dict(d)
        d["metadata"] = {k: Field(**v) for k, v in d.get("metadata", {}).items()}
        d["cells"] = [Cell(table, **c) for table, cells in d.get("cells", {}).items() for c in cells]
        d["facts"] = [Fact(**f) for f in d.get("facts", [])]
        d["observations"] = [Observation(**o) for o in d.get("observations", [])]
        d["local_rows"] = [LocalRow(**{**r, "values": [LocalValue(**v) for v in r.get("values", [])]})
                           for r in d.get("local_rows", [])]
        return cls(**d)

    def dumps(self) -> str:
        """Stable text: same extraction, same bytes (key order fixed, one cell per line)."""
        return dumps(self.to_dict())


def dumps(d: dict) -> str:
    """Pretty JSON, one metadata field, cell, fact or observation a line: diffs read per number."""
    parts = [f' {_line(k)}: {_line(v)}' for k, v in d.items() if not isinstance(v, (dict, list))]
    parts.append(' "metadata": ' + _block([f'  {_line(k)}: {_line(v)}' for k, v in d["metadata"].items()]))
    tables = [f'  {_line(t)}: ' + _block([f"   {_line(c)}" for c in cells], "[]", "  ")
              for t, cells in d["cells"].items()]
    parts.append(' "cells": ' + _block(tables))
    for key in ("facts", "observations", "corrections"):
        parts.append(f' "{key}": ' + _block([f"  {_line(item)}" for item in d.get(key, [])], "[]"))
    if d.get("local_rows"):
        parts.append(' "local_rows": ' + _block([f"  {_line(item)}" for item in d["local_rows"]], "[]"))
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _sparse(d: dict) -> dict:
    """A row's or value's optional fields only where they say something."""
    return {k: v for k, v in d.items() if v is not None or k == "value"}


def _block(lines: list[str], brackets: str = "{}", indent: str = " ") -> str:
    if not lines:
        return brackets
    return brackets[0] + "\n" + ",\n".join(lines) + "\n" + indent + brackets[1]


def _line(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False)


def read(path: Path) -> Extraction:
    return Extraction.from_dict(json.loads(path.read_text(encoding="utf-8")))


def write(extraction: Extraction, folder: Path) -> Path:
    path = folder / f"{extraction.report_id}.json"
    text = extraction.dumps()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
