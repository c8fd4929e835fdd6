"""Resolution: from what a report prints and where it was found, to one unit of the gazetteer, or to
an honest "don't know".

With a township's name, the name gives the candidates (石门乡 names nine townships; 黄腊乡 is the
stem of 黄腊布依族苗族乡). Each kind of evidence then narrows them, in a fixed order: the county
printed with the township's name, the areas the text names anywhere, the manifest, the phone's
area code, the website the report prints, the page's own address (its host names the county, its
path the township's initials). The place is resolved only when exactly one candidate is left;
``method`` names the evidence that left it.

Evidence that fits none of the candidates is a contradiction: a printed county or a manifest value
that contradicts blocks resolution (the report may be about a township since merged or renamed,
which shares its name with one elsewhere); weaker evidence that contradicts is set aside.

Without a township (a county's or a department's report), or when the township cannot be
resolved, the county (else the prefecture) is still filled where the evidence names exactly one:
the printed county or prefecture, else the areas the text names, else the page's host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import phone as phone_ev, url as url_ev
from .gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP, Gazetteer, Unit, gazetteer
from .names import township_name, township_stem

RESOLVED, AMBIGUOUS, UNKNOWN, NONE = "resolved", "ambiguous", "unknown", "none"
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")   # their districts have no prefecture in the table
ORDER = ("text", "manifest", "phone", "website", "url")


@dataclass(frozen=True)
class Evidence:
    """What is known of a report's place, each piece from its source."""

    township: str | None = None            # as printed (the organ's name)
    county: str | None = None              # printed with it
    prefecture: str | None = None
    province: str | None = None
    mentions: tuple[str, ...] = ()         # areas the text names anywhere
    phone: str | None = None
    website: str | None = None             # the address the report prints
    url: str | None = None                 # where the page was retrieved (manifest source_url)
    manifest: dict = field(default_factory=dict)   # division_code, township, county, prefecture, province


@dataclass(frozen=True)
class Resolution:
    status: str                                   # resolved | ambiguous | unknown | none (no township)
    province: str | None = None
    prefecture: str | None = None                 # the municipality itself for its districts
    county: str | None = None                     # None for townships directly under a prefecture
    township: str | None = None                   # the gazetteer's spelling
    division_code: str | None = None              # 9-digit 民政部 code of the township; 6 of a county
    method: str | None = None                     # text | manifest | phone | website | url
    candidates: tuple[tuple[str, str], ...] = ()  # (code, full name) when not resolved
    evidence: tuple[str, ...] = ()                # every kind of evidence consistent with the result
    notes: tuple[str, ...] = ()                   # contradictions, in Chinese, for a finding

    def fields(self) -> dict:
        """The published place columns."""
        return {k: getattr(self, k) for k in ("province", "prefecture", "county", "township", "division_code")}


# A step narrows the candidates: None when it has nothing to say, [] when it contradicts them all.
Step = Callable[[list[Unit]], "list[Unit] | None"]


def resolve(ev: Evidence) -> Resolution:
    """Resolve a report's place; see the module docstring for the rules."""
    gz = gazetteer()
    notes: list[str] = []
    code = str(ev.manifest.get("division_code") or "").strip()
    if code:
        unit = gz.by_code.get(code)
        if unit is not None and unit.level == TOWNSHIP:
            return _resolved(gz, unit, "manifest", {"manifest"}, notes)
        notes.append(f"清单中的区划代码 {code} 不是区划表中的乡镇")
    listed = ev.manifest.get("township")
    name = township_name(listed or ev.township or "")
    name_source = "manifest" if listed else "text"
    county = ev.county
    if name and name not in gz.townships:          # 'YY区ZZ街道': the text kept a county-level prefix
        name, prefix = _known_tail(gz, name)
        county = county or (prefix if prefix and (prefix[-1] in "县市区旗" or prefix in gz.stems) else None)
    if not name:
        return _area_only(gz, ev, NONE, [], county, notes)
    pool = _candidates(gz, name)
    if not pool:                                  # merged or renamed (南薰乡 is now 南薰镇): its area, if sure
        near = list(gz.township_stems.get(township_stem(name), ()))
        kept, method, agree, blocked = _narrow(gz, near, ev, county, [])
        sure = len(kept) == 1 and not blocked and len(agree) > 0
        return _area_only(gz, ev, UNKNOWN, kept if kept else near, county,
                          notes + [f"区划表中没有名为“{name}”的乡镇"], kept[0] if sure else None, method)
    pool, method, agree, blocked = _narrow(gz, pool, ev, county, notes)
    method = method or (name_source if len(pool) == 1 else None)
    agree.add(name_source)
    if len(pool) > 1 and not blocked:             # the name as printed, over a look-alike by stem
        exact = [u for u in pool if u.name == name]
        pool, method = (exact, method or name_source) if len(exact) == 1 else (pool, method)
    if len(pool) == 1 and not blocked:
        return _resolved(gz, pool[0], method or name_source, agree, notes)
    if blocked:     # the printed county's own look-alikes first: 石门镇 printed, 石门乡 listed
        pool = [u for u in _near(gz, name, ev, county) if u not in pool] + pool
    return _area_only(gz, ev, AMBIGUOUS, pool, county, notes)


def _narrow(gz: Gazetteer, pool: list[Unit], ev: Evidence, county: str | None, notes: list[str]
            ) -> tuple[list[Unit], str | None, set[str], bool]:
    """Each kind of evidence in turn narrows the candidates: those left, the evidence that left one
    (if any), every kind that agreed, and whether a printed or listed name contradicted them all."""
    method, agree, blocked = None, set(), False
    for kind, label, blocking, step in _steps(gz, ev, county, notes):
        kept = step(pool)
        if kept is None:
            continue
        if not kept:
            blocked |= blocking
            if blocking:
                notes.append(f"{label}与候选乡镇均不符：{_names(gz, pool)}")
            continue
        agree.add(kind)
        if len(kept) < len(pool):
            pool = kept
            if len(pool) == 1 and method is None:
                method = kind
    return pool, method, agree, blocked


def _candidates(gz: Gazetteer, name: str) -> list[Unit]:
    """Townships of this name, and of its stem and kind (黄腊乡 -> 黄腊布依族苗族乡)."""
    exact = list(gz.townships.get(name, ()))
    kind = name[-1]
    by_stem = [u for u in gz.township_stems.get(township_stem(name), ()) if u.name[-1] == kind and u not in exact]
    return exact + by_stem


def _known_tail(gz: Gazetteer, name: str) -> tuple[str, str]:
    """The longest end of ``name`` that is a township of the table, and what stands before it.

    >>> _known_tail(gazetteer(), '南召县石门乡')
    ('石门乡', '南召县')
    """
    for k in range(2, len(name) - 1):
        if (name[k - 1] in "县市区旗" or name[:k] in gz.stems) and name[k:] in gz.townships:
            return name[k:], name[:k]       # after an area's name or stem (昭化元坝镇), not '二道河镇' -> '道河镇'
    return name, ""


def _steps(gz: Gazetteer, ev: Evidence, county: str | None, notes: list[str]
           ) -> list[tuple[str, str, bool, Step]]:
    """(kind, label, blocks when contradicting, step) in the order evidence is weighed."""
    steps = []
    for key, value in (("county", county), ("prefecture", ev.prefecture), ("province", ev.province)):
        if value:
            steps.append(_named_step(gz, "text", f"原文所印的{value}", value, notes))
    if ev.mentions:
        steps.append(("text", "原文提到的地名", False, _mentioned(gz, set(ev.mentions))))
    for key in ("county", "prefecture", "province"):
        if ev.manifest.get(key):
            steps.append(_named_step(gz, "manifest", f"清单所列的{ev.manifest[key]}", ev.manifest[key], notes))
    area = phone_ev.area_code(ev.phone)
    if area:
        steps.append(("phone", f"电话区号0{area}", False, _within_codes(phone_ev.area_units(area))))
    for kind, address in (("website", ev.website), ("url", ev.url)):
        labels = url_ev.host_labels(address)
        if labels:
            steps.append((kind, f"网址{address}", False,
                          lambda pool, labels=labels: [u for u in pool if url_ev.names_area(u, labels)] or None))
    path = url_ev.path_labels(ev.url)
    if path:
        steps.append(("url", f"网址路径{ev.url}", False,
                      lambda pool: [u for u in pool if url_ev.names_township(u, path)] or None))
    return steps


def _named_step(gz: Gazetteer, kind: str, label: str, value: str, notes: list[str]) -> tuple[str, str, bool, Step]:
    """A printed or listed place name: it must contain the township (a contradiction blocks)."""
    units = gz.named(value)
    if not units:   # a name the table no longer has (宣武区): evidence of nothing
        return kind, label, False, lambda pool: None
    return kind, label, True, _within_codes(frozenset(u.code for u in units))


def _within_codes(codes: frozenset[str]) -> Step:
    def step(pool: list[Unit]) -> list[Unit] | None:
        if not codes:
            return None
        return [u for u in pool if codes.intersection(u.path)]
    return step


def _mentioned(gz: Gazetteer, names: set[str]) -> Step:
    """Candidates whose county (else prefecture, else province) the text names somewhere."""
    def step(pool: list[Unit]) -> list[Unit] | None:
        for level in (COUNTY, PREFECTURE, PROVINCE):
            hits = [u for u in pool if (a := gz.ancestor(u, level)) is not None and a.name in names]
            if hits and len(hits) < len(pool):
                return hits
            if hits:                            # all named: consistent, but says nothing more
                return pool
        return None
    return step


def _near(gz: Gazetteer, name: str, ev: Evidence, county: str | None) -> list[Unit]:
    """For an unknown name, townships of the printed county with the same stem (石门乡 vs 石门镇)."""
    area, _ = _area(gz, ev, county)
    if area is None or not name:
        return []
    stem = township_stem(name)
    return [u for u in gz.descendants(area, (TOWNSHIP,)) if township_stem(u.name) == stem]


def _area(gz: Gazetteer, ev: Evidence, county: str | None) -> tuple[Unit | None, str | None]:
    """The one county (else prefecture) the evidence names, and which evidence: the printed county
    or prefecture (text, then manifest), else the areas the text names, else the page's host."""
    codes = phone_ev.area_units(a) if (a := phone_ev.area_code(ev.phone)) else frozenset()
    host = set(url_ev.host_units(ev.url)) | set(url_ev.host_units(ev.website))

    def one(units: list[Unit]) -> Unit | None:
        for narrow in (lambda us: us, lambda us: [u for u in us if codes.intersection(u.path)],
                       lambda us: [u for u in us if u in host or any(gz.ancestor(u, PREFECTURE) == h for h in host)]):
            kept = narrow(units)
            if len(kept) == 1:
                return kept[0]
        return None

    m = ev.manifest
    for kind, names, province in (("text", (county, ev.prefecture), ev.province),
                                  ("manifest", (m.get("county"), m.get("prefecture")), m.get("province"))):
        above = {u.code for u in gz.named(province or "")}
        for value in names:
            units = [u for u in gz.named(value or "") if u.level in (PREFECTURE, COUNTY)]
            units = [u for u in units if above.intersection(u.path)] if above else units
            if (unit := one(units)) is not None:
                return unit, kind
    named = [u for n in ev.mentions for u in gz.named(n) if u.level == COUNTY]
    if (unit := one(named)) is not None:
        return unit, "text"
    strong = [u for u in host if u.level == COUNTY] or [u for u in host if u.level == PREFECTURE]
    if len(strong) == 1:
        return strong[0], "url"
    return None, None


def _place(gz: Gazetteer, unit: Unit) -> dict:
    levels = {gz.by_code[c].level: gz.by_code[c].name for c in unit.path}
    if levels.get(PREFECTURE) is None and levels.get(PROVINCE) in MUNICIPALITIES:
        levels[PREFECTURE] = levels[PROVINCE]
    return {"province": levels.get(PROVINCE), "prefecture": levels.get(PREFECTURE),
            "county": levels.get(COUNTY), "township": levels.get(TOWNSHIP)}


def _resolved(gz: Gazetteer, unit: Unit, method: str, agree: set[str], notes: list[str]) -> Resolution:
    return Resolution(RESOLVED, **_place(gz, unit), division_code=unit.code, method=method,
                      evidence=tuple(k for k in ORDER if k in agree), notes=tuple(notes))


def _area_only(gz: Gazetteer, ev: Evidence, status: str, pool: list[Unit], county: str | None,
               notes: list[str], near: Unit | None = None, near_method: str | None = None) -> Resolution:
    """Township and code stay null; the county-level place is filled where the evidence (or the one
    look-alike township it leaves, ``near``) names it, else with what every candidate of an ambiguous
    name shares (牛街乡 of 巍山县 and of 洱源县: 大理白族自治州, 云南省)."""
    area, kind = (near, near_method or "text") if near is not None else _area(gz, ev, county)
    if area is None and status == AMBIGUOUS and pool:
        area, kind = _shared(gz, pool), "text"
    place = _place(gz, area) if area else {}
    place.pop("township", None)
    return Resolution(status, **place, method=kind,
                      candidates=tuple((u.code, gz.full_name(u)) for u in pool),
                      evidence=(kind,) if kind else (), notes=tuple(notes))


def _shared(gz: Gazetteer, pool: list[Unit]) -> Unit | None:
    """The lowest area above every unit of ``pool``, if they share one."""
    for level in (COUNTY, PREFECTURE, PROVINCE):
        above = {gz.ancestor(u, level) for u in pool}
        if len(above) == 1 and None not in above:
            return above.pop()
    return None


def _names(gz: Gazetteer, pool: list[Unit]) -> str:
    shown = "、".join(gz.full_name(u) for u in pool[:5])
    return shown + (f"等{len(pool)}处" if len(pool) > 5 else "")
