"""The three standard tables of one report as HTML, laid out like the official format.

Everything is derived from the catalogue: rows, columns, labels, groups, the table-二 blocks and
the identity printed in the corner of table 三. A cell shows exactly the published value: a number
links to its line in the archived original; null is "—" (blank or missing, never 0); inferred and
corrected values carry a visible mark, and their notes are listed under the table.

The markup is compact, because a national year of report pages must fit a static host (issue 13):
cells carry no id and no title, a printed cell no class, and optional end tags are left out. Where a
cell is in the catalogue's terms is in the table itself: each data row's id names its row
(``r-TABLE-ROW``) and the header row before it lists its columns' keys (``data-c``), labels
(``data-z``, or its own cells' text) and units (``data-u``), and in table 四, whose values stand in
one row, the rows they belong to (``data-r``, ``data-rz``); a row's values are printed on one line of the original (most
often), which the row names once (``data-l``) instead of each value linking to it.
assets/nianbao-report.js reads them to link each value to its line, to resolve the anchors
``#c-TABLE-ROW-COL`` (``cell_id``) and to make the per-report downloads in the browser; a value
printed on another line than its row's links itself.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..catalogue import (APPLICATIONS, BOTH, IDENTITIES, PROACTIVE, PROACTIVE_LAYOUT, REVIEW_LITIGATION,
                         STATUSES, Block, Item, Table)
from .html import NULL, attr_value, esc, fmt

# Short marks for statuses; the long explanations come from the catalogue (STATUSES).
MARKS = {"inferred": "推算", "corrected": "更正", "blank": "空白", "missing": "缺失", "ocr": "识读"}
# A cell's class: its status (a printed cell has none), and "d" where another version differs.
CLASS = {"missing": "m", "blank": "b", "inferred": "i", "corrected": "c", "ocr": "o", "prose": "p"}


def status_zh(status: str) -> str:
    """The Chinese half of a status explanation."""
    return STATUSES.get(status, status).split(" — ")[0]


def cell_id(table: str, row: str, col: str) -> str:
    return f"c-{table}-{row}-{col}"


def row_id(table: str, row: str) -> str:
    return f"r-{table}-{row}"


def cell_html(row: str, col: str, cell: dict | None, original: str, expected: int | None = None,
              colspan: int = 1, marked: frozenset = frozenset()) -> str:
    """One <td>: the value, "—" for null (the class says blank or missing), and the marks of
    inferred and corrected values. A value on the line its row says (``expected``, see ``data_row``)
    is linked to it by the page's script; one on another line links itself; one on no line in a row
    that names lines says so (class n). ``marked``: (row, column) of cells another version prints
    differently. No end tag: the next cell or row closes it."""
    status = cell["status"] if cell else "missing"
    value = cell.get("value") if cell else None
    line = cell.get("source_line") if cell else None
    line = int(line) if line is not None else None
    text = esc(fmt(value))
    body = text if line == expected else f"<a href={attr_value(f'{original}#L{line}')}>{text}</a>" if line else text
    if status in ("inferred", "corrected") or status == "ocr" and value is not None:
        body += f'<sup class="nb-mark">{MARKS[status]}</sup>'
    if status == "corrected" and cell.get("printed") is not None:
        body += f'<span class="nb-was">原印 {esc(cell["printed"])}</span>'
    classes = [CLASS.get(status, "" if status == "printed" else esc(status)),
               "n" if line is None and expected is not None and status != "missing" else "",
               "d" if (row, col) in marked else ""]
    cls = " ".join(c for c in classes if c)
    return f"<td{_span('colspan', colspan)}{f' class={attr_value(cls)}' if cls else ''}>{body}"


def data_row(row_key: str, table: Table, heads: str, items, original: str, marked: frozenset,
             cls: str = "") -> str:
    """A row of values: ``items`` are (row key, column key, cell, colspan). The row names the lines
    its values are printed on: ``data-l``, the line of most of them (a row printed on one line), or
    with ``data-s`` a step, the value i on line l + i*s (one cell per line); the page's script links
    each value to it."""
    lines = [int(c["source_line"]) if c and c.get("source_line") is not None else None for _, _, c, _ in items]
    steps = {b - a for a, b in zip(lines, lines[1:])} if None not in lines else set()
    step = steps.pop() if len(steps) == 1 and len(lines) > 1 else 0
    if step:
        first = lines[0]
    else:
        common = Counter(x for x in lines if x is not None).most_common(1)
        first = common[0][0] if common else None
    expected = [None if first is None else first + i * step for i in range(len(items))]
    tds = "".join(cell_html(r, c, cell, original, e, span, marked)
                  for (r, c, cell, span), e in zip(items, expected))
    attrs = f"id={row_id(table.name, row_key)}" + (f" data-l={first}" if first is not None else "") \
        + (f" data-s={step}" if step else "")
    return f"<tr {attrs}{f' class={cls}' if cls else ''}>{heads}{tds}</tr>"


def columns(table: Table, keys, labels=None, rows=None, row_labels=None, shown: bool = False) -> str:
    """The attributes naming the columns of the data rows below (see the module's docstring).
    ``rows`` (with ``row_labels``): a table whose values stand in one row (四) has a column per row
    and key, listed once each (data-r, data-rz; the script makes the pairs). ``shown``: the labels
    are the texts of this header row's last cells, which the script reads instead of a data-z."""
    items = [table.col(k) for k in keys]
    zh = labels or [i.zh for i in items]
    units = [i.unit for i in items]
    out = f" data-c={attr_value(' '.join(keys))}" + ("" if shown else f" data-z={attr_value('|'.join(zh))}")
    if rows:
        out += f" data-r={attr_value(' '.join(rows))} data-rz={attr_value('|'.join(row_labels or ()))}"
    return out + (f" data-u={attr_value('|'.join(units))}" if any(units) else "")


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


def _open(table: Table) -> str:
    return f'<table class="nb-table nb-{table.name}" data-t={table.name}>'


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
    out = [_open(PROACTIVE)]
    for b in blocks:
        if b.clause:
            out.append(f'<tr><th colspan={width} class="nb-block">{esc(b.clause)}</tr>')
        labels = [_measure_label(PROACTIVE.col(m), b.header(m)) for m in b.measures]
        heads = ["<th>信息内容"]
        for i, label in enumerate(labels):
            span = width - len(b.measures) if i == len(b.measures) - 1 else 1
            heads.append(f"<th{_span('colspan', span)}>{esc(label)}")
        out.append(f"<tr{columns(PROACTIVE, b.measures, labels, shown=True)}>" + "".join(heads) + "</tr>")
        for c in b.categories:
            items = [(c, m, cells.get((c, m)), width - len(b.measures) if i == len(b.measures) - 1 else 1)
                     for i, m in enumerate(b.measures)]
            out.append(data_row(c, PROACTIVE, f"<th>{esc(PROACTIVE.row(c).zh)}", items, original, marked))
    out.append("</table>")
    return _wrap("".join(out))


def _measure_label(m: Item, printed: str) -> str:
    return printed if m.unit != "万元" or m.unit in printed else f"{printed}(万元)"


def _span(name: str, n: int) -> str:
    return f" {name}={n}" if n > 1 else ""


# --- 三 ------------------------------------------------------------------------------------

def applications_html(template: str, cells: dict, original: str, marked: frozenset = frozenset()) -> str:
    rows = _rows(APPLICATIONS, template, cells)
    if not rows:
        return ""
    out = [_applications_head()]
    results = _results_group()
    n_results = sum(1 for r in rows if r.group)
    seen_results, seen_groups = False, set()
    for r in rows:
        heads = ""
        if not r.group:
            heads = f"<th colspan=3>{esc(r.zh)}"
        else:
            if not seen_results:
                heads += f"<th rowspan={n_results}>{esc(results)}"
                seen_results = True
            if r.group == results:
                heads += f"<th colspan=2>{esc(r.zh)}"
            else:
                if r.group not in seen_groups:
                    n = sum(1 for x in rows if x.group == r.group)
                    heads += f"<th rowspan={n}>{esc(r.group)}"
                    seen_groups.add(r.group)
                heads += f"<th>{esc(r.zh)}"
        items = [(r.key, c.key, cells.get((r.key, c.key)), 1) for c in APPLICATIONS.cols]
        out.append(data_row(r.key, APPLICATIONS, heads, items, original, marked))
    out.append("</table>")
    return _wrap("".join(out))


@lru_cache(maxsize=None)
def _applications_head() -> str:
    """The table's opening and its three header rows: the same for every report."""
    cols = APPLICATIONS.cols
    balance = next(i for i in IDENTITIES if i.rule == "applications.balance")
    grouped = [c for c in cols if _col_group(c)]
    group = _col_group(grouped[0]) if grouped else ""
    out = [_open(APPLICATIONS),
           f"<tr{columns(APPLICATIONS, [c.key for c in cols])}>"
           f'<th rowspan=3 colspan=3 class="nb-corner">(本列数据的勾稽关系为：{esc(balance.zh)})'
           f"<th colspan={len(cols)}>申请人情况</tr>"]
    second, third, opened = [], [], False
    for c in cols:
        if _col_group(c):
            if not opened:
                second.append(f"<th colspan={len(grouped)}>{esc(group)}")
                opened = True
            third.append(f"<th>{esc(c.zh)}")
        else:
            second.append(f"<th rowspan=2>{esc(c.zh)}")
    out.append("<tr>" + "".join(second) + "</tr><tr>" + "".join(third) + "</tr>")
    return "".join(out)


def _col_group(c: Item) -> str:
    return c.group


# --- 四 ------------------------------------------------------------------------------------

def review_litigation_html(template: str, cells: dict, original: str, marked: frozenset = frozenset()) -> str:
    rows = _rows(REVIEW_LITIGATION, template, cells)
    if not rows:
        return ""
    cols = REVIEW_LITIGATION.cols
    out = [_review_head(tuple(r.key for r in rows))]
    items = [(r.key, c.key, cells.get((r.key, c.key)), 1) for r in rows for c in cols]
    out.append(data_row("values", REVIEW_LITIGATION, "", items, original, marked, "nb-values") + "</table>")
    return _wrap("".join(out))


@lru_cache(maxsize=None)
def _review_head(keys: tuple[str, ...]) -> str:
    """The table's opening and header rows for these rows (the same for every report of a template)."""
    rows = [REVIEW_LITIGATION.row(k) for k in keys]
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
            first.append(f"<th colspan={(j - i) * len(cols)}>{esc(head)}")
            for k in range(i, j):
                second.append(f"<th colspan={len(cols)}>{esc(parts[k][1])}")
                third += [f"<th>{esc(c.zh)}" for c in cols]
            i = j
        else:
            first.append(f"<th colspan={len(cols)}>{esc(head)}")
            second += [f"<th{_span('rowspan', depth - 1)}>{esc(c.zh)}" for c in cols]
            i += 1
    heads = columns(REVIEW_LITIGATION, [c.key for c in cols], rows=list(keys), row_labels=[p[-1] for p in parts])
    out = [_open(REVIEW_LITIGATION),
           f"<tr{heads}>" + "".join(first) + "</tr>",
           "<tr>" + "".join(second) + "</tr>"]
    if depth == 3:
        out.append("<tr>" + "".join(third) + "</tr>")
    return "".join(out)


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
