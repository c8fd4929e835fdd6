"""Every generated file of the site, from a Dataset: site path -> Markdown/text, or a file to copy.

The MkDocs hook only hands these to MkDocs; keeping the assembly here makes it testable without
running MkDocs. The files of each report (its page, its archived original, its downloads) are
made only when MkDocs reads them (``lazy``): at national scale they would not fit in memory at once.
Nothing here looks at more than one report per report file, so the work grows linearly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from ..ingest import IngestError, ingest
from . import dictionary, downloads, indexes, layout, pages, places
from .data import Dataset


@dataclass
class SiteFiles:
    content: dict[str, str] = field(default_factory=dict)     # site path -> text (index pages)
    lazy: dict[str, Callable[[], str]] = field(default_factory=dict)  # site path -> makes its text
    copies: dict[str, Path] = field(default_factory=dict)     # site path -> file copied as it is

    def text(self, uri: str) -> str:
        """The text of a generated file, made now if it is lazy (for tests)."""
        return self.content[uri] if uri in self.content else self.lazy[uri]()


def original_lines(ds: Dataset, report: dict) -> tuple[list[tuple[int, str, str]] | None, str]:
    """The original as the extraction numbered it: (line number, text, where), or None and why.
    The same reader as extraction is used, so line N here is line N of ``source_line``."""
    path = ds.original(report)
    if path is None:
        return None, "原文文件不在语料文件夹中"
    try:
        doc = ingest(path, report.get("source_file"))
    except IngestError as e:
        return None, str(e)
    except Exception as e:  # one unreadable original must not stop the site
        return None, f"{type(e).__name__}: {e}"
    return [(line.number, line.raw, line.where) for line in doc.lines], ""


def _original_page(ds: Dataset, report: dict) -> str:
    rid = report["report_id"]
    lines, problem = original_lines(ds, report)
    return pages.original_page(report, lines, pages.cited_lines(ds, rid), problem,
                               has_file=ds.original(report) is not None, page_dir=ds.dir(rid),
                               title=pages.page_title(ds, report))


def generate(ds: Dataset, site_url: str = "") -> SiteFiles:
    out = SiteFiles()
    root = places.tree(ds.entries, layout.REGIONS)      # one entry per township and year
    out.content.update(indexes.region_pages(ds, root))
    out.content.update(indexes.year_pages(ds))
    out.content.update(indexes.reports_index(ds))
    out.content.update(indexes.findings_pages(ds))
    out.content[f"{layout.DICTIONARY}index.md"] = dictionary.dictionary_page()
    chains = indexes.place_chains(root)
    for r in ds.reports:
        rid = r["report_id"]
        here = ds.dir(rid)
        source = ds.original(r)
        chain = chains[ds.versions(r)[0]["report_id"]]     # a version sits where its primary sits
        out.lazy[f"{here}index.md"] = partial(pages.report_page, ds, r, chain, site_url, source is not None)
        out.lazy[f"{layout.original_dir(here)}index.md"] = partial(_original_page, ds, r)
        out.lazy[layout.report_file(here, rid, "csv")] = partial(downloads.report_csv, ds, rid)
        out.lazy[layout.report_file(here, rid, "json")] = partial(downloads.report_json, ds, rid)
        if source is not None:
            out.copies[layout.original_download(here, r)] = source
    for res, path in ds.resource_paths():
        out.copies[layout.data_path(res["path"])] = path
    out.copies[layout.data_path("datapackage.json")] = ds.root / "datapackage.json"
    return out
