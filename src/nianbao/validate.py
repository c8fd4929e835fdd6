"""Validate: an Extraction -> findings, what the checks found about the report.

A finding is data about the report, never a failure of the build: a stable rule id, a severity,
where it is (table, row, column, line), the values compared and a message made from a template.
The identities come from the catalogue; this module adds only the rules the catalogue cannot
state (prose against tables, completeness).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import ids
from .catalogue import IDENTITIES, REVIEW_LITIGATION, TABLE_BY_NAME, Identity
from .extraction import Extraction

# rule id -> (severity, message template in Chinese, in English)
RULES: dict[str, tuple[str, str, str]] = {
    "applications.balance": (
        "error", "{where}：本年新收加上年结转({expected})不等于办理总计加结转下年度({actual})",
        "{where_en}: received plus carried over ({expected}) differs from handled plus carried forward ({actual})"),
    "applications.results_sum": (
        "error", "{where}：办理结果各项之和({expected})不等于总计({actual})",
        "{where_en}: the results add up to {expected}, the printed total is {actual}"),
    "applications.row_sum": (
        "error", "{where}：各类申请人之和({expected})不等于总计({actual})",
        "{where_en}: the applicant columns add up to {expected}, the printed total is {actual}"),
    "review_litigation.group_sum": (
        "error", "{where}：各结果之和({expected})不等于总计({actual})",
        "{where_en}: the outcomes add up to {expected}, the printed total is {actual}"),
    "prose.contradicts_table": (
        "error", "正文称“{text}”(第{line}行)，但{where}为{actual}",
        "The text says \"{text}\" (line {line}) but {where_en} is {actual}"),
    "prose.figure_mismatch": (
        "error", "正文称{where}为{expected}(第{line}行)，表中为{actual}",
        "The text gives {where_en} as {expected} (line {line}); the table prints {actual}"),
    "table.incomplete": (
        "warning", "{where}：原文缺少{actual}格(如缺页)，这些格发布为空值：{detail}",
        "{where_en}: {actual} cells are absent from the source (e.g. a lost page) and published as null: {detail}"),
    "table.unplaced_values": (
        "warning", "{where}：原文印有数值“{detail}”(第{line}行)，但无法确定其所属格，未予发布",
        "{where_en}: the values '{detail}' (line {line}) cannot be placed in the table and are not published"),
    "table.glued_digits": (
        "warning", "{where}：原文数字粘连在一起(第{line}行：“{detail}”)，无法唯一拆分到各格，未予发布",
        "{where_en}: digits of several cells run together (line {line}: '{detail}') and cannot be split "
        "into the cells in only one way; not published"),
    "applications.column_order": (
        "warning", "表三的申请人列顺序无法确定，表中数值未予发布：{detail}",
        "The order of table 三's applicant columns cannot be established, its values are not published: "
        "{detail}"),
    "template.conflict": (
        "warning", "表格同时带有2019年版和2021年版格式的特征，两版含义不同的格未予发布：{detail}",
        "The tables carry marks of both the 2019 and the 2021 template; the cells whose meaning differs "
        "between them are not published: {detail}"),
    "applications.row_short": (
        "info", "{where}：原文该行少印1格(第{line}行：{detail})，按勾稽关系推算整行，标为推算值",
        "{where_en}: the row is printed one cell short (line {line}: {detail}); the row is inferred from the identities"),
    "section.heading_missing": (
        "info", "原文缺少第{detail}部分的标题，表格按内容识别",
        "The heading of section {detail} is missing from the source; the table was found by its content"),
    "ocr.doubtful": (
        "warning", "{where}：扫描件OCR识读存疑，未予发布：{detail}",
        "{where_en}: the OCR reading of the scanned page is doubtful and is not published: {detail}"),
    "source.unreadable": (
        "warning", "原文有部分内容无法读取：{detail}", "Part of the original could not be read: {detail}"),
    "template.year_mismatch": (
        "info", "{actual}年的报告使用了{expected}年版格式",
        "A report on {actual} uses the {expected} template"),
    "metadata.missing": (
        "warning", "未能从原文读出：{detail}", "Not found in the text: {detail}"),
    "report.duplicate": (
        "info", "同一乡镇同一年度另有一份数字相同的报告：{expected}({detail})",
        "Another report for the same township and year has the same numbers: {expected} ({detail})"),
    "report.conflict": (
        "warning", "同一乡镇同一年度另有一份报告({expected}，{detail})，其中{actual}格数字不同",
        "Another report for the same township and year ({expected}, {detail}) differs in {actual} cells"),
    "place.ambiguous": (
        "warning", "乡镇名称不唯一，无法确定所在县市，候选：{detail}",
        "The township's name is shared and the report does not say which one it is; candidates: {detail}"),
    "place.unknown": (
        "warning", "区划表中找不到该乡镇(可能已撤并或更名)；相近：{detail}",
        "The township is not in the division table (merged or renamed?); near: {detail}"),
    "place.note": ("info", "地名线索：{detail}", "Place evidence: {detail}"),
    "correction.stale": (
        "warning", "人工更正不再适用：{detail}", "A correction no longer applies: {detail}"),
    "correction.applied": (
        "info", "{where}经人工更正：{expected}→{actual}，理由：{detail}",
        "{where_en} corrected by a maintainer: {expected} -> {actual}; reason: {detail}"),
}


@dataclass
class Finding:
    report_id: str
    rule: str
    severity: str
    table: str | None
    row: str | None
    column: str | None
    expected: str | None
    actual: str | None
    line: int | None
    message: str
    message_en: str


def finding(ex: Extraction, rule: str, table=None, row=None, column=None, expected=None, actual=None,
            line=None, detail="", text="") -> Finding:
    severity, zh, en = RULES[rule]
    where, where_en = _where(table, row, column)
    fields = dict(where=where, where_en=where_en, expected=_fmt(expected), actual=_fmt(actual), line=line,
                  detail=detail, text=text)
    return Finding(ex.report_id, rule, severity, table, row, column,
                   _str(expected), _str(actual), line, zh.format(**fields), en.format(**fields))


def validate(ex: Extraction) -> list[Finding]:
    """All findings for one extraction, in a stable order."""
    out: list[Finding] = []
    for identity in IDENTITIES:
        out += check_identity(ex, identity)
    out += check_prose(ex)
    out += check_complete(ex)
    for o in ex.observations:
        out.append(finding(ex, o.rule, o.table, o.row, o.col, line=o.line, detail=o.detail))
    year = ex.meta("year")
    if year and ex.template in ("2019", "2021") and (ex.template == "2021") != (year >= 2021):
        out.append(finding(ex, "template.year_mismatch", expected=ex.template, actual=year))
    lacking = [name for name in ("organ", "township", "year") if ex.meta(name) is None]
    if lacking:
        out.append(finding(ex, "metadata.missing", detail=", ".join(lacking)))
    for c in ex.corrections:
        rule = "correction.stale" if c.get("stale") else "correction.applied"
        out.append(finding(ex, rule, c["table"], c["row"], c["column"], c.get("printed"), c.get("value"),
                           c.get("line"), detail=c.get("stale") or c.get("reason", "")))
    return out


def across_reports(extractions: list[Extraction]) -> dict[str, list[Finding]]:
    """Findings that need more than one report: two files for one township and year, the same
    numbers (a copy) or different ones (a conflict). Both stay published and point to each other."""
    groups: dict[str, list[Extraction]] = defaultdict(list)
    for ex in extractions:
        groups[ids.place_year(ex)].append(ex)
    out: dict[str, list[Finding]] = defaultdict(list)
    for group in groups.values():
        for ex in group:
            for other in group:
                if other is ex:
                    continue
                differ = _differing_cells(ex, other)
                rule = "report.conflict" if differ else "report.duplicate"
                out[ex.report_id].append(finding(ex, rule, expected=other.report_id, actual=differ,
                                                 detail=other.source_file))
    return out


def _differing_cells(a: Extraction, b: Extraction) -> int:
    va = {k: c.value for k, c in a.index().items()}
    vb = {k: c.value for k, c in b.index().items()}
    return sum(1 for k in va.keys() | vb.keys() if va.get(k) != vb.get(k))


def check_identity(ex: Extraction, identity: Identity) -> list[Finding]:
    """sum(left) == sum(right) for every member of the other dimension, where every cell is known."""
    table = TABLE_BY_NAME[identity.table]
    idx = ex.index()
    along_rows = identity.along == table.row_dim
    members = [c.key for c in table.cols] if along_rows else [r.key for r in table.rows_for(ex.template)]
    present = {(c.row, c.col) for c in ex.table_cells(table.name)}
    out = []
    for m in members:
        def val(k):
            cell = idx.get((table.name, k, m) if along_rows else (table.name, m, k))
            return cell.value if cell else None
        keys_l = [k for k in identity.left if ((k, m) if along_rows else (m, k)) in present]
        keys_r = [k for k in identity.right if ((k, m) if along_rows else (m, k)) in present]
        if len(keys_l) != len(identity.left) or not keys_r:
            continue
        values = [val(k) for k in keys_l + keys_r]
        if any(v is None for v in values):
            continue
        left, right = sum(values[:len(keys_l)]), sum(values[len(keys_l):])
        if left != right:
            row, col = (identity.left[0], m) if along_rows else (m, identity.left[0])
            expected, actual = (left, right) if identity.rule == "applications.balance" else (right, left)
            out.append(finding(ex, identity.rule, table.name, row if not along_rows else None,
                               col if along_rows else None, expected, actual,
                               line=_line(idx, table.name, row, col)))
    return out


def check_prose(ex: Extraction) -> list[Finding]:
    """What the text says against what the tables print."""
    if ex.template == "legacy":
        return []
    out = []
    idx = ex.index()
    for fact in ex.facts:
        if fact.key == "claim.no_applications":
            cell = idx.get(("applications", "new_received", "total"))
            if cell and cell.value:
                out.append(finding(ex, "prose.contradicts_table", "applications", "new_received", "total",
                                   actual=cell.value, line=fact.line, text=fact.text))
        elif fact.key == "claim.no_review_litigation":
            for row in REVIEW_LITIGATION.rows:
                cell = idx.get(("review_litigation", row.key, "total"))
                if cell and cell.value:
                    out.append(finding(ex, "prose.contradicts_table", "review_litigation", row.key, "total",
                                       actual=cell.value, line=fact.line, text=fact.text))
        elif fact.key.startswith("applications.") and fact.value is not None:
            _, row, col = fact.key.split(".")
            cell = idx.get(("applications", row, col))
            if cell and cell.value is not None and cell.value != fact.value:
                out.append(finding(ex, "prose.figure_mismatch", "applications", row, col,
                                   expected=fact.value, actual=cell.value, line=fact.line))
    return out


def check_complete(ex: Extraction) -> list[Finding]:
    """One finding per table whose cells are absent from the source."""
    out = []
    if ex.template == "legacy":
        return out
    for table in TABLE_BY_NAME.values():
        missing = [c for c in ex.table_cells(table.name) if c.status == "missing"]
        if missing:
            rows = list(dict.fromkeys(c.row for c in missing))
            labels = "、".join(table.row(r).zh for r in rows)
            f = finding(ex, "table.incomplete", table.name, actual=len(missing), detail=labels)
            f.row = rows[0]  # the first absent row: where the source breaks off
            out.append(f)
    return out


def status(findings: list[Finding]) -> str:
    """A report's validation status: errors > warnings > passed (info findings do not count)."""
    severities = {f.severity for f in findings}
    return "errors" if "error" in severities else "warnings" if "warning" in severities else "passed"


def _where(table, row, column) -> tuple[str, str]:
    if not table:
        return "", ""
    t = TABLE_BY_NAME[table]
    parts = [f"表{t.section}"]
    parts_en = [t.en]
    if row:
        parts.append(f"“{t.row(row).zh}”行")
        parts_en.append(f"row {row}")
    if column:
        parts.append(f"“{t.col(column).zh}”列")
        parts_en.append(f"column {column}")
    return "".join(parts), ", ".join(parts_en)


def _line(idx, table, row, col):
    cell = idx.get((table, row, col))
    return cell.line if cell else None


def _fmt(v) -> str:
    return "" if v is None else str(v)


def _str(v) -> str | None:
    return None if v is None else str(v)

