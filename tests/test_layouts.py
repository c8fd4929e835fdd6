"""Layouts of real reports (issue 4): each one a small, realistic report text, read end to end.

Every expected number below is a number printed in the report text of its test; a cell the text
does not print (or prints ambiguously) must come back null, with the finding that says why.
"""

from __future__ import annotations

import doctest
import hashlib


import pytest

import nianbao.extract.align
import nianbao.extract.glued
import nianbao.extract.proactive
import nianbao.normalise
from nianbao import synth
from nianbao.extract import extract
from nianbao.extraction import Extraction
from nianbao.ingest import Document
from nianbao.ingest.text import read_text
from nianbao.normalise import compact
from nianbao.describe import standalone
from nianbao.validate import validate

HEAD = """{town}{year}年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{town}党政办公室联系（电话：0598-6551005）。

一、总体情况

{year}年，{town}认真贯彻落实《中华人民共和国政府信息公开条例》，不断加大主动公开力度，全年通过政府网站公开政府信息126条。
"""
TAIL = """
五、存在的主要问题及改进情况

一是公开内容有待丰富；二是公开形式有待创新。

六、其他需要报告的事项

无。

{town}人民政府
{next}年1月20日
"""


def report(body: str, town: str = "青山镇", year: int = 2020) -> str:
    return HEAD.format(town=town, year=year) + body + TAIL.format(town=town, next=year + 1)


def read(text: str) -> tuple[Extraction, list]:
    doc = Document("report.txt", hashlib.sha256(text.encode()).hexdigest(), "text",
                   tuple(read_text(text.encode("utf-8"))))
    ex = extract(doc)
    return ex, validate(standalone(ex, "qingshanzhen-2020"))


def values(ex: Extraction, table: str) -> dict[tuple[str, str], object]:
    return {(c.row, c.col): c.value for c in ex.cells if c.table == table}


def row(ex: Extraction, table: str, key: str, cols) -> list:
    got = values(ex, table)
    return [got[key, c] for c in cols]


def rules(findings) -> set[str]:
    return {f.rule for f in findings}


def serious(findings) -> list[str]:
    """Warnings and errors about the tables (where the made-up 青山镇 is, is not these tests' business)."""
    return [f.message for f in findings if f.severity in ("error", "warning") and not f.rule.startswith("place.")]


APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total"]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
M2019_1 = ["new_made", "new_published", "total_published"]
M2019_5 = ["items_prev_year", "items_change", "decisions"]


# --- 1. '|' cells, rows ending in ' |', filler lines '|||' ------------------------------------

PIPES = report("""
二、主动公开政府信息情况

| 第二十条第（一）项 | | | |
|||
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
|||
| 规章 | 0 | 0 | 0 |
|||
| 规范性文件 | 2 | 2 | 15 |
|||
第二十条第（五）项 | | | |
|||
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
|||
行政许可 | 12 | -2 | 37 |
|||
其他对外管理服务事项 | 6 | 0 | 48 |
|||
第二十条第（六）项 | | | |
|||
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
|||
行政处罚 | 5 | 1 | 9 |
|||
行政强制 | 0 | 0 | 0 |
|||
第二十条第（八）项 | | |
|||
信息内容 | 上一年项目数量 | 本年增/减 |
|||
行政事业性收费 | 3 | 0 |
|||
第二十条第（九）项 | | |
|||
信息内容 | 采购项目数量 | 采购总金额 |
|||
政府集中采购 | 4 | 36.5 |
|||

三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和) | | 申请人情况 | | | | | | |
|||
| | | 自然人 | 法人或其他组织 | | | | | 总计 |
|||
| | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |
|||
一、本年新收政府信息公开申请数量 | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
|||
二、上年结转政府信息公开申请数量 | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
|||
三、本年度办理结果 | (一)予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
|||
| (二)部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
|||
| (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| (四)无法提供 | 1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
|||
| | 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| (五)不予处理 | 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| | 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| (六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||
| (七)总计 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |
|||
四、结转下年度继续办理 | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|||

四、政府信息公开行政复议、行政诉讼情况

| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |
|||
| | | | | | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
|||
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|||
|  |  |  |  |  | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |
|||
""")


def test_pipe_cells_with_filler_lines():
    ex, findings = read(PIPES)
    assert ex.template == "2019"
    assert row(ex, "proactive", "normative_documents", M2019_1) == [2, 2, 15]
    assert row(ex, "proactive", "administrative_licensing", M2019_5) == [12, -2, 37]
    assert row(ex, "proactive", "other_management_services", M2019_5) == [6, 0, 48]
    assert row(ex, "proactive", "administrative_fees", ["items_prev_year", "items_change"]) == [3, 0]
    assert row(ex, "proactive", "government_procurement", ["procurement_items", "procurement_amount"]) == [4, 36.5]
    app = values(ex, "applications")
    assert row(ex, "applications", "new_received", APPLICANTS) == [3, 1, 0, 0, 0, 0, 4]
    assert row(ex, "applications", "granted", APPLICANTS) == [2, 1, 0, 0, 0, 0, 3]
    assert row(ex, "applications", "partially_granted", APPLICANTS) == [1, 0, 0, 0, 0, 0, 1]
    assert row(ex, "applications", "unable_not_held", APPLICANTS) == [1, 0, 0, 0, 0, 0, 1]
    assert row(ex, "applications", "total", APPLICANTS) == [4, 1, 0, 0, 0, 0, 5]
    assert None not in app.values()
    review = {(c.row, c.col): (c.value, c.status) for c in ex.cells if c.table == "review_litigation"}
    assert [review["administrative_review", o] for o in OUTCOMES] == [(None, "blank")] * 5
    assert [review["litigation_direct", o][0] for o in OUTCOMES] == [1, 0, 0, 0, 1]
    assert [review["litigation_after_review", o][0] for o in OUTCOMES] == [0, 0, 0, 0, 0]
    assert not serious(findings)


# --- 2. header words split across lines; 6. a template that does not match the year ------------

SPLIT_2019_TABLE_IN_2021 = report("""
二、主动公开政府信息情况

第二十条第（一）项
信息内容\t本年新\t本年新\t对外公开
\t制作数量\t公开数量\t总数量
规章\t0\t0\t0
规范性文件\t1\t1\t8
第二十条第（五）项
信息内容\t上一年\t本年\t处理决定
\t项目数量\t增/减\t数量
行政许可\t9\t2\t23
其他对外管理服务事项\t0\t0\t0
第二十条第（六）项
信息内容\t上一年\t本年\t处理决定
\t项目数量\t增/减\t数量
行政处罚\t4\t0\t11
行政强制\t1\t0\t2
第二十条第（八）项
信息内容\t上一年\t本年
\t项目数量\t增/减
行政事业性收费\t2\t0
第二十条第（九）项
信息内容\t采购\t采购
\t项目数量\t总金额
政府集中采购\t0\t0

三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况
\t\t自然\t法人或其他组织\t\t\t\t\t总
\t\t人\t商业\t科研\t社会公\t法律服\t其他\t计
\t\t\t企业\t机构\t益组织\t务机构\t\t
一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2
二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0
三、本年度办理结果\t(一)予以公开\t2\t0\t0\t0\t0\t0\t2
\t(二)部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0
\t(三)不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0
\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0
\t\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0
\t\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0
\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
\t(四)无法提供\t1.本机关不掌握相关政府信息\t0\t0\t0\t0\t0\t0\t0
\t\t2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0
\t(五)不予处理\t1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0
\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0
\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
\t\t4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
\t\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0
\t(六)其他处理\t0\t0\t0\t0\t0\t0\t0
\t(七)总计\t2\t0\t0\t0\t0\t0\t2
四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼
\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
""", year=2021)


def test_split_headers_and_a_2019_table_in_a_2021_report():
    ex, findings = read(SPLIT_2019_TABLE_IN_2021)
    assert ex.meta("year") == 2021 and ex.template == "2019"  # decided from the table, not the year
    assert "template.year_mismatch" in rules(findings)
    assert row(ex, "proactive", "normative_documents", M2019_1) == [1, 1, 8]
    assert row(ex, "proactive", "administrative_licensing", M2019_5) == [9, 2, 23]
    assert row(ex, "proactive", "administrative_coercion", M2019_5) == [1, 0, 2]
    assert row(ex, "applications", "new_received", APPLICANTS) == [2, 0, 0, 0, 0, 0, 2]
    assert row(ex, "applications", "other", APPLICANTS) == [0] * 7
    assert not serious(findings)


TABLE_2021_IN_2020 = report("""
二、主动公开政府信息情况

\t第二十条第(一)项

\t信息内容
\t本年制发件数
\t本年废止件数
\t现行有效件数

\t规章
\t0
\t0
\t0

\t行政规范性文件
\t2
\t1
\t17

\t第二十条第(五)项

\t信息内容
\t本年处理决定数量

\t行政许可
\t31

\t第二十条第(六)项

\t信息内容
\t本年处理决定数量

\t行政处罚
\t6

\t行政强制
\t0

\t第二十条第(八)项

\t信息内容
\t本年收费金额(单位：万元)

\t行政事业性收费
\t12.8

三、收到和处理政府信息公开申请情况
""" + "\n".join(
    f"{label}\t" + "\t".join(["0"] * 7) for label in (
        "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "(一)予以公开",
        "(二)部分公开（区分处理的，只计这一情形，不计其他情形）", "(三)不予公开\t1.属于国家秘密",
        "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
        "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "(四)无法提供\t1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "(五)不予处理\t1.信访举报投诉类申请", "2.重复申请",
        "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
        "(六)其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "(七)总计",
        "四、结转下年度继续办理")) + """

四、政府信息公开行政复议、行政诉讼情况

0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
""", town="石门乡", year=2020)


def test_a_2021_table_in_a_2020_report():
    ex, findings = read(TABLE_2021_IN_2020)
    assert ex.meta("year") == 2020 and ex.template == "2021"
    assert "template.year_mismatch" in rules(findings)
    assert row(ex, "proactive", "normative_documents", ["issued", "repealed", "in_force"]) == [2, 1, 17]
    assert values(ex, "proactive")["administrative_licensing", "decisions"] == 31
    assert values(ex, "proactive")["administrative_penalty", "decisions"] == 6
    assert values(ex, "proactive")["administrative_fees", "fee_amount"] == 12.8
    assert row(ex, "applications", "other_other", APPLICANTS) == [0] * 7
    assert not serious(findings)


def test_tables_with_marks_of_both_templates_withhold_what_the_template_decides():
    """Block (一) printed with the 2021 header, block (五) the 2019 way, the rest 2021: which three
    measures 规章 and 规范性文件 print is in doubt, and so they are not published."""
    text = report("""
二、主动公开政府信息情况

第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t3\t1\t20
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t10\t1\t40
其他对外管理服务事项\t0\t0\t0
第二十条第（六）项
信息内容\t本年处理决定数量
行政处罚\t7
行政强制\t0
第二十条第（八）项
信息内容\t本年收费金额(单位：万元)
行政事业性收费\t2.5
""", year=2021)
    ex, findings = read(text)
    assert ex.template == "2021"
    assert "template.conflict" in rules(findings)
    assert row(ex, "proactive", "normative_documents", ["issued", "repealed", "in_force"]) == [None] * 3
    assert values(ex, "proactive")["administrative_penalty", "decisions"] == 7
    assert values(ex, "proactive")["administrative_licensing", "decisions"] is None  # printed 3 numbers


# --- 3. 总计 printed before 自然人 ----------------------------------------------------------

PROACTIVE_ZEROS = """第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t0\t0\t0
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t0\t0\t0
其他对外管理服务事项\t0\t0\t0
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t0\t0\t0
行政强制\t0\t0\t0
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t0\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t0\t0
"""


def table3(header: str, rows: dict[str, str], proactive: str = PROACTIVE_ZEROS) -> str:
    """Tables 二 to 四, table 三 with its own header and the printed rows (rows not given print
    all zeros)."""
    labels = [("new_received", "一、本年新收政府信息公开申请数量\t"), ("carried_over", "二、上年结转政府信息公开申请数量\t"),
              ("granted", "三、本年度办理结果\t(一)予以公开"), ("partially_granted", "\t(二)部分公开（区分处理的，只计这一情形，不计其他情形）"),
              ("denied_state_secret", "\t(三)不予公开\t1.属于国家秘密"), ("x1", "\t\t2.其他法律行政法规禁止公开"),
              ("x2", "\t\t3.危及“三安全一稳定”"), ("x3", "\t\t4.保护第三方合法权益"), ("x4", "\t\t5.属于三类内部事务信息"),
              ("x5", "\t\t6.属于四类过程性信息"), ("x6", "\t\t7.属于行政执法案卷"), ("x7", "\t\t8.属于行政查询事项"),
              ("unable_not_held", "\t(四)无法提供\t1.本机关不掌握相关政府信息"), ("x8", "\t\t2.没有现成信息需要另行制作"),
              ("x9", "\t\t3.补正后申请内容仍不明确"), ("x10", "\t(五)不予处理\t1.信访举报投诉类申请"), ("x11", "\t\t2.重复申请"),
              ("x12", "\t\t3.要求提供公开出版物"), ("x13", "\t\t4.无正当理由大量反复申请"),
              ("x14", "\t\t5.要求行政机关确认或重新出具已获取信息"), ("other", "\t(六)其他处理"), ("total", "\t(七)总计"),
              ("carried_forward", "四、结转下年度继续办理\t")]
    body = "\n".join(f"{label}\t{rows.get(key, chr(9).join(['0'] * 7))}" for key, label in labels)
    return ("\n二、主动公开政府信息情况\n\n" + proactive + "\n三、收到和处理政府信息公开申请情况\n\n"
            + header + "\n" + body + "\n\n四、政府信息公开行政复议、行政诉讼情况\n\n"
            + "\t".join(["0"] * 15) + "\n")


# 总计 6 = 自然人 4 + 商业企业 2, printed total first
TOTAL_FIRST_ROWS = {"new_received": "6\t4\t2\t0\t0\t0\t0", "granted": "5\t3\t2\t0\t0\t0\t0",
                    "unable_not_held": "1\t1\t0\t0\t0\t0\t0", "total": "6\t4\t2\t0\t0\t0\t0"}
TOTAL_FIRST_HEADER = ("(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\n"
                      "\t\t总计\t自然人\t法人或其他组织\n"
                      "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他")


def test_total_column_first_in_the_header():
    ex, findings = read(report(table3(TOTAL_FIRST_HEADER, TOTAL_FIRST_ROWS)))
    assert row(ex, "applications", "new_received", APPLICANTS) == [4, 2, 0, 0, 0, 0, 6]
    assert row(ex, "applications", "granted", APPLICANTS) == [3, 2, 0, 0, 0, 0, 5]
    assert row(ex, "applications", "unable_not_held", APPLICANTS) == [1, 0, 0, 0, 0, 0, 1]
    assert row(ex, "applications", "total", APPLICANTS) == [4, 2, 0, 0, 0, 0, 6]
    cell = next(c for c in ex.cells if (c.table, c.row, c.col) == ("applications", "granted", "total"))
    assert cell.printed == "5" and "总计" in cell.note
    assert not serious(findings)


def test_total_first_one_cell_per_line():
    header = "\n".join(["\t(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "\t总计", "\t申请人情况", "",
                        "\t自然人", "\t法人或其他组织", "", "\t商业企业", "\t科研机构", "\t社会公益组织", "\t法律服务机构",
                        "\t其他", ""])
    ex, findings = read(report(table3(header, TOTAL_FIRST_ROWS)))
    assert row(ex, "applications", "granted", APPLICANTS) == [3, 2, 0, 0, 0, 0, 5]
    assert not serious(findings)


def test_standard_order_stays_standard():
    header = ("(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\n"
              "\t\t自然人\t法人或其他组织\n\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他")
    rows = {"new_received": "1\t0\t0\t0\t0\t0\t1", "granted": "1\t0\t0\t0\t0\t0\t1", "total": "1\t0\t0\t0\t0\t0\t1"}
    ex, findings = read(report(table3(header, rows)))
    assert row(ex, "applications", "granted", APPLICANTS) == [1, 0, 0, 0, 0, 0, 1]
    assert not serious(findings)


def test_permuted_numbers_under_an_illegible_header_are_withheld():
    """The header is lost to OCR; the numbers fit only 总计 first: nothing is published."""
    header = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申靖人情况\n\t\t总汁\t白然人\t法人或其他组织"
    ex, findings = read(report(table3(header, TOTAL_FIRST_ROWS)))
    assert all(v is None for v in values(ex, "applications").values())
    assert "applications.column_order" in rules(findings)


def test_header_contradicted_by_the_numbers_is_withheld():
    """A standard header over rows whose first number is their total: neither order is trusted."""
    header = "\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"
    ex, findings = read(report(table3(header, TOTAL_FIRST_ROWS)))
    assert all(v is None for v in values(ex, "applications").values())
    assert "applications.column_order" in rules(findings)


def test_header_that_reads_both_ways_decided_by_the_numbers():
    """One cell per line, 总计 between 申请人情况 and 自然人: 总计 may have stood at the right of the
    first header row or first in the second. Numbers that fit only one order decide; numbers that
    fit both but differ between them (总计 1 = 自然人 1? or 总计 1 = 其他 1?) are withheld."""
    header = "\n".join(["\t(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "\t申请人情况", "\t总计",
                        "\t自然人", "\t法人或其他组织", "", "\t商业企业", "\t科研机构", "\t社会公益组织",
                        "\t法律服务机构", "\t其他", ""])
    ex, findings = read(report(table3(header, TOTAL_FIRST_ROWS)))
    assert row(ex, "applications", "granted", APPLICANTS) == [3, 2, 0, 0, 0, 0, 5]
    symmetric = {"new_received": "1\t0\t0\t0\t0\t0\t1", "granted": "1\t0\t0\t0\t0\t0\t1",
                 "total": "1\t0\t0\t0\t0\t0\t1"}
    ex, findings = read(report(table3(header, symmetric)))
    assert all(v is None for v in values(ex, "applications").values())
    assert "applications.column_order" in rules(findings)
    zeros = read(report(table3(header, {})))[0]
    assert set(values(zeros, "applications").values()) == {0}


# --- 4. 本年增\减 with a backslash, labels with filling instructions ----------------------------

BACKSLASH = report(table3("\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
                          {"new_received": "2\t0\t0\t0\t0\t1\t3", "granted": "1\t0\t0\t0\t0\t0\t1",
                           "partially_granted": "1\t0\t0\t0\t0\t1\t2", "total": "2\t0\t0\t0\t0\t1\t3"}, """第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件（含以镇政府、镇政府办公室名义印发的文件）\t4\t4\t26
第二十条第（五）项
信息内容\t上一年项目数量\t本年增\\减\t处理决定数量
行政许可（含行政审批）\t18\t-3\t64
其他对外管理服务事项\t2\t1\t7
第二十条第（六）项
信息内容\t上一年项目数量\t本年增\\减\t处理决定数量
行政处罚\t3\t0\t5
行政强制\t0\t0\t0
第二十条第（八）项
信息内容\t上一年项目数量\t本年增\\减
行政事业性收费（单位：项）\t1\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额（单位：万元）
政府集中采购\t2\t8.6
"""))


def test_backslash_header_and_instructions_in_labels():
    ex, findings = read(BACKSLASH)
    assert ex.template == "2019"
    assert row(ex, "proactive", "normative_documents", M2019_1) == [4, 4, 26]
    assert row(ex, "proactive", "administrative_licensing", M2019_5) == [18, -3, 64]
    assert row(ex, "proactive", "administrative_fees", ["items_prev_year", "items_change"]) == [1, 0]
    assert row(ex, "proactive", "government_procurement", ["procurement_items", "procurement_amount"]) == [2, 8.6]
    assert row(ex, "applications", "partially_granted", APPLICANTS) == [1, 0, 0, 0, 0, 1, 2]
    assert row(ex, "applications", "other", APPLICANTS) == [0] * 7  # not the 其他情形 of the instruction
    assert not ex.local_rows and not serious(findings)


# --- 5. local rows --------------------------------------------------------------------------

LOCAL = report(table3("\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计", {}, """第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t3\t3\t21
其他主动公开文件\t56\t56\t410
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t14\t1\t52
其他对外管理服务事项\t行政检查\t7\t0\t19
\t行政确认\t5\t-1\t33
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t2\t0\t4
行政强制\t0\t0\t0
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t0\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t0\t0
"""))


def test_local_rows_are_kept_apart_from_the_standard_rows():
    ex, findings = read(LOCAL)
    assert row(ex, "proactive", "normative_documents", M2019_1) == [3, 3, 21]
    assert row(ex, "proactive", "administrative_licensing", M2019_5) == [14, 1, 52]
    assert row(ex, "proactive", "other_management_services", M2019_5) == [None] * 3  # not forced on it
    assert row(ex, "proactive", "administrative_penalty", M2019_5) == [2, 0, 4]
    local = [(r.label, r.parent, [(v.position, v.col, v.value) for v in r.values]) for r in ex.local_rows]
    assert local == [
        ("其他主动公开文件", None, [(1, "new_made", 56), (2, "new_published", 56), (3, "total_published", 410)]),
        ("行政检查", "other_management_services",
         [(1, "items_prev_year", 7), (2, "items_change", 0), (3, "decisions", 19)]),
        ("行政确认", "other_management_services",
         [(1, "items_prev_year", 5), (2, "items_change", -1), (3, "decisions", 33)])]
    assert all(v.line and v.printed == str(v.value) for r in ex.local_rows for v in r.values)
    assert "table.unplaced_values" not in rules(findings)


def test_breakdown_rows_under_qizhong():
    text = LOCAL.replace("其他对外管理服务事项\t行政检查\t7\t0\t19\n\t行政确认\t5\t-1\t33",
                         "其他对外管理服务事项\t12\t-1\t52\n其中：行政检查\t7\t0\t19\n行政确认\t5\t-1\t33")
    ex, findings = read(text)
    assert row(ex, "proactive", "other_management_services", M2019_5) == [12, -1, 52]
    assert [(r.label, r.parent) for r in ex.local_rows][1:] == [
        ("其中:行政检查", "other_management_services"), ("行政确认", "other_management_services")]
    assert not serious(findings)


def test_local_rows_are_published(tmp_path):
    from nianbao import pipeline
    from nianbao.settings import Settings
    from .conftest import read_csv
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "qingshan.txt").write_text(LOCAL, encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path))
    rows = read_csv(tmp_path / "build" / "local_rows.csv")
    assert [(r["label"], r["position"], r["column"], r["value"], r["status"]) for r in rows[:3]] == [
        ("其他主动公开文件", "1", "new_made", "56", "printed"), ("其他主动公开文件", "2", "new_published", "56", "printed"),
        ("其他主动公开文件", "3", "total_published", "410", "printed")]
    assert {r["parent"] for r in rows[3:]} == {"other_management_services"}
    text = LOCAL.split("\n")
    assert all("\t" + r["printed"] in text[int(r["source_line"]) - 1] for r in rows)
    from frictionless import validate as frictionless_validate
    found = frictionless_validate(str(tmp_path / "datapackage.json"))
    assert found.valid, found.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:5]


# --- 7. traditional script with pinyin glosses ----------------------------------------------

GLOSSED = """青山鎮(zhèn)2020年政府信息公開工作年度報告

本報告根據《中華人民共和國政府信息公開條例》要求編制，統計期限自2020年1月1日起至2020年12月31日止。

二、主(zhǔ)動(dòng)公開政府信息情況

第二十條第（一）項
信息內容\t本年新製(zhì)作數量\t本年新公開數量\t對外公開總數量
規(guī)章(zhāng)\t0\t0\t0
規(guī)範(fàn)性文件\t5\t5\t30
第二十條第（五）項
信息內容\t上一年項目數量\t本年增/減(jiǎn)\t處理決定數量
行政許(xǔ)可(kě)\t21\t0\t77
其他對外管理服務事項\t0\t0\t0
第二十條第（六）項
信息內容\t上一年項目數量\t本年增/減\t處理決定數量
行政處(chǔ)罰(fá)\t8\t-1\t13
行政強(qiáng)制\t0\t0\t0
第二十條第（八）項
信息內容\t上一年項目數量\t本年增/減
行政事業性收費(fèi)\t0\t0
第二十條第（九）項
信息內容\t採(cǎi)購(gòu)項目數量\t採購總金額
政府集中採購\t1\t4.5

三、收到和處理政府信息公開申請情況

(本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和)\t\t申請人情況
\t\t自然人\t法人或其他組織\t\t\t\t\t總計
\t\t\t商業企業\t科研機構\t社會公益組織\t法律服務機構\t其他
一、本年新收政府信息公開申請數量\t\t1\t0\t0\t0\t0\t0\t1
二、上年結轉政府信息公開申請數量\t\t0\t0\t0\t0\t0\t0\t0
三、本年度辦理結果\t(一)予(yǔ)以公開\t1\t0\t0\t0\t0\t0\t1
\t(七)總(zǒng)計(jì)\t1\t0\t0\t0\t0\t0\t1
四、結轉下年度繼續辦理\t\t0\t0\t0\t0\t0\t0\t0

四、政府信息公開行政複議、行政訴訟情況

0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0

青山鎮(zhèn)人民政府
2021年1月20日
"""


def test_pinyin_glosses_are_not_part_of_the_labels():
    ex, findings = read(GLOSSED)
    assert ex.meta("organ") == "青山镇人民政府" and ex.template == "2019"
    assert row(ex, "proactive", "regulations", M2019_1) == [0, 0, 0]
    assert row(ex, "proactive", "normative_documents", M2019_1) == [5, 5, 30]
    assert row(ex, "proactive", "administrative_licensing", M2019_5) == [21, 0, 77]
    assert row(ex, "proactive", "administrative_penalty", M2019_5) == [8, -1, 13]
    assert row(ex, "proactive", "government_procurement", ["procurement_items", "procurement_amount"]) == [1, 4.5]
    assert row(ex, "applications", "granted", APPLICANTS) == [1, 0, 0, 0, 0, 0, 1]
    assert row(ex, "applications", "total", APPLICANTS) == [1, 0, 0, 0, 0, 0, 1]
    assert not ex.local_rows


def test_gloss_stripping_keeps_real_parentheses():
    from nianbao.normalise import normalise
    assert normalise("鄉(xiāng)鎮(zhèn)（一）予以公開（單位：萬元）") == "鄉鎮(一)予以公開(單位:萬元)"
    assert normalise("第二十條第（五）項") == "第二十條第(五)項"
    assert normalise("附件(PDF)") == "附件(PDF)"


# --- 8. missing section headings ------------------------------------------------------------

def test_tables_without_their_headings_are_found_by_content():
    text = (PIPES.replace("二、主动公开政府信息情况\n", "")
            .replace("三、收到和处理政府信息公开申请情况\n", "")
            # sub-headings of 一、总体情况 that name sections 二 and 三 are not their headings
            .replace("一、总体情况\n", "一、总体情况\n\n（二）主动公开政府信息情况\n\n全年主动公开政府信息126条。\n"
                     "\n（三）收到和处理政府信息公开申请情况\n\n2020年共收到政府信息公开申请4件。\n"))
    ex, findings = read(text)
    assert row(ex, "proactive", "normative_documents", M2019_1) == [2, 2, 15]
    assert row(ex, "proactive", "government_procurement", ["procurement_items", "procurement_amount"]) == [4, 36.5]
    assert row(ex, "applications", "new_received", APPLICANTS) == [3, 1, 0, 0, 0, 0, 4]
    assert row(ex, "applications", "total", APPLICANTS) == [4, 1, 0, 0, 0, 0, 5]
    missing = {f.message for f in findings if f.rule == "section.heading_missing"}
    assert missing == {"原文缺少第二部分的标题，表格按内容识别", "原文缺少第三部分的标题，表格按内容识别"}
    assert not serious(findings)


def test_excerpt_that_starts_at_table_three():
    start = PIPES.index("(本列数据的勾稽关系")
    ex, findings = read("青山镇2020年政府信息公开工作年度报告\n\n" + PIPES[start:])
    assert row(ex, "applications", "granted", APPLICANTS) == [2, 1, 0, 0, 0, 0, 3]
    assert [c.value for c in ex.cells if c.table == "review_litigation" and c.row == "litigation_direct"] \
        == [1, 0, 0, 0, 1]
    assert {f.table for f in findings if f.rule == "table.incomplete"} == {"proactive"}


# --- 9. digits glued across cells -----------------------------------------------------------

GLUED = report("""
二、主动公开政府信息情况

第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章000
规范性文件 2 2 19
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可1 0 3
其他对外管理服务事项000
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚103
行政强制000
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费00
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购00

三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和) 申请人情况
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量2000002
二、上年结转政府信息公开申请数量0000000
三、本年度办理结果 (一)予以公开2000002
(二)部分公开(区分处理的,只计这一情形,不计其他情形)0000000
(三)不予公开 1.属于国家秘密0000000
2.其他法律行政法规禁止公开0000000
3.危及“三安全一稳定”0000000
4.保护第三方合法权益0000000
5.属于三类内部事务信息0000000
6.属于四类过程性信息0000000
7.属于行政执法案卷0000000
8.属于行政查询事项0000000
(四)无法提供 1.本机关不掌握相关政府信息0000000
2.没有现成信息需要另行制作0000000
3.补正后申请内容仍不明确0000000
(五)不予处理 1.信访举报投诉类申请0000000
2.重复申请0000000
3.要求提供公开出版物0000000
4.无正当理由大量反复申请0000000
5.要求行政机关确认或重新出具已获取信息0000000
(六)其他处理00
(七)总计2000002
四、结转下年度继续办理0000000

四、政府信息公开行政复议、行政诉讼情况

行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
000000000000000
""")


def test_glued_digits_split_only_where_unique():
    ex, findings = read(GLUED)
    pro = values(ex, "proactive")
    assert row(ex, "proactive", "regulations", M2019_1) == [0, 0, 0]           # '规章000'
    assert row(ex, "proactive", "normative_documents", M2019_1) == [2, 2, 19]  # '规范性文件 2 2 19'
    assert row(ex, "proactive", "administrative_licensing", M2019_5) == [1, 0, 3]  # '行政许可1 0 3'
    assert row(ex, "proactive", "administrative_penalty", M2019_5) == [None] * 3   # '103': 1,0,3? 10,3? 103?
    assert row(ex, "proactive", "administrative_coercion", M2019_5) == [0, 0, 0]
    assert pro["administrative_fees", "items_prev_year"] == 0 and pro["administrative_fees", "items_change"] == 0
    glued = [f for f in findings if f.rule == "table.glued_digits"]
    assert [(f.table, f.row, f.severity) for f in glued][:1] == [("proactive", "administrative_penalty", "warning")]
    # '2000002' as seven cells: 20,0,0,0,0,2 with a blank that left no mark breaks 总计 = the sum
    # of the six, so only 2,0,0,0,0,0,2 is left
    assert row(ex, "applications", "new_received", APPLICANTS) == [2, 0, 0, 0, 0, 0, 2]
    assert row(ex, "applications", "granted", APPLICANTS) == [2, 0, 0, 0, 0, 0, 2]
    assert row(ex, "applications", "total", APPLICANTS) == [2, 0, 0, 0, 0, 0, 2]
    assert row(ex, "applications", "denied_state_secret", APPLICANTS) == [0] * 7
    # '00' for seven cells: five of them left no mark, and where is unknown
    assert row(ex, "applications", "other", APPLICANTS) == [None] * 7
    assert ("applications", "other") in {(f.table, f.row) for f in glued}
    assert [c.value for c in ex.cells if c.table == "review_litigation"] == [0] * 15
    cell = next(c for c in ex.cells if (c.table, c.row, c.col) == ("proactive", "regulations", "new_made"))
    assert (cell.status, cell.printed) == ("printed", "000") and "粘连" in cell.note


@pytest.mark.parametrize("module", [nianbao.extract.glued, nianbao.extract.proactive, nianbao.extract.align,
                                    nianbao.normalise])
def test_docstring_examples_of_the_new_parsers(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# --- 10. reports cut off mid-table ----------------------------------------------------------

def test_cut_off_inside_table_three():
    cut = PIPES.index("| | 3.危及“三安全一稳定”")
    text = PIPES[:cut] + "| | 3.危及“三安全一稳定” | 0 | 0 | 0 |\n"  # the copy ends mid-row
    ex, findings = read(text)
    assert row(ex, "applications", "granted", APPLICANTS) == [2, 1, 0, 0, 0, 0, 3]
    assert row(ex, "applications", "denied_prohibited_by_law", APPLICANTS) == [0] * 7
    for key in ("denied_three_safeties", "unable_not_held", "total", "carried_forward"):
        assert row(ex, "applications", key, APPLICANTS) == [None] * 7
    statuses = {c.status for c in ex.cells if c.table == "applications" and c.row == "total"}
    assert statuses == {"missing"}
    incomplete = {f.table: f for f in findings if f.rule == "table.incomplete"}
    assert set(incomplete) == {"applications", "review_litigation"}
    assert incomplete["applications"].row == "denied_three_safeties"
    assert "table.unplaced_values" in rules(findings)  # the three numbers of the cut row


def test_cut_off_inside_table_two():
    cut = PIPES.index("行政处罚 | 5 | 1 | 9 |")
    ex, findings = read(PIPES[:cut] + "行政处罚 | 5 | 1\n")
    assert ex.template == "2019"
    assert row(ex, "proactive", "normative_documents", M2019_1) == [2, 2, 15]
    assert row(ex, "proactive", "other_management_services", M2019_5) == [6, 0, 48]
    assert row(ex, "proactive", "administrative_penalty", M2019_5) == [None] * 3
    assert row(ex, "proactive", "government_procurement", ["procurement_items", "procurement_amount"]) == [None] * 2
    assert all(v is None for v in values(ex, "applications").values())
    incomplete = {f.table: f.row for f in findings if f.rule == "table.incomplete"}
    assert incomplete == {"proactive": "administrative_penalty", "applications": "new_received",
                          "review_litigation": "administrative_review"}


# --- the layouts in the synthetic round trip --------------------------------------------------

QUIRKY = synth.Options(share_legacy=0.0, share_broken=0.0, share_traditional=0.3, share_glosses=0.7,
                       share_split_headers=0.4, share_total_first=0.4, share_backslash=0.5, share_local_rows=0.4,
                       share_no_headings=0.3, share_year_mismatch=0.2)


def test_synthetic_quirks_read_back_exactly():
    """Every quirk in every layout: every printed value back under its key, local rows apart, and
    no warning (no report here breaks an identity)."""
    from nianbao.evaluate.truth import cells as truth_cells
    covered = set()
    for name, text, truth in synth.generate(240, seed=11, options=QUIRKY):
        ex, findings = read(text)
        want = truth_cells(truth)
        got = {(c.table, c.row, c.col): c.value for c in ex.cells}
        assert {k: got.get(k) for k in want} == want, (name, truth["features"])
        assert ex.template == truth["template"], name
        assert [(compact(r.label), [v.value for v in r.values]) for r in ex.local_rows] == \
            [(compact(r["label"]), r["values"]) for r in truth["local_rows"]], name
        assert not serious(findings), (name, truth["features"], serious(findings))
        assert ("template.year_mismatch" in rules(findings)) == ("year_mismatch" in truth["features"]), name
        covered |= {(f, truth["notes"]) for f in truth["features"]}
    features = ("split_headers", "total_first", "backslash", "local_rows", "no_headings", "year_mismatch", "glosses")
    wanted = {(f, f"synthetic: {layout}") for f in features for layout in synth.LAYOUTS}
    assert covered >= wanted, sorted(wanted - covered)


# --- the catalogue's new entries are consistent -------------------------------------------------

def test_template_words_belong_to_one_template_only():
    """A word that marks one template never occurs in the other template's headers or row labels."""
    from nianbao.catalogue import APPLICATIONS, BOTH, PROACTIVE, PROACTIVE_LAYOUT
    from nianbao.extract.words import GROUP_HEADS, TEMPLATE_ROW_WIDTHS, TEMPLATE_WORDS
    for template in BOTH:
        other = "2021" if template == "2019" else "2019"
        printed = {compact(b.header(m)) for b in PROACTIVE_LAYOUT[other] for m in b.measures}
        printed |= {compact(PROACTIVE.row(c).zh) for b in PROACTIVE_LAYOUT[other] for c in b.categories}
        printed |= {compact(r.zh) for r in APPLICATIONS.rows_for(other)}
        assert not [(w, p) for w in TEMPLATE_WORDS[template] for p in printed if w in p]
        mine = {compact(b.header(m)) for b in PROACTIVE_LAYOUT[template] for m in b.measures}
        assert all(any(w in p for p in mine) for w in TEMPLATE_WORDS[template] if w not in ("逾期不补正", "缴纳费用", "收费通知"))
    for key, widths in TEMPLATE_ROW_WIDTHS.items():
        for width, template in widths.items():
            block = next(b for b in PROACTIVE_LAYOUT[template] if key in b.categories)
            assert len(block.measures) == width
    assert set(GROUP_HEADS) <= {c.key for c in PROACTIVE.rows}
