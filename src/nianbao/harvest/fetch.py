"""Fetching one URL politely and within bounds, with httpx.

Every request goes through the host's gate (politeness.py) and robots.txt (robots.py); redirects
are followed here, hop by hop, so that each hop is checked against its own host's robots.txt and
the chain is recorded. A response is streamed and stopped at ``max_bytes`` or ``max_seconds``;
429, 5xx, timeouts and dropped connections are retried with growing waits (Retry-After honoured).
Bodies are asked for uncompressed (``Accept-Encoding: identity``), so the archived bytes and the
WARC record are what the server sent.

What cannot be fetched raises FetchFailed with the stage and a plain reason: the caller records
it and goes on.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from . import politeness
from .robots import MAX_BYTES as ROBOTS_MAX_BYTES, Robots
from .settings import HarvestSettings

REDIRECTS = {301, 302, 303, 307, 308}


class FetchFailed(Exception):
    def __init__(self, stage: str, reason: str, status: int | None = None):
        super().__init__(reason)
        self.stage, self.reason, self.status = stage, reason, status


@dataclass
class Fetched:
    url: str                      # as asked
    final_url: str                # after redirects
    status: int                   # 2xx, or 304 when the archived copy is still current
    headers: httpx.Headers
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)   # asked URL .. final URL, when redirected

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Fetcher:
    """One HTTP client, gate and robots cache for a run. Thread-safe."""

    def __init__(self, settings: HarvestSettings, warc=None):
        self.settings = settings
        self.warc = warc
        self._count = itertools.count(1)
        self.requests = 0                 # requests sent in this run
        self.client = httpx.Client(
            headers={"User-Agent": settings.agent, "Accept-Encoding": "identity"},
            timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
            limits=httpx.Limits(max_connections=max(2, settings.concurrency * settings.per_host)))
        self.gate = politeness.HostGate(settings.per_host)
        self.robots = Robots(self._robots_txt, settings.agent.split("/")[0])

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def get(self, url: str, validators: dict[str, str] | None = None) -> Fetched:
        """The response to ``url`` after redirects (304 when ``validators`` show it unchanged)."""
        return self._follow(url, validators or {}, self.settings.max_bytes, check_robots=True)

    def _robots_txt(self, url: str) -> tuple[int | None, str]:
        try:
            got = self._follow(url, {}, ROBOTS_MAX_BYTES, check_robots=False)
        except FetchFailed as e:   # an answer cut short (too large, too slow) is no answer
            return (e.status if e.status and e.status >= 400 else None), e.reason
        return got.status, got.body.decode("utf-8", errors="replace")

    def _follow(self, url: str, headers: dict[str, str], max_bytes: int, check_robots: bool) -> Fetched:
        chain = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchFailed("fetch", f"not an http(s) URL: {current}")
            if check_robots and (refused := self.robots.refusal(current)):
                raise FetchFailed("robots", refused)
            status, got_headers, body = self._with_retries(current, headers, max_bytes, check_robots)
            location = got_headers.get("location")
            if status in REDIRECTS and location:
                current = urljoin(current, location.strip())
                if current in chain:
                    raise FetchFailed("fetch", f"redirect loop: {' -> '.join(chain + [current])}", status)
                chain.append(current)
                continue
            if status != 304 and not 200 <= status < 300:
                raise FetchFailed("fetch", f"HTTP {status}", status)
            return Fetched(url, current, status, got_headers, body, chain if len(chain) > 1 else [])
        raise FetchFailed("fetch", f"more than {self.settings.max_redirects} redirects")

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int,
                      check_robots: bool) -> tuple[int, httpx.Headers, bytes]:
        s = self.settings
        for attempt in range(s.retries + 1):
            status = None
            try:
                status, got_headers, body = self._once(url, headers, max_bytes, check_robots)
            except httpx.TimeoutException:
                reason, wait = f"timed out (no answer within {s.timeout:g} s)", None
            except httpx.TransportError as e:
                reason, wait = f"connection failed: {type(e).__name__}: {e}", None
            else:
                if status != 429 and status < 500:
                    return status, got_headers, body
                reason, wait = f"HTTP {status}", politeness.retry_after(got_headers.get("retry-after"))
            if attempt == s.retries:
                raise FetchFailed("fetch", f"{reason}; gave up after {attempt + 1} tries", status)
            if wait is not None and wait > s.max_wait:
                raise FetchFailed("fetch", f"{reason}; the server asks to wait {wait:.0f} s "
                                           f"(Retry-After), longer than the {s.max_wait:g} s allowed", status)
            time.sleep(wait if wait is not None else politeness.backoff(attempt, s.backoff, s.max_wait))
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str], max_bytes: int,
              check_robots: bool) -> tuple[int, httpx.Headers, bytes]:
        delay = self.settings.delay
        if check_robots:
            delay = max(delay, min(self.robots.crawl_delay(url), self.settings.max_crawl_delay))
        with self.gate.slot(urlsplit(url).netloc, delay):
            self.requests = next(self._count)
            started = time.monotonic()
            with self.client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchFailed("fetch", f"response of {int(declared):,} bytes is larger than the "
                                               f"{max_bytes:,} allowed; not read", r.status_code)
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchFailed("fetch", f"response larger than the {max_bytes:,} bytes allowed; "
                                                   "stopped reading", r.status_code)
                    if time.monotonic() - started > self.settings.max_seconds:
                        raise FetchFailed("fetch", f"response took longer than {self.settings.max_seconds:g} s; "
                                                   "stopped reading", r.status_code)
                    chunks.append(chunk)
                body = b"".join(chunks)
            if self.warc is not None:
                self.warc.record(r, body)
            return r.status_code, r.headers, body
