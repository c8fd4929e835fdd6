"""Layouts the real pages show (issue 12), each a small text written like one: headings with other
words, tables found by their content, rows cut by the end of an excerpt, blank rows and blank labels,
one cell per line with empty lines for empty cells, a first value glued to its label.

Every expected number is printed in the test's own text; a cell it does not print is null.
"""

from __future__ import annotations

import hashlib

from nianbao.describe import standalone
from nianbao.extract import extract
from nianbao.ingest import Document
from nianbao.ingest.text import read_text
from nianbao.validate import validate

SEVEN = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
         "legal_service_org", "other_org", "total"]
FIVE = ["upheld", "corrected", "other", "pending", "total"]


def read(text: str):
    doc = Document("r.txt", hashlib.sha256(text.encode()).hexdigest(), "text", tuple(read_text(text.encode("utf-8"))))
    ex = extract(doc)
    return ex, validate(standalone(ex))


def cells(ex, table: str, row: str, cols: list[str]) -> list[tuple]:
    got = {(c.row, c.col): (c.value, c.status) for c in ex.cells if c.table == table}
    return [got[row, c] for c in cols]


def values(ex, table: str, row: str, cols: list[str]) -> list:
    return [v for v, _ in cells(ex, table, row, cols)]


def rules(findings) -> set[str]:
    return {f.rule for f in findings}


HEADINGS = """青山镇2021年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》要求编制本报告。
二是加大主动公开政府信息力度，全年公开信息30条。
二、行政机关主动公开政府信息情况
第二十条第(一)项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t1\t0\t3
第二十条第(五)项
信息内容\t本年处理决定数量
行政许可\t5
四、因政府信息公开工作被申请行政复议、提起行政诉讼情况
行政复议\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉
0\t0\t0\t0\t0\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
无。
"""


def test_headings_with_other_words_are_headings_and_prose_is_not():
    ex, findings = read(HEADINGS)
    assert values(ex, "proactive", "normative_documents", ["issued", "repealed", "in_force"]) == [1, 0, 3]
    assert values(ex, "review_litigation", "litigation_direct", FIVE) == [1, 0, 0, 0, 1]
    assert "section.heading_missing" not in rules(findings)
    assert "table.unplaced_values" not in rules(findings)


MID_THREE = """| | 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| (四)无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| (五)不予处理 | 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| (六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| (七)总计 | | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
| 四、结转下年度继续办理 | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
"""


def test_a_page_that_starts_in_the_middle_of_table_three():
    """Table 三 found by its rows; '四、结转下年度继续办理' is its last row, not section 四; rows whose
    label cell is empty keep the place the format gives them."""
    ex, findings = read(MID_THREE)
    assert ex.template == "2021"
    assert values(ex, "applications", "unable_not_held", SEVEN) == [2, 0, 0, 0, 0, 0, 2]
    assert values(ex, "applications", "not_processed_repeat", SEVEN) == [1, 0, 0, 0, 0, 0, 1]   # blank label
    assert values(ex, "applications", "other_other", SEVEN) == [0] * 7                           # blank label
    assert values(ex, "applications", "carried_forward", SEVEN) == [0] * 7
    assert values(ex, "applications", "new_received", SEVEN) == [None] * 7                       # not in the page
    assert values(ex, "review_litigation", "administrative_review", FIVE) == [0] * 5
    assert "table.unplaced_values" not in rules(findings)


ONE_PER_LINE = "\n".join([
    "青山镇2020年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "商业企业",
    "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    "一、本年新收政府信息公开申请数量", "1", "", "", "", "", "", "1",
    "二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0",
    "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
    "总计", "未经复议直接起诉", "复议后起诉", "", "", "", "", "", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0",
    "五、存在的主要问题及改进情况", "无。", ""])


def test_one_cell_per_line_where_empty_lines_are_empty_cells():
    ex, findings = read(ONE_PER_LINE)
    assert cells(ex, "applications", "new_received", SEVEN) == \
        [(1, "printed")] + [(None, "blank")] * 5 + [(1, "printed")]
    assert values(ex, "applications", "carried_over", SEVEN) == [0] * 7
    assert cells(ex, "review_litigation", "administrative_review", FIVE) == [(None, "blank")] * 5
    assert values(ex, "review_litigation", "litigation_direct", FIVE) == [1, 0, 0, 0, 1]


GLUED_FIRST = """青山镇2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(一)项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章0\t0\t0
规范性文件2\t1\t5
第二十条第(五)项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可12\t-2\t37
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况
一、本年新收政府信息公开申请数量3\t1\t0\t0\t0\t0\t4
五、存在的主要问题及改进情况
"""


def test_a_first_value_glued_to_its_label_cell():
    """As a PDF's text layer gives it: '规章0 | 0 | 0'."""
    ex, _ = read(GLUED_FIRST)
    assert values(ex, "proactive", "normative_documents", ["new_made", "new_published", "total_published"]) == [2, 1, 5]
    assert values(ex, "proactive", "administrative_licensing",
                  ["items_prev_year", "items_change", "decisions"]) == [12, -2, 37]
    assert values(ex, "applications", "new_received", SEVEN) == [3, 1, 0, 0, 0, 0, 4]


BLANK_ROW = """青山镇2020年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况
一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t
三、本年度办理结果\t(一)予以公开\t1\t0\t0\t0\t0\t0\t1
五、存在的主要问题及改进情况
"""


def test_a_row_printed_empty_is_blank_not_missing():
    ex, findings = read(BLANK_ROW)
    assert cells(ex, "applications", "carried_over", SEVEN) == [(None, "blank")] * 7
    incomplete = [f for f in findings if f.rule == "table.incomplete" and f.table == "applications"]
    assert incomplete and "上年结转" not in incomplete[0].message


CUT = """青山镇2020年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况
一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
三、本年度办理结果\t(一)予以公开\t1\t0\t0\t0\t0\t1"""


def test_a_row_cut_by_the_end_of_the_excerpt_is_never_completed():
    """The excerpt stops inside the last number of 予以公开 ('1' may be the start of '12'): that
    number is not read, and the row is not completed from the identities."""
    ex, findings = read(CUT)
    assert values(ex, "applications", "granted", SEVEN) == [None] * 7
    assert "applications.row_short" not in rules(findings)
    assert values(ex, "applications", "carried_over", SEVEN) == [0] * 7
