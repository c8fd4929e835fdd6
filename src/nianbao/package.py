"""Tables: extractions and findings -> CSV and Parquet tables and datapackage.json.

Output is deterministic (rows sorted, no timestamps) so two builds of the same corpus are
byte-identical, and atomic: everything is written to a temporary folder and moved into place only
when complete, so an interrupted build leaves the previous release intact.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import ids
from .catalogue import APPLICATIONS, PROACTIVE, REVIEW_LITIGATION, cells as template_cells
from .extraction import METADATA_FIELDS, Extraction
from .release import excel_csv, record, workbook
from .schema import RESOURCES, SUMMARY_ROWS
from .validate import Finding, status

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


CELL_TABLES = (PROACTIVE, APPLICATIONS, REVIEW_LITIGATION)
STATUS_FIELDS = ("validation_status", "findings_error", "findings_warning", "findings_info")


@dataclass
class Part:
    """The published rows of some reports, made where they were validated (a worker of the tables
    stage); ``assemble`` joins parts. What depends on other reports (findings about two files of one
    township-year, hence the status fields) is left to ``assemble``."""

    reports: list[dict] = field(default_factory=list)          # status fields not yet set
    summary: list[dict] = field(default_factory=list)          # status fields not yet set
    local_rows: list[dict] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    cells: dict[str, pa.Table] = field(default_factory=dict)   # built column-wise: most of the data


def part(extractions: list[Extraction], findings: dict[str, list[Finding]]) -> Part:
    """The rows of these reports: cell tables as Arrow (millions of cells at national scale)."""
    out = Part()
    cells = {t.name: {f["name"]: [] for f in RESOURCES[t.name]["schema"]["fields"]} for t in CELL_TABLES}
    for ex in extractions:
        idx = ex.index()
        report = _report(ex)
        out.reports.append(report)
        out.summary.append(_summary(report, idx))
        for table in CELL_TABLES:
            _cells(cells[table.name], table, ex, idx)
        out.local_rows += _local_rows(ex)
        out.findings[ex.report_id] = findings.get(ex.report_id, [])
    out.cells = {name: to_arrow(columns, RESOURCES[name]["schema"]["fields"]) for name, columns in cells.items()}
    return out


def assemble(parts: list[Part], more: dict[str, list[Finding]], errors: list[dict]) -> dict[str, pa.Table]:
    """Every published table from the parts, with ``more`` findings (about several reports) added:
    rows in report_id order, each report's rows in the order they were made."""
    found = {rid: f + more.get(rid, []) for p in parts for rid, f in p.findings.items()}
    order = sorted((r["report_id"], i, k) for i, p in enumerate(parts) for k, r in enumerate(p.reports))
    rows: dict[str, list[dict]] = {"reports": [], "summary": [], "local_rows": [], "findings": []}
    local = defaultdict(list)
    for p in parts:
        for r in p.local_rows:
            local[r["report_id"]].append(r)
    for rid, i, k in order:
        status = _status(found[rid])
        rows["reports"].append({**parts[i].reports[k], **status})
        rows["summary"].append({**parts[i].summary[k], **status})
        rows["local_rows"] += local[rid]
        rows["findings"] += [_finding_row(f) for f in found[rid]]
    rows["errors"] = sorted(errors, key=lambda e: e["source_file"])
    cell_tables = {t.name for t in CELL_TABLES}
    out = {}
    for name, resource in RESOURCES.items():
        fields = resource["schema"]["fields"]
        if name in cell_tables:
            out[name] = _by_report(pa.concat_tables([p.cells[name] for p in parts]) if parts
                                   else to_arrow({f["name"]: [] for f in fields}, fields))
        else:
            out[name] = to_arrow({f["name"]: [r.get(f["name"]) for r in rows[name]] for f in fields}, fields)
    return out


def tables(extractions: list[Extraction], findings: dict[str, list[Finding]],
           errors: list[dict]) -> dict[str, pa.Table]:
    """Every published table as an Arrow table, rows in a stable order (one part, all findings)."""
    return assemble([part(extractions, findings)], {}, errors)


def _by_report(table: pa.Table) -> pa.Table:
    """Rows sorted by report_id, a report's rows kept in their order (Arrow's sort is stable)."""
    return table.take(pc.sort_indices(table, sort_keys=[("report_id", "ascending")])).combine_chunks()


def _finding_row(f: Finding) -> dict:
    return {"report_id": f.report_id, "rule": f.rule, "severity": f.severity, "table": f.table, "row": f.row,
            "column": f.column, "expected": f.expected, "actual": f.actual, "source_line": f.line,
            "message": f.message, "message_en": f.message_en}


def _status(found: list[Finding]) -> dict:
    counts = Counter(f.severity for f in found)
    return {"validation_status": status(found), "findings_error": counts["error"],
            "findings_warning": counts["warning"], "findings_info": counts["info"]}


def _report(ex: Extraction) -> dict:
    return {"report_id": ex.report_id, "place_year": ids.place_year(ex), "source_file": ex.source_file,
            "sha256": ex.sha256, "format": ex.format, **{name: ex.meta(name) for name in METADATA_FIELDS},
            "place_method": ex.metadata["division_code"].source if "division_code" in ex.metadata else None,
            "template": ex.template, **dict.fromkeys(STATUS_FIELDS),
            "extractor_version": ex.extractor_version}


def _cells(columns: dict[str, list], table, ex: Extraction, idx) -> None:
    """Append the report's cells of ``table`` in catalogue order (every cell of its template)."""
    keys = template_cells(table, ex.template) or [(c.row, c.col) for c in ex.table_cells(table.name)]
    unit = table is PROACTIVE
    for row, col in keys:
        cell = idx.get((table.name, row, col))
        columns["report_id"].append(ex.report_id)
        columns[table.row_dim].append(row)
        columns[table.col_dim].append(col)
        if unit:
            columns["unit"].append(PROACTIVE.col(col).unit)
        if cell is None:
            for name in ("value", "status", "source_line", "source_where", "printed", "note"):
                columns[name].append("missing" if name == "status" else None)
            continue
        columns["value"].append(cell.value)
        columns["status"].append(cell.status)
        columns["source_line"].append(cell.line)
        columns["source_where"].append(cell.where)
        columns["printed"].append(cell.printed)
        columns["note"].append(cell.note)


def _local_rows(ex: Extraction) -> list[dict]:
    """A report's local rows, one row per printed value, in the order the report prints them."""
    return [{"report_id": ex.report_id, "table": r.table, "label": r.label, "parent": r.parent,
             "position": v.position, "column": v.col, "value": v.value, "status": v.status,
             "source_line": v.line, "source_where": v.where, "printed": v.printed, "note": v.note}
            for r in ex.local_rows for v in r.values]


def _summary(report: dict, idx) -> dict:
    summary = {k: report[k] for k in ("report_id", "organ", "township", "county", "prefecture",
                                      "province", "year", "template", "validation_status")}
    for row in SUMMARY_ROWS:
        cell = idx.get(("applications", row, "total"))
        summary[f"applications_{row}"] = cell.value if cell else None
    for p in REVIEW_LITIGATION.rows:
        cell = idx.get(("review_litigation", p.key, "total"))
        summary[f"{p.key}_total"] = cell.value if cell else None
    summary.update({k: report[k] for k in ("findings_error", "findings_warning", "findings_info")})
    return summary


def write(root: Path, tables: dict[str, pa.Table], corpus_rel: str | None = None) -> Path:
    """Write build/<name>.csv|parquet and datapackage.json under ``root``, atomically."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        for name, table in tables.items():
            (staging / f"{name}.csv").write_bytes(to_csv(table))
            pq.write_table(table, staging / f"{name}.parquet", compression="zstd")
        descriptor = datapackage(corpus_rel, root, staging)
        excel_csv.write(staging, tables)                # build/excel/*.csv and build/nianbao.xlsx
        workbook.write(staging, tables, descriptor)
        build = root / "build"
        old = root / ".build-old"
        shutil.rmtree(old, ignore_errors=True)
        if build.exists():
            build.rename(old)
        staging.rename(build)
        shutil.rmtree(old, ignore_errors=True)
        tmp = root / ".datapackage.json.tmp"
        tmp.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, root / "datapackage.json")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return root / "datapackage.json"


def to_csv(table: pa.Table) -> bytes:
    """UTF-8 CSV; null is an empty cell, so blank and zero stay apart ('' vs '0'); 12.0 is '12'."""
    buf = io.BytesIO()
    pacsv.write_csv(table, buf, pacsv.WriteOptions(quoting_style="needed"))
    return buf.getvalue()


def to_arrow(columns: dict[str, list], fields: list[dict]) -> pa.Table:
    schema = pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]]) for f in fields])
    arrays = [pa.array(_typed(columns[f["name"]], f["type"]), ARROW_TYPES[f["type"]]) for f in fields]
    return pa.Table.from_arrays(arrays, schema=schema)


def _typed(values: list, type_: str) -> list:
    if type_ == "date":
        return [None if v is None else datetime.date.fromisoformat(v) for v in values]
    if type_ == "number":
        return [None if v is None else float(v) for v in values]
    return values


def datapackage(corpus_rel: str | None, root: Path | None = None, build: Path | None = None) -> dict:
    """The descriptor; version, date and contributors name the release the tables in ``build`` are
    (from the records under ``root``: see release.record), never the clock."""
    resources = []
    for name, r in RESOURCES.items():
        common = {"title": r["title"], "description": r["description"], "schema": r["schema"]}
        resources.append({"name": name, "path": f"build/{name}.csv", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", **common})
        # Parquet holds real nulls; frictionless reads Parquet through pandas, which shows them as NaN.
        parquet_schema = dict(r["schema"], missingValues=["", "nan"])
        resources.append({"name": f"{name}-parquet", "path": f"build/{name}.parquet", "format": "parquet",
                          **common, "schema": parquet_schema})
    descriptor = {
        "$schema": record.PROFILE,
        "name": "nianbao",
        "title": "乡镇政府信息公开工作年度报告数据集 / Township government information-disclosure annual reports",
        "description": "The three standard tables of China's township government information-disclosure "
                       "annual reports (二 proactive disclosure, 三 applications, 四 review and litigation), "
                       "extracted cell by cell with provenance, validated against the format's own "
                       "identities (勾稽关系). A value not printed in a report is null, never zero.",
        **record.descriptor_fields(root, build),
        "licenses": [LICENSE],
        "sources": [{"title": "乡、镇人民政府和街道办事处政府信息公开工作年度报告 (official government portals)"}],
        "resources": resources,
    }
    if corpus_rel:
        descriptor["nianbao"] = {"corpus": corpus_rel}
    return descriptor
