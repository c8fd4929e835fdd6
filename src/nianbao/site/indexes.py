"""Index pages: all reports, by place, by year, the findings page, and the home page's overview.

Each is one page listing what is beneath it, never the whole site, so the navigation stays small.
Headline figures come from the ``summary`` table; null is "—", as everywhere.
"""

from __future__ import annotations

from collections import Counter

from . import layout
from .data import Dataset
from .html import NULL, block, esc, fmt, front_matter, heading, link, rel
from .pages import findings_list
from .places import LEVEL_ZH, UNKNOWN, Region, walk

# (summary column, short header); the column's full Chinese title is the header's tooltip.
HEADLINES = (
    ("applications_new_received", "新收申请"),
    ("applications_carried_over", "上年结转"),
    ("applications_total", "办理总计"),
    ("applications_carried_forward", "结转下年"),
    ("administrative_review_total", "行政复议"),
    ("litigation_direct_total", "直接起诉"),
    ("litigation_after_review_total", "复议后起诉"),
)


def sort_key(report: dict):
    names = [report.get(f) for f in ("province", "prefecture", "county", "township")]
    return [(n is None, n or "") for n in names] + [report.get("year") or 0, report["report_id"]]


def place_text(report: dict) -> str:
    parts = [report.get(f) or UNKNOWN for f in ("province", "prefecture", "county", "township")]
    return " ".join(parts)


def reports_table(ds: Dataset, reports: list[dict], here: str) -> str:
    """The index table: each report with its headline figures and validation status."""
    if not reports:
        return "<p>暂无报告。</p>"
    heads = "".join(f'<th title="{esc(layout.field_zh("summary", c))}">{esc(h)}</th>' for c, h in HEADLINES)
    out = [f'<table class="nb-table nb-index"><thead><tr><th>报告</th><th>地区</th><th>年度</th><th>格式</th>'
           f"{heads}<th>校验</th></tr></thead><tbody>"]
    for r in sorted(reports, key=sort_key):
        s = ds.summary(r["report_id"])
        page = rel(here, layout.report_dir(r["report_id"]))
        figures = "".join(f'<td class="nb-num">{esc(fmt(s.get(c)))}</td>' for c, _ in HEADLINES)
        status = r.get("validation_status")
        out.append(f'<tr id="i-{layout.report_slug(r["report_id"])}">'
                   f"<td>{link(page, esc(r.get('organ') or r.get('township') or r['report_id']))}</td>"
                   f"<td>{esc(place_text(r))}</td><td>{esc(r.get('year') or UNKNOWN)}</td>"
                   f"<td>{esc(r.get('template'))}</td>{figures}"
                   f'<td class="nb-status nb-{esc(status)}">{esc(layout.STATUS_ZH.get(status, status))}</td></tr>')
    out.append("</tbody></table>")
    return f'<div class="nb-scroll">{"".join(out)}</div>'


def _null_note() -> str:
    return (f"<p>“{NULL}”表示报告没有印出这个数（原文空白或缺失），不是 0。"
            "点报告名看三张表和原文。</p>")


def reports_index(ds: Dataset) -> str:
    here = layout.REPORTS
    n = len(ds.reports)
    return (front_matter("全部报告")
            + block(f"<h1>全部报告</h1><p>共 {n} 份报告。{link(rel(here, layout.REGIONS), '按地区浏览')} · "
                    f"{link(rel(here, layout.YEARS), '按年度浏览')} · "
                    f"{link(rel(here, layout.FINDINGS), '校验发现')}</p>{_null_note()}"
                    + reports_table(ds, ds.reports, here), "nb-index-page"))


# --- by place --------------------------------------------------------------------------------

def region_title(region: Region) -> str:
    if not region.level:
        return "按地区浏览"
    return f"{region.label}（{LEVEL_ZH[region.level]}）"


def region_crumbs(region: Region, here: str) -> str:
    chain = region.parents + [region]
    parts = [link(rel(here, r.path), esc("全部地区" if not r.level else r.label)) for r in chain[:-1]]
    return '<p class="nb-crumbs">' + " › ".join(parts + [esc("全部地区" if not region.level else region.label)]) \
        + "</p>"


def region_page(ds: Dataset, region: Region) -> str:
    here = region.path
    out = [region_crumbs(region, here), f"<h1>{esc(region_title(region))}</h1>"]
    if region.children:
        level = LEVEL_ZH[region.children[0].level]
        items = "".join(f"<li>{link(rel(here, c.path), esc(c.label))}（{len(c.reports)} 份报告）</li>"
                        for c in region.children)
        out.append(f"<h2>{esc(level)}</h2><ul class=\"nb-regions\">{items}</ul>")
        if any(c.name is None for c in region.children):
            out.append(f"<p>“{UNKNOWN}”：数据中尚未识别所属{esc(level)}的报告。</p>")
    else:
        out.append(_townships(ds, region, here))
    return front_matter(region_title(region)) + block("".join(out), "nb-index-page")


def _townships(ds: Dataset, region: Region, here: str) -> str:
    """A county's page: its townships, each with its reports by year."""
    by_town: dict[str | None, list[dict]] = {}
    for r in region.reports:
        by_town.setdefault(r.get("township") or None, []).append(r)
    rows = []
    for town in sorted(by_town, key=lambda t: (t is None, t or "")):
        years = " ".join(link(rel(here, layout.report_dir(r["report_id"])), esc(r.get("year") or UNKNOWN))
                         for r in sorted(by_town[town], key=sort_key))
        rows.append(f"<tr><td>{esc(town or UNKNOWN)}</td><td>{years}</td></tr>")
    return (f"<h2>{LEVEL_ZH['township']}</h2><table class=\"nb-table\"><thead><tr><th>乡镇街道</th>"
            f"<th>报告（按年度）</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + _null_note() + reports_table(ds, region.reports, here))


def region_pages(ds: Dataset, root: Region) -> dict[str, str]:
    """Site path of each region's index.md -> its Markdown."""
    return {f"{r.path}index.md": region_page(ds, r) for r in walk(root)}


def place_chains(root: Region) -> dict[str, list[tuple[str, str | None]]]:
    """Report id -> (label, region dir) from the top down to its county, then its township (no page)."""
    out = {}
    for region in walk(root):
        if region.children:
            continue
        chain = [("全部地区", root.path)] + [(r.label, r.path) for r in region.parents[1:] + [region]]
        for report in region.reports:
            out[report["report_id"]] = chain + [(report.get("township") or UNKNOWN, None)]
    return out


# --- by year ---------------------------------------------------------------------------------

def year_pages(ds: Dataset) -> dict[str, str]:
    years = Counter(r.get("year") if isinstance(r.get("year"), int) else None for r in ds.reports)
    ordered = sorted(years, key=lambda y: (y is None, -(y or 0)))
    here = layout.YEARS
    items = "".join(f"<li>{link(rel(here, layout.year_dir(y)), esc(y or UNKNOWN))}（{years[y]} 份报告）</li>"
                    for y in ordered)
    pages = {f"{here}index.md": front_matter("按年度浏览")
             + block(f"<h1>按年度浏览</h1><p>报告年度是报告所述的年份（不是发布年份）。</p>"
                     f'<ul class="nb-regions">{items}</ul>', "nb-index-page")}
    for y in ordered:
        d = layout.year_dir(y)
        chosen = [r for r in ds.reports if (r.get("year") if isinstance(r.get("year"), int) else None) == y]
        label = f"{y} 年度" if y else f"年度{UNKNOWN}"
        pages[f"{d}index.md"] = front_matter(label) + block(
            f'<p class="nb-crumbs">{link(rel(d, here), "全部年度")} › {esc(label)}</p><h1>{esc(label)}</h1>'
            + _null_note() + reports_table(ds, chosen, d), "nb-index-page")
    return pages


# --- findings --------------------------------------------------------------------------------

def findings_page(ds: Dataset) -> str:
    here = layout.FINDINGS
    findings = ds.tables.get("findings", [])
    count = Counter(f.get("severity") for f in findings)
    out = [front_matter("校验发现"),
           block("<h1>校验发现</h1><p>每份报告都按格式自己规定的勾稽关系（如“第一项加第二项之和，等于第三项加"
                 "第四项之和”）核对，并与正文所述比对。报告自相矛盾时，我们照原样发布数字，并在这里指出，"
                 f"不替报告“改正”。共 {count['error']} 项错误、{count['warning']} 项警告、"
                 f"{count['info']} 项提示。每条都链接到报告页上的单元格和原文中的行。</p>", "nb-intro")]
    sections = (("error", "错误：数字违反勾稽关系或与正文矛盾", "errors"),
                ("warning", "警告：原文缺格或数字无法归位", "warnings"),
                ("info", "提示：推算、格式差异等", "info"))
    reports = {r["report_id"]: r for r in ds.reports}
    grouped: dict[tuple[str, str], list[dict]] = {}
    for f in findings:
        grouped.setdefault((f.get("severity"), f["report_id"]), []).append(f)
    for severity, title, anchor in sections:
        out.append(heading(2, title, anchor))
        parts = []
        for rid in sorted({rid for sev, rid in grouped if sev == severity},
                          key=lambda i: sort_key(reports.get(i, {"report_id": i}))):
            chosen = grouped[severity, rid]
            r = reports.get(rid, {"report_id": rid})
            report_here = layout.report_dir(rid)
            parts.append(f"<h3>{link(rel(here, report_here), esc(layout.title(r)))}</h3>"
                         + findings_list(chosen, report_here, here))
        out.append(block("".join(parts) or "<p>没有。</p>", "nb-section"))
    return "".join(out)


# --- the home page's overview ----------------------------------------------------------------

def overview(ds: Dataset) -> str:
    """Counts for the home page, from the tables (inserted where index.md has the marker)."""
    reports = ds.reports
    years = sorted({r["year"] for r in reports if isinstance(r.get("year"), int)})
    span = f"{years[0]}–{years[-1]} 年度" if len(years) > 1 else (f"{years[0]} 年度" if years else "")
    status = Counter(r.get("validation_status") for r in reports)
    counties = {(r.get("province"), r.get("prefecture"), r.get("county")) for r in reports if r.get("county")}
    return block(
        f'<p class="nb-overview">已收录 <strong>{len(reports)}</strong> 份报告，'
        f"{len(counties)} 个已识别的县区，{esc(span)}。"
        f"校验：{status['passed']} 份通过，{status['warnings']} 份有警告，{status['errors']} 份有错误。</p>",
        "nb-overview-block")
