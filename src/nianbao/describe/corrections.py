"""Corrections: a maintainer's fix to one cell, kept as reviewable data beside the machine output.

``corrections/<report_id>.yaml`` lists cells with the corrected value, the reason, the line of the
original that justifies it, who and when. They are applied on top of the extraction at every build,
so re-extraction never loses them; a correction that no longer fits (the machine now reads the same
value, the report has no such table or cell, the source changed) is not applied and is reported
(``correction.stale``); one that cannot be applied as written (a value that is not a number, a file
that is not a YAML mapping) is reported too (``correction.invalid``). Nothing here stops a build.

    report_id: caofangzhen-ninghuaxian-2020
    sha256: 8fd5…            # optional: the source the correction was written against
    corrections:
      - {table: applications, row: granted, column: natural_person, value: 3,
         printed: "8", reason: "OCR 将 3 误读为 8", source_line: 37, by: 张三, on: 2026-11-22}
"""

from __future__ import annotations

import math
from pathlib import Path

from ..catalogue import TABLE_BY_NAME
from ..extraction import Cell
from ..extraction.schema import LARGEST

REQUIRED = ("table", "row", "column", "value", "reason")
MAX_BYTES = 1 * 2**20
MAX_ITEMS = 1000


def load(folder: Path, report_id: str) -> tuple[dict | None, str | None]:
    """The corrections of a report, and why the file cannot be used when it cannot (else None)."""
    import yaml     # here: most builds have no corrections, and every command would import it (20 ms)
    for suffix in (".yaml", ".yml"):
        path = folder / f"{report_id}{suffix}"
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_BYTES:
            return None, f"{path.name} 超过 {MAX_BYTES // 2**20} MiB"
        try:
            data = yaml.safe_load(path.read_bytes().decode("utf-8-sig")) or {}
        except UnicodeDecodeError:
            return None, f"{path.name} 不是UTF-8编码"
        except yaml.YAMLError as e:
            return None, f"{path.name} 不是有效的YAML：{str(e)[:200]}"
        if not isinstance(data, dict) or not isinstance(data.get("corrections", []), list):
            return None, f"{path.name} 应为含列表 corrections 的映射"
        return data, None
    return None, None


def apply(cells: dict[tuple[str, str, str], Cell], data: dict | None, sha256: str) -> list[dict]:
    """Apply ``data``'s corrections to ``cells`` (in place); a record of each, applied or not: a
    record with ``invalid`` or ``stale`` was not applied and says why."""
    if not data:
        return []
    source_changed = data.get("sha256") and data["sha256"] != sha256
    out = []
    for item in data.get("corrections", [])[:MAX_ITEMS]:
        if not isinstance(item, dict):
            out.append({"invalid": f"更正项应为映射，而非“{str(item)[:60]}”"})
            continue
        record = {k: _text(item.get(k)) for k in ("table", "row", "column", "reason", "by", "on")}
        record["value"] = item.get("value")
        record["line"] = item.get("source_line") if _is_int(item.get("source_line")) else None
        why = _invalid(item)
        if why:
            record["invalid"] = why
            record["value"] = _text(record["value"])
            out.append(record)
            continue
        cell = cells.get((item["table"], item["row"], item["column"]))
        if cell is None:
            record["stale"] = f"该报告没有这一格 ({str(item['table'])[:40]}/{str(item['row'])[:40]}/" \
                              f"{str(item['column'])[:40]})"
        elif source_changed:
            record["stale"] = "原文文件已变更(sha256 不同)，请重新核对"
        elif cell.value == item["value"]:
            record["stale"] = f"提取结果已为 {cell.value}，无需更正"
        elif "printed" in item and str(item["printed"]) != str(cell.printed if cell.printed is not None else ""):
            record["stale"] = f"更正针对原印“{item['printed']}”，现提取为“{cell.printed}”"
        if not record.get("stale"):
            record["printed"] = cell.printed if cell.printed is not None else _text(cell.value)
            cell.value, cell.status, cell.note = item["value"], "corrected", item["reason"]
            cell.line = record["line"] or cell.line
        out.append(record)
    return out


def _invalid(item: dict) -> str | None:
    lacking = [k for k in REQUIRED if item.get(k) is None]
    if lacking:
        return f"缺少字段 {', '.join(lacking)}"
    table = TABLE_BY_NAME.get(item["table"]) if isinstance(item["table"], str) else None
    value = item["value"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            isinstance(value, float) and not math.isfinite(value):
        return f"更正值应为数字，而非“{str(value)[:40]}”"
    if abs(value) > LARGEST:        # as the schema bounds a file's values: the tables hold 64-bit integers
        return f"更正值超出 {len(str(LARGEST))} 位数字"
    if table is not None and table.value_type == "integer" and not float(value).is_integer():
        return f"表 {table.name} 的数值应为整数"
    if not isinstance(item["reason"], str):
        return "理由(reason)应为文字"
    return None


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v > 0


def _text(v) -> str | None:
    return None if v is None else str(v)[:500]
