"""Every sample report against its hand-checked truth (tests/truth, copied from ../shared/truth).

Cell by cell: every value the truth has must be published, and no value may be published where the
truth has none (a lost page, a blank cell, a prose-only report's breakdowns).
"""

from __future__ import annotations

import pytest

from nianbao.catalogue import APPLICATIONS
from nianbao.evaluate import truth as truth_files

from .conftest import truths

TRUTHS = truths()
IDS = [t["report"] for t in TRUTHS]
APPLICANTS = [c.key for c in APPLICATIONS.cols]


def number(text: str):
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def published(built, table: str, report_id: str, row_dim: str, col_dim: str) -> dict:
    return {(r[row_dim], r[col_dim]): number(r["value"]) for r in built.cells(table, report_id)}


def expected_cells(truth: dict) -> dict[str, dict]:
    out = {"proactive": {}, "applications": {}, "review_litigation": {}}
    for (table, row, col), value in truth_files.cells(truth).items():
        out[table][row, col] = value
    return out


DIMS = {"proactive": ("category", "measure"), "applications": ("row", "applicant"),
        "review_litigation": ("proceeding", "outcome")}


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
@pytest.mark.parametrize("table", list(DIMS))
def test_every_truth_value_is_published(built, truth, table):
    rid = built.report(truth["report"])["report_id"]
    got = published(built, table, rid, *DIMS[table])
    want = expected_cells(truth)[table]
    wrong = {k: (v, got.get(k, "absent")) for k, v in want.items() if got.get(k, "absent") != v}
    assert not wrong, f"(truth, published) differ: {wrong}"


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
@pytest.mark.parametrize("table", list(DIMS))
def test_no_value_where_the_truth_has_none(built, truth, table):
    rid = built.report(truth["report"])["report_id"]
    got = published(built, table, rid, *DIMS[table])
    want = expected_cells(truth)[table]
    invented = {k: v for k, v in got.items() if v is not None and want.get(k) is None}
    assert not invented


META = ("organ", "township", "county", "prefecture", "province", "year", "template", "published_on")
CONTACT = ("phone", "email", "website", "postcode")


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
def test_metadata(built, truth):
    report = built.report(truth["report"])
    got = {k: report[k] or None for k in META + CONTACT}
    want = {k: truth[k] for k in META} | {k: truth["contact"][k] for k in CONTACT}
    want["year"] = str(want["year"])
    assert got == want


@pytest.mark.parametrize("truth", TRUTHS, ids=IDS)
def test_division_code_stands_under_the_county(built, truth):
    """A 9-digit 民政部 township code whose first six digits are its county's (e.g. 350424 宁化县)."""
    report = built.report(truth["report"])
    counties = {"宁化县": "350424", "南召县": "411321", "永宁县": "640121", "丰城市": "360981", "遂溪县": "440823"}
    assert report["division_code"][:6] == counties[truth["county"]] and len(report["division_code"]) == 9


def test_lost_page_stays_null_and_is_a_finding(built):
    """000 lost a page: table 三 from (四)3 to 结转下年度 is absent, not zero."""
    rid = built.report("000_8fd5f38ae061f3c2.txt")["report_id"]
    cells = {(r["row"], r["applicant"]): r for r in built.cells("applications", rid)}
    for row in ("unable_unclear", "not_processed_complaint", "other", "total", "carried_forward"):
        for col in APPLICANTS:
            assert cells[row, col]["value"] == "" and cells[row, col]["status"] == "missing"
    assert cells["unable_needs_creation", "total"]["value"] == "0"
    incomplete = [f for f in built.findings(rid) if f["rule"] == "table.incomplete"]
    assert [(f["table"], f["row"], f["actual"]) for f in incomplete] == [("applications", "unable_unclear", "63")]
    assert any(f["rule"] == "section.heading_missing" and "四" in f["message"] for f in built.findings(rid))


def test_prose_contradiction_is_a_finding(built):
    """002 says no review or litigation happened (line 23) but table 四 prints 5 and 7 lawsuits."""
    rid = built.report("002_623967a19d51db49.txt")["report_id"]
    found = {(f["rule"], f["row"], f["actual"], f["source_line"]) for f in built.findings(rid)}
    assert ("prose.contradicts_table", "litigation_direct", "5", "23") in found
    assert ("prose.contradicts_table", "litigation_after_review", "7", "23") in found
    assert built.report("002_623967a19d51db49.txt")["validation_status"] == "errors"


def test_blank_review_cells_are_blank_not_zero(built):
    """002 prints five empty review cells before the ten litigation numbers (line 100)."""
    rid = built.report("002_623967a19d51db49.txt")["report_id"]
    review = [r for r in built.cells("review_litigation", rid) if r["proceeding"] == "administrative_review"]
    assert [(r["value"], r["status"], r["source_line"]) for r in review] == [("", "blank", "100")] * 5


def test_short_rows_are_inferred_and_marked(built):
    """001 prints 属于国家秘密 with six zeros (line 41): the row is inferred, and says so."""
    rid = built.report("001_0c686d7f689649a3.txt")["report_id"]
    row = [r for r in built.cells("applications", rid) if r["row"] == "denied_state_secret"]
    assert {(r["value"], r["status"], r["source_line"]) for r in row} == {("0", "inferred", "41")}
    assert all(r["note"] for r in row)
    assert any(f["rule"] == "applications.row_short" and f["row"] == "denied_state_secret"
               for f in built.findings(rid))


def test_legacy_report_publishes_prose_totals_only(built):
    """004 is prose only: 共收到…申请0件 … 上年结转1件 on line 19, published as the 总计 cells with status
    prose; no breakdowns, no other tables."""
    report = built.report("004_f375f0e851984426.txt")
    rid = report["report_id"]
    cells = {(r["row"], r["applicant"]): (r["value"], r["status"], r["source_line"])
             for r in built.cells("applications", rid)}
    assert cells["new_received", "total"] == ("0", "prose", "19")
    assert cells["carried_over", "total"] == ("1", "prose", "19")
    assert cells["new_received", "natural_person"] == ("", "missing", "")
    assert not built.cells("proactive", rid) and not built.cells("review_litigation", rid)


def test_every_report_accounted_for(built):
    files = {r["source_file"] for r in built.tables["reports"]} | {e["source_file"] for e in built.tables["errors"]}
    assert files == {t["report"] for t in TRUTHS}
