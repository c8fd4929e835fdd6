"""A release switches whole or not at all (issue 20): a build killed at any step of putting the new
release in place leaves the previous one whole once the next command starts (it rolls back), and
the next build succeeds; two builds into one folder wait for each other.

The kill is real (SIGKILL, in a child process) and placed at every rename of the commit in turn.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.pipeline.release import recover
from nianbao.settings import Settings

from .conftest import CORPUS

CHILD = """
import os, signal, sys
from pathlib import Path
from nianbao import pipeline
from nianbao.pipeline import release
from nianbao.settings import Settings

kill_at = int(sys.argv[2])
renames = [0]
real = Path.rename

def rename(self, target):               # the commit's steps: SIGKILL on the chosen one
    out = real(self, target)
    if release.NEW in str(self) or release.OLD in str(target):
        renames[0] += 1
        if renames[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    return out

Path.rename = rename
root = Path(sys.argv[1])
pipeline.build(Settings(corpus=root / "corpus", root=root, workers=1))
print("renames", renames[0])
"""


def outputs(root: Path) -> dict[str, bytes]:
    paths = [root / "datapackage.json", *(root / "build").rglob("*"), *(root / "extractions").rglob("*")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def child(root: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(root), str(kill_at)], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """A built corpus (the previous release), and the same corpus changed: one report gone, one new."""
    root = tmp_path_factory.mktemp("atomic")
    shutil.copytree(CORPUS, root / "corpus")
    pipeline.build(Settings(corpus=root / "corpus", root=root, workers=1))
    before = outputs(root)
    (root / "corpus" / "004_f375f0e851984426.txt").unlink()
    text = (CORPUS / "003_ae53f9282b2209bb.txt").read_text(encoding="utf-8")
    (root / "corpus" / "new.txt").write_text(text.replace("\t1", "\t3", 1), encoding="utf-8")
    saved = root.parent / (root.name + "-saved")
    shutil.copytree(root, saved, symlinks=True)
    done = child(root, 0)                      # how many steps the commit has
    steps = int(done.stdout.split()[-1])
    after = outputs(root)
    return saved, before, after, steps


def test_a_kill_at_any_step_of_the_commit_leaves_the_previous_release(releases, tmp_path):
    saved, before, after, steps = releases
    assert steps >= 4 and before != after
    for k in range(1, steps + 1):
        root = tmp_path / f"k{k}"
        shutil.copytree(saved, root, symlinks=True)
        proc = child(root, k)
        assert proc.returncode == -signal.SIGKILL, (k, proc.stderr[-500:])
        assert recover(root)                               # what every next command does first
        assert outputs(root) == before, k
        assert not [p.name for p in root.iterdir() if p.name.startswith(".release")]
        pipeline.build(Settings(corpus=root / "corpus", root=root, workers=1))
        assert outputs(root) == after, k


def test_two_builds_into_one_folder_wait_for_each_other(releases, tmp_path):
    saved, _, after, _ = releases
    root = tmp_path / "two"
    shutil.copytree(saved, root, symlinks=True)
    command = [sys.executable, "-m", "nianbao.cli", "build", str(root / "corpus"), "--out", str(root), "-j", "1"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=600) + (p.returncode,) for p in (first, second)]
    assert [r[2] for r in results] == [0, 0], results
    assert any("waiting" in r[1] for r in results)
    assert outputs(root) == after
    assert os.listdir(root / ".cache")
