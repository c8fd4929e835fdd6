"""Time and peak memory of building each hostile case alone (issue 20; cases in tests/hostile/).

    python benchmarks/hostile.py                 # every case, one at a time; a Markdown table
    python benchmarks/hostile.py glued_24_bytes pdf_flate_bomb --timeout 120

Each case is built as ``python -m nianbao.cli build`` in a child process capped at 4 GiB of
address space (a case that needs more fails with MemoryError or is killed) and killed after
``--timeout`` seconds. Peak memory is the child's own maximum resident set (wait4). Numbers, not
assertions: tests/test_hostile.py checks the bounds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # the tests package: the cases

from tests.hostile import CASES                      # noqa: E402
from tests.hostile.build import build, problems      # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    chosen = [c for c in CASES if not args.cases or c.name in args.cases]
    print("| case | input on disk | time (s) | peak memory (MB) | outcome |")
    print("|---|---:|---:|---:|---|")
    for case in chosen:
        root = Path(tempfile.mkdtemp(prefix=f"hostile-{case.name}-"))
        try:
            outcome = build(case, root, timeout=args.timeout)
            size = sum(p.lstat().st_size for p in (root / "corpus").rglob("*"))
            found = problems(case, root, outcome)
            if outcome.returncode is None:
                verdict = f"killed after {args.timeout:.0f} s"
            elif outcome.returncode != 0:
                last = [l for l in outcome.log.strip().splitlines() if l.strip()][-1:] or [""]
                verdict = f"exit {outcome.returncode}: {last[0][:90]}"
            else:
                verdict = "ok" if not found else "; ".join(found)[:120]
            print(f"| {case.name} | {size / 2**10:,.0f} KB | {outcome.seconds:.1f} | {outcome.max_rss_mb:,.0f} "
                  f"| {verdict.replace('|', '/')} |", flush=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
