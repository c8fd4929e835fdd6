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
    pipeline.build(Settings(corpus=root / "corpus", root=root / "out"))
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
