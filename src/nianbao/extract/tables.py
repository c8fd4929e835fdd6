"""The three standard tables: runs of values matched to the catalogue's rows.

Every cell of the template is published: printed where a number stands in the source, blank where
the source prints an empty cell, missing where the source does not have it, inferred only where
the format's identities leave a single possible value. Numbers that cannot be placed are never
guessed: they stay null and extraction records an observation. Table 二 is read in proactive.py
(with the local rows a report adds), table 三's rows are matched in align.py and its columns
ordered in columns.py; this module reads tables 三 and 四.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..catalogue import APPLICATIONS, GROUP_SUM, REVIEW_LAYOUT, REVIEW_LITIGATION, ROW_SUM
from ..extraction import Cell, Observation
from ..ingest import Line
from ..normalise import strip_instructions
from .align import align
from .cells import empty_cells, printed, read_row, text_of
from .columns import APPLICANT_KEYS, STANDARD_ORDER, TOTAL_FIRST, column_order, header_order
from .glued import capacity
from .tokens import AnyKey, Run, Token, runs, tokenize
from .words import APPLICATION_ROWS

REVIEW_WIDTH = len(REVIEW_LAYOUT)  # table 四 prints its 15 cells on one row


# --- 三 applications ------------------------------------------------------------------------

def applications(run_list: list[Run], template: str, header: list[Line] | None = None, cut: int | None = None,
                 lines_by_number: dict[int, Line] | None = None) -> tuple[list[Cell], list[Observation]]:
    """Table 三: runs aligned to the template's rows, values to the applicant columns in the order
    the header prints them (see column_order)."""
    placed = align(run_list, APPLICATIONS.rows_for(template))
    from_header = header_order(header or [])
    tried = from_header if from_header in (STANDARD_ORDER, TOTAL_FIRST) else STANDARD_ORDER
    by_number = lines_by_number or {}
    cells, notes, full = _read_applications(placed, template, tried, cut, by_number)
    order, why = column_order(from_header, full)
    if order is None:
        cells = empty_cells(APPLICATIONS, template)
        for cell in cells.values():
            cell.note = "申请人列的顺序无法确定，数值未予发布"
        return list(cells.values()), [Observation("applications.column_order", "applications", detail=why,
                                                  line=placed[0][0].line if placed else None)]
    if order != tried:
        cells, notes, _ = _read_applications(placed, template, order, cut, by_number)
    return list(cells.values()), notes


def _read_applications(placed: list[tuple[Run, object]], template: str, order: tuple[str, ...], cut: int | None,
                       by_number: dict[int, Line]):
    """Cells of table 三 with the columns in ``order``, the observations, and the rows printed in
    full as numbers (in printed order: what column_order checks)."""
    cells = empty_cells(APPLICATIONS, template)
    notes: list[Observation] = []
    full: list[list] = []
    width = len(order)
    col_note = None if order == STANDARD_ORDER else (
        f"原文表头的申请人列顺序为{'、'.join(APPLICATIONS.col(c).zh for c in order)}，按表头对应")
    for run, row in placed:
        if row is None:
            notes.append(Observation("table.unplaced_values", "applications", line=run.line,
                                     detail=_printed(run)))
            continue
        if run.glued:
            read = read_row(run.values, width, _row_sum_check(order))
            if read is None:
                notes.append(Observation("table.glued_digits", "applications", row.key, line=run.line,
                                         detail=_printed(run)))
                continue
            for col, (value, tok) in zip(order, read):
                cells[row.key, col] = _with_note(printed(APPLICATIONS, row.key, col, tok, value), col_note)
            continue
        if len(run.values) == width:
            made = [printed(APPLICATIONS, row.key, col, tok) for col, tok in zip(order, run.values)]
            for cell in made:
                cells[row.key, cell.col] = cell
            if col_note:
                for cell in made:
                    _with_note(cell, col_note)
            if all(cell.status in ("printed", "ocr") for cell in made):
                full.append([cell.value for cell in made])
            continue
        slots = one_per_line(run, by_number, width) if by_number and len(run.values) < width else None
        if slots is not None:                      # one cell per line, empty lines for empty cells
            for col, tok in zip(order, slots):
                cells[row.key, col] = _with_note(printed(APPLICATIONS, row.key, col, tok) if tok else
                                                 Cell("applications", row.key, col, None, "blank", run.line, "",
                                                      "原文该格为空"), col_note)
            continue
        at_cut = cut is not None and run.values[-1].line >= cut   # a row the excerpt's end cut off
        filled = None if at_cut else fill_short_row([t.value for t in run.values if t.kind == "num"], order) \
            if len(run.values) == width - 1 and all(t.kind == "num" for t in run.values) else None
        if filled is None:
            notes.append(Observation("table.unplaced_values", "applications", row.key, line=run.line,
                                     detail=_printed(run)))
            continue
        note = (f"原文该行只印出{len(run.values)}个数({_printed(run)})，缺1格；"
                "按“各类申请人之和等于总计”，整行只能是这些值")
        for col, value in zip(APPLICANT_KEYS, filled):
            cells[row.key, col] = Cell("applications", row.key, col, value, "inferred", run.line, None, note)
        notes.append(Observation("applications.row_short", "applications", row.key, line=run.line,
                                 detail=_printed(run)))
    return cells, notes, full


def _with_note(cell: Cell, note: str | None) -> Cell:
    if note:
        cell.note = f"{cell.note}；{note}" if cell.note else note
    return cell


def _row_sum_check(order: Sequence[str]):
    """A row's values (printed in ``order``, a blank as 0) satisfy 各类申请人之和等于总计."""
    def check(values: list) -> bool:
        by_col = dict(zip(order, values))
        return ROW_SUM.holds(lambda row, col: by_col[col] or 0, ["row"])
    return check


def fill_short_row(values: list[int | float], order: Sequence[str] = STANDARD_ORDER
                   ) -> list[int | float] | None:
    """A row printed one cell short: the full row (in standard column order), if every placement
    of the gap gives the same one.

    Six applicant columns sum to the total. With one cell absent and its place unknown, each place
    is tried; the row is determined only when all consistent placements agree (e.g. all zeros).
    ``order`` is the order the report prints its columns in.

    >>> fill_short_row([0, 0, 0, 0, 0, 0])
    [0, 0, 0, 0, 0, 0, 0]
    >>> fill_short_row([2, 0, 0, 0, 0, 2]) is None
    True
    >>> fill_short_row([0, 0, 0, 0, 0, 0], TOTAL_FIRST)
    [0, 0, 0, 0, 0, 0, 0]
    """
    candidates = []
    for gap in range(len(values) + 1):             # the absent cell may be any of the row's
        slots = dict(zip([c for k, c in enumerate(order) if k != gap], values))
        solved = ROW_SUM.solve(lambda row, col: slots.get(col), "row")
        if solved is None or solved[1] < 0:
            continue
        slots[solved[0][1]] = solved[1]
        candidates.append([slots[c] for c in STANDARD_ORDER])
    if candidates and all(c == candidates[0] for c in candidates):
        return candidates[0]
    return None


# --- 四 review and litigation ---------------------------------------------------------------

def _group_sums(values: list) -> bool:
    """Table 四's row (a blank as 0) satisfies 各结果之和等于总计 for each proceeding."""
    by_cell = dict(zip(REVIEW_LAYOUT, values))
    return GROUP_SUM.holds(lambda row, col: by_cell[row, col] or 0, [r.key for r in REVIEW_LITIGATION.rows])


def review_litigation(run: Run | None, lines_by_number: dict[int, Line]) -> tuple[list[Cell], list[Observation]]:
    cells = empty_cells(REVIEW_LITIGATION, "2019")      # the same fifteen cells in both templates
    if run is None:
        return list(cells.values()), []
    keys = list(cells)
    slots: list[tuple] | None = None
    if run.glued:
        slots = read_row(run.values, REVIEW_WIDTH, _group_sums)
        if slots is None:
            return list(cells.values()), [Observation("table.glued_digits", "review_litigation",
                                                      line=run.line, detail=_printed(run))]
    elif len(run.values) == REVIEW_WIDTH:
        slots = [(t.value, t) for t in run.values]
    else:
        found = _positional(run, lines_by_number[run.line]) if len({t.line for t in run.values}) == 1 \
            else one_per_line(run, lines_by_number, REVIEW_WIDTH)
        slots = None if found is None else [(None if t is None else t.value, t) for t in found]
    if slots is None:
        return list(cells.values()), [Observation("table.unplaced_values", "review_litigation",
                                                  line=run.line, detail=_printed(run))]
    for (row, col), (value, tok) in zip(keys, slots):
        if tok is None:
            cells[row, col] = Cell("review_litigation", row, col, None, "blank", run.line, "",
                                   "原文该格为空")
        else:
            cells[row, col] = printed(REVIEW_LITIGATION, row, col, tok, value)
    return list(cells.values()), []


def _positional(run: Run, line: Line) -> list[Token | None] | None:
    """Read a one-line row by cell position when it prints empty cells ('\\t\\t1\\t0…'). A row
    written between '|' borders ('| | 1 | 0 |') has one empty cell before its first border."""
    cells = list(line.cells)
    while cells and not cells[-1]:
        cells.pop()
    offset = 0
    if len(cells) == REVIEW_WIDTH + 1 and not cells[0] and line.raw.lstrip().startswith(("|", "｜")):
        offset = 1
    if len(cells) - offset != REVIEW_WIDTH:
        return None
    by_cell = {t.cell: t for t in run.values}
    if any(c and i not in by_cell for i, c in enumerate(cells)):
        return None
    return [by_cell.get(i + offset) for i in range(REVIEW_WIDTH)]


def one_per_line(run: Run, lines_by_number: dict[int, Line], width: int) -> list[Token | None] | None:
    """A row written one cell per line, where an empty line (or one '|' alone: a page whose cells
    each end in ' |') is an empty cell: the ``width`` lines after the row's label (or header), each
    empty or one value, read by position; None when the lines are not exactly that (blank lines that
    only separate cells are then not counted)."""
    numbers = [t.line for t in run.values]
    if len(set(numbers)) != len(numbers) or any(len([c for c in lines_by_number[n].cells if c]) != 1
                                                 for n in numbers):
        return None
    start = (run.label_line or numbers[0] - 1) + 1
    end = start + width - 1
    if numbers[-1] > end:
        return None
    for n in range(numbers[-1] + 1, end + 1):      # the last slots: empty lines before the next text
        line = lines_by_number.get(n)
        if line is None or not _empty_cell(line):
            return None
    by_line = {t.line: t for t in run.values}
    if any((line := lines_by_number.get(n)) is None or (not _empty_cell(line) and n not in by_line)
           for n in range(start, end + 1)):
        return None
    return [by_line.get(n) for n in range(start, end + 1)]


def _empty_cell(line: Line) -> bool:
    return line.text.strip() in ("", "|")


def _printed(run: Run) -> str:
    return text_of(run.values)


def split_runs(lines: list[Line]) -> tuple[list[Run], Run | None]:
    """Runs of table 三, and the row of table 四 if it follows them without its heading."""
    width = len(APPLICATIONS.cols)
    all_runs = runs(tokenize(lines, blank_row=lambda label: width if _names_a_row(label) else 0))
    for k, run in enumerate(all_runs):
        if len(run.values) >= 10 or (run.glued and capacity(run.values) >= REVIEW_WIDTH
                                     and k > 0 and not _names_a_row(run.label)):
            return all_runs[:k], run
    return all_runs, None


_ROW_NAMES = AnyKey([k for words in APPLICATION_ROWS.values() if "总计" not in words and "其他" not in words
                     for k in words], 0.5)


@lru_cache(maxsize=4096)      # the same labels come back in report after report
def _names_a_row(label: str) -> bool:
    """The label names a row of table 三 (not counting 总计 and 其他, which table 四's header has too)."""
    return _ROW_NAMES(strip_instructions(label))


def review_run(lines: list[Line]) -> Run | None:
    """The row of table 四 in its own section: the first run that can hold its cells."""
    return next((r for r in runs(tokenize(lines))
                 if len(r.values) >= 5 or (r.glued and capacity(r.values) >= 5)), None)
