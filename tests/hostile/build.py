"""Build one hostile case the way a maintainer would (``python -m nianbao.cli build``), in a child
process capped at 4 GiB of address space and killed after a time limit, and say what went wrong.

Used by ``tests/test_hostile.py`` (the assertions) and ``benchmarks/hostile.py`` (time and peak
memory of each case).
"""

from __future__ import annotations

import csv
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from nianbao.release.verify import unquote

from . import OUTSIDE, Case

ADDRESS_SPACE = 4 * 2**30
TIMEOUT = 60
SETPRIV = shutil.which("setpriv") or "/usr/bin/setpriv"   # util-linux
NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Outcome:
    returncode: int | None      # None: killed at the time limit
    seconds: float
    max_rss_mb: float           # peak resident memory of the build process
    log: str


def build(case: Case, root: Path, timeout: float = TIMEOUT, python: str = sys.executable) -> Outcome:
    """Write ``case`` into ``root`` and build it; ``root/out`` receives the package."""
    case.make(root)
    cmd = [python, "-m", "nianbao.cli", "build", str(root / "corpus"), "--out", str(root / "out")]
    if (root / "corrections").is_dir():
        cmd += ["--corrections", str(root / "corrections")]
    if case.unprivileged and os.geteuid() == 0:  # root reads a chmod 000 file: drop that power
        cmd = [SETPRIV, "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    killed = threading.Event()
    env = {**os.environ, "HOME": str(root)}
    with open(root / "log.txt", "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=limit, start_new_session=True, env=env, cwd=root)

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)   # this child's own peak memory, not all children's
        timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Outcome(None if killed.is_set() else proc.returncode, seconds, usage.ru_maxrss / 1024,
                   (root / "log.txt").read_text(encoding="utf-8", errors="replace"))


def inputs(corpus: Path) -> set[str]:
    """Every entry of the corpus a build must account for: files, links and special files, not
    the manifest and not dot-names (skipped by design)."""
    out = set()
    for folder, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            rel = (Path(folder) / name).relative_to(corpus).as_posix()
            if not name.startswith(".") and rel != "manifest.csv":
                out.add(rel)
    return out


csv.field_size_limit(2**31 - 1)   # a hostile report's address may be a megabyte long


def read(path: Path) -> list[dict]:
    """A CSV of the package as a spreadsheet-wary reader takes it: the apostrophe the build puts
    before formula-like text (=, +, -, @, tab, CR) is not part of the value."""
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: unquote(v) for k, v in row.items()} for row in csv.DictReader(f)]


def problems(case: Case, root: Path, outcome: Outcome) -> list[str]:
    """What the build of ``case`` did wrong; [] when it held."""
    if outcome.returncode is None:
        return [f"still running after {outcome.seconds:.0f} s (killed)"]
    if outcome.returncode != 0:
        return [f"exit {outcome.returncode}: {outcome.log[-2000:]}"]
    found: list[str] = []
    build = root / "out" / "build"
    reports = {r["source_file"] for r in read(build / "reports.csv")}
    errors = {r["source_file"]: r for r in read(build / "errors.csv")}
    for name in sorted(inputs(root / "corpus")):
        if name not in reports and name not in errors:
            found.append(f"{name!r} is in neither reports nor errors")
        elif case.expect == "report" and name not in reports:
            found.append(f"{name!r} was refused: {errors[name]['reason']}")
        elif case.expect == "error" and name not in errors:
            found.append(f"{name!r} was published, not refused")
        elif case.expect == "error" and case.reason and case.reason not in errors[name]["reason"]:
            found.append(f"{name!r}: the reason does not name the limit ({case.reason}): {errors[name]['reason']}")
    text = ""
    for path in sorted(build.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    if cell.startswith(FORMULA_START) and not NUMBER.match(cell):
                        found.append(f"{path.name}: a cell begins a formula: {cell[:80]!r}")
        text += path.read_text(encoding="utf-8")
    for folder in (build, root / "out" / "extractions"):
        for path in folder.rglob("*"):
            if path.is_file() and OUTSIDE.encode() in path.read_bytes():
                found.append(f"{path.name} publishes a file from outside the corpus")
    if case.contains and case.contains not in text:
        found.append(f"no {case.contains!r} in build/*.csv")
    if case.logged and case.logged not in outcome.log:
        found.append(f"the build log does not name {case.logged!r}")
    return found
