"""Tables: extractions and findings -> CSV and Parquet tables and datapackage.json.

Output is deterministic (rows sorted, no timestamps) so two builds of the same corpus are
byte-identical, and atomic: everything is written to a temporary folder and moved into place only
when complete, so an interrupted build leaves the previous release intact.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, ids
from .catalogue import APPLICATIONS, PROACTIVE, REVIEW_LITIGATION, cells as template_cells
from .extraction import METADATA_FIELDS, Extraction
from .schema import RESOURCES, SUMMARY_ROWS
from .validate import Finding, status

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def table_rows(extractions: list[Extraction], findings: dict[str, list[Finding]],
               errors: list[dict]) -> dict[str, list[dict]]:
    """Every published table as a list of row dicts, in a stable order."""
    out: dict[str, list[dict]] = {name: [] for name in RESOURCES}
    for ex in sorted(extractions, key=lambda e: e.report_id):
        found = findings.get(ex.report_id, [])
        counts = Counter(f.severity for f in found)
        report = {"report_id": ex.report_id, "place_year": ids.place_year(ex), "source_file": ex.source_file,
                  "sha256": ex.sha256,
                  "format": ex.format, **{name: ex.meta(name) for name in METADATA_FIELDS},
                  "place_method": ex.metadata["division_code"].source if "division_code" in ex.metadata else None,
                  "template": ex.template, "validation_status": status(found),
                  "findings_error": counts["error"], "findings_warning": counts["warning"],
                  "findings_info": counts["info"], "extractor_version": ex.extractor_version}
        out["reports"].append(report)
        idx = ex.index()
        for table in (PROACTIVE, APPLICATIONS, REVIEW_LITIGATION):
            keys = template_cells(table, ex.template) or [(c.row, c.col) for c in ex.table_cells(table.name)]
            for row, col in keys:
                cell = idx.get((table.name, row, col))
                rec = {"report_id": ex.report_id, table.row_dim: row, table.col_dim: col,
                       "value": cell.value if cell else None}
                if table is PROACTIVE:
                    rec["unit"] = PROACTIVE.col(col).unit
                rec.update(status=cell.status if cell else "missing", source_line=cell.line if cell else None,
                           printed=cell.printed if cell else None, note=cell.note if cell else None)
                out[table.name].append(rec)
        out["findings"] += [{"report_id": f.report_id, "rule": f.rule, "severity": f.severity,
                             "table": f.table, "row": f.row, "column": f.column, "expected": f.expected,
                             "actual": f.actual, "source_line": f.line, "message": f.message,
                             "message_en": f.message_en} for f in found]
        summary = {k: report[k] for k in ("report_id", "organ", "township", "county", "prefecture",
                                          "province", "year", "template", "validation_status")}
        for row in SUMMARY_ROWS:
            cell = idx.get(("applications", row, "total"))
            summary[f"applications_{row}"] = cell.value if cell else None
        for p in REVIEW_LITIGATION.rows:
            cell = idx.get(("review_litigation", p.key, "total"))
            summary[f"{p.key}_total"] = cell.value if cell else None
        summary.update({k: report[k] for k in ("findings_error", "findings_warning", "findings_info")})
        out["summary"].append(summary)
    out["errors"] = sorted(errors, key=lambda e: e["source_file"])
    return out


def write(root: Path, rows: dict[str, list[dict]], corpus_rel: str | None = None) -> Path:
    """Write build/<name>.csv|parquet and datapackage.json under ``root``, atomically."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        for name, resource in RESOURCES.items():
            fields = resource["schema"]["fields"]
            (staging / f"{name}.csv").write_bytes(to_csv(rows[name], fields))
            pq.write_table(to_arrow(rows[name], fields), staging / f"{name}.parquet", compression="zstd")
        descriptor = datapackage(corpus_rel)
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


def to_csv(rows: list[dict], fields: list[dict]) -> bytes:
    """UTF-8 CSV; null is an empty cell, so blank and zero stay apart ('' vs '0')."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f["name"] for f in fields])
    for row in rows:
        w.writerow([_csv_value(row.get(f["name"])) for f in fields])
    return buf.getvalue().encode("utf-8")


def _csv_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def to_arrow(rows: list[dict], fields: list[dict]) -> pa.Table:
    schema = pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]]) for f in fields])
    columns = {f["name"]: [_arrow_value(r.get(f["name"]), f["type"]) for r in rows] for f in fields}
    return pa.table(columns, schema=schema)


def _arrow_value(v, type_: str):
    if v is None:
        return None
    if type_ == "date":
        import datetime
        return datetime.date.fromisoformat(v)
    if type_ == "number":
        return float(v)
    return v


def datapackage(corpus_rel: str | None) -> dict:
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
        "name": "nianbao",
        "title": "乡镇政府信息公开工作年度报告数据集 / Township government information-disclosure annual reports",
        "description": "The three standard tables of China's township government information-disclosure "
                       "annual reports (二 proactive disclosure, 三 applications, 四 review and litigation), "
                       "extracted cell by cell with provenance, validated against the format's own "
                       "identities (勾稽关系). A value not printed in a report is null, never zero.",
        "version": __version__,
        "licenses": [LICENSE],
        "sources": [{"title": "乡、镇人民政府和街道办事处政府信息公开工作年度报告 (official government portals)"}],
        "resources": resources,
    }
    if corpus_rel:
        descriptor["nianbao"] = {"corpus": corpus_rel}
    return descriptor
