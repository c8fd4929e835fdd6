"""Findings that need more than one report: two files for one township and year, the same numbers
(a copy) or different ones (a conflict). Both stay published and point to each other. Only reports
of the same township and year are compared, so the work grows with the copies, not the corpus."""

from __future__ import annotations

from collections import defaultdict

from ..describe import Report
from .rules import Finding, finding


def across_reports(reports: list[Report]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        groups[r.place_year].append(r)
    out: dict[str, list[Finding]] = defaultdict(list)
    for group in groups.values():
        if len(group) < 2:
            continue
        values = {r.report_id: {k: c.value for k, c in r.index().items()} for r in group}
        for r in group:
            for other in group:
                if other is r:
                    continue
                a, b = values[r.report_id], values[other.report_id]
                differ = sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k))
                rule = "report.conflict" if differ else "report.duplicate"
                out[r.report_id].append(finding(r.report_id, rule, expected=other.report_id, actual=differ,
                                                detail=other.ex.source_file))
    return out
