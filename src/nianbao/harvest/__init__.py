"""Harvest: from the portals' report pages to an archived corpus with its manifest.

    nianbao harvest URLS.csv --corpus DIR          the pages a list names (with place/year hints)
    nianbao harvest --index URL --corpus DIR       the pages a county portal's 年度报告 column lists

Every original the site points to was fetched by someone; this makes the fetching reproducible
and polite. The stages, one module each: settings.py (every default), politeness.py (per-host
rate limit and concurrency, retry waits), robots.py (robots.txt per host), fetch.py (one URL:
redirects, retries, bounded streaming), page.py (encoding, title, metadata block, attachments),
listing.py (index pages and their pagination), archive.py (file names, versions, manifest.csv,
harvest_errors.csv), warc.py (optional WARC of every exchange), run.py (a run, wired together).

The corpus it writes is what ``nianbao build`` reads: the original bytes of each page and
attachment, and a manifest whose ``source_url`` (and the URL list's township, county and year
hints) the build takes over what the text says.
"""

from .settings import HarvestSettings

_RUN = ("Summary", "Target", "harvest", "read_urls")


def __getattr__(name):
    """The run and its HTTP client are imported when first used: the CLI reads the settings'
    defaults for every command, and most commands never fetch anything."""
    if name in _RUN:
        from . import run
        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["HarvestSettings", "Summary", "Target", "harvest", "read_urls"]
