"""What changed between two builds or releases, by stable keys, cell by cell.

Reports are matched by ``report_id``; cells by the report and the table's row and column keys
from the catalogue; findings by (report, rule, table, row, column). A cell changed when its value
or its status did (a moved source line alone is not a change of data). Each change of a report
present on both sides gets the reason the inputs show, first that applies:

- ``correction``: the new status is ``corrected`` (a maintainer's correction, corrections/);
- ``correction_removed``: the old status was ``corrected`` and the new is not;
- ``source_changed``: the report's source file is another file (``sha256`` differs);
- ``reextracted``: the extractor changed (``extractor_version`` differs);
- ``other``: none of these (e.g. the manifest or the place table changed).

A correction is listed as the cell it changes: its ``correction.applied`` finding is not listed
again. The cells and findings of reports added or removed are not listed one by one: the report is.
Local rows (rows a report adds to a standard table) have no stable key and are not compared.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..catalogue import TABLES
from ..tables.resources import RESOURCES
from .record import DEV

COLUMNS = ("change", "report_id", "place_year", "table", "row", "column", "rule", "severity",
           "old_value", "new_value", "old_status", "new_status", "reason", "message")
CHANGES = {   # kind -> (Chinese, English), in the order they are listed
    "report_added": ("新增报告", "reports added"),
    "report_removed": ("移除报告", "reports removed"),
    "cell_changed": ("单元格变化", "cells changed"),
    "field_changed": ("报告信息变化", "report fields changed"),
    "finding_opened": ("新增校验发现", "findings opened"),
    "finding_closed": ("消除的校验发现", "findings closed"),
}
REASONS = {
    "correction": ("人工更正", "a correction"),
    "correction_removed": ("更正撤销或不再适用", "a correction removed or no longer applied"),
    "source_changed": ("原文文件变更", "the source file changed"),
    "reextracted": ("提取程序更新后重新提取", "re-extracted by a new extractor"),
    "other": ("其他（如清单、地名表的变化）", "other (e.g. the manifest or the place table)"),
}
# Report fields that are not compared as such: derived from findings (compared one by one) or the
# evidence for a reason (shown as the reason).
NOT_COMPARED = {"validation_status", "findings_error", "findings_warning", "findings_info", "sha256",
                "extractor_version"}
SILENT_RULES = {"correction.applied"}
FINDING_KEY = ("report_id", "rule", "table", "row", "column")
_ORDER = {(t.name, key): i for t in TABLES for i, key in enumerate(
    [*dict.fromkeys(r.key for r in t.rows), *dict.fromkeys(c.key for c in t.cols)])}


@dataclass
class Side:
    """One built package or release folder: where its tables are and what version it says it is."""

    build: Path | None
    version: str
    reports: dict[str, dict]

    @classmethod
    def open(cls, path: Path) -> Side:
        """``path``: a package root (datapackage.json and build/), a release folder, or a build/ folder."""
        build = path / "build" if (path / "build").is_dir() else path
        if not (build / "reports.parquet").exists():
            raise ValueError(f"{path}: no built tables (build/reports.parquet) here")
        descriptor = build.parent / "datapackage.json"
        version = json.loads(descriptor.read_text(encoding="utf-8")).get("version") if descriptor.exists() else None
        if not version or version.endswith(DEV):     # an unreleased build: say which
            version = f"{version or ''} {path}".strip()
        rows = pq.read_table(build / "reports.parquet").to_pylist()
        return cls(build, version, {r["report_id"]: r for r in rows})

    @classmethod
    def nothing(cls) -> Side:
        """What there was before the first release."""
        return cls(None, "—", {})


@dataclass
class Changes:
    old: str                       # the versions compared
    new: str
    rows: list[dict] = field(default_factory=list)

    def of(self, kind: str) -> list[dict]:
        return [r for r in self.rows if r["change"] == kind]

    def counts(self) -> dict[str, int]:
        found = Counter(r["change"] for r in self.rows)
        return {kind: found[kind] for kind in CHANGES}


def compare(old_path: Path | None, new_path: Path) -> Changes:
    """Every change from the package at ``old_path`` (None: nothing) to the one at ``new_path``."""
    old, new = Side.open(old_path) if old_path else Side.nothing(), Side.open(new_path)
    out = Changes(old.version, new.version)
    for rid in sorted(new.reports.keys() - old.reports.keys()):
        out.rows.append(_row("report_added", new.reports[rid], message=new.reports[rid]["source_file"]))
    for rid in sorted(old.reports.keys() - new.reports.keys()):
        out.rows.append(_row("report_removed", old.reports[rid], message=old.reports[rid]["source_file"]))
    common = sorted(old.reports.keys() & new.reports.keys())
    if common:
        out.rows += _fields(old, new, common)
        for table in TABLES:
            out.rows += _cells(old, new, table, common)
        out.rows += _findings(old, new, set(common))
    return out


def _row(change: str, report: dict, **values) -> dict:
    row = dict.fromkeys(COLUMNS)
    row.update(change=change, report_id=report["report_id"], place_year=report.get("place_year"), **values)
    return row


def _reason(old: dict, new: dict, old_status: str | None = None, new_status: str | None = None) -> str:
    if new_status == "corrected":
        return "correction"
    if old_status == "corrected":
        return "correction_removed"
    if old["sha256"] != new["sha256"]:
        return "source_changed"
    if old["extractor_version"] != new["extractor_version"]:
        return "reextracted"
    return "other"


def _fields(old: Side, new: Side, common: list[str]) -> list[dict]:
    names = [f["name"] for f in RESOURCES["reports"]["schema"]["fields"] if f["name"] not in NOT_COMPARED]
    out = []
    for rid in common:
        a, b = old.reports[rid], new.reports[rid]
        out += [_row("field_changed", b, table="reports", column=name, old_value=_text(a.get(name)),
                     new_value=_text(b.get(name)), reason=_reason(a, b))
                for name in names if a.get(name) != b.get(name)]
    return out


def _differs(x: pa.ChunkedArray, y: pa.ChunkedArray) -> pa.ChunkedArray:
    """Element-wise 'not the same', null being a value of its own."""
    return pc.or_(pc.xor(pc.is_null(x), pc.is_null(y)), pc.fill_null(pc.not_equal(x, y), False))


def _cells(old: Side, new: Side, table, common: list[str]) -> list[dict]:
    keys = ["report_id", table.row_dim, table.col_dim]
    ids = pa.array(common, pa.string())
    sides = []
    for side in (old, new):
        t = pq.read_table(side.build / f"{table.name}.parquet", columns=[*keys, "value", "status", "note"])
        sides.append(t.filter(pc.is_in(t["report_id"], value_set=ids)))
    joined = sides[0].join(sides[1], keys, join_type="full outer", left_suffix=" old", right_suffix=" new")
    changed = joined.filter(pc.or_(_differs(joined["value old"], joined["value new"]),
                                   _differs(joined["status old"], joined["status new"])))
    out = []
    for c in changed.to_pylist():
        rid, row, col = c["report_id"], c[table.row_dim], c[table.col_dim]
        out.append(_row("cell_changed", new.reports[rid], table=table.name, row=row, column=col,
                        old_value=_text(c["value old"]), new_value=_text(c["value new"]),
                        old_status=c["status old"], new_status=c["status new"], message=c["note new"],
                        reason=_reason(old.reports[rid], new.reports[rid], c["status old"], c["status new"])))
    return sorted(out, key=lambda r: (r["report_id"], _ORDER.get((table.name, r["row"]), 0),
                                      _ORDER.get((table.name, r["column"]), 0)))


def _findings(old: Side, new: Side, common: set[str]) -> list[dict]:
    found = []
    for side in (old, new):
        rows = pq.read_table(side.build / "findings.parquet",
                             columns=[*FINDING_KEY, "severity", "message"]).to_pylist()
        found.append([r for r in rows if r["report_id"] in common and r["rule"] not in SILENT_RULES])
    counts = [Counter(tuple(r[k] for k in FINDING_KEY) for r in rows) for rows in found]
    out = []
    for kind, (before, after), rows, side in (("finding_opened", counts, found[1], new),
                                              ("finding_closed", counts[::-1], found[0], old)):
        extra = after - before
        for r in rows:
            key = tuple(r[k] for k in FINDING_KEY)
            if extra[key] > 0:
                extra[key] -= 1
                out.append(_row(kind, side.reports[r["report_id"]], table=r["table"], row=r["row"],
                                column=r["column"], rule=r["rule"], severity=r["severity"], message=r["message"]))
    return out


def _text(value) -> str | None:
    """A value as the CSV tables write it: 12.0 is '12', null stays null."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
