"""Table 二 (第二十条): rows read by their labels, local rows kept apart.

A row of table 二 is its label followed by its values. The label names a category of the template
(its values go to the measures of the category's block, 第二十条第(X)项), or a row the format does
not have (a local row: 其他主动公开文件, 行政检查 under 其他对外管理服务事项), published as printed
and never under a standard key, or nothing legible (its values are not placed; a finding says so).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..catalogue import CATEGORIES, MEASURES, PROACTIVE, PROACTIVE_LAYOUT, Block
from . import words
from .words import CLAUSE, GROUP_HEADS, LABEL_NOISE, LOCAL_MARK, PROACTIVE_HEADER_WORDS, SUB_ROW_MARKS
from ..extraction import Cell, LocalRow, LocalValue, Observation
from ..ingest import Line
from ..normalise import compact, strip_instructions
from .cells import empty_cells, glued, printed, read_row, text_of
from .tokens import Token, bigrams, match_score, tokenize

_CLAUSE_KEY = compact(CLAUSE)
_ENUM = re.compile(r"^(?:\(?[一二三四五六七八九十]{1,2}[)、.]?|\(?\d{1,2}[).、]?)")
_HEADER_KEYS = tuple(k for m in MEASURES for k in words.MEASURES[m.key]) + PROACTIVE_HEADER_WORDS
_MEASURE_LABELS = tuple({compact(m.zh) for m in MEASURES}
                        | {compact(h) for blocks in PROACTIVE_LAYOUT.values() for b in blocks for h in b.headers})
_MAX_LABEL = 14  # a row label of table 二 is short; longer text is a heading, a note or prose
_LABEL_TEXT = 400  # characters of text before a row's values that may hold its label, filling
                   # instructions included: a label is never looked for in more (bounded work)


@lru_cache(maxsize=1 << 14)
def label_form(text: str) -> str:
    """A table-二 label as compared: no instructions, enumerator, 其中 or punctuation.

    >>> label_form('1.行政许可(含行政确认等)'), label_form('其中：行政检查')
    ('行政许可', '行政检查')
    """
    text = strip_instructions(text).strip()
    text = _ENUM.sub("", text, count=1)
    c = compact(text)
    for mark in SUB_ROW_MARKS:
        if c.startswith(mark):
            c = c[len(mark):]
    return c


@lru_cache(maxsize=1 << 14)  # labels repeat from report to report
def category_of(label: str) -> tuple[str, str | None]:
    """("category", key) for a label naming a standard category of table 二, ("local", None) for
    a row the format does not have, ("garbled", None) for one that looks like a category without
    naming it (an OCR-damaged label: its values are not placed), ("none", None) for no label.

    >>> category_of('行政规范性文件'), category_of('其他规范性文件'), category_of('行政检查')
    (('category', 'normative_documents'), ('local', None), ('local', None))
    >>> category_of('其他对外管理服务事顷'), category_of('行政许可、行政确认')
    (('category', 'other_management_services'), ('local', None))
    >>> category_of('行政处 罚'), category_of('行政夂罚')
    (('category', 'administrative_penalty'), ('garbled', None))
    """
    c = label_form(label)
    if not c or len(c) > _MAX_LABEL * 2:
        return "none", None
    for cat in CATEGORIES:
        for key in sorted(words.CATEGORIES[cat.key], key=len, reverse=True):
            if key in c:
                rest = c.replace(key, "", 1)
                if LOCAL_MARK in rest and LOCAL_MARK not in cat.zh:
                    return "local", None
                noise = sum(1 for ch in rest if not ch.isascii() and ch not in cat.zh)
                return ("category", cat.key) if noise <= LABEL_NOISE else ("local", None)
    if len(c) > _MAX_LABEL:
        return "none", None
    have, chars = bigrams(c), set(c)
    for cat in CATEGORIES:  # one character off a category's label ('行政夂罚'), not a row of its own
        if match_score(have, words.CATEGORIES[cat.key]) >= 0.5 or any(
                len(k) >= 4 and sum(ch in chars for ch in k) >= 0.75 * len(k) for k in words.CATEGORIES[cat.key]):
            return "garbled", None
    return "local", None


@lru_cache(maxsize=1 << 14)
def _is_header(c: str) -> bool:
    """A cell of table 二's header: it names a measure, or is a piece of one split over lines."""
    return any(k in c for k in _HEADER_KEYS) or (len(c) >= 2 and any(c in m for m in _MEASURE_LABELS))


def _rows(toks: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """The table as rows: (the text tokens since the previous row's values, this row's values)."""
    out = []
    label: list[Token] = []
    values: list[Token] = []
    for tok in toks:
        if tok.kind == "text":
            if values:
                out.append((label, values))
                label, values = [], []
            label.append(tok)
        else:
            values.append(tok)
    out.append((label, values))
    return out


def proactive_rows(toks: list[Token]) -> list[tuple[str, list[Token]]]:
    """(the label cell right before the values, the values) of every row of table 二."""
    return [(label[-1].text if label else "", values) for label, values in _rows(toks) if values]


def read_proactive(lines: list[Line], template: str, toks: list[Token] | None = None
                   ) -> tuple[list[Cell], list[Observation], list[LocalRow]]:
    """Table 二, row by row: each row's label names a category of the template (its values go to
    the block's measures), or a local row (kept apart), or nothing legible (values not placed)."""
    cells = empty_cells(PROACTIVE, template)
    notes: list[Observation] = []
    local: list[LocalRow] = []
    layout = PROACTIVE_LAYOUT[template]
    block_of = {c: b for b in layout for c in b.categories}
    clauses = {compact(b.clause): b for b in layout}
    block: Block | None = None
    group: str | None = None     # a category printed as the head of the local rows under it
    above: str | None = None     # the last category row: what a 其中 row breaks down
    done: set[str] = set()
    for label, values in _rows(tokenize(lines) if toks is None else toks):
        head: list[Token] = []
        for tok in label:
            c = compact(tok.text)
            if _CLAUSE_KEY in c:
                block = next((b for k, b in clauses.items() if k in c), None)
                head, group, above = [], None, None
            elif len(c) <= 24 and _is_header(c):
                head = []
            else:
                head.append(tok)
        if not values:
            continue
        kind, key, name, heads = _row_label(head)
        for h in heads:
            group = h  # a category with no values of its own, printed over the rows that follow
        if kind == "category" and key in block_of:
            block, group, above = block_of[key], None, key
            measures = block.measures
            row = read_row(values, len(measures))
            if key in done:  # printed twice: the same numbers are a repeat, others leave both in doubt
                if row is None or any(cells[key, m].value != v for m, (v, _) in zip(measures, row)):
                    notes.append(Observation("table.unplaced_values", "proactive", key, line=values[0].line,
                                             detail=text_of(values)))
                    for m in measures:
                        if cells[key, m].status != "missing":
                            notes.append(Observation("table.unplaced_values", "proactive", key, m,
                                                     cells[key, m].line, cells[key, m].printed or ""))
                        cells[key, m] = Cell(PROACTIVE.name, key, m, None, "missing")
                continue
            done.add(key)
            if row is None:
                rule = "table.glued_digits" if glued(values) else "table.unplaced_values"
                notes.append(Observation(rule, "proactive", key, line=values[0].line, detail=text_of(values)))
                continue
            for measure, (value, tok) in zip(measures, row):
                cells[key, measure] = printed(PROACTIVE, key, measure, tok, value)
            continue
        if kind in ("category", "local") and block is not None:
            # a category of the other template's table (政府集中采购 in a 2021 report) is a local row too
            if _sub_row(name):  # 其中：… breaks down the category row above, and so do the rows after it
                group = above
            parent = group
            row = read_row(values, len(block.measures))
            if row is not None:
                local.append(LocalRow("proactive", name, head[-1].line if head else None, parent, [
                    LocalValue(k + 1, value, "printed" if tok.kind in ("num", "glued") else "blank", tok.line,
                               tok.text, measure, _glued_note(tok))
                    for k, (measure, (value, tok)) in enumerate(zip(block.measures, row))]))
                continue
            rule = "table.glued_digits" if glued(values) else "table.unplaced_values"
            notes.append(Observation(rule, "proactive", line=values[0].line, detail=f"{name}: {text_of(values)}"))
            continue
        notes.append(Observation("table.unplaced_values", "proactive", line=values[0].line,
                                 detail=(f"{name}: " if name else "") + text_of(values)))
    return list(cells.values()), notes, local


def _row_label(head: list[Token]) -> tuple[str, str | None, str, list[str]]:
    """(kind, category key, label as printed, categories printed as group heads before it) of a
    row whose label is the text ``head``. A label split over cells ('其他对外管理' / '服务事项') is
    read whole; a category before a local label is that row's group head."""
    if not head:
        return "none", None, "", []
    first, length = len(head), 0   # tails longer than _LABEL_TEXT characters name no category
    while first > 0 and length + len(head[first - 1].text) <= _LABEL_TEXT:
        first -= 1
        length += len(head[first].text)
    for k in range(min(first, len(head) - 1), len(head)):  # the longest tail that names a category
        whole = "".join(t.text for t in head[k:])
        kind, key = category_of(whole)
        if kind == "category" and (k == len(head) - 1 or len(label_form(whole)) <= _MAX_LABEL):
            return kind, key, whole, []
    heads: list[str] = []
    start = 0
    for k, tok in enumerate(head[:-1]):
        kind, key = category_of(tok.text)
        if kind == "category":
            if key in GROUP_HEADS:
                heads.append(key)
            start = k + 1
        elif kind == "none":
            start = k + 1
    name = "".join(t.text for t in head[start:]).strip()
    kind, key = category_of(name)
    return kind, key, name, heads


def _sub_row(name: str) -> bool:
    c = compact(name)
    return any(c.startswith(m) for m in SUB_ROW_MARKS)


def _glued_note(tok: Token) -> str | None:
    return f"原文数字粘连为“{tok.text}”，只有一种拆分" if tok.kind == "glued" else None
