"""The extractor's vocabulary: the short, distinctive words (normalised, simplified script) that
find each row and column of the standard tables in a report's text, and the words that tell the
templates apart. The official labels alone are often split, garbled or prefixed in real reports.

These are tuning, not the public contract: the catalogue declares keys and labels; changing a word
here changes what the extractor finds (and its fingerprint), changing a label there does not.
"""

from __future__ import annotations

APPLICANTS = {
    "natural_person": ("自然人",),
    "commercial_enterprise": ("商业企业",),
    "research_institution": ("科研机构",),
    "social_welfare_org": ("社会公益组织", "公益组织"),
    "legal_service_org": ("法律服务机构",),
    "other_org": ("其他",),
    "total": ("总计",),
}

APPLICATION_ROWS = {
    "new_received": ("本年新收", "年新收"),
    "carried_over": ("上年结转",),
    "granted": ("予以公开", "子以公开"),
    "partially_granted": ("部分公开", "分公开"),
    "denied_state_secret": ("属于国家秘密", "国家秘密"),
    "denied_prohibited_by_law": ("其他法律行政法规禁止公开", "禁止公开"),
    "denied_three_safeties": ("三安全一稳定", "危及"),
    "denied_third_party": ("保护第三方合法权益", "第三方"),
    "denied_internal_affairs": ("属于三类内部事务", "内部事务"),
    "denied_process_info": ("属于四类过程性信息", "过程性信息"),
    "denied_enforcement_file": ("属于行政执法案卷", "执法案卷"),
    "denied_administrative_query": ("属于行政查询事项", "行政查询"),
    "unable_not_held": ("本机关不掌握", "不掌握"),
    "unable_needs_creation": ("没有现成信息", "另行制作"),
    "unable_unclear": ("补正后申请内容仍不明确", "仍不明确"),
    "not_processed_complaint": ("信访举报投诉", "投诉类申请"),
    "not_processed_repeat": ("重复申请",),
    "not_processed_publication": ("公开出版物",),
    "not_processed_massive": ("大量反复申请", "无正当理由大量"),
    "not_processed_confirm": ("确认或重新出具", "已获取信息", "重新出具"),
    "other": ("其他处理",),
    "other_overdue_correction": ("逾期不补正",),
    "other_unpaid_fee": ("缴纳费用", "收费通知"),
    "other_other": ("其他",),
    "total": ("总计",),
    "carried_forward": ("结转下年度",),
}

PROCEEDINGS = {
    "administrative_review": ("行政复议",),
    "litigation_direct": ("未经复议直接起诉", "直接起诉"),
    "litigation_after_review": ("复议后起诉",),
}

OUTCOMES = {
    "upheld": ("维持",),
    "corrected": ("纠正",),
    "other": ("其他",),
    "pending": ("审结",),
    "total": ("总计",),
}

MEASURES = {
    "new_made": ("新制作",),
    "new_published": ("新公开",),
    "total_published": ("公开总数",),
    "items_prev_year": ("上一年项目",),
    "items_change": ("增/减", "增减", "增\\减"),
    "decisions": ("处理决定",),
    "procurement_items": ("采购项目",),
    "procurement_amount": ("采购总金额",),
    "issued": ("制发",),
    "repealed": ("废止",),
    "in_force": ("现行有效",),
    "fee_amount": ("收费金额",),
}

CATEGORIES = {
    "regulations": ("规章",),
    "normative_documents": ("行政规范性文件", "规范性文件", "规范性档案"),   # 档案: a mirror's Taiwan-style 文件
    "administrative_licensing": ("行政许可",),
    "other_management_services": ("其他对外管理服务事项", "对外管理服务"),
    "administrative_penalty": ("行政处罚",),
    "administrative_coercion": ("行政强制",),
    "administrative_fees": ("行政事业性收费", "事业性收费"),
    "government_procurement": ("政府集中采购", "集中采购"),
}


# The header of table 三 above the applicant columns: where 总计 stands among them is read from it.
APPLICANT_HEADING = "申请人情况"

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
