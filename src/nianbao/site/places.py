"""Browsing by place: province -> prefecture -> county, with the townships on the last page.

One index page per region keeps the navigation small however large the corpus grows, and a region
whose township-years fit on one page (``leaf_size``) is the last page of its branch: it lists them
all, with the places below it as text, instead of a page per county holding one or two (a page
each is most of a site's bytes when a corpus is spread thin). A place the data does not name (the
gazetteer has not resolved it yet) is grouped under 未识别, never guessed. URLs are pinyin slugs,
made unique among siblings in a stable order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..describe.ids import slug

UNKNOWN = "未识别"
UNKNOWN_SLUG = "unknown"
LEVELS = ("province", "prefecture", "county")
LEVEL_ZH = {"province": "省", "prefecture": "地市", "county": "县区", "township": "乡镇街道"}


@dataclass
class Region:
    name: str | None                      # None: not identified
    level: str                            # "" for the root, else one of LEVELS
    path: str                             # site directory, e.g. "regions/unknown/unknown/ninghuaxian/"
    parents: list["Region"] = field(default_factory=list)
    children: list["Region"] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return UNKNOWN if self.name is None else self.name


def tree(reports: list[dict], root: str = "regions/", leaf_size: int = 0) -> Region:
    """The region tree of ``reports``; every region lists all reports beneath it. A region below the
    top with at most ``leaf_size`` reports has no children (0: down to the counties)."""
    top = Region(None, "", root, reports=list(reports))
    _grow(top, 0, leaf_size)
    return top


def below(region: Region) -> tuple[str, ...]:
    """The levels under a region that have no pages of their own (a leaf above the counties)."""
    if region.children:
        return ()
    return LEVELS[LEVELS.index(region.level) + 1:] if region.level else LEVELS


def _grow(region: Region, depth: int, leaf_size: int) -> None:
    if depth == len(LEVELS) or (depth > 0 and len(region.reports) <= leaf_size):
        return
    level = LEVELS[depth]
    by_name: dict[str | None, list[dict]] = {}
    for r in region.reports:
        by_name.setdefault(_name(r.get(level)), []).append(r)
    used: set[str] = set()
    for name in sorted(by_name, key=lambda n: (n is None, slug(n or ""), n or "")):
        s = _unique(UNKNOWN_SLUG if name is None else (slug(name) or _hash(name)), used)
        child = Region(name, level, f"{region.path}{s}/", parents=region.parents + [region],
                       reports=by_name[name])
        region.children.append(child)
        _grow(child, depth + 1, leaf_size)


def walk(region: Region):
    """Every region, parents before children."""
    yield region
    for c in region.children:
        yield from walk(c)


def _name(value) -> str | None:
    value = (value or "").strip() if isinstance(value, str) else value
    return value or None


def _unique(s: str, used: set[str]) -> str:
    out, n = s, 1
    while out in used:
        n += 1
        out = f"{s}-{n}"
    used.add(out)
    return out


def _hash(name: str) -> str:
    return "p" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
