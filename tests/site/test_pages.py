"""The generated pages show what the reports print: values checked against the original files."""

from __future__ import annotations

import json
import re

from nianbao.catalogue import APPLICATIONS, REVIEW_LITIGATION, TEMPLATE_LABELS

from .conftest import REPO, Page

CAOFANG, SHIMEN, WANGYUAN, ZHANGXIANG, CHENGYUE = (
    "000_8fd5f38ae061f3c2.txt", "001_0c686d7f689649a3.txt", "002_623967a19d51db49.txt",
    "003_ae53f9282b2209bb.txt", "004_f375f0e851984426.txt")
ALL = (CAOFANG, SHIMEN, WANGYUAN, ZHANGXIANG, CHENGYUE)


def original_line(source_file: str, n: int) -> str:
    return (REPO / "corpus" / source_file).read_text(encoding="utf-8").split("\n")[n - 1]


def cell(page: Page, table: str, row: str, col: str) -> tuple[str, list[str], str]:
    """(text shown, links, class) of a table cell on a report page."""
    return page.cells()[f"c-{table}-{row}-{col}"]


def test_every_sample_report_has_its_page_and_original(site):
    for source in ALL:
        rid = site.report(source)["report_id"]
        folder = site.path / "reports" / rid
        assert (folder / "index.html").is_file()
        assert (folder / "original" / "index.html").is_file()
        assert not list(folder.glob("*.csv")) and not list(folder.glob("*.json"))   # made in the browser
        archived = next((folder / "original").glob(f"{rid}.*"))
        assert archived.read_bytes() == (REPO / "corpus" / source).read_bytes()


def test_wangyuan_litigation_direct_total_is_5_linked_to_line_100(site):
    page = site.report_page(WANGYUAN)
    text, links, cls = cell(page, "review_litigation", "litigation_direct", "total")
    assert text == "5" and links == ["original/#L100"] and cls == ""                # printed: no class
    # the rest of line 100 as printed: 未经复议直接起诉 1 1 0 3 5, 复议后起诉 1 0 0 6 7
    printed = {"litigation_direct": ["1", "1", "0", "3", "5"], "litigation_after_review": ["1", "0", "0", "6", "7"]}
    for row, values in printed.items():
        shown = [cell(page, "review_litigation", row, c.key)[0] for c in REVIEW_LITIGATION.cols]
        assert shown == values
    assert original_line(WANGYUAN, 100).split("\t")[5:10] == ["1", "1", "0", "3", "5"]
    # 行政复议 is printed empty on line 100: null, shown as "—", never 0
    for c in REVIEW_LITIGATION.cols:
        assert cell(page, "review_litigation", "administrative_review", c.key)[0] == "—"


def test_wangyuan_original_page_has_line_100_as_printed(site):
    page = site.original_page(WANGYUAN)
    assert page.text_by_id["L100"] == original_line(WANGYUAN, 100)       # the number is drawn by CSS
    assert len([i for i in page.text_by_id if i.startswith("L")]) == \
        len((REPO / "corpus" / WANGYUAN).read_text(encoding="utf-8").split("\n"))


def test_caofang_rows_from_unable_unclear_on_are_missing_not_zero(site):
    page = site.report_page(CAOFANG)
    keys = [r.key for r in APPLICATIONS.rows_for("2019")]
    lost = keys[keys.index("unable_unclear"):]
    assert lost[-1] == "carried_forward" and "total" in lost
    for row in lost:
        for col in APPLICATIONS.cols:
            text, links, cls = cell(page, "applications", row, col.key)
            assert (text, links) == ("—", []) and "m" in cls.split(), (row, col.key)
    # the row before the lost page is printed: 2.没有现成信息需要另行制作 0 ... on line 67
    assert cell(page, "applications", "unable_needs_creation", "total")[:2] == ("0", ["original/#L67"])
    assert cell(page, "applications", "new_received", "total")[:2] == ("0", ["original/#L52"])
    assert "空值不是 0" in page.text and "63格" in page.text


def test_chengyue_legacy_figures_come_from_line_19(site):
    page = site.report_page(CHENGYUE)
    assert "共收到政府信息公開申請0件" in original_line(CHENGYUE, 19)
    assert cell(page, "applications", "new_received", "total")[:2] == ("0", ["original/#L19"])
    assert cell(page, "applications", "carried_over", "total")[:2] == ("1", ["original/#L19"])
    assert cell(page, "applications", "new_received", "natural_person")[:2] == ("—", [])
    assert "c-review_litigation-administrative_review-total" not in page.cells()
    assert page.text.count("本报告没有这张表") == 2        # 二 and 四: a legacy report has no tables


def test_shimen_inferred_row_is_marked_with_its_reason(site):
    page = site.report_page(SHIMEN)
    for col in APPLICATIONS.cols:
        text, links, cls = cell(page, "applications", "denied_state_secret", col.key)
        assert text == "0推算" and links == ["original/#L41"] and "i" in cls.split()
    assert "第41行" in page.text and "缺1格" in page.text


def test_zhangxiang_2021_table_two(site):
    page = site.report_page(ZHANGXIANG)
    assert original_line(ZHANGXIANG, 44).strip() == "1" and original_line(ZHANGXIANG, 52).strip() == "4"
    assert cell(page, "proactive", "administrative_licensing", "decisions")[:2] == ("1", ["original/#L44"])
    assert cell(page, "proactive", "administrative_penalty", "decisions")[:2] == ("4", ["original/#L52"])
    assert "本年收费金额" in page.text and "本年新制作数量" not in page.text


def test_report_page_metadata_source_licence_and_citation(site):
    page = site.report_page(CAOFANG)
    text = page.text
    report = site.report(CAOFANG)
    places = [report[k] or "未识别" for k in ("province", "prefecture")]
    for expected in ("曹坊镇人民政府", "宁化县", *places, "2020", "2021-01-19", "0598-6551005", "CC-BY-4.0",
                     "000_8fd5f38ae061f3c2.txt", "引用"):
        assert expected in text, expected
    hrefs = [a.get("href") for t, a in page.elements if t == "a"]
    assert "http://www.fjnh.gov.cn" in hrefs                          # the website the report prints
    zhang = site.report_page(ZHANGXIANG)
    assert "http://www.jxfc.gov.cn/xxgk-show-123660.html" in [a.get("href") for t, a in zhang.elements if t == "a"]


def test_findings_page_links_to_the_contradicted_cell(site):
    overview = Page(site.page("findings"))
    assert "errors/" in [a.get("href") for t, a in overview.elements if t == "a"]
    assert "prose.contradicts_table" in overview.text                   # counted by rule
    page = Page(site.page("findings/errors"))
    rid = site.report(WANGYUAN)["report_id"]
    hrefs = [a.get("href") for t, a in page.elements if t == "a"]
    assert f"../../reports/{rid}/#c-review_litigation-litigation_direct-total" in hrefs
    assert f"../../reports/{rid}/original/#L23" in hrefs                # the prose that says there were none
    assert "未发生因政府信息公开申请行政复议" in page.text


def test_browse_by_place_leads_from_the_top_to_each_report(site):
    """全部地区 › province (a page each) › prefecture › county: a region whose township-years fit one
    page lists them all, the places below it named in its table (here every province holds one)."""
    for source in ALL:
        report = site.report(source)
        page = site.report_page(source)
        chain = list(dict.fromkeys(h for t, a in page.elements
                                   if t == "a" and (h := a.get("href") or "").startswith("../../regions/")))
        assert len(chain) == 2, chain                         # 全部地区 › province
        region = Page(site.page("regions/" + chain[-1].removeprefix("../../regions/")))
        for level in ("county", "township"):
            assert (report[level] or "未识别") in region.text, level
        assert f"../../reports/{report['report_id']}/" in [a.get("href") for t, a in region.elements]
        for level in ("province", "prefecture", "county"):
            assert (report[level] or "未识别") in page.text


def test_browse_by_year(site):
    y2020, y2021 = Page(site.page("years/2020")), Page(site.page("years/2021"))
    assert "张巷镇人民政府" in y2021.text and "张巷镇人民政府" not in y2020.text
    assert all(name in y2020.text for name in ("曹坊镇", "石门乡", "望远镇", "城月镇"))


def test_index_table_has_headline_figures_and_status(site):
    html = site.page("reports")
    heads = re.findall(r"<th[^>]*>(.*?)</th>", re.search(r"<thead>(.*?)</thead>", html).group(1))
    assert heads[:4] == ["报告", "地区", "年度", "格式"] and heads[-1] == "校验"

    def row(source):          # parsed as a browser does: the rows leave out their end tags
        import lxml.html
        rid = site.report(source)["report_id"]
        tr = lxml.html.fromstring(html).get_element_by_id(f"i-{rid}")
        return dict(zip(heads, (td.text_content() for td in tr.findall("td"))))

    wang = row(WANGYUAN)   # line 100: 直接起诉 总计 5, 复议后起诉 总计 7; 行政复议 printed empty
    assert (wang["直接起诉"], wang["复议后起诉"], wang["行政复议"], wang["校验"]) == ("5", "7", "—", "有错误")
    cao = row(CAOFANG)     # the lost page: no 总计 / 结转 row, so null, not 0
    assert (cao["新收申请"], cao["办理总计"], cao["结转下年"], cao["校验"]) == ("0", "—", "—", "有警告")
    cheng = row(CHENGYUE)  # prose: 共收到…申请0件 … 上年结转1件 (line 19)
    legacy = f"{TEMPLATE_LABELS['legacy'][0]}（legacy）"           # the template's Chinese name, its key beside
    assert (cheng["新收申请"], cheng["上年结转"], cheng["办理总计"], cheng["格式"]) == ("0", "1", "—", legacy)


def test_data_page_downloads_and_dictionary(site):
    for name in ("reports", "proactive", "applications", "review_litigation", "findings", "summary", "errors"):
        for ext in ("csv", "parquet"):
            assert (site.path / "data" / "build" / f"{name}.{ext}").is_file()
    assert json.loads((site.path / "data" / "datapackage.json").read_text(encoding="utf-8"))["name"] == "nianbao"
    data = Page(site.page("data"))
    hrefs = [a.get("href") for t, a in data.elements if t == "a"]
    assert "build/applications.parquet" in hrefs and "datapackage.json" in hrefs
    assert all(word in data.text for word in ("pandas", "DuckDB", "read_parquet", "WPS", "CC-BY-4.0"))


def test_dictionary_lists_every_column_and_catalogue_key(site):
    from nianbao.catalogue import TABLES
    from nianbao.tables import RESOURCES
    text = Page(site.page("dictionary")).text
    for res in RESOURCES.values():
        for f in res["schema"]["fields"]:
            assert f["name"] in text and f["title"].split(" / ")[0] in text
    for t in TABLES:
        for item in t.rows + t.cols:
            assert item.key in text and item.zh in text
    assert "空值不是 0" in text


def test_site_makes_no_external_requests(site):
    for page in site.path.rglob("*.html"):
        p = Page(page.read_text(encoding="utf-8"))
        for tag, a in p.elements:
            for name in ("src", "data-src") + (("href",) if tag == "link" else ()):
                url = a.get(name) or ""
                assert not url.startswith(("http:", "https:", "//")), (page, tag, url)
    assert "fonts.googleapis" not in (site.path / "index.html").read_text(encoding="utf-8")
