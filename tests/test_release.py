"""What a journalist opens and cites: the workbook, the Excel CSVs, a release with its citation and
bundle. The workbook is read back with openpyxl and checked against the hand-checked truth."""

from __future__ import annotations

import csv
import doctest
import json
import re
import shutil
import zipfile

import openpyxl
from openpyxl.utils.escape import unescape
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from frictionless import validate as frictionless_validate

from nianbao import cli, pipeline
from nianbao.tables import write_tables
from nianbao.catalogue import TABLE_BY_NAME
from nianbao.release import citation, excel_csv, notes, record, verify, workbook
from nianbao.tables import RESOURCES
from nianbao.settings import Settings

from .conftest import read_csv, truths
from .test_truth import DIMS, expected_cells

HAN = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = ["=HYPERLINK(\"http://example.com\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
           "=cmd|' /C calc'!A0"]


def sheet_rows(path, title) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(wb[title].iter_rows(values_only=True))
    finally:
        wb.close()


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(built.root / "build" / workbook.NAME)


def test_sheets_summary_first_then_one_per_table_then_the_notes(book):
    assert book.sheetnames[0] == "汇总 summary"
    assert book.sheetnames[1:] == [workbook.sheet_name(n) for n in RESOURCES if n != "summary"] + ["字段说明", "说明"]
    assert {"表二 proactive", "表三 applications", "表四 review_litigation"} <= set(book.sheetnames)


def test_headers_are_chinese_and_rows_match_the_csv(built, book):
    for name in RESOURCES:
        rows = list(book[workbook.sheet_name(name)].iter_rows(values_only=True))
        assert all(HAN.search(h) for h in rows[0]), rows[0]
        assert len(rows) - 1 == len(read_csv(built.root / "build" / f"{name}.csv")), name
    header = [c.value for c in book["表三 applications"][1]]
    assert header[:6] == ["报告编号", "行", "行名称", "申请人", "申请人名称", "数值"]
    assert book["表三 applications"]["C2"].value == "一、本年新收政府信息公开申请数量"


def test_every_csv_row_is_in_the_workbook(built):
    assert verify.check(built.root / "build") == []


@pytest.mark.parametrize("truth", truths(), ids=lambda t: t["report"])
def test_workbook_cells_are_the_truth_and_null_is_empty(built, book, truth):
    """Every value the truth has is a number in the workbook; every cell it has none for is empty."""
    rid = built.report(truth["report"])["report_id"]
    want = expected_cells(truth)
    for table, (row_dim, col_dim) in DIMS.items():
        cols = [c.header for c in workbook.columns(table)]
        at = {h: cols.index(h) for h in cols}
        rows = [r for r in book[workbook.sheet_name(table)].iter_rows(min_row=2, values_only=True) if r[0] == rid]
        assert rows or not any(v is not None for v in want[table].values()), (table, rid)
        for r in rows:
            key = (r[at[_zh(table, row_dim)]], r[at[_zh(table, col_dim)]])
            value = r[at["数值"]]
            assert value == want[table].get(key), (table, key, value)
            assert value is None or isinstance(value, (int, float))


def _zh(table: str, dim: str) -> str:
    return next(workbook.zh(f["title"]) for f in RESOURCES[table]["schema"]["fields"] if f["name"] == dim)


def test_lost_page_of_sample_000_is_empty_in_the_workbook_not_zero(built, book):
    """Sample 000 lost table 三 from 无法提供-3 on: those cells are empty; the row before it prints 0."""
    rid = built.report("000_8fd5f38ae061f3c2.txt")["report_id"]
    rows = [r for r in book["表三 applications"].iter_rows(min_row=2, values_only=True) if r[0] == rid]
    by_row = {}
    for r in rows:
        by_row.setdefault(r[1], []).append(r[5])
    assert by_row["unable_needs_creation"] == [0] * 7
    for key in ("unable_unclear", "not_processed_complaint", "total", "carried_forward"):
        assert by_row[key] == [None] * 7, key
    summary = {r[0]: r for r in book["汇总 summary"].iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in book["汇总 summary"][1]]
    assert summary[rid][header.index("(四)无法提供 3.补正后申请内容仍不明确")] is None
    assert summary[rid][header.index("一、本年新收政府信息公开申请数量")] == 0


def test_frozen_header_and_filter_on_every_table(book):
    for name in RESOURCES:
        ws = book[workbook.sheet_name(name)]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")


def test_dates_are_dates_and_codes_stay_text(built, book):
    rid = built.report("000_8fd5f38ae061f3c2.txt")["report_id"]
    header = [c.value for c in book["报告 reports"][1]]
    row = next(r for r in book["报告 reports"].iter_rows(min_row=2, values_only=True) if r[0] == rid)
    assert row[header.index("发布日期")].date().isoformat() == "2021-01-19"      # signed 2021年1月19日
    assert row[header.index("邮政编码")] == "365411" and row[header.index("联系电话")] == "0598-6551005"


def test_field_sheet_lists_every_column_and_key(book):
    rows = list(book["字段说明"].iter_rows(values_only=True))
    listed = {(r[0], r[1]) for r in rows}
    for name, res in RESOURCES.items():
        for f in res["schema"]["fields"]:
            assert (workbook.sheet_name(name), f["name"]) in listed
    assert ("表三 applications", "denied_state_secret") not in listed   # keys are in the second part
    keys = {(r[0], r[2]): r[3] for r in rows}
    assert keys["表三 applications", "denied_state_secret"] == "(三)不予公开 1.属于国家秘密"
    assert any("空值不是 0" in (r[5] or "") for r in rows)
    assert keys["表二 proactive", "fee_amount"] == "本年收费金额(单位:万元)"


def test_notes_sheet_says_version_citation_licence_and_how_to_read(book):
    text = "\n".join(f"{a} {b}" for a, b in book["说明"].iter_rows(values_only=True))
    for words in ("0.0.0+dev", "未发布", "CC-BY-4.0", "引用", "空单元格", "inferred", "corrected", "printed 列"):
        assert words in text, words


def test_excel_csvs_start_with_the_bom_and_hold_the_same_rows(built):
    for name in RESOURCES:
        tool = built.root / "build" / f"{name}.csv"
        excel = built.root / "build" / "excel" / f"{name}.csv"
        data = excel.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert list(csv.reader(data[3:].decode("utf-8").splitlines())) == \
            list(csv.reader(tool.read_text(encoding="utf-8").splitlines()))


def _hostile_tables(built) -> dict:
    tables = {name: pq.read_table(built.root / "build" / f"{name}.parquet") for name in RESOURCES}
    first = tables["reports"].to_pylist()[0]
    reports = [dict(first, report_id=f"x-{i}", organ=text) for i, text in enumerate(HOSTILE)]
    tables["reports"] = pa.Table.from_pylist(reports, schema=tables["reports"].schema)
    return tables


def test_no_text_becomes_a_formula(built, tmp_path):
    tables = _hostile_tables(built)
    path = workbook.write(tmp_path, tables, {"title": "t"})
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = openpyxl.load_workbook(path)
    assert [unescape(c.value) for c in wb["报告 reports"]["F"]][1:] == HOSTILE     # "\r" is stored _x000D_
    assert all(c.data_type == "s" for c in wb["报告 reports"]["F"][1:])
    build = tmp_path / "pkg" / "build"              # as the tables stage writes them: the round trip holds
    write_tables(build, tables)
    excel_csv.write(build, tables)
    workbook.write(build, tables, {"title": "t"})
    assert verify.check(build) == []


def test_excel_csv_neutralises_formula_text_and_keeps_numbers(built, tmp_path):
    tables = _hostile_tables(built)
    excel_csv.write(tmp_path, {"reports": tables["reports"], "review_litigation": tables["review_litigation"]})
    with (tmp_path / "excel" / "reports.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["organ"] for r in rows] == [f"'{t}" for t in HOSTILE]
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert doctest.testmod(excel_csv).failed == 0


def test_a_table_longer_than_a_sheet_is_left_out_and_named(built, tmp_path):
    tables = {name: pq.read_table(built.root / "build" / f"{name}.parquet") for name in RESOURCES}
    limit = 100                      # the samples: 672 rows of table 三, 76 of table 二
    shutil.copytree(built.root / "build", tmp_path / "build")
    workbook.write(tmp_path / "build", tables, {"title": "t"}, max_rows=limit)
    wb = openpyxl.load_workbook(tmp_path / "build" / workbook.NAME, read_only=True)
    assert "表三 applications" not in wb.sheetnames and "表二 proactive" in wb.sheetnames
    notes_text = "\n".join(str(b) for _, b in wb["说明"].iter_rows(values_only=True))
    wb.close()
    assert "672 行，超过一张工作表的上限（100 行）" in notes_text and "build/applications.csv" in notes_text
    assert verify.check(tmp_path / "build") == []


def test_check_finds_a_missing_row_and_a_changed_cell(built, tmp_path):
    shutil.copytree(built.root / "build", tmp_path / "build")
    path = tmp_path / "build" / "review_litigation.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    assert any("more rows" in p for p in verify.check(tmp_path / "build"))
    lines[1] = lines[1].replace(",0,", ",7,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    found = verify.check(tmp_path / "build")
    assert any("row 2" in p for p in found) and any("excel/review_litigation.csv" in p for p in found)


# --- versions and the datapackage.json v2 fields ------------------------------------------------

@pytest.mark.parametrize("text", ["2026.01", "26.1", "2026", "2026.1.1", "2026.0", "v2026.1", ""])
def test_only_calendar_versions(text):
    with pytest.raises(ValueError):
        record.parse_version(text)
    assert doctest.testmod(record).failed == 0


def test_an_unreleased_build_says_so(built):
    descriptor = json.loads((built.root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["version"] == "0.0.0+dev" and "created" not in descriptor
    assert descriptor["contributors"][0]["roles"] == ["creator"]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["sources"]


@pytest.fixture(scope="module")
def released(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("released") / "pkg"
    shutil.copytree(built.root, root)
    assert cli.main(["release", "2026.1", "--root", str(root), "--date", "2026-05-01"]) == 0
    return root


def test_release_writes_a_v2_descriptor_that_frictionless_accepts(released):
    descriptor = json.loads((released / "datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["version"], descriptor["created"]) == ("2026.1", "2026-05-01T00:00:00Z")
    report = frictionless_validate(str(released / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]
    assert json.loads((released / "releases" / "2026.1" / "datapackage.json").read_text()) == descriptor


def test_release_writes_a_valid_citation(released):
    text = (released / "CITATION.cff").read_text(encoding="utf-8")
    assert citation.problems(text) == []
    cff = yaml.load(text, Loader=citation._NoDates)
    assert (cff["version"], cff["date-released"], cff["type"], cff["license"]) == \
        ("2026.1", "2026-05-01", "dataset", "CC-BY-4.0")
    zenodo = json.loads((released / ".zenodo.json").read_text(encoding="utf-8"))
    assert (zenodo["version"], zenodo["publication_date"], zenodo["license"]) == ("2026.1", "2026-05-01", "cc-by-4.0")


def test_the_citation_check_can_fail():
    good = citation.cff_text({"cff-version": "1.2.0", "message": "m", "title": "t", "authors": [{"name": "a"}],
                              "version": "2026.1", "date-released": "2026-05-01"})
    assert citation.problems(good) == []
    assert any("authors" in p for p in citation.problems(good.replace("authors:\n- name: a\n", "")))
    assert any("date-released" in p for p in citation.problems(good.replace("2026-05-01", "May 2026")))


def test_the_workbook_names_the_release(released):
    text = "\n".join(f"{a} {b}" for a, b in sheet_rows(released / "build" / workbook.NAME, "说明"))
    assert "2026.1（2026-05-01 发布" in text and "未发布" not in text
    assert verify.check(released / "build") == []


def test_bundle_holds_the_package_readme_and_changes(released, tmp_path):
    path = released / "dist" / "nianbao-2026.1.zip"
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        z.extractall(tmp_path)
    top = tmp_path / "nianbao-2026.1"
    for name in ("README.md", "datapackage.json", "CITATION.cff", "nianbao.xlsx", "CHANGELOG-data.md",
                 "changes.csv", "build/applications.csv", "build/applications.parquet", "build/excel/summary.csv"):
        assert f"nianbao-2026.1/{name}" in names, name
    readme = (top / "README.md").read_text(encoding="utf-8")
    for words in ("## 引用 Cite", "版本 2026.1，2026-05-01", "CC-BY-4.0", "空值", "数据变更", "新增报告 reports added | 5"):
        assert words in readme, words
    report = frictionless_validate(str(top / "datapackage.json"))
    assert report.valid


def test_a_rebuild_of_the_released_data_is_the_release(released, tmp_path):
    """The build after a release writes the same descriptor and workbook, byte for byte; once a
    correction changes a number it is no longer the release."""
    root = tmp_path / "pkg"
    shutil.copytree(released, root)
    before = {p: (root / p).read_bytes() for p in ("datapackage.json", "build/nianbao.xlsx")}
    assert cli.main(["build", str(root / "corpus"), "--out", str(root)]) == 0
    assert {p: (root / p).read_bytes() for p in before} == before
    (root / "corrections").mkdir()
    (root / "corrections" / "caofangzhen-ninghuaxian-2020.yaml").write_text(CORRECTION, encoding="utf-8")
    assert cli.main(["build", str(root / "corpus"), "--out", str(root)]) == 0
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "2026.1+dev" and "created" not in descriptor
    assert "未发布" in notes.version_line(descriptor)


CORRECTION = """report_id: caofangzhen-ninghuaxian-2020
corrections:
  - {table: proactive, row: regulations, column: new_made, value: 2, printed: "0",
     reason: 原件该格为 2, source_line: 29, by: 测试, on: 2026-05-01}
"""


@pytest.mark.parametrize("version, date, words", [
    ("2026.1", "2026-06-01", "not after the last release 2026.1"),
    ("2025.3", "2026-06-01", "not of the release's year 2026"),
    ("2026.01", "2026-06-01", "not a calendar version"),
])
def test_release_refuses_a_bad_version(released, capsys, version, date, words):
    assert cli.main(["release", version, "--root", str(released), "--date", date]) == 2
    assert words in capsys.readouterr().err


def test_a_second_release_of_the_same_data_has_no_changes(released, tmp_path):
    root = tmp_path / "pkg"
    shutil.copytree(released, root)
    assert cli.main(["release", "2026.2", "--root", str(root), "--date", "2026-06-01"]) == 0
    rec = json.loads((root / "releases" / "2026.2" / "release.json").read_text(encoding="utf-8"))
    assert rec["previous"] == "2026.1" and rec["tables"] == record.table_hashes(root / "build")
    log = (root / "releases" / "2026.2" / "CHANGELOG-data.md").read_text(encoding="utf-8")
    assert log.startswith("# 数据变更 Data changes: 2026.1 → 2026.2") and "完全相同" in log
    assert (root / "releases" / "2026.2" / "changes.csv").read_text(encoding="utf-8").count("\n") == 1


def test_catalogue_labels_are_used_for_keys():
    assert workbook.label(TABLE_BY_NAME["applications"].row("unable_unclear")) == "(四)无法提供 3.补正后申请内容仍不明确"
    assert workbook.label(TABLE_BY_NAME["applications"].row("granted")) == "(一)予以公开"


def test_an_edited_excel_file_is_made_again(built, tmp_path):
    root = tmp_path / "pkg"
    shutil.copytree(built.root, root)
    original = (root / "build" / "excel" / "summary.csv").read_bytes()
    (root / "build" / "excel" / "summary.csv").write_text("edited", encoding="utf-8")
    result = pipeline.build(Settings(corpus=root / "corpus", root=root))
    assert not result.tables_reused
    assert (root / "build" / "excel" / "summary.csv").read_bytes() == original
    assert pipeline.build(Settings(corpus=root / "corpus", root=root)).tables_reused


def test_a_large_build_leaves_the_workbook_to_the_release(built, tmp_path, monkeypatch):
    """Above WORKBOOK_UP_TO reports a build writes no workbook (and removes a smaller build's, which
    would no longer hold the tables); `nianbao release` then writes it from the tables."""
    from nianbao.pipeline import tables_stage
    root = tmp_path / "pkg"
    shutil.copytree(built.root, root)
    (root / "corpus" / "copy.txt").write_bytes(next((root / "corpus").glob("002_*")).read_bytes())
    monkeypatch.setattr(tables_stage, "WORKBOOK_UP_TO", 5)              # the samples are 5; now 6
    pipeline.build(Settings(corpus=root / "corpus", root=root))
    assert not (root / "build" / workbook.NAME).exists() and not (root / "build" / excel_csv.FOLDER).exists()
    assert cli.main(["release", "2026.1", "--root", str(root), "--date", "2026-05-01"]) == 0
    assert len(sheet_rows(root / "build" / workbook.NAME, workbook.sheet_name("reports"))) == 1 + 6
    assert verify.check(root / "build") == []


def test_the_data_page_shows_the_workbook_first_the_bundle_the_excel_csvs_and_how_to_cite(released, tmp_path):
    """Issue 14: the built data page links the workbook (first button), the bundle, the spreadsheet
    CSVs, CITATION.cff and the changes, and the site carries those files."""
    from nianbao.site import data, generate, publish
    from nianbao.site.config import SiteConfig

    from .conftest import REPO
    ds = data.load(released)
    generate.write_folder(ds, tmp_path / "gen", REPO / "mkdocs.yml")
    page = (tmp_path / "gen" / "docs" / "data.md").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a [^>]*href="([^"]+)"', page)
    buttons = re.findall(r'<a class="md-button[^"]*" href="([^"]+)"', page)
    assert buttons[:2] == ["build/nianbao.xlsx", "dist/nianbao-2026.1.zip"]
    assert 'class="md-button md-button--primary" href="build/nianbao.xlsx"' in page
    assert {f"build/excel/{n}.csv" for n in ("summary", "reports", "applications", "coverage", "aggregates")} \
        <= set(hrefs)
    assert {"CITATION.cff", "releases/2026.1/CHANGELOG-data.md", "releases/2026.1/changes.csv"} <= set(hrefs)
    cite = page[page.index("引用本版本"):]
    assert "2026.1" in cite and "2026-05-01" in cite and "CC-BY-4.0" in cite
    publish.copy_data(ds, tmp_path / "site", SiteConfig())
    for path in ("build/nianbao.xlsx", "dist/nianbao-2026.1.zip", "build/excel/summary.csv", "CITATION.cff",
                 "releases/2026.1/changes.csv"):
        assert (tmp_path / "site" / "data" / path).read_bytes() == (released / path).read_bytes()


def test_an_unreleased_build_offers_the_workbook_and_says_the_bundle_comes_with_a_release(built, tmp_path):
    from nianbao.site import data, downloads
    page = downloads.buttons_markdown(data.load(built.root))
    assert 'md-button--primary" href="build/nianbao.xlsx"' in page and ".zip" not in page
    assert "nianbao release" in page
