"""Coverage and aggregates: the reports seen from the division table.

**Coverage** answers "which townships published which years": for every township of the division
table under each county the corpus touches (a county is touched when one of its townships' reports
is resolved to it), and every year from the county's first to its last year in the corpus (a year
in which the corpus holds nothing of the county says more about the corpus than about the county;
a gap inside the span shows), one row: ``published`` (one report),
``duplicate`` (several files with the same numbers), ``conflict`` (files that differ) or ``absent``.
Where a township hangs directly under a prefecture (东莞市 -> 虎门镇), that prefecture stands for
its county.

**Aggregates** add up the headline figures (``catalogue.HEADLINE``) of the townships' reports for
each county, prefecture, province and the nation, per year. A township-year counts once: a copy is
not counted twice, and conflicting versions are not counted at all (which of them is right is not
known), they count as missing. A null is never added: each total says how many reports contributed
a number (``reports``), how many were published without it or in conflict (``missing``), and how
many townships of the division table published nothing that year (``absent``). A total of no
reports is null, not 0. Nothing is imputed.

Only township and street reports whose township was resolved to a 9-digit code take part.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ..catalogue import HEADLINE, TOWNSHIP_LEVELS
from ..places import gazetteer
from ..places.gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP

NATION = ("CN", "全国")
LEVELS = ("county", "prefecture", "province", "national")
COVERAGE_STATUSES = ("published", "duplicate", "conflict", "absent")
FIGURES = tuple(c for c, _ in HEADLINE)


COVERAGE_COLUMNS = ("division_code", "year", "township", "county", "prefecture", "province", "county_code",
                    "status", "reports", "report_ids")
AGGREGATE_COLUMNS = ("level", "code", "name", "parent_code", "year", "figure", "value", "reports", "missing",
                     "absent", "townships")


def by_township(reports: list[dict]) -> dict[tuple[str, int], list[dict]]:
    """(township code, year) -> its reports, in report-id order: what coverage and aggregates read."""
    gz = gazetteer()
    out: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in reports:
        code, year = r.get("division_code"), r.get("year")
        if r.get("level") not in TOWNSHIP_LEVELS or not code or year is None:
            continue
        unit = gz.by_code.get(code)
        if unit is not None and unit.level == TOWNSHIP:
            out[code, int(year)].append(r)
    return {k: sorted(v, key=lambda r: r["report_id"]) for k, v in out.items()}


def _status(group: list[dict], conflicted: set[str]) -> str:
    if not group:
        return "absent"
    if len(group) == 1:
        return "published"
    return "conflict" if any(r["report_id"] in conflicted for r in group) else "duplicate"


def _parent(code: str):
    """The county of a township (or the unit it hangs under where the table has no county)."""
    gz = gazetteer()
    return gz.by_code[gz.by_code[code].path[-2]]


def coverage(seen: dict[tuple[str, int], list[dict]], conflicted: set[str]) -> dict[str, list]:
    """One row per township of every touched county and per year of the corpus (see the module), as
    columns (COVERAGE_COLUMNS): a national table has hundreds of thousands of rows, not worth a
    dictionary each. ``seen``: ``by_township`` of the reports."""
    gz = gazetteer()
    spans: dict[str, list[int]] = {}
    for code, year in seen:
        span = spans.setdefault(_parent(code).code, [year, year])
        span[0], span[1] = min(span[0], year), max(span[1], year)
    out: dict[str, list] = {c: [] for c in COVERAGE_COLUMNS}
    for county_code, (first, last) in sorted(spans.items()):
        years = range(first, last + 1)
        towns = [u for u in sorted(gz.children.get(county_code, ()), key=lambda u: u.code) if u.level == TOWNSHIP]
        names = [_names(town) for town in towns]
        out["division_code"] += [town.code for town in towns for _ in years]
        out["year"] += list(years) * len(towns)
        for key in ("township", "county", "prefecture", "province"):
            out[key] += [n[key] for n in names for _ in years]
        out["county_code"] += [county_code] * (len(towns) * len(years))
        groups = [seen.get((town.code, year)) for town in towns for year in years]
        out["status"] += [_status(g, conflicted) if g else "absent" for g in groups]
        out["reports"] += [len(g) if g else 0 for g in groups]
        out["report_ids"] += [" ".join(r["report_id"] for r in g) if g else None for g in groups]
    return out


def as_rows(columns: dict[str, list], where: list[int] | None = None) -> list[dict]:
    """Columns as one dictionary per row (only the rows at ``where``, if given)."""
    names = list(columns)
    if where is None:
        return [dict(zip(names, values)) for values in zip(*columns.values())]
    return [{name: columns[name][i] for name in names} for i in where]


@lru_cache(maxsize=1 << 16)
def _names(town) -> dict:
    gz = gazetteer()
    names = {}
    for key, level in (("province", PROVINCE), ("prefecture", PREFECTURE), ("county", COUNTY)):
        unit = gz.ancestor(town, level)
        names[key] = unit.name if unit else None
    return {"township": town.name, **names}


def aggregates(seen: dict[tuple[str, int], list[dict]], summary: list[dict], conflicted: set[str]) -> dict[str, list]:
    """Totals of the headline figures per area and year (see the module); long form, one row per
    figure, as columns (AGGREGATE_COLUMNS). ``seen``: ``by_township`` of the reports."""
    by_id = {s["report_id"]: s for s in summary}
    # (level, code, year) -> the figures of each of its township-years with a report, in order
    members: dict[tuple[str, str, int], list[tuple]] = defaultdict(list)
    parents: dict[tuple[str, str], tuple[str | None, str]] = {}
    for (code, year), group in sorted(seen.items()):
        status = _status(group, conflicted)
        figures = by_id.get(group[0]["report_id"], {}) if status != "conflict" else {}
        values = tuple(figures.get(f) for f in FIGURES)
        for level, unit, parent in _areas(code):
            parents[level, unit[0]] = (parent, unit[1])
            members[level, unit[0], year].append(values)
    out: dict[str, list] = {c: [] for c in AGGREGATE_COLUMNS}
    order = {level: i for i, level in enumerate(LEVELS)}
    n = len(FIGURES)
    for (level, code, year), values in sorted(members.items(), key=lambda kv: (order[kv[0][0]], kv[0][1], kv[0][2])):
        parent, name = parents[level, code]
        known = _townships(code)
        for key, value in (("level", level), ("code", code), ("name", name), ("parent_code", parent),
                           ("year", year), ("absent", known - len(values)), ("townships", known)):
            out[key] += [value] * n
        out["figure"] += FIGURES
        for column in zip(*values):
            printed = [v for v in column if v is not None]
            out["value"].append(sum(printed) if printed else None)
            out["reports"].append(len(printed))
            out["missing"].append(len(column) - len(printed))
    return out


@lru_cache(maxsize=1 << 16)
def _areas(code: str) -> tuple[tuple[str, tuple[str, str], str | None], ...]:
    """(level, (code, name), parent code) of each area a township is counted in, the nation last."""
    gz = gazetteer()
    town = gz.by_code[code]
    out = []
    chain = [(lvl, gz.ancestor(town, n)) for lvl, n in (("county", COUNTY), ("prefecture", PREFECTURE),
                                                        ("province", PROVINCE))]
    chain = [(lvl, u) for lvl, u in chain if u is not None]
    for i, (lvl, unit) in enumerate(chain):
        parent = chain[i + 1][1].code if i + 1 < len(chain) else NATION[0]
        out.append((lvl, (unit.code, unit.name), parent))
    out.append(("national", NATION, None))
    return tuple(out)


@lru_cache(maxsize=None)
def _townships(code: str) -> int:
    """How many townships the division table lists under an area (the nation: all)."""
    gz = gazetteer()
    if code == NATION[0]:
        return len({u.code for units in gz.townships.values() for u in units})
    return len(gz.descendants(gz.by_code[code], (TOWNSHIP,)))
