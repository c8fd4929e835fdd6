"""One harvest run: URL list (and index pages) -> fetched pages and attachments -> the archive.

Each listed URL is fetched (conditionally, when an earlier run archived it); an HTML page is read
for its evidence (title, metadata block, encoding) and its attachments, which are fetched in turn
and carry the page's evidence and the list's hints in their manifest rows. Pages are worked on
``concurrency`` at a time, interleaved by host so that the per-host limits rarely make a worker
wait. Whatever fails becomes a row of harvest_errors.csv; nothing stops the run.
"""

from __future__ import annotations

import csv
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from .archive import Archive, extension
from .fetch import Fetched, Fetcher, FetchFailed
from .listing import TITLE_WORDS, report_links
from .page import Attachment, is_html, read_page
from .settings import HarvestSettings

HINTS = ("township", "county", "year")


@dataclass
class Target:
    url: str
    hints: dict[str, str] = field(default_factory=dict)   # township, county, year, as the URL list gives them
    list_title: str = ""                                   # the title an index page lists it under


@dataclass
class Summary:
    outcomes: Counter = field(default_factory=Counter)   # new, version, unchanged
    errors: int = 0
    requests: int = 0

    def __str__(self) -> str:
        o = self.outcomes
        return (f"{o['new']} new files, {o['version']} new versions kept beside earlier ones, {o['unchanged']} "
                f"unchanged; {self.errors} errors; {self.requests} requests")


@dataclass
class _Copy:
    """What a URL serves now: the bytes (the archived ones when the server said 304)."""
    data: bytes
    content_type: str
    final_url: str
    fetched: Fetched | None          # None: unchanged since the archived copy


def read_urls(path: Path) -> tuple[list[Target], list[tuple[str, str]]]:
    """The URL list: a CSV with a ``url`` column and optional ``township``, ``county``, ``year``
    hints (or one URL per line, no header). Returns the targets and the rows that are not."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [], []
    header = [c.strip().lower() for c in rows[0]]
    if "url" not in header:
        header, rows = ["url"], [rows[0]] + rows[1:]
    else:
        rows = rows[1:]
    targets, bad = [], []
    for values in rows:
        row = {k: (v or "").strip() for k, v in zip(header, values)}
        url = row.get("url", "")
        if not url and not any(row.values()):
            continue
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            bad.append((url or ",".join(values), "not an http(s) URL"))
            continue
        hints = {k: row[k] for k in HINTS if row.get(k)}
        if "year" in hints and not (hints["year"].isdigit() and len(hints["year"]) == 4):
            bad.append((url, f"year hint {hints.pop('year')!r} is not a year; ignored"))
        targets.append(Target(url, hints))
    return targets, bad


def harvest(targets: list[Target], corpus: Path, settings: HarvestSettings = HarvestSettings(),
            index_urls: tuple[str, ...] = (), year: int | None = None, words=TITLE_WORDS,
            bad: list[tuple[str, str]] = ()) -> Summary:
    """Harvest ``targets`` and the reports listed from ``index_urls`` into ``corpus``."""
    archive = Archive(corpus)
    for url, reason in bad:
        archive.error(url, "input", reason)
    warc = None
    if settings.warc is not None:
        from .warc import WarcLog
        warc = WarcLog(settings.warc)
    try:
        with Fetcher(settings, warc) as fetcher:
            run = _Run(archive, fetcher)
            targets = list(targets) + [t for idx in index_urls for t in run.listed(idx, year, words)]
            with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
                list(pool.map(run.target, _interleave(_unique(targets))))
            summary = Summary(run.outcomes, len(archive.errors), fetcher.requests)
    finally:
        archive.close()
        if warc is not None:
            warc.close()
    return summary


class _Run:
    def __init__(self, archive: Archive, fetcher: Fetcher):
        self.archive, self.fetcher = archive, fetcher
        self.outcomes: Counter = Counter()
        self.today = datetime.now(timezone.utc).date().isoformat()
        self._claimed: set[str] = set()
        self._lock = threading.Lock()

    def listed(self, index_url: str, year: int | None, words) -> list[Target]:
        def get(url: str) -> tuple[bytes, str, str]:
            got = self.fetcher.get(url)
            return got.body, got.content_type, got.final_url

        found = report_links(get, index_url, year=year, words=words, max_pages=self.fetcher.settings.max_list_pages,
                             error=lambda url, reason: self.archive.error(url, "index", reason))
        return [Target(item.url, list_title=item.title) for item in found]

    def target(self, target: Target) -> None:
        try:
            self._page(target)
        except Exception as e:  # a bug on one page must not stop the others
            self.archive.error(target.url, "harvest", f"{type(e).__name__}: {e}")

    def _page(self, target: Target) -> None:
        if not self._claim(target.url):
            return
        copy = self._fetch(target.url)
        if copy is None:
            return
        fields = {**target.hints, "list_title": target.list_title}
        if not is_html(copy.content_type, copy.data):
            self._keep(target.url, copy, {**fields, "kind": "file"})
            return
        try:
            page = read_page(copy.data, copy.content_type, copy.final_url)
        except Exception as e:
            self.archive.error(target.url, "parse", f"the page cannot be read: {type(e).__name__}: {e}")
            self._keep(target.url, copy, {**fields, "kind": "page"})
            return
        evidence = {**target.hints, "page_title": page.title, **page.metadata}
        self._keep(target.url, copy, {**fields, **evidence, "encoding": page.encoding,
                                      "kind": "link_page" if page.links_only else "page"}, hidden=page.links_only)
        for attachment in page.attachments:
            self._attachment(attachment, target.url, evidence)

    def _attachment(self, attachment: Attachment, page_url: str, evidence: dict) -> None:
        if not self._claim(attachment.url):
            return
        copy = self._fetch(attachment.url, page_url)
        if copy is not None:
            self._keep(attachment.url, copy, {**evidence, "kind": "attachment", "page_url": page_url,
                                              "link_text": attachment.text})

    def _claim(self, url: str) -> bool:
        """True the first time a run meets ``url`` (a page, or an attachment linked from two pages)."""
        with self._lock:
            if url in self._claimed:
                return False
            self._claimed.add(url)
            return True

    def _fetch(self, url: str, page_url: str = "") -> _Copy | None:
        try:
            got = self.fetcher.get(url, self.archive.validators(url))
        except FetchFailed as e:
            self.archive.error(url, e.stage, e.reason, e.status, page_url)
            return None
        if got.status == 304:
            row = self.archive.current[url]
            self._count("unchanged")
            return _Copy(self.archive.archived(url), row.get("content_type", ""), row.get("final_url") or url, None)
        return _Copy(got.body, got.content_type, got.final_url, got)

    def _keep(self, url: str, copy: _Copy, fields: dict, hidden: bool = False) -> None:
        got = copy.fetched
        if got is None:
            return   # 304: the archived file and its row stand
        row = {"final_url": got.final_url, "retrieved_on": self.today, "http_status": got.status,
               "content_type": got.content_type, "last_modified": got.headers.get("last-modified", ""),
               "etag": got.headers.get("etag", ""), "redirects": " ".join(got.redirects),
               **{k: v for k, v in fields.items() if v}}
        ext = extension(got.content_type, got.final_url, copy.data)
        self._count(self.archive.keep(url, copy.data, ext, row, hidden))

    def _count(self, outcome: str) -> None:
        with self._lock:
            self.outcomes[outcome] += 1


def _unique(targets: list[Target]) -> list[Target]:
    seen: dict[str, Target] = {}
    for t in targets:
        seen.setdefault(t.url, t)
    return list(seen.values())


def _interleave(targets: list[Target]) -> list[Target]:
    """Round robin over hosts, keeping each host's order: workers start on different hosts."""
    by_host: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        by_host[urlsplit(t.url).netloc].append(t)
    queues = list(by_host.values())
    out = []
    for i in range(max((len(q) for q in queues), default=0)):
        out += [q[i] for q in queues if i < len(q)]
    return out
