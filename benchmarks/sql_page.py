"""The SQL page (数据查询) at scale: what its first query and the next ones transfer and take, in Chromium.

    python benchmarks/sql_page.py PACKAGE_DIR... [--site SITE] [--out docs/benchmarks-site.md | -]

Each PACKAGE_DIR is a built data package (``nianbao build CORPUS --out DIR``, e.g. of
``python -m nianbao.synth N``). The page is the real one of a built site (``--site``; by default the
bundled corpus's site is built into a temporary folder); for each package its database file is made
by ``nianbao.site.sql.write_database``, exactly as the site build makes it, and put in place of the
site's. The server answers range requests, as GitHub Pages does, and counts the bytes it sends per
file (uncompressed; the sizes a gzipping server would send are given beside). Every package is
measured in a fresh browser (cold cache). For comparison, the size of the same tables as a SQLite
file is given: what sql.js would have to download whole before its first query.

The figures replace the section between SECTION markers in the output file; nothing else is touched.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
from nianbao.site import sql  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
START, END = "<!-- sql-page benchmark: start -->", "<!-- sql-page benchmark: end -->"
ENGINE = ("assets/sql/vendor/duckdb-eh.wasm.gz", "assets/sql/vendor/duckdb-browser-eh.worker.js.gz",
          "assets/sql/vendor/duckdb-browser.mjs", "assets/sql/vendor/Arrow.esnext.min.js",
          "assets/sql/sql.js", "assets/sql/arrow-shim.mjs", "assets/sql/sql.css")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges (206), counting the body bytes sent per path."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        rng = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if not rng or not os.path.isfile(path):
            f = super().send_head()
            if f is not None and self.command == "GET":
                self._count(os.fstat(f.fileno()).st_size)
            return f
        size = os.path.getsize(path)
        first, last = int(rng[1]), min(int(rng[2]) if rng[2] else size - 1, size - 1)
        f = open(path, "rb")
        f.seek(first)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.command == "GET":
            self._count(last - first + 1)
            self.wfile.write(f.read(last - first + 1))
        f.close()
        return None

    def _count(self, n: int) -> None:
        key = self.path.split("?")[0].lstrip("/")
        self.server.sent[key] = self.server.sent.get(key, 0) + n
        self.server.requests[key] = self.server.requests.get(key, 0) + 1


def serve(folder: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RangeHandler, directory=str(folder)))
    httpd.sent, httpd.requests = {}, {}
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def queries(root: Path) -> list[tuple[str, str]]:
    """What a user runs after the first query: two national examples (from summary), one township's
    table 三 through a join (one in the middle of the table: not already read), a scan of the long tables."""
    import pyarrow.parquet as pq
    reports = pq.read_table(root / "build" / "reports.parquet", columns=["township"]).column(0)
    examples = dict(sql.EXAMPLES)
    township = examples["一个乡镇的表三"].replace("曹坊镇", reports[len(reports) // 2].as_py().replace("'", "''"))
    return [(label, examples[label]) for label in ("各省予以公开比例", "行政复议最多的县")] + [
        ("one township's table 三 (join)", township), ("空值与 0 (scans 3 long tables)", examples["空值与 0"])]


def sqlite_size(root: Path, descriptor: dict, dest: Path) -> int:
    """The same tables as one SQLite file (what sql.js would download whole)."""
    import pyarrow.parquet as pq
    dest.unlink(missing_ok=True)
    con = sqlite3.connect(dest)
    for name, res in sql.tables(descriptor):
        t = pq.read_table(root / res["path"])
        cols = ", ".join(f'"{c}"' for c in t.column_names)
        con.execute(f'CREATE TABLE "{name}" ({cols})')
        for batch in t.to_batches(50_000):
            rows = zip(*(c.to_pylist() for c in batch.columns))
            con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * t.num_columns)})', rows)
        con.commit()
    con.execute("VACUUM")
    con.close()
    return dest.stat().st_size


def wait_done(page) -> None:
    page.wait_for_function("!document.getElementById('nb-sql-run').disabled"
                           " && (document.querySelector('#nb-sql-result table')"
                           " || !document.getElementById('nb-sql-error').hidden)", timeout=600_000)
    if page.is_visible("#nb-sql-error"):
        raise SystemExit(f"query failed: {page.inner_text('#nb-sql-error')}")


def measure(site: Path, root: Path, work: Path) -> dict:
    from playwright.sync_api import sync_playwright
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    db = site / sql.DATABASE
    start = time.perf_counter()
    counts = sql.write_database(root, descriptor, db)
    out = {"reports": counts["reports"], "db_seconds": time.perf_counter() - start, "db_mb": db.stat().st_size / 1e6,
           "parquet_mb": sum((root / r["path"]).stat().st_size for _, r in sql.tables(descriptor)) / 1e6,
           "sqlite_mb": sqlite_size(root, descriptor, work / "tables.sqlite") / 1e6, "queries": []}
    httpd, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context().new_page()
            t0 = time.perf_counter()
            page.goto(f"{base}sql/?sql={quote(sql.FIRST_QUERY)}")
            wait_done(page)
            out["first_seconds"] = time.perf_counter() - t0
            out["first_result"] = page.inner_text("#nb-sql-result td")
            sent = dict(httpd.sent)
            out["engine_mb"] = sum(sent.get(f, 0) for f in ENGINE) / 1e6
            out["engine_gzip_mb"] = sum(len(gzip.compress((site / f).read_bytes(), 6)) for f in ENGINE) / 1e6
            out["first_db_kb"] = sent.get(sql.DATABASE, 0) / 1e3
            out["first_total_mb"] = sum(sent.values()) / 1e6
            for label, q in queries(root):
                before, n_before = httpd.sent.get(sql.DATABASE, 0), httpd.requests.get(sql.DATABASE, 0)
                t0 = time.perf_counter()
                page.fill("#nb-sql-input", q)
                page.click("#nb-sql-run")
                wait_done(page)
                out["queries"].append({"label": label, "seconds": time.perf_counter() - t0,
                                       "db_kb": (httpd.sent.get(sql.DATABASE, 0) - before) / 1e3,
                                       "requests": httpd.requests.get(sql.DATABASE, 0) - n_before,
                                       "status": page.inner_text("#nb-sql-status")})
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


def markdown(results: list[dict]) -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [START, "", f"Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
             f"{mem:.0f} GiB, Chromium headless, local server with range requests, cold cache, with "
             "`python benchmarks/sql_page.py`. Sizes are what the server sent, uncompressed.", "",
             "| reports | Parquet tables | database file (build time) | SQLite file (sql.js) | first query: time "
             "| engine sent (gzip) | database sent | " + " | ".join(q["label"] for q in results[0]["queries"]) + " |",
             "|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(results[0]["queries"])]
    for r in results:
        cells = [f"{q['seconds']:.1f} s, {q['db_kb']:,.0f} KB" for q in r["queries"]]
        lines.append(f"| {r['reports']:,} | {r['parquet_mb']:.1f} MB | {r['db_mb']:.1f} MB ({r['db_seconds']:.0f} s) "
                     f"| {r['sqlite_mb']:.1f} MB | {r['first_seconds']:.1f} s | {r['engine_mb']:.1f} MB "
                     f"({r['engine_gzip_mb']:.1f} MB) | {r['first_db_kb']:,.0f} KB | " + " | ".join(cells) + " |")
    lines += ["", "Later queries run one after the other in the page already loaded: their time, and the bytes of the "
              "database file they read (blocks read by an earlier query are not read again: 0 KB).",
              "", END]
    return "\n".join(lines)


def write(text: str, out: Path) -> None:
    doc = out.read_text(encoding="utf-8")
    if START in doc and END in doc:
        doc = doc[:doc.index(START)] + text + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    out.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("packages", nargs="+", type=Path)
    parser.add_argument("--site", type=Path, help="a built site (default: the bundled corpus's, built now)")
    parser.add_argument("--out", default=str(REPO / "docs" / "benchmarks-site.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = work / "site"
        if args.site:
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("reports", "regions", "pagefind"))
        else:
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d",
                            str(site)], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        results = []
        for root in args.packages:
            r = measure(site, root.resolve(), work)
            print(json.dumps(r, ensure_ascii=False), flush=True)
            results.append(r)
    text = markdown(results)
    if args.out == "-":
        print(text)
    else:
        write(text, Path(args.out))


if __name__ == "__main__":
    main()
