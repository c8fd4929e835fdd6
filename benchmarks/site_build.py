"""Site benchmarks at national scale: build time and memory, size, the largest pages, and what one
search really transfers (measured in Chromium, counting the files the server sends).

    python benchmarks/site_build.py 1000 10000 40000        # writes docs/benchmarks-site.md
    python benchmarks/site_build.py 1000 --work /tmp/x --out -   # print only

Each size N: N synthetic reports (``nianbao.synth``, seed 2026) built with ``nianbao build`` into
WORK/site-N (kept for the next run), then ``NIANBAO_ROOT=... mkdocs build --strict``. benchmarks/run.py
runs it for its ``--site`` sizes. Numbers, not assertions: tests/site checks the bounds. The analysis
written below the results in docs/benchmarks-site.md (after ``KEEP``) is kept when they are rewritten.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
TERMS = ("行政复议", "予以公开")
KEEP = "<!-- measured results end here; what follows is written by hand and kept on rewrite -->"


def run(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of a command."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *cmd], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    user, system, peak_kb = proc.stderr.strip().splitlines()[-1].split()
    return time.perf_counter() - start, float(user) + float(system), int(peak_kb) // 1024


def package(work: Path, n: int) -> Path:
    """A data package of ``n`` synthetic reports (made once, then reused)."""
    from nianbao import synth
    folder = work / f"site-{n}"
    if (folder / "datapackage.json").is_file() and (folder / "n").is_file() and (folder / "n").read_text() == str(n):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    synth.write(n, folder, seed=2026)
    run([sys.executable, "-m", "nianbao.cli", "build", str(folder / "corpus"), "--out", str(folder)])
    (folder / "n").write_text(str(n))
    return folder


def build(root: Path, dest: Path) -> dict:
    """Build the site of the package at ``root`` into ``dest``."""
    shutil.rmtree(dest, ignore_errors=True)
    wall, cpu, peak = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"),
                           "-d", str(dest)], env={"NIANBAO_ROOT": str(root)})
    return {"seconds": wall, "cpu_seconds": cpu, "peak_mb": peak}


def sizes(site: Path) -> dict:
    """Files, size, the largest report page and the largest page of any kind, the search bundle."""
    html, total, report_pages, largest = 0, 0, [], (0, "")
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        size = p.stat().st_size
        total += size
        if p.suffix != ".html":
            continue
        html += 1
        rel = p.relative_to(site).as_posix()
        largest = max(largest, (size, rel))
        parts = rel.split("/")
        if parts[0] == "reports" and "original" not in parts and "page" not in parts and len(parts) > 2:
            report_pages.append((size, rel))
    bundle = site / "pagefind"
    meta = next(bundle.glob("*.pf_meta"), None)
    report_pages.sort()
    return {"html_files": html, "report_pages": len(report_pages), "site_mb": total / 2**20,
            "largest_report_kb": report_pages[-1][0] / 1024 if report_pages else 0,
            "largest_report": report_pages[-1][1] if report_pages else "",
            "median_report_kb": report_pages[len(report_pages) // 2][0] / 1024 if report_pages else 0,
            "largest_page_kb": largest[0] / 1024, "largest_page": largest[1],
            "search_mb": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 2**20,
            "search_documents": len(list((bundle / "fragment").iterdir())) if (bundle / "fragment").is_dir() else 0,
            "search_meta_kb": meta.stat().st_size / 1024 if meta else 0}


def queries(root: Path) -> list[str]:
    """A township of the package, its county, both typed together, and two of the format's terms."""
    import pyarrow.parquet as pq
    reports = pq.read_table(root / "build" / "reports.parquet", columns=["township", "county"]).to_pylist()
    r = next(r for r in reports if r["township"] and r["county"])
    return [r["township"], r["county"], r["county"] + r["township"], *TERMS]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        f = super().send_head()
        if f is not None:
            self.server.sent.append(self.path.split("?")[0])
        return f


def searches(site: Path, terms: list[str]) -> dict[str, dict]:
    """For each query, typed into the search box of a fresh browser: the bytes of the search files
    the server sent (uncompressed; a server that gzips JavaScript sends less), and the results."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not Path(CHROMIUM).exists():
        return {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    httpd.sent = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for q in terms:
                ctx = browser.new_context()
                page = ctx.new_page()
                page.goto(base)
                page.wait_for_load_state("networkidle")
                before = len(httpd.sent)
                start = time.perf_counter()
                page.fill("input.md-search__input", q)
                page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('结果')"
                                       " || document.querySelector('.md-search-result__meta').textContent.includes('没有')",
                                       timeout=60000)
                seconds = time.perf_counter() - start
                page.wait_for_load_state("networkidle")
                sent = [s for s in httpd.sent[before:] if s.startswith("/pagefind/")]
                size = sum((site / s.lstrip("/")).stat().st_size for s in sent)
                out[q] = {"kb": size / 1024, "files": len(sent), "seconds": seconds,
                          "results": page.locator(".md-search-result__item").count(),
                          "meta": page.inner_text(".md-search-result__meta")}
                ctx.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


def measure(root: Path, dest: Path, pages: int) -> dict:
    """Build and measure the site of the package at ``root``."""
    result = {"pages": pages, **build(root, dest), **sizes(dest)}
    found = searches(dest, queries(root))
    result["searches"] = found
    result["search_kb"] = max((s["kb"] for s in found.values()), default=0)
    return result


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def markdown(results: list[dict], baseline: str = "") -> str:
    lines = ["# 网站性能基准 / Site benchmarks", "",
             f"Measured {datetime.date.today().isoformat()} on {machine()}, with "
             f"`python benchmarks/site_build.py {' '.join(str(r['pages']) for r in results)}` "
             "(synthetic reports from `nianbao.synth`, seed 2026; each size built with `nianbao build`, then "
             "`NIANBAO_ROOT=… mkdocs build --strict`). Wall time is with other work on the machine; CPU time is "
             "the build's own.", "",
             "| reports | build (wall) | build (CPU) | peak memory | HTML files | site size | largest report page "
             "| median report page | largest page | search bundle | search documents | one search transfers (max) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['pages']:,} | {r['seconds']:.0f} s | {r['cpu_seconds']:.0f} s | {r['peak_mb']:,} MB "
                     f"| {r['html_files']:,} | {r['site_mb']:,.0f} MB | {r['largest_report_kb']:.0f} KB "
                     f"| {r['median_report_kb']:.0f} KB | {r['largest_page_kb']:.0f} KB | {r['search_mb']:.1f} MB "
                     f"| {r['search_documents']:,} | {r['search_kb']:.0f} KB |")
    lines += ["", "What one search transfers (KB, uncompressed, counted by the server: Pagefind's script and wasm, "
              "the index's metadata, the index chunks of the query's words, the fragments of the results shown):", "",
              "| reports | " + " | ".join(f"query {i + 1}" for i in range(5)) + " |", "|---:|---|---|---|---|---|"]
    for r in results:
        cells = [f"{q}: {s['kb']:.0f} KB, {s['results']} items" for q, s in r["searches"].items()]
        lines.append(f"| {r['pages']:,} | " + " | ".join(cells) + " |")
    lines += ["", KEEP]
    if baseline:
        lines += ["", baseline.strip()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--work", type=Path, default=Path("/tmp/nianbao-bench"))
    parser.add_argument("--out", default=str(REPO / "docs" / "benchmarks-site.md"))
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        root = package(args.work, n)
        r = measure(root, root / "site", n)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write(results, args.out)


def write(results: list[dict], out: str) -> None:
    """The results as Markdown to ``out`` ("-": print), keeping what was written below KEEP."""
    old = Path(out).read_text(encoding="utf-8") if out != "-" and Path(out).is_file() else ""
    text = markdown(results, old.split(KEEP, 1)[1] if KEEP in old else "")
    if out == "-":
        print(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
