"""Report ids: stable, readable, unique, bounded; the same report gets the same id in every release.

An id is made of the place and the year in pinyin, e.g. ``caofangzhen-ninghuaxian-2020``, so it
reads in a URL and sorts by place. A report that is not a township's names its organ too
(``pinglixian-xiannongyenongcunju-2020``), so a county's department never shares an id with the
county. Two reports that would share an id (a second copy, a conflict) get ``-2``, ``-3`` in the
order of their file names, which is stable across rebuilds. Each part is cut to ``MAX_PART``
characters, so an id (and every file named after it) stays short whatever the report prints.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from ..places import gazetteer

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_PART = 40


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """'曹坊镇' -> 'caofangzhen'; ASCII kept, everything else dropped; long slugs cut with a hash.

    >>> slug('曹坊镇'), len(slug('镇' * 200)) <= MAX_PART
    ('caofangzhen', True)
    """
    s = _NOT_SLUG.sub("", "".join(pinyin()(text[:200])).lower())
    if len(s) > MAX_PART:
        s = s[: MAX_PART - 7] + hashlib.sha256(s.encode()).hexdigest()[:7]
    return s


def gazetteer_slugs() -> dict[str, str]:
    """The slug of every name in the division table, made once and kept in the gazetteer's snapshot
    (places.warm): describing a report of a known place then needs no pypinyin, whose dictionaries
    take half a second to load in every build that describes a new file."""
    return gazetteer().index("ids.slugs", lambda gz: {u.name: slug(u.name) for u in gz.by_code.values()})


@lru_cache(maxsize=1)
def pinyin():
    """pypinyin's ``lazy_pinyin``, imported when first needed: loading its dictionaries takes a
    quarter of a second, which a build whose places the gazetteer knows (their slugs are in it:
    ``gazetteer_slugs``) need not spend."""
    from pypinyin import lazy_pinyin
    return lazy_pinyin


def base_id(township: str | None, county: str | None, organ: str | None, year: int | None,
            fallback: str) -> str:
    """The id of a place and year; ``organ`` only for a report that is not a township's."""
    known = gazetteer_slugs()
    parts = list(dict.fromkeys(p for p in (known.get(x) or slug(x) for x in (township, county, organ) if x) if p))
    parts = parts or [slug(fallback) or "report"]
    return "-".join(parts + [str(year) if year else "undated"])


def assign(bases: list[str]) -> list[str]:
    """Unique ids from base ids, numbering repeats in the given (stable) order."""
    seen: dict[str, int] = {}
    out = []
    for b in bases:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b}-{seen[b]}")
    return out
