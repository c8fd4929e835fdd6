"""Table Schemas of the published resources, derived from the catalogue.

The schemas are the data dictionary: datapackage.json, the Parquet column types and the site's
data dictionary page are all made from ``RESOURCES``.
"""

from __future__ import annotations

from ..catalogue import (APPLICATIONS, LEVELS, PROACTIVE, REVIEW_LITIGATION, SEVERITIES, STATUSES, TABLES,
                         TEMPLATES, VALIDATION_STATUSES)
from ..describe import PUBLISHED as METADATA_FIELDS
from ..validate import RULES
from .areas import COVERAGE_STATUSES, FIGURES, LEVELS as AREA_LEVELS


def field(name: str, type_: str, zh: str, en: str, description: str = "", enum=None, required=False) -> dict:
    f = {"name": name, "type": type_, "title": f"{zh} / {en}"}
    if description:
        f["description"] = description
    constraints = {}
    if enum is not None:
        constraints["enum"] = list(enum)
    if required:
        constraints["required"] = True
    if constraints:
        f["constraints"] = constraints
    return f


def _keys(items) -> list[str]:
    return list(dict.fromkeys(i.key for i in items))


def _labels(items) -> str:
    return "; ".join(f"{i.key} = {i.zh}" for i in {i.key: i for i in items}.values())


REPORT_ID = field("report_id", "string", "报告编号", "report id",
                  "Stable, readable id of the report: <township>-<county>-<year> in pinyin.", required=True)

_PROVENANCE = [
    field("status", "string", "状态", "status",
          "; ".join(f"{k}: {v}" for k, v in STATUSES.items()), enum=STATUSES, required=True),
    field("source_line", "integer", "原文行号", "source line",
          "Line of the original file where the value is printed (1-based)."),
    field("source_where", "string", "原文位置", "source place",
          "For PDF, Word and web originals: the page and line, or the table and row, of the value "
          "(source_line then counts lines of the archived text rendering)."),
    field("printed", "string", "原文所印", "as printed",
          "The cell's text as printed in the report (for a corrected cell, the printed value)."),
    field("note", "string", "说明", "note", "How an inferred value was derived, or why a cell was corrected."),
]

_META_TITLES = {
    "organ": ("发布机关", "issuing organ", "As the report writes it (its title, the preamble, the signature), "
                                         "simplified script; null when the text never names an organ."),
    "level": ("机关层级", "level", "Who published the report: " + "; ".join(f"{k} = {v[0]} {v[1]}"
                                                                      for k, v in LEVELS.items())
              + ". Only township and street reports are the dataset's subject; the others are kept, marked."),
    "township": ("乡镇街道", "township", "The 乡, 镇 or 街道."),
    "county": ("县级", "county", "County-level unit (县, 县级市, 区, 旗)."),
    "prefecture": ("地级", "prefecture", "Prefecture-level unit."),
    "province": ("省级", "province", "Province-level unit."),
    "division_code": ("区划代码", "division code",
                      "9-digit code of the township in the 民政部 administrative division table of "
                      "2025-12-31 (not the statistics bureau's 统计用区划代码), only where exactly one township "
                      "fits the evidence. See docs/places.md."),
    "year": ("报告年度", "year", "The year reported on (not the year of publication)."),
    "published_on": ("发布日期", "published on", "Date signed, where printed."),
    "phone": ("联系电话", "phone", ""),
    "email": ("电子邮箱", "email", ""),
    "address": ("地址", "address", ""),
    "postcode": ("邮政编码", "postcode", ""),
    "website": ("网站", "website", "The first web address the report prints."),
    "source_url": ("原文网址", "source url", "Official page of the report, where known."),
    "retrieved_on": ("获取日期", "retrieved on", "When the original was retrieved."),
}
_META_TYPES = {"year": "integer", "published_on": "date", "retrieved_on": "date"}


def _meta_fields() -> list[dict]:
    return [field(name, _META_TYPES.get(name, "string"), *_META_TITLES[name],
                  enum=list(LEVELS) if name == "level" else None) for name in METADATA_FIELDS]


def _cell_resource(table, row_title, col_title, unit: bool = False) -> dict:
    fields = [
        REPORT_ID,
        field(table.row_dim, "string", *row_title, _labels(table.rows), enum=_keys(table.rows), required=True),
        field(table.col_dim, "string", *col_title, _labels(table.cols), enum=_keys(table.cols), required=True),
        field("value", table.value_type, "数值", "value",
              "The number; null unless printed (or inferred, or corrected: see status). Missing is not zero."),
    ]
    if unit:
        fields.append(field("unit", "string", "单位", "unit", "件 pieces, 项 items, 万元 10,000 yuan",
                            enum=sorted({m.unit for m in table.cols})))
    return {
        "title": f"{table.zh} / {table.en}",
        "description": f"Table {table.section} of the national report format, long form: one row per cell.",
        "schema": {"fields": fields + _PROVENANCE,
                   "primaryKey": ["report_id", table.row_dim, table.col_dim],
                   "foreignKeys": [_FK]},
    }


_FK = {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}

SUMMARY_ROWS = _keys(APPLICATIONS.rows)
# summary column -> the cell it copies (table, row, column): the total of every row of 三 and of 四
SUMMARY_CELLS = {**{f"applications_{r}": (APPLICATIONS.name, r, "total") for r in SUMMARY_ROWS},
                 **{f"{p.key}_total": (REVIEW_LITIGATION.name, p.key, "total") for p in REVIEW_LITIGATION.rows}}

RESOURCES: dict[str, dict] = {
    "reports": {
        "title": "报告 / Reports",
        "description": "One row per report: where it came from, who issued it, which year and template, "
                       "and what validation found.",
        "schema": {"fields": [
            REPORT_ID,
            field("place_year", "string", "乡镇年度", "place and year",
                  "The id of the township and year. Reports sharing it are copies or conflicting versions "
                  "of one report (see findings report.duplicate / report.conflict).", required=True),
            field("source_file", "string", "原文文件", "source file", "Path relative to the corpus folder.",
                  required=True),
            field("sha256", "string", "文件哈希", "sha256", "SHA-256 of the source file.", required=True),
            field("format", "string", "文件格式", "format", "How the file was read (text, html, docx, pdf)."),
            *_meta_fields(),
            field("place_method", "string", "地名依据", "place resolved by",
                  "The evidence that fixed the township in the 民政部 division table: text (the names the "
                  "report prints), manifest, phone (area code), website (the address the report prints) or "
                  "url (the page's own address). Empty when unresolved (see findings place.*). "
                  "docs/places.md.", enum=["text", "manifest", "phone", "website", "url"]),
            field("template", "string", "格式版本", "template",
                  "2019: reports on 2019-2020; 2021: reports on 2021 on (by the words of the report's own "
                  "tables); legacy: prose only; empty when the text holds no table and may have stopped "
                  "before its tables (an excerpt).", enum=TEMPLATES),
            field("validation_status", "string", "校验结果", "validation status",
                  "errors: a rule the report states is broken or the text contradicts the tables; "
                  "warnings: cells absent or unplaceable; passed: neither.", enum=VALIDATION_STATUSES,
                  required=True),
            field("findings_error", "integer", "错误数", "error findings"),
            field("findings_warning", "integer", "警告数", "warning findings"),
            field("findings_info", "integer", "提示数", "info findings"),
            field("extractor_version", "string", "提取程序版本", "extractor version"),
        ], "primaryKey": ["report_id"]},
    },
    "proactive": _cell_resource(PROACTIVE, ("类别", "category"), ("指标", "measure"), unit=True),
    "applications": _cell_resource(APPLICATIONS, ("行", "row"), ("申请人", "applicant")),
    "review_litigation": _cell_resource(REVIEW_LITIGATION, ("程序", "proceeding"), ("结果", "outcome")),
    "local_rows": {
        "title": "地方增列行 / Local rows",
        "description": "Rows a report adds to a standard table (e.g. 其他主动公开文件 in table 二, 行政检查 or "
                       "行政确认 under 其他对外管理服务事项), one row per printed value. They are published as "
                       "printed and never counted under a standard row: the standard tables hold only the "
                       "format's own rows.",
        "schema": {"fields": [
            REPORT_ID,
            field("table", "string", "表", "table", "The standard table the row is printed in.",
                  enum=[t.name for t in TABLES], required=True),
            field("label", "string", "行名", "label", "The row's label as printed (simplified script).",
                  required=True),
            field("parent", "string", "所属标准行", "printed under",
                  "The standard row the table prints this row under or as a breakdown of (其中…), e.g. "
                  "other_management_services, where it shows one. Its values are published here only: "
                  "never added to or taken from that row's.",
                  enum=list(dict.fromkeys(r.key for t in TABLES for r in t.rows))),
            field("position", "integer", "列序", "position",
                  "The value's position in the row, from 1.", required=True),
            field("column", "string", "对应列", "column",
                  "The standard column the table's header gives this position (e.g. a measure of table 二).",
                  enum=list(dict.fromkeys(c.key for t in TABLES for c in t.cols))),
            field("value", "number", "数值", "value",
                  "The number; null where the cell is printed blank. Missing is not zero."),
            *_PROVENANCE,
        ], "primaryKey": ["report_id", "table", "source_line", "position"], "foreignKeys": [_FK]},
    },
    "report_fields": {
        "title": "报告信息来源 / Where each report's metadata comes from",
        "description": "One row per report and metadata field: the published value, the source it was taken "
                       "from and the line of the original, so every value of reports can be traced. Sources: "
                       "title, announces (the preamble's 现公布…报告), compiled_by (由…编制), chrome (the page's "
                       "发布机构), opening (section 一's first sentence), signature, period (统计期限), mention, "
                       "self_reference (我镇, 我局), text, manifest, gazetteer:<evidence>.",
        "schema": {"fields": [
            REPORT_ID,
            field("field", "string", "字段", "field", enum=list(METADATA_FIELDS), required=True),
            field("value", "string", "值", "value", required=True),
            field("source", "string", "来源", "source", required=True),
            field("source_line", "integer", "原文行号", "source line"),
        ], "primaryKey": ["report_id", "field"], "foreignKeys": [_FK]},
    },
    "prose_facts": {
        "title": "正文所述数字 / Figures stated in the prose",
        "description": "Every figure and claim a report's text states about its own numbers (共收到申请7件; "
                       "未发生行政复议), with its line. They check the tables (findings prose.*); where the text "
                       "holds no table, the applications figures are also published as cells with status prose.",
        "schema": {"fields": [
            REPORT_ID,
            field("fact", "string", "事项", "fact", "table.row.column of the figure, or claim.* for a statement.",
                  required=True),
            field("table", "string", "表", "table", enum=[t.name for t in TABLES]),
            field("row", "string", "行", "row"),
            field("column", "string", "列", "column"),
            field("value", "integer", "数值", "value", "The figure; null for a claim in words."),
            field("source_line", "integer", "原文行号", "source line", required=True),
            field("text", "string", "原文", "text", "The sentence it stands in.", required=True),
        ], "foreignKeys": [_FK]},
    },
    "findings": {
        "title": "校验发现 / Findings",
        "description": "What validation found about each report: broken identities (勾稽关系), prose that "
                       "contradicts the tables, cells absent from the source. Findings are about the "
                       "report, not errors of the build.",
        "schema": {"fields": [
            REPORT_ID,
            field("rule", "string", "规则", "rule", "; ".join(f"{k}" for k in RULES), enum=list(RULES),
                  required=True),
            field("severity", "string", "级别", "severity", enum=SEVERITIES, required=True),
            field("table", "string", "表", "table", enum=[t.name for t in TABLES]),
            field("row", "string", "行", "row", "Row key (or category/proceeding) the finding is about."),
            field("column", "string", "列", "column", "Column key (applicant/measure/outcome)."),
            field("expected", "string", "应为", "expected"),
            field("actual", "string", "实为", "actual"),
            field("source_line", "integer", "原文行号", "source line"),
            field("message", "string", "说明", "message"),
            field("message_en", "string", "说明(英文)", "message (English)"),
        ], "foreignKeys": [_FK]},
    },
    "summary": {
        "title": "汇总 / Summary",
        "description": "One wide row per report with the headline figures, for spreadsheets: the total "
                       "column of every row of table 三, the totals of table 四, and counts of findings.",
        "schema": {"fields": [
            REPORT_ID,
            *[field(n, _META_TYPES.get(n, "string"), *_META_TITLES[n][:2])
              for n in ("organ", "township", "county", "prefecture", "province", "year")],
            field("level", "string", "机关层级", "level", enum=list(LEVELS)),
            field("template", "string", "格式版本", "template", enum=TEMPLATES),
            field("validation_status", "string", "校验结果", "validation status", enum=VALIDATION_STATUSES),
            *[field(f"applications_{r}", "integer", APPLICATIONS.row(r).zh, f"applications: {r} (total)")
              for r in SUMMARY_ROWS],
            *[field(f"{p.key}_total", "integer", f"{p.zh}总计", f"{p.en}: total") for p in REVIEW_LITIGATION.rows],
            field("findings_error", "integer", "错误数", "error findings"),
            field("findings_warning", "integer", "警告数", "warning findings"),
            field("findings_info", "integer", "提示数", "info findings"),
        ], "primaryKey": ["report_id"], "foreignKeys": [_FK]},
    },
    "coverage": {
        "title": "覆盖情况 / Coverage",
        "description": "Which townships published which years: one row per township of the 民政部 division table "
                       "under every county the corpus touches (a county one of whose townships' reports is "
                       "resolved to it), and per year from the county's first to its last year in the corpus. "
                       "published: one report; duplicate: "
                       "several files with the same numbers; conflict: files whose numbers differ; absent: no "
                       "report in the corpus (not: none published).",
        "schema": {"fields": [
            field("division_code", "string", "区划代码", "division code", "9-digit code of the township.",
                  required=True),
            field("year", "integer", "报告年度", "year", required=True),
            field("township", "string", "乡镇街道", "township", required=True),
            field("county", "string", "县级", "county"),
            field("prefecture", "string", "地级", "prefecture"),
            field("province", "string", "省级", "province"),
            field("county_code", "string", "县级区划代码", "county code",
                  "The county's code (the prefecture's where the table lists the township under it).",
                  required=True),
            field("status", "string", "状态", "status", enum=COVERAGE_STATUSES, required=True),
            field("reports", "integer", "报告数", "reports", required=True),
            field("report_ids", "string", "报告编号", "report ids", "The reports, separated by spaces."),
        ], "primaryKey": ["division_code", "year"]},
    },
    "aggregates": {
        "title": "地区合计 / Totals by area",
        "description": "The headline figures of the township reports added up per county, prefecture, province "
                       "and the nation, per year. A township-year counts once; conflicting versions are not "
                       "counted (they are missing). A null is never added and nothing is imputed: reports is how "
                       "many reports gave a number, missing how many were published without it (or in "
                       "conflict), absent how many townships of the division table have no report that year. "
                       "value is null when no report gave a number.",
        "schema": {"fields": [
            field("level", "string", "层级", "level", enum=AREA_LEVELS, required=True),
            field("code", "string", "区划代码", "code", "Code of the area in the division table; CN: the nation.",
                  required=True),
            field("name", "string", "名称", "name", required=True),
            field("parent_code", "string", "上级代码", "parent code"),
            field("year", "integer", "报告年度", "year", required=True),
            field("figure", "string", "指标", "figure", "A column of summary.", enum=FIGURES, required=True),
            field("value", "integer", "合计", "total", "Sum of the reports' non-null values; null when none."),
            field("reports", "integer", "计入报告数", "reports counted", required=True),
            field("missing", "integer", "缺值报告数", "reports without the figure", required=True),
            field("absent", "integer", "未见报告的乡镇数", "townships without a report", required=True),
            field("townships", "integer", "区划表乡镇数", "townships in the division table", required=True),
        ], "primaryKey": ["level", "code", "year", "figure"]},
    },
    "errors": {
        "title": "无法处理的文件 / Files that could not be processed",
        "description": "Every input file that is not in reports, with the stage that stopped it and why.",
        "schema": {"fields": [
            field("source_file", "string", "原文文件", "source file", required=True),
            field("sha256", "string", "文件哈希", "sha256"),
            field("stage", "string", "环节", "stage", enum=["corpus", "manifest", "ingest", "extract", "validate",
                                                             "corrections", "tables"], required=True),
            field("code", "string", "代码", "code", "A stable code of the reason (e.g. ingest.too_large, "
                  "extract.not_a_report, corpus.symlink): for filtering; the reason says it in words.",
                  required=True),
            field("reason", "string", "原因", "reason", required=True),
        ], "primaryKey": ["source_file"]},
    },
}
