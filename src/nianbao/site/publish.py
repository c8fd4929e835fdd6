"""After the engine built the generated folder: the report pages, their originals, and the files.

Each report's page is written into the shell the engine rendered (see ``shell``), its original as a
compact page of its own (``original``); reports are shared among processes (a national year is
tens of thousands of pages), each writing its pages as it makes them, so nothing is held for the
whole site. The original files and the data package are copied into the site only where the
settings keep them there (``config``); the shells are removed at the end.
"""

from __future__ import annotations

import gzip
import html
import multiprocessing
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import downloads, indexes, layout, original, pages, shell, sql
from .html import restore_built
from .config import SiteConfig
from .data import Dataset

CHUNK = 200                 # reports per task given to a process
SHARDS = "nianbao-shards.json"  # the list of the shards of a site in several (shards.py)
SHELL_DEPTHS = (2, 4)       # reports/x/ and reports/x/versions/y/ (layout)
_job: dict = {}             # what the processes share (forked: read, never copied back)


@dataclass
class Written:
    pages: int = 0
    page_bytes: int = 0
    originals: int = 0
    original_bytes: int = 0
    files: int = 0
    file_bytes: int = 0

    def add(self, other: "Written") -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)


def publish(ds: Dataset, site_dir: Path, config: SiteConfig = SiteConfig(), workers: int = 0) -> Written:
    """Write every report's page and original into ``site_dir`` (built by the engine), and the files
    kept on the site; returns what was written."""
    site_dir = Path(site_dir)
    restore_built(site_dir)          # the generated pages' raw blocks (generate.write_folder)
    shells = {d: shell.Shell.load(site_dir, d) for d in SHELL_DEPTHS}
    chains = indexes.place_chains(indexes.region_tree(ds))
    ids = [r["report_id"] for r in ds.reports]
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    _job.update(ds=ds, site=site_dir, config=config, shells=shells, chains=chains)
    total = Written()
    workers = min(workers or os.cpu_count() or 1, max(len(chunks), 1))
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for chunk in chunks:
                total.add(_write(chunk))
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for done in pool.imap_unordered(_write, chunks):
                    total.add(done)
    finally:
        _job.clear()
    total.add(copy_data(ds, site_dir, config))
    if (site_dir / sql.PAGE / "index.html").is_file():       # the SQL page queries the tables as one file
        sql.write_database(ds.root, ds.descriptor, site_dir / sql.DATABASE)
    shutil.rmtree(site_dir / shell.shell_dir(2), ignore_errors=True)
    sitemap(site_dir, [ds.dir(r["report_id"]) for r in ds.reports], config.site_url)
    shards = site_dir / SHARDS          # the search reads it: a single site is its own only shard
    if not shards.exists():
        shards.write_text('{"self": "", "shards": []}\n', encoding="utf-8")
    trim(site_dir)
    return total


# Material's own search (lunr and its languages, 2.3 MB), copied with the theme: unused, the search
# is Pagefind's. Kept if Material's search plugin was on after all (it writes search/search_index.json).
# And the source maps of Material's script and styles (1 MB): for debugging Material, not the site.
UNUSED = ("assets/javascripts/lunr", "assets/javascripts/workers")


def trim(site_dir: Path) -> None:
    if not (site_dir / "search" / "search_index.json").exists():
        for rel in UNUSED:
            shutil.rmtree(site_dir / rel, ignore_errors=True)
    for folder in ("assets/javascripts", "assets/stylesheets"):
        for path in (site_dir / folder).glob("*.map"):
            path.unlink()


def _write(ids: list[str]) -> Written:
    ds, site, config = _job["ds"], _job["site"], _job["config"]
    out = Written()
    ds.preload([r["report_id"] for rid in ids for r in ds.versions(ds.report(rid))])   # with their versions
    for rid in ids:
        report = ds.report(rid)
        here = ds.dir(rid)
        title = pages.page_title(ds, report)
        chain = _job["chains"][ds.versions(report)[0]["report_id"]]   # a version sits where its primary sits
        html = _job["shells"][shell.depth(here)].page(title, here, pages.report_page(ds, report, chain, config))
        out.pages += 1
        out.page_bytes += _put(site / here / "index.html", html)
        out.originals += 1
        out.original_bytes += _put(site / layout.original_dir(here) / "index.html",
                                   original.original_page(ds, report, title, config))
        source = ds.original(report)
        if config.files_on_site and source is not None:
            out.files += 1
            out.file_bytes += _copy(source, site / layout.original_download(here, report))
    return out


def sitemap(site_dir: Path, dirs: list[str], site_url: str) -> None:
    """The engine's sitemap (written when site_url is set) with the report pages in, the shells out."""
    path = site_dir / "sitemap.xml"
    if not site_url or not path.is_file():
        return
    text = re.sub(r"<url>(?:(?!</url>).)*" + shell.NAME + r".*?</url>\s*", "", path.read_text(encoding="utf-8"), flags=re.S)
    base = site_url.rstrip("/") + "/"
    urls = "".join(f"<url><loc>{html.escape(base + d)}</loc></url>\n" for d in dirs)
    text = text.replace("</urlset>", urls + "</urlset>")
    path.write_text(text, encoding="utf-8")
    with gzip.open(site_dir / "sitemap.xml.gz", "wt", encoding="utf-8") as f:
        f.write(text)


def copy_data(ds: Dataset, site: Path, config: SiteConfig) -> Written:
    """The data package's files, under data/, when the site keeps them."""
    out = Written()
    if not config.data_on_site:
        return out
    for res, path in ds.resource_paths() + [({}, ds.root / "datapackage.json")]:
        rel = res.get("path", "datapackage.json")
        out.files += 1
        out.file_bytes += _copy(path, site / layout.data_path(rel))
    for rel, path in downloads.files(ds):      # the workbook, the bundle, the spreadsheet CSVs, the citation
        out.files += 1
        out.file_bytes += _copy(path, site / layout.data_path(rel))
    return out


def _put(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _copy(source: Path, dest: Path) -> int:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    return dest.stat().st_size
