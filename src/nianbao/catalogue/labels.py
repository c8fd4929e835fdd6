"""The format's vocabulary beyond its tables: templates, cell statuses, severities of findings, the
levels of the organs that publish reports, units, and the headline figures — each key with its
Chinese and English label, so that the tables, the data dictionary and the site all name them alike.
"""

from __future__ import annotations

# Templates: 2019 (reports on 2019 and 2020), 2021 (reports on 2021 and later), legacy (prose only).
TEMPLATE_LABELS = {
    "2019": ("2019年版格式", "2019 template (reports on 2019-2020)"),
    "2021": ("2021年版格式", "2021 template (reports on 2021 on)"),
    "legacy": ("无表格(仅文字)", "prose only, no standard tables"),
}
TEMPLATES = tuple(TEMPLATE_LABELS)
BOTH = ("2019", "2021")

PIECES, ITEMS, WAN_YUAN = "件", "项", "万元"
UNITS = {PIECES: "pieces", ITEMS: "items", WAN_YUAN: "10,000 yuan"}

# What a cell's value is: read, absent, derived or fixed by a person.
STATUS_LABELS = {
    "printed": ("原文所印", "数值印在原文中 — the number is printed in the report"),
    "ocr": ("扫描识读", "数值由扫描图像经OCR识读，附置信度及其在页面上的位置；识读存疑者发布为空值并附发现 — read by "
                        "OCR from a scanned page, with its confidence and its box on the page; a doubtful "
                        "reading is published as null with a finding"),
    "blank": ("原文为空", "原文该格为空或“/” — the cell is printed empty or as '/'"),
    "missing": ("原文缺失", "原文缺失(如缺页、节选截断)或未载明 — the cell is absent from the text "
                            "(a lost page, an excerpt that stops, a prose-only report)"),
    "inferred": ("推算", "按格式的勾稽关系推算，并非直接读出 — derived from the format's identities, not read"),
    "prose": ("正文所述", "表格不在原文中，数值取自正文的明确表述(如“共收到申请7件”) — the report's tables "
                         "are not in the text; the figure is stated in its prose"),
    "corrected": ("人工更正", "经人工更正，原印数值另列 — corrected by a maintainer; the printed value is "
                             "kept beside it"),
}
STATUSES = {k: v[1] for k, v in STATUS_LABELS.items()}   # key -> what it means
VALUED = ("printed", "inferred", "prose", "corrected")   # statuses that carry a number (ocr: unless doubtful)

SEVERITY_LABELS = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
SEVERITIES = tuple(SEVERITY_LABELS)
VALIDATION_STATUSES = {"passed": ("通过", "passed"), "warnings": ("有警告", "warnings"),
                       "errors": ("有错误", "errors")}

# Who publishes a report. Only township and street reports are the dataset's subject; the others are
# kept and published, marked, and never counted as townships.
LEVELS = {
    "township": ("乡镇", "township (乡, 镇, 苏木)"),
    "street": ("街道", "street (街道办事处)"),
    "county": ("县级", "county-level government (县, 县级市, 区, 旗)"),
    "department": ("部门", "a government department (局, 委员会, 办公室…)"),
    "other": ("其他", "other (a prefecture's or province's government, or unknown)"),
}
TOWNSHIP_LEVELS = ("township", "street")

# The headline figures: the few numbers a list of reports shows and a search indexes, as
# (summary column, short Chinese label). Summary columns are made in tables/resources.py.
HEADLINE = (
    ("applications_new_received", "新收申请"),
    ("applications_carried_over", "上年结转"),
    ("applications_granted", "予以公开"),
    ("applications_partially_granted", "部分公开"),
    ("applications_total", "办理总计"),
    ("applications_carried_forward", "结转下年"),
    ("administrative_review_total", "行政复议"),
    ("litigation_direct_total", "直接起诉"),
    ("litigation_after_review_total", "复议后起诉"),
)
