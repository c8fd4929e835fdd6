"""Benchmarks of the pipeline at national scale, on synthetic reports (see nianbao.synth).

    python benchmarks/run.py                      # 1,000 and 10,000 reports; site for 1,000 pages
    python benchmarks/run.py --sizes 10000 40000 --site 1000 10000
    (scripts/bench passes its arguments here)

Measures: ingest+extract+validate throughput on one core; full builds (a process per core) with
peak memory; a rebuild of the unchanged corpus; adding one report; the tables stage alone; the
site's build time, size, largest pages and what one search transfers (benchmarks/site_build.py).
Writes docs/benchmarks.md (data) and docs/benchmarks-site.md (site); what is written by hand below
the results (after site_build.KEEP) is kept.
Numbers, not assertions: the tests check correctness, this measures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import site_build   # beside this file: the site's benchmarks
from nianbao import synth
from nianbao.pipeline import extract_file
from nianbao.validate import validate

REPO = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a command."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return time.perf_counter() - start, peak_kb // 1024


def corpus(work: Path, n: int) -> Path:
    folder = work / f"synth-{n}"
    if not (folder / "corpus").is_dir() or len(list((folder / "corpus").iterdir())) != n:
        shutil.rmtree(folder, ignore_errors=True)
        synth.write(n, folder, seed=2026)
    return folder


def throughput(folder: Path, sample: int = 2000) -> float:
    files = sorted((folder / "corpus").iterdir())[:sample]
    extract_file(files[0], files[0].name, 1 << 30)  # load the gazetteer outside the timing
    start = time.perf_counter()
    for f in files:
        ex = extract_file(f, f.name, 1 << 30)
        if not isinstance(ex, dict):
            validate(ex)
    return len(files) / (time.perf_counter() - start)


def builds(folder: Path) -> dict:
    out_dir = folder / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    nianbao = [sys.executable, "-m", "nianbao.cli"]
    first, peak = run([*nianbao, "build", str(folder / "corpus"), "--out", str(out_dir)])
    again, _ = run([*nianbao, "build", str(folder / "corpus"), "--out", str(out_dir)])
    extra = folder / "corpus" / "zz_added.txt"
    extra.write_text(synth._report(10**6, __import__("random").Random(1), synth.Options())[1], encoding="utf-8")
    added, _ = run([*nianbao, "build", str(folder / "corpus"), "--out", str(out_dir)])
    extra.unlink()
    tables, tables_peak = run([*nianbao, "tables", str(out_dir / "extractions"), "--out", str(folder / "tables")])
    size = sum(p.stat().st_size for p in (out_dir / "build").iterdir())
    return {"first": first, "peak_mb": peak, "unchanged": again, "add_one": added, "tables": tables,
            "tables_peak_mb": tables_peak, "build_mb": size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--site", type=int, nargs="*", default=[1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/nianbao-bench"))
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
                          f"Python {platform.python_version()}",
               "date": datetime.date.today().isoformat(), "sizes": {}}
    for n in args.sizes:
        folder = corpus(args.work, n)
        r = {"per_core": throughput(folder), **builds(folder)}
        results["sizes"][n] = r
        print(n, json.dumps(r), flush=True)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    kept = old.split(site_build.KEEP, 1)[1] if site_build.KEEP in old else ""
    args.out.write_text(report(results) + "\n" + site_build.KEEP + kept, encoding="utf-8")
    print(f"wrote {args.out}")
    if args.site:
        pages = []
        for n in args.site:
            root = site_build.package(args.work, n)
            pages.append(site_build.measure(root, root / "site", n))
            print("site", json.dumps(pages[-1], ensure_ascii=False), flush=True)
        site_build.write(pages, str(args.out.parent / "benchmarks-site.md"))


def report(r: dict) -> str:
    lines = ["# 性能基准 / Benchmarks", "",
             f"Measured {r['date']} on {r['machine']} with `python benchmarks/run.py` "
             "(synthetic reports from `nianbao.synth`: both templates and legacy prose, tab, "
             "one-cell-per-line and '|' layouts, OCR noise, traditional script).", "",
             "## Data", "",
             "| reports | extract+validate per core | first build | peak memory | unchanged rebuild | "
             "add one report | tables stage alone | tables size |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, x in r["sizes"].items():
        lines.append(f"| {int(n):,} | {x['per_core']:.0f} reports/s | {x['first']:.0f} s | {x['peak_mb']:,} MB | "
                     f"{x['unchanged']:.0f} s ({x['unchanged'] / x['first']:.0%}) | {x['add_one']:.0f} s | "
                     f"{x['tables']:.0f} s ({x['tables_peak_mb']:,} MB) | {x['build_mb']:.0f} MB |")
    lines += ["", "The site's numbers (build time, size, pages, what one search transfers) are in "
              "[benchmarks-site.md](benchmarks-site.md)."]
    lines += ["", "Targets (issue 7): ≥ 300 reports/s per core; tables for 40,000 reports ≤ 60 s; "
              "site for 10,000 pages ≤ 5 min, linear in pages; one search ≤ 300 KB; a report page ≤ 100 KB.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
