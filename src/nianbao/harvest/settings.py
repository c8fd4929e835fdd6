"""The harvest's settings: one frozen object, every default here (the politeness settings the
maintainers' guide documents, docs/harvest.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import __version__

USER_AGENT = f"nianbao-harvest/{__version__} (archive of township government information-disclosure annual reports)"


@dataclass(frozen=True)
class HarvestSettings:
    user_agent: str = USER_AGENT      # ASCII only: HTTP headers cannot carry Chinese
    contact: str = ""                 # a URL or e-mail added to the User-Agent, so a webmaster can reach us
    delay: float = 1.0                # seconds between the starts of two requests to one host
    per_host: int = 1                 # requests in flight to one host at once
    concurrency: int = 8              # pages harvested at once (across hosts)
    timeout: float = 30.0             # seconds to connect, and between two reads of a response
    max_seconds: float = 300.0        # a whole response, however slowly it trickles in
    retries: int = 3                  # more tries after a 429, a 5xx, a timeout or a dropped connection
    backoff: float = 2.0              # first wait before a retry; doubles with each try
    max_wait: float = 120.0           # longest wait for a retry (Retry-After beyond it: give up on the URL)
    max_crawl_delay: float = 60.0     # a robots.txt Crawl-delay is honoured up to this
    max_bytes: int = 100 * 2**20      # larger responses are stopped (the build refuses such files too)
    max_redirects: int = 10
    max_list_pages: int = 200         # list pages followed from one --index URL
    warc: Path | None = None          # also write every response to this WARC file (.warc.gz)

    @property
    def agent(self) -> str:
        return f"{self.user_agent[:-1]}; +{self.contact})" if self.contact else self.user_agent
