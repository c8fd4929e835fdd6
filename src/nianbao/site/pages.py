"""A report's page, as the HTML of its content: a pure function of table rows and the settings.

The page is made without any template engine or Markdown: the generator puts it into the shell the
site's engine rendered (``shell``), so report text is never parsed as markup. Everything a report
supplies is escaped (``html.esc``). The original is a page of its own (``original``).
"""

from __future__ import annotations

from ..catalogue import TABLES
from . import coverage, feedback, layout, versions
from .config import SiteConfig
from .data import Dataset
from .html import NULL, attr_value, esc, link, rel, safe_url
from .tables import MARKS, RENDER, cell_id, local_rows_html, notes_html, row_id


def page_title(ds: Dataset, report: dict) -> str:
    """The title of a report's page; another version of a township-year says which file it is."""
    if ds.is_primary(report):
        return layout.title(report)
    return f"{layout.title(report)}（另一份文件：{report.get('source_file') or report['report_id']}）"


def report_page(ds: Dataset, report: dict, place_dirs: list[tuple[str, str | None]],
                config: SiteConfig = SiteConfig()) -> str:
    """The content of one report's page: a township-year's page shows its primary report, and lists
    the other files of the same township and year (copies, conflicting versions) in a notice at the
    top; each of those has a page of its own below it. ``place_dirs``: (label, site dir or None)."""
    rid = report["report_id"]
    here = ds.dir(rid)
    original = rel(here, layout.original_dir(here))
    err = feedback.issue_url(config.repo, rid, *PLACEHOLDERS, page_url=_page_url(ds, rid, config))
    out = [f'<div class="nb-report" data-id={attr_value(rid)} data-v={attr_value(ds.version)} '
           f"data-o={attr_value(original)}" + (f" data-err={attr_value(err)}" if err else "") + ">"
           f"<h1>{esc(page_title(ds, report))}</h1>"
           f'<p class="nb-organ">发布机关（原文署名）：{esc(report.get("organ")) or NULL}</p>',
           _header(ds, report, here, place_dirs, config)]
    others = versions.others(ds, report)
    marked: frozenset = frozenset()
    if others:
        out.append(versions.notice(ds, report, here, config))
        marked = versions.marked_cells(ds, report)
    out.append(_legend())
    for t in TABLES:
        out.append(f"<h2 id={t.name}>{esc(t.section)}、{esc(t.zh)}</h2>")
        cells = ds.cells(t.name, rid)
        table_html = RENDER[t.name](report.get("template"), cells, original,
                                    frozenset(k[1:] for k in marked if k[0] == t.name))
        if not table_html:
            table_html = (f"<p>本报告没有这张表：{esc(layout.TEMPLATE_ZH.get(report.get('template'), ''))}。"
                          "原文正文中的相关文字见存档原文。</p>")
        out.append(table_html + local_rows_html(t, ds.rows("local_rows", rid), original)
                   + notes_html(t, cells, original))
    out.append("<h2 id=findings>校验发现</h2>" + findings_list(ds.rows("findings", rid), here, here))
    out.append(coverage.years_section(ds, report, here))
    out.append("<h2 id=downloads>下载与引用</h2>" + _downloads(ds, report, here, config))
    out.append('<h2 id=source>来源与许可</h2><div class="nb-source-licence">'
               + _source(ds, report, here, config) + "</div></div>")
    return "".join(out)


# The fields of a number's 报告错误 link, filled in by the page's script for each cell (nianbao-report.js).
PLACEHOLDERS = ("{table}", "{row}", "{column}", "{value}", "{line}")


def _page_url(ds: Dataset, rid: str, config: SiteConfig) -> str | None:
    return f"{config.site_url.rstrip('/')}/{ds.dir(rid)}" if config.site_url else None


def _header(ds: Dataset, report: dict, here: str, place_dirs, config: SiteConfig) -> str:
    crumbs = [link(rel(here, d), esc(label)) if d else esc(label) for label, d in place_dirs]
    year = report.get("year")
    year_link = link(rel(here, layout.year_dir(year)), esc(year if year is not None else "未识别"))
    official = safe_url(report.get("source_url"))
    website = safe_url(report.get("website"))
    buttons = [link(rel(here, layout.original_dir(here)), "查看存档原文（逐行）")]
    file_href = config.original_href(report, here, here, ds.original(report) is not None)
    if file_href:
        buttons.append(link(file_href, "下载原文文件"))
    if official:
        buttons.insert(0, link(official, "官方网页原文", external=True))
    err = feedback.issue_url(config.repo, report["report_id"], page_url=_page_url(ds, report["report_id"], config))
    if err:
        buttons.append(link(err, "报告错误", title="在 GitHub 上报告本报告的数据错误（每个数字旁也有报错链接）",
                            external=True))
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
         f"{esc(layout.TEMPLATE_ZH.get(report.get('template'), ''))} <code>{esc(report.get('template'))}</code>"),
        (layout.field_zh("reports", "published_on"), esc(report.get("published_on")) or "原文未载明"),
        ("联系方式", _contact(report)),
        (layout.field_zh("reports", "validation_status"),
         f"<a href=#findings>{esc(layout.STATUS_ZH.get(status, status))}</a> <code>{esc(status)}</code>"
         f'（错误 {report.get("findings_error", 0)}，警告 {report.get("findings_warning", 0)}，'
         f'提示 {report.get("findings_info", 0)}）'),
        ("报告编号", f"<code>{esc(report['report_id'])}</code>"),
    ]
    if not layout.is_township(report):
        rows.insert(1, ("级别", f"{esc(layout.level_zh(report))}（不计入乡镇）"))
    meta = "".join(f"<tr><th>{k}<td>{v}</tr>" for k, v in rows)
    return (f'<p class="nb-buttons">{buttons}</p><p class="nb-official">{where}</p>'
            f'<table class="nb-meta">{meta}</table>')


def _contact(report: dict) -> str:
    parts = []
    for name in ("phone", "email", "address", "postcode"):
        if report.get(name):
            parts.append(f"{layout.field_zh('reports', name)}：{esc(report[name])}")
    return "；".join(parts) or NULL


def _legend() -> str:
    return ('<p class="nb-legend"><strong>怎么读</strong>：每个数字链接到原文中印着它的那一行。'
            f"“{NULL}”是空值，不是 0（<span class=b>{NULL}</span>原文空白，<span class=m>{NULL}</span>原文缺失）；"
            f'<sup class="nb-mark">{MARKS["inferred"]}</sup>按勾稽关系推算；'
            f'<sup class="nb-mark">{MARKS["corrected"]}</sup>经人工更正；'
            f'<sup class="nb-mark">{MARKS["ocr"]}</sup>由扫描图像 OCR 识读。理由见表下说明。</p>')


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


def _downloads(ds: Dataset, report: dict, here: str, config: SiteConfig) -> str:
    """Downloads of this report's figures, made in the browser from the tables on the page
    (assets/nianbao-report.js), and the citation line."""
    cite = citation(ds, report, config.site_url)
    return ('<p class="nb-downloads">本报告三张表的全部单元格：'
            "<button type=button class=md-button data-nb-download=csv>表格 CSV</button> "
            "<button type=button class=md-button data-nb-download=json>JSON</button>"
            f"（由本页数据在浏览器中生成）。全部报告的数据见{link(rel(here, 'data/'), '数据下载')}。</p>"
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
            f"数据许可 {licence_name(ds)}。")


def licence_name(ds: Dataset) -> str:
    return ((ds.descriptor.get("licenses") or [{}])[0]).get("name", "CC-BY-4.0")


def _source(ds: Dataset, report: dict, here: str, config: SiteConfig) -> str:
    official = safe_url(report.get("source_url"))
    parts = [f"来源：{esc(report.get('organ') or '发布机关')}公开发布的政府信息公开工作年度报告。"]
    if official:
        parts.append(f"官方网址：{link(official, esc(report['source_url']), external=True)}。")
    file_href = config.original_href(report, here, here, ds.original(report) is not None)
    download = link(file_href, "原文文件") if file_href else "原文文件"
    parts.append(f"存档原文：{link(rel(here, layout.original_dir(here)), '逐行全文')}、{download}"
                 f"（{esc(report.get('source_file'))}，SHA-256 <code>{esc(report.get('sha256'))}</code>"
                 f"{'，获取日期 ' + esc(report['retrieved_on']) if report.get('retrieved_on') else ''}）。")
    lic = licence_name(ds)
    parts.append(f"数据以 {link(layout.LICENCE_URL, esc(lic), external=True)} 许可发布，请注明出处（见上方引用）；"
                 "原文版权归发布机关。")
    return "<p>" + "".join(parts) + "</p>"
