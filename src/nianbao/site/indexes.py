"""Index pages: all reports, by place, by year, the findings pages, and the home page's overview.

Each lists one entry per township and year (its primary report; other files of the same township
and year are on its page), never the whole site in one page: long lists are split into pages of
``PER_PAGE`` rows, so a page stays small however large the corpus grows. Headline figures come from
the ``summary`` table; null is "—", as everywhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ..catalogue import TEMPLATE_LABELS
from ..describe.ids import slug
from ..validate import RULE_TITLES, RULES
from . import coverage, layout, versions
from .data import Dataset
from .html import NULL, attr_value, block, esc, fmt, front_matter, link, rel
from .pages import findings_list, page_title
from .places import LEVEL_ZH, UNKNOWN, Region, below, tree, walk

PER_PAGE = 150              # rows of an index table on one page (about 80 KB of HTML)
FINDINGS_PER_PAGE = 50      # reports on one page of findings
NOINDEX = "nb-noindex"      # long lists the search index leaves out (see search.py)

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


@lru_cache(maxsize=1 << 16)
def name_key(name: str | None) -> tuple:
    """A place name's place in a list: by pinyin (广东 guangdong before 江西 jiangxi before 宁夏 ningxia),
    as 按地区 orders them; unidentified last."""
    return (name is None or name == UNKNOWN, slug(name or ""), name or "")


def sort_key(report: dict):
    names = [report.get(f) for f in ("province", "prefecture", "county", "township")]
    return [name_key(n) for n in names] + [report.get("year") or 0, report["report_id"]]


def template_text(template: str | None) -> str:
    """A template's Chinese name with its key beside: '2019年版格式（2019）'."""
    zh = TEMPLATE_LABELS.get(template, (None,))[0]
    return f"{zh}（{template}）" if zh else (template or UNKNOWN)


def place_text(report: dict) -> str:
    parts = [report.get(f) or UNKNOWN for f in ("province", "prefecture", "county", "township")]
    return " ".join(parts)


def reports_table(ds: Dataset, reports: list[dict], here: str) -> str:
    """The index table: each township-year (its primary report) with its headline figures and
    validation status; ``reports`` in the order shown."""
    if not reports:
        return "<p>暂无报告。</p>"
    heads = "".join(f'<th title="{esc(layout.field_zh("summary", c))}" data-sort=n>{esc(h)}</th>' for c, h in HEADLINES)
    out = [f'<table class="nb-table nb-index" data-nb-list><thead><tr><th>报告</th><th>地区</th><th data-sort=n>年度</th>'
           f'<th title="报告所用的格式">格式</th>{heads}<th title="按勾稽关系校验的结果">校验</th></tr></thead><tbody>']
    for r in reports:
        s = ds.summary(r["report_id"])
        page = rel(here, ds.dir(r["report_id"]))
        figures = "".join(f"<td>{esc(fmt(s.get(c)))}" for c, _ in HEADLINES)
        status = r.get("validation_status")
        level = layout.level_zh(r)
        facets = {"p": r.get("province") or UNKNOWN, "c": r.get("county") or UNKNOWN, "y": r.get("year") or UNKNOWN,
                  "l": level, "s": layout.STATUS_ZH.get(status, status or "")}
        data = "".join(f" data-{k}={attr_value(v)}" for k, v in facets.items() if v)
        flagged = f' class="nb-status nb-{esc(status)}"' if status in ("errors", "warnings") else ""
        # end tags left out and figures without a class (the stylesheet aligns them by column):
        # a row is paid in every list it is in, for every report
        out.append(f'<tr id="i-{layout.report_slug(r["report_id"])}"{data}>'
                   f"<td>{link(page, esc(layout.title(r)))}"
                   f"{versions.badge(ds, r)}<br><small>{esc(r.get('organ') or '')}</small>"
                   f"<td>{esc(place_text(r))}<td>{esc(r.get('year') or UNKNOWN)}"
                   f"<td>{esc(template_text(r.get('template')))}{figures}"
                   f"<td{flagged}>{esc(layout.STATUS_ZH.get(status, status))}")
    out.append("</tbody></table>")
    return f'<div class="nb-scroll {NOINDEX}">{"".join(out)}</div>'


def page_dir(base: str, k: int) -> str:
    """The directory of page ``k`` (1-based) of a list whose first page is at ``base``."""
    return base if k == 1 else f"{base}page/{k}/"


def pager(base: str, k: int, n: int) -> str:
    """Links to the other pages of a list: first, last and the pages near ``k``."""
    if n <= 1:
        return ""
    here = page_dir(base, k)
    shown = sorted({1, n, *range(max(1, k - 3), min(n, k + 3) + 1)})
    parts, last = [], 0
    for i in shown:
        if i > last + 1:
            parts.append("…")
        parts.append(f"<strong>{i}</strong>" if i == k else link(rel(here, page_dir(base, i)), str(i)))
        last = i
    prev = link(rel(here, page_dir(base, k - 1)), "‹ 上一页") if k > 1 else ""
    nxt = link(rel(here, page_dir(base, k + 1)), "下一页 ›") if k < n else ""
    return (f'<nav class="nb-pager" aria-label="分页">第 {k}/{n} 页：{prev} {" ".join(parts)} {nxt}</nav>')


def paged(base: str, title: str, items: list, per_page: int, render) -> Iterator[tuple[str, str]]:
    """Pages of a long list: (site path, Markdown from ``render(chunk, here, k, n)``) for each chunk,
    made one at a time."""
    n = max(1, math.ceil(len(items) / per_page))
    for k in range(1, n + 1):
        yield f"{page_dir(base, k)}index.md", render(items[(k - 1) * per_page:k * per_page], page_dir(base, k), k, n)


def _title_k(title: str, k: int) -> str:
    return title if k == 1 else f"{title}（第 {k} 页）"


def _null_note() -> str:
    return (f"<p>“{NULL}”表示报告没有印出这个数（原文空白或缺失），不是 0。"
            "点报告名看三张表和原文。</p>")


def counts_text(ds: Dataset) -> str:
    """'共 N 个乡镇年度（M 份报告文件…）'."""
    n, files = len(ds.groups), len(ds.reports)
    extra = f"，其中 {files - n} 份是同一乡镇同一年度的另一份文件，列在该乡镇年度的页面上" if files > n else ""
    return f"共 {n} 个乡镇年度的报告（{files} 份报告文件{extra}）。"


def reports_index(ds: Dataset) -> Iterator[tuple[str, str]]:
    """reports/index.md and its further pages: every township-year, ordered by place and year."""
    base = layout.REPORTS
    entries = sorted(ds.entries, key=sort_key)

    def render(chunk, here, k, n):
        nav = pager(base, k, n)
        return (front_matter(_title_k("全部报告", k))
                + block(f"<h1>{esc(_title_k('全部报告', k))}</h1><p>{esc(counts_text(ds))}"
                        f"{link(rel(here, layout.REGIONS), '按地区浏览')} · "
                        f"{link(rel(here, layout.YEARS), '按年度浏览')} · "
                        f"{link(rel(here, layout.FINDINGS), '校验发现')}</p>{_null_note()}{nav}"
                        + reports_table(ds, chunk, here) + nav, "nb-index-page"))
    yield from paged(base, "全部报告", entries, PER_PAGE, render)


# --- by place --------------------------------------------------------------------------------

def region_tree(ds: Dataset) -> Region:
    """The regions of the township-years, down to where a region's list fits one page."""
    return tree(ds.entries, layout.REGIONS, PER_PAGE)


def region_title(region: Region) -> str:
    if not region.level:
        return "按地区浏览"
    return f"{region.label}（{LEVEL_ZH[region.level]}）"


def region_crumbs(region: Region, here: str) -> str:
    chain = region.parents + [region]
    parts = [link(rel(here, r.path), esc("全部地区" if not r.level else r.label)) for r in chain[:-1]]
    return '<p class="nb-crumbs">' + " › ".join(parts + [esc("全部地区" if not region.level else region.label)]) \
        + "</p>"


def region_page(ds: Dataset, region: Region, here: str | None = None, chunk: list[dict] | None = None,
                k: int = 1, n: int = 1) -> str:
    """A region's page: its parts, or (a county) its townships and their reports, ``chunk`` of them
    on page ``k`` of ``n``."""
    here = here or region.path
    title = _title_k(region_title(region), k)
    out = [region_crumbs(region, here), f"<h1>{esc(title)}</h1>"]
    if k == 1:
        out.append(coverage.totals_section(ds, region) + coverage.parts_section(ds, region, here))
    if region.children:
        level = LEVEL_ZH[region.children[0].level]
        items = "".join(f"<li>{link(rel(here, c.path), esc(c.label))}（{len(c.reports)} 个乡镇年度）</li>"
                        for c in region.children)
        out.append(f"<h2>{esc(level)}</h2><ul class=\"nb-regions\">{items}</ul>")
        if any(c.name is None for c in region.children):
            out.append(f"<p>“{UNKNOWN}”：数据中尚未识别所属{esc(level)}的报告。</p>")
    else:
        nav = pager(region.path, k, n)
        out.append((_townships(ds, region, here) + coverage.coverage_section(ds, region, here) if k == 1 else "")
                   + _null_note() + nav
                   + reports_table(ds, chunk if chunk is not None else sorted(region.reports, key=sort_key), here)
                   + nav)
    return front_matter(title) + block("".join(out), "nb-index-page")


def _townships(ds: Dataset, region: Region, here: str) -> str:
    """The townships of a region's list, each with its township-years (links to their pages), under
    the places below the region that have no page of their own."""
    levels = below(region)
    by_town: dict[tuple, list[dict]] = {}
    for r in region.reports:
        key = tuple(r.get(f) or UNKNOWN for f in levels) + (r.get("township") or UNKNOWN,)
        by_town.setdefault(key, []).append(r)
    rows = []
    for key in sorted(by_town, key=lambda k: [name_key(x) for x in k]):
        years = " ".join(link(rel(here, ds.dir(r["report_id"])), esc(r.get("year") or UNKNOWN))
                         for r in sorted(by_town[key], key=sort_key))
        rows.append("<tr>" + "".join(f"<td>{esc(x)}</td>" for x in key) + f"<td>{years}</td></tr>")
    heads = "".join(f"<th>{LEVEL_ZH[level]}</th>" for level in (*levels, "township"))
    return (f"<h2>{LEVEL_ZH['township']}</h2><div class=\"nb-scroll\"><table class=\"nb-table\"><thead><tr>{heads}"
            f"<th>报告（按年度）</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def region_pages(ds: Dataset, root: Region) -> Iterator[tuple[str, str]]:
    """(site path of each region's index.md, and of further pages of a long county; its Markdown)."""
    for r in walk(root):
        if r.children:
            yield f"{r.path}index.md", region_page(ds, r)
        else:
            yield from paged(r.path, "", sorted(r.reports, key=sort_key), PER_PAGE,
                             lambda chunk, here, k, n, r=r: region_page(ds, r, here, chunk, k, n))


def place_chains(root: Region) -> dict[str, list[tuple[str, str | None]]]:
    """Report id -> (label, region dir or None) from the top down to its county, then its township:
    the places with a page of their own link to it (those below a leaf region have none); for the
    reports the tree was made of (the primary of each township-year)."""
    out = {}
    for region in walk(root):
        if region.children:
            continue
        chain = [("全部地区", root.path)] + [(r.label, r.path) for r in region.parents[1:] + [region]]
        for report in region.reports:
            rest = [(report.get(level) or UNKNOWN, None) for level in below(region)]
            out[report["report_id"]] = chain + rest + [(report.get("township") or UNKNOWN, None)]
    return out


# --- by year ---------------------------------------------------------------------------------

def year_pages(ds: Dataset) -> Iterator[tuple[str, str]]:
    """years/index.md, and a page (or pages) per year listing its township-years."""
    def year_of(r):
        return r.get("year") if isinstance(r.get("year"), int) else None

    by_year: dict[int | None, list[dict]] = {}
    for r in ds.entries:
        by_year.setdefault(year_of(r), []).append(r)
    ordered = sorted(by_year, key=lambda y: (y is None, -(y or 0)))
    here = layout.YEARS
    items = "".join(f"<li>{link(rel(here, layout.year_dir(y)), esc(y or UNKNOWN))}（{len(by_year[y])} 个乡镇）</li>"
                    for y in ordered)
    yield f"{here}index.md", front_matter("按年度浏览") + block(
        f"<h1>按年度浏览</h1><p>报告年度是报告所述的年份（不是发布年份）。</p>"
        f'<ul class="nb-regions">{items}</ul>', "nb-index-page")
    for y in ordered:
        base = layout.year_dir(y)
        label = f"{y} 年度" if y else f"年度{UNKNOWN}"

        def render(chunk, d, k, n, label=label, base=base):
            nav = pager(base, k, n)
            return front_matter(_title_k(label, k)) + block(
                f'<p class="nb-crumbs">{link(rel(d, here), "全部年度")} › {esc(label)}</p>'
                f"<h1>{esc(_title_k(label, k))}</h1>" + _null_note() + nav
                + reports_table(ds, chunk, d) + nav, "nb-index-page")
        yield from paged(base, label, sorted(by_year[y], key=sort_key), PER_PAGE, render)


# --- findings --------------------------------------------------------------------------------

SEVERITY_PAGES = (("error", "errors", "错误：数字违反勾稽关系或与正文矛盾"),
                  ("warning", "warnings", "警告：原文缺格、数字无法归位、同一乡镇年度的文件数字不同等"),
                  ("info", "info", "提示：推算、格式差异、地名线索、相同副本等"))


def findings_pages(ds: Dataset) -> Iterator[tuple[str, str]]:
    """findings/index.md (counts by severity and rule) and, per severity, the reports with such
    findings, each finding linked to its cell and line; long lists split into pages."""
    here = layout.FINDINGS
    findings = ds.tables.get("findings", [])
    count = Counter(f.get("severity") for f in findings)
    by_rule = Counter(f.get("rule") for f in findings)
    reports_by_rule: dict[str, set] = {}
    grouped: dict[str, dict[str, list[dict]]] = {sev: {} for sev, _, _ in SEVERITY_PAGES}
    reports = {r["report_id"]: r for r in ds.reports}
    for f in findings:
        reports_by_rule.setdefault(f.get("rule"), set()).add(f["report_id"])
        grouped.setdefault(f.get("severity"), {}).setdefault(f["report_id"], []).append(f)
    links = "".join(f"<li>{link(rel(here, f'{here}{d}/'), esc(t))}：{count[sev]} 项，"
                    f"涉及 {len(grouped.get(sev, {}))} 份报告</li>" for sev, d, t in SEVERITY_PAGES)
    example = {}
    for f in findings:
        example.setdefault(f.get("rule"), f)
    rules = []
    for rule, n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0] or "")):
        sev = RULES.get(rule, ("",))[0]
        title = RULE_TITLES.get(rule, (rule,))[0]
        first = example[rule]
        where = link(rel(here, ds.dir(first["report_id"])), esc(layout.title(reports.get(first["report_id"], first))))
        rules.append(f"<tr><td>{esc(title)} <code>{esc(rule)}</code></td><td>{esc(layout.SEVERITY_ZH.get(sev, sev))}</td>"
                     f"<td>{esc(first.get('message'))}（{where}）</td><td class=\"nb-num\">{len(reports_by_rule[rule])}</td>"
                     f'<td class="nb-num">{n}</td></tr>')
    yield f"{here}index.md", front_matter("校验发现") + block(
        "<h1>校验发现</h1><p>每份报告都按格式自己规定的勾稽关系（如“第一项加第二项之和，等于第三项加"
        "第四项之和”）核对，并与正文所述比对。报告自相矛盾时，我们照原样发布数字，并在这里指出，"
        f"不替报告“改正”。共 {count['error']} 项错误、{count['warning']} 项警告、"
        f"{count['info']} 项提示。每条都链接到报告页上的单元格和原文中的行。</p>"
        f'<ul class="nb-regions">{links}</ul><h2 id="rules">按规则</h2>'
        '<div class="nb-scroll"><table class="nb-table nb-rules"><thead><tr><th>规则</th><th>级别</th><th>一例</th>'
        f"<th>报告数</th><th>条数</th></tr></thead><tbody>{''.join(rules)}</tbody></table></div>",
        "nb-index-page")
    for sev, d, title in SEVERITY_PAGES:
        base = f"{here}{d}/"
        rids = sorted(grouped.get(sev, {}), key=lambda i: sort_key(reports.get(i, {"report_id": i})))

        def render(chunk, page, k, n, sev=sev, title=title, base=base):
            nav = pager(base, k, n)
            parts = []
            for rid in chunk:
                r = reports.get(rid, {"report_id": rid})
                report_here = ds.dir(rid)
                name = page_title(ds, r) if rid in reports else layout.title(r)
                parts.append(f"<h3>{link(rel(page, report_here), esc(name))}</h3>"
                             + findings_list(grouped[sev][rid], report_here, page))
            return front_matter(_title_k(title.split("：")[0], k)) + block(
                f'<p class="nb-crumbs">{link(rel(page, here), "校验发现")} › {esc(title.split("：")[0])}</p>'
                f"<h1>{esc(_title_k(title, k))}</h1><p>{count[sev]} 项，涉及 {len(rids)} 份报告。</p>{nav}"
                f'<div class="{NOINDEX}">{"".join(parts) or "<p>没有。</p>"}</div>{nav}', "nb-index-page")
        yield from paged(base, title, rids, FINDINGS_PER_PAGE, render)


# --- the home page's overview ----------------------------------------------------------------

def overview(ds: Dataset) -> str:
    """Counts for the home page, from the tables (inserted where index.md has the marker). Reports
    of other levels (a county, a department: ``reports.level``) are counted apart, never as townships."""
    reports = ds.reports
    years = sorted({r["year"] for r in reports if isinstance(r.get("year"), int)})
    span = f"{years[0]}–{years[-1]} 年度" if len(years) > 1 else (f"{years[0]} 年度" if years else "")
    status = Counter(r.get("validation_status") for r in reports)
    counties = {(r.get("province"), r.get("prefecture"), r.get("county")) for r in reports if r.get("county")}
    townships = [rs for rs in ds.groups.values() if layout.is_township(rs[0])]
    files = sum(len(rs) for rs in townships)
    extra = (f"（另有 {files - len(townships)} 份是同一乡镇同一年度的另一份文件）"
             if files > len(townships) else "")
    others = len(reports) - files
    other = f"另收录 {others} 份县级、部门等其他机关的报告（单独标注，不计入乡镇）。" if others else ""
    return block(
        f'<p class="nb-overview">已收录 <strong>{len(townships)}</strong> 个乡镇年度的 {files} 份报告{extra}，'
        f"{len(counties)} 个已识别的县区，{esc(span)}。{other}"
        f"校验：{status['passed']} 份通过，{status['warnings']} 份有警告，{status['errors']} 份有错误。"
        f"{esc(coverage.national_text(ds))}</p>" + coverage.totals_section(ds, Region(None, "", layout.REGIONS)),
        "nb-overview-block")
