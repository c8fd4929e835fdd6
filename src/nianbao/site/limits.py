"""The host's limits, checked before anything is published, and the bulky files published elsewhere.

GitHub Pages serves a site of at most 1 GB and GitHub refuses a file over 100 MB: a site (or a
shard of it) beyond either is refused here, before a push that would fail or be cut off later.
``deploy`` commits a built site to a branch and pushes it (ghp-import, as ``mkdocs gh-deploy``),
only after ``check`` passed. ``lay_out_files`` writes the originals and data files under the names
the settings' ``archive_url`` and ``downloads_url`` give them, ready to upload as release assets or
to any static store.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

from .config import MB, SiteConfig
from .data import Dataset


class LimitError(ValueError):
    """A site over the host's limits: it is not deployed."""


def check(site: Path, max_site_mb: float, max_file_mb: float) -> tuple[list[str], int]:
    """(what is over the limits, the site's size in bytes); nothing over: an empty list."""
    site = Path(site)
    if not (site / "index.html").is_file():
        return [f"{site} is not a built site (no index.html)"], 0
    total, problems = 0, []
    for folder, _, names in os.walk(site):
        if "/.git" in folder.replace(os.sep, "/") + "/":
            continue
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))
            total += size
            if size > max_file_mb * MB:
                rel = Path(folder, name).relative_to(site)
                problems.append(f"{rel} is {size / MB:,.1f} MB, over the limit of {max_file_mb:g} MB per file")
    if total > max_site_mb * MB:
        problems.insert(0, f"{site} is {total / MB:,.1f} MB, over the limit of {max_site_mb:g} MB per site: "
                           "publish the originals and data files elsewhere (archive_url, downloads_url) "
                           "or split the site into shards (shard_by)")
    return problems, total


def deploy(site: Path, remote: str, branch: str, message: str, repo: Path, max_site_mb: float,
           max_file_mb: float) -> None:
    """Check ``site``, then commit it as the only content of ``branch`` in the git repository
    ``repo`` and push it to ``remote`` (a remote's name or a URL)."""
    problems, _ = check(site, max_site_mb, max_file_mb)
    if problems:
        raise LimitError("not deployed: " + "; ".join(problems))
    cmd = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--no-history", "--push", "--force", "--remote", remote,
           "--branch", branch, "--message", message, str(Path(site).resolve())]
    proc = subprocess.run(cmd, cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise LimitError(f"ghp-import failed:\n{(proc.stdout + proc.stderr)[-2000:]}")


def lay_out_files(ds: Dataset, dest: Path, config: SiteConfig) -> int:
    """Copy each original to ``dest`` under the name its ``archive_url`` link ends with, and each
    data file under the name its ``downloads_url`` link ends with; returns the number of files."""
    dest = Path(dest)
    n = 0
    if config.archive_url:
        for report in ds.reports:
            source = ds.original(report)
            href = config.original_href(report, "", "", True)
            if source is not None and href:
                n += _copy(source, dest / "originals" / PurePosixPath(href).name)
    if config.downloads_url:
        for res, path in ds.resource_paths() + [({"path": "datapackage.json"}, ds.root / "datapackage.json")]:
            n += _copy(path, dest / "data" / PurePosixPath(config.data_href(res["path"], "")).name)
    return n


def _copy(source: Path, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return 1
