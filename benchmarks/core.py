"""The build core's speed against its floor (issue 17).

    python benchmarks/core.py copies 2000     # 2,000 copies of the samples, one process (-j 1)
    python benchmarks/core.py synth 40000     # the tables stage and adding one report at national scale
    python benchmarks/core.py copies 2000 --rounds 3 --against ../old/src   # two codes, round by round

``copies``: the floor is what no build can beat — read every file, NFKC, OpenCC t2s, and one regular
expression scan of its lines — measured in the same run as ``nianbao build -j 1``, then adding one
report, then building again with nothing changed (what any rebuild costs before it reads a
report: the floor under adding one), as shares of the first build. ``synth``: on N synthetic
reports (built once, kept under --work), the tables stage alone from the extraction files
(``nianbao tables``, cold), and adding one report to the built corpus. Prints JSON (docs/benchmarks.md records the runs, with their conditions).
Numbers, not assertions: the tests check correctness, this measures.

This machine's speed drifts by 10-30 % within minutes, more than most changes: compare codes with
``--against`` (another checkout's ``src/``, e.g. a ``git worktree`` of the commit before), which runs
the two in turn, round after round, on the same files, and prints each run and then the medians.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NIANBAO = [sys.executable, "-m", "nianbao.cli"]
# the commands' environment: PYTHONPATH names the code measured; its bytecode is cached, as an
# installed package's is (a sandbox's PYTHONDONTWRITEBYTECODE made every command compile 70 modules: 0.1 s)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LINE = re.compile(r"^\s*(\S+)\s+(\d+)")


CPU: dict[str, float] = {}   # the last command's user and system CPU seconds (its workers' included)


def timed(cmd: list[str]) -> float:
    """The command's wall time; its CPU time in CPU (system time is where a slow file system shows).
    What earlier commands wrote is put on disk first: a national build writes 0.9-2.7 GB, and the
    next command's writes would wait for this machine's disk to take them (an add-one of 9 s took
    16-20 s right after the cold tables stage, with the same CPU time)."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.update(user=after.ru_utime - before.ru_utime, sys=after.ru_stime - before.ru_stime)
    return wall


def floor(corpus: Path) -> float:
    """Files per second of the least any reading does: bytes -> text, NFKC, t2s, a line scan."""
    import opencc
    t2s = opencc.OpenCC("t2s")
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    start = time.perf_counter()
    for p in files:
        text = t2s.convert(unicodedata.normalize("NFKC", p.read_bytes().decode("utf-8", "replace")))
        sum(1 for line in text.split("\n") if LINE.match(line))
    return len(files) / (time.perf_counter() - start)


def clear(old: list[Path]) -> None:
    """Delete an earlier run's folders, then let the file system settle before anything is timed:
    for a minute after thousands of files are deleted (six when their inode table is not yet on
    disk), ext4 makes each new file scan the inodes freed lately (recently_deleted in a kernel
    profile): 0.3-1.1 ms to create a file against 0.05 ms, which made the same first build of the
    copies take 4.1 s or 6.9 s."""
    if not old:
        return
    for folder in old:
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    time.sleep(61)


def copies(n: int, work: Path) -> dict:
    clear([p for p in work.glob(f"copies-{n}*") if p.is_dir()])
    folder = work / f"copies-{n}"
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    samples = sorted((REPO / "corpus").glob("*.txt"))
    for i in range(n):
        src = samples[i % len(samples)]
        shutil.copy(src, corpus / f"{i:05d}_{src.name}")
    os.sync()       # the copies written out before anything is timed
    per_second = floor(corpus)
    first = timed([*NIANBAO, "build", str(corpus), "--out", str(folder / "out"), "-j", "1"])
    first_cpu = dict(CPU)
    (corpus / "zz_one_more.txt").write_text(samples[2].read_text(encoding="utf-8").replace("望远镇", "闽宁镇"),
                                            encoding="utf-8")
    added = timed([*NIANBAO, "build", str(corpus), "--out", str(folder / "out"), "-j", "1"])
    added_cpu = dict(CPU)
    # nothing changed: starting, importing, listing the corpus and finding every output as it was made,
    # what any rebuild costs before it reads a report
    unchanged = timed([*NIANBAO, "build", str(corpus), "--out", str(folder / "out"), "-j", "1"])
    build_rate = n / first
    return {"reports": n, "floor_per_s": round(per_second), "build_per_s": round(build_rate, 1),
            "share_of_floor": round(build_rate / per_second, 3), "first_s": round(first, 1),
            "first_user_s": round(first_cpu["user"], 1), "first_sys_s": round(first_cpu["sys"], 1),
            "add_one_s": round(added, 2), "add_one_share": round(added / first, 3),
            "add_one_user_s": round(added_cpu["user"], 2), "add_one_sys_s": round(added_cpu["sys"], 2),
            "unchanged_s": round(unchanged, 2), "unchanged_share": round(unchanged / first, 3)}


def synthetic(n: int, work: Path) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from nianbao import synth
    folder = work / f"synth-{n}"
    if not (folder / "corpus").is_dir() or len(list((folder / "corpus").iterdir())) != n:
        shutil.rmtree(folder, ignore_errors=True)
        synth.write(n, folder, seed=2026)
    out = folder / "out"
    if not (out / "datapackage.json").exists():
        timed([*NIANBAO, "build", str(folder / "corpus"), "--out", str(out)])
    timed([*NIANBAO, "build", str(folder / "corpus"), "--out", str(out)])   # caches made by this code
    clear([p for p in folder.glob("tables*") if p.is_dir()])
    tables = timed([*NIANBAO, "tables", str(out / "extractions"), "--out", str(folder / "tables")])
    tables_cpu = dict(CPU)
    extra = folder / "corpus" / "zz_added.txt"
    extra.write_text(synth._report(10**6, __import__("random").Random(1), synth.Options())[1], encoding="utf-8")
    try:
        added = timed([*NIANBAO, "build", str(folder / "corpus"), "--out", str(out)])
        added_cpu = dict(CPU)
    finally:
        extra.unlink()
        timed([*NIANBAO, "build", str(folder / "corpus"), "--out", str(out)])
    unchanged = timed([*NIANBAO, "build", str(folder / "corpus"), "--out", str(out)])
    return {"reports": n, "tables_s": round(tables, 1), "tables_user_s": round(tables_cpu["user"], 1),
            "tables_sys_s": round(tables_cpu["sys"], 1), "add_one_s": round(added, 1),
            "add_one_user_s": round(added_cpu["user"], 1), "add_one_sys_s": round(added_cpu["sys"], 1),
            "unchanged_s": round(unchanged, 1)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("kind", choices=("copies", "synth"))
    p.add_argument("n", type=int)
    p.add_argument("--work", type=Path, default=Path("/tmp/nianbao-bench"))
    p.add_argument("--rounds", type=int, default=1, help="runs of each code, one after the other")
    p.add_argument("--against", type=Path, help="another checkout's src/ folder, run in turn with this one's")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    codes = {"this": REPO / "src", **({"against": args.against.resolve()} if args.against else {})}
    runs: dict[str, list[dict]] = {code: [] for code in codes}
    for src in codes.values():      # bytecode written before anything is timed (see ENV)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True, env=ENV)
    for _ in range(args.rounds):
        for code, src in codes.items():
            ENV["PYTHONPATH"] = str(src)
            result = (copies if args.kind == "copies" else synthetic)(args.n, args.work)
            result.update(kind=args.kind, code=code, src=str(src), date=datetime.date.today().isoformat(),
                          cores=os.cpu_count(), load=round(os.getloadavg()[0], 1))
            runs[code].append(result)
            print(json.dumps(result), flush=True)
    if args.rounds > 1 or args.against:
        for code, results in runs.items():
            numbers = [k for k, v in results[0].items() if isinstance(v, (int, float)) and k not in ("cores", "load")]
            print(json.dumps({"median": code, **{k: round(statistics.median(r[k] for r in results), 3) for k in numbers}}))


if __name__ == "__main__":
    main()
