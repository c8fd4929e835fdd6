"""Report ids: stable, readable, unique; the same report gets the same id in every release.

An id is made of the place and the year in pinyin, e.g. ``caofangzhen-ninghuaxian-2020``, so it
reads in a URL and sorts by place. Two reports that would share an id (a second copy, a conflict)
get ``-2``, ``-3`` in the order of their file names, which is stable across rebuilds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """'曹坊镇' -> 'caofangzhen'; ASCII kept, everything else dropped."""
    return _NOT_SLUG.sub("", "".join(lazy_pinyin(text)).lower())


def base_id(township: str | None, county: str | None, year: int | None, fallback: str) -> str:
    parts = [slug(p) for p in (township, county) if p]
    parts = [p for p in parts if p] or [slug(fallback) or "report"]
    return "-".join(parts + [str(year) if year else "undated"])


def assign(bases: list[str]) -> list[str]:
    """Unique ids from base ids, numbering repeats in the given (stable) order."""
    seen: dict[str, int] = {}
    out = []
    for b in bases:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b}-{seen[b]}")
    return out


def place_year(ex) -> str:
    """The id an extraction's township and year would have alone; shared by copies and conflicts."""
    return base_id(ex.meta("township"), ex.meta("county"), ex.meta("year"), Path(ex.source_file).stem)
