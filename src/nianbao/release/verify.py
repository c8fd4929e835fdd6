"""Proof that the spreadsheet files hold the data: every CSV row is in the workbook (or the table is
named in 说明 as too long for a sheet), and every BOM CSV has the rows and columns of its tool CSV.

Read back with openpyxl, a reader independent of the writer. Used by ``nianbao release`` before it
publishes anything, and by the tests.
"""

from __future__ import annotations

import csv
import datetime
from itertools import zip_longest
from pathlib import Path

import openpyxl
from openpyxl.utils.escape import unescape

from . import excel_csv, workbook

SHOW = 5     # problems listed per sheet


def check(build: Path) -> list[str]:
    """Every difference between ``build/*.csv`` and the workbook and BOM CSVs; empty when none."""
    if not (build / workbook.NAME).exists():
        return [f"{workbook.NAME}: missing (run nianbao build)"]
    problems = []
    wb = openpyxl.load_workbook(build / workbook.NAME, read_only=True)
    try:
        notes = "\n".join(str(r[1]) for r in wb[workbook.NOTES_SHEET].iter_rows(values_only=True))
        for name in workbook.order():
            path = build / f"{name}.csv"
            title = workbook.sheet_name(name)
            if title not in wb.sheetnames:
                if f"build/{name}.csv" not in notes:
                    problems.append(f"{title}: neither a sheet nor named in {workbook.NOTES_SHEET}")
                continue
            problems += _same_sheet(title, path, wb[title].iter_rows(values_only=True), workbook.columns(name))
        problems += check_excel_csv(build)
    finally:
        wb.close()
    return problems


def _same_sheet(title: str, path: Path, sheet_rows, cols: list[workbook.Column]) -> list[str]:
    problems = []
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        got = list(next(sheet_rows, ()))
        if got != [c.header for c in cols] or header != [c.field for c in cols if not c.added]:
            return [f"{title}: header {got} does not match the columns of {path.name}"]
        n = 0
        for n, (want, have) in enumerate(zip_longest(rows, sheet_rows), start=1):
            if want is None or have is None:
                problems.append(f"{title}: {'more' if want is None else 'fewer'} rows than {path.name} "
                                f"(from row {n + 1})")
                break
            bad = _row_differs([unquote(v) for v in want], have, cols)
            if bad and len(problems) < SHOW:
                problems.append(f"{title} row {n + 1}: {bad}")
    return problems


def unquote(value: str) -> str:
    """A tool CSV's cell as printed: without the apostrophe the build puts before formula-like text
    (tables/write.py); the workbook holds such text as a string, as printed."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def _row_differs(want: list[str], have: tuple, cols: list[workbook.Column]) -> str:
    values = iter(want)
    key = None
    for col, cell in zip_longest(cols, have):
        if col is None:
            return f"extra cell {cell!r}"
        if col.added:
            if cell != col.labels.get(key):
                return f"{col.header}: {cell!r} is not the label of {key!r}"
            continue
        key = next(values)
        if not _same(key, cell, col.type):
            return f"{col.header}: CSV {key!r}, workbook {cell!r}"
    return ""


def _same(text: str, cell, type_: str) -> bool:
    """A CSV value and a cell agree: '' is an empty cell, numbers by value, dates by day."""
    if cell is None or cell == "":
        return text == ""
    if type_ in ("integer", "number"):
        return text != "" and float(text) == float(cell)
    if type_ == "date":
        return isinstance(cell, (datetime.date, datetime.datetime)) and cell.strftime("%Y-%m-%d") == text
    return text == unescape(cell)         # OOXML stores control characters as _xHHHH_


def check_excel_csv(build: Path) -> list[str]:
    """Each ``build/excel/<name>.csv`` starts with the BOM and has the rows and columns of
    ``build/<name>.csv``; its cells differ only by the apostrophe before formula-like text."""
    problems = []
    for path in sorted(build.glob("*.csv")):
        excel = build / excel_csv.FOLDER / path.name
        if not excel.exists():
            problems.append(f"{excel_csv.FOLDER}/{path.name}: missing")
            continue
        with excel.open("rb") as f:
            if f.read(len(excel_csv.BOM)) != excel_csv.BOM:
                problems.append(f"{excel_csv.FOLDER}/{path.name}: no byte-order mark")
        with path.open(encoding="utf-8", newline="") as a, excel.open(encoding="utf-8-sig", newline="") as b:
            for n, (x, y) in enumerate(zip_longest(csv.reader(a), csv.reader(b)), start=1):
                if x is None or y is None or len(x) != len(y) or any(
                        u != v and v != f"'{u}" for u, v in zip(x, y)):
                    problems.append(f"{excel_csv.FOLDER}/{path.name} line {n}: differs from {path.name}")
                    break
    return problems
