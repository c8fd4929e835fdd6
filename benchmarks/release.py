"""What the release files cost at scale, on synthetic reports (see nianbao.synth).

    python benchmarks/release.py 10000 [--work DIR]

Builds N synthetic reports, then times, each in its own process (wall seconds, peak RSS): the
workbook, the Excel CSVs, the read-back check of ``nianbao release``, a ``nianbao diff`` against a
copy with 1 % of table 三's values changed, and the bundle; with the sizes of what they write.
Prints a Markdown table. Numbers, not assertions: the tests check correctness, this measures.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from run import corpus, run   # beside this file

STEPS = {
    "workbook": "from nianbao.release import workbook as w; import json; "
                "w.write(B, T(), json.loads((B.parent / 'datapackage.json').read_text()))",
    "excel CSVs": "from nianbao.release import excel_csv as e; e.write(B, T())",
    "check (release)": "from nianbao.release import verify; p = verify.check(B); assert not p, p[:3]",
    "diff": "from nianbao.release import diff; c = diff.compare(B.parent, Path(sys.argv[2])); print(c.counts())",
}
PRELUDE = ("import sys; from pathlib import Path; import pyarrow.parquet as pq; from nianbao.tables import RESOURCES; "
           "B = Path(sys.argv[1]); T = lambda: {n: pq.read_table(B / f'{n}.parquet') for n in RESOURCES}; ")


def changed_copy(root: Path, dest: Path) -> Path:
    """The package with every 100th value of table 三 plus one."""
    shutil.copytree(root / "build", dest / "build")
    path = dest / "build" / "applications.parquet"
    t = pq.read_table(path)
    every = pa.array([i % 100 == 0 for i in range(t.num_rows)])
    value = pc.if_else(every, pc.add(t["value"], 1), t["value"])
    pq.write_table(t.set_column(t.schema.get_field_index("value"), "value", value), path)
    return dest


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "nianbao-bench")
    args = parser.parse_args()
    folder = corpus(args.work, args.n)
    root = folder / "pkg"
    seconds, peak = run([sys.executable, "-m", "nianbao.cli", "build", str(folder / "corpus"), "--out", str(root)])
    rows = [("build (all stages, workbook included)", seconds, peak, size(root / "build"))]
    other = changed_copy(root, args.work / f"changed-{args.n}")
    for name, code in STEPS.items():
        seconds, peak = run([sys.executable, "-c", PRELUDE + code, str(root / "build"), str(other)])
        made = {"workbook": root / "build" / "nianbao.xlsx", "excel CSVs": root / "build" / "excel"}.get(name)
        rows.append((name, seconds, peak, size(made) if made else 0))
    counts = pq.read_metadata(root / "build" / "applications.parquet").num_rows
    print(f"{args.n:,} reports, table 三: {counts:,} rows\n")
    print("| step | seconds | peak MB | writes MB |\n|---|---:|---:|---:|")
    for name, seconds, peak, written in rows:
        print(f"| {name} | {seconds:.1f} | {peak:,} | {written / 2**20:.1f} |")
    shutil.rmtree(other, ignore_errors=True)


if __name__ == "__main__":
    main()
