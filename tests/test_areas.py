"""Coverage and aggregates: every township of a touched county, every total the sum of its children's
non-null values with the count of those missing. Values asserted from the truth of the samples."""

from __future__ import annotations

from collections import defaultdict

from nianbao.places import gazetteer
from nianbao.places.gazetteer import TOWNSHIP
from nianbao.tables import areas

from .conftest import read_csv, truths


def _table(built, name):
    return read_csv(built.root / "build" / f"{name}.csv")


def test_coverage_lists_every_township_of_the_touched_counties(built):
    rows = _table(built, "coverage")
    gz = gazetteer()
    for t in truths():      # each sample's township is published in its year, in its county's list
        town = next(u for u in gz.townships[t["township"]] if gz.by_code[u.path[-2]].name == t["county"])
        row = next(r for r in rows if r["division_code"] == town.code and r["year"] == str(t["year"]))
        assert (row["status"], row["reports"], row["township"], row["county"]) == \
            ("published", "1", t["township"], t["county"])
        county = gz.by_code[town.path[-2]]
        listed = {r["division_code"] for r in rows if r["county_code"] == county.code}
        assert listed == {u.code for u in gz.children[county.code] if u.level == TOWNSHIP}
        assert {r["year"] for r in rows if r["county_code"] == county.code} == {str(t["year"])}  # its one year
    assert {r["status"] for r in rows} == {"published", "absent"}
    assert all(r["report_ids"] == "" for r in rows if r["status"] == "absent")


def test_an_aggregate_is_the_sum_of_its_childrens_non_null_values_and_counts_the_missing(built):
    rows = _table(built, "aggregates")
    by_key = {(r["level"], r["code"], r["year"], r["figure"]): r for r in rows}
    summary = {s["report_id"]: s for s in _table(built, "summary")}
    reports = {r["report_id"]: r for r in _table(built, "reports") if r["division_code"]}
    # a county: the sum of its townships' reports
    children = defaultdict(list)
    for rid, r in reports.items():
        children[r["division_code"][:6], r["year"]].append(summary[rid])
    for (county, year), kids in children.items():
        for figure in areas.FIGURES:
            row = by_key["county", county, year, figure]
            values = [int(k[figure]) for k in kids if k[figure] != ""]
            assert row["value"] == (str(sum(values)) if values else "")
            assert (int(row["reports"]), int(row["missing"])) == (len(values), len(kids) - len(values))
    # every area above a county: the sum of its children's non-null totals
    for r in rows:
        if r["level"] == "county":
            continue
        kids = [k for k in rows if k["parent_code"] == r["code"] and k["year"] == r["year"]
                and k["figure"] == r["figure"]]
        values = [int(k["value"]) for k in kids if k["value"] != ""]
        assert r["value"] == (str(sum(values)) if values else "")
        assert int(r["reports"]) == sum(int(k["reports"]) for k in kids)
        assert int(r["missing"]) == sum(int(k["missing"]) for k in kids)
    # from the truth: of the four 2020 reports, 曹坊镇 lost 结转下年度 and 城月镇 prints no table;
    # 望远镇's 行政复议 cells are blank and 城月镇 has none
    national = {f: by_key["national", "CN", "2020", f] for f in areas.FIGURES}
    assert [(national[f]["value"], national[f]["reports"], national[f]["missing"])
            for f in ("applications_carried_forward", "administrative_review_total")] == \
        [("0", "2", "2"), ("0", "2", "2")]
    assert national["applications_new_received"]["reports"] == "4"
    ninghua = by_key["county", "350424", "2020", "applications_carried_forward"]
    assert (ninghua["name"], ninghua["value"], ninghua["reports"], ninghua["missing"]) == ("宁化县", "", "0", "1")


def test_a_copy_counts_once_and_conflicting_versions_not_at_all():
    caofang, anle = "350424104", "350424100"       # two townships of 宁化县
    assert gazetteer().by_code[anle].path[-2] == "350424"

    def report(rid, code):
        return {"report_id": rid, "division_code": code, "year": 2020, "level": "township"}
    reports = [report("a", caofang), report("a2", caofang), report("b", anle), report("b2", anle)]
    summary = [{"report_id": "a", "applications_new_received": 3}, {"report_id": "a2", "applications_new_received": 3},
               {"report_id": "b", "applications_new_received": 5}, {"report_id": "b2", "applications_new_received": 7}]
    rows = areas.as_rows(areas.aggregates(areas.by_township(reports), summary, conflicted={"b", "b2"}))
    county = next(r for r in rows if r["level"] == "county" and r["figure"] == "applications_new_received")
    assert (county["value"], county["reports"], county["missing"]) == (3, 1, 1)
    assert county["absent"] == county["townships"] - 2
    statuses = {(r["division_code"], r["status"])
                for r in areas.as_rows(areas.coverage(areas.by_township(reports), {"b", "b2"})) if r["reports"]}
    assert statuses == {(caofang, "duplicate"), (anle, "conflict")}


def test_a_total_beyond_64_bits_is_null_and_the_others_are_exact():
    """Figures are bounded (15 digits, the schema's and the corrections' bound), yet thousands of
    them could add up past 2**63: such a total is null, not wrapped round, and does not stop the build."""
    caofang, anle = "350424104", "350424100"       # two townships of 宁化县
    reports = [{"report_id": rid, "division_code": code, "year": 2020, "level": "township"}
               for rid, code in (("a", caofang), ("b", anle))]
    big = 2**62 + 1                                 # two of them: 2**63 + 2, one beyond the largest int64
    summary = [{"report_id": "a", "applications_new_received": big, "applications_total": 2**61},
               {"report_id": "b", "applications_new_received": big, "applications_total": 2**61 + 5}]
    rows = areas.as_rows(areas.aggregates(areas.by_township(reports), summary, conflicted=set()))
    county = {r["figure"]: r for r in rows if r["level"] == "county"}
    assert county["applications_new_received"]["value"] is None
    assert county["applications_new_received"]["reports"] == 2
    assert county["applications_total"]["value"] == 2**62 + 5


def test_region_pages_show_coverage_and_a_chart_with_its_table_and_the_home_page_national_coverage(built, tmp_path):
    """Generated from the built samples: the sample corpus's regions are leaves at the provinces."""
    import base64
    import re

    from pathlib import Path

    from nianbao.site import data, generate, html

    from .conftest import REPO
    generate.write_folder(data.load(built.root), tmp_path, REPO / "mkdocs.yml")
    gz = gazetteer()
    page = tmp_path / "docs" / "regions" / "fujiansheng" / "index.md"      # its raw blocks beside it
    fujian = html.restore(page.read_text(encoding="utf-8"), html.unpack(Path(f"{page}{html.STASH}").read_bytes()))
    svg = re.search(r"<svg .*?</svg>", fujian).group(0)
    assert 'role="img"' in svg and "福建省" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    known = len(gz.descendants(gz.by_code["350000"], (TOWNSHIP,)))
    assert f"<td>1 / {known}</td>" in fujian          # 曹坊镇 of all 福建省's townships
    assert "缺1" in fujian          # 曹坊镇 lost 结转下年度: the total is —, one report missing, not 0
    ninghua = [u.name for u in gz.children["350424"] if u.level == TOWNSHIP]
    row = re.search(r'<table class="nb-table nb-coverage">.*?<tbody>(.*?)</tbody>', fujian).group(1)
    assert row.startswith(f"<tr><td>宁化县</td><td>{len(ninghua)}</td><td>1</td>")
    never = re.search(r"<td>([^<]*)</td></tr>$", row).group(1).split("、")
    assert sorted(never) == sorted(n for n in ninghua if n != "曹坊镇")
    csv_text = base64.b64decode(re.search(r'base64,([^"]+)"', fujian).group(1)).decode("utf-8-sig")
    header, row = csv_text.splitlines()
    values = dict(zip(header.split(","), row.split(",")))
    assert (values["year"], values["townships"], values["applications_carried_forward"],
            values["applications_carried_forward_missing"]) == ("2020", str(known), "", "1")
    home = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"2020 年度 4 / {_all_townships():,}" in home and f"2021 年度 1 / {_all_townships():,}" in home
    assert '<table class="nb-table nb-totals" id="totals-CN">' in home and "<title" in home   # the national chart
    assert f"<td>4 / {_all_townships()}</td>" in home


def _all_townships() -> int:
    gz = gazetteer()
    return sum(len(gz.descendants(p, (TOWNSHIP,))) for p in gz.provinces)


WANGYUAN = "002_623967a19d51db49.txt"    # 望远镇, 永宁县, 2020: 未经复议直接起诉 total 5, 复议后起诉 total 7 (line 100)


def test_a_county_report_below_its_townships_sum_is_a_finding(tmp_path):
    """永宁县's own report made from the sample: direct litigation printed as 3 against its township's 5
    (a finding on the county report), litigation after review 7 as the township's 7 (none)."""
    from nianbao import pipeline
    from nianbao.settings import Settings

    from .conftest import CORPUS
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / WANGYUAN).write_bytes((CORPUS / WANGYUAN).read_bytes())
    lines = (CORPUS / WANGYUAN).read_text(encoding="utf-8").split("\n")
    assert lines[99] == "\t\t\t\t\t1\t1\t0\t3\t5\t1\t0\t0\t6\t7"
    lines[99] = "\t\t\t\t\t1\t1\t0\t1\t3\t1\t0\t0\t6\t7"
    county = "\n".join(lines).replace("永宁县望远镇", "永宁县人民政府").replace("望远镇", "永宁县")
    (corpus / "county.txt").write_text(county, encoding="utf-8")
    # a county report whose county the division table cannot fix (no 朝阳区 under 银川市): compared with none
    (corpus / "unfixed.txt").write_text(county.replace("永宁县", "朝阳区"), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path))
    reports = {r["source_file"]: r for r in read_csv(tmp_path / "build" / "reports.csv")}
    assert (reports["county.txt"]["level"], reports["county.txt"]["county"]) == ("county", "永宁县")
    assert (reports["unfixed.txt"]["level"], reports["unfixed.txt"]["county"]) == ("county", "朝阳区")
    found = [f for f in read_csv(tmp_path / "build" / "findings.csv") if f["rule"] == "county.below_townships"]
    assert [(f["report_id"], f["table"], f["row"], f["column"], f["expected"], f["actual"], f["source_line"])
            for f in found] == [(reports["county.txt"]["report_id"], "review_litigation", "litigation_direct",
                                 "total", "5", "3", "100")]
    assert "永宁县1份乡镇报告之和5" in found[0]["message"]
    assert found[0]["severity"] == "info"          # the county's report may count its own offices only


def test_what_reads_reports_across_the_country_reads_only_the_joined_columns(built):
    """The tables stage hands coverage, aggregates, continuity and the county check the JOINED
    columns of reports and summary only: a column read but not joined would read as missing."""
    import pyarrow.parquet as pq

    from nianbao.tables import SUMMARY_CELLS
    from nianbao.tables.rows import JOINED
    from nianbao.validate.continuity import across_years, pairs
    from nianbao.validate.county import county_against_townships

    read: dict[str, set] = defaultdict(set)

    class Row(dict):
        def __init__(self, name, data):
            super().__init__(data)
            self.name = name

        def __getitem__(self, key):
            read[self.name].add(key)
            return super().__getitem__(key)

        def get(self, key, default=None):
            read[self.name].add(key)
            return super().get(key, default)

    def rows(name, **change):
        return [Row(name, {**r, **change}) for r in pq.read_table(built.root / "build" / f"{name}.parquet").to_pylist()]
    reports, summary = rows("reports"), rows("summary")
    twice = reports + [Row("reports", {**r, "year": r["year"] + 1, "report_id": r["report_id"] + "-next",
                                       "place_year": r["place_year"][:-4] + str(r["year"] + 1)}) for r in reports]
    seen = areas.by_township(reports)
    totals = areas.as_rows(areas.aggregates(seen, summary, set()))
    areas.coverage(seen, set())
    assert pairs(twice)                                   # each sample's township in two years
    across_years(pairs(twice), {})
    counties = [Row("reports", {**r, "level": "county"}) for r in reports]
    county_against_townships(counties, [Row("summary", {**s, "level": "county"}) for s in summary], totals, {},
                             SUMMARY_CELLS)
    assert read["reports"] and read["summary"]
    assert read["reports"] <= set(JOINED["reports"]) and read["summary"] <= set(JOINED["summary"])
