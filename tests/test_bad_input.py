"""Bad input, faults and hostile content (issue 6): nothing crashes, nothing is lost."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from nianbao import pipeline
from nianbao.describe import standalone
from nianbao.extract import NotAReport, extract
from nianbao.ingest import Document
from nianbao.ingest.text import read_text
from nianbao.settings import Settings
from nianbao.validate import validate

from . import render
from .conftest import CORPUS, files, read_csv

ZHANGXIANG = (CORPUS / "003_ae53f9282b2209bb.txt").read_text(encoding="utf-8")
HOSTILE = ("<script>alert(1)</script>{{ config }}{% include x %}张巷镇2021年政府信息公开工作年度报告\n"
           "!!! note \"<img src=x onerror=alert(2)>\"\n---\n[点我](javascript:alert(3))\x00\x1b[31m\n")


def bad_corpus(folder):
    """Every kind of broken input the issue lists that is text (binary formats: test_formats)."""
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n  ", encoding="utf-8")
    (folder / "random.pdf").write_bytes(os.urandom(4096))
    (folder / "not a report.txt").write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    shutil.copy(CORPUS / "003_ae53f9282b2209bb.txt", folder / "张巷镇 (2021) & copy.txt")
    shutil.copy(CORPUS / "003_ae53f9282b2209bb.txt", folder / "original.txt")
    # a second version of the same township and year with one number changed (行政许可 1 -> 3)
    lines = ZHANGXIANG.split("\n")
    assert lines[43] == "\t1"
    lines[43] = "\t3"
    (folder / "second version.txt").write_text("\n".join(lines), encoding="utf-8")
    (folder / "gbk.txt").write_bytes((CORPUS / "000_8fd5f38ae061f3c2.txt").read_text(encoding="utf-8")
                                     .encode("gbk"))
    (folder / "big5.txt").write_bytes((CORPUS / "004_f375f0e851984426.txt").read_text(encoding="utf-8")
                                      .encode("big5"))
    docx = folder / "truncated.docx"
    render.to_docx(render.parse(ZHANGXIANG), docx)
    docx.write_bytes(docx.read_bytes()[: docx.stat().st_size // 2])
    (folder / "hostile.md").write_text(HOSTILE + ZHANGXIANG.split("\n", 1)[1].replace("丰城市", "丰城市\x00"),
                                       encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    corpus = bad_corpus(root / "corpus")
    result = pipeline.build(Settings(corpus=corpus, root=root))
    return root, result


def test_every_file_is_in_reports_or_errors(bad_build):
    root, _ = bad_build
    reports = {r["source_file"] for r in read_csv(root / "build" / "reports.csv")}
    errors = {r["source_file"]: r for r in read_csv(root / "build" / "errors.csv")}
    assert reports | set(errors) == {p.name for p in (root / "corpus").iterdir()}
    assert not reports & set(errors)
    assert {"empty.txt", "blank.txt", "random.pdf", "not a report.txt", "truncated.docx"} <= set(errors)
    assert "empty" in errors["empty.txt"]["reason"] and "empty" in errors["blank.txt"]["reason"]
    assert errors["not a report.txt"]["stage"] == "extract"
    assert all(e["reason"] for e in errors.values())


def test_gbk_text_is_read(bad_build):
    root, _ = bad_build
    report = next(r for r in read_csv(root / "build" / "reports.csv") if r["source_file"] == "gbk.txt")
    assert (report["organ"], report["year"], report["phone"]) == ("曹坊镇人民政府", "2020", "0598-6551005")


def test_big5_text_is_read(bad_build):
    """004 城月鎮 in Big5: 共收到…申請0件 … 上年結轉1件, as in the UTF-8 original."""
    root, _ = bad_build
    report = next(r for r in read_csv(root / "build" / "reports.csv") if r["source_file"] == "big5.txt")
    assert (report["organ"], report["phone"]) == ("城月镇人民政府", "0759-7881200")
    cells = {(c["row"], c["applicant"]): c["value"] for c in read_csv(root / "build" / "applications.csv")
             if c["report_id"] == report["report_id"]}
    assert (cells["new_received", "total"], cells["carried_over", "total"]) == ("0", "1")


def test_a_file_of_tens_of_megabytes_is_read_within_bounds(tmp_path):
    """A 20 MB report (prose repeated) builds in bounded time and memory, its tables intact."""
    import resource
    import time
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    filler = "望远镇不断扩大重点领域公开范围，细化公开内容，各村、社区及时公开社会保险等方面信息。\n" * 160_000
    text = (CORPUS / "002_623967a19d51db49.txt").read_text(encoding="utf-8")
    (corpus / "huge.txt").write_text(text.replace("六、其他需要报告的事项", filler + "六、其他需要报告的事项"),
                                     encoding="utf-8")
    assert (corpus / "huge.txt").stat().st_size > 20_000_000
    start = time.perf_counter()
    result = pipeline.build(Settings(corpus=corpus, root=tmp_path))
    assert time.perf_counter() - start < 120
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 4 * 2**20  # KB: under 4 GB
    assert not result.errors
    cells = {(c["proceeding"], c["outcome"]): c["value"] for c in read_csv(tmp_path / "build" / "review_litigation.csv")}
    assert cells["litigation_after_review", "total"] == "7"


def test_duplicates_and_conflicts_are_findings_and_both_stay(bad_build):
    root, _ = bad_build
    reports = read_csv(root / "build" / "reports.csv")
    copies = [r for r in reports if r["place_year"] == "zhangxiangzhen-fengchengshi-2021"]
    assert len(copies) == 4  # original, the renamed copy, the second version, the hostile one
    assert len({r["report_id"] for r in copies}) == 4
    findings = read_csv(root / "build" / "findings.csv")
    by_id = {r["report_id"]: r["source_file"] for r in reports}
    conflicts = {(by_id[f["report_id"]], f["actual"]) for f in findings if f["rule"] == "report.conflict"
                 and by_id[f["report_id"]] == "second version.txt"}
    assert ("second version.txt", "1") in conflicts
    duplicates = {(by_id[f["report_id"]], f["detail"] if "detail" in f else f["message"])
                  for f in findings if f["rule"] == "report.duplicate"}
    assert any(src == "original.txt" and "张巷镇 (2021) & copy.txt" in msg for src, msg in duplicates)
    licensing = [r for r in read_csv(root / "build" / "proactive.csv")
                 if r["category"] == "administrative_licensing" and r["report_id"] in by_id
                 and by_id[r["report_id"]] in ("original.txt", "second version.txt")]
    assert sorted(r["value"] for r in licensing) == ["1", "3"]


def test_hostile_content_is_kept_as_plain_data(bad_build):
    root, _ = bad_build
    report = next(r for r in read_csv(root / "build" / "reports.csv") if r["source_file"] == "hostile.md")
    assert "<" not in report["organ"] and "\x00" not in json.dumps(report)
    assert report["template"] == "2021"


def test_oversized_file_is_refused_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_bytes(b"x" * 2048)
    result = pipeline.build(Settings(corpus=corpus, root=tmp_path, max_bytes=1024))
    assert result.errors[0]["source_file"] == "huge.txt" and "too large" in result.errors[0]["reason"]


def test_interrupted_build_leaves_the_previous_release(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    pipeline.build(Settings(corpus=corpus, root=tmp_path))
    before = files(tmp_path / "build")
    descriptor = (tmp_path / "datapackage.json").read_bytes()

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    extractions = {p.name: p.read_bytes() for p in (tmp_path / "extractions").iterdir()}
    (corpus / "004_f375f0e851984426.txt").unlink()
    monkeypatch.setattr(pipeline.tables_stage, "writing", fail)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(Settings(corpus=corpus, root=tmp_path))
    assert files(tmp_path / "build") == before
    assert (tmp_path / "datapackage.json").read_bytes() == descriptor
    assert {p.name: p.read_bytes() for p in (tmp_path / "extractions").iterdir()} == extractions
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".build", ".release"))]


SAMPLES = [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]


@st.composite
def mutated_report(draw):
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        how = draw(st.sampled_from(["delete", "insert", "cut"]))
        if how == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif how == "insert":
            data[at:at] = draw(st.binary(max_size=40)) if draw(st.booleans()) else \
                draw(st.text(alphabet="0123456789\t\n|/一二三四五六七八九十、()（）总计自然人", max_size=40)).encode()
        else:
            data = data[:at]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated_report(), st.binary(max_size=2000), st.text(max_size=2000).map(str.encode)))
def test_no_exception_escapes_ingest_extract_validate(data):
    try:
        lines = read_text(data)
    except Exception as e:  # only the ingest error a reader is allowed to raise
        assert type(e).__name__ == "IngestError"
        return
    try:
        ex = extract(Document("fuzz.txt", "0" * 64, "text", tuple(lines)))
    except NotAReport:
        return
    for f in validate(standalone(ex)):
        assert f.message


def test_conflicting_versions_are_a_conflict_in_coverage_and_counted_in_no_total(bad_build):
    """张巷镇 2021: four files, one printing other numbers; which is right is unknown, so 丰城市's
    2021 totals count it as missing, never as one of the versions."""
    root, _ = bad_build
    row = next(r for r in read_csv(root / "build" / "coverage.csv")
               if r["township"] == "张巷镇" and r["county"] == "丰城市" and r["year"] == "2021")
    assert (row["status"], row["reports"], len(row["report_ids"].split())) == ("conflict", "4", 4)
    total = next(r for r in read_csv(root / "build" / "aggregates.csv")
                 if r["level"] == "county" and r["name"] == "丰城市" and r["year"] == "2021"
                 and r["figure"] == "applications_new_received")
    assert (total["value"], total["reports"], total["missing"]) == ("", "0", "1")


def test_a_failed_batch_of_descriptions_is_run_again_a_file_at_a_time():
    """Descriptions go to the workers in batches; when a batch fails (a worker killed, a budget
    spent), its files are described one by one, so only the file that fails is an errors row."""
    from nianbao.pipeline.workers import batched
    from nianbao.pipeline.workers import Failed

    def one(x):
        return Failed("budget.time", "stopped") if x == 7 else x * 10

    def many(batch):
        return [one(x) for x in batch]

    def mapper(fn, tasks):          # a worker that dies on any batch holding 7, as a pool reports it
        return [Failed("worker.died", "killed") if fn is many and 7 in t else fn(t) for t in tasks]

    out = batched(mapper, one, many, list(range(12)), 5)
    assert out[:7] == [0, 10, 20, 30, 40, 50, 60] and out[8:] == [80, 90, 100, 110]
    assert isinstance(out[7], Failed) and out[7].code == "budget.time"
