"""The site's settings, in one place: ``extra: nianbao:`` of mkdocs.yml (and its ``site_url``).

    extra:
      nianbao:
        archive_url: https://example.org/originals/{sha256}{ext}   # the originals, off the site
        downloads_url: https://example.org/releases/v1/{name}        # the national data files
        shard_by: year                  # or province: one site per shard, and a small root site
        shard_url: ../nianbao-{shard}/  # where each shard is published (from any of the sites)
        root_url: ../nianbao/           # where the root site that lists the shards is
        max_site_mb: 1000               # a shard over this is not deployed (GitHub Pages: 1 GB)
        max_file_mb: 100                # nor one holding a larger file (GitHub: 100 MB)

Unset, ``archive_url`` and ``downloads_url`` keep the files on the site (right for a small
corpus); at national scale they point to release assets or any static store, and the site keeps
only the text rendering of each original (``nianbao site files`` lays the files out for upload).
The URLs are templates: ``{sha256}``, ``{ext}``, ``{report_id}`` for an original; ``{path}``
(``build/reports.csv``) and ``{name}`` (``reports.csv``) for a data file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath

import yaml

from . import layout
from .html import rel

MB = 1_000_000
SHARD_BY = ("year", "province")


class ConfigError(ValueError):
    """mkdocs.yml's ``extra: nianbao:`` holds something the site cannot use."""


@dataclass(frozen=True)
class SiteConfig:
    site_url: str = ""
    archive_url: str | None = None
    downloads_url: str | None = None
    shard_by: str | None = None
    shard_url: str = "../nianbao-{shard}/"
    root_url: str = "../nianbao/"
    max_site_mb: float = 1000
    max_file_mb: float = 100
    repo: str = ""                          # GitHub "owner/name" for 报告错误 links (site/feedback.py)
    sql_database_url: str | None = None     # where the SQL page reads its database, if not this site
    #                                         (.gz: whole, unpacked; .duckdb: by range requests)

    def __post_init__(self):
        if self.shard_by not in (None, *SHARD_BY):
            raise ConfigError(f"shard_by must be one of {', '.join(SHARD_BY)}, not {self.shard_by!r}")

    def original_href(self, report: dict, page_dir: str, here: str, on_site: bool) -> str | None:
        """Where the page at ``here`` links the original file of the report whose page is at
        ``page_dir``: the archive, or the copy on the site; None when there is no file to link."""
        if self.archive_url:
            if not report.get("sha256"):
                return None
            ext = PurePosixPath(report.get("source_file") or "").suffix.lower()
            return self.archive_url.format(sha256=report["sha256"], ext=ext, report_id=report["report_id"])
        return rel(here, layout.original_download(page_dir, report)) if on_site else None

    def data_href(self, path: str, here: str) -> str:
        """Where the page at ``here`` links a file of the data package (``build/reports.csv``)."""
        if self.downloads_url:
            return self.downloads_url.format(path=path, name=PurePosixPath(path).name)
        return rel(here, layout.data_path(path))

    @property
    def files_on_site(self) -> bool:
        return not self.archive_url

    @property
    def data_on_site(self) -> bool:
        return not self.downloads_url


def read_yaml(path: Path) -> dict:
    """mkdocs.yml as data; MkDocs' own tags (``!ENV``, ``!!python/name:``) are read, not run."""
    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        *keys, default = names if len(names) > 1 else (*names, None)
        return next((os.environ[k] for k in keys if k in os.environ), default)

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader) or {}


def from_mkdocs(config: dict) -> SiteConfig:
    """The settings from a loaded mkdocs.yml (a dict, or MkDocs' own config object)."""
    extra = (config.get("extra") or {}).get("nianbao") or {}
    known = {f.name for f in fields(SiteConfig)} - {"site_url"}
    unknown = set(extra) - known
    if unknown:
        raise ConfigError(f"unknown setting(s) under extra: nianbao: {', '.join(sorted(unknown))}")
    return SiteConfig(site_url=config.get("site_url") or "", **extra)
