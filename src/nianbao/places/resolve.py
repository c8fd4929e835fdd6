"""Resolution: from what a report prints to one township of the gazetteer, or to an honest "don't know".

The township's name gives the candidates (石门乡 names nine townships). Each kind of evidence then
narrows them, in a fixed order: the county printed before the township's name, county or city names
printed anywhere in the text, the manifest, the phone's area code, the website's domain. The place
is resolved only when exactly one candidate is left; ``method`` names the evidence that left it.

Evidence that fits none of the candidates is a contradiction, published in ``notes``. A printed
county or a manifest value that contradicts blocks resolution (the report may be about a township
since merged or renamed, which shares its name with one elsewhere); a phone or a domain that
contradicts is only noted, being weaker (a report may print the county's switchboard).

When the township cannot be resolved, the county-level place is still filled where the printed
county alone names exactly one unit, so the report can be browsed by region; township and
division_code stay null.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

from . import domain, phone as phone_ev
from .gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP, Gazetteer, Unit, gazetteer
from .names import township_name, township_stem

RESOLVED, AMBIGUOUS, UNKNOWN = "resolved", "ambiguous", "unknown"


@dataclass(frozen=True)
class Resolution:
    status: str                                   # resolved | ambiguous | unknown
    province: str | None = None
    prefecture: str | None = None                 # None where the table has no such level (直辖市)
    county: str | None = None                     # None for townships directly under a prefecture
    township: str | None = None                   # the gazetteer's spelling
    division_code: str | None = None              # 9-digit 民政部 code, only when resolved
    method: str | None = None                     # text | manifest | phone | domain
    candidates: tuple[tuple[str, str], ...] = ()  # (code, full name) when not resolved
    evidence: tuple[str, ...] = ()                # every kind of evidence consistent with the result
    notes: tuple[str, ...] = ()                   # contradictions and evidence set aside

    def fields(self) -> dict:
        """The published place columns."""
        d = asdict(self)
        return {k: d[k] for k in ("province", "prefecture", "county", "township", "division_code")}


# A step narrows the candidates: None when it has nothing to say, [] when it contradicts them all.
Step = Callable[[list[Unit]], "list[Unit] | None"]
ORDER = ("text", "manifest", "phone", "domain")


def resolve(township: str | None, county: str | None, texts: list[str], phone: str | None,
            website: str | None, manifest: dict | None) -> Resolution:
    """Resolve a report's place; see the module docstring for the rules."""
    gz = gazetteer()
    manifest = manifest or {}
    notes: list[str] = []
    code = str(manifest.get("division_code") or "").strip()
    if code:
        unit = gz.by_code.get(code)
        if unit is not None and unit.level == TOWNSHIP:
            return _resolved(gz, unit, "manifest", {"manifest"}, notes)
        notes.append(f"manifest division_code {code} is not a township of the gazetteer")

    name = township_name(township or manifest.get("township") or "")
    # The pipeline writes manifest values over the text's, so a township equal to the manifest's came from it.
    listed = manifest.get("township")
    name_source = "manifest" if listed and (not township or township == listed) else "text"
    if name not in gz.townships:  # 'YY区ZZ街道': the text kept a county-level prefix
        name, prefix = _known_tail(gz, name)
        county = county or (prefix if prefix and prefix[-1] in "县市区旗" else None)
    pool = list(gz.townships.get(name, ()))
    if not pool:
        return _unresolved(gz, UNKNOWN, _near(gz, name, county, manifest, phone), county, manifest, phone,
                           notes + ([f"no township named {name} in the gazetteer"] if name else []))

    method = name_source if len(pool) == 1 else None
    agree, blocked = {name_source}, False
    for kind, label, blocking, step in _steps(gz, name, county, texts, phone, website, manifest, notes):
        kept = step(pool)
        if kept is None:
            continue
        if not kept:
            blocked |= blocking
            notes.append(f"{label} fits none of {_names(gz, pool)}" + ("" if blocking else "; set aside"))
            continue
        agree.add(kind)
        if len(kept) < len(pool):
            pool = kept
            if len(pool) == 1 and method is None:
                method = kind
    if len(pool) == 1 and not blocked:
        return _resolved(gz, pool[0], method or name_source, agree, notes)
    if blocked:     # the printed county's own look-alikes first: 石门镇 printed, 石门乡 listed
        pool = [u for u in _near(gz, name, county, manifest, phone) if u not in pool] + pool
    return _unresolved(gz, AMBIGUOUS, pool, county, manifest, phone, notes)


def _known_tail(gz: Gazetteer, name: str) -> tuple[str, str]:
    """The longest end of ``name`` that is a township of the table, and what stands before it.

    >>> _known_tail(gazetteer(), '南召县石门乡')
    ('石门乡', '南召县')
    """
    for k in range(1, len(name) - 1):
        if name[k:] in gz.townships:
            return name[k:], name[:k]
    return name, ""


def _steps(gz: Gazetteer, name: str, county: str | None, texts: list[str], phone: str | None,
           website: str | None, manifest: dict, notes: list[str]) -> list[tuple[str, str, bool, Step]]:
    """(kind, label, blocks when contradicting, step) in the order evidence is weighed."""
    steps = []
    if county:
        steps.append(_named_step(gz, "text", "county", county, notes))
    if texts:
        steps.append(("text", "county names in the text", False, _printed_anywhere(gz, name, texts)))
    for key in ("county", "prefecture", "province"):
        if manifest.get(key):
            steps.append(_named_step(gz, "manifest", key, manifest[key], notes))
    area = phone_ev.area_code(phone)
    if area:
        steps.append(("phone", f"phone area code 0{area}", False, _within_codes(phone_ev.area_units(area))))
    host = domain.labels(website)
    if host:
        steps.append(("domain", f"domain {website}", False,
                      lambda pool: [u for u in pool if domain.matches(u, host)] or None))
    return steps


def _named_step(gz: Gazetteer, kind: str, key: str, value: str, notes: list[str]) -> tuple[str, str, bool, Step]:
    """A printed or listed place name: it must contain the township (a contradiction blocks)."""
    units = gz.named(value)
    if not units:
        notes.append(f"{kind} {key} {value} is not in the gazetteer; set aside")
    return kind, f"{kind} {key} {value}", True, _within(units)


def _within(units: tuple[Unit, ...]) -> Step:
    """Keep the candidates under one of ``units``; no evidence when the name is not in the table."""
    return _within_codes(frozenset(u.code for u in units))


def _within_codes(codes: frozenset[str]) -> Step:
    def step(pool: list[Unit]) -> list[Unit] | None:
        if not codes:
            return None
        return [u for u in pool if codes.intersection(u.path)]
    return step


def _printed_anywhere(gz: Gazetteer, name: str, texts: list[str]) -> Step:
    """Candidates whose county (else prefecture, else province) the text prints somewhere.

    A two-character name ('唐县', '城区') is too common a string to count alone: it counts only
    written before the township's name or after its prefecture's.
    """
    def step(pool: list[Unit]) -> list[Unit] | None:
        # Joined without breaks: a name wrapped across two lines of a PDF still reads as one.
        text = "".join(texts).replace(" ", "").replace("\t", "")
        seen: dict[str, bool] = {}              # one search per distinct name (城关镇: 82 candidates)

        def printed(area: Unit) -> bool:
            if area.name not in seen:
                parent = gz.by_code[area.path[-2]].name if len(area.path) > 1 else ""
                seen[area.name] = (area.name in text if len(area.name) > 2
                                   else area.name + name in text or bool(parent) and parent + area.name in text)
            return seen[area.name]

        for level in (COUNTY, PREFECTURE, PROVINCE):
            hits = [u for u in pool if (area := gz.ancestor(u, level)) is not None and printed(area)]
            if hits and len(hits) < len(pool):
                return hits
            if hits:                            # all printed: consistent, but says nothing more
                return pool
        return None
    return step


def _near(gz: Gazetteer, name: str, county: str | None, manifest: dict, phone: str | None) -> list[Unit]:
    """For an unknown name, townships of the printed county with the same stem (石门乡 vs 石门镇)."""
    area, _ = _area(gz, county, manifest, phone)
    if area is None or not name:
        return []
    stem = township_stem(name)
    return [u for u in gz.descendants(area, (TOWNSHIP,)) if township_stem(u.name) == stem]


def _area(gz: Gazetteer, county: str | None, manifest: dict, phone: str | None) -> tuple[Unit | None, str | None]:
    """The one prefecture or county a printed county name (text, then manifest) stands for, if any."""
    area = phone_ev.area_code(phone)
    codes = phone_ev.area_units(area) if area else frozenset()
    for kind, printed in (("text", county), ("manifest", manifest.get("county"))):
        units = [u for u in gz.named(printed or "") if u.level in (PREFECTURE, COUNTY)]
        for key in ("prefecture", "province"):
            above = {u.code for u in gz.named(manifest.get(key) or "")}
            units = [u for u in units if above.intersection(u.path)] if above else units
        if len(units) > 1 and codes:
            units = [u for u in units if codes.intersection(u.path)]
        if len(units) == 1:
            return units[0], kind
    return None, None


def _place(gz: Gazetteer, unit: Unit) -> dict:
    levels = {gz.by_code[c].level: gz.by_code[c].name for c in unit.path}
    return {"province": levels.get(PROVINCE), "prefecture": levels.get(PREFECTURE),
            "county": levels.get(COUNTY), "township": levels.get(TOWNSHIP)}


def _resolved(gz: Gazetteer, unit: Unit, method: str, agree: set[str], notes: list[str]) -> Resolution:
    return Resolution(RESOLVED, **_place(gz, unit), division_code=unit.code, method=method,
                      evidence=tuple(k for k in ORDER if k in agree), notes=tuple(notes))


def _unresolved(gz: Gazetteer, status: str, pool: list[Unit], county: str | None, manifest: dict,
                phone: str | None, notes: list[str]) -> Resolution:
    area, kind = _area(gz, county, manifest, phone)
    place = _place(gz, area) if area else {}
    place.pop("township", None)
    return Resolution(status, **place, method=kind, candidates=tuple((u.code, gz.full_name(u)) for u in pool),
                      evidence=(kind,) if kind else (), notes=tuple(notes))


def _names(gz: Gazetteer, pool: list[Unit]) -> str:
    shown = ", ".join(f"{u.code} {gz.full_name(u)}" for u in pool[:5])
    return shown + (f" (+{len(pool) - 5} more)" if len(pool) > 5 else "")
