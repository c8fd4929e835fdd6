"""Describe: an extraction (what the file says) + the overlays -> the report as published.

Three overlays are laid over the extraction, each value recorded with its source, in one step at
the tables stage, so that changing any of them never needs re-extraction and is always reflected:

1. the manifest's values for the file (``manifest``): they replace what the text says;
2. the place, resolved against the gazetteer from every piece of evidence (``places.resolve``):
   the township, county, prefecture and province as the division table writes them, and the code;
3. a maintainer's corrections of single cells (``corrections``), once the report has its id.

The level (township, street, county, department, other) is the organ's, unless the manifest says
otherwise; a name that the gazetteer knows as a prefecture is no county's. A county the report names
that the table no longer has (宣武区, merged into 西城区 in 2010) is published as the report names it.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field, replace

from ..catalogue import TOWNSHIP_LEVELS
from ..extraction import Extraction, Field, Observation
from ..places import AMBIGUOUS, RESOLVED, UNKNOWN, Evidence, gazetteer, resolve
from ..places.gazetteer import PREFECTURE, PROVINCE
from ..places.organ import former_county
from . import corrections, ids
from .manifest import OVERRIDES, PLACE, Manifest

PUBLISHED = ("organ", "level", "township", "county", "prefecture", "province", "division_code", "year",
             "published_on", "phone", "email", "address", "postcode", "website", "source_url", "retrieved_on")
PLACE_FIELDS = ("township", "county", "prefecture", "province", "division_code")


@dataclass
class Description:
    """What the overlays make of one extraction: the published metadata (each value with its
    source and line), how the place was resolved, the id of its place and year, and what was
    noticed (place and manifest findings). Plain data: cached and sent between processes."""

    metadata: dict[str, Field]
    place_method: str | None
    place_year: str
    observations: list[Observation] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"metadata": {k: v.to_dict() for k, v in self.metadata.items()}, "place_method": self.place_method,
                "place_year": self.place_year, "observations": [o.__dict__ for o in self.observations]}

    @classmethod
    def from_dict(cls, d: dict) -> Description:
        return cls({k: Field(**v) for k, v in d["metadata"].items()}, d["place_method"], d["place_year"],
                   [Observation(**o) for o in d["observations"]])


@dataclass
class Report:
    """A report as published: its id, what its file says, the overlays, the corrections applied."""

    report_id: str
    ex: Extraction
    described: Description
    corrections: list[dict] = field(default_factory=list)

    @property
    def metadata(self) -> dict[str, Field]:
        return self.described.metadata

    @property
    def template(self) -> str | None:
        return self.ex.template

    @property
    def place_year(self) -> str:
        return self.described.place_year

    @property
    def observations(self) -> list[Observation]:
        return self.ex.observations + self.described.observations

    def meta(self, name: str):
        f = self.described.metadata.get(name)
        return f.value if f else None

    def index(self):
        return self.ex.index()


def describe(ex: Extraction, row: dict[str, str], notes: list[str] | tuple[str, ...] = ()) -> Description:
    """The overlays of the manifest (``row``, already checked; ``notes`` what was dropped from it) and
    of the gazetteer on ``ex``."""
    meta = {k: Field(v.value, v.line, v.source) for k, v in ex.metadata.items() if k in PUBLISHED}
    observations = [Observation("manifest.invalid", detail=n) for n in notes]
    for key in OVERRIDES:
        if row.get(key):
            meta[key] = Field(int(row[key]) if key == "year" else row[key], None, "manifest")
    listed = {k: row[k] for k in PLACE if row.get(k)}
    printed = not listed            # a maintainer's place replaces the text's, not argues with it
    place = resolve(Evidence(
        township=_text(ex, "township"), county=_text(ex, "county") if printed else None,
        prefecture=_text(ex, "prefecture") if printed else None, province=_text(ex, "province") if printed else None,
        mentions=tuple(m.name for m in ex.mentions) if printed else (),
        phone=ex.meta("phone"), website=ex.meta("website"), url=row.get("source_url"), manifest=listed))
    for key, value in place.fields().items():
        if value is not None:
            meta[key] = Field(value, None, f"gazetteer:{place.method}" if place.method else "gazetteer")
    county = ex.metadata.get("county")
    if printed and county and not gazetteer().named(county.value) and former_county(county.value):
        meta["county"] = county     # a county the table no longer has (宣武区, 渝北区): as the report names it
    if place.status in (AMBIGUOUS, UNKNOWN):
        for key in ("township", "division_code"):
            if key in meta and meta[key].source.startswith("gazetteer"):
                del meta[key]
        names = "、".join(full for _, full in place.candidates[:12])
        more = f" 等{len(place.candidates)}处" if len(place.candidates) > 12 else ""
        observations.append(Observation(f"place.{place.status}", detail=(names + more) or "无"))
    if place.notes and place.status != RESOLVED:
        observations.append(Observation("place.conflict", detail="；".join(place.notes)))
    _level(meta)
    level = meta["level"].value if "level" in meta else None
    organ = None if level in TOWNSHIP_LEVELS else meta.get("organ", Field(None)).value
    township = meta["township"].value if "township" in meta and level in TOWNSHIP_LEVELS + (None,) else None
    base = ids.base_id(township, _value(meta, "county") or _value(meta, "prefecture"), organ, _value(meta, "year"),
                       ex.source_file.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return Description(meta, place.method if place.status == RESOLVED else None, base, observations)


def _level(meta: dict[str, Field]) -> None:
    """A county-level reading of a name the gazetteer knows only as a prefecture or province
    ('清远市') is the level 'other'."""
    f = meta.get("level")
    if f is None or f.value != "county" or f.source == "manifest" or meta.get("county"):
        return
    name = _value(meta, "prefecture") or _value(meta, "province")
    if name and any(u.level in (PREFECTURE, PROVINCE) for u in gazetteer().named(name)):
        meta["level"] = Field("other", f.line, f.source)


def _text(ex: Extraction, key: str) -> str | None:
    return ex.meta(key)


def _value(meta: dict[str, Field], key: str):
    f = meta.get(key)
    return f.value if f else None


def assign_ids(place_years: list[tuple[str, str]]) -> dict[str, str]:
    """report id by source file, from (source file, its description's place_year); the files in a
    stable order (their names) so ids are stable."""
    ordered = sorted(place_years)
    return dict(zip((s for s, _ in ordered), ids.assign([py for _, py in ordered])))


def report(report_id: str, ex: Extraction, described: Description, folder) -> Report:
    """The published report: its corrections (``folder``/<id>.yaml) applied to its cells."""
    data, why = corrections.load(folder, report_id) if folder else (None, None)
    if data:        # corrections change cells: those of a copy, never the extraction's (copies share it)
        ex = replace(ex, cells=[copy(c) for c in ex.cells])
    applied = corrections.apply(ex.index(), data, ex.sha256)
    if why:
        applied.append({"invalid": why})
    return Report(report_id, ex, described, applied)


def standalone(ex: Extraction, report_id: str = "report", corrections=None) -> Report:
    """One extraction described on its own (no manifest): to check a single file, as ``nianbao
    validate`` and the tests do."""
    return report(report_id, ex, describe(ex, {}), corrections)


__all__ = ["Description", "Manifest", "PUBLISHED", "Report", "assign_ids", "describe", "report", "standalone"]
