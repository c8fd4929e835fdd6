"""The corpus: the report files inside a folder, and nothing outside it.

Every entry of the folder is accounted for. Report files are listed in a stable order; links are
never followed (a link may point anywhere on the machine) and special files (pipes, devices) are
never opened: each is an ``errors`` row saying so. Only the manifest, the harvest's error list and
dot-files (the harvest keeps link-only pages in .pages/) are skipped, and the skipped dot-files are
named in the build's log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..describe.manifest import NAME as MANIFEST

SKIP = {MANIFEST, "harvest_errors.csv"}       # the corpus's own records, not reports


@dataclass
class Listing:
    files: list[tuple[str, str]] = field(default_factory=list)    # (path, name relative to the corpus)
    errors: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)              # dot-files and dot-folders


def error(name: str, stage: str, code: str, reason: str, sha256: str | None = None) -> dict:
    """An ``errors`` row: the file, the stage that stopped it, a stable code and the reason in words."""
    return {"source_file": name, "sha256": sha256, "stage": stage, "code": code, "reason": reason}


def listing(corpus: Path) -> Listing:
    """Every entry under ``corpus`` (os.scandir: the type comes with the name, no stat per file;
    strings, not paths: a national corpus is 40,000 names and more)."""
    out = Listing()
    todo = [(str(corpus), "")] if os.path.isdir(corpus) else []
    while todo:                       # a stack, not recursion: a folder may be nested without end
        folder, prefix = todo.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                name = prefix + e.name
                if e.name.startswith("."):
                    out.skipped.append(name + "/" if e.is_dir(follow_symlinks=False) else name)
                elif e.is_symlink():
                    what = "a link to a folder" if e.is_dir() else "a link"
                    out.errors.append(error(name, "corpus", "corpus.symlink",
                                            f"{what}, not followed: only what is inside the corpus is read"))
                elif e.is_dir(follow_symlinks=False):
                    todo.append((e.path, name + "/"))
                elif name in SKIP:
                    continue
                elif e.is_file(follow_symlinks=False):
                    out.files.append((e.path, name))
                else:
                    out.errors.append(error(name, "corpus", "corpus.special",
                                            "not a regular file (a pipe, socket or device); not read"))
    out.files.sort(key=lambda f: f[1])
    out.skipped.sort()
    out.errors.sort(key=lambda e: e["source_file"])
    return out
