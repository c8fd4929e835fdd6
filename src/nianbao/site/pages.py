"""A report's page and its archived original, as Markdown source: pure functions of table rows.

Headings are fixed text from the catalogue (so they stay in the table of contents); everything a
report supplies is escaped and placed in raw HTML blocks (see html.py).
"""

from __future__ import annotations

from ..catalogue import TABLES
from . import layout, versions
from .data import Dataset
from .html import NULL, block, esc, front_matter, heading, link, rel, safe_url
from .tables import MARKS, RENDER, cell_id, local_rows_html, notes_html, row_id, status_zh


def page_title(ds: Dataset, report: dict) -> str:
    """The title of a report's page; another version of a township-year says which file it is."""
    if ds.is_primary(report):
        return layout.title(report)
    return f"{layout.title(report)}（另一份文件：{report.get('source_file') or report['report_id']}）"


def report_page(ds: Dataset, report: dict, place_dirs: list[tuple[str, str | None]], site_url: str = "",
                has_file: bool = True) -> str:
    """The page of one report: a township-year's page shows its primary report, and lists the other
    files of the same township and year (copies, conflicting versions) in a notice at the top; each of
    those has a page of its own below it. ``place_dirs``: (label, site dir or None), top down."""
    rid = report["report_id"]
    here = ds.dir(rid)
    original = rel(here, layout.original_dir(here))
    out = [front_matter(page_title(ds, report))]
    out.append(block(_header(ds, report, here, place_dirs, has_file), "nb-report-head"))
    others = versions.others(ds, report)
    marked: frozenset = frozenset()
    if others:
        out.append(block(versions.notice(ds, report, here), "nb-versions-block"))
        marked = versions.marked_cells(ds, report)
    out.append(block(_legend(), "nb-legend"))
    for t in TABLES:
        out.append(heading(2, f"{t.section}、{t.zh}", t.name))
        cells = ds.cells(t.name, rid)
        table_html = RENDER[t.name](report.get("template"), cells, original,
                                    frozenset(k[1:] for k in marked if k[0] == t.name))
        if not table_html:
            table_html = (f"<p>本报告没有这张表：{esc(layout.TEMPLATE_ZH.get(report.get('template'), ''))}。"
                          "原文正文中的相关文字见存档原文。</p>")
        local = local_rows_html(t, ds.rows("local_rows", rid), original)
        out.append(block(table_html + local + notes_html(t, cells, original), "nb-section"))
    out.append(heading(2, "校验发现", "findings"))
    out.append(block(findings_list(ds.rows("findings", rid), here, here), "nb-section"))
    out.append(heading(2, "下载与引用", "downloads"))
    out.append(block(_downloads(ds, report, here, site_url), "nb-section"))
    out.append(heading(2, "来源与许可", "source"))
    out.append(block(_source(ds, report, here, has_file), "nb-section nb-source-licence"))
    return "".join(out)


def _header(ds: Dataset, report: dict, here: str, place_dirs, has_file: bool) -> str:
    rid = report["report_id"]
    crumbs = [link(rel(here, d), esc(label)) if d else esc(label) for label, d in place_dirs]
    year = report.get("year")
    year_link = link(rel(here, layout.year_dir(year)), esc(year if year is not None else "未识别"))
    official = safe_url(report.get("source_url"))
    website = safe_url(report.get("website"))
    buttons = [link(rel(here, layout.original_dir(here)), "查看存档原文（逐行）")]
    if has_file:
        buttons.append(link(rel(here, layout.original_download(here, report)), "下载原文文件"))
    if official:
        buttons.insert(0, link(official, "官方网页原文", external=True))
    buttons = " ".join(b.replace("<a ", '<a class="md-button" ', 1) for b in buttons)
    if official:
        where = f"官方网址：{link(official, esc(report['source_url']), external=True)}"
    else:
        where = "官方网址：未记录"
        if report.get("website"):
            site = link(website, esc(report["website"]), external=True) if website else esc(report["website"])
            where += f"；报告所载网站：{site}"
    status = report.get("validation_status")
    rows = [
        ("发布机关", esc(report.get("organ")) or NULL),
        ("地区", " › ".join(crumbs)),
        (layout.field_zh("reports", "year"), year_link),
        (layout.field_zh("reports", "template"),
         f"{esc(report.get('template'))}：{esc(layout.TEMPLATE_ZH.get(report.get('template'), ''))}"),
        (layout.field_zh("reports", "published_on"), esc(report.get("published_on")) or "原文未载明"),
        ("联系方式", _contact(report)),
        (layout.field_zh("reports", "validation_status"),
         f'<a href="#findings">{esc(layout.STATUS_ZH.get(status, status))}</a>'
         f'（错误 {report.get("findings_error", 0)}，警告 {report.get("findings_warning", 0)}，'
         f'提示 {report.get("findings_info", 0)}）'),
        ("报告编号", f"<code>{esc(rid)}</code>"),
    ]
    meta = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (f'<h1>{esc(page_title(ds, report))}</h1>'
            f'<p class="nb-buttons">{buttons}</p><p class="nb-official">{where}</p>'
            f'<table class="nb-meta">{meta}</table>')


def _contact(report: dict) -> str:
    parts = []
    for name in ("phone", "email", "address", "postcode"):
        if report.get(name):
            parts.append(f"{layout.field_zh('reports', name)}：{esc(report[name])}")
    return "；".join(parts) or NULL


def _legend() -> str:
    return ("<p><strong>怎么读这些表</strong>：每个数字都链接到它在存档原文中的那一行。"
            f"“{NULL}”是空值，不是 0：<em>空白</em>＝{esc(status_zh('blank'))}；"
            f"<em>缺失</em>＝{esc(status_zh('missing'))}。"
            f'<sup class="nb-mark">{MARKS["inferred"]}</sup>＝{esc(status_zh("inferred"))}；'
            f'<sup class="nb-mark">{MARKS["corrected"]}</sup>＝{esc(status_zh("corrected"))}。'
            "表下的说明列出每个推算或更正的理由。</p>")


def findings_list(findings: list[dict], report_here: str, here: str) -> str:
    """Findings in plain Chinese, each linked to the cell and to the line it is about.
    ``report_here``: the report page's dir; ``here``: the dir of the page showing the list."""
    if not findings:
        return "<p>没有发现问题：表中数字符合格式的勾稽关系，正文与表格一致。</p>"
    page = rel(here, report_here) if here != report_here else ""
    original = rel(here, report_here + "original/")
    items = []
    for f in findings:
        links = []
        anchor = finding_anchor(f)
        if anchor:
            links.append(f'<a href="{esc(page)}#{esc(anchor)}">表中位置</a>')
        if f.get("source_line"):
            n = int(f["source_line"])
            links.append(f'<a href="{esc(original)}#L{n}">原文第{n}行</a>')
        sev = f.get("severity")
        items.append(f'<li class="nb-finding nb-{esc(sev)}"><span class="nb-sev">'
                     f'{esc(layout.SEVERITY_ZH.get(sev, sev))}</span> {esc(f.get("message"))}'
                     f'{" · " + " · ".join(links) if links else ""}</li>')
    return '<ul class="nb-findings">' + "".join(items) + "</ul>"


def finding_anchor(f: dict) -> str | None:
    """The id on the report page a finding points to: its cell, else its row, else its table."""
    table, row, col = f.get("table"), f.get("row"), f.get("column")
    if not table:
        return None
    if row and col:
        return cell_id(table, row, col)
    if row:
        return cell_id(table, row, "total") if table == "review_litigation" else row_id(table, row)
    return table


def _downloads(ds: Dataset, report: dict, here: str, site_url: str) -> str:
    rid = report["report_id"]
    csv_href = rel(here, layout.report_file(here, rid, "csv"))
    json_href = rel(here, layout.report_file(here, rid, "json"))
    cite = citation(ds, report, site_url)
    return (f"<p>本报告的数据：{link(csv_href, '表格 CSV')}（三张表的全部单元格，附中文标签）· "
            f"{link(json_href, 'JSON')}（各数据表中本报告的全部行，与发布的表完全一致）。"
            f"全部报告的数据见{link(rel(here, 'data/'), '数据下载')}。</p>"
            f'<p>引用：</p><blockquote class="nb-cite">{esc(cite)}</blockquote>')


def citation(ds: Dataset, report: dict, site_url: str = "") -> str:
    """A citation line: the organ's report, then this dataset, version, id and licence."""
    who = report.get("organ") or report.get("township") or "（发布机关未识别）"
    year = f"{report['year']}年" if report.get("year") else ""
    date = f"，{report['published_on']}" if report.get("published_on") else ""
    url = f"，{site_url.rstrip('/')}/{ds.dir(report['report_id'])}" if site_url else ""
    version = f"（版本 {ds.version}）" if ds.version else ""
    return (f"{who}：《{year}政府信息公开工作年度报告》{date}。"
            f"载：乡镇政府信息公开工作年度报告数据集 nianbao{version}，报告编号 {report['report_id']}{url}。"
            f"数据许可 {_licence_name(ds)}。")


def _licence_name(ds: Dataset) -> str:
    return ((ds.descriptor.get("licenses") or [{}])[0]).get("name", "CC-BY-4.0")


def _source(ds: Dataset, report: dict, here: str, has_file: bool) -> str:
    rid = report["report_id"]
    official = safe_url(report.get("source_url"))
    parts = [f"来源：{esc(report.get('organ') or '发布机关')}公开发布的政府信息公开工作年度报告。"]
    if official:
        parts.append(f"官方网址：{link(official, esc(report['source_url']), external=True)}。")
    download = link(rel(here, layout.original_download(here, report)), "原文文件") if has_file else "原文文件"
    parts.append(f"存档原文：{link(rel(here, layout.original_dir(here)), '逐行全文')}、{download}"
                 f"（{esc(report.get('source_file'))}，SHA-256 <code>{esc(report.get('sha256'))}</code>"
                 f"{'，获取日期 ' + esc(report['retrieved_on']) if report.get('retrieved_on') else ''}）。")
    lic = _licence_name(ds)
    parts.append(f"数据以 {link(layout.LICENCE_URL, esc(lic), external=True)} 许可发布："
                 "可自由使用、转载和改编，请注明出处（见上方引用）。原文版权归发布机关。")
    return "<p>" + "".join(parts) + "</p>"


# --- the archived original ------------------------------------------------------------------

def original_page(report: dict, lines: list[tuple[int, str, str]] | None, cited: set[int],
                  problem: str = "", has_file: bool = True, page_dir: str | None = None,
                  title: str | None = None) -> str:
    """The full original text, one anchored line per line (#L37), as the extraction numbered it.
    ``lines``: (number, text as in the file, where in a non-text original); None if unreadable.
    ``page_dir``: the directory of the report's page (the original is below it)."""
    page_dir = page_dir or layout.township_year_dir(report["report_id"])
    title = title or layout.title(report)
    here = layout.original_dir(page_dir)
    # Not in the search index (see search.py): originals are long; the township-year's entry (names,
    # places, findings) is what is found.
    out = [front_matter(f"原文：{title}")]
    download = link(rel(here, layout.original_download(page_dir, report)), "下载原文文件") if has_file else \
        "原文文件不在语料文件夹中，无法下载"
    head = (f'<p class="nb-crumbs">{link(rel(here, page_dir), "← 返回报告页")}</p>'
            f"<h1>原文：{esc(title)}</h1>"
            f"<p>原文文件 <code>{esc(report.get('source_file'))}</code>"
            f"（SHA-256 <code>{esc(report.get('sha256'))}</code>）的全文，逐行编号；"
            f"行号就是数据中的 <code>source_line</code>，被数据引用的行有标记。"
            f"{download}。</p>")
    if lines is None:
        body = f"<p>无法在网页上显示此原文：{esc(problem)}。</p>"
    else:
        rows = []
        for number, text, where in lines:
            cls = "nb-line nb-cited" if number in cited else "nb-line"
            w = f'<span class="nb-where">{esc(where)}</span>' if where else ""
            rows.append(f'<div class="{cls}" id="L{number}"><a class="nb-ln" href="#L{number}">{number}</a>'
                        f'<span class="nb-lt">{w}{esc(text)}</span></div>')
        body = '<div class="nb-source">\n' + "\n".join(rows) + "\n</div>"
    out.append(block(head + body, "nb-original"))
    return "".join(out)


def cited_lines(ds: Dataset, report_id: str) -> set[int]:
    """Lines any published cell of the report stands on."""
    return {int(r["source_line"]) for t in TABLES for r in ds.rows(t.name, report_id)
            if r.get("source_line") is not None}
