"""The site's pure parts: escaping, links, the region tree, the search dictionary, table layout."""

from __future__ import annotations

import re

from nianbao.catalogue import APPLICATIONS
from nianbao.site import html, layout, places, search, tables


def test_esc_makes_every_kind_of_markup_inert():
    out = html.esc('<b onclick="x">{{ a }}{% b %}</b>\n\n!!! note\t---')
    for made in ("<", ">", '"', "{", "}", "\n", "\t"):
        assert made not in out
    assert html.esc(None) == "" and html.esc(0) == "0"


def test_only_http_urls_become_links():
    assert html.safe_url("http://www.jxfc.gov.cn/xxgk-show-123660.html") == "http://www.jxfc.gov.cn/xxgk-show-123660.html"
    assert html.safe_url("www.fjnh.gov.cn") == "http://www.fjnh.gov.cn"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", '"><svg>', "vbscript:x", "", None):
        assert html.safe_url(bad) is None, bad


def test_relative_links_and_numbers():
    assert html.rel("reports/a/", "reports/a/original/") == "original/"
    assert html.rel("regions/x/y/", "reports/a/") == "../../../reports/a/"
    assert html.fmt(None) == "—" and html.fmt(0) == "0" and html.fmt(0.0) == "0" and html.fmt(12.5) == "12.5"


def test_unknown_places_are_grouped_under_weishibie():
    reports = [{"report_id": "a", "province": None, "prefecture": None, "county": "宁化县", "township": "曹坊镇"},
               {"report_id": "b", "province": "福建省", "prefecture": "三明市", "county": "宁化县", "township": "x"},
               {"report_id": "c", "province": "", "prefecture": None, "county": None, "township": "城月镇"}]
    root = places.tree(reports)
    assert [c.label for c in root.children] == ["福建省", "未识别"]
    unknown = root.children[1]
    assert unknown.path == "regions/unknown/" and len(unknown.reports) == 2
    assert [c.label for c in unknown.children[0].children] == ["宁化县", "未识别"]
    assert all(r.path.endswith("/") for r in places.walk(root))
    assert len({r.path for r in places.walk(root)}) == len(list(places.walk(root)))


def test_region_slugs_are_unique_among_siblings():
    reports = [{"report_id": str(i), "province": name} for i, name in enumerate(["长沙", "长沙", "常沙", "<b>"])]
    paths = [c.path for c in places.tree(reports).children]
    assert len(paths) == len(set(paths)) == 3
    assert all(p.startswith("regions/") and "<" not in p for p in paths)


def test_search_dictionary_holds_only_chinese_words():
    reports = [{"organ": "东城镇人民政府", "township": "曹坊镇", "county": "宁化县 1 x\n<script>"}]
    words = [line.split(" ")[0] for line in search.user_dictionary(reports).splitlines()]
    assert {"曹坊镇", "东城镇", "宁化县", "予以公开", "行政复议"} <= set(words)
    assert "东城镇人民政府" not in words                  # so 人民政府 is a word of its own
    assert all(search.HAN.fullmatch(w) for w in words)


def test_report_slug_never_trusts_odd_ids():
    assert layout.report_slug("caofangzhen-ninghuaxian-2020") == "caofangzhen-ninghuaxian-2020"
    assert layout.report_slug("../x") != "../x" and "/" not in layout.report_slug("../x")
    assert layout.original_download("reports/a/", {"report_id": "a", "source_file": "x/y.html"}) == \
        "reports/a/original/a.html.txt"
    assert layout.original_download("reports/a/", {"report_id": "a", "source_file": "y.PDF"}) == \
        "reports/a/original/a.pdf"


def test_one_page_per_township_year():
    reports = [{"report_id": "x-2020-3", "place_year": "x-2020"}, {"report_id": "y-2021", "place_year": "y-2021"},
               {"report_id": "x-2020", "place_year": "x-2020"}, {"report_id": "x-2020-2", "place_year": "x-2020"}]
    groups = layout.groups(reports)
    assert [r["report_id"] for r in groups["x-2020"]] == ["x-2020", "x-2020-2", "x-2020-3"]
    dirs = layout.page_dirs(groups)
    assert dirs == {"x-2020": "reports/x-2020/", "x-2020-2": "reports/x-2020/versions/x-2020-2/",
                    "x-2020-3": "reports/x-2020/versions/x-2020-3/", "y-2021": "reports/y-2021/"}
    # without the unsuffixed file (left out of a later build), the first remaining one is the primary
    assert layout.page_dirs(layout.groups(reports[:1])) == {"x-2020-3": "reports/x-2020/"}


def test_table_three_has_one_row_per_catalogue_row_of_the_template():
    for template in ("2019", "2021"):
        out = tables.applications_html(template, {}, "original/")
        assert out.count("<tr id=r-applications-") == len(APPLICATIONS.rows_for(template))
        assert out.count("<td class=m>—") == 7 * len(APPLICATIONS.rows_for(template))


HOSTILE = '<script>alert(1)</script>{{ x }}\n\n!!! note "n"\n\n---\n<img src=x onerror=alert(2)>'


def test_pages_from_hostile_names_contain_no_markup():
    """Every place field hostile (the gazetteer may replace them in a real build, the renderers must
    not depend on it)."""
    from pathlib import Path

    from nianbao.site import indexes, original, pages
    from nianbao.site.data import Dataset
    report = {"report_id": "x-2020", "organ": HOSTILE, "township": HOSTILE, "county": HOSTILE,
              "prefecture": HOSTILE, "province": HOSTILE, "year": 2020, "template": "2019",
              "website": HOSTILE, "source_url": HOSTILE, "source_file": HOSTILE, "validation_status": "passed"}
    ds = Dataset(root=Path("."), descriptor={}, tables={"reports": [report], "summary": []})
    root = indexes.region_tree(ds)
    html = [pages.report_page(ds, report, indexes.place_chains(root)["x-2020"]),
            original.render(report, [(1, HOSTILE, HOSTILE)], set(), "reports/x-2020/", HOSTILE, None)]
    markdown = [*dict(indexes.reports_index(ds)).values(), *dict(indexes.region_pages(ds, root)).values(),
                dict(indexes.year_pages(ds))["years/2020/index.md"]]
    # Markdown pages go through the engine (Markdown, templates): no syntax of either may survive.
    # The HTML pages are never parsed as Markdown or templates: no markup may survive.
    for body, kinds in [(b, ("<script", "<img")) for b in html] + \
            [(md.split("\n---\n", 1)[1], ("<script", "<img", "{{", "\n!!!", "\n---")) for md in markdown]:
        body = re.sub(r"<script defer src=[^>]*/nianbao-original\.js></script>", "", body)   # the site's own
        for made in kinds:
            assert made not in body, made
        assert "&lt;script&gt;" in body


def test_long_lists_are_split_into_pages():
    from nianbao.site import indexes
    made = dict(indexes.paged("reports/", "全部报告", list(range(320)), 150,
                              lambda chunk, here, k, n: f"{here} {k}/{n} {len(chunk)} " + indexes.pager("reports/", k, n)))
    assert sorted(made) == ["reports/index.md", "reports/page/2/index.md", "reports/page/3/index.md"]
    assert made["reports/page/3/index.md"].startswith("reports/page/3/ 3/3 20 ")
    assert 'href="../2/"' in made["reports/page/3/index.md"] and 'href="../../"' in made["reports/page/3/index.md"]


def test_docstring_examples():
    import doctest
    result = doctest.testmod(html)
    assert result.attempted > 0 and result.failed == 0


def test_a_corrected_cell_shows_its_printed_value_and_reason():
    cells = {("granted", "total"): {"row": "granted", "applicant": "total", "value": 12, "status": "corrected",
                                    "source_line": 54, "printed": "21", "note": "原文两位数字颠倒，见第二十条说明"}}
    out = tables.applications_html("2019", cells, "original/")
    row = out.split("<tr id=r-applications-granted data-l=54>")[1].split("</tr>")[0]
    td = row.split("<td")[-1]                                 # 总计, the last column
    assert td.startswith(" class=c>12<sup") and "更正" in td and "原印 21" in td   # linked by the row's line
    notes = tables.notes_html(APPLICATIONS, cells, "original/")
    assert "原文两位数字颠倒" in notes and "原印 21" in notes and "第54行" in notes


def test_an_ocr_cell_is_marked_and_a_withheld_reading_is_null():
    """Status ocr (issue 21): a value read from a scan carries the mark 识读; a doubtful reading is
    published as null with status ocr (extract/doubt.py) and shows "—", never its reading."""
    cells = {("granted", "total"): {"value": 3, "status": "ocr", "source_line": 54, "printed": "3"},
             ("granted", "natural_person"): {"value": None, "status": "ocr", "source_line": 54, "printed": "8"}}
    row = tables.applications_html("2019", cells, "original/").split("<tr id=r-applications-granted data-l=54>")[1]
    tds = row.split("</tr>")[0].split("<td")[1:]
    assert tds[-1].startswith(" class=o>3<sup") and "识读" in tds[-1]
    assert tds[0].startswith(" class=o>—") and "8" not in tds[0] and "识读" not in tds[0]


def test_one_title_form_and_pinyin_order():
    from nianbao.site import indexes
    report = {"report_id": "r", "organ": "永宁县望远镇", "county": "永宁县", "township": "望远镇", "year": 2020}
    assert layout.title(report) == "永宁县望远镇 2020 年度报告"        # not the organ as it signs itself
    names = ["宁夏回族自治区", "广东省", "江西省", "河南省", "福建省"]   # code-point order
    assert sorted(names, key=indexes.name_key) == ["福建省", "广东省", "河南省", "江西省", "宁夏回族自治区"]


def test_a_row_names_its_lines_and_a_value_elsewhere_links_itself():
    def printed(line):
        return {"status": "printed", "value": 1, "source_line": line}
    one_line = {("granted", c.key): printed(60) for c in APPLICATIONS.cols} | {("granted", "total"): printed(61)}
    row = tables.applications_html("2019", one_line, "original/").split("<tr id=r-applications-granted")[1]
    assert row.startswith(" data-l=60>") and row.count("<a ") == 1 and "<a href=original/#L61>1</a>" in row
    per_cell = {("granted", c.key): printed(70 + i) for i, c in enumerate(APPLICATIONS.cols)}
    row = tables.applications_html("2019", per_cell, "original/").split("<tr id=r-applications-granted")[1]
    assert row.startswith(" data-l=70 data-s=1>") and "<a " not in row.split("</tr>")[0]


def test_a_reports_local_rows_are_shown_under_their_table_linked_to_their_lines(tmp_path):
    """The local rows of tests/test_layouts.py's LOCAL report (其他主动公开文件; 行政检查 and 行政确认
    under 其他对外管理服务事项) appear on its page as printed, each number linked to its line."""
    from nianbao import pipeline
    from nianbao.settings import Settings
    from nianbao.site import data, pages
    from tests.test_layouts import LOCAL
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "qingshan.txt").write_text(LOCAL, encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path))
    ds = data.load(tmp_path)
    page = pages.report_page(ds, ds.reports[0], [])
    proactive, rest = page.split("<h2 id=applications>", 1)
    assert "地方增列行" in proactive and "地方增列行" not in rest
    lines = LOCAL.split("\n")
    check = lines.index("\t行政确认\t5\t-1\t33") + 1
    assert f'<a href="original/#L{check}">-1</a>' in proactive
    assert "<strong>行政确认</strong>（列于“其他对外管理服务事项”之下）" in proactive
    other = lines.index("其他主动公开文件\t56\t56\t410") + 1
    assert f'本年新制作数量 <a href="original/#L{other}">56</a>' in proactive


def test_archive_and_downloads_urls_point_off_the_site(site, tmp_path):
    """With archive_url and downloads_url set, pages link the original files and data files where
    they are published, named by their sha256 and file name; `nianbao site files` lays them out."""
    import hashlib

    import pytest

    from nianbao.site import data, limits
    from nianbao.site.config import ConfigError, SiteConfig, from_mkdocs
    config = from_mkdocs({"extra": {"nianbao": {"archive_url": "https://a.example/o/{sha256}{ext}",
                                                "downloads_url": "https://a.example/r/v1/{name}"}}})
    ds = data.load(site.root)
    report = site.report("002_623967a19d51db49.txt")
    original = ds.original(ds.report(report["report_id"])).read_bytes()
    digest = hashlib.sha256(original).hexdigest()
    assert report["sha256"] == digest
    assert config.original_href(report, "reports/x/", "reports/x/", True) == f"https://a.example/o/{digest}.txt"
    assert config.data_href("build/reports.csv", "data/") == "https://a.example/r/v1/reports.csv"
    assert SiteConfig().data_href("build/reports.csv", "data/") == "build/reports.csv"      # on the site
    assert limits.lay_out_files(ds, tmp_path, config) == len(ds.reports) + len(ds.resource_paths()) + 1
    assert (tmp_path / "originals" / f"{digest}.txt").read_bytes() == original
    assert (tmp_path / "data" / "reports.parquet").is_file()
    with pytest.raises(ConfigError):
        from_mkdocs({"extra": {"nianbao": {"archive_ur": "x"}}})                       # a misspelled setting
