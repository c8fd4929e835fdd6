"""What 109 real report pages outside the development set showed (eleventh session): four readers
collected them from the stored web pages, wrote each page's truth before the program ran, and
reported where it was wrong. Each test is a short text written like those pages; every expected
value is printed in the test's own text or is the official name of the 民政部 table.
"""

from __future__ import annotations

import hashlib

import pytest

from nianbao.describe import standalone
from nianbao.extract import extract
from nianbao.ingest import Document
from nianbao.ingest.text import read_text
from nianbao.places import Evidence, resolve
from nianbao.places.organ import parse
from nianbao.places.url import host_units


def read(text: str, name: str = "r.txt"):
    data = text.encode("utf-8")
    doc = Document(name, hashlib.sha256(data).hexdigest(), "text", tuple(read_text(data)))
    return extract(doc)


def meta(text: str) -> dict:
    ex = read(text)
    return {key: ex.meta(key) for key in ("organ", "level", "township", "county", "year")} | {"template": ex.template}


# --- who: names the organ grammar misread ------------------------------------------------------

@pytest.mark.parametrize("name,level,township,county", [
    # a street office named as its district government's agency
    ("北京市东城区人民政府崇文门外街道办事处", "street", "崇文门外街道", "东城区"),
    ("安宁市人民政府县街街道办事处", "street", "县街街道", "安宁市"),    # a street whose name starts with 县
    ("高青县田镇街道办事处", "street", "田镇街道", "高青县"),            # a street whose name holds 镇
    # a township government's office reports for the township
    ("和静县克尔古提乡人民政府办公室", "township", "克尔古提乡", "和静县"),
    ("大余县吉村镇人民政府党政办公室", "township", "吉村镇", "大余县"),
    # a county government's office is one of its departments, as before
    ("昌图县人民政府办公室", "department", None, "昌图县"),
])
def test_organ_names_of_real_pages(name, level, township, county):
    organ = parse(name)
    assert (organ.level, organ.township, organ.county) == (level, township, county)


def test_a_department_whose_name_starts_with_a_place_word_is_whole():
    """'闽清县市场监督管理局': 市 begins 市场, it does not end a city's name."""
    got = meta("根据《中华人民共和国政府信息公开条例》规定，由闽清县市场监督管理局编制本报告。\n一、总体情况\n")
    assert (got["organ"], got["level"], got["county"]) == ("闽清县市场监督管理局", "department", "闽清县")


def test_a_government_named_as_a_website_is_not_the_organ():
    """A street's report that names only its district's website: the organ is not the district's
    government, and the level is how the report says 'we' (我街)."""
    got = meta("一、总体情况\n2022年我街坚持以习近平新时代中国特色社会主义思想为指导，依托天津市南开区人民政府网站"
               "公开政府信息。\n(一)主动公开情况。2022年我街共收到1条意见。\n(二)依申请公开情况。未收到申请。\n")
    assert got["organ"] is None and got["level"] == "street"
    assert got["year"] == 2022             # '2022年我街…' opens the overview


def test_an_address_is_not_a_fuller_name_of_the_organ():
    got = meta("墨脱县加热萨乡2021年政府信息公开工作年度报告\n如对本报告有疑问，请与加热萨乡人民政府联系"
               "(地址:西藏自治区林芝市墨脱县加热萨乡人民政府,邮编:860700)。\n")
    assert got["organ"] == "墨脱县加热萨乡" and got["county"] == "墨脱县"


def test_a_stray_year_before_the_title():
    got = meta("2025湖口县大垅乡2025年度政府信息公开工作年度报告\n本报告所列统计数据的期限自2025年1月1日起。\n")
    assert (got["organ"], got["year"]) == ("湖口县大垅乡", 2025)


def test_an_excerpt_that_starts_at_section_one_is_a_report():
    """No title and no preamble: the overview's own parts say what it is."""
    text = ("一、总体情况\n2023年，大兴乡人民政府坚持以习近平新时代中国特色社会主义思想为指导，认真落实政府信息公开工作。\n"
            "(一)主动公开方面。加大主动公开力度。\n(二)依申请公开情况。2023年未收到群众要求公开政府信息的申请。\n")
    got = meta(text)
    assert (got["organ"], got["level"], got["year"]) == ("大兴乡人民政府", "township", 2023)


# --- where: a township's name and a page's host ------------------------------------------------

def test_a_name_the_table_does_not_have_is_never_cut_to_one_it_has():
    """海林市 writes its 二道河子镇 as 二道河镇; 道河镇 is a town of 东宁市: never that one."""
    r = resolve(Evidence(township="二道河镇", mentions=("海林市",)))
    assert r.township != "道河镇" and r.county != "东宁市"


def test_a_host_under_its_provinces_domain():
    """qionghai.hainan.gov.cn: 琼海市 of 海南省; 'hainan' is the province, not 乌海市's 海南区."""
    assert [u.name for u in host_units("http://qionghai.hainan.gov.cn/zfxxgkzl/xz/yjz/t1.html")] == ["琼海市"]
    r = resolve(Evidence(url="http://qionghai.hainan.gov.cn/zfxxgkzl/xz/yjz/t1.html"))
    assert (r.county, r.province) == ("琼海市", "海南省")
    assert host_units("http://www.hainan.gov.cn/x.html") == ()      # the province's own portal


# --- which template: a report of the 2019 format cut before its tables ---------------------------

LISTED = """{title}
本报告根据《中华人民共和国政府信息公开条例》要求编制。全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、{rest}
一、总体情况
(一)主动公开情况。2025年，主动公开政府信息120条。
(二)依申请公开政府信息情况
2025年共收到政府信息公开申请2件。
"""


def test_the_older_sections_named_in_a_sentence_do_not_make_a_report_prose_only():
    text = LISTED.format(title="天兴乡2025年政府信息公开工作年度报告", rest="政府信息公开行政复议、行政诉讼情况等部分。")
    assert meta(text)["template"] is None


def test_the_older_sections_as_headings_do():
    text = ("城月镇2020年政府信息公开工作年度报告\n一、概述\n2020年，我镇主动公开政府信息79条。\n"
            "二、主动公开政府信息情况\n三、依申请公开政府信息和不予公开政府信息情况\n2020年共收到政府信息公开申请0件。\n")
    assert meta(text)["template"] == "legacy"


# --- what: the last number of an excerpt, and figures in the prose -------------------------------

TABLE_END = """青山镇2021年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(五)项
信息内容 |
本年处理决定数量 |
行政许可 |
{end}"""


def test_a_last_number_followed_by_a_line_break_was_printed_whole():
    ex = read(TABLE_END.format(end="7\n"))
    assert {(c.row, c.col): c.value for c in ex.cells if c.table == "proactive"}[
        "administrative_licensing", "decisions"] == 7


def test_a_last_number_with_nothing_after_it_may_be_cut():
    ex = read(TABLE_END.format(end="7"))
    assert {(c.row, c.col): c.value for c in ex.cells if c.table == "proactive"}.get(
        ("administrative_licensing", "decisions")) is None


@pytest.mark.parametrize("sentence,key,value", [
    ("2025年，我街收到政府信息公开申请1条。", "applications.new_received.total", 1),
    ("全年新收政府信息公开申请数量3件，上年结转政府信息公开申请数量0件。", "applications.new_received.total", 3),
    ("其中予以公开2件，重复申请1件。", "applications.not_processed_repeat.total", 1),
])
def test_figures_the_prose_states(sentence, key, value):
    ex = read("青山镇2025年政府信息公开工作年度报告\n一、总体情况\n" + sentence + "\n")
    assert (key, value) in {(f.key, f.value) for f in ex.facts}
