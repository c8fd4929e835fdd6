"""The extraction: what one report file says, the artifact between the reports and the tables.

It holds only what the file says — metadata as the text gives it (each value with its line and
the kind of phrase it came from), the areas the text names, every cell of the standard tables with
its status and line, the prose's figures, and what extraction noticed. What other sources add (the
manifest's values, the place resolved against the gazetteer, a maintainer's corrections) is laid
over it later, in ``nianbao.describe``, so changing any of those never needs re-extraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 2
TABLE_ORDER = ("proactive", "applications", "review_litigation")

# What the text says about who, where, when: read by extract/metadata.
TEXT_FIELDS = (
    "organ", "level", "township", "county", "prefecture", "province",
    "year", "published_on", "phone", "email", "address", "postcode", "website",
)


@dataclass
class Cell:
    """One cell of a standard table. ``value`` is None unless a number is printed or derived."""

    table: str
    row: str
    col: str
    value: int | float | None
    status: str                      # printed | ocr | blank | missing | inferred | prose | corrected
    line: int | None = None          # line of the original file the value stands on
    printed: str | None = None       # the text as printed in that cell (as read, for OCR)
    note: str | None = None          # why: how it was inferred, the reason of a correction
    where: str | None = None         # the place in a PDF/Word/HTML original: "第3页第12行", "表2第5行"
    confidence: float | None = None  # read by OCR: the engine's confidence in the reading, 0-1
    box: list[int] | None = None     # read by OCR: [x0, y0, x1, y1] of the reading on its page (page
                                     # in ``where``), from the top-left corner, in PDF points for a
                                     # PDF page, in pixels for an image file

    def to_dict(self) -> dict:
        d = {"row": self.row, "col": self.col, "value": self.value, "status": self.status}
        for k in ("line", "printed", "note", "where", "confidence", "box"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d


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
    source: str = "text"             # title | announces | compiled_by | signature | period | manifest | …

    def to_dict(self) -> dict:
        return {"value": self.value, "line": self.line, "source": self.source}


@dataclass
class Mention:
    """An area (province, prefecture, county) the text names: evidence for placing the report."""

    name: str
    line: int                        # where it is first named
    count: int


@dataclass
class Fact:
    """A figure or statement found in the prose, e.g. '共收到政府信息公开申请0件'."""

    key: str                         # e.g. applications.new_received.total, claim.no_review_litigation
    value: int | float | None
    line: int
    text: str


@dataclass
class Observation:
    """Something noticed about the source itself; validation publishes it as a finding."""

    rule: str
    table: str | None = None
    row: str | None = None
    col: str | None = None
    line: int | None = None
    detail: str = ""


@dataclass
class Extraction:
    source_file: str
    sha256: str
    format: str
    extractor_version: str
    template: str | None             # 2019 | 2021 by the tables' words; legacy (prose only); None: no
                                     # table in the text and nothing to say it is a prose-only report
    metadata: dict[str, Field] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
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
        """Plain data in the file's key order; a cell's optional fields only where they say something
        (shorter files, quieter diffs, a schema with no conditionals). Written out field by field:
        dataclasses.asdict was most of the time of writing a corpus."""
        grouped: dict[str, list[dict]] = {t: [] for t in TABLE_ORDER}
        for c in self.cells:
            grouped.setdefault(c.table, []).append(c.to_dict())
        d = {"source_file": self.source_file, "sha256": self.sha256, "format": self.format,
             "extractor_version": self.extractor_version, "template": self.template,
             "format_version": self.format_version,
             "metadata": {k: v.to_dict() for k, v in self.metadata.items()},
             "mentions": [{"name": m.name, "line": m.line, "count": m.count} for m in self.mentions],
             "cells": {t: cells for t, cells in grouped.items() if cells},
             "facts": [{"key": f.key, "value": f.value, "line": f.line, "text": f.text} for f in self.facts],
             "observations": [_sparse(o.__dict__) for o in self.observations]}
        if self.local_rows:  # most reports have none: no key
            d["local_rows"] = [_sparse({"table": r.table, "label": r.label, "line": r.line, "parent": r.parent,
                                        "values": [_sparse(dict(v.__dict__)) for v in r.values]})
                               for r in self.local_rows]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Extraction:
        return cls(
            source_file=d["source_file"], sha256=d["sha256"], format=d["format"],
            extractor_version=d["extractor_version"], template=d.get("template"),
            format_version=d.get("format_version", FORMAT_VERSION),
            metadata={k: Field(**v) for k, v in d.get("metadata", {}).items()},
            mentions=[Mention(**m) for m in d.get("mentions", [])],
            cells=_cells(d.get("cells", {})),
            facts=[Fact(**f) for f in d.get("facts", [])],
            observations=[Observation(**o) for o in d.get("observations", [])],
            local_rows=[LocalRow(**{**r, "values": [LocalValue(**v) for v in r.get("values", [])]})
                        for r in d.get("local_rows", [])])


def _cells(tables: dict[str, list[dict]]) -> list[Cell]:
    """The cells of a file's ``cells`` (its dictionaries, given up to them): each dictionary becomes
    its cell's attributes, the optional fields it leaves out read as the class's defaults (None).
    A report has about 180 cells, and ``Cell(table, **c)`` for each was a fifth of the tables stage's
    time per report. The keys are the schema's (checked where the file is not this program's)."""
    out = []
    new = object.__new__
    for table, cells in tables.items():
        for c in cells:
            cell = new(Cell)
            c["table"] = table
            cell.__dict__ = c
            out.append(cell)
    return out


def _sparse(d: dict) -> dict:
    """A record's optional fields only where they say something ('value' always)."""
    return {k: v for k, v in d.items() if v is not None or k == "value"}
