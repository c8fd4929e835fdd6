"""The README's first command on a stock Debian Python, which refuses `pip install` (PEP 668):
scripts/setup makes a project virtual environment, scripts/build builds into the checkout, and
what it publishes is readable by a web server or another user."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from .conftest import read_csv

REPO = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _externally_managed() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    probe = subprocess.run([str(SYSTEM_PYTHON), "-m", "pip", "install", "--dry-run", "--no-deps", "six"],
                           capture_output=True, text=True)
    return "externally-managed-environment" in probe.stdout + probe.stderr


@pytest.mark.skipif(not _externally_managed(), reason="needs Debian's own Python, which refuses pip install")
def test_setup_and_build_on_an_externally_managed_python(tmp_path):
    checkout = tmp_path / "nianbao"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            (checkout / name).write_bytes(source.read_bytes())
            (checkout / name).chmod(source.stat().st_mode)
    if (REPO / "node_modules").is_dir():   # the npm packages are not what this test is about
        (checkout / "node_modules").symlink_to(REPO / "node_modules")
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path)), "LANG": "C.UTF-8"}
    old = os.umask(0o022)
    try:
        for script in ("scripts/setup", "scripts/build"):
            proc = subprocess.run([script], cwd=checkout, env=env, capture_output=True, text=True, timeout=1800)
            assert proc.returncode == 0, f"{script}:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    finally:
        os.umask(old)
    assert (checkout / ".venv" / "bin" / "nianbao").exists()
    reports = read_csv(checkout / "build" / "reports.csv")    # built into this checkout, not the installed one
    assert len(reports) == 5 and "城月镇" in {r["township"] for r in reports}
    published = [checkout / "datapackage.json", *(checkout / "build").rglob("*"), *(checkout / "extractions").rglob("*"),
                 checkout / "site" / "index.html"]
    for path in published:
        mode = path.stat().st_mode
        assert mode & stat.S_IROTH and (not path.is_dir() or mode & stat.S_IXOTH), f"{path} is {oct(mode)}"
