"""One page per township and year: a copy and a conflicting version of 张巷镇 2021 are shown on the
township-year's page (listed, linked, the differing cell named), each with a page of its own below
it, and every index lists the township-year once."""

from __future__ import annotations

import re

from .conftest import CONFLICT, CONFLICT_LINE, COPY, ZHANGXIANG, Page

CELL = "c-proactive-administrative_licensing-decisions"      # 行政许可 本年处理决定数量, line 44


def line(site, source_file: str, n: int) -> str:
    return (site.root.parent / "corpus" / source_file).read_text(encoding="utf-8").split("\n")[n - 1]


def test_the_three_files_share_a_township_year(versions):
    rows = [versions.report(f) for f in (ZHANGXIANG, COPY, CONFLICT)]
    key = rows[0]["place_year"]
    assert [r["place_year"] for r in rows] == [key] * 3
    assert [r["report_id"] for r in rows] == [key, f"{key}-2", f"{key}-3"]
    assert line(versions, ZHANGXIANG, CONFLICT_LINE) == "\t1" and line(versions, CONFLICT, CONFLICT_LINE) == "\t3"


def test_township_year_page_shows_the_primary_and_a_visible_notice(versions):
    key = versions.report(ZHANGXIANG)["place_year"]
    page = Page(versions.page(f"reports/{key}"))
    text, links, cls = page.cells()[CELL]
    assert text == "1" and links == [f"original/#L{CONFLICT_LINE}"]            # the primary's number
    assert "d" in cls.split()                                                  # another file differs here
    notice = page.text_by_id["versions"]
    assert "注意：同一乡镇同一年度有数字不同的报告" in notice and "共有 3 份报告文件" in notice
    for name in (ZHANGXIANG, COPY, CONFLICT):
        assert name in notice
    assert "数字相同（副本）" in notice and "数字不同：1 格" in notice
    links = page.links_by_id["versions"]
    for rid in (f"{key}-2", f"{key}-3"):
        assert f"versions/{rid}/" in links                                    # its own tables
        assert f"versions/{rid}/original/" in links                          # its archived original
        assert f"versions/{rid}/original/{rid}.txt" in links                 # the file itself
    # the differing cell: where, and what each file prints, each linked to its own line 44
    assert "#" + CELL in links
    assert f"original/#L{CONFLICT_LINE}" in links and f"versions/{key}-3/original/#L{CONFLICT_LINE}" in links
    diff = re.search(r'<table class="nb-table nb-diff">(.*?)</table>', page.html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", td) for td in re.findall(r"<td[^>]*>(.*?)</td>", diff)]
    assert cells == ["二、行政许可 · 处理决定数量", "1", "3"]


def test_each_other_file_has_its_own_page_and_original(versions):
    key = versions.report(ZHANGXIANG)["place_year"]
    conflict = versions.report_page(CONFLICT)
    assert versions.report_dir(CONFLICT) == f"reports/{key}/versions/{key}-3"
    text, _, cls = conflict.cells()[CELL]
    assert text == "3" and "d" in cls.split()                                  # its own number
    assert f"（另一份文件：{CONFLICT}）" in conflict.text and "不是主版本" in conflict.text_by_id["versions"]
    assert "../../" in conflict.links_by_id["versions"]                       # back to the township-year
    original = versions.original_page(CONFLICT)
    assert original.text_by_id[f"L{CONFLICT_LINE}"] == "\t3"
    copy = versions.report_page(COPY)
    assert copy.cells()[CELL][0] == "1"
    archived = versions.path / versions.report_dir(COPY) / "original" / f"{key}-2.txt"
    assert archived.read_bytes() == (versions.root.parent / "corpus" / COPY).read_bytes()


def test_findings_name_the_copy_and_the_conflict(versions):
    key = versions.report(ZHANGXIANG)["place_year"]
    text = Page(versions.page(f"reports/{key}")).text
    assert f"另有一份数字相同的报告：{key}-2({COPY})" in text
    assert f"另有一份报告({key}-3，{CONFLICT})，其中1格数字不同" in text


def test_indexes_list_the_township_year_once(versions):
    key = versions.report(ZHANGXIANG)["place_year"]
    index = versions.page("reports")
    assert len(re.findall(rf'<tr id="i-{key}(-\d)?"', index)) == 1
    assert "另有 2 份文件，其中有数字不同的版本" in index
    assert f'href="{key}/"' in index and f"{key}-2" not in index
    year = versions.page("years/2021")
    assert year.count("张巷镇人民政府") == 1
    county = Page(versions.page(_county(versions)))
    hrefs = [a.get("href") for t, a in county.elements if t == "a" and key in (a.get("href") or "")]
    assert set(hrefs) == {f"../../reports/{key}/"}           # its province lists it (one page holds all)
    assert "共 2 个乡镇年度的报告（4 份报告文件" in index


def _county(site) -> str:
    page = site.report_page(ZHANGXIANG)
    chain = [h for t, a in page.elements if t == "a" and (h := a.get("href") or "").startswith("../../regions/")]
    return "regions/" + chain[-1].removeprefix("../../regions/")


def test_search_has_one_entry_for_the_township_year(versions):
    from nianbao.site import data, indexes, search
    ds = data.load(versions.root)
    docs = search.region_docs(ds, indexes.region_tree(ds), search.Segmenter(ds.reports))
    key = versions.report(ZHANGXIANG)["place_year"]
    text = "".join(docs.values())
    assert text.count(f'id="ty-{key}"') == 1 and f"ty-{key}-" not in text
    assert COPY in text and CONFLICT in text            # the other files' names lead to the page too
