"""The corpus: the report files inside a folder, and nothing outside it.

Every entry of the folder is accounted for. Report files are listed in a stable order; links are
never followed (a link may point anywhere on the machine) and special files (pipes, devices) are
never opened: each is an ``errors`` row saying so. Only the manifest, the harvest's error list and
dot-files (the harvest keeps link-only pages in .pages/) are skipped, and the skipped dot-files are
named in the build's log.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..describe.manifest import NAME as MANIFEST

SKIP = {MANIFEST, "harvest_errors.csv"}       # the corpus's own records, not reports


@dataclass
class Listing:
    files: list[tuple[Path, str]] = field(default_factory=list)   # (path, name relative to the corpus)
    errors: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)              # dot-files and dot-folders


def error(name: str, stage: str, code: str, reason: str, sha256: str | None = None) -> dict:
    """An ``errors`` row: the file, the stage that stopped it, a stable code and the reason in words."""
    return {"source_file": name, "sha256": sha256, "stage": stage, "code": code, "reason": reason}


def listing(corpus: Path) -> Listing:
    out = Listing()
    for folder, dirs, files in os.walk(corpus, followlinks=False):
        base = Path(folder)
        rel = base.relative_to(corpus)
        for d in sorted(dirs):
            name = (rel / d).as_posix()
            if d.startswith("."):
                out.skipped.append(name + "/")
            elif (base / d).is_symlink():
                out.errors.append(error(name, "corpus", "corpus.symlink",
                                        "a link to a folder, not followed: only what is inside the corpus is read"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
        prefix = "" if rel == Path(".") else rel.as_posix() + "/"
        for f in sorted(files):
            name = prefix + f              # strings, not paths: a national corpus is 40,000 names and more
            if f.startswith("."):
                out.skipped.append(name)
                continue
            if name in SKIP:
                continue
            path = base / f
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                out.errors.append(error(name, "corpus", "corpus.symlink",
                                        "a link, not followed: only what is inside the corpus is read"))
            elif not stat.S_ISREG(mode):
                out.errors.append(error(name, "corpus", "corpus.special",
                                        "not a regular file (a pipe, socket or device); not read"))
            else:
                out.files.append((path, name))
    out.files.sort(key=lambda f: f[1])
    return out
