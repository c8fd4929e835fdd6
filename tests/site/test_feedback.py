"""报告错误 links (nianbao.site.feedback) and the links into the SQL page (nianbao.site.sql), without a browser."""

from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb
import pyarrow.parquet as pq
import yaml

from nianbao.site import feedback, sql

from .conftest import REPO

# 城月镇 2020 (a prose-only report): 上年结转政府信息公开申请数量 1, total column (tests/truth/004_…json)
CHENGYUE = json.loads((REPO / "tests" / "truth" / "004_f375f0e851984426.json").read_text(encoding="utf-8"))
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "data-error.yml"


def test_an_issue_link_for_one_number(site):
    report = site.report("004_f375f0e851984426.txt")
    rid = report["report_id"]
    value = CHENGYUE["applications"]["carried_over"][-1]
    assert value == 1
    cell = next(c for c in site_cells(site, rid) if (c["row"], c["applicant"]) == ("carried_over", "total"))
    page = f"https://example.org/nianbao/reports/{rid}/"
    url = feedback.issue_url("example/nianbao", rid, "applications", "carried_over", "total", value,
                             cell["source_line"], page)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/example/nianbao/issues/new")
    q = {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}
    assert q["template"] == "data-error.yml"
    assert {k: q[k] for k in ("report_id", "table", "row", "column", "published_value", "source_line", "page_url")} == {
        "report_id": rid, "table": "applications", "row": "carried_over", "column": "total",
        "published_value": "1", "source_line": str(cell["source_line"]), "page_url": page}
    assert q["title"] == f"数据错误：{rid} applications/carried_over/total"
    assert f"页面 page: {page}" in q["body"] and "原文中印的值" in q["body"]
    assert " " not in url and "/" not in parts.query and "数" not in url   # percent-encoded, UTF-8
    assert "%E6%95%B0%E6%8D%AE%E9%94%99%E8%AF%AF" in url                  # 数据错误


def site_cells(site, rid: str) -> list[dict]:
    t = pq.read_table(site.root / "build" / "applications.parquet").to_pylist()
    return [r for r in t if r["report_id"] == rid]


def test_the_form_has_a_field_for_every_prefilled_parameter():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    ids = {b.get("id") for b in form["body"]}
    assert {k for k, _ in feedback.FIELDS} <= ids
    assert "original_value" in ids       # what the reporter sees in the original, required
    assert next(b for b in form["body"] if b.get("id") == "original_value")["validations"]["required"] is True


def test_issue_links_are_bounded_and_need_a_repository():
    url = feedback.issue_url("example/nianbao", "r" * 300, "t" * 300, "行" * 5000, "c", "=HYPERLINK(1)", 10**12,
                             "https://example.org/" + "p" * 10000)
    assert len(url) <= feedback.MAX_URL
    q = parse_qs(urlsplit(url).query)
    assert q["row"][0].endswith("…") and q["published_value"] == ["=HYPERLINK(1)"]
    assert feedback.issue_url("", "x") is None
    assert feedback.issue_url("not a repo", "x") is None
    assert feedback.issue_url("https://github.com/example/nianbao", "x").startswith(
        "https://github.com/example/nianbao/issues/new?")
    blank = parse_qs(urlsplit(feedback.issue_url("a/b", "x", "applications", "granted", "total", None)).query)
    assert blank["published_value"] == ["空值（原文未印出）"]    # a null is not reported as 0


def test_sql_links_quote_names(site):
    q = sql.county_query("福建省", None, "宁化县")
    assert "r.prefecture IS NOT DISTINCT FROM NULL" in q and "'宁化县'" in q
    assert "'O''Brien'" in sql.report_query("O'Brien")
    url = sql.sql_url(q, "../../")
    assert url.startswith("../../sql/?sql=") and unquote(url.split("?sql=", 1)[1]) == q
    assert "\n" not in url and " " not in url and "&" not in url.split("?sql=", 1)[1]


def test_the_database_holds_every_table_as_published(site, tmp_path):
    unpacked = tmp_path / "nianbao.duckdb"          # the site stores it gzipped
    unpacked.write_bytes(gzip.decompress((site.path / sql.DATABASE).read_bytes()))
    con = duckdb.connect(str(unpacked), read_only=True)
    names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    published = {r["name"] for r in json.loads((site.root / "datapackage.json").read_text(encoding="utf-8"))["resources"]
                 if r["format"] == "parquet"}
    assert names == {n.removesuffix("-parquet") for n in published}
    assert {"reports", "proactive", "applications", "review_litigation", "findings", "summary", "errors"} <= names
    for name in names:
        published = pq.read_table(site.root / "build" / f"{name}.parquet")
        got = con.execute(f'SELECT * FROM "{name}"').fetch_arrow_table()
        assert got.column_names == published.column_names, name
        assert got.num_rows == published.num_rows, name
        assert got.to_pylist() == published.to_pylist(), name   # same values, null kept null
