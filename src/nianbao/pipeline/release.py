"""A release switches whole or not at all: ``extractions/``, ``build/`` and ``datapackage.json``.

The next release is written beside the current one, in ``.release-new/``: only what changes (new
and changed extraction files, the new ``build/`` and descriptor), with the files to delete listed.
``commit`` then moves each old path aside into ``.release-old/`` and the new one into place,
recording every step in a journal first; removing the journal is the commit point. If a build is
killed (SIGKILL, a full disk) before that, the next command finds the journal and rolls the steps
back, so the previous release is whole again; staging folders left behind are removed.

A lock file keeps two builds from writing one folder at once: the second waits for the first.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
from pathlib import Path

NEW, OLD, JOURNAL, LOCK = ".release-new", ".release-old", ".release-journal.json", ".nianbao.lock"
STALE = (".build-", ".datapackage.json.tmp", ".build-old")      # left by older versions' staging


@contextlib.contextmanager
def locked(root: Path):
    """Hold the folder's lock for the duration; wait (saying so) while another build holds it."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"nianbao: another build is writing {root}; waiting for it to finish…", file=sys.stderr)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            recover(root)
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def recover(root: Path) -> bool:
    """Roll back a commit that did not finish, and remove staging left behind. True if it rolled back."""
    journal = root / JOURNAL
    rolled = False
    if journal.exists():
        try:
            steps = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            steps = {}          # the journal itself was cut: no step was taken after writing it
        changed = set(steps.get("changed", []))
        for rel in reversed(steps.get("order", [])):
            placed, aside, staged = root / rel, root / OLD / rel, root / NEW / rel
            if aside.exists() or aside.is_symlink():       # the old one was moved aside: put it back
                if placed.exists() or placed.is_symlink():
                    _remove(placed)
                placed.parent.mkdir(parents=True, exist_ok=True)
                aside.rename(placed)
            elif rel in changed and not staged.exists() and (placed.exists() or placed.is_symlink()):
                _remove(placed)                            # a new file, put in place where none was
        journal.unlink()
        rolled = True
    for name in (NEW, OLD):
        shutil.rmtree(root / name, ignore_errors=True)
    for entry in root.iterdir() if root.is_dir() else ():
        if entry.name.startswith(STALE):
            _remove(entry)
    return rolled


class Staging:
    """The next release, staged under ``root/.release-new``."""

    def __init__(self, root: Path):
        self.root = root
        self.dir = root / NEW
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.changed: set[str] = set()     # paths (relative to root) to put in place
        self.deleted: set[str] = set()     # paths to remove
        self.after_commit: list = []       # what to do once the release is in place (cache indexes)

    def path(self, rel: str) -> Path:
        """Where to write the new version of ``rel`` (marked as changed)."""
        self.changed.add(rel)
        p = self.dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def delete(self, rel: str) -> None:
        self.deleted.add(rel)

    def commit(self) -> None:
        """Put every staged path in place and remove the deleted ones; all or nothing (see above)."""
        steps = sorted(self.changed) + sorted(self.deleted - self.changed)
        journal = self.root / JOURNAL
        tmp = journal.with_suffix(".tmp")
        tmp.write_text(json.dumps({"order": steps, "changed": sorted(self.changed)}, ensure_ascii=False),
                       encoding="utf-8")
        _fsync(tmp)
        tmp.rename(journal)
        for rel in steps:
            current, aside = self.root / rel, self.root / OLD / rel
            if current.exists() or current.is_symlink():
                aside.parent.mkdir(parents=True, exist_ok=True)
                current.rename(aside)
            if rel in self.changed:
                current.parent.mkdir(parents=True, exist_ok=True)
                (self.dir / rel).rename(current)
        _fsync_dir(self.root)
        journal.unlink()                    # the commit point
        shutil.rmtree(self.root / OLD, ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        _prune_empty(self.root / "extractions")
        for step in self.after_commit:
            step()

    def abandon(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune_empty(folder: Path) -> None:
    """Folders of extraction files whose last file went away."""
    if not folder.is_dir():
        return
    for base, _, _ in os.walk(folder, topdown=False):      # the deepest first
        if base != str(folder):
            with contextlib.suppress(OSError):
                os.rmdir(base)
