"""Findings that need more than one report: two files for one township and year, the same numbers
(a copy) or different ones (a conflict). Both stay published and point to each other. Only reports
of the same township and year are compared, so the work grows with the copies, not the corpus."""

from __future__ import annotations

from collections import defaultdict

from ..describe import Report
from .rules import Finding, finding

MAX_PEERS = 10      # files of one township-year a report's findings name (a folder of copies has hundreds)


def across_reports(reports: list[Report]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        groups[r.place_year].append(r)
    out: dict[str, list[Finding]] = defaultdict(list)
    for group in groups.values():
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda r: r.report_id)
        values = {r.report_id: {k: c.value for k, c in r.index().items()} for r in group}
        tables: dict[frozenset, int] = {}                # each distinct set of values, numbered
        sign = {rid: tables.setdefault(frozenset(v.items()), len(tables)) for rid, v in values.items()}
        differs: dict[tuple[int, int], int] = {}          # counted once per pair of distinct tables
        for r in group:
            peers = [o for o in group if o is not r][:MAX_PEERS]
            for other in peers:
                pair = (sign[r.report_id], sign[other.report_id])
                if pair not in differs:
                    a, b = values[r.report_id], values[other.report_id]
                    differs[pair] = 0 if pair[0] == pair[1] else sum(1 for k in a.keys() | b.keys()
                                                                     if a.get(k) != b.get(k))
                differ = differs[pair]
                rule = "report.conflict" if differ else "report.duplicate"
                out[r.report_id].append(finding(r.report_id, rule, expected=other.report_id, actual=differ,
                                                detail=other.ex.source_file))
    return out
