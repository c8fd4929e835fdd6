"""Corrections: a maintainer's fix to one cell, kept as reviewable data beside the machine output.

``corrections/<report_id>.yaml`` lists cells with the corrected value, the reason, the line of the
original that justifies it, who and when. They are applied on top of the extraction at every build,
so re-extraction never loses them; a correction that no longer fits (the machine now reads the same
value, the cell or the source changed) is not applied and is reported.

    report_id: caofangzhen-ninghuaxian-2020
    sha256: 8fd5…            # optional: the source the correction was written against
    corrections:
      - {table: applications, row: granted, column: natural_person, value: 3,
         printed: "8", reason: "OCR 将 3 误读为 8", source_line: 37, by: 张三, on: 2026-11-22}
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .catalogue import TABLE_BY_NAME
from .extraction import Extraction

REQUIRED = ("table", "row", "column", "value", "reason")


class CorrectionError(Exception):
    """A corrections file that cannot be read at all."""


def load(folder: Path, report_id: str) -> dict | None:
    for suffix in (".yaml", ".yml"):
        path = folder / f"{report_id}{suffix}"
        if path.exists():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as e:
                raise CorrectionError(f"{path.name}: not valid YAML ({e})") from e
            if not isinstance(data, dict) or not isinstance(data.get("corrections", []), list):
                raise CorrectionError(f"{path.name}: expected a mapping with a list 'corrections'")
            return data
    return None


def apply(ex: Extraction, data: dict | None) -> Extraction:
    """Apply the corrections in ``data`` to ``ex`` (in place); record each as applied or stale."""
    if not data:
        return ex
    source_changed = data.get("sha256") and data["sha256"] != ex.sha256
    idx = ex.index()
    for c in data.get("corrections", []):
        record = {k: c.get(k) for k in ("table", "row", "column", "value", "reason", "by")}
        record["on"] = str(c["on"]) if c.get("on") is not None else None
        record["line"] = c.get("source_line")
        lacking = [k for k in REQUIRED if c.get(k) is None]
        cell = idx.get((c.get("table"), c.get("row"), c.get("column")))
        if lacking:
            record["stale"] = f"缺少字段 {', '.join(lacking)}"
        elif c["table"] not in TABLE_BY_NAME or cell is None:
            record["stale"] = f"该报告没有这一格 ({c['table']}/{c['row']}/{c['column']})"
        elif source_changed:
            record["stale"] = "原文文件已变更(sha256 不同)，请重新核对"
        elif cell.value == c["value"]:
            record["stale"] = f"提取结果已为 {cell.value}，无需更正"
        elif "printed" in c and str(c["printed"]) != str(cell.printed if cell.printed is not None else ""):
            record["stale"] = f"更正针对原印“{c['printed']}”，现提取为“{cell.printed}”"
        if record.get("stale"):
            ex.corrections.append(record)
            continue
        record["printed"] = cell.printed if cell.printed is not None else cell.value
        cell.value = c["value"]
        cell.status = "corrected"
        cell.note = c["reason"]
        cell.line = c.get("source_line") or cell.line
        ex.corrections.append(record)
    return ex
