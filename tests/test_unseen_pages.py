"""What 109 real report pages outside the development set showed (eleventh session): four readers
collected them from the stored web pages, wrote each page's truth before the program ran, and
reported where it was wrong. Each test is a short text written like those pages; every expected
value is printed in the test's own text or is the official name of the 民政部 table.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.describe import standalone
from nianbao.extract import extract
from nianbao.ingest import Document
from nianbao.ingest.text import read_text
from nianbao.places import Evidence, resolve
from nianbao.places.organ import parse
from nianbao.places.url import host_units
from nianbao.settings import Settings

from .conftest import SCORES, read_csv


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


NEW = "applications.new_received.total"


@pytest.mark.parametrize("sentence,key,value", [
    ("2025年，我街收到政府信息公开申请1条。", NEW, 1),
    ("全年新收政府信息公开申请数量3件，上年结转政府信息公开申请数量0件。", NEW, 3),
    ("其中予以公开2件，重复申请1件。", "applications.not_processed_repeat.total", 1),
    ("2022年我镇共收到群众依申请公开信件4件。", NEW, 4),                 # round two
    ("本年度收到申请政府信息公开请求1件。", NEW, 1),
    ("全年接受群众主动要求公开政府信息申请7件。", NEW, 7),               # round three
    ("2021年，我局接到依申请公开事项5项。", NEW, 5),                     # round four
    ("2018年我局收到申请总数为1起。", NEW, 1),
    ("2019年依申请公开共受理2件。", NEW, 2),
    ("2023年,本街道共收到12件信息依申请公开,其中10件已经按时完成答复。", NEW, 12),
    ("本年度共收到并妥善处理依申请公开信息13件。", NEW, 13),                 # round five
    ("2021年我委收到依申请公开政府信息2件，均为网络申请件。", NEW, 2),
    ("共收到申请5件，另2件申请按规定结转下年度继续办理。", "applications.carried_forward.total", 2),   # round six
    ("因属于行政执法案卷信息不予公开1件。", "applications.denied_enforcement_file.total", 1),
])
def test_figures_the_prose_states(sentence, key, value):
    ex = read("青山镇2025年政府信息公开工作年度报告\n一、总体情况\n" + sentence + "\n")
    assert (key, value) in {(f.key, f.value) for f in ex.facts}


@pytest.mark.parametrize("sentence", ["全年未收到因依申请公开答复而引起的行政复议和诉讼。", "我办全年未收到行政许可申请。"])
def test_no_applications_is_said_of_applications_only(sentence):
    ex = read("青山镇2022年政府信息公开工作年度报告\n一、总体情况\n" + sentence + "\n")
    assert "claim.no_applications" not in {f.key for f in ex.facts}


def test_a_count_of_rules_is_no_disclosure_figure():
    text = ("青山镇2014年政府信息公开工作年度报告\n一、概述\n我镇建立了“依申请公开制度”、“年度报告制度”等13项制度，"
            "不断完善公开工作机制。\n")
    assert meta(text)["template"] is None


def test_granted_and_partially_granted_together_are_neither():
    """'全部或部分公开的73件' is 予以公开 and 部分公开 together: no row's figure."""
    ex = read("青山镇2022年政府信息公开工作年度报告\n一、总体情况\n在已办理的145件申请中,全部或部分公开的73件。\n")
    assert not [f for f in ex.facts if f.key == "applications.partially_granted.total"]


# --- the second round: 73 more pages, read with the changes above --------------------------------

def test_the_usual_writing_is_not_completed_by_a_rarer_one():
    """No title: the organ is the writing the text uses most (twice), not a longer one used once."""
    text = ("本年度报告根据《中华人民共和国政府信息公开条例》编制。\n一是在东坡区崇礼镇人民政府政务信息专栏公开；"
            "二是在东坡区崇礼镇人民政府宣传栏公开；三是在眉山市东坡区崇礼镇人民政府便民服务中心公开。\n")
    assert meta(text)["organ"] == "东坡区崇礼镇人民政府"


def test_the_organs_own_fuller_writing_completes_the_title():
    """'由嵊州市通源乡人民政府编制': the organ writes its name so, though the table no longer has 通源乡."""
    text = "2009年通源乡人民政府信息公开年报\n本报告是由嵊州市通源乡人民政府编制的2009年度政府信息公开年度报告。\n"
    assert meta(text)["organ"] == "嵊州市通源乡人民政府"


@pytest.mark.parametrize("text,organ,year", [
    # a town named '…镇政府' only in the body
    ("一、总体情况\n(一)主动公开方面。2022年我镇主动公开政府信息45条。\n(二)依申请公开方面。我镇未收到申请。\n"
     "如有疑问，请与衢州市衢江区湖南镇政府综合督考办公室联系。\n", "衢州市衢江区湖南镇政府", 2022),
    # the year and the organ at the start of a sentence with no comma
    ("一、总体情况\n2020年七里坪镇严格按照《中华人民共和国政府信息公开条例》有关要求，由镇党政办具体负责。\n"
     "(一)主动公开情况。共计公开政府信息115条。\n(二)依申请公开情况。未收到申请。\n", "七里坪镇", 2020),
    # the known place, not the longest name ('黄花乡在县…')
    ("本报告由黄花乡人民政府办公室编制。\n一、总体情况\n2019年,黄花乡在县政务公开部门的指导下，主动公开信息12条。\n"
     "(二)依申请公开情况。未收到政府信息公开申请。\n", "黄花乡人民政府", 2019),
    # round four
    # a title cut before its last words
    ("东辽县人民政府2012年政府信息公开\n年度报告\n本报告为2012年度县政府信息公开年度报告。\n", "东辽县人民政府", 2012),
    # a title that runs into the first sentence
    ("木里县人民政府2014年政府信息公开工作年度报告(以下简称年报),根据《中华人民共和国政府信息公开条例》编制。\n",
     "木里县人民政府", 2014),
    # a title worded oddly, and a preamble that names last year (copied from the last report)
    ("黄村镇2014年度信息年度公开报告\n特向社会公布2013年度黄村镇政府信息公开年度报告。本报告中所列数据的统计期限自2014年1月1日起"
     "至2014年12月31日止。\n", "黄村镇", 2014),
    # a mirror's domain glued before the name
    ("现公布puroview.com溪下乡2017年政府信息公开工作年度报告。\n一、概述\n", "溪下乡", 2017),
    # the opening on the heading's line
    ("一、总体情况 2022年界坑乡严格按照上级要求，深入贯彻政府信息公开条例，主动公开政府信息50条。\n(二)依申请公开。\n",
     "界坑乡", 2022),
    # round five: a sentence that starts with the year and a known organ, mid-line
    ("一、总体情况\n(一)主动公开方面。2023年,连平县上坪镇人民政府主动公开政府信息60条。\n(二)依申请公开方面。\n",
     "连平县上坪镇人民政府", 2023),
    # … and an office for its government
    ("一、总体情况\n(二)依申请公开方面。2023年,水阳镇人民政府办公室严格按照条例办理申请，主动公开政府信息20条。\n",
     "水阳镇人民政府", 2023),
    # a period that starts in August (a district founded that year)
    ("沙坡头区人民政府信息公开工作年度报告\n本报告中所列数据的统计期限自2016年8月19日起,至2016年12月31日止。\n",
     "沙坡头区人民政府", 2016),
    # a township's name that starts with a preposition's character
    ("对坊乡2023年政府信息公开工作年度报告\n请与对坊乡人民政府办公室联系。\n", "对坊乡人民政府", 2023),
    # round six: '和' + '县政府' is no county 和县; the title's organ stands
    ("随县经济开发区2019年政府信息公开工作年度报告\n认真贯彻落实《条例》和县政府确定的2019年政务公开工作重点。\n",
     "随县经济开发区", 2019),
])
def test_who_and_when(text, organ, year):
    got = meta(text)
    assert (got["organ"], got["year"]) == (organ, year)


def test_a_sentence_that_starts_with_no_known_place_names_no_organ():
    got = meta("一、总体情况\n2022年园区严格按照《中华人民共和国政府信息公开条例》要求，主动公开信息30条。\n"
               "(二)依申请公开。未收到申请。\n")
    assert got["organ"] is None


def test_the_whole_township_is_not_a_name():
    got = meta("一、总体情况\n我乡汇总了全乡政府信息公开工作情况。\n(一)主动公开情况。公开信息20条。\n"
               "(二)依申请公开情况。未收到申请。\n")
    assert got["organ"] is None and got["township"] is None and got["level"] == "township"


def test_years_and_departments_the_preamble_states():
    got = meta("根据《中华人民共和国政府信息公开条例》和金水区政府关于政府信息公开工作的有关文件精神，特编制并向社会"
               "公布金水区发展改革和统计局2014年度政府信息公开年度报告。\n")
    assert (got["organ"], got["level"], got["year"]) == ("金水区发展改革和统计局", "department", 2014)
    got = meta("本报告从总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、行政复议等六个方面汇报我镇2023年"
               "政府信息公开工作。\n一、总体情况\n")
    assert got["year"] == 2023


def test_a_street_written_with_a_bare_jie():
    """佳荣里街 is 佳荣里街道 (Tianjin and Guangzhou write 街); 金融街 alone is no street's name."""
    assert (parse("佳荣里街").level, parse("佳荣里街").township) == ("street", "佳荣里街道")
    assert parse("金融街").level != "street"


def test_an_approximate_figure_makes_an_old_report_prose_only():
    text = "仲山镇2011年政府信息公开工作年度报告\n一、概述\n2011年,仲山镇政府及部门主动公开政府信息100余条。\n"
    assert meta(text)["template"] == "legacy"


def test_an_excerpt_that_starts_at_the_old_overview_is_a_report():
    text = ("一、政府信息公开工作概述\n2018年我镇在区政府的统一领导下，全面推进政务公开。\n二、主动公开政府信息情况\n"
            "2018年我镇主动公开政府信息数39条。\n三、依申请公开政府信息办理情况\n2018年未收到申请。\n")
    assert meta(text)["year"] == 2018


@pytest.mark.parametrize("organ,county", [
    ("重庆市渝北区人民政府天宫殿街道办事处", "渝北区"),     # the table now has 天宫殿街道 under 两江新区
    ("泉州台商投资区百崎回族乡人民政府", "惠安县"),         # a zone is no county: the table's
])
def test_a_county_the_table_no_longer_has_is_published_as_the_report_names_it(organ, county):
    from nianbao.describe import describe
    ex = read(f"{organ}2023年政府信息公开工作年度报告\n一、总体情况\n")
    assert describe(ex, {}).metadata["county"].value == county


# --- the third round: 51 more pages (H, I), the first 25 read with the changes above unseen --------

@pytest.mark.parametrize("text,organ,level,township", [
    # whom to ask, when nothing else names the organ
    ("一、总体情况\n我乡认真开展政府信息公开工作，主动公开信息30条。\n(二)依申请公开情况。未收到申请。\n"
     "如有疑问请与石渠县奔达乡联系(地址:甘孜州石渠县奔达乡)。\n", "石渠县奔达乡", "township", "奔达乡"),
    ("一、总体情况\n2021年，我局主动公开政府信息50条，收到政府信息依申请公开办理事项1件。\n(二)依申请公开情况。\n"
     "如有疑问请与来凤县政务服务和大数据管理局(地址:来凤县政务服务中心501室)。\n",
     "来凤县政务服务和大数据管理局", "department", None),
    # the town's office under its district's government: the town's report
    ("一、总体情况\n我镇在区政府网站信息公开平台主动公开政府信息373条。\n(二)依申请公开情况。未收到申请。\n"
     "如对报告有任何疑问，请与章贡区人民政府水东镇办公室联系。\n", "章贡区人民政府水东镇", "township", "水东镇"),
    # a contact office stands for its government
    ("一、总体情况\n我镇主动公开政府信息20条。\n(二)依申请公开情况。未收到申请。\n请与江口镇党政办公室联系。\n",
     "江口镇", "township", "江口镇"),
])
def test_the_contact_sentence_names_the_organ_last(text, organ, level, township):
    got = meta(text)
    assert (got["organ"], got["level"], got["township"]) == (organ, level, township)


def test_a_kind_of_place_alone_is_no_name():
    """'特编制并向社会公布2021年度街道信息公开年度报告': 街道 is no organ; the contact line names it."""
    got = meta("特编制并向社会公布2021年度街道信息公开年度报告。如有疑问请与南通市通州区兴东街道办事处联系。\n"
               "一、总体情况\n(一)主动公开政府信息情况。\n(二)依申请公开情况。\n")
    assert (got["organ"], got["township"]) == ("南通市通州区兴东街道办事处", "兴东街道")


def test_a_district_government_before_a_street_in_a_title_line():
    organ = parse("重庆市沙坪坝区人民政府小龙坎街道")
    assert (organ.level, organ.township, organ.county) == ("street", "小龙坎街道", "沙坪坝区")


def test_an_ambiguous_township_keeps_what_its_candidates_share():
    """牛街乡 is a township of 巍山县 and of 洱源县, both in 大理白族自治州."""
    r = resolve(Evidence(township="牛街乡"))
    assert (r.township, r.county, r.prefecture, r.province) == (None, None, "大理白族自治州", "云南省")
    r = resolve(Evidence(township="牛街乡", url="http://www.dlweishan.gov.cn/wsrmzf/c1/t.html"))
    assert (r.township, r.county) == ("牛街乡", "巍山彝族回族自治县")   # 大理 + 巍山 in pinyin


def test_an_excerpt_of_the_old_format_without_its_start_is_a_report():
    text = ("我镇政府信息公开主要采用网络及宣传栏公示形式发布。2014年我镇主动公开政府信息数160条。\n"
            "三、政府信息依申请公开情况\n2014年未收到申请。\n四、政府信息公开的收费及减免情况\n无。\n"
            "亭子坝镇人民政府\n2015年1月10日\n")
    got = meta(text)
    assert (got["organ"], got["year"], got["template"]) == ("亭子坝镇人民政府", 2014, "legacy")


ONE_CELL_PIPES = """青山镇2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和) |
申请人情况 |
自然人 |
法人或其他组织 |
总计 |
一、本年新收政府信息公开申请数量 |
|
|
|
|
|
|
3 |
||
二、上年结转政府信息公开申请数量 |
1 |
|
|
|
|
|
1 |
||
"""


def test_one_cell_per_line_where_a_lone_bar_is_an_empty_cell():
    ex = read(ONE_CELL_PIPES)
    got = {(c.row, c.col): c.value for c in ex.cells if c.table == "applications"}
    assert got["new_received", "total"] == 3 and got["new_received", "natural_person"] is None
    assert (got["carried_over", "natural_person"], got["carried_over", "total"]) == (1, 1)


# --- the pages themselves ---------------------------------------------------------------------

UNSEEN = Path(__file__).resolve().parent / "unseen"
FIELDS = ("township", "county", "prefecture", "province", "level", "year", "template")


def test_the_unseen_pages(tmp_path):
    """Every field but the organ's form (see tests/unseen/README.md), against floors a little under
    what the session left (95-99 %): a change that loses several pages' places or years fails."""
    pipeline.build(Settings(corpus=UNSEEN / "corpus", root=tmp_path))
    published = {r["source_file"]: r for r in read_csv(tmp_path / "build" / "reports.csv")}
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((UNSEEN / "truth").glob("*.json"))]
    right = {f: 0 for f in FIELDS}
    for truth in truths:
        row = published.get(truth["report"], {})
        for f in FIELDS:
            got = row.get(f) or None
            right[f] += (int(got) if f == "year" and got else got) == truth[f]
    share = {f: right[f] / len(truths) for f in FIELDS}
    SCORES.append(f"unseen pages (tests/unseen)   {len(truths)} pages: " + ", ".join(
        f"{f} {100 * s:.1f}%" for f, s in share.items()))
    assert len(published) >= len(truths) - 2                       # a spam mirror may hide what it is
    assert min(share["township"], share["county"], share["prefecture"], share["province"]) >= 0.93, share
    assert min(share["level"], share["year"], share["template"]) >= 0.95, share


def test_a_row_the_excerpt_ends_with_is_never_completed_though_its_numbers_are_whole():
    """'7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |' and the page stops: its seventh cell was cut off,
    not printed; it is not inferred from the other six."""
    text = ("青山镇2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和) | 申请人情况 |\n"
            "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
            "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
            "三、本年度办理结果 | (一)予以公开 | 1 | 0 | 0 | 0 | 0 | 0 |")
    ex = read(text)
    got = {(c.row, c.col): (c.value, c.status) for c in ex.cells if c.table == "applications"}
    assert all(status != "inferred" for _, status in got.values())
    assert got["granted", "total"][0] is None


# --- the fourth round (J, K, L: counties and departments, noisy pages, tables) -------------------

def test_an_office_with_no_place_is_no_name():
    """'发布机构 | 政府办公室 |' names no organ: the report's own '我旗' decides its level."""
    got = meta("发布机构 | 政府办公室 |\n特向社会公布我旗2021年度政府信息公开年度报告。\n一、总体情况\n"
               "2021年，旗政府高度重视政府信息公开工作，主动公开政府信息120条。\n(二)依申请公开情况。\n")
    assert got["organ"] is None and got["level"] == "county"


def test_a_zone_is_no_county():
    organ = parse("武汉市东湖生态旅游风景区管理委员会卫生健康办公室")
    assert organ.county is None and organ.level == "department"


def test_a_township_of_one_character_is_not_read_off_a_word():
    """'提高乡政府工作的透明度': 提高 + 乡政府, not a township 高乡."""
    got = meta("一、总体情况\n我乡严格按照条例要求，提高乡政府工作的透明度，主动公开政府信息30条。\n(二)依申请公开情况。\n")
    assert got["organ"] is None and got["township"] is None


def test_an_opening_since_the_year():
    got = meta("一、总体情况\n2022年以来,丰收乡在县委县政府的正确领导下，主动公开政府信息40条。\n(二)依申请公开情况。\n")
    assert (got["organ"], got["year"]) == ("丰收乡", 2022)


def test_a_host_that_keeps_zh_whole():
    assert [u.name for u in host_units("http://www.bjtzh.gov.cn/x.html")] == ["通州区"]     # 北京 + 通州



@pytest.mark.parametrize("name,level,township,county", [
    ("第一师阿拉尔市十六团新开岭镇", "township", "新开岭镇", None),        # a corps regiment before its town
    ("重庆市大足区海棠新城开发区管理委员会", "other", None, "大足区"),   # a zone's own committee
    ("温州空港新区管委会", "other", None, None),                          # 温州 is a short name, no county
    ("武汉市东湖生态旅游风景区管理委员会卫生健康办公室", "department", None, None),
])
def test_organs_of_the_fifth_round(name, level, township, county):
    organ = parse(name)
    assert (organ.level, organ.township, organ.county) == (level, township, county)


def test_short_and_glued_county_names_resolve():
    """木垒县 is 木垒哈萨克自治县 (no 族 before 自治县); 昭化元坝镇 is 元坝镇 of 昭化区 (区 dropped)."""
    assert resolve(Evidence(county="木垒县")).county == "木垒哈萨克自治县"
    r = resolve(Evidence(township="昭化元坝镇"))
    assert (r.township, r.county) == ("元坝镇", "昭化区")
