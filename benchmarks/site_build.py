"""Site benchmarks at national scale: build time against the engine's own floor, bytes per report by
part (the budget of a GitHub Pages site), and what one search really transfers (in Chromium).

    python benchmarks/site_build.py 1000 10000 40000           # writes docs/benchmarks-site.md
    python benchmarks/site_build.py 2000 --work /tmp/x --out -  # print only
    python benchmarks/site_build.py 40000 --deploy              # also push the site to a local bare repo
    python benchmarks/site_build.py 40000 --no-floor            # without the engine's floor (long at 40,000)

Each size N: N synthetic reports (``nianbao.synth``, seed 2026) built with ``nianbao build`` into
WORK/site-N (kept for the next run); then, in the same run, (1) the floor: MkDocs + Material
rendering N one-line pages outside the navigation, and (2) the site: ``nianbao site build`` with the
national settings (``archive_url`` and ``downloads_url`` set: the originals' files and the data
package are published elsewhere, not on the Pages site). benchmarks/run.py runs it for its
``--site`` sizes. Numbers, not assertions. The analysis written below the results in
docs/benchmarks-site.md (after ``KEEP``) is kept when they are rewritten.
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
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
TERMS = ("行政复议", "予以公开")
KEEP = "<!-- measured results end here; what follows is written by hand and kept on rewrite -->"
NATIONAL = {"archive_url": "https://archive.example.org/originals/{sha256}{ext}",
            "downloads_url": "https://archive.example.org/releases/latest/{name}"}
PARTS = ("report pages", "originals", "regions", "lists", "search", "assets", "other")


def run(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of a command; its output's
    last line is kept in ``run.said``."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *cmd], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    user, system, peak_kb = proc.stderr.strip().splitlines()[-1].split()
    run.said = (proc.stdout.strip().splitlines() or [""])[-1]
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


def floor(work: Path, n: int) -> dict:
    """The engine's floor: MkDocs + Material (the site's theme settings) rendering ``n`` one-line
    pages outside the navigation."""
    folder = work / f"floor-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    for i in range(n):
        page = docs / "p" / str(i) / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {i}\n\n一行。\n", encoding="utf-8")
    (docs / "index.md").write_text("# floor\n", encoding="utf-8")
    config = {"site_name": "floor", "theme": {"name": "material", "language": "zh", "font": False},
              "plugins": [], "nav": [{"首页": "index.md"}], "not_in_nav": "/p/\n"}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    wall, cpu, peak = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"),
                           "-d", str(folder / "site")])
    shutil.rmtree(folder, ignore_errors=True)
    return {"floor_seconds": wall, "floor_cpu_seconds": cpu}


def national_config(work: Path) -> Path:
    """The repository's mkdocs.yml with the national settings (bulky files off the site)."""
    from nianbao.site.config import read_yaml
    config = read_yaml(REPO / "mkdocs.yml")
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config.setdefault("extra", {})["nianbao"] = NATIONAL
    path = work / "mkdocs-national.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(root: Path, out: Path, config: Path) -> dict:
    """``nianbao site build`` of the package at ``root`` into ``out``/site."""
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu, peak = run([sys.executable, "-m", "nianbao.cli", "site", "build", str(root), "--out", str(out),
                           "--config", str(config)])
    return {"seconds": wall, "cpu_seconds": cpu, "peak_mb": peak, "steps": run.said}


def part(rel: tuple[str, ...]) -> str:
    if rel[0] == "reports":
        if "original" in rel:
            return "originals"
        return "lists" if rel[1] in ("page", "index.html") else "report pages"
    if rel[0] in ("regions",):
        return "regions"
    if rel[0] in ("years", "findings"):
        return "lists"
    return {"pagefind": "search", "assets": "assets"}.get(rel[0], "other")


def sizes(site: Path, n: int) -> dict:
    """Bytes of the site by part (per report), files, the median and largest report page."""
    total, files, by_part, pages = 0, 0, dict.fromkeys(PARTS, 0), []
    largest = (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).parts
        size = path.stat().st_size
        total += size
        files += 1
        by_part[part(rel)] += size
        if part(rel) == "report pages":
            pages.append(size)
        largest = max(largest, (size, "/".join(rel)))
    pages.sort()
    return {"site_mb": total / 1e6, "files": files, "kb_per_report": total / n / 1024,
            "parts_kb": {k: v / n / 1024 for k, v in by_part.items()},
            "median_report_kb": statistics.median(pages) / 1024 if pages else 0,
            "largest_report_kb": pages[-1] / 1024 if pages else 0,
            "largest_file_kb": largest[0] / 1024, "largest_file": largest[1]}


def off_site(root: Path) -> dict:
    """What the national settings keep off the site: the originals' files and the data package."""
    corpus = sum(p.stat().st_size for p in (root / "corpus").rglob("*") if p.is_file())
    data = sum(p.stat().st_size for p in (root / "build").rglob("*") if p.is_file())
    return {"originals_mb": corpus / 1e6, "data_mb": data / 1e6}


def deploy(site: Path, work: Path) -> dict:
    """The limits check, then ``nianbao site deploy`` to a local bare repository."""
    from nianbao.site import limits
    problems, total = limits.check(site, 1000, 100)
    repo, remote = work / "deploy-work", work / "deploy-remote.git"
    for folder in (repo, remote):
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    start = time.perf_counter()
    if not problems:
        limits.deploy(site, str(remote), "gh-pages", "benchmark", repo, 1000, 100)
    seconds = time.perf_counter() - start
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(remote, ignore_errors=True)
    return {"deploy_check": problems or "passed", "deploy_seconds": seconds if not problems else None}


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
    the server sent (uncompressed), and the results."""
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
                page.fill("input.md-search__input", q)
                page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('结果')"
                                       " || document.querySelector('.md-search-result__meta').textContent.includes('没有')",
                                       timeout=60000)
                page.wait_for_load_state("networkidle")
                sent = [s for s in httpd.sent[before:] if s.startswith("/pagefind/") or s.endswith(".json")]
                size = sum((site / s.lstrip("/")).stat().st_size for s in sent if (site / s.lstrip("/")).is_file())
                out[q] = {"kb": size / 1024, "files": len(sent), "results": page.locator(".md-search-result__item").count()}
                ctx.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


def measure(root: Path, dest: Path, pages: int, deploy_too: bool = False, with_floor: bool = True) -> dict:
    """Build and measure the site of the package at ``root`` (into ``dest``), and the floor."""
    work = dest.parent
    result = {"pages": pages, **(floor(work, pages) if with_floor else {}), **build(root, dest, national_config(work))}
    site = dest / "site"
    result.update(sizes(site, pages))
    result.update(off_site(root))
    if deploy_too:
        result.update(deploy(site, work))
    found = searches(site, queries(root))
    result["searches"] = found
    result["search_kb"] = max((s["kb"] for s in found.values()), default=0)
    return result


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def markdown(results: list[dict], baseline: str = "") -> str:
    sizes_run = " ".join(str(r["pages"]) for r in results)
    lines = ["# 网站性能基准 / Site benchmarks", "",
             f"Measured {datetime.date.today().isoformat()} on {machine()}, with "
             f"`python benchmarks/site_build.py {sizes_run}` (synthetic reports from `nianbao.synth`, seed 2026; "
             "each size built with `nianbao build`, then `nianbao site build` with the national settings: "
             "`archive_url` and `downloads_url` set, so the originals' files and the data package are not on "
             "the Pages site). The floor is MkDocs + Material rendering the same number of one-line pages "
             "outside the navigation, in the same run. The machine was shared with other work: wall times "
             "are longer than the CPU times say.", "",
             "## Build time", "",
             "| reports | site build (wall) | (CPU) | floor (wall) | (CPU) | build / floor (wall) | peak memory |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        floor_ = (f"{r['floor_seconds']:.0f} s | {r['floor_cpu_seconds']:.0f} s | {r['seconds'] / r['floor_seconds']:.2f} × "
                  f"(CPU {r['cpu_seconds'] / r['floor_cpu_seconds']:.2f} ×)") if "floor_seconds" in r else "— | — | —"
        lines.append(f"| {r['pages']:,} | {r['seconds']:.0f} s | {r['cpu_seconds']:.0f} s | {floor_} | {r['peak_mb']:,} MB |")
    steps = [r for r in results if r.get("steps")]
    if steps:
        lines += ["", "Steps of `nianbao site build` (wall): " + "; ".join(f"{r['pages']:,}: {r['steps']}" for r in steps) + "."]
    lines += ["", "## Bytes per report (everything under site/, divided by the number of reports)", "",
              "| reports | site | per report | " + " | ".join(PARTS) + " | median report page | largest report page "
              "| largest file | files |",
              "|---:|---:|---:|" + "---:|" * len(PARTS) + "---:|---:|---:|---:|"]
    for r in results:
        parts = " | ".join(f"{r['parts_kb'][k]:.2f} KB" for k in PARTS)
        lines.append(f"| {r['pages']:,} | {r['site_mb']:,.0f} MB | **{r['kb_per_report']:.1f} KB** | {parts} "
                     f"| {r['median_report_kb']:.1f} KB | {r['largest_report_kb']:.1f} KB | {r['largest_file_kb']:.0f} KB "
                     f"| {r['files']:,} |")
    lines += ["", "Off the site (published as release assets or in another static store, linked from each page "
              "with its sha256):", "", "| reports | originals' files | data package (CSV + Parquet) |", "|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['pages']:,} | {r['originals_mb']:,.0f} MB | {r['data_mb']:,.0f} MB |")
    deployed = [r for r in results if "deploy_check" in r]
    if deployed:
        lines += ["", "Deploy (`nianbao site deploy` after the limits check, to a local bare repository):", ""]
        for r in deployed:
            took = f", pushed in {r['deploy_seconds']:.0f} s" if r.get("deploy_seconds") else ""
            lines.append(f"- {r['pages']:,} reports: {r['site_mb']:,.0f} MB, check {r['deploy_check']}{took}.")
    lines += ["", "## What one search transfers", "",
              "KB, uncompressed, counted by the server: Pagefind's script and wasm, the index's metadata, the index "
              "chunks of the query's words, the fragments of the results shown.", "",
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
    parser.add_argument("--json", type=Path, help="also write the raw numbers here (added to what it holds)")
    parser.add_argument("--deploy", action="store_true", help="also deploy the largest size to a local bare repo")
    parser.add_argument("--no-floor", action="store_true", help="do not measure the engine's floor (it takes long)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        root = package(args.work, n)
        r = measure(root, args.work / f"build-{n}", n, args.deploy and n == max(args.sizes), not args.no_floor)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.json:
        old = json.loads(args.json.read_text()) if args.json.is_file() else []
        kept = [r for r in old if r["pages"] not in {x["pages"] for x in results}]
        results = sorted(kept + results, key=lambda r: r["pages"])
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
