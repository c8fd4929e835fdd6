"""Politeness: at most ``per_host`` requests in flight to a host, their starts at least ``delay``
seconds apart, and waits before a retry that grow (or that the server names in Retry-After).

A county portal is often one small server; a yearly harvest asks it for a few dozen pages, so it
can afford to be slow to each host while working on several hosts at once.
"""

from __future__ import annotations

import random
import threading
import time
from contextlib import contextmanager
from email.utils import parsedate_to_datetime


class HostGate:
    """Per host: a semaphore for the requests in flight and the earliest time the next may start."""

    def __init__(self, per_host: int):
        self.per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Semaphore, threading.Lock, list[float]]] = {}

    @contextmanager
    def slot(self, host: str, delay: float):
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = (threading.Semaphore(self.per_host), threading.Lock(), [0.0])
            sem, lock, next_start = self._hosts[host]
        with sem:
            with lock:  # reserve a start time, so waiting threads queue up delay apart
                now = time.monotonic()
                start = max(now, next_start[0])
                next_start[0] = start + delay
            if start > now:
                time.sleep(start - now)
            yield


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date.

    >>> retry_after("120")
    120.0
    >>> retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    >>> retry_after("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def backoff(attempt: int, base: float, cap: float) -> float:
    """Exponential wait before retry number ``attempt`` (0-based), with a little jitter so that
    threads turned away together do not come back together."""
    return min(cap, base * 2 ** attempt * (1 + random.random() / 4))
