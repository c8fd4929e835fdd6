"""Chinese search: Pagefind over documents cut into words by jieba with the corpus's place names and
the format's terms, one document per county with a section per township-year. The browser tests
(test_browser.py) type into the search box; these check what is indexed and what is shipped."""

from __future__ import annotations

import json
import re

import pytest

from nianbao.site import data, indexes, search

from .conftest import REPO

CAOFANG = "000_8fd5f38ae061f3c2.txt"


@pytest.fixture(scope="module")
def docs(site) -> dict[str, str]:
    ds = data.load(site.root)
    return search.region_docs(ds, indexes.region_tree(ds), search.Segmenter(ds.reports))


def words(html: str) -> set[str]:
    return set(re.sub(r"<[^>]+>", " ", html).split())


def test_user_dictionary_holds_the_corpus_places_and_the_terms(site):
    ds = data.load(site.root)
    entries = {line.split()[0] for line in search.user_dictionary(ds.reports).splitlines()}
    assert {"曹坊镇", "宁化县", "望远镇", "城月镇", "张巷镇", "石门乡"} <= entries     # the corpus's places
    assert {"予以公开", "行政复议", "不予公开", "行政诉讼"} <= entries                 # the catalogue's terms


def test_names_and_terms_are_whole_words():
    seg = search.Segmenter([{"township": "曹坊镇", "county": "宁化县", "organ": "东城镇人民政府"}])
    assert seg.words("宁化县曹坊镇人民政府") == "宁化县 曹坊镇 人民政府"
    assert seg.words("东城镇人民政府") == "东城镇 人民政府"          # from the organ's name (jieba: 东 / 城镇)
    assert seg.words("（一）予以公开") == "（ 一 ） 予以公开"
    assert "行政复议" in seg.words("政府信息公开行政复议、行政诉讼情况").split()
    assert seg.words("datapackage.json 与 2020年度") == "datapackage.json 与 2020 年度"   # only Chinese is cut


def test_a_township_year_is_a_section_of_its_county(site, docs):
    key = site.report(CAOFANG)["place_year"]
    county = next(html for path, html in docs.items() if f'id="ty-{key}"' in html)
    section = county.split(f'id="ty-{key}"')[1].split("<h2")[0]
    assert {"曹坊镇", "人民政府", "宁化县", "福建省", "2020"} <= words(section)
    assert 'data-pagefind-meta="page[content]" content="regions/' in county
    assert 'lang="und"' in county                         # Pagefind neither segments nor stems
    sections = [m for html in docs.values() for m in re.findall(r'id="ty-([^"]+)"', html)]
    assert sorted(sections) == sorted(r["place_year"] for r in site.reports)    # each township-year once


def test_a_section_names_its_printed_figures_and_problems(site, docs):
    key = site.report("002_623967a19d51db49.txt")["place_year"]     # 望远镇: 直接起诉 5, 复议后起诉 7
    section = "".join(docs.values()).split(f'id="ty-{key}"')[1].split("<h2")[0]
    plain = section.replace(" ", "")
    assert "行政诉讼（未经复议直接起诉）5件" in plain and "行政诉讼（复议后起诉）7件" in plain
    assert "行政复议" in words(section)                    # from the finding: 正文称“未发生…行政复议…”
    assert "校验 有 错误" in section


def test_the_site_ships_pagefind_and_no_material_index(site):
    bundle = site.path / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*.pagefind"))
    assert list(bundle.glob("pagefind.und_*.pf_meta")) and list((bundle / "index").iterdir())
    assert not (bundle / "pagefind-ui.js").exists()        # Pagefind's own UIs are not used
    assert not (site.path / "search" / "search_index.json").exists()
    home = site.page("")
    assert "data-nb-search" in home and "assets/nianbao-search.js" in home


def test_report_originals_and_versions_are_not_indexed(site, docs):
    assert not any(path.startswith("reports/") for path in docs)


def section_of(site, docs, source_file: str) -> str:
    key = site.report(source_file)["place_year"]
    return "".join(docs.values()).split(f'id="ty-{key}"')[1].split("<h2")[0]


def test_a_section_names_the_terms_of_its_tables_whatever_their_values(site, docs):
    """张巷镇 2021 prints 0 under 行政复议 and 不予公开 (tests/truth/003): its section still names them, and
    依申请公开, what reports call table 三 (the catalogue's Table.terms)."""
    from nianbao.catalogue import APPLICATIONS
    truth = json.loads((REPO / "tests" / "truth" / "003_ae53f9282b2209bb.json").read_text(encoding="utf-8"))
    assert truth["review_litigation"]["administrative_review"][-1] == 0
    section = words(section_of(site, docs, "003_ae53f9282b2209bb.txt"))
    assert {"行政复议", "不予公开", "予以公开", "不予处理", *APPLICATIONS.terms} <= section
    caofang = words(section_of(site, docs, CAOFANG))               # a 2019 report: its template's rows
    assert "其他处理" in caofang


def test_a_section_names_its_places_in_pinyin_and_traditional(site, docs):
    section = words(section_of(site, docs, "004_f375f0e851984426.txt"))   # 城月镇, 遂溪县, 湛江市, 广东省
    assert {"chengyuezhen", "cyz", "城月鎮", "suixixian", "sxx", "廣東省", "zhanjiangshi"} <= section
    assert "依申請公開" in section                                      # and its terms in traditional
    assert {"caofangzhen", "cfz", "ninghuaxian"} <= words(section_of(site, docs, CAOFANG))


def test_maintainer_pages_are_not_indexed(site):
    seg = search.Segmenter([])
    indexed = search.site_docs(site.path, seg)
    assert "about/index.html" in indexed and "dictionary/index.html" in indexed
    assert not [p for p in indexed if p.startswith(("maintainers/", "benchmarks", "harvest/"))], sorted(indexed)
