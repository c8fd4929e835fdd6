"""Rows: published reports and their findings -> the rows of every table, as Arrow.

A ``Part`` holds the rows of some reports, made where they were validated (a worker of the tables
stage); ``assemble`` joins parts in report-id order. What depends on other reports (the findings
about two files of one township-year, hence the status fields) is added by ``assemble``. The
tables that depend on nothing else (``CHUNKED``) are made whole in the part, with their CSV rows,
so that joining them is a concatenation: a part reused from the cache costs no work on its rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..catalogue import APPLICATIONS, PROACTIVE, REVIEW_LITIGATION, TABLE_BY_NAME, cells as template_cells
from ..describe import PUBLISHED, Report
from ..validate import Finding, status
from ..validate.continuity import CONTINUITY_CELLS
from . import areas
from .resources import RESOURCES, SUMMARY_CELLS
from .write import csv_rows

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
CELL_TABLES = (PROACTIVE, APPLICATIONS, REVIEW_LITIGATION)
CELL_TABLES_NAMES = tuple(t.name for t in CELL_TABLES)
STATUS_FIELDS = ("validation_status", "findings_error", "findings_warning", "findings_info")
SMALL = ("reports", "summary")             # rows that get the status fields when parts are joined
PER_REPORT = ("local_rows", "report_fields", "prose_facts")
CHUNKED = (*CELL_TABLES_NAMES, *PER_REPORT)    # made whole in a part: rows of its reports only
COMPLETED = (*SMALL, "findings")           # made in a part, completed when parts are joined
# the cells compared across years (validate/continuity.py), also kept apart in each part: a build
# reads them for thousands of reports, and finding them in a national cell table took most of a second
ACROSS_YEARS = {table: f"{table}.across_years" for table in CONTINUITY_CELLS}


@dataclass
class Part:
    """The published rows of some reports, in report-id order."""

    ids: list[str] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    across: dict[str, list[Finding]] = field(default_factory=dict)   # about several reports: assemble adds them
    tables: dict[str, pa.Table] = field(default_factory=dict)   # the CHUNKED, COMPLETED and ACROSS_YEARS tables
    csv: dict[str, bytes | Path] = field(default_factory=dict)  # the CHUNKED ones' CSV rows (no header), or their file


def part(reports: list[Report], findings: dict[str, list[Finding]]) -> Part:
    """The rows of these reports (in id order): cell tables as Arrow (millions of cells at national scale)."""
    out = Part()
    columns = {name: {f["name"]: [] for f in RESOURCES[name]["schema"]["fields"]} for name in CELL_TABLES_NAMES}
    rows: dict[str, list[dict]] = {name: [] for name in (*SMALL, *PER_REPORT)}
    found: list[Finding] = []
    for r in sorted(reports, key=lambda r: r.report_id):
        idx = r.index()
        row = _report(r)
        out.ids.append(r.report_id)
        rows["reports"].append(row)
        rows["summary"].append(_summary(row, idx))
        rows["local_rows"] += _local_rows(r)
        rows["report_fields"] += [{"report_id": r.report_id, "field": k, "value": str(f.value),
                                   "source": f.source, "source_line": f.line}
                                  for k, f in sorted(r.metadata.items(), key=lambda kv: PUBLISHED.index(kv[0]))
                                  if f.value is not None]
        rows["prose_facts"] += _facts(r)
        for table in CELL_TABLES:
            _cells(columns[table.name], table, r, idx)
        out.findings[r.report_id] = findings.get(r.report_id, [])
        found += out.findings[r.report_id]
    out.tables = {name: _arrow_of(rows[name], name) if name in rows else
                  to_arrow(columns[name], RESOURCES[name]["schema"]["fields"]) for name in (*CHUNKED, *SMALL)}
    out.tables["findings"] = _findings_table(found)
    out.csv = {name: csv_rows(out.tables[name]) for name in CHUNKED}
    for table, name in ACROSS_YEARS.items():
        dim, keys = CONTINUITY_CELLS[table]
        cells = out.tables[table]
        out.tables[name] = cells.filter(pc.is_in(cells.column(dim), value_set=pa.array(keys)))
    return out


def conflicted(more: dict[str, list[Finding]]) -> set[str]:
    """The reports that have another version with other numbers (their figures are not added up)."""
    return {rid for rid, found in more.items() if any(f.rule == "report.conflict" for f in found)}


# the columns of the SMALL tables that what reads them across reports reads: coverage and aggregates
# (tables/areas.py), continuity and the county check (validate/continuity.py, county.py)
JOINED = {"reports": ("report_id", "place_year", "source_file", "year", "level", "template", "division_code",
                      "county", "prefecture", "province"),
          "summary": ("report_id", "level", *areas.FIGURES)}


def joined(parts: list[Part], name: str) -> list[dict]:
    """The rows of a ``SMALL`` table across parts, their ``JOINED`` columns as dictionaries, read from
    the parts' Arrow tables (mapped from the cache: no part's rows are kept as Python objects).
    Values are as published: typed by the table's schema."""
    wanted = list(JOINED[name])
    tables = [p.tables[name].select(wanted) for p in parts]
    if not tables:
        return []
    t = pa.concat_tables(tables)
    return [dict(zip(wanted, values)) for values in zip(*(t.column(c).to_pylist() for c in wanted))]


def totals(seen: dict, summary: list[dict], more: dict[str, list[Finding]]) -> dict[str, pa.Array]:
    """The ``aggregates`` table's columns (tables/areas.py) from the reports by township (``areas.by_township``
    of the ``joined`` reports) and the ``joined`` summary rows, given the findings about several reports."""
    return areas.aggregates(seen, summary, conflicted(more))


def chunked(parts: list[Part]) -> tuple[dict[str, pa.Table], dict[str, list[bytes | Path]]]:
    """The ``CHUNKED`` tables from parts given in report-id order, with their CSV rows part by part.
    They depend on nothing but their reports: they can be written while the rest is worked out."""
    return {name: _side_by_side(parts, name) for name in CHUNKED}, {name: [p.csv[name] for p in parts]
                                                                   for name in CHUNKED}


def _side_by_side(parts: list[Part], name: str) -> pa.Table:
    """One table of the parts' tables, their chunks kept as they are (not copied: ``write_parquet``
    lays out the file)."""
    return pa.concat_tables([p.tables[name] for p in parts]) if parts else _arrow_of([], name)


def area_tables(seen: dict, aggregates: dict[str, pa.Array], more: dict[str, list[Finding]]) -> dict[str, pa.Table]:
    """The coverage and aggregates tables: ``aggregates`` made by ``totals``, ``seen`` the reports by
    township (``areas.by_township``), ``more`` the findings about several reports. They need no
    report's status: they can be written while ``assemble`` sets them."""
    return {"coverage": _arrow_of(areas.coverage(seen, conflicted(more)), "coverage"),
            "aggregates": _arrow_of(aggregates, "aggregates")}


def assemble(parts: list[Part], more: dict[str, list[Finding]], errors: list[dict]) -> dict[str, pa.Table]:
    """The COMPLETED tables and the errors from parts given in report-id order, with ``more``
    findings (about several reports) added and each report's status set."""
    statuses, added = [], []
    for p in parts:
        for rid in p.ids:
            extra = more.get(rid, [])
            statuses.append(_status(p.findings[rid] + extra))
            added += extra
    out = {name: _side_by_side(parts, name) for name in COMPLETED}
    out["errors"] = _arrow_of(sorted(errors, key=lambda e: (e["source_file"], e["stage"])), "errors")
    for name in SMALL:                     # the status fields, now that every finding is known
        for k, key in enumerate(STATUS_FIELDS):
            at = out[name].schema.get_field_index(key)
            out[name] = out[name].set_column(at, out[name].field(at), pa.array([s[k] for s in statuses],
                                                                                out[name].field(at).type))
    if added:   # each report's findings about several reports after its own: a stable sort by report
        joined = pa.concat_tables([out["findings"], _findings_table(added)])
        out["findings"] = joined.take(pc.sort_indices(joined, [("report_id", "ascending")])).combine_chunks()
    return out


def _arrow_of(rows: list[dict] | dict[str, list], name: str) -> pa.Table:
    """A table from its rows, or from its columns (a dictionary of lists)."""
    fields = RESOURCES[name]["schema"]["fields"]
    if isinstance(rows, dict):
        return to_arrow(rows, fields)
    return to_arrow({f["name"]: [r.get(f["name"]) for r in rows] for f in fields}, fields)


def _findings_table(found: list[Finding]) -> pa.Table:
    """The findings table's rows of these findings, a column at a time (a national build adds 35,000)."""
    fields = RESOURCES["findings"]["schema"]["fields"]
    return to_arrow({f["name"]: list(map(attrgetter(FINDING_ATTRIBUTES.get(f["name"], f["name"])), found))
                     for f in fields}, fields)


FINDING_ATTRIBUTES = {"source_line": "line"}    # the findings table's columns named otherwise in a Finding


def _status(found: list[Finding]) -> tuple:
    """The STATUS_FIELDS of a report with these findings."""
    if not found:                          # most reports of a national year
        return status(found), 0, 0, 0
    counts = Counter(f.severity for f in found)
    return status(found), counts["error"], counts["warning"], counts["info"]


def _report(r: Report) -> dict:
    ex = r.ex
    return {"report_id": r.report_id, "place_year": r.place_year, "source_file": ex.source_file,
            "sha256": ex.sha256, "format": ex.format, **{name: r.meta(name) for name in PUBLISHED},
            "place_method": r.described.place_method, "template": ex.template, **dict.fromkeys(STATUS_FIELDS),
            "extractor_version": ex.extractor_version}


def _cells(columns: dict[str, list], table, r: Report, idx) -> None:
    """Append the report's cells of ``table`` in catalogue order (every cell of its template), a
    column at a time: 180 cells a report, the most of a national table stage's Python. Each cell's
    published fields are taken in one call (``_FIELDS``) and the rows turned into columns by zip."""
    keys, rows, cols, units = _layout(table, r.template)
    if not keys:    # no template: the cells the report has
        present = r.ex.table_cells(table.name)
        keys = [(c.table, c.row, c.col) for c in present]
        rows, cols = [c.row for c in present], [c.col for c in present]
        units = [PROACTIVE.col(col).unit for col in cols] if table is PROACTIVE else []
    if not keys:
        return
    columns["report_id"] += [r.report_id] * len(keys)
    columns[table.row_dim] += rows
    columns[table.col_dim] += cols
    if table is PROACTIVE:
        columns["unit"] += units
    fields = _FIELDS
    published = zip(*[_MISSING if c is None else fields(c) for c in map(idx.get, keys)])
    for name, values in zip(_COLUMNS, published):
        columns[name] += values


# a cell's published fields, in the cell tables' column order (_COLUMNS), and those of a cell the
# report does not have
_FIELDS = attrgetter("value", "status", "line", "where", "printed", "note")
_COLUMNS = ("value", "status", "source_line", "source_where", "printed", "note")
_MISSING = (None, "missing", None, None, None, None)


@lru_cache(maxsize=None)
def _layout(table, template: str | None) -> tuple[list, list, list, list]:
    """A template's cells of ``table``: their index keys (table, row, column), rows, columns and
    (table 二) units."""
    keys = template_cells(table, template)
    units = [PROACTIVE.col(col).unit for _, col in keys] if table is PROACTIVE else []
    return [(table.name, row, col) for row, col in keys], [row for row, _ in keys], [col for _, col in keys], units


def _local_rows(r: Report) -> list[dict]:
    """A report's local rows, one row per printed value, in the order the report prints them."""
    return [{"report_id": r.report_id, "table": row.table, "label": row.label, "parent": row.parent,
             "position": v.position, "column": v.col, "value": v.value, "status": v.status,
             "source_line": v.line, "source_where": v.where, "printed": v.printed, "note": v.note}
            for row in r.ex.local_rows for v in row.values]


def _facts(r: Report) -> list[dict]:
    out = []
    for f in r.ex.facts:
        table, _, rest = f.key.partition(".")
        row, _, col = rest.partition(".")
        known = table in TABLE_BY_NAME and row in {i.key for i in TABLE_BY_NAME[table].rows}
        out.append({"report_id": r.report_id, "fact": f.key, "table": table if table in TABLE_BY_NAME else None,
                    "row": row if known else None, "column": col if known else None, "value": f.value,
                    "source_line": f.line, "text": f.text})
    return out


def _summary(report: dict, idx) -> dict:
    summary = {k: report[k] for k in ("report_id", "organ", "township", "county", "prefecture",
                                      "province", "year", "level", "template", "validation_status")}
    for column, where in SUMMARY_CELLS.items():
        cell = idx.get(where)
        summary[column] = cell.value if cell else None
    summary.update({k: report[k] for k in ("findings_error", "findings_warning", "findings_info")})
    return summary


def to_arrow(columns: dict[str, list], fields: list[dict]) -> pa.Table:
    schema = pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]]) for f in fields])
    return pa.Table.from_arrays([_array(columns[f["name"]], f["type"]) for f in fields], schema=schema)


def _array(values: list | pa.Array, type_: str) -> pa.Array:
    if isinstance(values, pa.Array):                                # made in Arrow (areas.aggregates)
        return values.cast(ARROW_TYPES[type_])
    if type_ == "integer":
        try:        # only Python ints and None, as a national table's counts are, are read in C
            inferred = pa.array(values)
        except (pa.ArrowException, TypeError, OverflowError):
            inferred = None
        if inferred is not None and inferred.type in (pa.int64(), pa.null()):
            return inferred.cast(pa.int64())
    return pa.array(_typed(values, type_), ARROW_TYPES[type_])      # anything else as int() makes it


def _typed(values: list, type_: str) -> list:
    if type_ == "date":
        return [None if v is None else _date(v) for v in values]
    if type_ == "integer":
        return [None if v is None else int(v) for v in values]
    return values


def _date(v) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(v))
    except ValueError:
        return None
