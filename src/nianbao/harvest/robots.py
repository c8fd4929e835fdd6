"""robots.txt, fetched once per host and run (RFC 9309, parsed by Protego).

What an unavailable robots.txt means follows the RFC: a 4xx answer (no robots.txt) allows
everything; a server error or no answer at all means the host cannot say what it allows, so
nothing is fetched from it in this run (the error row says so). A Crawl-delay slows the host
down to it, up to ``max_crawl_delay``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

MAX_BYTES = 512 * 1024   # the RFC asks parsers to read at least 500 KiB


@dataclass
class HostRules:
    parser: Protego | None       # None: every path allowed (no robots.txt)
    refused: str | None = None   # why nothing may be fetched (robots.txt unreachable)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Robots:
    """``fetch(url) -> (status, text)`` reads a robots.txt (status None: no answer)."""

    def __init__(self, fetch: Callable[[str], tuple[int | None, str]], agent: str):
        self._fetch = fetch
        self._agent = agent
        self._lock = threading.Lock()
        self._hosts: dict[str, HostRules] = {}
        self._host_locks: dict[str, threading.Lock] = {}

    def rules(self, url: str) -> HostRules:
        host = origin(url)
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        with host_lock:  # one fetch of a host's robots.txt, however many threads ask
            if host not in self._hosts:
                self._hosts[host] = self._read(host)
            return self._hosts[host]

    def _read(self, host: str) -> HostRules:
        status, text = self._fetch(host + "/robots.txt")
        if status is not None and 200 <= status < 300:
            return HostRules(Protego.parse(text))
        if status is not None and 400 <= status < 500:
            return HostRules(None)
        answer = f"HTTP {status}" if status else text or "no answer"
        return HostRules(None, f"robots.txt unreachable ({answer}): the host is not harvested in this run "
                               "(RFC 9309 2.3.1.4)")

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None."""
        rules = self.rules(url)
        if rules.refused:
            return rules.refused
        if rules.parser is not None and not rules.parser.can_fetch(url, self._agent):
            return f"robots.txt of {origin(url)} disallows {urlsplit(url).path or '/'}"
        return None

    def crawl_delay(self, url: str) -> float:
        rules = self.rules(url)
        delay = rules.parser.crawl_delay(self._agent) if rules.parser is not None else None
        return float(delay or 0)
