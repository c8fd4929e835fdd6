"""The template a report follows: decided by its tables' own words and shapes; for a report whose
text holds no table, whether it is a prose-only report or an excerpt that stops before its tables.

Templates differ in table 二's columns and in table 三's 其他处理 rows; the year only breaks ties,
because reports are known to use the other period's template. A text with no table is ``legacy``
(prose only) when it states disclosure figures and is a report on a year before the 2019 format or
follows the older report's sections; otherwise the template is unknown (None): an excerpt that
stops early, or a page whose tables were images, says nothing of the tables it would have had.
"""

from __future__ import annotations

import re

from ..catalogue import APPLICATIONS, BOTH, PROACTIVE_LAYOUT
from ..extraction import Extraction, Observation
from ..normalise import compact
from .proactive import category_of, proactive_rows
from .tokens import Token
from .words import APPLICATION_ROWS, TEMPLATE_ROW_WIDTHS, TEMPLATE_WORDS

# Table 三's rows that only one template has: 逾期不补正 (2021), (六)其他处理 with its own values (2019)
_ROW_WORDS = {t: tuple(k for r in APPLICATIONS.rows if r.templates == (t,) for k in APPLICATION_ROWS[r.key] if k != "其他")
              for t in BOTH}
_WORD_CELL = 24  # template words are looked for in header and label cells, not in prose
FIRST_FORMAT_YEAR = 2019
# Disclosure figures of a prose report: '主动公开政府信息310条', '共收到申请5件'.
# '100余条' too; not '“依申请公开制度”等13项制度' (a count of rules, not of disclosures)
FIGURES = re.compile(r"(?:公开|发布|收到|受理)[^。;；]{0,24}?\d+\s*(?:余|多)?(?:条|件|项|篇)(?!制度|措施|机制|规定|举措)")
# The sections of the reports the 2008 regulation asked for, before the 2019 format's tables, as a
# report's own top-level headings ('一、概述', '四、政府信息公开的收费及减免情况'): the same words in a
# sentence listing a report's parts, a subsection '(二)依申请公开政府信息情况' or a page's label '内容概述'
# are as common in the reports of the 2019 format.
OLD_SECTIONS = ("概述", "不予公开政府信息", "收费及减免", "依申请公开政府信息情况", "依申请公开政府信息办理情况",
                "因政府信息公开申请行政复议")
_OLD_HEADING = re.compile(r"[一二三四五六七八九十]{1,2}\s*[、.．]\s*(.{0,30})")
HEAD = 6000


def prose_template(year: int | None, lines) -> str | None:
    """``legacy`` or None (unknown) for a report whose text holds no table: legacy when its prose
    states disclosure figures and it is a report on a year before the 2019 format or is headed by
    the older report's sections (一、概述, 三、依申请公开政府信息和不予公开政府信息情况, 四、…收费及减免…);
    otherwise the text may simply stop before its tables, and the template is not known."""
    head, size = [], 0
    for line in lines:
        if size >= HEAD:
            break
        head.append(line.text)
        size += len(line.text)
    if not FIGURES.search("".join(head)[:HEAD]):
        return None
    old = any((m := _OLD_HEADING.match(text.strip())) and any(w in m.group(1) for w in OLD_SECTIONS) for text in head)
    return "legacy" if old or (year is not None and year < FIRST_FORMAT_YEAR) else None


def detect_template(proactive_toks: list[Token], app_runs, review_run, year: int | None) -> tuple[str | None, str]:
    """Decide the template from the tables' own words and shapes, not the year; the year only
    breaks ties. Returns the template and, when the tables carry the marks of both templates in
    comparable number, what each side showed (the cells whose meaning depends on it are then
    withheld: see ``withhold_template_cells``).

    The evidence: words only one template's headers and rows print (catalogue.TEMPLATE_WORDS,
    fragments included, so a header split over lines still counts), the number of values table
    二's rows print (catalogue.TEMPLATE_ROW_WIDTHS), and table 三's template-specific rows.
    """
    cells = "|".join(c for c in (compact(t.text) for t in proactive_toks if t.kind == "text")
                     if len(c) <= _WORD_CELL)
    seen = {t: {w for w in TEMPLATE_WORDS[t] if w in cells} for t in BOTH}
    for label, values in proactive_rows(proactive_toks):
        kind, key = category_of(label)
        width = len(values) if all(t.kind in ("num", "blank") for t in values) else 0
        if kind == "category" and key in TEMPLATE_ROW_WIDTHS and width in TEMPLATE_ROW_WIDTHS[key]:
            seen[TEMPLATE_ROW_WIDTHS[key][width]].add(f"{key}:{width}")
    for run in app_runs:
        c = compact(run.label)
        new = {w for w in _ROW_WORDS["2021"] if w in c}
        seen["2021"].update(f"三:{w}" for w in new)
        if not new:  # (六)其他处理 with values of its own
            seen["2019"].update(f"三:{w}" for w in _ROW_WORDS["2019"] if w in c)
    n19, n21 = len(seen["2019"]), len(seen["2021"])
    if n19 or n21:
        if n21 >= 2 * n19:
            return "2021", ""
        if n19 >= 2 * n21:
            return "2019", ""
        template = ("2021" if (year or 0) >= 2021 else "2019") if n19 == n21 else "2021" if n21 > n19 else "2019"
        return template, (f"2019年版特征：{'、'.join(sorted(seen['2019']))}；"
                          f"2021年版特征：{'、'.join(sorted(seen['2021']))}")
    if app_runs or review_run:
        return ("2021" if (year or 0) >= 2021 else "2019"), ""
    return None, ""


def withhold_template_cells(ex: Extraction, template: str, evidence: str) -> None:
    """The tables show both templates: the cells whose meaning the template decides (table 二's
    first block, where both print three numbers under different headers, and table 三's 其他处理
    rows) are not published."""
    first = PROACTIVE_LAYOUT[template][0].categories
    for cell in ex.cells:
        if (cell.table == "proactive" and cell.row in first) or (
                cell.table == "applications" and cell.row.startswith("other")):
            if cell.status != "missing":
                cell.value, cell.status, cell.printed, cell.note = None, "missing", None, "格式版本不明，未予发布"
    ex.observations.append(Observation("template.conflict", detail=evidence))
