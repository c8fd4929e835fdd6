"""Several files for one township and year: a copy under another name, or a version with other numbers.

The site has one page per township and year. It shows the primary report (the id without a -2
suffix) and, at the top, a notice listing every file of that township-year: its source file, its
archived original, the page with its own tables (below the township-year's page), and, where the
numbers differ, which cells and what each file prints. Which file is right is not decided here:
each is published as it is, and the findings ``report.duplicate`` / ``report.conflict`` say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import TABLES, Table
from . import layout
from .config import SiteConfig
from .data import Dataset
from .html import NULL, esc, fmt, link, rel
from .tables import _row_label, cell_id

MAX_ROWS = 30           # differing cells listed per other file; the rest are counted
MAX_DIFFS = 3           # other files whose differing cells are listed on a page (each has its own page)
RELATION_RULES = ("report.conflict", "report.duplicate")


@dataclass(frozen=True)
class Difference:
    table: Table
    row: str
    col: str
    a: dict | None          # the cell as the first report publishes it (None: no such cell)
    b: dict | None


def others(ds: Dataset, report: dict) -> list[dict]:
    """The other reports of the report's township and year, the primary first."""
    return [r for r in ds.versions(report) if r is not report]


def differences(ds: Dataset, a_id: str, b_id: str) -> list[Difference]:
    """Cells whose published value differs between two reports, in the catalogue's order. A cell
    one report lacks counts as null (so null against a number differs, null against nothing not)."""
    out = []
    for t in TABLES:
        ca, cb = ds.cells(t.name, a_id), ds.cells(t.name, b_id)
        if not ca and not cb:
            continue
        keys = ca.keys() | cb.keys()
        for r in t.rows:
            for c in t.cols:
                if (r.key, c.key) not in keys:
                    continue
                x, y = ca.get((r.key, c.key)), cb.get((r.key, c.key))
                if (x or {}).get("value") != (y or {}).get("value"):
                    out.append(Difference(t, r.key, c.key, x, y))
    return out


def marked_cells(ds: Dataset, report: dict) -> frozenset:
    """(table, row, column) of the report's cells that some other version prints differently."""
    rid = report["report_id"]
    return frozenset((d.table.name, d.row, d.col) for o in others(ds, report)
                     for d in differences(ds, rid, o["report_id"]))


def relation(ds: Dataset, report: dict, other: dict) -> tuple[str, str]:
    """(rule, Chinese) of how ``other`` stands to ``report``, from the published findings; when
    the tables hold no such finding, from the cells themselves."""
    for f in ds.rows("findings", report["report_id"]):
        if f.get("rule") in RELATION_RULES and f.get("expected") == other["report_id"]:
            return _relation(f["rule"], ds, report, other)
    rule = "report.conflict" if differences(ds, report["report_id"], other["report_id"]) else "report.duplicate"
    return _relation(rule, ds, report, other)


def _relation(rule: str, ds: Dataset, report: dict, other: dict) -> tuple[str, str]:
    if rule == "report.duplicate":
        return rule, "数字相同（副本）"
    n = len(differences(ds, report["report_id"], other["report_id"]))
    return rule, f"数字不同：{n} 格" if n else "数字不同"


def badge(ds: Dataset, report: dict) -> str:
    """A short note for index tables: how many other files the township-year has ('' if none)."""
    rest = others(ds, report)
    if not rest:
        return ""
    conflict = any(relation(ds, report, o)[0] == "report.conflict" for o in rest)
    kind = "其中有数字不同的版本" if conflict else "均为相同副本"
    return (f' <span class="nb-badge nb-{"conflict" if conflict else "duplicate"}">'
            f"另有 {len(rest)} 份文件，{kind}</span>")


def _label(version_no: int, primary: bool) -> str:
    return "主版本" if primary else f"版本 {version_no}"


def notice(ds: Dataset, report: dict, here: str, config: SiteConfig = SiteConfig()) -> str:
    """The notice at the top of a report page whose township-year has more than one file."""
    group = ds.versions(report)
    primary = group[0]
    rows = []
    for i, r in enumerate(group, start=1):
        d = ds.dir(r["report_id"])
        links = [link(rel(here, d), "本页" if r is report else "该文件的表格"),
                 link(rel(here, layout.original_dir(d)), "存档原文")]
        file_href = config.original_href(r, d, here, ds.original(r) is not None)
        if file_href:
            links.append(link(file_href, "下载原文文件"))
        how = "—" if r is report else esc(relation(ds, report, r)[1])
        name = esc(_label(i, r is primary)) + ("（本页）" if r is report else "")
        current = ' class="nb-current"' if r is report else ""
        rows.append(f"<tr{current}><td>{name}</td>"
                    f"<td><code>{esc(r.get('source_file'))}</code></td><td>{how}</td>"
                    f"<td>{' · '.join(links)}</td></tr>")
    conflict = any(relation(ds, report, o)[0] == "report.conflict" for o in group if o is not report)
    if report is primary:
        lead = (f"本乡镇本年度共有 {len(group)} 份报告文件。本页显示主版本（文件名排序在前的一份）；"
                "其余文件各有自己的页面，列在下表。")
    else:
        lead = (f"这是本乡镇本年度 {len(group)} 份报告文件中的一份，不是主版本。"
                f"本乡镇年度的页面是{link(rel(here, ds.dir(primary['report_id'])), esc(layout.title(primary)))}。")
    judge = ("几份文件的数字不一致，数据集不判断哪一份正确：每份都照原样提取、发布，并列出不同的单元格。"
             if conflict else "几份文件的数字完全相同，是同一份报告的副本。")
    title = "注意：同一乡镇同一年度有数字不同的报告" if conflict else "同一乡镇同一年度有多份相同的报告文件"
    out = [f'<div class="nb-versions nb-{"conflict" if conflict else "duplicate"}" id="versions">',
           f'<p class="nb-versions-title"><strong>{title}</strong></p><p>{lead}{judge}</p>',
           '<div class="nb-scroll"><table class="nb-table nb-versions-table"><thead><tr><th>文件</th>'
           "<th>原文文件名</th><th>与本页相比</th><th>链接</th></tr></thead><tbody>",
           "".join(rows), "</tbody></table></div>"]
    shown = 0
    for i, other in enumerate(group, start=1):
        if other is report:
            continue
        diffs = differences(ds, report["report_id"], other["report_id"])
        if diffs and shown < MAX_DIFFS:
            out.append(_diff_table(ds, report, other, _label(i, other is primary), diffs, here))
            shown += 1
        elif diffs:
            out.append(f"<p>与{esc(_label(i, other is primary))}数字不同的 {len(diffs)} 格见该文件的页面。</p>")
    out.append("</div>")
    return "".join(out)


def _diff_table(ds: Dataset, report: dict, other: dict, other_label: str, diffs: list[Difference],
                here: str) -> str:
    other_dir = ds.dir(other["report_id"])
    mine = layout.original_dir(here)
    theirs = layout.original_dir(other_dir)
    rows = []
    for d in diffs[:MAX_ROWS]:
        cid = cell_id(d.table.name, d.row, d.col)
        where = (f'<a href="#{esc(cid)}">{esc(d.table.section)}、{esc(_row_label(d.table, d.row))}'
                 f" · {esc(_col_label(d.table, d.col))}</a>")
        rows.append(f"<tr><td>{where}</td><td class=\"nb-num\">{_value(d.a, rel(here, mine))}</td>"
                    f'<td class="nb-num">{_value(d.b, rel(here, theirs))}</td></tr>')
    more = (f"<p>另有 {len(diffs) - MAX_ROWS} 格不同，见两份文件各自的表格。</p>"
            if len(diffs) > MAX_ROWS else "")
    return (f'<p class="nb-diff-title"><strong>与{esc(other_label)}（<code>{esc(other.get("source_file"))}</code>）'
            f"数字不同的 {len(diffs)} 格</strong>（表中以底色标出）：</p>"
            '<div class="nb-scroll"><table class="nb-table nb-diff"><thead><tr><th>单元格</th>'
            f"<th>本页（<code>{esc(report.get('source_file'))}</code>）</th>"
            f"<th>{esc(other_label)}（<code>{esc(other.get('source_file'))}</code>）</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>" + more)


def _value(cell: dict | None, original: str) -> str:
    """A cell's value linked to its line in that file's original; null is "—"."""
    if cell is None or cell.get("value") is None:
        return NULL
    text = esc(fmt(cell["value"]))
    line = cell.get("source_line")
    return f'<a href="{esc(original)}#L{int(line)}">{text}</a>' if line else text


def _col_label(table: Table, key: str) -> str:
    try:
        return table.col(key).zh
    except StopIteration:
        return key
