"""The built site in a real Chromium: clean loads, offline, Chinese search, numbers -> lines.

Screenshots of the home page, a report and a search are kept in test-artifacts/.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .conftest import ARTIFACTS, REPO

WANGYUAN, CHENGYUE, CAOFANG = "002_623967a19d51db49.txt", "004_f375f0e851984426.txt", "000_8fd5f38ae061f3c2.txt"
LOCAL = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def base(site, serve) -> str:
    return serve(site.path)


@pytest.fixture
def tab(browser):
    """A page that records console errors, script errors, dialogs and blocks non-local requests."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    page.problems, page.external, page.dialogs = [], [], []

    def route(r):
        url = urlsplit(r.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL:
            page.external.append(r.request.url)
            return r.abort()
        return r.continue_()

    ctx.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    ctx.close()


def visit(tab, url: str):
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    assert tab.problems == [], (url, tab.problems)
    assert tab.external == [], (url, tab.external)


def test_pages_load_without_errors_or_external_requests(site, base, tab):
    ARTIFACTS.mkdir(exist_ok=True)
    visit(tab, base)
    tab.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    for rel in ("reports/", "regions/", "years/", "findings/", "data/", "dictionary/", "methodology/",
                "about/", "maintainers/", "places/"):
        visit(tab, base + rel)
    for r in site.reports:
        visit(tab, f"{base}reports/{r['report_id']}/")
        visit(tab, f"{base}reports/{r['report_id']}/original/")
    visit(tab, f"{base}reports/{site.report(WANGYUAN)['report_id']}/")
    tab.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)


def search(tab, base: str, query: str) -> list[str]:
    """Type ``query`` into the site's search box; the result links, best first."""
    visit(tab, base)
    tab.click("input.md-search__input")
    tab.fill("input.md-search__input", query)
    tab.wait_for_selector(".md-search-result__item")
    links = tab.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlsplit(u).path for u in links]


def test_search_for_a_township_finds_its_report(site, base, tab):
    rid = site.report(CAOFANG)["report_id"]
    found = search(tab, base, "曹坊镇")
    assert found[0] == f"/reports/{rid}/", found
    first = tab.locator(".md-search-result__item").first
    assert first.locator("mark").first.inner_text() == "曹坊镇"
    assert "宁化县曹坊镇 2020 年度报告" in first.inner_text()            # words joined again for reading
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "search.png"))
    assert tab.problems == [] and tab.external == []


def test_search_for_places_typed_together(site, base, tab):
    rid = site.report(CAOFANG)["report_id"]
    assert f"/reports/{rid}/" in search(tab, base, "宁化县曹坊镇")
    assert search(tab, base, "宁化县")[0] == f"/reports/{rid}/"     # the county's one township-year


def test_search_for_a_term_finds_the_reports_and_pages_about_it(site, base, tab):
    found = search(tab, base, "行政复议")
    wangyuan = f"/reports/{site.report(WANGYUAN)['report_id']}/"   # its finding: 正文称未发生…行政复议
    assert wangyuan in found and "/dictionary/" in found, found
    highlighted = tab.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert "行政复议" in highlighted, highlighted
    found = search(tab, base, "予以公开")
    assert "/dictionary/" in found, found                          # the term's row in the data dictionary
    highlighted = tab.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert "予以公开" in highlighted, highlighted


def test_one_search_transfers_little(site, base, serve, tab):
    """What a searcher downloads: Pagefind's script, its wasm, the index's metadata, the chunks of the
    index holding the words, and the fragments of the results shown (at most 300 KB, issue 7)."""
    visit(tab, base)
    before = len(serve.sent(base))
    search(tab, base, "曹坊镇")
    tab.wait_for_load_state("networkidle")
    sent = [p for p in serve.sent(base)[before:] if p.startswith("/pagefind/")]
    size = sum((site.path / p.lstrip("/")).stat().st_size for p in sent)
    assert "/pagefind/pagefind.js" in sent and any(p.endswith(".pf_meta") for p in sent)
    assert size <= 300 * 1024, (size, sent)


def test_a_number_links_to_its_line_in_the_original(site, base, tab):
    rid = site.report(WANGYUAN)["report_id"]
    visit(tab, f"{base}reports/{rid}/")
    cell = tab.locator("#c-review_litigation-litigation_direct-total a")
    assert cell.inner_text() == "5"
    cell.click()
    tab.wait_for_url(re.compile(rf".*/reports/{rid}/original/\?.*#L100$"))
    target = tab.locator(":target")
    assert target.get_attribute("id") == "L100"
    assert "1\t1\t0\t3\t5\t1\t0\t0\t6\t7" in target.inner_text()
    # line 100 is cited (its number in bold), line 3 (the title) is not
    assert tab.evaluate("['L100', 'L3'].map(id => document.getElementById(id).classList.contains('c'))") == [True, False]
    box, height = target.bounding_box(), tab.viewport_size["height"]
    assert 0 <= box["y"] < height, box                              # scrolled into view, below nothing
    header = tab.locator("header").bounding_box()                   # the original's own sticky header
    assert box["y"] >= header["height"] - 1                         # not hidden under the sticky header


def test_a_finding_lands_on_its_cell(site, base, tab):
    rid = site.report(WANGYUAN)["report_id"]
    visit(tab, f"{base}reports/{rid}/#c-review_litigation-litigation_direct-total")
    cell = tab.locator(".nb-target")
    assert cell.get_attribute("id") == "c-review_litigation-litigation_direct-total" and cell.inner_text() == "5"
    box = cell.bounding_box()
    assert 0 <= box["y"] < tab.viewport_size["height"], box


def test_the_downloads_are_made_from_the_page(site, base, tab):
    """CSV and JSON of the page's cells, made in the browser: 望远镇 line 100 prints 未经复议直接起诉
    总计 5; 行政复议 is printed empty (null, not 0)."""
    import csv
    import io
    import json
    rid = site.report(WANGYUAN)["report_id"]
    visit(tab, f"{base}reports/{rid}/")
    made = {}
    for kind in ("csv", "json"):
        with tab.expect_download() as info:
            tab.click(f"button[data-nb-download={kind}]")
        made[kind] = open(info.value.path(), encoding="utf-8-sig").read()
        assert info.value.suggested_filename == f"{rid}.{kind}"
    rows = {(r["table"], r["row"], r["column"]): r for r in csv.DictReader(io.StringIO(made["csv"]))}
    direct = rows[("review_litigation", "litigation_direct", "total")]
    assert (direct["value"], direct["source_line"], direct["status"]) == ("5", "100", "printed")
    assert rows[("review_litigation", "administrative_review", "total")]["value"] == ""
    assert rows[("applications", "new_received", "natural_person")]["row_zh"].startswith("一、本年新收")
    # the columns' labels and units: table 四 (a column per row and key), table 二 (the printed header, line 44)
    assert (direct["column_zh"], direct["unit"]) == ("未经复议直接起诉 总计", "")
    made_ = rows[("proactive", "regulations", "new_made")]
    assert (made_["column_zh"], made_["unit"], made_["value"]) == ("本年新制作数量", "件", "0")
    doc = json.loads(made["json"])
    cells = {(c["table"], c["row"], c["column"]): c for c in doc["cells"]}
    assert doc["report_id"] == rid and cells[("review_litigation", "litigation_direct", "total")]["value"] == 5
    assert cells[("review_litigation", "administrative_review", "total")]["value"] is None
    assert len(cells) == len(rows)


def test_a_legacy_figure_links_to_its_prose_line(site, base, tab):
    rid = site.report(CHENGYUE)["report_id"]
    visit(tab, f"{base}reports/{rid}/")
    tab.locator("#c-applications-carried_over-total a").click()
    tab.wait_for_url(re.compile(rf".*/reports/{rid}/original/\?.*#L19$"))
    assert "上年結轉1件" in tab.locator(":target").inner_text()


def test_a_hostile_report_runs_nothing(hostile, serve, tab):
    base = serve(hostile.path)
    rid = hostile.reports[0]["report_id"]
    for rel in (f"reports/{rid}/", f"reports/{rid}/original/", "reports/", "findings/", "years/2020/"):
        visit(tab, base + rel)
    found = search(tab, base, "人民政府")
    assert f"/reports/{rid}/" in found, found
    shown = tab.inner_text(".md-search-result")
    assert "<script>" in shown or "{{" in shown                          # the organ's name, as text
    assert tab.dialogs == [], tab.dialogs
    assert tab.evaluate("document.querySelectorAll('.md-search-result img, .md-search-result svg, "
                        ".md-search-result script').length") == 0
    # the site's own charts (.nb-svg, made from the tables, the hostile names escaped inside) are the only SVG
    assert tab.evaluate("document.querySelectorAll('article img, article svg:not(.nb-svg), article script, "
                        "article .nb-svg *:not(title, line, rect, text)').length") == 0


def test_a_search_in_one_shard_finds_the_others_and_says_where(site, shards, serve, tab):
    """Served side by side as on one host: from the 2021 shard, 曹坊镇 (2020) is found in the 2020
    shard, its result says so and leads into that shard's site."""
    base = serve(shards / "served")
    rid = site.report(CAOFANG)["report_id"]
    found = search(tab, base + "nianbao-2021/", "曹坊镇")
    assert found[0] == f"/nianbao-2020/reports/{rid}/", found
    assert "（2020 年度）" in tab.locator(".md-search-result__item").first.inner_text()
    found = search(tab, base + "nianbao/", "张巷镇")                       # from the root site
    assert "/nianbao-2021/reports/zhangxiangzhen-fengchengshi-2021/" in found, found
    assert tab.problems == [] and tab.external == []


def test_a_region_page_shows_its_chart_and_table_from_the_site_itself(site, base, tab):
    """The totals chart is inline SVG beside its table; the page asks no other host for anything."""
    caofang = site.report(CAOFANG)
    visit(tab, f"{base}regions/fujiansheng/")
    chart = tab.locator(".nb-chart svg[role=img]")
    assert chart.count() == 1 and chart.first.is_visible()
    assert "福建省" in chart.first.locator("title").text_content()
    assert tab.locator("table.nb-totals tbody tr").count() == 1           # 2020, the year of 曹坊镇's report
    assert tab.locator("table.nb-coverage tbody tr").count() == 1       # 宁化县
    link = tab.locator(f'.nb-index-page a[href$="{caofang["report_id"]}/"]')
    assert link.count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "region.png"), full_page=True)
    link.first.click()
    tab.wait_for_load_state("networkidle")
    assert tab.problems == [] and tab.external == []
    assert caofang["report_id"] in tab.url


def test_the_regions_page_compares_its_parts_in_a_chart_and_table(site, base, tab):
    """全部地区: the latest year with two parts or more (2020: four provinces; 2021 has only 江西省)
    across the provinces, 新收申请 from the reports' table 三 (every sample prints 0), a bar each."""
    from nianbao.evaluate import truth as truth_
    visit(tab, f"{base}regions/")
    rows = tab.eval_on_selector_all("#parts-2020 tbody tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))")
    want = {}
    for path in sorted((REPO / "tests" / "truth").glob("*.json")):
        t = truth_.read(path)
        if t["year"] == 2020:
            want[t["province"]] = truth_.cells(t)[("applications", "new_received", "total")]
    assert {p: int(v) for p, v in rows} == want and len(want) == 4
    chart = tab.locator(".nb-chart svg[aria-describedby=parts-2020]")
    assert chart.count() == 1 and chart.first.locator("text").filter(has_text="福建省").count() == 1
    assert tab.locator("#parts-2021").count() == 0
    assert tab.problems == [] and tab.external == []
