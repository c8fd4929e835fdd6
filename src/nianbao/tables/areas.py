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
from operator import itemgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..catalogue import HEADLINE, TOWNSHIP_LEVELS
from ..places import gazetteer
from ..places.gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP

NATION = ("CN", "全国")
LEVELS = ("county", "prefecture", "province", "national")
COVERAGE_STATUSES = ("published", "duplicate", "conflict", "absent")
FIGURES = tuple(c for c, _ in HEADLINE)


TOWN_COLUMNS = ("division_code", "township", "county", "prefecture", "province", "county_code")  # coverage's own
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


def coverage(seen: dict[tuple[str, int], list[dict]], conflicted: set[str]) -> dict[str, pa.Array]:
    """One row per township of every touched county and per year of the corpus (see the module), as
    Arrow columns (COVERAGE_COLUMNS): a national table has hundreds of thousands of rows, not worth a
    step of Python each. A county's rows are its townships' rows of the gazetteer's town table
    (``area_index``), each repeated for every year, all absent; then each township-year with reports
    is set. ``seen``: ``by_township``."""
    towns, block, at = _town_table(gazetteer())
    by_county: dict[str, dict[tuple[str, int], list[dict]]] = defaultdict(dict)
    for (code, year), group in seen.items():
        by_county[_parent(code).code][code, year] = group
    take, years, starts = [], [], {}
    size = 0
    for county_code, groups in sorted(by_county.items()):
        first, last = min(year for _, year in groups), max(year for _, year in groups)
        n, (start, end) = last - first + 1, block[county_code]
        take.append(np.repeat(np.arange(start, end), n))
        years.append(np.tile(np.arange(first, last + 1), end - start))
        starts[county_code] = (size - first, n)       # a township-year's row: start + place * n + year
        size += (end - start) * n
    status, reports, ids = ["absent"] * size, [0] * size, [None] * size
    for county_code, groups in by_county.items():
        start, n = starts[county_code]
        for (code, year), group in groups.items():
            row = start + at[code] * n + year
            status[row], reports[row] = _status(group, conflicted), len(group)
            ids[row] = " ".join(r["report_id"] for r in group)
    rows = pa.array(np.concatenate(take) if take else np.zeros(0, np.int64))
    columns = {**{name: towns[name].take(rows) for name in TOWN_COLUMNS},
               "year": pa.array(np.concatenate(years) if years else np.zeros(0, np.int64)),
               "status": pa.array(status, pa.string()), "reports": pa.array(reports, pa.int64()),
               "report_ids": pa.array(ids, pa.string())}
    return {name: columns[name] for name in COVERAGE_COLUMNS}


@lru_cache(maxsize=1)
def _town_table(gz) -> tuple[dict[str, pa.Array], dict[str, tuple[int, int]], dict[str, int]]:
    """Every township of the table as coverage lists it: a row each, county by county (the unit it
    hangs under) and by code within it; each county's rows (start, end); each township's place
    among its county's. Made as Arrow once for the gazetteer ``gz``, from its area index."""
    columns, block, at = area_index()[4]
    return {name: pa.array(values, pa.string()) for name, values in columns.items()}, block, at


def as_rows(columns: dict[str, list | pa.Array], where: list[int] | pa.Array | None = None) -> list[dict]:
    """Columns (lists or Arrow arrays) as one dictionary per row (only the rows at ``where``, if given)."""
    if where is not None:
        at = where if isinstance(where, pa.Array) else pa.array(where, pa.int64())
        columns = {name: values.take(at) if isinstance(values, pa.Array) else [values[i] for i in at.to_pylist()]
                   for name, values in columns.items()}
    columns = {name: values.to_pylist() if isinstance(values, pa.Array) else values
               for name, values in columns.items()}
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def aggregates(seen: dict[tuple[str, int], list[dict]], summary: list[dict],
               conflicted: set[str]) -> dict[str, pa.Array]:
    """Totals of the headline figures per area and year (see the module); long form, one row per
    figure, as Arrow columns (AGGREGATE_COLUMNS), ordered by level, code, year and figure.
    ``seen``: ``by_township`` of the reports.

    A township-year is a row with its areas (one column a level) and figures; each level's totals
    are a group-by of those rows by area and year (Arrow's, in C: a national year's 37,000
    township-years and 190,000 totals took 1 s of Python). The sums are exact: figures are added as
    38-digit decimals, and a total that does not fit the table's integers is null rather than
    wrapped round."""
    by_id = {s["report_id"]: s for s in summary}
    parents, names, counts, levels, _ = area_index()
    areas, years, figures = [], [], []
    for (code, year), group in seen.items():
        areas.append(levels[code])
        years.append(year)
        figures.append(by_id.get(group[0]["report_id"], NONE) if _status(group, conflicted) != "conflict" else NONE)
    by_level = list(zip(*areas)) or [()] * len(LEVELS)
    by_figure = list(zip(*(tuple(map(row.get, FIGURES)) for row in figures))) or [()] * len(FIGURES)
    rows = pa.table({**{level: pa.array(by_level[i], pa.string()) for i, level in enumerate(LEVELS)},
                     "year": pa.array(years, pa.int64()),
                     **{f: pa.array(by_figure[i], pa.int64()).cast(EXACT) for i, f in enumerate(FIGURES)}})
    per_level = [_totals(rows, level, parents, names, counts) for level in LEVELS]
    return {name: pa.concat_arrays([t[name] for t in per_level]) for name in AGGREGATE_COLUMNS}


EXACT = pa.decimal128(38, 0)
_INT64 = (pa.scalar(-(2**63), EXACT), pa.scalar(2**63 - 1, EXACT))
NONE: dict = {}     # the figures of a conflicted township-year: none


def _int64(sums: pa.Array) -> pa.Array:
    """Exact sums as the table's 64-bit integers; a sum beyond them (only thousands of hostile
    15-digit figures add up to 2**63) is null, never wrapped round and never a stopped build."""
    fits = pc.and_(pc.greater_equal(sums, _INT64[0]), pc.less_equal(sums, _INT64[1]))
    return pc.if_else(fits, sums, pa.scalar(None, EXACT)).cast(pa.int64())


def _totals(rows: pa.Table, level: str, parents: dict, names: dict, counts: dict) -> dict[str, pa.Array]:
    """One level's aggregates columns: its areas' township-years grouped by area and year."""
    grouped = rows.filter(pc.is_valid(rows[level])).group_by([level, "year"]).aggregate(
        [(f, "sum") for f in FIGURES] + [(f, "count") for f in FIGURES] + [([], "count_all")])
    grouped = grouped.sort_by([(level, "ascending"), ("year", "ascending")])
    column = {name: grouped[name].combine_chunks() for name in grouped.column_names}
    codes, n, k = column[level].to_pylist(), grouped.num_rows, len(FIGURES)
    members = column["count_all"].to_numpy(zero_copy_only=False)
    known = np.array([counts[code] for code in codes], dtype=np.int64)
    each = np.repeat(np.arange(n), k)                                 # a total's row, once per figure
    across = (np.arange(k) * n + np.arange(n)[:, None]).ravel()       # its figures, one after the other
    printed = pa.concat_arrays([column[f"{f}_count"] for f in FIGURES])
    return {"level": pa.array([level] * (n * k), pa.string()),
            "code": column[level].take(each),
            "name": pa.array([names[code] for code in codes], pa.string()).take(each),
            "parent_code": pa.array([parents[level, code][1] if level != "national" else None for code in codes],
                                    pa.string()).take(each),
            "year": column["year"].take(each),
            "figure": pa.array(list(FIGURES) * n, pa.string()),
            "value": _int64(pa.concat_arrays([column[f"{f}_sum"] for f in FIGURES]).take(across)),
            "reports": printed.take(across),
            "missing": pa.array(np.repeat(members, k) - printed.take(across).to_numpy(zero_copy_only=False)),
            "absent": pa.array(np.repeat(known - members, k)),
            "townships": pa.array(np.repeat(known, k))}


def area_index() -> tuple[dict, dict, dict, dict, tuple[dict, dict, dict]]:
    """The areas of the division table as aggregates and coverage count them, made once and kept
    with the gazetteer (its snapshot: a national build touches every township, and working out
    their areas again took a third of a second):

    - area -> the area above it (not for the nation);
    - area code -> its name;
    - area code -> how many townships the table lists under it (the nation: all);
    - township code -> its area of each of LEVELS (None where the table has none);
    - the town table coverage lists (``_town_table``): its columns, each county's rows, each
      township's place among its county's."""
    return gazetteer().index("tables.areas", _area_index)


def _area_index(gz) -> tuple[dict, dict, dict, dict, tuple[dict, dict, dict]]:
    parents, names, counts, levels = {}, {NATION[0]: NATION[1]}, defaultdict(int), {}
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
        levels[town.code] = tuple(dict(chain).get(level) for level in LEVELS)
        for below, above in zip(chain, chain[1:]):
            parents[below] = above
        for _, code in chain:
            counts[code] += 1
    return parents, names, dict(counts), levels, _towns(gz, levels, names)


def _towns(gz, levels: dict, names: dict) -> tuple[dict, dict, dict]:
    columns: dict[str, list] = {name: [] for name in TOWN_COLUMNS}
    block, at = {}, {}
    for county_code in sorted(gz.children):
        towns = sorted((u for u in gz.children[county_code] if u.level == TOWNSHIP), key=lambda u: u.code)
        start = len(columns["division_code"])
        block[county_code] = (start, start + len(towns))
        for k, town in enumerate(towns):
            at[town.code] = k
            county, prefecture, province, _ = levels[town.code]
            for name, value in (("division_code", town.code), ("township", town.name), ("county", names.get(county)),
                                ("prefecture", names.get(prefecture)), ("province", names.get(province)),
                                ("county_code", county_code)):
                columns[name].append(value)
    return columns, block, at
