"""The checks of one report: the format's identities, the prose against the tables, completeness,
and what the earlier stages noticed (observations) and the overlays did (corrections)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter

from ..catalogue import BOTH, IDENTITIES, REVIEW_LITIGATION, TABLE_BY_NAME, Identity, cells
from ..describe import Report
from .rules import Finding, finding


def validate(report: Report) -> list[Finding]:
    """All findings for one report, in a stable order."""
    rid = report.report_id
    out: list[Finding] = []
    values, exact = _values(report)
    for identity in IDENTITIES:
        out += check_identity(report, identity, values, exact)
    out += check_prose(report)
    out += check_complete(report)
    for o in report.observations:
        out.append(finding(rid, o.rule, o.table, o.row, o.col, line=o.line, detail=o.detail))
    year, template = report.meta("year"), report.template
    if year and template in BOTH and (template == "2021") != (year >= 2021):
        out.append(finding(rid, "template.year_mismatch", expected=template, actual=year))
    lacking = [name for name in ("organ", "year") if report.meta(name) is None]
    if report.meta("level") in ("township", "street", None) and report.meta("township") is None:
        lacking.insert(1, "township")
    if lacking:
        out.append(finding(rid, "metadata.missing", detail=", ".join(lacking)))
    for c in report.corrections:
        rule = "correction.invalid" if c.get("invalid") else "correction.stale" if c.get("stale") \
            else "correction.applied"
        table = TABLE_BY_NAME.get(c.get("table") or "")     # a key the correction got wrong is in its detail
        row = c.get("row") if table and c.get("row") in {r.key for r in table.rows} else None
        column = c.get("column") if table and c.get("column") in {k.key for k in table.cols} else None
        out.append(finding(rid, rule, table.name if table else None, row, column, c.get("printed"),
                           c.get("value"), c.get("line"),
                           detail=c.get("invalid") or c.get("stale") or c.get("reason") or ""))
    return out


def check_identity(report: Report, identity: Identity, values: dict | None = None,
                   exact: bool | None = None) -> list[Finding]:
    """sum(left) == sum(right) for every member of the other dimension, where every cell is known
    and every key of the identity is a cell of the report's template. ``values``: the report's
    cells' values by index key, and ``exact``: whether they are the template's cells, if the caller
    has them (``validate`` works them out once for every identity)."""
    if values is None or exact is None:
        values, exact = _values(report)
    out = []
    for left, right, of_left, of_right in _plan(identity, report.template, exact):
        try:                                    # a member's values in one call each side (C, not a loop)
            lv = of_left(values)
        except KeyError:                        # a key of the left side is not a cell of the report
            continue
        try:
            rv = of_right(values)
        except KeyError:                        # the right side's cells the report has, if any
            rv = tuple(values[k] for k in right if k in values)
            if not rv:
                continue
        if None in lv or None in rv:
            continue
        lsum, rsum = sum(lv), sum(rv)
        if lsum == rsum:
            continue
        table, row, col = left[0]
        expected, actual = (lsum, rsum) if identity.rule == "applications.balance" else (rsum, lsum)
        out.append(finding(report.report_id, identity.rule, table, row if not identity.along_rows else None,
                           col if identity.along_rows else None, expected, actual,
                           line=report.index()[left[0]].line))
    return out


def _values(report: Report) -> tuple[dict, bool]:
    """The report's cells' values by index key, and whether its cells are exactly its template's
    (most reports': then it has every key the template's plan keeps, and no other)."""
    values = {k: c.value for k, c in report.index().items()}
    return values, values.keys() == _template_keys(report.template)


@lru_cache(maxsize=None)
def _plan(identity: Identity, template: str | None, exact: bool) -> tuple[tuple[tuple, tuple, Callable, Callable], ...]:
    """The identity's cells for each member, as index keys (table, row, column): left, right, and
    a function giving their values, as a tuple, from values by key. ``exact``: for a report whose
    cells are the template's, so the keys it lacks are known: members with a left key outside the
    template, or no right key in it, left out; right keys outside it dropped. Made once per
    identity and template, not once per report."""
    def key(k: str, m: str) -> tuple[str, str, str]:
        return (identity.table, *identity.cell(k, m))
    has = _template_keys(template) if exact else None
    out = []
    for m in identity.members(template):
        left, right = tuple(key(k, m) for k in identity.left), tuple(key(k, m) for k in identity.right)
        if has is not None:
            right = tuple(k for k in right if k in has)
            if not right or not all(k in has for k in left):
                continue
        out.append((left, right, _getter(left), _getter(right)))
    return tuple(out)


@lru_cache(maxsize=None)
def _template_keys(template: str | None) -> frozenset:
    """The index keys of every cell a report of ``template`` prints."""
    return frozenset((t.name, row, col) for t in TABLE_BY_NAME.values() for row, col in cells(t, template))


def _getter(keys: tuple) -> Callable[[dict], tuple]:
    """``lambda d: tuple(d[k] for k in keys)``, in C (``itemgetter`` of one key gives no tuple)."""
    if len(keys) == 1:
        one = itemgetter(keys[0])
        return lambda d: (one(d),)
    return itemgetter(*keys)


def check_prose(report: Report) -> list[Finding]:
    """What the text says against what the tables print (not for figures that are the cells)."""
    if report.template not in BOTH:
        return []
    out = []
    idx = report.index()
    rid = report.report_id
    for fact in report.ex.facts:
        if fact.key == "claim.no_applications":
            cell = idx.get(("applications", "new_received", "total"))
            if cell and cell.value:
                out.append(finding(rid, "prose.contradicts_table", "applications", "new_received", "total",
                                   actual=cell.value, line=fact.line, text=fact.text))
        elif fact.key == "claim.no_review_litigation":
            for row in REVIEW_LITIGATION.rows:
                cell = idx.get(("review_litigation", row.key, "total"))
                if cell and cell.value:
                    out.append(finding(rid, "prose.contradicts_table", "review_litigation", row.key, "total",
                                       actual=cell.value, line=fact.line, text=fact.text))
        elif fact.key.startswith("applications.") and fact.value is not None:
            _, row, col = fact.key.split(".")
            cell = idx.get(("applications", row, col))
            if cell and cell.value is not None and cell.value != fact.value:
                out.append(finding(rid, "prose.figure_mismatch", "applications", row, col,
                                   expected=fact.value, actual=cell.value, line=fact.line))
    return out


def check_complete(report: Report) -> list[Finding]:
    """One finding per table whose cells are absent from the source."""
    out = []
    if report.template not in BOTH:
        return out
    absent = [c for c in report.ex.cells if c.status == "missing"]      # one pass, most reports: none
    for table in TABLE_BY_NAME.values() if absent else ():
        missing = [c for c in absent if c.table == table.name]
        if missing:
            rows = list(dict.fromkeys(c.row for c in missing))
            labels = "、".join(table.row(r).zh for r in rows)
            f = finding(report.report_id, "table.incomplete", table.name, actual=len(missing), detail=labels)
            f.row = rows[0]  # the first absent row: where the source breaks off
            out.append(f)
    return out
