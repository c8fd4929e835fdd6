"""What the site reads: the data package the tables stage wrote, and the original files.

Nothing here looks at extractions or re-runs extraction: the site shows exactly the rows of the
published tables (read from their Parquet copies, which keep null apart from 0 and types exact),
so what a reader sees on a page is what a script gets from the downloads.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from ..catalogue import TABLE_BY_NAME


class DataError(Exception):
    """The data package is absent or unreadable: run `nianbao build` first."""


@dataclass
class Dataset:
    root: Path                                  # folder of datapackage.json
    descriptor: dict
    tables: dict[str, list[dict]]               # resource name -> rows
    corpus: Path | None = None                  # folder the originals are in
    _by_report: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for name, rows in self.tables.items():
            by = defaultdict(list)
            for row in rows:
                by[row.get("report_id")].append(row)
            self._by_report[name] = by

    @property
    def reports(self) -> list[dict]:
        return self.tables.get("reports", [])

    def rows(self, name: str, report_id: str) -> list[dict]:
        """The rows of table ``name`` about one report, in the table's order."""
        return self._by_report.get(name, {}).get(report_id, [])

    def cells(self, table: str, report_id: str) -> dict[tuple[str, str], dict]:
        """(row key, column key) -> the published cell row, for one report and one table."""
        t = TABLE_BY_NAME[table]
        return {(r[t.row_dim], r[t.col_dim]): r for r in self.rows(table, report_id)}

    def summary(self, report_id: str) -> dict:
        rows = self.rows("summary", report_id)
        return rows[0] if rows else {}

    def original(self, report: dict) -> Path | None:
        """The original file of a report, if it is where the package says."""
        if self.corpus is None or not report.get("source_file"):
            return None
        path = (self.corpus / report["source_file"]).resolve()
        if self.corpus.resolve() not in path.parents or not path.is_file():
            return None
        return path

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    def resource_paths(self) -> list[tuple[dict, Path]]:
        """Every resource of the descriptor with its file."""
        return [(r, self.root / r["path"]) for r in self.descriptor.get("resources", []) if "path" in r]


def load(root: Path) -> Dataset:
    """Read ``root/datapackage.json`` and every table it lists (the Parquet copies)."""
    path = root / "datapackage.json"
    if not path.is_file():
        raise DataError(f"no data package at {path}: run `nianbao build` first")
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    tables = {}
    for res in descriptor.get("resources", []):
        if res.get("format") != "parquet":
            continue
        name = res["name"].removesuffix("-parquet")
        try:
            rows = pq.read_table(root / res["path"]).to_pylist()
        except (OSError, ValueError) as e:
            raise DataError(f"cannot read {res['path']}: {e}") from e
        tables[name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    corpus_rel = (descriptor.get("nianbao") or {}).get("corpus")
    corpus = (root / corpus_rel).resolve() if corpus_rel else None
    return Dataset(root=root.resolve(), descriptor=descriptor, tables=tables, corpus=corpus)


def _plain(v):
    """Dates as ISO text, as the CSV tables write them."""
    return v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v
