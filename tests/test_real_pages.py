"""Real report pages as the web serves them (tests/real: 60 pages from 27 provinces, copied from
../shared/real with their hand-checked truth): who, where, when and every printed number.

Most pages are excerpts that stop mid-report, so they also test that nothing cut off is invented.
The scores are printed at the end of the run (a benchmark, not a timed test); the floors below are
the issue's targets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.evaluate import evaluate, format_score
from nianbao.evaluate import truth as truth_files
from nianbao.settings import Settings

from .conftest import SCORES, read_csv

REAL = Path(__file__).resolve().parent / "real"


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    pipeline.build(Settings(corpus=REAL / "corpus", root=root))
    score = evaluate(REAL / "truth", root)
    SCORES.append("real pages (tests/real)       " + format_score(score).replace("\n", "\n" + " " * 30))
    return root, score


def test_no_number_is_invented_and_every_printed_number_is_found(real):
    _, score = real
    assert score.precision == 1.0, [m for m in score.mismatches if "/" in m.split(" ")[1]]
    assert score.recall >= 0.99, [m for m in score.mismatches if "/" in m.split(" ")[1]]


def test_who_where_when(real):
    _, score = real
    assert score.field("township", "year", "template") >= 0.95, score.mismatches
    assert score.field("county", "province") >= 0.90, score.mismatches
    assert score.field("level") >= 0.95, score.mismatches


def test_every_published_organ_is_an_organs_name(real):
    _, score = real
    assert score.organs and score.organs_sane == score.organs


def test_no_real_report_is_refused(real):
    root, score = real
    assert not score.unmatched
    assert not read_csv(root / "build" / "errors.csv")


def test_non_township_reports_are_kept_and_marked(real):
    """County governments and departments are published with their level, never as a township."""
    root, _ = real
    truths = {t["report"]: t for t in truth_files.folder(REAL / "truth")}
    for r in read_csv(root / "build" / "reports.csv"):
        want = truths[r["source_file"]]["level"]
        if want in ("county", "department"):
            assert r["level"] == want and not r["township"] and not r["division_code"], r["source_file"]


def test_every_metadata_value_says_where_it_came_from(real):
    root, _ = real
    fields = read_csv(root / "build" / "report_fields.csv")
    sources = {(f["report_id"], f["field"]): f["source"] for f in fields}
    for r in read_csv(root / "build" / "reports.csv"):
        for key in ("organ", "township", "county", "year", "level"):
            if r[key]:
                assert sources.get((r["report_id"], key)), (r["source_file"], key)
    assert {s.split(":")[0] for s in sources.values()} >= {"title", "announces", "compiled_by", "gazetteer", "period",
                                                           "manifest", "organ"}
