"""The three standard tables of the national report format, declared once as data: their rows,
columns, Chinese and English labels, the templates each row belongs to, and how the format prints
them (table 二 in blocks of 第二十条, table 四 as one row of fifteen cells).

Keys are the public data contract (../shared/CONTRACT.md). The words the extractor looks for in a
report live apart, in ``nianbao.extract.words``: tuning them is not a change of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import BOTH, ITEMS, PIECES, WAN_YUAN


@dataclass(frozen=True)
class Item:
    """A row or column of a standard table."""

    key: str
    zh: str
    en: str
    templates: tuple[str, ...] = BOTH
    group: str = ""  # the official group heading the row stands under, e.g. (三)不予公开
    unit: str = ""


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
    terms: tuple[str, ...] = ()   # what reports' own text calls the table's subject (依申请公开)

    def __hash__(self) -> int:     # by name (equal tables share it): hashing every item took 3 µs a lookup
        return hash(self.name)

    def row(self, key: str) -> Item:
        return next(i for i in self.rows if i.key == key)

    def col(self, key: str) -> Item:
        return next(i for i in self.cols if i.key == key)

    def rows_for(self, template: str | None) -> tuple[Item, ...]:
        return tuple(r for r in self.rows if template in r.templates)


# --- 三、收到和处理政府信息公开申请情况 ------------------------------------------------------

_DENIED = "(三)不予公开"
_UNABLE = "(四)无法提供"
_NOT_PROCESSED = "(五)不予处理"
_OTHER = "(六)其他处理"
_RESULTS = "三、本年度办理结果"

_LEGAL = "法人或其他组织"

APPLICANTS = (
    Item("natural_person", "自然人", "natural person"),
    Item("commercial_enterprise", "商业企业", "commercial enterprise", group=_LEGAL),
    Item("research_institution", "科研机构", "research institution", group=_LEGAL),
    Item("social_welfare_org", "社会公益组织", "social welfare organisation",
         group=_LEGAL),
    Item("legal_service_org", "法律服务机构", "legal service organisation", group=_LEGAL),
    Item("other_org", "其他", "other organisation", group=_LEGAL),
    Item("total", "总计", "total"),
)

APPLICATION_ROWS = (
    Item("new_received", "一、本年新收政府信息公开申请数量", "new applications received this year"),
    Item("carried_over", "二、上年结转政府信息公开申请数量", "applications carried over from last year"),
    Item("granted", "(一)予以公开", "granted", group=_RESULTS),
    Item("partially_granted", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partially granted", group=_RESULTS),
    Item("denied_state_secret", "1.属于国家秘密", "denied: state secret",
         group=_DENIED),
    Item("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "denied: prohibited by other laws", group=_DENIED),
    Item("denied_three_safeties", "3.危及“三安全一稳定”", "denied: endangers the \"three safeties and one stability\"", group=_DENIED),
    Item("denied_third_party", "4.保护第三方合法权益", "denied: protects third-party rights", group=_DENIED),
    Item("denied_internal_affairs", "5.属于三类内部事务信息", "denied: internal affairs", group=_DENIED),
    Item("denied_process_info", "6.属于四类过程性信息", "denied: process information", group=_DENIED),
    Item("denied_enforcement_file", "7.属于行政执法案卷", "denied: administrative enforcement file", group=_DENIED),
    Item("denied_administrative_query", "8.属于行政查询事项", "denied: administrative query matter", group=_DENIED),
    Item("unable_not_held", "1.本机关不掌握相关政府信息", "unable: information not held", group=_UNABLE),
    Item("unable_needs_creation", "2.没有现成信息需要另行制作", "unable: would need to be created", group=_UNABLE),
    Item("unable_unclear", "3.补正后申请内容仍不明确", "unable: request still unclear after correction", group=_UNABLE),
    Item("not_processed_complaint", "1.信访举报投诉类申请", "not processed: petition, report or complaint", group=_NOT_PROCESSED),
    Item("not_processed_repeat", "2.重复申请", "not processed: repeated application",
         group=_NOT_PROCESSED),
    Item("not_processed_publication", "3.要求提供公开出版物", "not processed: asks for a publication", group=_NOT_PROCESSED),
    Item("not_processed_massive", "4.无正当理由大量反复申请", "not processed: massive repeated applications", group=_NOT_PROCESSED),
    Item("not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息",
         "not processed: asks to confirm or re-issue information already obtained", group=_NOT_PROCESSED),
    Item("other", "(六)其他处理", "other handling", templates=("2019",), group=_RESULTS),
    Item("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "other: applicant did not complete the application in time",
         templates=("2021",), group=_OTHER),
    Item("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "other: applicant did not pay the fee in time",
         templates=("2021",), group=_OTHER),
    Item("other_other", "3.其他", "other: other", templates=("2021",), group=_OTHER),
    Item("total", "(七)总计", "total handled", group=_RESULTS),
    Item("carried_forward", "四、结转下年度继续办理", "carried forward to next year"),
)

RESULT_ROWS = tuple(r.key for r in APPLICATION_ROWS if r.group and r.key != "total")

APPLICATIONS = Table(
    name="applications",
    zh="收到和处理政府信息公开申请情况",
    en="Applications for disclosure received and handled",
    section="三",
    row_dim="row",
    col_dim="applicant",
    rows=APPLICATION_ROWS,
    cols=APPLICANTS,
    terms=("依申请公开", "政府信息公开申请"),
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
        Item("administrative_review", "行政复议", "administrative review"),
        Item("litigation_direct", "行政诉讼：未经复议直接起诉", "litigation without prior review"),
        Item("litigation_after_review", "行政诉讼：复议后起诉", "litigation after review"),
    ),
    cols=(
        Item("upheld", "结果维持", "decision upheld"),
        Item("corrected", "结果纠正", "decision corrected"),
        Item("other", "其他结果", "other outcome"),
        Item("pending", "尚未审结", "pending"),
        Item("total", "总计", "total"),
    ),
)

# --- 二、主动公开政府信息情况 (第二十条) -------------------------------------------------------


MEASURES = (
    Item("new_made", "本年新制作数量", "made this year", ("2019",), unit=PIECES),
    Item("new_published", "本年新公开数量", "published this year", ("2019",), unit=PIECES),
    Item("total_published", "对外公开总数量", "total published", ("2019",), unit=PIECES),
    Item("items_prev_year", "上一年项目数量", "items last year", ("2019",), unit=ITEMS),
    Item("items_change", "本年增/减", "change this year", ("2019",), unit=ITEMS),
    Item("decisions", "处理决定数量", "decisions made", BOTH, unit=PIECES),
    Item("procurement_items", "采购项目数量", "procurement items", ("2019",), unit=ITEMS),
    Item("procurement_amount", "采购总金额", "procurement amount", ("2019",),
         unit=WAN_YUAN),
    Item("issued", "本年制发件数", "issued this year", ("2021",), unit=PIECES),
    Item("repealed", "本年废止件数", "repealed this year", ("2021",), unit=PIECES),
    Item("in_force", "现行有效件数", "in force", ("2021",), unit=PIECES),
    Item("fee_amount", "本年收费金额(单位:万元)", "fees collected this year", ("2021",),
         unit=WAN_YUAN),
)

PROACTIVE_MEASURES = {m.key: m for m in MEASURES}

CATEGORIES = (
    Item("regulations", "规章", "regulations"),
    Item("normative_documents", "规范性文件", "normative documents"),
    Item("administrative_licensing", "行政许可", "administrative licensing"),
    Item("other_management_services", "其他对外管理服务事项", "other external management services", ("2019",)),
    Item("administrative_penalty", "行政处罚", "administrative penalty"),
    Item("administrative_coercion", "行政强制", "administrative coercion"),
    Item("administrative_fees", "行政事业性收费", "administrative fees"),
    Item("government_procurement", "政府集中采购", "government procurement",
         ("2019",)),
)


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
    terms=("主动公开",),
)

TABLES = (PROACTIVE, APPLICATIONS, REVIEW_LITIGATION)
TABLE_BY_NAME = {t.name: t for t in TABLES}


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

# Table 四 prints one row of fifteen cells: each proceeding (行政复议, then 行政诉讼 未经复议直接起诉 and
# 复议后起诉) with its five outcomes, left to right.
REVIEW_LAYOUT: tuple[tuple[str, str], ...] = tuple(
    (p.key, o.key) for p in REVIEW_LITIGATION.rows for o in REVIEW_LITIGATION.cols)


def cells(table: Table, template: str | None) -> list[tuple[str, str]]:
    """The (row, column) keys a report of ``template`` prints for ``table``, in reading order."""
    if template not in BOTH:
        return []
    if table is PROACTIVE:
        return [(c, m) for b in PROACTIVE_LAYOUT[template] for c in b.categories for m in b.measures]
    if table is REVIEW_LITIGATION:
        return list(REVIEW_LAYOUT)
    return [(r.key, c.key) for r in table.rows_for(template) for c in table.cols]
