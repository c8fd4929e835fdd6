"""Coverage and totals on the region pages and the home page, from the ``coverage`` and ``aggregates``
tables (tables/areas.py): which townships published which years, and the headline figures added up.

A region's chart is inline SVG made here (no script, no library, no request to any host), with the
table of exactly what it shows beside it and that table as CSV (a ``data:`` link, so the page stays
one file; the totals of every area are in the ``aggregates`` table). A total is null ("—") when no report gave the number, and every total says how many
reports it is missing: the chart never draws a bar for a null.
"""

from __future__ import annotations

import base64
import csv
import io
from collections import defaultdict

from ..catalogue import HEADLINE, TOWNSHIP_LEVELS
from ..describe.ids import slug
from ..validate.continuity import place_key
from .data import Dataset
from .html import NULL, attr, esc, fmt, link, rel
from .layout import is_township
from .places import Region

CHART = "applications_new_received"       # the figure the chart draws
MAX_NAMES = 60                            # townships without a report named per county; more are counted
MAX_BARS = 60                             # parts in a year's comparison: the largest (all: aggregates, summary)
NAMED_COUNTIES = 5                        # a page of more counties counts those townships, without names
LABELS = dict(HEADLINE)


class Areas:
    """The two tables indexed for the pages: totals by area code, coverage by county code."""

    def __init__(self, ds: Dataset):
        self.totals: dict[str, list[dict]] = defaultdict(list)
        self.area: dict[str, dict] = {}
        for r in ds.tables.get("aggregates", []):
            self.totals[r["code"]].append(r)
            self.area.setdefault(r["code"], r)
        self.grid: dict[str, list[dict]] = defaultdict(list)
        self.county_of: dict[str, str] = {}
        for r in ds.tables.get("coverage", []):
            self.grid[r["county_code"]].append(r)
            self.county_of[r["division_code"]] = r["county_code"]

    def code(self, region: Region) -> str | None:
        """The division code of a region (from its reports' townships), None when none is resolved."""
        if not region.level:
            return "CN" if "CN" in self.area else None
        for r in region.reports:
            code = self.county_of.get(r.get("division_code") or "")
            while code and code in self.area:
                if self.area[code]["level"] == region.level:
                    return code
                code = self.area[code]["parent_code"]
        return None

    def counties(self, region: Region) -> list[str]:
        """The county codes of a region's reports, in code order."""
        return sorted({self.county_of[c] for c in (r.get("division_code") for r in region.reports)
                       if c in self.county_of})


def areas(ds: Dataset) -> Areas:
    """The index, made once per dataset."""
    if "_nb_areas" not in ds.__dict__:
        ds.__dict__["_nb_areas"] = Areas(ds)
    return ds.__dict__["_nb_areas"]


def totals_section(ds: Dataset, region: Region) -> str:
    """A region's chart of ``CHART`` per year and the table of its totals, or '' when it has none."""
    a = areas(ds)
    code = a.code(region)
    rows = a.totals.get(code or "", [])
    if not rows:
        return ""
    name = rows[0]["name"]
    years = sorted({r["year"] for r in rows})
    by = {(r["year"], r["figure"]): r for r in rows}
    heads = "".join(f"<th>{esc(label)}</th>" for _, label in HEADLINE)
    body = []
    for y in years:
        first = by.get((y, HEADLINE[0][0])) or next(r for r in rows if r["year"] == y)
        cells = "".join(f"<td>{_value(by.get((y, f)))}</td>" for f, _ in HEADLINE)
        body.append(f'<tr><th scope="row">{y}</th><td>{first["townships"] - first["absent"]}'
                    f' / {first["townships"]}</td>{cells}</tr>')
    table = (f'<div class="nb-scroll"><table class="nb-table nb-totals" id="totals-{esc(code)}">'
             f"<caption>{esc(name)}：各年度合计（乡镇报告之和；“缺n”为有报告但未印该数或版本冲突的份数，"
             f"不计入合计）</caption><thead><tr><th>年度</th><th>有报告的乡镇 / 区划表乡镇</th>{heads}</tr></thead>"
             f"<tbody>{''.join(body)}</tbody></table></div>")
    chart = svg_chart(f"{name}：{LABELS[CHART]}（件，按年度）",
                      [(str(y), _number(by.get((y, CHART)))) for y in years], f"totals-{code}")
    return (f'<h2 id="totals">{esc(name)}合计</h2><div class="nb-noindex"><div class="nb-chart">{chart}</div>'
            f'{table}<p><a href="{attr(_csv_href(years, by))}" download="nianbao-totals-{esc(code)}.csv">'
            "下载此表 CSV</a> · 全部地区合计见数据表 <code>aggregates</code>，覆盖情况见 <code>coverage</code>。</p></div>")


def _value(row: dict | None) -> str:
    if row is None:
        return NULL
    shown = esc(fmt(row["value"])) if row["value"] is not None else NULL
    missing = f" <small>缺{row['missing']}</small>" if row["missing"] else ""
    return shown + missing


def _number(row: dict | None):
    return None if row is None else row["value"]


def svg_chart(title: str, points: list[tuple[str, int | float | None]], described_by: str) -> str:
    """Bars of one figure (``CHART``), one per labelled point (a year, a place); a null is no bar,
    labelled —. Inline SVG, no script; ``described_by``: the id of the table of the same numbers."""
    values = [v for _, v in points if v is not None]
    top = max(values, default=0) or 1
    step, height, base = 56, 120, 100
    width = max(step * len(points) + 16, 160)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height + 16}" '
             f'viewBox="0 0 {width} {height + 16}" aria-labelledby="{esc(described_by)}-t" '
             f'aria-describedby="{esc(described_by)}" class="nb-svg">'
             f'<title id="{esc(described_by)}-t">{esc(title)}</title>']
    parts.append(f'<line x1="8" y1="{base}" x2="{width - 8}" y2="{base}" stroke="currentColor" stroke-width="1"/>')
    for i, (label, v) in enumerate(points):
        x = 16 + i * step
        if v is None:
            parts.append(f'<text x="{x + 16}" y="{base - 4}" text-anchor="middle" font-size="11">{NULL}</text>')
        else:
            h = round(80 * v / top)
            parts.append(f'<rect x="{x}" y="{base - h}" width="32" height="{h}" fill="currentColor" '
                         f'opacity="0.55"/><text x="{x + 16}" y="{base - h - 4}" text-anchor="middle" '
                         f'font-size="11">{esc(fmt(v))}</text>')
        parts.append(f'<text x="{x + 16}" y="{base + 14}" text-anchor="middle" font-size="11">{esc(label)}</text>')
    parts.append(f'<text x="8" y="{height + 12}" font-size="10">{esc(LABELS[CHART])}</text></svg>')
    return "".join(parts)


def parts_section(ds: Dataset, region: Region, here: str) -> str:
    """The region's latest year of two parts or more, across its parts: each part region's total of
    ``CHART``, or in a region without parts (a county) each township's report, as a chart and the
    table beside it.
    A part or report without the number is "—", never a bar of 0; '' when there is nothing."""
    a = areas(ds)
    if region.children:
        rows = []
        for child in region.children:
            code = a.code(child)
            for r in a.totals.get(code or "", []):
                if r["figure"] == CHART:
                    rows.append((r["year"], child.label, r["value"], rel(here, child.path), r["missing"]))
    else:
        rows = [(r.get("year"), r.get("township") or r.get("organ") or "", ds.summary(r["report_id"]).get(CHART),
                 rel(here, ds.dir(r["report_id"])), 0)
                for r in region.reports if r.get("level") in TOWNSHIP_LEVELS and r.get("year") is not None]
    per_year = defaultdict(list)
    for r in rows:
        per_year[r[0]].append(r)
    year = max((y for y, rs in per_year.items() if len(rs) >= 2), default=None)     # nothing to compare: none
    if year is None:
        return ""
    shown = sorted(per_year[year], key=lambda r: (r[2] is None, -(r[2] or 0), slug(r[1]), r[1]))[:MAX_BARS]
    ident = f"parts-{year}"
    body = "".join(f"<tr><td>{link(href, esc(label))}<td>{esc(fmt(v)) if v is not None else NULL}"
                   f"{f' <small>缺{m}</small>' if m else ''}" for _, label, v, href, m in shown)
    part = "各地" if region.children else "各乡镇街道"
    title = f"{region.label if region.level else '全国'} {year} 年度{part}：{LABELS[CHART]}（件）"
    chart = svg_chart(title, [(label, v) for _, label, v, _, _ in shown], ident)
    href = _csv([["place", "year", CHART, f"{CHART}_missing"]] + [[label, year, "" if v is None else v, m]
                                                                   for _, label, v, _, m in shown])
    return (f'<h2 id="parts">{esc(year)} 年度{part}比较</h2><div class="nb-noindex"><div class="nb-scroll nb-chart">'
            f'{chart}</div><div class="nb-scroll"><table class="nb-table" id="{ident}"><caption>{esc(title)}'
            f"（由大到小；“{NULL}”为报告未印该数）</caption><thead><tr><th>{'地区' if region.children else '乡镇街道'}"
            f"<th>{esc(LABELS[CHART])}</thead><tbody>{body}</tbody></table></div>"
            f'<p><a href="{attr(href)}" download="nianbao-{esc(ident)}.csv">下载此表 CSV</a></p></div>')


def years_section(ds: Dataset, report: dict, here: str) -> str:
    """On a township's report page: ``CHART`` in each year the township published (its primary
    report of that year), as a chart and the table beside it, each year linked; '' for one year."""
    key = place_key(report)
    years = _townships_years(ds).get(key) if key and is_township(report) else None
    if not years or len(years) < 2:
        return ""
    shown = [(year, rids[0], ds.summary(rids[0]).get(CHART), len(rids)) for year, rids in sorted(years.items())]
    name = report.get("township") or report.get("organ") or ""
    title = f"{name}：{LABELS[CHART]}（件，历年报告）"
    body = "".join(f"<tr><th scope=row>{link(rel(here, ds.dir(rid)), esc(year))}"
                   f"<td>{esc(fmt(v)) if v is not None else NULL}"
                   f"{f' <small>共{n}份文件，此为主版本</small>' if n > 1 else ''}" for year, rid, v, n in shown)
    href = _csv([["year", "report_id", CHART]] + [[y, rid, "" if v is None else v] for y, rid, v, _ in shown])
    chart = svg_chart(title, [(str(y), v) for y, _, v, _ in shown], "years-table")
    return (f'<h2 id=years>历年比较</h2><div class="nb-noindex"><div class="nb-scroll nb-chart">{chart}</div>'
            f'<div class="nb-scroll"><table class="nb-table" id=years-table><caption>{esc(title)}（“{NULL}”为报告未印该数）'
            f"</caption><thead><tr><th>年度<th>{esc(LABELS[CHART])}</thead><tbody>{body}</tbody></table></div>"
            f'<p><a href="{attr(href)}" download="nianbao-years-{esc(key)}.csv">下载此表 CSV</a></p></div>')


def _townships_years(ds: Dataset) -> dict[str, dict[int, list[str]]]:
    """Township key (its place-year id without the year) -> year -> its reports' ids, the primary
    first; made once per dataset."""
    if "_nb_years" not in ds.__dict__:
        index: dict[str, dict[int, list[str]]] = defaultdict(dict)
        for r in ds.entries:
            key = place_key(r)
            if key and is_township(r):
                index[key][int(r["year"])] = [v["report_id"] for v in ds.versions(r)]
        ds.__dict__["_nb_years"] = index
    return ds.__dict__["_nb_years"]


def _csv_href(years: list[int], by: dict) -> str:
    """The totals table shown, as CSV in a data: URL (``_csv``)."""
    rows = [["year", "townships_with_report", "townships"] + [k for f, _ in HEADLINE for k in (f, f"{f}_missing")]]
    for y in years:
        first = next(r for (yy, _), r in by.items() if yy == y)
        row = [y, first["townships"] - first["absent"], first["townships"]]
        for f, _ in HEADLINE:
            r = by.get((y, f))
            row += ["" if r is None or r["value"] is None else r["value"], "" if r is None else r["missing"]]
        rows.append(row)
    return _csv(rows)


def _csv(rows: list[list]) -> str:
    """Rows as CSV (UTF-8 with BOM, for spreadsheets) in a base64 data: URL: the page stays one file.
    Place names come from the division table; a text that could start a formula gets an apostrophe."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow(["'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row])
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(("\ufeff" + buf.getvalue()).encode()).decode()


def coverage_section(ds: Dataset, region: Region, here: str) -> str:
    """Which townships of the region's counties published which years: per county, how many of its
    townships have a report each year, and those with none in any year (by name on a page of a few
    counties; the townships with reports are listed above, each year linked to its report)."""
    a = areas(ds)
    counties = a.counties(region)
    if not counties:
        return ""
    years = sorted({r["year"] for c in counties for r in a.grid[c]})
    body = []
    for c in counties:
        rows = a.grid[c]
        towns: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            towns[r["division_code"]].append(r)
        per_year = defaultdict(int)
        for r in rows:
            per_year[r["year"]] += r["status"] != "absent"
        spans = {r["year"] for r in rows}
        never = [rs[0]["township"] for _, rs in sorted(towns.items()) if all(r["status"] == "absent" for r in rs)]
        cells = "".join(f"<td>{per_year[y] if y in spans else NULL}</td>" for y in years)
        shown = ("、".join(never[:MAX_NAMES]) + (f" 等 {len(never)} 个" if len(never) > MAX_NAMES else "")
                 if len(counties) <= NAMED_COUNTIES else f"{len(never)} 个")
        body.append(f"<tr><td>{esc(rows[0]['county'] or rows[0]['prefecture'] or '')}</td>"
                    f"<td>{len(towns)}</td>{cells}<td>{esc(shown)}</td></tr>")
    heads = "".join(f"<th>{y}</th>" for y in years)
    return (f'<h2 id="coverage">覆盖情况</h2><p>民政部区划表中这些县区的乡镇街道，每个年度有几个在本数据集中有报告'
            f"（“{NULL}”：该县区这一年没有任何报告被收录；没有报告不等于没有发布）。各乡镇、各年度见数据表 "
            "<code>coverage</code>。</p>"
            f'<div class="nb-scroll nb-noindex"><table class="nb-table nb-coverage"><thead><tr><th>县区</th>'
            f"<th>乡镇街道数</th>{heads}<th>各年度都未见报告的乡镇街道</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def national_text(ds: Dataset) -> str:
    """'覆盖：2020 年度 4 / 38,723 个乡镇…' from the national totals, '' without them."""
    rows = [r for r in areas(ds).totals.get("CN", []) if r["figure"] == HEADLINE[0][0]]
    if not rows:
        return ""
    parts = [f"{r['year']} 年度 {r['townships'] - r['absent']:,} / {r['townships']:,}"
             for r in sorted(rows, key=lambda r: r["year"])]
    return ("全国覆盖（有报告的乡镇 / 民政部区划表中的乡镇街道）：" + "；".join(parts) + "。")
