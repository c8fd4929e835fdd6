"""The catalogue: the three standard tables of the national report format, declared once as data.

Every other stage derives from this module: extraction matches the label keys, validation checks
the identities, the Table Schemas in datapackage.json, the data dictionary and the tables on the
site are all generated from it. Keys are the public data contract (../shared/CONTRACT.md).

Templates: ``2019`` (reports on 2019 and 2020), ``2021`` (reports on 2021 and later) and
``legacy`` (prose only, no tables).
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = ("2019", "2021", "legacy")
BOTH = ("2019", "2021")


@dataclass(frozen=True)
class Item:
    """A row or column of a standard table.

    ``match`` are short, distinctive strings (normalised, simplified script) that identify the
    item in a report's text; the official label alone is often split, garbled or prefixed.
    """

    key: str
    zh: str
    en: str
    match: tuple[str, ...] = ()
    templates: tuple[str, ...] = BOTH
    group: str = ""  # the official group heading the row stands under, e.g. (三)不予公开
    unit: str = ""


@dataclass(frozen=True)
class Identity:
    """An accounting identity (勾稽关系) the format states: sum(left) == sum(right).

    ``along`` names the dimension the keys are taken from; the identity must hold for every
    member of the other dimension (e.g. for each applicant column).
    """

    rule: str
    table: str
    along: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    zh: str


@dataclass(frozen=True)
class Table:
    """A standard table published in long form: one row per (row key, column key) cell."""

    name: str
    zh: str
    en: str
    section: str
    row_dim: str
    col_dim: str
    rows: tuple[Item, ...]
    cols: tuple[Item, ...]
    value_type: str = "integer"

    def row(self, key: str) -> Item:
        return next(i for i in self.rows if i.key == key)

    def col(self, key: str) -> Item:
        return next(i for i in self.cols if i.key == key)

    def rows_for(self, template: str) -> tuple[Item, ...]:
        return tuple(r for r in self.rows if template in r.templates)


# --- 三、收到和处理政府信息公开申请情况 ------------------------------------------------------

_DENIED = "(三)不予公开"
_UNABLE = "(四)无法提供"
_NOT_PROCESSED = "(五)不予处理"
_OTHER = "(六)其他处理"
_RESULTS = "三、本年度办理结果"

_LEGAL = "法人或其他组织"

APPLICANTS = (
    Item("natural_person", "自然人", "natural person", ("自然人",)),
    Item("commercial_enterprise", "商业企业", "commercial enterprise", ("商业企业",), group=_LEGAL),
    Item("research_institution", "科研机构", "research institution", ("科研机构",), group=_LEGAL),
    Item("social_welfare_org", "社会公益组织", "social welfare organisation", ("社会公益组织", "公益组织"),
         group=_LEGAL),
    Item("legal_service_org", "法律服务机构", "legal service organisation", ("法律服务机构",), group=_LEGAL),
    Item("other_org", "其他", "other organisation", ("其他",), group=_LEGAL),
    Item("total", "总计", "total", ("总计",)),
)

APPLICATION_ROWS = (
    Item("new_received", "一、本年新收政府信息公开申请数量", "new applications received this year",
         ("本年新收", "年新收")),
    Item("carried_over", "二、上年结转政府信息公开申请数量", "applications carried over from last year",
         ("上年结转",)),
    Item("granted", "(一)予以公开", "granted", ("予以公开", "子以公开"), group=_RESULTS),
    Item("partially_granted", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partially granted",
         ("部分公开", "分公开"), group=_RESULTS),
    Item("denied_state_secret", "1.属于国家秘密", "denied: state secret", ("属于国家秘密", "国家秘密"),
         group=_DENIED),
    Item("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "denied: prohibited by other laws",
         ("其他法律行政法规禁止公开", "禁止公开"), group=_DENIED),
    Item("denied_three_safeties", "3.危及“三安全一稳定”", "denied: endangers the \"three safeties and one stability\"",
         ("三安全一稳定", "危及"), group=_DENIED),
    Item("denied_third_party", "4.保护第三方合法权益", "denied: protects third-party rights",
         ("保护第三方合法权益", "第三方"), group=_DENIED),
    Item("denied_internal_affairs", "5.属于三类内部事务信息", "denied: internal affairs",
         ("属于三类内部事务", "内部事务"), group=_DENIED),
    Item("denied_process_info", "6.属于四类过程性信息", "denied: process information",
         ("属于四类过程性信息", "过程性信息"), group=_DENIED),
    Item("denied_enforcement_file", "7.属于行政执法案卷", "denied: administrative enforcement file",
         ("属于行政执法案卷", "执法案卷"), group=_DENIED),
    Item("denied_administrative_query", "8.属于行政查询事项", "denied: administrative query matter",
         ("属于行政查询事项", "行政查询"), group=_DENIED),
    Item("unable_not_held", "1.本机关不掌握相关政府信息", "unable: information not held",
         ("本机关不掌握", "不掌握"), group=_UNABLE),
    Item("unable_needs_creation", "2.没有现成信息需要另行制作", "unable: would need to be created",
         ("没有现成信息", "另行制作"), group=_UNABLE),
    Item("unable_unclear", "3.补正后申请内容仍不明确", "unable: request still unclear after correction",
         ("补正后申请内容仍不明确", "仍不明确"), group=_UNABLE),
    Item("not_processed_complaint", "1.信访举报投诉类申请", "not processed: petition, report or complaint",
         ("信访举报投诉", "投诉类申请"), group=_NOT_PROCESSED),
    Item("not_processed_repeat", "2.重复申请", "not processed: repeated application", ("重复申请",),
         group=_NOT_PROCESSED),
    Item("not_processed_publication", "3.要求提供公开出版物", "not processed: asks for a publication",
         ("公开出版物",), group=_NOT_PROCESSED),
    Item("not_processed_massive", "4.无正当理由大量反复申请", "not processed: massive repeated applications",
         ("大量反复申请", "无正当理由大量"), group=_NOT_PROCESSED),
    Item("not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息",
         "not processed: asks to confirm or re-issue information already obtained",
         ("确认或重新出具", "已获取信息", "重新出具"), group=_NOT_PROCESSED),
    Item("other", "(六)其他处理", "other handling", ("其他处理",), templates=("2019",), group=_RESULTS),
    Item("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "other: applicant did not complete the application in time", ("逾期不补正",),
         templates=("2021",), group=_OTHER),
    Item("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "other: applicant did not pay the fee in time", ("缴纳费用", "收费通知"),
         templates=("2021",), group=_OTHER),
    Item("other_other", "3.其他", "other: other", ("其他",), templates=("2021",), group=_OTHER),
    Item("total", "(七)总计", "total handled", ("总计",), group=_RESULTS),
    Item("carried_forward", "四、结转下年度继续办理", "carried forward to next year",
         ("结转下年度",)),
)

RESULT_ROWS = tuple(r.key for r in APPLICATION_ROWS if r.group and r.key != "total")

# The header of table 三 above the applicant columns: where 总计 stands among them is read from it.
APPLICANT_HEADING = "申请人情况"

APPLICATIONS = Table(
    name="applications",
    zh="收到和处理政府信息公开申请情况",
    en="Applications for disclosure received and handled",
    section="三",
    row_dim="row",
    col_dim="applicant",
    rows=APPLICATION_ROWS,
    cols=APPLICANTS,
)

# --- 四、政府信息公开行政复议、行政诉讼情况 --------------------------------------------------

REVIEW_LITIGATION = Table(
    name="review_litigation",
    zh="政府信息公开行政复议、行政诉讼情况",
    en="Administrative review and litigation",
    section="四",
    row_dim="proceeding",
    col_dim="outcome",
    rows=(
        Item("administrative_review", "行政复议", "administrative review", ("行政复议",)),
        Item("litigation_direct", "行政诉讼：未经复议直接起诉", "litigation without prior review",
             ("未经复议直接起诉", "直接起诉")),
        Item("litigation_after_review", "行政诉讼：复议后起诉", "litigation after review", ("复议后起诉",)),
    ),
    cols=(
        Item("upheld", "结果维持", "decision upheld", ("维持",)),
        Item("corrected", "结果纠正", "decision corrected", ("纠正",)),
        Item("other", "其他结果", "other outcome", ("其他",)),
        Item("pending", "尚未审结", "pending", ("审结",)),
        Item("total", "总计", "total", ("总计",)),
    ),
)

# --- 二、主动公开政府信息情况 (第二十条) -------------------------------------------------------

PIECES, ITEMS, WAN_YUAN = "件", "项", "万元"

MEASURES = (
    Item("new_made", "本年新制作数量", "made this year", ("新制作",), ("2019",), unit=PIECES),
    Item("new_published", "本年新公开数量", "published this year", ("新公开",), ("2019",), unit=PIECES),
    Item("total_published", "对外公开总数量", "total published", ("公开总数",), ("2019",), unit=PIECES),
    Item("items_prev_year", "上一年项目数量", "items last year", ("上一年项目",), ("2019",), unit=ITEMS),
    Item("items_change", "本年增/减", "change this year", ("增/减", "增减", "增\\减"), ("2019",), unit=ITEMS),
    Item("decisions", "处理决定数量", "decisions made", ("处理决定",), BOTH, unit=PIECES),
    Item("procurement_items", "采购项目数量", "procurement items", ("采购项目",), ("2019",), unit=ITEMS),
    Item("procurement_amount", "采购总金额", "procurement amount", ("采购总金额",), ("2019",),
         unit=WAN_YUAN),
    Item("issued", "本年制发件数", "issued this year", ("制发",), ("2021",), unit=PIECES),
    Item("repealed", "本年废止件数", "repealed this year", ("废止",), ("2021",), unit=PIECES),
    Item("in_force", "现行有效件数", "in force", ("现行有效",), ("2021",), unit=PIECES),
    Item("fee_amount", "本年收费金额(单位:万元)", "fees collected this year", ("收费金额",), ("2021",),
         unit=WAN_YUAN),
)

PROACTIVE_MEASURES = {m.key: m for m in MEASURES}

CATEGORIES = (
    Item("regulations", "规章", "regulations", ("规章",)),
    Item("normative_documents", "规范性文件", "normative documents", ("行政规范性文件", "规范性文件")),
    Item("administrative_licensing", "行政许可", "administrative licensing", ("行政许可",)),
    Item("other_management_services", "其他对外管理服务事项", "other external management services",
         ("其他对外管理服务事项", "对外管理服务"), ("2019",)),
    Item("administrative_penalty", "行政处罚", "administrative penalty", ("行政处罚",)),
    Item("administrative_coercion", "行政强制", "administrative coercion", ("行政强制",)),
    Item("administrative_fees", "行政事业性收费", "administrative fees", ("行政事业性收费", "事业性收费")),
    Item("government_procurement", "政府集中采购", "government procurement", ("政府集中采购", "集中采购"),
         ("2019",)),
)


@dataclass(frozen=True)
class Block:
    """One 第二十条第(X)项 block of table 二: its categories share one header of measures."""

    clause: str
    categories: tuple[str, ...]
    measures: tuple[str, ...]
    headers: tuple[str, ...] = ()  # the header as this template prints it, where not the items' zh

    def header(self, measure: str) -> str:
        i = self.measures.index(measure)
        return self.headers[i] if self.headers else PROACTIVE_MEASURES[measure].zh


PROACTIVE_LAYOUT: dict[str, tuple[Block, ...]] = {
    "2019": (
        Block("第二十条第(一)项", ("regulations", "normative_documents"),
              ("new_made", "new_published", "total_published")),
        Block("第二十条第(五)项", ("administrative_licensing", "other_management_services"),
              ("items_prev_year", "items_change", "decisions")),
        Block("第二十条第(六)项", ("administrative_penalty", "administrative_coercion"),
              ("items_prev_year", "items_change", "decisions")),
        Block("第二十条第(八)项", ("administrative_fees",), ("items_prev_year", "items_change")),
        Block("第二十条第(九)项", ("government_procurement",), ("procurement_items", "procurement_amount")),
    ),
    "2021": (
        Block("第二十条第(一)项", ("regulations", "normative_documents"), ("issued", "repealed", "in_force")),
        Block("第二十条第(五)项", ("administrative_licensing",), ("decisions",), ("本年处理决定数量",)),
        Block("第二十条第(六)项", ("administrative_penalty", "administrative_coercion"), ("decisions",),
              ("本年处理决定数量",)),
        Block("第二十条第(八)项", ("administrative_fees",), ("fee_amount",)),
    ),
}

# How table 二 is read. A row of table 二 is a category only when its label is the category's:
# the label with the key taken out may keep characters of the official label ("其他对外管理服务事项"
# found by its key 对外管理服务) and at most LABEL_NOISE others (OCR debris: "其他对外管理服务事顷"),
# and never LOCAL_MARK ("其他规范性文件" is a local row, and so is "行政许可、行政确认"). Rows
# the format does not have (其他主动公开文件, 行政检查 and 行政确认 under 其他对外管理服务事项) are
# published as local rows, never under a standard key; SUB_ROW_MARKS open a breakdown of the row
# above ("其中：行政检查"); a GROUP_HEADS category printed with no values of its own stands over
# the local rows that follow it.
LABEL_NOISE = 1
LOCAL_MARK = "其他"
SUB_ROW_MARKS = ("其中",)
GROUP_HEADS = ("other_management_services",)  # categories printed as a heading over local rows
PROACTIVE_HEADER_WORDS = ("信息内容",)
CLAUSE = "第二十条第"

# Words that only one template's tables print (compared without spaces or punctuation, so "本年增\减"
# is "本年增减"); whole header words and the halves a header split across lines leaves behind
# ("本年新" / "制作数量"). Table 二's row shapes count too: see extract.detect_template.
TEMPLATE_WORDS = {
    "2021": ("制发", "废止", "现行有效", "有效件数", "件数", "收费金额", "逾期不补正", "缴纳费用", "收费通知"),
    "2019": ("新制作", "新公开", "公开总数", "制作数量", "公开数量", "总数量", "上一年", "项目数量", "增减",
             "采购项目", "采购总金额"),
}
# The values a row of table 二 prints tell the template where the header cannot: 行政许可 prints
# 上一年项目数量 / 本年增减 / 处理决定数量 in 2019, only 本年处理决定数量 in 2021.
TEMPLATE_ROW_WIDTHS = {
    "administrative_licensing": {3: "2019", 1: "2021"},
    "administrative_penalty": {3: "2019", 1: "2021"},
    "administrative_coercion": {3: "2019", 1: "2021"},
    "administrative_fees": {2: "2019", 1: "2021"},
    "government_procurement": {2: "2019"},
    "other_management_services": {3: "2019"},
}

PROACTIVE = Table(
    name="proactive",
    zh="主动公开政府信息情况(第二十条)",
    en="Proactive disclosure (Article 20)",
    section="二",
    row_dim="category",
    col_dim="measure",
    rows=CATEGORIES,
    cols=MEASURES,
    value_type="number",
)

TABLES = (PROACTIVE, APPLICATIONS, REVIEW_LITIGATION)
TABLE_BY_NAME = {t.name: t for t in TABLES}


def cells(table: Table, template: str) -> list[tuple[str, str]]:
    """The (row, column) keys a report of ``template`` prints for ``table``, in reading order."""
    if template not in BOTH:
        return []
    if table is PROACTIVE:
        return [(c, m) for b in PROACTIVE_LAYOUT[template] for c in b.categories for m in b.measures]
    return [(r.key, c.key) for r in table.rows_for(template) for c in table.cols]


# --- The identities the format states --------------------------------------------------------

_SIX = tuple(c.key for c in APPLICANTS if c.key != "total")

IDENTITIES = (
    Identity("applications.balance", "applications", "row",
             ("new_received", "carried_over"), ("total", "carried_forward"),
             "第一项加第二项之和，等于第三项加第四项之和"),
    Identity("applications.results_sum", "applications", "row",
             ("total",), RESULT_ROWS, "办理结果各项之和等于总计"),
    Identity("applications.row_sum", "applications", "applicant",
             ("total",), _SIX, "各类申请人之和等于总计"),
    Identity("review_litigation.group_sum", "review_litigation", "outcome",
             ("total",), ("upheld", "corrected", "other", "pending"), "各结果之和等于总计"),
)

# --- The per-cell statuses, the severities of findings --------------------------------------

STATUSES = {
    "printed": "数值印在原文中 — the number is printed in the report",
    "ocr": ("数值由扫描图像经OCR识读，附置信度及其在页面上的位置；识读存疑者发布为空值并附发现 — read by OCR "
            "from a scanned page, with its confidence and its box on the page; a doubtful reading is "
            "published as null with a finding"),
    "blank": "原文该格为空或“/” — the cell is printed empty or as '/'",
    "missing": "原文缺失(如缺页)或未载明 — the cell is absent from the text (lost page, prose-only report)",
    "inferred": "按格式的勾稽关系推算，并非直接读出 — derived from the format's identities, not read",
    "corrected": "经人工更正，原印数值另列 — corrected by a maintainer; the printed value is kept beside it",
}
SEVERITIES = ("error", "warning", "info")
