"""`nianbao harvest` against a portal served on 127.0.0.1 by this test (tests/harvest_portal.py).

The portal (tests/harvest_fixtures/ and the sample reports rendered into its pages): a report
page in UTF-8 with a metadata block, one in GBK behind a wrong ISO-8859-1 header, one in Big5
with no declaration at all (and a 429 first), one behind a redirect that answers 500 once, an
article page whose report is a PDF attachment (the PDF printed by LibreOffice), an index with two
list pages, a 404, a page slower than the timeout, a page larger than the size limit, and a
robots.txt that disallows /private/. The harvest must archive exactly the reports, with the
manifest's evidence; a second run must fetch nothing new; and `nianbao build` on the harvested
corpus must give the tables of the served files themselves, which are the sample reports' truth.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from nianbao import cli, pipeline
from nianbao.harvest import archive, listing, page, politeness
from nianbao.settings import Settings

from .conftest import read_csv
from .harvest_portal import (FINAL, FIXTURES, LAST_MODIFIED, REPORT_PAGES, STEMS, Portal, Route, article, routes,
                             serve)
from .test_formats import truth_cells

FAST = ["--delay", "0", "--timeout", "2", "--retries", "2", "--backoff", "0.05", "--max-bytes", str(2 * 2**20),
        "--concurrency", "4"]


@pytest.fixture(scope="module")
def served(rendered) -> dict[str, Route]:
    if not (rendered / "pdf" / f"{STEMS['003']}.pdf").exists():
        pytest.skip("LibreOffice is needed to print the attachment's PDF")
    return routes(rendered)


FAILING = {"/xxgk/missing.html": ("fetch", "HTTP 404"),
           "/xxgk/slow.html": ("fetch", "timed out (no answer within 2 s); gave up after 3 tries"),
           "/private/t20210101_9.html": ("robots", "disallows /private/"),
           "/xxgk/huge.html": ("fetch", "larger than the 2,097,152 bytes allowed")}


def url_list(path: Path, base: str) -> Path:
    rows = [["url", "township", "county", "year"], [base + REPORT_PAGES["000"], "曹坊镇", "宁化县", "2020"]]
    rows += [[base + p] for p in (REPORT_PAGES["002"], REPORT_PAGES["001"], REPORT_PAGES["004"],
                                  "/xxgk/2022/t20220110_003.html", *FAILING)]
    rows += [[base + REPORT_PAGES["000"]], ["ftp://example.org/report.pdf"]]   # listed twice; not http
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def snapshot(corpus: Path) -> dict[str, bytes]:
    return {p.relative_to(corpus).as_posix(): p.read_bytes() for p in sorted(corpus.rglob("*")) if p.is_file()}


@dataclass
class Runs:
    portal: Portal
    corpus: Path
    first: dict[str, bytes]
    second: dict[str, bytes]
    log1: list[dict]
    log2: list[dict]
    warc: Path

    @property
    def manifest(self) -> list[dict]:
        return read_csv(self.corpus / "manifest.csv")

    def row(self, key: str) -> dict:
        url = self.portal.base + REPORT_PAGES[key]
        return next(r for r in self.manifest if r["source_url"] == url)


@pytest.fixture(scope="module")
def runs(served, tmp_path_factory) -> Runs:
    tmp = tmp_path_factory.mktemp("harvest")
    portal = serve(served)
    try:
        urls = url_list(tmp / "urls.csv", portal.base)
        corpus = tmp / "corpus"
        assert cli.main(["harvest", str(urls), "--corpus", str(corpus), "--warc", str(tmp / "run1.warc.gz"), *FAST]) == 0
        first, log1 = snapshot(corpus), list(portal.log)
        portal.log.clear()
        assert cli.main(["harvest", str(urls), "--corpus", str(corpus), *FAST]) == 0
        return Runs(portal, corpus, first, snapshot(corpus), log1, list(portal.log), tmp / "run1.warc.gz")
    finally:
        portal.shutdown()


def served_bytes(served: dict[str, Route], key: str) -> bytes:
    return served[FINAL.get(key, REPORT_PAGES[key])].body


# --- the first run: the corpus and its manifest -----------------------------------------------

def test_archives_each_report_with_its_evidence(runs, served):
    base, rows = runs.portal.base, runs.manifest
    link_page = base + "/xxgk/2022/t20220110_003.html"
    assert {r["source_url"] for r in rows} == {base + p for p in REPORT_PAGES.values()} | {link_page}
    today = datetime.now(timezone.utc).date().isoformat()
    for key in REPORT_PAGES:
        row = runs.row(key)
        data = (runs.corpus / row["file"]).read_bytes()
        assert data == served_bytes(served, key), key           # the original bytes, as served
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["file"].startswith(f"127.0.0.1_{runs.portal.server_port}/")
        assert len(row["file"].encode()) <= 120 and set(row["file"]) <= set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
        assert (row["retrieved_on"], row["http_status"], row["version_of"]) == (today, "200", "")
    r = runs.row("000")
    assert (r["township"], r["county"], r["year"]) == ("曹坊镇", "宁化县", "2020")   # hints from the URL list
    assert (r["publisher"], r["published_date"], r["index_number"]) == (
        "宁化县曹坊镇人民政府", "2021-01-19", "11350424003711279T/2021-00012")
    assert r["page_title"].startswith("曹坊镇 2020 年政府信息公开工作年度报告")
    assert (r["encoding"], r["kind"], r["redirects"], r["last_modified"]) == ("utf-8", "page", "", LAST_MODIFIED)
    assert r["etag"].startswith('"') and r["content_type"] == "text/html; charset=utf-8"
    assert r["file"].endswith(".html")
    r = runs.row("002")   # GBK behind an ISO-8859-1 header: the page's <meta charset> wins
    assert (r["encoding"], r["published_date"], r["etag"], r["township"]) == ("gb18030", "2021-01-20", "", "")
    r = runs.row("001")   # redirected, then a 500 before the page
    assert r["final_url"] == base + FINAL["001"]
    assert r["redirects"] == f"{base}/old/shimen.html {base}{FINAL['001']}"
    assert (r["published_date"], r["publisher"]) == ("2021-03-01", "南召县石门乡人民政府")
    r = runs.row("004")   # Big5, declared nowhere
    assert (r["encoding"], r["publisher"], r["index_number"]) == ("cp950", "城月鎮人民政府", "007218457/2021-00003")
    r = runs.row("003")   # the PDF attachment carries its article page's evidence
    assert (r["kind"], r["page_url"], r["content_type"]) == ("attachment", link_page, "application/pdf")
    assert (r["link_text"], r["publisher"], r["published_date"], r["index_number"]) == (
        "张巷镇2021年政府信息公开工作年度报告.pdf", "张巷镇人民政府", "2022-01-10", "11360981014508627X/2022-00004")
    assert r["file"].endswith(".pdf") and r["page_title"].startswith("张巷镇2021年")
    page_row = next(r for r in rows if r["source_url"] == link_page)   # kept, out of the build's sight
    assert page_row["kind"] == "link_page" and page_row["file"].startswith(".pages/")
    assert (runs.corpus / page_row["file"]).read_bytes() == served["/xxgk/2022/t20220110_003.html"].body
    for chrome in ("/zwgk/guide.pdf", "/zwgk/apply.doc", "/download/contacts.xls"):
        assert not [e for e in runs.log1 if e["path"] == chrome], f"{chrome} is the site's, not the article's"


def test_failures_are_rows_and_the_fetching_is_polite(runs):
    base = runs.portal.base
    errors = read_csv(runs.corpus / "harvest_errors.csv")
    assert {e["url"] for e in errors} == {base + p for p in FAILING} | {"ftp://example.org/report.pdf"}
    for path, (stage, words) in FAILING.items():
        e = next(e for e in errors if e["url"] == base + path)
        assert e["stage"] == stage and words in e["reason"], e
    assert next(e for e in errors if e["url"].endswith("missing.html"))["http_status"] == "404"
    assert next(e for e in errors if e["url"].startswith("ftp:"))["stage"] == "input"
    log = runs.log1
    statuses = lambda path: [e["status"] for e in log if e["path"] == path]
    assert statuses(FINAL["001"]) == [500, 200]                      # retried after the 500
    tries = [e for e in log if e["path"] == REPORT_PAGES["004"]]
    assert [e["status"] for e in tries] == [429, 200] and tries[1]["time"] - tries[0]["time"] >= 0.95  # Retry-After: 1
    assert len(statuses("/xxgk/slow.html")) == 3                     # a try and two retries, each timed out
    assert statuses("/private/t20210101_9.html") == []               # robots.txt said no: never asked
    assert statuses("/robots.txt") == [200]                          # once per host and run
    assert len(statuses(REPORT_PAGES["000"])) == 1                   # listed twice, fetched once
    assert all(e["agent"].startswith("nianbao-harvest/") for e in log)
    assert runs.portal.most_in_flight == 1                           # one request at a time per host


def test_second_run_fetches_nothing_new(runs):
    assert runs.second == runs.first      # every file, manifest.csv and harvest_errors.csv byte for byte
    archived = {p for key, p in REPORT_PAGES.items()} | set(FINAL.values()) | {"/xxgk/2022/t20220110_003.html"}
    for e in runs.log2:
        if e["path"] in archived and e["path"] not in ("/old/shimen.html",):
            assert e["conditional"] and e["status"] == 304, e
    fresh = {e["path"] for e in runs.log2 if e.get("status") == 200}
    assert fresh <= {"/robots.txt", "/xxgk/huge.html"}, fresh      # only what is never archived


def test_warc_holds_every_exchange(runs):
    from warcio.archiveiterator import ArchiveIterator

    responses, requests = {}, 0
    with runs.warc.open("rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI")
                responses.setdefault(uri, []).append((record.http_headers.get_statuscode(),
                                                       hashlib.sha256(record.content_stream().read()).hexdigest()))
            requests += record.rec_type == "request"
    assert requests == sum(len(v) for v in responses.values())
    for row in runs.manifest:
        assert ("200", row["sha256"]) in responses[row["final_url"]], row["file"]
    assert responses[runs.portal.base + "/old/shimen.html"][0][0] == "301"
    assert [s for s, _ in responses[runs.portal.base + FINAL["001"]]] == ["500", "200"]


# --- the build reads the harvest as it reads the originals --------------------------------------

def _tables(root: Path) -> dict[str, list[tuple]]:
    return {name: sorted(tuple(r.values()) for r in read_csv(root / "build" / f"{name}.csv"))
            for name in ("applications", "proactive", "review_litigation")}


def test_build_on_the_harvest_gives_the_tables_of_the_originals(runs, served, tmp_path):
    originals = tmp_path / "originals"
    originals.mkdir()
    for key in REPORT_PAGES:
        (originals / f"{key}{'.pdf' if key == '003' else '.html'}").write_bytes(served_bytes(served, key))
    pipeline.build(Settings(corpus=originals, root=tmp_path / "a", workers=1))
    corpus = tmp_path / "corpus"
    shutil.copytree(runs.corpus, corpus)
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "b", workers=1))
    assert _tables(tmp_path / "a") == _tables(tmp_path / "b")
    assert read_csv(tmp_path / "b" / "build" / "errors.csv") == []      # the link page is not taken for a report
    reports = read_csv(tmp_path / "b" / "build" / "reports.csv")
    by_file = {r["file"]: r for r in runs.manifest}
    assert len(reports) == 5
    for report in reports:
        row = by_file[report["source_file"]]
        assert report["source_url"] == row["source_url"]
        key = next(k for k in REPORT_PAGES if runs.portal.base + REPORT_PAGES[k] == row["source_url"])
        assert _published(tmp_path / "b", report["report_id"]) == _truth(STEMS[key]), key


def _published(root: Path, report_id: str) -> dict[tuple, float]:
    """The numbers a package publishes for one report: {(table, row, column): value}."""
    out = {}
    for table, (row, col) in (("applications", ("row", "applicant")), ("proactive", ("category", "measure")),
                              ("review_litigation", ("proceeding", "outcome"))):
        for r in read_csv(root / "build" / f"{table}.csv"):
            if r["report_id"] == report_id and r["value"] != "":
                out[table, r[row], r[col]] = float(r["value"])
    return out


def _truth(stem: str) -> dict[tuple, float]:
    return {k: float(v) for k, v in truth_cells(stem).items() if v is not None}


# --- index pages, versions, refusals ------------------------------------------------------------

def test_index_pages_lead_to_the_year_s_reports(served, tmp_path):
    portal = serve({**served, "/xxgk/2021/t20210301_001.html": Route(served["/xxgk/2021/t20210301_001.html"].body)})
    try:
        assert cli.main(["harvest", "--index", portal.base + "/nbzl/index.html", "--year", "2020",
                         "--corpus", str(tmp_path), *FAST]) == 0
    finally:
        portal.shutdown()
    rows = read_csv(tmp_path / "manifest.csv")
    assert {r["source_url"] for r in rows} == {portal.base + REPORT_PAGES[k] for k in ("000", "001", "002", "004")}
    caofang = next(r for r in rows if r["source_url"].endswith("_000.html"))
    assert caofang["list_title"] == "曹坊镇2020年政府信息公开工作年度报告"   # the title attribute, not the cut words
    assert caofang["township"] == caofang["year"] == ""                   # no hints: an index gives none
    asked = [e["path"] for e in portal.log]
    assert asked.count("/nbzl/index.html") == asked.count("/nbzl/index_1.html") == 1
    for path in ("/xxgk/2021/t20210301_notice.html", "/xxgk/2022/t20220110_003.html",   # not a report; 2021
                 "/xxgk/2020/t20200115_019.html", "/nb/2019/", "/nb/2018/t1.html"):        # 2019; the site's chrome
        assert path not in asked
    assert read_csv(tmp_path / "harvest_errors.csv") == []


def test_a_changed_document_is_kept_beside_the_archived_one(tmp_path):
    route = Route("<html><head><title>甲镇2020年政府信息公开工作年度报告</title></head><body>第一版</body></html>".encode())
    portal = serve({"/nb/1.html": route})
    urls = tmp_path / "urls.txt"
    urls.write_text(portal.base + "/nb/1.html\n", encoding="utf-8")   # a bare list, one URL a line
    corpus = tmp_path / "corpus"
    try:
        for body in (route.body, route.body.replace("第一版".encode(), "第二版".encode()), None):
            if body:
                route.body = body
            assert cli.main(["harvest", str(urls), "--corpus", str(corpus), *FAST]) == 0
    finally:
        portal.shutdown()
    first, second = read_csv(corpus / "manifest.csv")
    assert (corpus / first["file"]).read_bytes().decode().count("第一版") == 1   # never overwritten
    assert second["file"] == first["file"][:-len(".html")] + ".v2.html"
    assert (corpus / second["file"]).read_bytes() == route.body
    assert second["version_of"] == first["file"] and first["version_of"] == ""
    asked = [(e["conditional"], e["status"]) for e in portal.log if e["path"] == "/nb/1.html"]
    assert asked == [(False, 200), (True, 200), (True, 304)]   # the third run asks for v2's validators


def test_a_host_without_a_readable_robots_txt_is_left_alone(tmp_path):
    portal = serve({"/robots.txt": Route(b"", "text/plain", first=[(503, {})] * 3), "/nb/1.html": Route(b"<html/>")})
    urls = tmp_path / "urls.csv"
    urls.write_text(f"url\n{portal.base}/nb/1.html\n", encoding="utf-8")
    try:
        assert cli.main(["harvest", str(urls), "--corpus", str(tmp_path / "c"), *FAST]) == 0
    finally:
        portal.shutdown()
    [error] = read_csv(tmp_path / "c" / "harvest_errors.csv")
    assert error["stage"] == "robots" and "robots.txt unreachable (HTTP 503" in error["reason"]
    assert [e["path"] for e in portal.log] == ["/robots.txt"] * 3


def test_a_long_retry_after_is_not_waited_for(tmp_path):
    portal = serve({"/nb/1.html": Route(b"<html/>", first=[(503, {"Retry-After": "3600"})])})
    urls = tmp_path / "urls.csv"
    urls.write_text(f"url\n{portal.base}/nb/1.html\n", encoding="utf-8")
    started = time.monotonic()
    try:
        cli.main(["harvest", str(urls), "--corpus", str(tmp_path / "c"), *FAST])
    finally:
        portal.shutdown()
    [error] = read_csv(tmp_path / "c" / "harvest_errors.csv")
    assert "asks to wait 3600 s" in error["reason"] and error["http_status"] == "503"
    assert time.monotonic() - started < 30


# --- the parts ------------------------------------------------------------------------------------

def test_attachments_come_from_the_article_only():
    link_page = page.read_page((FIXTURES / "link_page.html").read_bytes(), "text/html",
                               "http://www.jxfc.gov.cn/xxgk/2022/t20220110_003.html")
    assert [(a.url, a.text) for a in link_page.attachments] == [
        ("http://www.jxfc.gov.cn/uploads/download?fileid=P020220110_003", "张巷镇2021年政府信息公开工作年度报告.pdf")]
    assert link_page.links_only
    report = page.read_page(article(STEMS["000"], meta="", index_number="1", publisher="曹坊镇人民政府",
                                    date="2021-01-19").encode("gb18030"), "text/html", "http://x.gov.cn/a/1.html")
    assert report.attachments == [] and not report.links_only     # the sidebar's PDF and footer's XLS are chrome
    assert report.encoding == "gb18030" and report.title.startswith("曹坊镇 2020 年")


def test_file_names_are_bounded_safe_and_stable():
    long = "http://www.example.gov.cn/" + "政府信息公开/" * 40 + "附件 (1).PDF?id=7&t=" + "x" * 300
    name = archive.name_for(long, ".pdf")
    assert len(name.encode()) <= 120 and name == archive.name_for(long, ".pdf")
    assert name.startswith("www.example.gov.cn/") and name.endswith(".pdf")
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
    assert len(archive.versioned(name, 12).encode()) <= 120
    assert archive.name_for(long + "8", ".pdf") != name                   # the hash tells URLs apart
    assert archive.name_for("http://x.gov.cn/", ".html") == "x.gov.cn/index-" + \
        hashlib.sha1(b"http://x.gov.cn/").hexdigest()[:8] + ".html"


def test_the_gate_spaces_requests_to_one_host():
    gate, starts = politeness.HostGate(per_host=2), []
    began = time.monotonic()

    def request():
        with gate.slot("a.gov.cn", 0.2):
            starts.append(time.monotonic())

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # the i-th start comes no sooner than i delays after the first could (a busy machine only delays)
    assert all(t - began >= i * 0.2 - 0.01 for i, t in enumerate(sorted(starts))), starts


def test_no_page_text_becomes_a_spreadsheet_formula(tmp_path):
    store = archive.Archive(tmp_path)
    store.keep("http://x.gov.cn/1.html", b"<html/>", ".html", {"page_title": "=HYPERLINK(\"http://evil\")"})
    store.error("http://x.gov.cn/2.html", "fetch", "+1 HTTP 500")
    store.close()
    assert read_csv(tmp_path / "manifest.csv")[0]["page_title"].startswith("'=")
    assert read_csv(tmp_path / "harvest_errors.csv")[0]["reason"] == "'+1 HTTP 500"


@pytest.mark.parametrize("module", [page, politeness, archive, listing])
def test_docstring_examples(module):
    import doctest

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
