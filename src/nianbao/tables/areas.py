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
from operator import itemgetter

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
    for r in sorted(reports, key=itemgetter("report_id")):
        code, year = r.get("division_code"), r.get("year")
        if r.get("level") not in TOWNSHIP_LEVELS or not code or year is None:
            continue
        unit = gz.by_code.get(code)
        if unit is not None and unit.level == TOWNSHIP:
            out[code, int(year)].append(r)
    return dict(out)


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
    dictionary each, nor a step of Python each (a county's columns are made a township at a time,
    absent by default; then each township-year with reports is set). ``seen``: ``by_township``."""
    gz = gazetteer()
    chains, _, area_names, _ = area_index()
    by_county: dict[str, dict[tuple[str, int], list[dict]]] = defaultdict(dict)
    for (code, year), group in seen.items():
        by_county[_parent(code).code][code, year] = group
    out: dict[str, list] = {c: [] for c in COVERAGE_COLUMNS}
    for county_code, groups in sorted(by_county.items()):
        first, last = min(year for _, year in groups), max(year for _, year in groups)
        n = last - first + 1
        towns = [u for u in sorted(gz.children.get(county_code, ()), key=lambda u: u.code) if u.level == TOWNSHIP]
        for town in towns:
            names = _names(town, chains, area_names)
            out["division_code"] += [town.code] * n
            for key in ("township", "county", "prefecture", "province"):
                out[key] += [names[key]] * n
        out["year"] += list(range(first, last + 1)) * len(towns)
        out["county_code"] += [county_code] * (len(towns) * n)
        status, reports, ids = ["absent"] * (len(towns) * n), [0] * (len(towns) * n), [None] * (len(towns) * n)
        row = {town.code: k * n - first for k, town in enumerate(towns)}     # + year: the township-year's row
        for (code, year), group in groups.items():
            if code in row:
                at = row[code] + year
                status[at], reports[at] = _status(group, conflicted), len(group)
                ids[at] = " ".join(r["report_id"] for r in group)
        out["status"] += status
        out["reports"] += reports
        out["report_ids"] += ids
    return out


def as_rows(columns: dict[str, list], where: list[int] | None = None) -> list[dict]:
    """Columns as one dictionary per row (only the rows at ``where``, if given)."""
    names = list(columns)
    if where is None:
        return [dict(zip(names, values)) for values in zip(*columns.values())]
    return [{name: columns[name][i] for name in names} for i in where]


def _names(town, chains: dict, names: dict) -> dict:
    areas = dict(chains[town.code])
    return {"township": town.name, **{level: names[areas[level]] if level in areas else None
                                      for level in ("county", "prefecture", "province")}}


def aggregates(seen: dict[tuple[str, int], list[dict]], summary: list[dict], conflicted: set[str]) -> dict[str, list]:
    """Totals of the headline figures per area and year (see the module); long form, one row per
    figure, as columns (AGGREGATE_COLUMNS). ``seen``: ``by_township`` of the reports.

    Each township-year is added to its lowest area, then each area's total to its parent's, a
    level at a time: the sums are of integers, the same in any order, and a national corpus's
    figures are added once, not once per level."""
    by_id = {s["report_id"]: s for s in summary}
    chains, parents, names, counts = area_index()
    totals: dict[tuple[str, str, int], list] = {}        # (level, code, year) -> a _total
    for (code, year), group in seen.items():
        figures = by_id.get(group[0]["report_id"], {}) if _status(group, conflicted) != "conflict" else {}
        values = [figures.get(f) for f in FIGURES]
        _merge(totals, (*chains[code][0], year),
               [values, [int(v is not None) for v in values], [int(v is None) for v in values], 1])
    for level in LEVELS[:-1]:
        for (lvl, area, year), total in [(k, v) for k, v in totals.items() if k[0] == level]:
            _merge(totals, (*parents[lvl, area], year), total)
    out: dict[str, list] = {c: [] for c in AGGREGATE_COLUMNS}
    order = {level: i for i, level in enumerate(LEVELS)}
    n = len(FIGURES)
    for level, code, year in sorted(totals, key=lambda k: (order[k[0]], k[1], k[2])):
        sums, printed, missing, members = totals[level, code, year]
        known = counts[code]
        for key, value in (("level", level), ("code", code), ("name", names[code]),
                           ("parent_code", parents[level, code][1] if level != "national" else None),
                           ("year", year), ("absent", known - members), ("townships", known)):
            out[key] += [value] * n
        out["figure"] += FIGURES
        out["value"] += sums
        out["reports"] += printed
        out["missing"] += missing
    return out


def _merge(totals: dict, key: tuple, other: list) -> None:
    """Add ``other`` to ``totals[key]``. A total: [the sum of each figure (None: none printed), how
    many township-years printed it, how many did not, how many township-years there are]."""
    total = totals.get(key)
    if total is None:
        totals[key] = [list(other[0]), list(other[1]), list(other[2]), other[3]]
        return
    sums = total[0]
    for i, v in enumerate(other[0]):
        if v is not None:
            sums[i] = v if sums[i] is None else sums[i] + v
        total[1][i] += other[1][i]
        total[2][i] += other[2][i]
    total[3] += other[3]


def area_index() -> tuple[dict, dict, dict, dict]:
    """The areas of the division table as aggregates and coverage count them, made once and kept
    with the gazetteer (its snapshot: a national build touches every township, and working out
    their areas again took a third of a second):

    - township code -> its areas, lowest first, the nation last: (level, code) each;
    - area -> the area above it (not for the nation);
    - area code -> its name;
    - area code -> how many townships the table lists under it (the nation: all)."""
    return gazetteer().index("tables.areas", _area_index)


def _area_index(gz) -> tuple[dict, dict, dict, dict]:
    chains, parents, names, counts = {}, {}, {NATION[0]: NATION[1]}, defaultdict(int)
    nation = ("national", NATION[0])
    keys: dict[str, tuple[str, str]] = {}                  # one tuple per area, shared by its townships
    for town in sorted((u for u in gz.by_code.values() if u.level == TOWNSHIP), key=lambda u: u.code):
        chain = []
        for level, depth in (("county", COUNTY), ("prefecture", PREFECTURE), ("province", PROVINCE)):
            unit = gz.ancestor(town, depth)
            if unit is not None:
                chain.append(keys.setdefault(unit.code, (level, unit.code)))
                names[unit.code] = unit.name
        chain.append(nation)
        chains[town.code] = tuple(chain)
        for below, above in zip(chain, chain[1:]):
            parents[below] = above
        for _, code in chain:
            counts[code] += 1
    return chains, parents, names, dict(counts)
