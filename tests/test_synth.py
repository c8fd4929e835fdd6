"""Round trip (issue 7): generate -> render -> extract gives back every value, in every layout,
and exactly the reports generated with a broken cell get a finding."""

from __future__ import annotations

import json

import pytest

from nianbao import pipeline, synth
from nianbao.evaluate import evaluate
from nianbao.settings import Settings

from .conftest import read_csv


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth")
    synth.write(120, root, seed=7, options=synth.Options(share_broken=0.15, share_traditional=0.2, share_noisy=0.3))
    pipeline.build(Settings(corpus=root / "corpus", root=root / "out", workers=1))   # serial: the reference
    return root


def test_every_value_comes_back(synthetic):
    score = evaluate(synthetic / "truth", synthetic / "out")
    assert score.reports == 120 and not score.unmatched
    assert (score.precision, score.recall, score.metadata) == (1.0, 1.0, 1.0), score.mismatches[:10]


def test_the_corpus_covers_templates_and_layouts(synthetic):
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in (synthetic / "truth").glob("*.json")]
    assert {t["template"] for t in truths} == {"2019", "2021", "legacy"}
    assert {t["notes"] for t in truths} == {f"synthetic: {layout}" for layout in synth.LAYOUTS}
    assert any(t["breaks"] for t in truths)


def test_broken_reports_and_only_they_have_findings(synthetic):
    reports = {r["source_file"]: r["report_id"] for r in read_csv(synthetic / "out" / "build" / "reports.csv")}
    flagged: dict[str, list[dict]] = {}
    for f in read_csv(synthetic / "out" / "build" / "findings.csv"):
        if f["severity"] in ("error", "warning"):
            flagged.setdefault(f["report_id"], []).append(f)
    for path in (synthetic / "truth").glob("*.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        found = flagged.get(reports[truth["report"]], [])
        for b in truth["breaks"]:
            assert any(f["row"] == b["row"] or f["column"] == b["col"] for f in found), truth["report"]
        if not truth["breaks"]:
            assert not found, (truth["report"], [f["message"] for f in found])


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_process_pool_or_another_mapper_builds_the_same_package(synthetic, tmp_path, monkeypatch):
    """Extraction is a pure function of a file, and the tables stage works on chunks of extraction
    files: a process per core (the local path) and any mapper with map()'s contract (what a Dask or
    Ray cluster is given) give byte-identical outputs."""
    from concurrent.futures import ThreadPoolExecutor
    corpus, serial = synthetic / "corpus", synthetic / "out"
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 7)     # many chunks of the tables stage
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "pool", workers=2))

    def threads(fn, tasks):          # stands in for a cluster: other workers, results in order
        with ThreadPoolExecutor(4) as ex:
            return list(ex.map(fn, tasks))
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "mapped", workers=1), mapper=threads)
    for out in ("pool", "mapped"):
        for part in ("build", "extractions"):
            assert _files(tmp_path / out / part) == _files(serial / part), (out, part)
    assert len(list((serial / "extractions").glob("*.json"))) == 120


@pytest.mark.parametrize("theirs", [False, True])
def test_a_worker_that_cannot_see_the_cache_sends_its_chunk_back(synthetic, tmp_path, theirs):
    """A worker caches the chunk it made where it sees the cache folder; a cluster's worker on
    another machine does not, and sends the chunk's rows back to be cached by the build, or (its
    machine has a folder of that name: ``theirs``) caches it there, and the build makes the chunk
    again: the same package either way."""
    elsewhere = tmp_path / "elsewhere"
    if theirs:
        elsewhere.mkdir()

    def remote(fn, tasks):
        if fn is pipeline.tables_stage.publish_task:
            tasks = [(members, corrections, str(elsewhere), key) for members, corrections, _, key in tasks]
        return [fn(t) for t in tasks]
    root = tmp_path / "remote"
    pipeline.build(Settings(corpus=synthetic / "corpus", root=root, workers=1), mapper=remote)
    assert _files(root / "build") == _files(synthetic / "out" / "build")
    assert elsewhere.exists() is theirs and len(list((root / ".cache" / "parts").iterdir())) > 0
    if theirs:
        assert len(list(elsewhere.iterdir())) == len(list((root / ".cache" / "parts").iterdir()))


def test_tables_are_the_same_where_the_kernel_copies_part_of_a_file_or_none(synthetic, tmp_path, monkeypatch):
    """A table's CSV is its chunks' files appended by the kernel (copy_file_range); where the
    kernel refuses (EXDEV between some file systems) after copying some bytes of a file, or at
    once, the rest is copied by Python from where the kernel stopped."""
    import errno
    import os
    real, calls = os.copy_file_range, []

    def some_then_refuse(src, dst, count, *args):
        calls.append(count)
        if len(calls) % 2:
            return real(src, dst, min(count, 100), *args)
        raise OSError(errno.EXDEV, "cross-device")
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 7)
    monkeypatch.setattr(os, "copy_file_range", some_then_refuse)
    pipeline.build(Settings(corpus=synthetic / "corpus", root=tmp_path, workers=1))
    assert len(calls) > 20
    assert _files(tmp_path / "build") == _files(synthetic / "out" / "build")


def test_a_mapper_that_loses_outcomes_stops_the_build(synthetic, tmp_path):
    with pytest.raises(RuntimeError, match="returned 0 outcomes"):
        pipeline.build(Settings(corpus=synthetic / "corpus", root=tmp_path), mapper=lambda fn, tasks: [])


def test_copies_in_different_chunks_are_still_found(tmp_path, monkeypatch):
    """Two files of one township-year (a copy, a version printing 3 for 1) are compared where their
    chunk is made: a chunk per report, as asked, except that a township-year is never cut apart,
    gives the tables of one chunk for all."""
    from .conftest import CORPUS
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (CORPUS / "003_ae53f9282b2209bb.txt").read_text(encoding="utf-8")
    for f in CORPUS.glob("*.txt"):
        (corpus / f.name).write_bytes(f.read_bytes())
    (corpus / "zz copy.txt").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    assert lines[43] == "\t1"
    lines[43] = "\t3"
    (corpus / "zz version.txt").write_text("\n".join(lines), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "one", workers=1))
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 1)
    many = pipeline.build(Settings(corpus=corpus, root=tmp_path / "many", workers=2))
    assert many.chunks == (5, 5)            # 7 reports, the township-year's three in one chunk
    assert _files(tmp_path / "many" / "build") == _files(tmp_path / "one" / "build")
    found = {(f["report_id"], f["rule"]) for f in read_csv(tmp_path / "many" / "build" / "findings.csv")
             if f["rule"].startswith("report.")}
    assert found == {("zhangxiangzhen-fengchengshi-2021", "report.duplicate"),
                     ("zhangxiangzhen-fengchengshi-2021", "report.conflict"),
                     ("zhangxiangzhen-fengchengshi-2021-2", "report.duplicate"),
                     ("zhangxiangzhen-fengchengshi-2021-2", "report.conflict"),
                     ("zhangxiangzhen-fengchengshi-2021-3", "report.conflict")}


def test_a_township_year_is_never_cut_apart_even_when_its_ids_are_not_consecutive(monkeypatch):
    """Chunks end only where no township-year goes on past the end, whatever order the ids take."""
    from nianbao.pipeline.describe_stage import Described
    from nianbao.pipeline.tables_stage import _chunks
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 1)      # every id would end a chunk
    place_years = ["a", "b", "a", "c", "d", "d", "b", "e"]
    by_id = [(f"id{k}", None, Described(py, {}, []), "") for k, py in enumerate(place_years)]
    chunks = _chunks(by_id)
    assert [e for c in chunks for e in c] == by_id
    spans = {py: {k for k, c in enumerate(chunks) for e in c if e[2].place_year == py} for py in place_years}
    assert all(len(found) == 1 for found in spans.values())
    assert [len(c) for c in chunks] == [7, 1]           # b's last is id6


def test_a_township_year_of_more_than_a_chunk_is_a_chunk_of_its_own(monkeypatch):
    """Mirrors of one report: a report added beside them must not make them all again."""
    from nianbao import keys
    from nianbao.pipeline.describe_stage import Described
    from nianbao.pipeline.tables_stage import _chunks
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 2)
    rids = ("r2", "r12", "r14", "r16", "r18")
    assert not [rid for rid in rids if int(keys.sha256(rid)[:8], 16) % 2 == 0]    # no hash ends a chunk
    by_id = [(rid, None, Described(py, {}, []), "") for rid, py in zip(rids, "abbbc")]
    assert [[e[2].place_year for e in c] for c in _chunks(by_id)] == [["a"], ["b", "b", "b"], ["c"]]


def test_a_chunk_due_inside_a_township_year_ends_after_its_last_report():
    from nianbao import keys
    from nianbao.pipeline.describe_stage import Described
    from nianbao.pipeline.tables_stage import CHUNK, _chunks
    ends = [int(keys.sha256(rid)[:8], 16) % CHUNK == 0 for rid in ("r44", "r45", "r46", "r47")]
    assert ends == [True, False, False, False]          # only r44's hash ends a chunk
    by_id = [(rid, None, Described(py, {}, []), "") for rid, py in zip(("r44", "r45", "r46", "r47"), "aabb")]
    assert [len(c) for c in _chunks(by_id)] == [2, 2]


def test_runs_of_years_carry_over_and_exactly_the_controlled_breaks_are_continuity_findings(tmp_path):
    """``years``: townships over consecutive years; each generated break of 上年结转 is a finding on
    that report (its column and the total) and on the year before, and nothing else is."""
    synth.write(90, tmp_path, seed=5, options=synth.Options(years=3, share_continuity_broken=0.15))
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((tmp_path / "truth").glob("*.json"))]
    assert len({(t["township"], t["county"]) for t in truths}) == 30
    breaks = [(t["report"], b) for t in truths for b in t["continuity_breaks"]]
    assert breaks
    pipeline.build(Settings(corpus=tmp_path / "corpus", root=tmp_path / "out", workers=1))
    ids = {r["source_file"]: r["report_id"] for r in read_csv(tmp_path / "out" / "build" / "reports.csv")}
    found = {(f["report_id"], f["rule"], f["column"]) for f in read_csv(tmp_path / "out" / "build" / "findings.csv")
             if f["rule"].startswith("continuity.")}
    expected = set()
    for name, b in breaks:
        for col in (b["col"], "total"):
            expected |= {(ids[name], "continuity.carried_over", col),
                         (ids[b["previous"]], "continuity.carried_forward", col)}
    assert found == expected
    coverage = read_csv(tmp_path / "out" / "build" / "coverage.csv")
    published = {(r["township"], r["county"], int(r["year"])) for r in coverage if r["status"] == "published"}
    assert published == {(t["township"], t["county"], t["year"]) for t in truths}


def test_the_command_writes_reports_and_truth(tmp_path, capsys):
    from nianbao import synth
    synth.main(["6", str(tmp_path / "s"), "7", "--years", "3"])
    assert len(list((tmp_path / "s" / "corpus").iterdir())) == 6 == len(list((tmp_path / "s" / "truth").iterdir()))
    with pytest.raises(SystemExit):      # a usage line, not a traceback
        synth.main(["--help"])
    assert "--years" in capsys.readouterr().out
