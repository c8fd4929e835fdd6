"""One report's rows as files to download from its page.

JSON: the report's rows of every published table, exactly as published (same keys, null kept).
CSV: the cells of its three tables in one long sheet, with the Chinese labels beside the keys so
it reads in Excel/WPS; null is an empty cell, as in the published CSV tables.
"""

from __future__ import annotations

import csv
import io
import json

from ..catalogue import TABLES
from .data import Dataset
from .html import fmt

CSV_COLUMNS = ("report_id", "table", "row", "column", "row_zh", "column_zh", "value", "unit", "status",
               "source_line", "printed", "note")


def report_json(ds: Dataset, report_id: str) -> str:
    names = [n for n in ds.names if n != "errors"]
    doc = {
        "report_id": report_id,
        "licence": _licence(ds),
        "version": ds.version,
        **{name: ds.rows(name, report_id) for name in names},
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"   # no indent: the C encoder, 10x faster at scale


def report_csv(ds: Dataset, report_id: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for t in TABLES:
        for r in ds.rows(t.name, report_id):
            row, col = r[t.row_dim], r[t.col_dim]
            value = r.get("value")
            w.writerow([report_id, t.name, row, col, _label(t, "row", row), _label(t, "col", col),
                        "" if value is None else fmt(value), r.get("unit") or "", r.get("status"),
                        "" if r.get("source_line") is None else r["source_line"],
                        r.get("printed") or "", r.get("note") or ""])
    return buf.getvalue()


_LABELS = {(t.name, dim, i.key): i.zh for t in TABLES for dim, items in (("row", t.rows), ("col", t.cols))
           for i in items}


def _label(table, dim: str, key: str) -> str:
    return _LABELS.get((table.name, dim, key), "")


def _licence(ds: Dataset) -> str:
    lic = (ds.descriptor.get("licenses") or [{}])[0]
    return lic.get("name", "")
