"""The SQL page (数据查询) in a real Chromium, served from the built site with no other host reachable.

Values come from the hand-checked truth files (tests/truth), the number of reports from the package's
reports table; every request must go to the local server (the route of ``tab`` blocks and records any
other), and the engine must be the site's own copy.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest

from nianbao.site import sql

from ..test_truth import expected_cells
from .conftest import ARTIFACTS, REPO
from .test_browser import base, tab  # noqa: F401  (fixtures: the served site, a guarded browser tab)

CAOFANG, CHENGYUE = "000_8fd5f38ae061f3c2", "004_f375f0e851984426"
CONTRACT_TABLES = {"reports", "proactive", "applications", "review_litigation", "findings", "summary", "errors",
                   "local_rows"}   # /work/shared/CONTRACT.md
JOIN = """SELECT a.row, a.applicant, a.value
FROM reports r JOIN applications a USING (report_id)
WHERE r.township = '{}'
ORDER BY a.row, a.applicant"""


def truth(name: str) -> dict:
    return json.loads((REPO / "tests" / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def run(tab, base: str, query: str | None = None) -> None:
    """Open the SQL page with ``query`` in its URL (or type it into the open page) and wait for the
    result or the error."""
    if query is not None and "nb-sql" not in tab.url:
        tab.goto(f"{base}sql/?sql={quote(query)}")
    elif query is not None:
        tab.fill("#nb-sql-input", query)
        tab.click("#nb-sql-run")
    tab.wait_for_function("!document.getElementById('nb-sql-run').disabled"
                          " && (document.querySelector('#nb-sql-result table')"
                          " || !document.getElementById('nb-sql-error').hidden)", timeout=120_000)


def result(tab) -> tuple[list[str], list[list[str | None]]]:
    """The result table: column names and rows (NULL cells as None)."""
    return tuple(tab.evaluate("""() => {
        const t = document.querySelector('#nb-sql-result table');
        if (!t) return [[], []];
        const head = [...t.tHead.rows[0].cells].map(c => c.textContent);
        const rows = [...t.tBodies[0].rows].map(r => [...r.cells].map(
            c => c.classList.contains('nb-sql-null') ? null : c.textContent));
        return [head, rows];
    }"""))


def error(tab) -> str:
    return "" if tab.locator("#nb-sql-error").is_hidden() else tab.inner_text("#nb-sql-error")


def test_a_query_in_the_url_runs_on_load(site, base, serve, tab):
    before = len(serve.sent(base))
    run(tab, base, "SELECT count(*) AS n FROM reports")
    assert error(tab) == ""
    assert result(tab) == (["n"], [[str(len(site.reports))]]) == (["n"], [["5"]])
    sent = serve.sent(base)[before:]
    assert "/data/nianbao.duckdb.gz" in sent and "/assets/sql/vendor/duckdb-eh.wasm.gz" in sent, sent
    assert tab.external == [] and tab.problems == [], (tab.external, tab.problems)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "sql.png"), full_page=True)


@pytest.mark.parametrize("name", [CAOFANG, CHENGYUE])
def test_a_join_returns_a_townships_table_three(base, tab, name):
    """Every cell of the truth's table 三 is in the result with the truth's value, and every other cell
    of the township is NULL: missing is not zero (城月镇 prints only totals in its prose)."""
    t = truth(name)
    run(tab, base, JOIN.format(t["township"]))
    assert error(tab) == ""
    head, rows = result(tab)
    assert head == ["row", "applicant", "value"]
    got = {(r, a): v for r, a, v in rows}
    assert len(got) == len(rows)
    expected = {k: (None if v is None else str(v)) for k, v in expected_cells(t)["applications"].items()}
    assert {k: got.get(k, "absent") for k in expected} == expected
    assert {k: v for k, v in got.items() if k not in expected and v is not None} == {}
    assert tab.external == [] and tab.problems == []


def test_bad_sql_shows_a_clear_error(base, tab):
    run(tab, base, "SELEC 1")
    shown = error(tab)
    assert "Parser Error" in shown and "SELEC" in shown, shown
    assert result(tab) == ([], [])
    run(tab, base, "SELECT no_such_column FROM reports")
    shown = error(tab)
    assert "Binder Error" in shown and "no_such_column" in shown, shown
    assert "COLUMNS(*)" not in shown           # the user's SQL is quoted, not the page's wrapper
    run(tab, base, "SELECT 1 AS ok")            # the engine survives errors
    assert error(tab) == "" and result(tab) == (["ok"], [["1"]])
    assert tab.external == [] and tab.problems == []


def test_a_careless_query_is_capped_and_downloads_as_csv(base, tab):
    run(tab, base, "SELECT i, CASE WHEN i % 2 = 0 THEN '=1+1' END AS f FROM range(50000) t(i)")
    assert error(tab) == ""
    _, rows = result(tab)
    assert len(rows) == 1000
    assert "结果超过 10,000 行" in tab.inner_text("#nb-sql-status")
    with tab.expect_download() as dl:
        tab.click("#nb-sql-csv")
    data = Path(dl.value.path()).read_bytes().decode("utf-8")
    assert data.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert lines[0] == ["i", "f"] and len(lines) == 1 + 10000
    assert lines[1] == ["0", "'=1+1"] and lines[2] == ["1", ""]   # no formula; null is an empty cell


def test_every_example_runs(base, tab):
    run(tab, base, "SELECT 1")
    for label, query in sql.EXAMPLES:
        tab.click(f"button[data-sql]:text-is('{label}')")
        run(tab, base)
        assert error(tab) == "", (label, error(tab))
        assert tab.input_value("#nb-sql-input") == query
    assert tab.external == [] and tab.problems == []


def test_a_report_page_can_link_to_its_query(site, base, tab):
    """sql_url(report_query(id)) from a report's folder opens the SQL page on that report's table 三."""
    r = site.report(f"{CAOFANG}.txt")
    query = sql.report_query(r["report_id"])
    tab.goto(urljoin(f"{base}reports/{r['report_id']}/", sql.sql_url(query, "../../")))
    run(tab, base)
    assert error(tab) == "" and tab.input_value("#nb-sql-input") == query
    head, rows = result(tab)
    assert head == ["row", "applicant", "value", "status", "source_line"]
    expected = {k: (None if v is None else str(v)) for k, v in expected_cells(truth(CAOFANG))["applications"].items()}
    got = {(row, applicant): value for row, applicant, value, _, _ in rows}
    assert {k: got.get(k, "absent") for k in expected} == expected


def test_the_page_lists_the_contract_tables(site):
    page = site.page("sql")
    for name in CONTRACT_TABLES:
        assert f"<summary><code>{name}</code>" in page, name
    assert 'type="importmap"' in page and "https://" not in page.split('id="nb-sql"')[1].split("</aside>")[0]


def test_only_the_sql_page_loads_the_engine(site, base, serve, tab):
    for rel in ("", "data/", f"reports/{site.reports[0]['report_id']}/"):
        before = len(serve.sent(base))
        tab.goto(base + rel)
        tab.wait_for_load_state("networkidle")
        assert not [p for p in serve.sent(base)[before:] if p.startswith(("/assets/sql/", "/data/nianbao"))], rel


def test_a_query_that_never_ends_can_be_stopped(base, tab):
    run(tab, base, "SELECT 1")
    tab.fill("#nb-sql-input", "SELECT sum(a.range * b.range) FROM range(1000000000) a, range(1000000000) b")
    tab.click("#nb-sql-run")
    tab.wait_for_selector("#nb-sql-stop", state="visible")
    assert tab.evaluate("1 + 1") == 2                        # the page answers while the worker works
    tab.wait_for_timeout(1000)
    tab.click("#nb-sql-stop")
    run(tab, base)
    assert "已停止" in error(tab)
    run(tab, base, "SELECT 42 AS answer")                    # a new worker takes the next query
    assert error(tab) == "" and result(tab) == (["answer"], [["42"]])
    assert tab.external == [] and tab.problems == []


def test_a_database_that_is_not_gzipped_is_read_over_http(site, base, serve, tab):
    """``sql_database_url`` may name a plain DuckDB file on another store (read by range requests
    where the server answers them; this one does not, so whole): the same answers."""
    import gzip
    raw = site.path / "data" / "plain-test.duckdb"
    raw.write_bytes(gzip.decompress((site.path / sql.DATABASE).read_bytes()))
    try:
        tab.goto(f"{base}sql/")
        tab.evaluate("document.getElementById('nb-sql').dataset.db = '../data/plain-test.duckdb'")
        before = len(serve.sent(base))
        tab.fill("#nb-sql-input", "SELECT count(*) AS n FROM reports")
        tab.click("#nb-sql-run")
        run(tab, base)
        assert error(tab) == "" and result(tab) == (["n"], [[str(len(site.reports))]])
        sent = serve.sent(base)[before:]
        assert "/data/plain-test.duckdb" in sent and "/" + sql.DATABASE not in sent, sent
    finally:
        raw.unlink()
