"""What the site reads: the data package the tables stage wrote, and the original files.

Nothing here looks at extractions or re-runs extraction: the site shows exactly the rows of the
published tables (read from their Parquet copies, which keep null apart from 0 and types exact),
so what a reader sees on a page is what a script gets from the downloads.

The three cell tables hold hundreds of rows per report (1.8 million for 10,000 reports): they stay
Arrow tables, with the row numbers of each report, and a report's rows become Python rows only when
its page is made; the small tables (reports, summary, findings, errors) are Python rows.
"""

from __future__ import annotations

import datetime
import json
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..catalogue import TABLE_BY_NAME, TABLES
from . import layout

CELL_TABLES = {t.name for t in TABLES}     # kept as Arrow tables (see above)
numbers_empty = np.array([], dtype=np.int64)


class DataError(Exception):
    """The data package is absent or unreadable: run `nianbao build` first."""


@dataclass
class Dataset:
    root: Path                                  # folder of datapackage.json
    descriptor: dict
    tables: dict[str, list[dict]]               # resource name -> rows (the small tables)
    corpus: Path | None = None                  # folder the originals are in
    arrow: dict[str, pa.Table] = field(default_factory=dict)   # the cell tables, kept as Arrow
    _by_report: dict = field(default_factory=dict, repr=False)
    _row_numbers: dict = field(default_factory=dict, repr=False)
    _recent: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _originals: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for name, rows in self.tables.items():
            by = defaultdict(list)
            for row in rows:
                by[row.get("report_id")].append(row)
            self._by_report[name] = by
        for name, table in self.arrow.items():
            self._row_numbers[name] = _row_numbers(table)
        # One page per township and year: reports sharing a place_year (a copy under another name, a
        # second version with other numbers) are one entry, shown by its primary report.
        self.groups: dict[str, list[dict]] = layout.groups(self.reports)
        self._dirs = layout.page_dirs(self.groups)
        self._report = {r["report_id"]: r for r in self.reports}
        self._corpus_resolved = self.corpus.resolve() if self.corpus else None

    @property
    def reports(self) -> list[dict]:
        """Every report (every file that became a report), as in the reports table."""
        return self.tables.get("reports", [])

    @property
    def entries(self) -> list[dict]:
        """One report per township and year: the primary of each group (what indexes list)."""
        return [rs[0] for rs in self.groups.values()]

    def report(self, report_id: str) -> dict | None:
        return self._report.get(report_id)

    def dir(self, report_id: str) -> str:
        """The site directory of a report's page (its township-year's, or a version under it)."""
        return self._dirs.get(report_id) or layout.township_year_dir(report_id)

    def versions(self, report: dict) -> list[dict]:
        """Every report of the report's township and year, the primary first."""
        return self.groups.get(layout.place_year(report), [report])

    def is_primary(self, report: dict) -> bool:
        return self.versions(report)[0] is report

    @property
    def names(self) -> list[str]:
        """The tables read, in the descriptor's order."""
        return list(self.tables) + [n for n in self.arrow if n not in self.tables]

    def count(self, name: str) -> int:
        """How many rows table ``name`` has."""
        return self.arrow[name].num_rows if name in self.arrow else len(self.tables.get(name, []))

    def rows(self, name: str, report_id: str) -> list[dict]:
        """The rows of table ``name`` about one report, in the table's order (do not change them)."""
        if name not in self.arrow:
            return self._by_report.get(name, {}).get(report_id, [])
        key = (name, report_id)
        rows = self._recent.get(key)
        if rows is None:
            self.preload([report_id])
            rows = self._recent[key]
        return rows

    def preload(self, report_ids: list[str]) -> None:
        """Make the cell tables' rows of these reports Python rows, in one pass per table (a page
        made from many small conversions spends most of its time converting); the rows of the
        last reports preloaded are kept (LRU), as many as were asked for at once, at least 64."""
        for name, table in self.arrow.items():
            numbers = self._row_numbers[name]
            parts = [numbers.get(rid, numbers_empty) for rid in report_ids]
            taken = table.take(np.concatenate(parts)).to_pylist() if parts else []   # no dates here
            start = 0
            for rid, part in zip(report_ids, parts):
                self._recent[(name, rid)] = taken[start:start + len(part)]
                self._recent.move_to_end((name, rid))
                start += len(part)
        keep = max(64, len(report_ids)) * len(self.arrow)
        while len(self._recent) > keep:
            self._recent.popitem(last=False)

    def has(self, name: str, report_id: str) -> bool:
        """Whether table ``name`` has a row about the report (without making its rows)."""
        if name not in self.arrow:
            return bool(self._by_report.get(name, {}).get(report_id))
        return len(self._row_numbers[name].get(report_id, numbers_empty)) > 0

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
        key = report["source_file"]
        if key not in self._originals:
            path = (self.corpus / key).resolve()
            inside = self._corpus_resolved in path.parents and path.is_file()
            self._originals[key] = path if inside else None
        return self._originals[key]

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
    tables, arrow = {}, {}
    for res in descriptor.get("resources", []):
        if res.get("format") != "parquet":
            continue
        name = res["name"].removesuffix("-parquet")
        try:
            table = pq.read_table(root / res["path"])
        except (OSError, ValueError) as e:
            raise DataError(f"cannot read {res['path']}: {e}") from e
        if name in CELL_TABLES and "report_id" in table.column_names:
            arrow[name] = table.combine_chunks()       # one chunk: taking rows is then fast
        else:
            dates = [f.name for f in table.schema if pa.types.is_date(f.type) or pa.types.is_timestamp(f.type)]
            rows = table.to_pylist()
            for row in rows if dates else ():      # only the tables that have dates: most have none
                for k in dates:
                    row[k] = _plain(row[k])
            tables[name] = rows
    corpus_rel = (descriptor.get("nianbao") or {}).get("corpus")
    corpus = (root / corpus_rel).resolve() if corpus_rel else None
    return Dataset(root=root.resolve(), descriptor=descriptor, tables=tables, corpus=corpus, arrow=arrow)


def _row_numbers(table: pa.Table) -> dict[str, np.ndarray]:
    """report id -> the numbers of its rows in ``table``, in order (one pass, no Python row objects)."""
    encoded = table.column("report_id").combine_chunks().dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(encoded.dictionary)))
    starts = ends - np.bincount(codes, minlength=len(encoded.dictionary))
    return {rid: order[a:b] for rid, a, b in zip(encoded.dictionary.to_pylist(), starts, ends)}


def _plain(v):
    """Dates as ISO text, as the CSV tables write them."""
    return v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v
