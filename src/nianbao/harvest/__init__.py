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

from .run import Summary, Target, harvest, read_urls
from .settings import HarvestSettings

__all__ = ["HarvestSettings", "Summary", "Target", "harvest", "read_urls"]
