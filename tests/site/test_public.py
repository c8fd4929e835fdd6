"""The site as a member of the public uses it, in a real Chromium (issue 19): a search finds the
format's words, places in pinyin and traditional characters, reports first and no maintainer page.

Expected results come from the samples' truth (/work/shared/truth, tests/truth): the names below are
the names the reports print (城月镇's original is in traditional characters).
"""

from __future__ import annotations

import json
import sys
from urllib.parse import urlsplit

import pytest

from .conftest import REPO, run
from .test_browser import base, search, tab, visit  # noqa: F401  (fixtures)

TRUTH = {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
         for p in sorted((REPO / "tests" / "truth").glob("*.json"))}
MAINTAINERS = ("/maintainers/", "/benchmarks/", "/benchmarks-site/", "/harvest/")


def page_of(site, township: str) -> str:
    truth = next(t for t in TRUTH.values() if t["township"] == township)
    return f"/reports/{site.report(truth['report'])['place_year']}/"


def report_pages(site) -> set[str]:
    return {f"/reports/{r['place_year']}/" for r in site.reports}


# The format's terms (the catalogue's labels and 依申请公开, what reports call table 三): a report that
# has the table comes first, whatever its figures are (望远镇 prints no 行政复议 case: it is found too).
@pytest.mark.parametrize("query", ["依申请公开", "予以公开", "不予公开", "行政复议"])
def test_a_term_of_the_format_finds_a_report_first(site, base, tab, query):
    found = search(tab, base, query)
    assert found[0] in report_pages(site), found
    with_table = {page_of(site, t["township"]) for t in TRUTH.values()
                  if t["applications"] or t["review_litigation"]}
    assert found[0] in with_table
    if query != "依申请公开":          # labels of the 2019 and 2021 tables: every report that has them
        tabled = {page_of(site, t["township"]) for t in TRUTH.values() if t["template"] in ("2019", "2021")}
        assert tabled <= set(found), found
    assert not [p for p in found if p.startswith(MAINTAINERS)], found


# 20 more of a reader's queries: each sample's township, county, pinyin (full or initials) and
# traditional form, the place typed together; the expected first result is that sample's page.
READER = [("曹坊镇", "曹坊镇"), ("宁化县", "曹坊镇"), ("caofang", "曹坊镇"), ("cfz", "曹坊镇"), ("宁化县曹坊镇", "曹坊镇"),
          ("石门乡", "石门乡"), ("南召县", "石门乡"), ("shimenxiang", "石门乡"), ("石門鄉", "石门乡"),
          ("望远镇", "望远镇"), ("永宁县", "望远镇"), ("wangyuan", "望远镇"), ("望遠鎮", "望远镇"),
          ("张巷镇", "张巷镇"), ("丰城市", "张巷镇"), ("zhangxiang", "张巷镇"), ("張巷鎮", "张巷镇"),
          ("城月鎮", "城月镇"), ("遂溪县", "城月镇"), ("chengyue", "城月镇"), ("suixi", "城月镇")]


@pytest.mark.parametrize("query,township", READER)
def test_a_reader_finds_the_report_first(site, base, tab, query, township):
    found = search(tab, base, query)
    assert found[0] == page_of(site, township), found


@pytest.mark.parametrize("query", ["维护者指南", "性能基准", "benchmark", "采集原文", "Pagefind", "维护"])
def test_no_maintainer_page_is_in_a_public_result(site, base, tab, query):
    visit(tab, base)
    tab.click("input.md-search__input")
    tab.fill("input.md-search__input", query)
    tab.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('找到') || "
                          "document.querySelector('.md-search-result__meta').textContent.includes('没有')")
    links = tab.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    assert not [u for u in links if urlsplit(u).path.startswith(MAINTAINERS)], links


def test_maintainer_pages_are_built_but_not_in_the_navigation(site):
    assert (site.path / "maintainers" / "index.html").is_file()
    assert (site.path / "benchmarks-site" / "index.html").is_file()
    home = site.page("")
    assert 'href="maintainers/"' not in home and "维护者指南" not in home.split("md-tabs")[-1].split("</nav>")[0]
    assert 'href="../maintainers/"' in site.page("about")                # linked from 关于
    assert 'href="../benchmarks-site/"' in site.page("maintainers")


# --- 报告错误 (issue 16): a site whose mkdocs.yml names a repository -------------------------------

@pytest.fixture(scope="module")
def with_repo(site, tmp_path_factory):
    """The sample site built again with ``extra: nianbao: repo`` and a ``site_url`` set."""
    import yaml
    tmp = tmp_path_factory.mktemp("repo")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    config["site_url"] = "https://example.org/nianbao/"
    config["extra"]["nianbao"]["repo"] = "example/nianbao"
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    run(sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp / "mkdocs.yml"), "-d", str(tmp / "site"),
        env={"NIANBAO_ROOT": str(site.root)})
    return tmp / "site"


def test_every_number_has_a_report_an_error_link(site, with_repo, serve, tab):
    """城月镇 2020 prints 上年结转 1 件 (tests/truth/004: applications carried_over total) on line 19."""
    from urllib.parse import parse_qs
    truth = TRUTH["004_f375f0e851984426"]
    value = truth["applications"]["carried_over"][-1]
    line = (REPO / "corpus" / truth["report"]).read_text(encoding="utf-8").split("\n")[19 - 1]
    assert f"上年結轉{value}件" in line
    rid = site.report(truth["report"])["report_id"]
    base = serve(with_repo)
    visit(tab, f"{base}reports/{rid}/")
    top = tab.locator(".nb-buttons a", has_text="报告错误")
    q = {k: v[0] for k, v in parse_qs(urlsplit(top.get_attribute("href")).query).items()}
    assert q["report_id"] == rid and "table" not in q and q["template"] == "data-error.yml"
    cell = tab.locator("#c-applications-carried_over-total")
    cell.hover()
    err = cell.locator("a.nb-err")
    assert err.is_visible() and err.inner_text() == "报错"
    url = urlsplit(err.get_attribute("href"))
    assert (url.netloc, url.path) == ("github.com", "/example/nianbao/issues/new")
    q = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert {k: q[k] for k in ("report_id", "table", "row", "column", "published_value", "source_line", "page_url")} == {
        "report_id": rid, "table": "applications", "row": "carried_over", "column": "total",
        "published_value": str(value), "source_line": "19",
        "page_url": f"https://example.org/nianbao/reports/{rid}/"}
    assert q["title"] == f"数据错误：{rid} applications/carried_over/total"
    assert "原文行号 source line: 19" in q["body"]
    blank = tab.locator("#c-applications-new_received-natural_person a.nb-err")   # printed nowhere: null
    assert parse_qs(urlsplit(blank.get_attribute("href")).query)["published_value"] == ["空值（原文未印出）"]
    assert 'class="nb-err"' not in site.page(f"reports/{rid}")   # made by the page's script, not shipped
    assert "data-err" not in site.page(f"reports/{rid}")        # and only where a repository is named


# --- lists: pinyin order, sorted and filtered in the browser ------------------------------------

PINYIN_ORDER = ["福建省", "广东省", "河南省", "江西省", "宁夏回族自治区"]   # fujian guangdong henan jiangxi ningxia


def test_lists_are_in_pinyin_order(site):
    assert sorted({t["province"] for t in TRUTH.values()}) != PINYIN_ORDER        # not code-point order
    assert sorted(PINYIN_ORDER) == sorted({t["province"] for t in TRUTH.values()})
    for rel, start in (("reports", "data-nb-list"), ("years/2020", "data-nb-list"), ("regions", "nb-regions")):
        html = site.page(rel)
        html = html[html.index(start):]            # the list (a page may compare its parts by value above it)
        at = [html.find(p) for p in PINYIN_ORDER if p in html]
        assert at == sorted(at) and len(at) >= (4 if rel == "years/2020" else 5), (rel, at)


def test_a_list_is_filtered_and_sorted_in_the_browser(site, base, tab):
    visit(tab, f"{base}reports/")
    rows = "table.nb-index tbody tr:not([hidden])"
    assert tab.locator(rows).count() == len(TRUTH)
    tab.select_option("select[data-facet=s]", "有错误")     # 望远镇: its table 四 contradicts its text (truth notes)
    shown = tab.eval_on_selector_all(rows, "els => els.map(e => e.id)")
    assert shown == [f"i-{site.report(TRUTH['002_623967a19d51db49']['report'])['report_id']}"]
    assert "1 / 5" in tab.inner_text(".nb-count")
    tab.select_option("select[data-facet=s]", "")
    tab.select_option("select[data-facet=p]", "江西省")
    assert tab.locator(rows).count() == 1 and "张巷镇" in tab.locator(rows).inner_text()
    tab.select_option("select[data-facet=p]", "")
    tab.click("table.nb-index thead th:nth-child(3) button")     # 年度, ascending then descending
    tab.click("table.nb-index thead th:nth-child(3) button")
    years = tab.eval_on_selector_all(rows + " td:nth-child(3)", "els => els.map(e => e.textContent)")
    assert years == sorted((str(t["year"]) for t in TRUTH.values()), reverse=True)
    assert tab.get_attribute("table.nb-index thead th:nth-child(3)", "aria-sort") == "descending"
    tab.fill(".nb-filters input", "曹坊")
    assert tab.locator(rows).count() == 1
    assert tab.problems == []


# --- words: Chinese throughout -------------------------------------------------------------------

def test_the_interface_speaks_chinese(site):
    from nianbao.validate import RULE_TITLES
    missing = (site.path / "404.html").read_text(encoding="utf-8")
    assert "找不到" in missing and "Not found" not in missing
    for path in site.path.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Permanent link" not in text and "Made with" not in text, path
    assert 'title="本节的链接"' in site.page("about")
    findings = site.page("findings")
    article = findings.split("<article")[1].split("</article>")[0]
    assert "{where}" not in article and "{line}" not in article and "{detail}" not in article
    with (site.root / "build" / "findings.csv").open(encoding="utf-8") as f:
        import csv
        rules = {r["rule"] for r in csv.DictReader(f)}
    for rule in rules:
        assert RULE_TITLES[rule][0] in article, rule


def test_the_dictionary_names_fit_on_one_line(site, base, tab):
    visit(tab, f"{base}dictionary/")
    heights = tab.eval_on_selector_all(".nb-dict td:first-child code",
                                       "els => els.map(e => [e.textContent, e.getClientRects().length])")
    assert heights and all(n == 1 for _, n in heights), [h for h in heights if h[1] != 1]
