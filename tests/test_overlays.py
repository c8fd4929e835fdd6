"""The overlays (issue 17): the manifest, the place and corrections are laid over the extraction at
the tables stage, so editing any of them changes the published tables on the next build, with
nothing deleted and nothing extracted again."""

from __future__ import annotations

import csv
import shutil

import yaml

from nianbao import pipeline
from nianbao.settings import Settings

from .conftest import CORPUS, read_csv

STONE = "001_0c686d7f689649a3.txt"      # 南召县石门乡 2020: 石门乡 names nine townships


def build(root):
    return pipeline.build(Settings(corpus=root / "corpus", root=root, workers=1))


def manifest(root, rows: list[dict]) -> None:
    fields = sorted({k for r in rows for k in r})
    with (root / "corpus" / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["file", *[k for k in fields if k != "file"]])
        w.writeheader()
        w.writerows(rows)


def report(root, source: str) -> dict:
    return next(r for r in read_csv(root / "build" / "reports.csv") if r["source_file"] == source)


def field(root, report_id: str, name: str) -> dict:
    return next(f for f in read_csv(root / "build" / "report_fields.csv")
                if f["report_id"] == report_id and f["field"] == name)


def setup(tmp_path):
    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS / STONE, tmp_path / "corpus" / STONE)
    first = build(tmp_path)
    assert first.extracted == 1
    return tmp_path


def test_a_source_url_added_to_the_manifest_is_published_without_re_extraction(tmp_path):
    root = setup(tmp_path)
    assert report(root, STONE)["source_url"] == ""
    manifest(root, [{"file": STONE, "source_url": "http://www.nanzhao.gov.cn/xxgk/2021/1.html"}])
    again = build(root)
    assert (again.extracted, again.reused) == (0, 1)
    r = report(root, STONE)
    assert r["source_url"] == "http://www.nanzhao.gov.cn/xxgk/2021/1.html"
    assert field(root, r["report_id"], "source_url")["source"] == "manifest"


def test_a_township_fixed_in_the_manifest_moves_the_report(tmp_path):
    """The text says 石门乡 of 南召县; a maintainer says it is the 石门乡 of 歙县 (黄山市): the place,
    its code and the report's id follow the manifest, and say where they came from."""
    root = setup(tmp_path)
    assert report(root, STONE)["county"] == "南召县"
    manifest(root, [{"file": STONE, "county": "歙县"}])
    again = build(root)
    assert again.extracted == 0
    r = report(root, STONE)
    assert (r["county"], r["prefecture"], r["province"]) == ("歙县", "黄山市", "安徽省")
    assert r["place_method"] == "manifest" and r["report_id"] == "shimenxiang-shexian-2020"
    assert field(root, r["report_id"], "county")["source"] == "gazetteer:manifest"   # the table's name, by the manifest
    manifest(root, [{"file": STONE}])
    build(root)
    assert report(root, STONE)["county"] == "南召县"         # and back, when the line is removed


def test_an_invalid_manifest_value_is_a_finding_not_a_failure(tmp_path):
    root = setup(tmp_path)
    manifest(root, [{"file": STONE, "year": "-5", "retrieved_on": "2021/3/1"}])
    result = build(root)
    assert not result.errors
    r = report(root, STONE)
    assert r["year"] == "2020" and r["retrieved_on"] == ""
    found = [f for f in read_csv(root / "build" / "findings.csv") if f["rule"] == "manifest.invalid"]
    assert {("year" in f["message"]) or ("retrieved_on" in f["message"]) for f in found} == {True} and len(found) == 2


def test_a_correction_changes_the_cell_and_removing_it_restores_the_reading(tmp_path):
    root = setup(tmp_path)
    rid = report(root, STONE)["report_id"]
    (root / "corrections").mkdir()
    path = root / "corrections" / f"{rid}.yaml"
    path.write_text(yaml.safe_dump({"corrections": [
        {"table": "proactive", "row": "administrative_penalty", "column": "items_prev_year", "value": 2,
         "printed": "0", "reason": "扫描原件该格为2", "source_line": 23}]}, allow_unicode=True), encoding="utf-8")

    def cell():
        return next(c for c in read_csv(root / "build" / "proactive.csv") if c["report_id"] == rid
                    and (c["category"], c["measure"]) == ("administrative_penalty", "items_prev_year"))

    assert build(root).extracted == 0
    assert (cell()["value"], cell()["status"], cell()["printed"]) == ("2", "corrected", "0")
    path.unlink()
    build(root)
    assert (cell()["value"], cell()["status"]) == ("0", "printed")


def test_a_correction_of_one_copy_leaves_the_other_copy_as_printed(tmp_path):
    """Copies of a file share one extraction in a build (read once): a correction of one copy
    changes that report's cell only, and the two are then compared as they are published."""
    (tmp_path / "a").mkdir()
    root = setup(tmp_path / "a")
    shutil.copy(CORPUS / STONE, root / "corpus" / "copy.txt")
    build(root)
    rid = report(root, STONE)["report_id"]
    other = report(root, "copy.txt")["report_id"]
    assert rid != other
    fresh = tmp_path / "b"
    shutil.copytree(root / "corpus", fresh / "corpus")
    (fresh / "corrections").mkdir()
    (fresh / "corrections" / f"{rid}.yaml").write_text(yaml.safe_dump({"corrections": [
        {"table": "proactive", "row": "administrative_penalty", "column": "items_prev_year", "value": 2,
         "printed": "0", "reason": "扫描原件该格为2", "source_line": 23}]}, allow_unicode=True), encoding="utf-8")
    build(fresh)            # one build: the copy takes the first file's extraction

    def cell(report_id):
        c = next(c for c in read_csv(fresh / "build" / "proactive.csv") if c["report_id"] == report_id
                 and (c["category"], c["measure"]) == ("administrative_penalty", "items_prev_year"))
        return c["value"], c["status"]

    assert cell(rid) == ("2", "corrected")
    assert cell(other) == ("0", "printed")
    rules = {(f["report_id"], f["rule"]) for f in read_csv(fresh / "build" / "findings.csv")}
    # corrected, the copies differ: a conflict (were the correction to reach both, a duplicate)
    assert {(rid, "report.conflict"), (other, "report.conflict")} <= rules
    assert not {r for r in rules if r[1] == "report.duplicate"}


def test_a_damaged_chunk_cache_is_made_again_not_a_failure(tmp_path):
    """The tables stage keeps each chunk's rows in .cache/parts/<key>/ (the part and its CSV rows):
    a CSV file of it gone, or a file of an earlier cache layout left there, and the next build makes
    that chunk again, with the same tables."""
    root = setup(tmp_path)
    before = {p.name: p.read_bytes() for p in (root / "build").glob("*.csv")}
    (chunk,) = [p for p in (root / ".cache" / "parts").iterdir()]
    (chunk / "applications.csv").unlink()
    (root / ".cache" / "parts" / "0123abcd.pkl").write_bytes(b"an earlier layout")
    (root / "build" / "reports.csv").unlink()          # an output gone: the tables are written again
    result = build(root)
    assert result.chunks == (1, 1)                       # (made, of): the damaged chunk was made again
    assert {p.name: p.read_bytes() for p in (root / "build").glob("*.csv")} == before
    assert [p.name for p in (root / ".cache" / "parts").iterdir()] == [chunk.name]
    assert (chunk / "applications.csv").is_file()


def test_a_chunk_made_again_describes_its_unchanged_reports_as_a_first_build_does(tmp_path):
    """The build keeps of an unchanged report's description only its place and year; when the chunk
    that holds it is made again (here: a sixth report joins the bundled five, with their manifest,
    in one chunk) the report is described again from its file and its manifest row, and the tables
    are those of a first build of the same corpus, byte for byte."""
    grown, fresh = tmp_path / "grown", tmp_path / "fresh"
    shutil.copytree(CORPUS, grown / "corpus")
    build(grown)
    shutil.copy(CORPUS / STONE, grown / "corpus" / "zz_copy.txt")
    result = build(grown)
    assert result.reused == 5 and result.chunks == (1, 1)       # (made, of): the five described before
    shutil.copytree(grown / "corpus", fresh / "corpus")
    build(fresh)
    for name in sorted(p.name for p in (fresh / "build").iterdir() if p.is_file()):
        assert (grown / "build" / name).read_bytes() == (fresh / "build" / name).read_bytes(), name
    assert report(grown, "003_ae53f9282b2209bb.txt")["source_url"] == "http://www.jxfc.gov.cn/xxgk-show-123660.html"
