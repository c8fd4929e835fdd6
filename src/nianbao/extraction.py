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
    status: str                      # printed | blank | missing | inferred | corrected
    line: int | None = None          # line of the original file the value stands on
    printed: str | None = None       # the text as printed in that cell
    note: str | None = None          # why: how it was inferred, the reason of a correction


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
    format_version: int = FORMAT_VERSION

    def meta(self, name: str) -> Any:
        f = self.metadata.get(name)
        return f.value if f else None

    def cell(self, table: str, row: str, col: str) -> Cell | None:
        return self.index().get((table, row, col))

    def index(self) -> dict[tuple[str, str, str], Cell]:
        return {(c.table, c.row, c.col): c for c in self.cells}

    def table_cells(self, table: str) -> list[Cell]:
        return [c for c in self.cells if c.table == table]

    # --- the JSON file ---------------------------------------------------------------------

    def to_dict(self) -> dict:
        d = asdict(self)
        d["metadata"] = {k: asdict(v) for k, v in self.metadata.items()}
        # a cell's optional fields only where they say something: shorter files, quieter diffs
        d["cells"] = [{k: v for k, v in c.items() if v is not None or k == "value"} for c in d["cells"]]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Extraction:
        d = dict(d)
        d["metadata"] = {k: Field(**v) for k, v in d.get("metadata", {}).items()}
        d["cells"] = [Cell(**c) for c in d.get("cells", [])]
        d["facts"] = [Fact(**f) for f in d.get("facts", [])]
        d["observations"] = [Observation(**o) for o in d.get("observations", [])]
        return cls(**d)

    def dumps(self) -> str:
        """Stable text: same extraction, same bytes (key order fixed, one cell per line)."""
        return dumps(self.to_dict())


def dumps(d: dict) -> str:
    """Pretty JSON with each cell, fact and observation on one line, so diffs read per number."""
    compact_lists = ("cells", "facts", "observations", "corrections")
    head = {k: v for k, v in d.items() if k not in compact_lists}
    out = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    for key in compact_lists:
        items = d.get(key, [])
        body = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
        out += f',\n "{key}": [\n{body}\n ]' if items else f',\n "{key}": []'
    return out + "\n}\n"


def read(path: Path) -> Extraction:
    return Extraction.from_dict(json.loads(path.read_text(encoding="utf-8")))


def write(extraction: Extraction, folder: Path) -> Path:
    path = folder / f"{extraction.report_id}.json"
    text = extraction.dumps()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
