"""The three standard tables of one report as HTML, laid out like the official format.

Everything is derived from the catalogue: rows, columns, labels, groups, the table-二 blocks and
the identity printed in the corner of table 三. A cell shows exactly the published value: a number
links to its line in the archived original; null is "—" (blank or missing, never 0); inferred and
corrected values carry a visible mark, and their notes are listed under the table.
"""

from __future__ import annotations

from collections import Counter

from ..catalogue import (APPLICATIONS, BOTH, IDENTITIES, PROACTIVE, PROACTIVE_LAYOUT, REVIEW_LITIGATION,
                         STATUSES, Block, Item, Table)
from .html import NULL, esc, fmt

# Short marks for statuses; the long explanations come from the catalogue (STATUSES).
MARKS = {"inferred": "推算", "corrected": "更正", "blank": "空白", "missing": "缺失"}
# Table 三's applicant columns other than 自然人 and 总计 stand under one heading in the format.


def status_zh(status: str) -> str:
    """The Chinese half of a status explanation."""
    return STATUSES.get(status, status).split(" — ")[0]


def cell_id(table: str, row: str, col: str) -> str:
    return f"c-{table}-{row}-{col}"


def row_id(table: str, row: str) -> str:
    return f"r-{table}-{row}"


def cell_html(table: Table, row: str, col: str, cell: dict | None, original: str, colspan: int = 1,
              marked: frozenset = frozenset()) -> str:
    """One <td>: the value linked to its line, or "—" explained; marks for inferred/corrected.
    Printed numbers carry no tooltip (the legend explains them): pages stay small as the corpus grows.
    ``marked``: (row, column) of cells another version of the report prints differently."""
    status = cell["status"] if cell else "missing"
    value = cell.get("value") if cell else None
    line = cell.get("source_line") if cell else None
    title = "" if status == "printed" else f' title="{esc(status_zh(status))}"'
    text = esc(fmt(value))
    body = f'<a href="{esc(original)}#L{int(line)}"{title}>{text}</a>' if line else f"<span{title}>{text}</span>"
    if status in ("inferred", "corrected"):
        body += f'<sup class="nb-mark">{MARKS[status]}</sup>'
    if status == "corrected" and cell.get("printed") is not None:
        body += f'<span class="nb-was">原印 {esc(cell["printed"])}</span>'
    differs = " nb-differs" if (row, col) in marked else ""
    return (f'<td id="{cell_id(table.name, row, col)}"{_span("colspan", colspan)} class="nb-{esc(status)}{differs}">'
            f"{body}</td>")


def notes_html(table: Table, cells: dict, original: str) -> str:
    """The notes of a table's cells (how a value was inferred, why corrected, which prose it came
    from), one entry per distinct note, naming the rows and lines it applies to."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for (row, col), c in cells.items():
        if c.get("note") or c["status"] == "corrected":
            groups.setdefault((c["status"], c.get("note") or ""), []).append(c)
    items = []
    nulls = Counter(c["status"] for c in cells.values() if c.get("value") is None)
    for status, n in sorted(nulls.items()):
        items.append(f'<li><strong>{NULL} {esc(MARKS.get(status, status))}</strong>：{n}格，'
                     f'{esc(status_zh(status))}。空值不是 0。</li>')
    for (status, note), cs in groups.items():
        rows = list(dict.fromkeys(c[table.row_dim] for c in cs))
        where = "、".join(esc(_row_label(table, r)) for r in rows)
        lines = sorted({c["source_line"] for c in cs if c.get("source_line")})
        refs = " ".join(f'<a href="{esc(original)}#L{n}">第{n}行</a>' for n in lines)
        printed = "；".join(sorted({f"原印 {c['printed']}" for c in cs
                                    if status == "corrected" and c.get("printed") is not None}))
        label = MARKS.get(status, "依据正文" if status == "printed" else status_zh(status))
        items.append(f'<li><strong>{esc(label)}</strong>（{where}{"，" + refs if refs else ""}）：'
                     f'{esc(note)}{esc("（" + printed + "）") if printed else ""}</li>')
    return '<ul class="nb-notes">' + "".join(items) + "</ul>" if items else ""


def _row_label(table: Table, key: str) -> str:
    try:
        item = table.row(key)
    except StopIteration:
        return key
    return f"{item.group}{item.zh}" if item.group and item.group != _results_group() else item.zh


def _results_group() -> str:
    """The heading the result rows of table 三 stand under (the group of its 总计 row)."""
    return APPLICATIONS.row("total").group


def _rows(table: Table, template: str, cells: dict) -> list[Item]:
    """The rows the report's template prints, plus any row a legacy report gave values for."""
    if template in BOTH:
        return list(table.rows_for(template))
    present = {row for row, _ in cells}
    return [r for r in table.rows if r.key in present]


def _wrap(table_html: str) -> str:
    return f'<div class="nb-scroll">{table_html}</div>'


# --- 二 ------------------------------------------------------------------------------------

def proactive_html(template: str, cells: dict, original: str, marked: frozenset = frozenset()) -> str:
    blocks = PROACTIVE_LAYOUT.get(template)
    if blocks is None:  # legacy: only what the prose gave, in catalogue order
        cats = tuple(c.key for c in PROACTIVE.rows if any(k[0] == c.key for k in cells))
        meas = tuple(m.key for m in PROACTIVE.cols if any(k[1] == m.key for k in cells))
        blocks = (Block("", cats, meas),) if cats else ()
    if not blocks:
        return ""
    width = 1 + max(len(b.measures) for b in blocks)
    out = ['<table class="nb-table nb-proactive">']
    for b in blocks:
        if b.clause:
            out.append(f'<tr><th colspan="{width}" class="nb-block">{esc(b.clause)}</th></tr>')
        heads = ["<th>信息内容</th>"]
        for i, m in enumerate(b.measures):
            span = width - len(b.measures) if i == len(b.measures) - 1 else 1
            heads.append(f'<th{_span("colspan", span)}>{esc(_measure_label(PROACTIVE.col(m), b.header(m)))}</th>')
        out.append("<tr>" + "".join(heads) + "</tr>")
        for c in b.categories:
            tds = []
            for i, m in enumerate(b.measures):
                span = width - len(b.measures) if i == len(b.measures) - 1 else 1
                tds.append(cell_html(PROACTIVE, c, m, cells.get((c, m)), original, span, marked))
            out.append(f'<tr id="{row_id("proactive", c)}"><th class="nb-rowhead">'
                       f'{esc(PROACTIVE.row(c).zh)}</th>{"".join(tds)}</tr>')
    out.append("</table>")
    return _wrap("".join(out))


def _measure_label(m: Item, printed: str) -> str:
    return printed if m.unit != "万元" or m.unit in printed else f"{printed}(万元)"


def _span(name: str, n: int) -> str:
    return f' {name}="{n}"' if n > 1 else ""


# --- 三 ------------------------------------------------------------------------------------

def applications_html(template: str, cells: dict, original: str, marked: frozenset = frozenset()) -> str:
    rows = _rows(APPLICATIONS, template, cells)
    if not rows:
        return ""
    cols = APPLICATIONS.cols
    balance = next(i for i in IDENTITIES if i.rule == "applications.balance")
    grouped = [c for c in cols if _col_group(c)]
    group = _col_group(grouped[0]) if grouped else ""
    out = ['<table class="nb-table nb-applications">',
           f'<tr><th rowspan="3" colspan="3" class="nb-corner">(本列数据的勾稽关系为：{esc(balance.zh)})</th>'
           f'<th colspan="{len(cols)}">申请人情况</th></tr>']
    second, third, opened = [], [], False
    for c in cols:
        if _col_group(c):
            if not opened:
                second.append(f'<th colspan="{len(grouped)}">{esc(group)}</th>')
                opened = True
            third.append(f"<th>{esc(c.zh)}</th>")
        else:
            second.append(f'<th rowspan="2">{esc(c.zh)}</th>')
    out.append("<tr>" + "".join(second) + "</tr><tr>" + "".join(third) + "</tr>")
    results = _results_group()
    n_results = sum(1 for r in rows if r.group)
    seen_results, seen_groups = False, set()
    for r in rows:
        heads = ""
        if not r.group:
            heads = f'<th colspan="3" class="nb-rowhead">{esc(r.zh)}</th>'
        else:
            if not seen_results:
                heads += f'<th rowspan="{n_results}" class="nb-rowhead">{esc(results)}</th>'
                seen_results = True
            if r.group == results:
                heads += f'<th colspan="2" class="nb-rowhead">{esc(r.zh)}</th>'
            else:
                if r.group not in seen_groups:
                    n = sum(1 for x in rows if x.group == r.group)
                    heads += f'<th rowspan="{n}" class="nb-rowhead">{esc(r.group)}</th>'
                    seen_groups.add(r.group)
                heads += f'<th class="nb-rowhead">{esc(r.zh)}</th>'
        tds = "".join(cell_html(APPLICATIONS, r.key, c.key, cells.get((r.key, c.key)), original, 1, marked)
                      for c in cols)
        out.append(f'<tr id="{row_id("applications", r.key)}">{heads}{tds}</tr>')
    out.append("</table>")
    return _wrap("".join(out))


def _col_group(c: Item) -> str:
    return c.group


# --- 四 ------------------------------------------------------------------------------------

def review_litigation_html(template: str, cells: dict, original: str, marked: frozenset = frozenset()) -> str:
    rows = _rows(REVIEW_LITIGATION, template, cells)
    if not rows:
        return ""
    cols = REVIEW_LITIGATION.cols
    parts = [r.zh.split("：", 1) if "：" in r.zh else [r.zh] for r in rows]
    depth = 3 if any(len(p) == 2 for p in parts) else 2
    first, second, third = [], [], []
    i = 0
    while i < len(rows):  # consecutive rows sharing a group heading (行政诉讼) are spanned together
        head = parts[i][0]
        j = i
        while j < len(rows) and parts[j][0] == head and len(parts[j]) == 2:
            j += 1
        if j > i:
            first.append(f'<th colspan="{(j - i) * len(cols)}">{esc(head)}</th>')
            for k in range(i, j):
                second.append(f'<th colspan="{len(cols)}">{esc(parts[k][1])}</th>')
                third += [f"<th>{esc(c.zh)}</th>" for c in cols]
            i = j
        else:
            first.append(f'<th colspan="{len(cols)}">{esc(head)}</th>')
            second += [f'<th{_span("rowspan", depth - 1)}>{esc(c.zh)}</th>' for c in cols]
            i += 1
    out = ['<table class="nb-table nb-review">', "<tr>" + "".join(first) + "</tr>",
           "<tr>" + "".join(second) + "</tr>"]
    if depth == 3:
        out.append("<tr>" + "".join(third) + "</tr>")
    tds = "".join(cell_html(REVIEW_LITIGATION, r.key, c.key, cells.get((r.key, c.key)), original, 1, marked)
                  for r in rows for c in cols)
    out.append(f'<tr class="nb-values">{tds}</tr></table>')
    return _wrap("".join(out))


def local_rows_html(table: Table, rows: list[dict], original: str) -> str:
    """The rows a report adds to a standard table (its local_rows rows), as printed: each value at
    its position, linked to its line, with the standard column the header gives it. Shown apart from
    the standard table because they are never counted under a standard row."""
    by_row: dict[tuple, list[dict]] = {}
    for r in rows:
        if r.get("table") == table.name:
            by_row.setdefault((r.get("source_line"), r.get("label"), r.get("parent")), []).append(r)
    if not by_row:
        return ""
    cols = {c.key: c.zh for c in table.cols}
    items = []
    for (line, label, parent), values in by_row.items():
        shown = []
        for v in sorted(values, key=lambda v: v.get("position") or 0):
            text = esc(fmt(v.get("value")))
            if v.get("source_line"):
                text = f'<a href="{esc(original)}#L{int(v["source_line"])}">{text}</a>'
            col = cols.get(v.get("column"))
            shown.append(f"{esc(col)} {text}" if col else text)
        under = f"（列于“{esc(_row_label(table, parent))}”之下）" if parent else ""
        at = f'，<a href="{esc(original)}#L{int(line)}">原文第{int(line)}行</a>' if line else ""
        items.append(f"<li><strong>{esc(label)}</strong>{under}：{'；'.join(shown)}{at}</li>")
    return ('<div class="nb-local"><p><strong>地方增列行</strong>：本报告在标准表之外增列的行，按原样发布'
            "（数据表 <code>local_rows</code>），不计入任何标准行。</p>"
            f'<ul>{"".join(items)}</ul></div>')


RENDER = {"proactive": proactive_html, "applications": applications_html,
          "review_litigation": review_litigation_html}
