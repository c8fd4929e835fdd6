"""Findings across years: what one report of a township carries into the next.

The format makes two figures cross the year boundary:

* table 三: 二、上年结转 (``carried_over``) of year N is what year N−1 printed as 四、结转下年度继续办理
  (``carried_forward``), column by column (applicant by applicant);
* table 二 of the 2019 template: 上一年项目数量 (``items_prev_year``) of year N is year N−1's
  上一年项目数量 plus its 本年增/减 (``items_change``), category by category.

A township is known by its place key (the report id's place part: township and county in pinyin,
so two townships of one name in different counties never meet; a report that names no county or
prefecture is not compared, as its township may be any of its namesakes). Only consecutive years of one
key are compared, only cells that carry a number on both sides; a missing year, a prose-only report
or a blank cell is never a finding. A broken continuity is a finding on *both* reports, naming
both reports, both cells and both lines: which of them is wrong the data cannot say.

Pure: it reads plain rows (the reports table and the cells of the two rows concerned), so the
tables stage can run it over every report after the chunks are made, whatever was cached.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import itemgetter

from ..catalogue import APPLICATIONS, PROACTIVE
from .rules import Finding, finding

MAX_PEERS = 10        # reports of one township-year compared with the next year's (a folder of copies)

# (table, row, column) -> (value, source line); value None where not a number
Cells = Mapping[tuple[str, str, str, str], tuple[object, int | None]]

# the cells read: table -> (its column to filter on, the keys kept)
CONTINUITY_CELLS = {
    "applications": ("row", ("carried_over", "carried_forward")),
    "proactive": ("measure", ("items_prev_year", "items_change")),
}


def place_key(report: Mapping) -> str | None:
    """The township's key without the year: ``caofangzhen-ninghuaxian-2020`` -> ``caofangzhen-ninghuaxian``.

    >>> place_key({"place_year": "caofangzhen-ninghuaxian-2020", "year": 2020})
    'caofangzhen-ninghuaxian'
    >>> place_key({"place_year": "report-undated", "year": None}) is None
    True
    >>> place_key({"place_year": "shimenxiang-2020", "year": 2020}) is None   # no county: one of nine 石门乡
    True
    """
    year, base = report.get("year"), report.get("place_year") or ""
    suffix = f"-{year}"
    if year is None or not base.endswith(suffix):
        return None
    key = base[: -len(suffix)]
    return key if "-" in key else None      # a township's name alone: which of its namesakes is not known


def pairs(reports: list[Mapping]) -> list[tuple[Mapping, Mapping]]:
    """The reports compared, as (year before, year): consecutive years of one place key, at most
    MAX_PEERS reports a side. ``reports``: rows with report_id, place_year, year, template and
    source_file. Only these reports' cells are read (a national year alone compares none)."""
    by_place: dict[str, dict[int, list[Mapping]]] = defaultdict(lambda: defaultdict(list))
    for r in sorted(reports, key=itemgetter("report_id")):     # each year's reports in id order
        key = place_key(r)
        if key:
            by_place[key][int(r["year"])].append(r)
    out = []
    for years in by_place.values():
        for year in sorted(years):
            if year - 1 not in years:
                continue
            for prev in years[year - 1][:MAX_PEERS]:
                out += [(prev, this) for this in years[year][:MAX_PEERS]]
    return out


def across_years(compared: list[tuple[Mapping, Mapping]], cells: Cells) -> dict[str, list[Finding]]:
    """Continuity findings by report id. ``compared``: the ``pairs`` of the reports; ``cells``:
    (report id, table, row, column) -> (value, line)."""
    return by_report(compare(prev, this, cells) for prev, this in compared)


def compare(prev: Mapping, this: Mapping, cells: Cells) -> list[Finding]:
    """The findings of one pair, on both reports, in the order they are published: what depends on
    these two reports only (so a build can keep them while neither report changes)."""
    out: dict[str, list[Finding]] = defaultdict(list)
    _carried(prev, this, cells, out)
    if prev.get("template") == this.get("template") == "2019":
        _items(prev, this, cells, out)
    return [f for found in out.values() for f in found]


def by_report(found_by_pair: Iterable[list[Finding]]) -> dict[str, list[Finding]]:
    """The pairs' findings by report id, each report's in the order of the pairs."""
    out: dict[str, list[Finding]] = defaultdict(list)
    for found in found_by_pair:
        for f in found:
            out[f.report_id].append(f)
    return {rid: out[rid] for rid in sorted(out)}


def _peer(r: Mapping, *lines: int | None) -> dict[str, str]:
    """How a finding names the other report, its file and lines, in Chinese and in English."""
    shown = [str(n) for n in lines if n]
    zh = f"，第{'、'.join(shown)}行" if shown else ""
    en = f", line{'s' if len(shown) > 1 else ''} {', '.join(shown)}" if shown else ""
    return {"peer": f"{r['report_id']}（{r['source_file']}{zh}）",
            "peer_en": f"{r['report_id']} ({r['source_file']}{en})"}


def _carried(prev: Mapping, this: Mapping, cells: Cells, out) -> None:
    for col in (c.key for c in APPLICATIONS.cols):
        forward, f_line = cells.get((prev["report_id"], "applications", "carried_forward", col), (None, None))
        over, o_line = cells.get((this["report_id"], "applications", "carried_over", col), (None, None))
        if forward is None or over is None or forward == over:
            continue
        out[this["report_id"]].append(finding(this["report_id"], "continuity.carried_over", "applications",
                                              "carried_over", col, expected=forward, actual=over, line=o_line,
                                              **_peer(prev, f_line)))
        out[prev["report_id"]].append(finding(prev["report_id"], "continuity.carried_forward", "applications",
                                              "carried_forward", col, expected=over, actual=forward, line=f_line,
                                              **_peer(this, o_line)))


def _items(prev: Mapping, this: Mapping, cells: Cells, out) -> None:
    for category in (r.key for r in PROACTIVE.rows):
        base, b_line = cells.get((prev["report_id"], "proactive", category, "items_prev_year"), (None, None))
        change, c_line = cells.get((prev["report_id"], "proactive", category, "items_change"), (None, None))
        now, n_line = cells.get((this["report_id"], "proactive", category, "items_prev_year"), (None, None))
        if base is None or change is None or now is None or base + change == now:
            continue
        out[this["report_id"]].append(finding(
            this["report_id"], "continuity.items_prev_year", "proactive", category, "items_prev_year",
            expected=_num(base + change), actual=_num(now), line=n_line, **_peer(prev, b_line, c_line)))
        out[prev["report_id"]].append(finding(
            prev["report_id"], "continuity.items_next_year", "proactive", category, "items_prev_year",
            expected=_num(now), actual=_num(base + change), line=b_line, detail=c_line or "?",
            **_peer(this, n_line)))


def _num(v) -> int | float:
    """12.0 -> 12 (the proactive table's values are numbers; most are whole)."""
    return int(v) if float(v).is_integer() else v
