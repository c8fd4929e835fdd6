"""How well the metadata of the unseen real pages (tests/unseen) is read, per set and per field,
the organ included (tests/test_unseen_pages.py scores all fields but the organ's form).

    python benchmarks/unseen.py                      # this checkout's code
    python benchmarks/unseen.py --src ../other/src   # another checkout's, to compare

Builds tests/unseen/corpus with `nianbao build` in a temporary folder and compares build/reports.csv
with tests/unseen/truth; a page not published counts as wrong in every field.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNSEEN = ROOT / "tests" / "unseen"
FIELDS = ("organ", "township", "county", "prefecture", "province", "level", "year", "template")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", default=str(ROOT / "src"), help="the src/ folder of the code to run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(Path(args.src).resolve()))
        subprocess.run([sys.executable, "-m", "nianbao.cli", "build", str(UNSEEN / "corpus"), "--out", tmp],
                       env=env, check=False, capture_output=True)
        with open(Path(tmp) / "build" / "reports.csv", encoding="utf-8") as f:
            published = {r["source_file"]: r for r in csv.DictReader(f)}
    right: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    pages: dict[str, int] = defaultdict(int)
    for path in sorted((UNSEEN / "truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        group = truth["report"][0]                  # the set: A01.txt is set A
        pages[group] += 1
        row = published.get(truth["report"], {})
        for f in FIELDS:
            got = row.get(f) or None
            right[group][f] += (int(got) if f == "year" and got else got) == truth[f]
    print("set  pages  " + "  ".join(f"{f:>10}" for f in FIELDS) + "   all fields")
    for group in [*sorted(pages), "all"]:
        n = sum(pages.values()) if group == "all" else pages[group]
        counts = {f: sum(r[f] for r in right.values()) for f in FIELDS} if group == "all" else right[group]
        print(f"{group:>3}  {n:>5}  " + "  ".join(f"{100 * counts[f] / n:9.1f}%" for f in FIELDS)
              + f"   {sum(counts.values())}/{len(FIELDS) * n}")


if __name__ == "__main__":
    main()
