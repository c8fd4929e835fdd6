"""Findings of a county's own report against the sum of its townships' reports.

A county (县, 县级市, 区) often publishes a report of its own beside its townships'. Where that report
prints a headline figure (``catalogue.HEADLINE``: applications, outcomes, review and litigation)
*smaller* than the same figure added up over the county's township reports of that year (the
``aggregates`` table: a copy counted once, conflicting versions not at all, a null never added),
the county's figure cannot be a count of the whole county: a finding on the county's report, with
both numbers and how many township reports make the sum. Its severity is ``info``, not an error:
many county reports count only the county government's own offices, and which kind a report is
the data does not say. A county figure at or above the sum says nothing (the county's offices
add to it) and is not a finding.

A county report is matched to its county by its names (county, prefecture, province) in the
division table; a name shared by two counties of the same province and prefecture is not compared.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..catalogue import HEADLINE
from ..places import gazetteer
from ..places.gazetteer import COUNTY, PREFECTURE, PROVINCE
from ..places.organ import COUNTY_LEVEL
from .rules import Finding, finding


def county_code(report: Mapping) -> str | None:
    """The division code of a county report's county, when its names fix exactly one."""
    gz = gazetteer()
    found = []
    for unit in gz.areas.get(report.get("county") or "", ()):
        if unit.level != COUNTY:
            continue
        up = {level: gz.ancestor(unit, level) for level in (PROVINCE, PREFECTURE)}
        if all(not report.get(key) or (up[level] is not None and up[level].name == report[key])
               for key, level in (("province", PROVINCE), ("prefecture", PREFECTURE))):
            found.append(unit.code)
    return found[0] if len(found) == 1 else None


def county_against_townships(reports: list[Mapping], summary: list[Mapping], totals: list[Mapping],
                             lines: Mapping[tuple[str, str, str, str], int | None],
                             cells: Mapping[str, tuple[str, str, str]]) -> dict[str, list[Finding]]:
    """Findings by report id. ``reports``/``summary``: rows of those tables; ``totals``: rows of
    the ``aggregates`` table; ``lines``: (report id, table, row, column) -> source line; ``cells``:
    summary column -> the cell it copies (tables.SUMMARY_CELLS)."""
    by_county = {(t["code"], t["year"], t["figure"]): t for t in totals if t["level"] == COUNTY_LEVEL}
    figures = {s["report_id"]: s for s in summary}
    out: dict[str, list[Finding]] = {}
    for r in reports:
        if r.get("level") != COUNTY_LEVEL or r.get("year") is None:
            continue
        code = county_code(r)
        if code is None:
            continue
        for figure, _ in HEADLINE:
            own = figures.get(r["report_id"], {}).get(figure)
            total = by_county.get((code, int(r["year"]), figure))
            if own is None or total is None or total["value"] is None or own >= total["value"]:
                continue
            table, row, col = cells[figure]
            out.setdefault(r["report_id"], []).append(finding(
                r["report_id"], "county.below_townships", table, row, col, expected=total["value"], actual=own,
                line=lines.get((r["report_id"], table, row, col)),
                detail=f"{total['reports']}", text=total["name"]))
    return out
