"""The three standard tables: runs of values matched to the catalogue's rows.

Every cell of the template is published: printed where a number stands in the source, blank where
the source prints an empty cell, missing where the source does not have it, inferred only where
the format's identities leave a single possible value. Numbers that cannot be placed are never
guessed: they stay null and extraction records an observation.
"""

from __future__ import annotations

from ..catalogue import (APPLICATIONS, PROACTIVE, PROACTIVE_LAYOUT, REVIEW_LITIGATION, Table,
                         cells as template_cells)
from ..extraction import Cell, Observation
from ..ingest import Line
from ..normalise import compact
from .tokens import Run, Token, bigrams, match_score, runs, tokenize

REVIEW_WIDTH = len(REVIEW_LITIGATION.rows) * len(REVIEW_LITIGATION.cols)  # 15 cells on one row


def empty_cells(table: Table, template: str) -> dict[tuple[str, str], Cell]:
    return {(r, c): Cell(table.name, r, c, None, "missing") for r, c in template_cells(table, template)}


def printed(table: Table, row: str, col: str, tok: Token) -> Cell:
    if tok.kind == "num":
        return Cell(table.name, row, col, tok.value, "printed", tok.line, tok.text)
    return Cell(table.name, row, col, None, "blank", tok.line, tok.text)


# --- 二 proactive disclosure -----------------------------------------------------------------

def proactive(lines: list[Line], template: str) -> tuple[list[Cell], list[Observation]]:
    cells = empty_cells(PROACTIVE, template)
    notes: list[Observation] = []
    toks = tokenize(lines)
    for block in PROACTIVE_LAYOUT[template]:
        for key in block.categories:
            run = _category_run(toks, PROACTIVE.row(key).match)
            if run is None:
                continue
            if len(run.values) != len(block.measures):
                notes.append(Observation("table.unplaced_values", "proactive", key, line=run.line,
                                         detail=_printed(run)))
                continue
            for measure, tok in zip(block.measures, run.values):
                cells[key, measure] = printed(PROACTIVE, key, measure, tok)
    return list(cells.values()), notes


def _category_run(toks: list[Token], keys: tuple[str, ...]) -> Run | None:
    """The values that directly follow a short label naming the category."""
    for i, tok in enumerate(toks):
        text = compact(tok.text)
        if tok.kind == "text" and len(text) <= 14 and any(k in text for k in keys):
            values = []
            for nxt in toks[i + 1:]:
                if nxt.kind == "text":
                    break
                values.append(nxt)
            if values:
                return Run(tok.text, tuple(values), tok.line)
    return None


# --- 三 applications ------------------------------------------------------------------------

def applications(run_list: list[Run], template: str) -> tuple[list[Cell], list[Observation]]:
    cells = empty_cells(APPLICATIONS, template)
    notes: list[Observation] = []
    rows = APPLICATIONS.rows_for(template)
    cols = [c.key for c in APPLICATIONS.cols]
    for run, row in align(run_list, rows):
        if row is None:
            notes.append(Observation("table.unplaced_values", "applications", line=run.line,
                                     detail=_printed(run)))
            continue
        if len(run.values) == len(cols):
            for col, tok in zip(cols, run.values):
                cells[row.key, col] = printed(APPLICATIONS, row.key, col, tok)
            continue
        filled = fill_short_row([t.value for t in run.values if t.kind == "num"]) \
            if len(run.values) == len(cols) - 1 and all(t.kind == "num" for t in run.values) else None
        if filled is None:
            notes.append(Observation("table.unplaced_values", "applications", row.key, line=run.line,
                                     detail=_printed(run)))
            continue
        note = (f"原文该行只印出{len(run.values)}个数({_printed(run)})，缺1格；"
                "按“各类申请人之和等于总计”，整行只能是这些值")
        for col, value in zip(cols, filled):
            cells[row.key, col] = Cell("applications", row.key, col, value, "inferred", run.line, None, note)
        notes.append(Observation("applications.row_short", "applications", row.key, line=run.line,
                                 detail=_printed(run)))
    return list(cells.values()), notes


def fill_short_row(values: list[int | float]) -> list[int | float] | None:
    """A row printed one cell short: the full row, if every placement of the gap gives the same one.

    Six applicant columns sum to the total. With one cell absent and its place unknown, each place
    is tried; the row is determined only when all consistent placements agree (e.g. all zeros).

    >>> fill_short_row([0, 0, 0, 0, 0, 0])
    [0, 0, 0, 0, 0, 0, 0]
    >>> fill_short_row([2, 0, 0, 0, 0, 2]) is None
    True
    """
    n = len(values)
    candidates = []
    for gap in range(n + 1):
        if gap == n:  # the total is the absent cell
            candidates.append(values + [sum(values)])
            continue
        parts, total = values[:-1], values[-1]
        missing = total - sum(parts)
        if missing >= 0:
            candidates.append(parts[:gap] + [missing] + parts[gap:] + [total])
    if candidates and all(c == candidates[0] for c in candidates):
        return candidates[0]
    return None


def align(run_list: list[Run], rows: tuple) -> list[tuple[Run, object]]:
    """Match runs to the template's rows in order (the rows of table 三 never change order).

    Dynamic programming over (runs, rows): a run either takes the next rows' place or is left
    unplaced; rows may be absent (a lost page). Labels decide where they are legible; where OCR
    garbled them, order does.
    """
    n, m = len(run_list), len(rows)
    labels = [bigrams(r.label) for r in run_list]
    if n == m and all(match_score(have, row.match) >= 0.5 for have, row in zip(labels, rows)):
        return list(zip(run_list, rows))  # every row where the template puts it, every label legible
    score = [[match_score(have, row.match) for row in rows] for have in labels]
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    step = [[None] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(m + 1):
            cands = [(best[i - 1][j] - 0.5, "skip_run")]
            if j:
                cands.append((best[i][j - 1], "skip_row"))
                cands.append((best[i - 1][j - 1] + 0.4 + score[i - 1][j - 1], "match"))
            best[i][j], step[i][j] = max(cands, key=lambda c: c[0])
    out: list[tuple[Run, object]] = []
    i, j = n, m
    while i > 0:
        how = step[i][j]
        if how == "match":
            out.append((run_list[i - 1], rows[j - 1]))
            i, j = i - 1, j - 1
        elif how == "skip_row":
            j -= 1
        else:
            out.append((run_list[i - 1], None))
            i -= 1
    return out[::-1]


# --- 四 review and litigation ---------------------------------------------------------------

def review_litigation(run: Run | None, lines_by_number: dict[int, Line]) -> tuple[list[Cell], list[Observation]]:
    cells = empty_cells(REVIEW_LITIGATION, "2019")
    if run is None:
        return list(cells.values()), []
    keys = list(cells)
    slots: list[Token | None] | None = None
    if len(run.values) == REVIEW_WIDTH:
        slots = list(run.values)
    elif len({t.line for t in run.values}) == 1:
        slots = _positional(run, lines_by_number[run.line])
    if slots is None:
        return list(cells.values()), [Observation("table.unplaced_values", "review_litigation",
                                                  line=run.line, detail=_printed(run))]
    for (row, col), tok in zip(keys, slots):
        if tok is None:
            cells[row, col] = Cell("review_litigation", row, col, None, "blank", run.line, "",
                                   "原文该格为空")
        else:
            cells[row, col] = printed(REVIEW_LITIGATION, row, col, tok)
    return list(cells.values()), []


def _positional(run: Run, line: Line) -> list[Token | None] | None:
    """Read a one-line row by cell position when it prints empty cells ('\\t\\t1\\t0…')."""
    cells = list(line.cells)
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) != REVIEW_WIDTH:
        return None
    by_cell = {t.cell: t for t in run.values}
    if any(c and i not in by_cell for i, c in enumerate(cells)):
        return None
    return [by_cell.get(i) for i in range(REVIEW_WIDTH)]


def _printed(run: Run) -> str:
    return " ".join(t.text for t in run.values)


def split_runs(lines: list[Line]) -> tuple[list[Run], Run | None]:
    """Runs of table 三, and the row of table 四 if it follows them without its heading."""
    all_runs = runs(tokenize(lines))
    for k, run in enumerate(all_runs):
        if len(run.values) >= 10:
            return all_runs[:k], run
    return all_runs, None
