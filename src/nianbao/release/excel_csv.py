"""The tables as CSV for spreadsheets: ``build/excel/<name>.csv``, UTF-8 with a byte-order mark.

Excel and WPS on a zh-CN system read a CSV without BOM as GBK, so a double-clicked UTF-8 CSV shows
garbled Chinese; with the BOM it opens as UTF-8. Rows and columns are those of ``build/<name>.csv``
(null is an empty cell, never 0). One difference: a text cell that begins with ``= + - @``, a tab
or a carriage return would be run as a formula by the spreadsheet (CSV injection), so it is
written with a leading apostrophe, which the spreadsheet shows and never evaluates. Numbers are
never touched: -3 stays a number.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

BOM = "\ufeff".encode("utf-8")
FOLDER = "excel"
FORMULA_START = r"^[=+\-@\t\r]"


def neutralise(table: pa.Table) -> pa.Table:
    """The table with every formula-like text cell prefixed by an apostrophe.

    >>> neutralise(pa.table({"a": ["=1+1", "x", None, "-3", "@SUM"], "n": [-1, 2, None, 0, 5]})).to_pydict()
    {'a': ["'=1+1", 'x', None, "'-3", "'@SUM"], 'n': [-1, 2, None, 0, 5]}
    """
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type):
            risky = pc.match_substring_regex(column, FORMULA_START)
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def write(build: Path, tables: dict[str, pa.Table]) -> Path:
    """Write ``build/excel/<name>.csv`` for every table (streamed: the long tables are large)."""
    out = build / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        with (out / f"{name}.csv").open("wb") as f:
            f.write(BOM)
            pacsv.write_csv(neutralise(table), f, pacsv.WriteOptions(quoting_style="needed"))
    return out
