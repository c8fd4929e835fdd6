"""Every generated file of the site, from a Dataset: site path -> Markdown/text, or a file to copy.

The MkDocs hook only hands these to MkDocs; keeping the assembly here makes it testable without
running MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import IngestError, ingest
from . import dictionary, downloads, indexes, layout, pages, places
from .data import Dataset


@dataclass
class SiteFiles:
    content: dict[str, str] = field(default_factory=dict)     # site path -> text (pages, downloads)
    copies: dict[str, Path] = field(default_factory=dict)     # site path -> file copied as it is


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


def generate(ds: Dataset, site_url: str = "") -> SiteFiles:
    out = SiteFiles()
    root = places.tree(ds.reports, layout.REGIONS)
    out.content.update(indexes.region_pages(ds, root))
    out.content.update(indexes.year_pages(ds))
    out.content[f"{layout.REPORTS}index.md"] = indexes.reports_index(ds)
    out.content[f"{layout.FINDINGS}index.md"] = indexes.findings_page(ds)
    out.content[f"{layout.DICTIONARY}index.md"] = dictionary.dictionary_page()
    chains = indexes.place_chains(root)
    for r in ds.reports:
        rid = r["report_id"]
        source = ds.original(r)
        out.content[f"{layout.report_dir(rid)}index.md"] = pages.report_page(
            ds, r, chains[rid], site_url, has_file=source is not None)
        lines, problem = original_lines(ds, r)
        out.content[f"{layout.original_dir(rid)}index.md"] = pages.original_page(
            r, lines, pages.cited_lines(ds, rid), problem, has_file=source is not None)
        out.content[layout.report_file(rid, "csv")] = downloads.report_csv(ds, rid)
        out.content[layout.report_file(rid, "json")] = downloads.report_json(ds, rid)
        if source is not None:
            out.copies[layout.original_download(r)] = source
    for res, path in ds.resource_paths():
        out.copies[layout.data_path(res["path"])] = path
    out.copies[layout.data_path("datapackage.json")] = ds.root / "datapackage.json"
    return out
