"""Where a build's time goes, without a profiler's overhead: any `nianbao` command, with the wall
time of each step of the pipeline printed at the end (a step that calls another includes it; steps
on threads add up their threads' time).

    python benchmarks/phases.py build corpus --out out
    python benchmarks/phases.py --timeline build corpus --out out    # and when each step starts and ends

A profiler (python -m cProfile) multiplies the cost of small Python calls and hides what Arrow
does in C: the two disagree by up to a factor of two on a national build, so numbers in
docs/benchmarks.md come from this, one step at a time.
"""

from __future__ import annotations

import atexit
import functools
import sys
import time
from collections import defaultdict

SPENT: dict[str, float] = defaultdict(float)
START = time.perf_counter()
TIMELINE = "--timeline" in sys.argv[1:2]   # when each step of 50 ms or more ran: they overlap (threads, workers)
STEPS = {
    "nianbao.pipeline": ("listing", "warm", "pool_map"),
    "nianbao.pipeline.extract_stage": ("run",),
    "nianbao.pipeline.describe_stage": ("run",),
    "nianbao.pipeline.tables_stage": ("assign_ids", "_chunks", "_parts", "joined", "_cells",
                                      "_county", "totals", "chunked", "area_tables", "assemble", "datapackage"),
    "nianbao.pipeline.chunk_cache": ("keep", "read"),
    "nianbao.pipeline.continuity_cache": ("findings",),
    "nianbao.pipeline.release": ("Staging.commit",),
    "nianbao.tables.write": ("write_parquet", "_write"),
    "nianbao.tables.areas": ("coverage",),
}


def timed(owner, name: str, label: str) -> None:
    fn = getattr(owner, name)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            end = time.perf_counter()
            SPENT[label] += end - start
            if TIMELINE and end - start >= 0.05:
                print(f"[{start - START:6.2f} -> {end - START:6.2f}] {label}", file=sys.stderr)
    setattr(owner, name, wrapper)


def main() -> None:
    import importlib
    start = time.perf_counter()
    from nianbao import cli
    cli.prepare_process()       # as the console command does (cli.run)
    for module, names in STEPS.items():
        mod = importlib.import_module(module)
        for name in names:
            owner, _, attr = name.rpartition(".")
            timed(getattr(mod, owner) if owner else mod, attr, f"{module.rsplit('.', 1)[-1]}.{name}")
    SPENT["imports"] = time.perf_counter() - start
    atexit.register(lambda: print(" ".join(f"{k} {v:.2f}" for k, v in sorted(SPENT.items(), key=lambda kv: -kv[1]))
                                  + f" | total {time.perf_counter() - start:.1f} s", file=sys.stderr))
    sys.argv = ["nianbao", *sys.argv[1 + TIMELINE:]]
    cli.main()


if __name__ == "__main__":
    main()
