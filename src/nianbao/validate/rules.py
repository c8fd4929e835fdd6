"""The rules of validation: each a stable id, a severity and a message template in Chinese and
English. Findings are made from these only (``finding``), so a rule's wording lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..catalogue import TABLE_BY_NAME

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
    # continuity: {peer} / {peer_en} name the other report, its file and lines
    "continuity.carried_over": (
        "warning", "{where}为{actual}(第{line}行)，但上一年度报告{peer}的“结转下年度继续办理”为{expected}",
        "{where_en} is {actual} (line {line}), but the previous year's report {peer_en} carries forward {expected}"),
    "continuity.carried_forward": (
        "warning", "{where}为{actual}(第{line}行)，但下一年度报告{peer}的“上年结转”为{expected}",
        "{where_en} is {actual} (line {line}), but the next year's report {peer_en} carries over {expected}"),
    "continuity.items_prev_year": (
        "warning", "{where}为{actual}(第{line}行)，但上一年度报告{peer}的上一年项目数量加本年增/减为{expected}",
        "{where_en} is {actual} (line {line}), but items last year plus the change in the previous year's report "
        "{peer_en} come to {expected}"),
    "continuity.items_next_year": (
        "warning", "{where}：上一年项目数量加本年增/减为{actual}(第{line}、{detail}行)，但下一年度报告{peer}的"
                   "“上一年项目数量”为{expected}",
        "{where_en}: items last year plus the change come to {actual} (lines {line}, {detail}), but the next "
        "year's report {peer_en} prints {expected} as items last year"),
    "county.below_townships": (
        "info", "{where}为{actual}，少于{text}{detail}份乡镇报告之和{expected}(见aggregates表)；"
                "若本报告统计的是全县，则不应少于各乡镇之和",
        "{where_en} is {actual}, less than the sum over {detail} township reports of {text}, {expected} (see "
        "the aggregates table); a count of the whole county cannot be less than its townships' sum"),
    "place.ambiguous": (
        "warning", "乡镇名称不唯一，无法确定所在县市，候选：{detail}",
        "The township's name is shared and the report does not say which one it is; candidates: {detail}"),
    "place.unknown": (
        "warning", "区划表中找不到该乡镇(可能已撤并或更名)；相近：{detail}",
        "The township is not in the division table (merged or renamed?); near: {detail}"),
    "place.conflict": (
        "warning", "地名线索相互矛盾，未能确定所在乡镇：{detail}",
        "The evidence of the report's place contradicts itself, so the township is not resolved: {detail}"),
    "metadata.conflict": (
        "info", "原文对报告信息的说法不一致：{detail}", "The text gives different values for a field: {detail}"),
    "manifest.invalid": (
        "warning", "文件清单(manifest.csv)中有值无效，未采用：{detail}",
        "A value of the corpus manifest is invalid and was not used: {detail}"),
    "correction.invalid": (
        "warning", "人工更正无法应用：{detail}", "A correction cannot be applied as written: {detail}"),
    "correction.stale": (
        "warning", "人工更正不再适用：{detail}", "A correction no longer applies: {detail}"),
    "correction.applied": (
        "info", "{where}经人工更正：{expected}→{actual}，理由：{detail}",
        "{where_en} corrected by a maintainer: {expected} -> {actual}; reason: {detail}"),
}



# What each rule checks, in a few words: for the lists and the data dictionary.
RULE_TITLES = {
    "applications.balance": ("新收加结转与办理加结转不平", "received + carried over != handled + carried forward"),
    "applications.results_sum": ("办理结果之和不等于总计", "results do not add up to the total"),
    "applications.row_sum": ("各类申请人之和不等于总计", "applicants do not add up to the total"),
    "review_litigation.group_sum": ("复议诉讼结果之和不等于总计", "outcomes do not add up to the total"),
    "prose.contradicts_table": ("正文与表格矛盾", "the text contradicts the table"),
    "prose.figure_mismatch": ("正文数字与表格不同", "a figure in the text differs from the table"),
    "table.incomplete": ("表格不全(缺页或截断)", "cells absent from the source"),
    "table.unplaced_values": ("数值无法对应到格", "values that cannot be placed"),
    "table.glued_digits": ("数字粘连无法拆分", "digits run together"),
    "applications.column_order": ("表三列顺序无法确定", "column order of table 三 unclear"),
    "template.conflict": ("格式版本特征混杂", "marks of both templates"),
    "applications.row_short": ("行少印一格，整行推算", "a row printed one cell short, inferred"),
    "section.heading_missing": ("缺少章节标题", "a section heading is missing"),
    "source.unreadable": ("原文部分无法读取", "part of the original unreadable"),
    "ocr.doubtful": ("扫描识读存疑", "a doubtful OCR reading"),
    "template.year_mismatch": ("格式版本与年度不符", "template of another period"),
    "metadata.missing": ("未读出报告信息", "metadata not found"),
    "metadata.conflict": ("报告信息前后不一", "the text gives different values"),
    "report.duplicate": ("同一乡镇年度的副本", "a copy of another report"),
    "report.conflict": ("同一乡镇年度的不同版本", "another version with other numbers"),
    "continuity.carried_over": ("上年结转与上一年度报告不符", "carried over differs from last year's report"),
    "continuity.carried_forward": ("结转下年与下一年度报告不符", "carried forward differs from next year's report"),
    "continuity.items_prev_year": ("上一年项目数量与上一年度报告不符", "items last year differ from last year's report"),
    "continuity.items_next_year": ("项目数量与下一年度报告不符", "items differ from next year's report"),
    "county.below_townships": ("县级数字少于其乡镇之和", "a county figure below its townships' sum"),
    "place.ambiguous": ("乡镇名称不唯一", "township name shared"),
    "place.unknown": ("区划表中无此乡镇", "township not in the division table"),
    "place.conflict": ("地名线索矛盾", "place evidence contradicts itself"),
    "manifest.invalid": ("文件清单有无效值", "invalid manifest value"),
    "correction.stale": ("人工更正不再适用", "a correction no longer applies"),
    "correction.invalid": ("人工更正无法应用", "a correction cannot be applied"),
    "correction.applied": ("经人工更正", "corrected by a maintainer"),
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


def finding(report_id: str, rule: str, table=None, row=None, column=None, expected=None, actual=None,
            line=None, detail="", text="", peer="", peer_en="") -> Finding:
    severity, zh, en = RULES[rule]
    where, where_en = _where(table, row, column)
    fields = dict(where=where, where_en=where_en, expected=_fmt(expected), actual=_fmt(actual), line=line,
                  detail=detail, text=text, peer=peer, peer_en=peer_en)
    return Finding(report_id, rule, severity, table, row, column,
                   _str(expected), _str(actual), line, zh.format(**fields), en.format(**fields))


def status(findings: list[Finding]) -> str:
    """A report's validation status: errors > warnings > passed (info findings do not count)."""
    severities = {f.severity for f in findings}
    return "errors" if "error" in severities else "warnings" if "warning" in severities else "passed"


@lru_cache(maxsize=1 << 14)
def _where(table, row, column) -> tuple[str, str]:
    if not table:
        return "", ""
    t = TABLE_BY_NAME[table]
    rows, cols = {r.key: r.zh for r in t.rows}, {c.key: c.zh for c in t.cols}
    parts = [f"表{t.section}"]
    parts_en = [t.en]
    if row:
        parts.append(f"“{rows.get(row, row)}”行")
        parts_en.append(f"row {row}")
    if column:
        parts.append(f"“{cols.get(column, column)}”列")
        parts_en.append(f"column {column}")
    return "".join(parts), ", ".join(parts_en)


def _fmt(v) -> str:
    return "" if v is None else str(v)


def _str(v) -> str | None:
    return None if v is None else str(v)

