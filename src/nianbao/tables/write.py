"""Writing the tables: CSV and Parquet files and the Frictionless descriptor.

Output is deterministic (rows in report-id order, no timestamps), so two builds of the same corpus
are byte-identical. CSV is for people and spreadsheets too: a text cell that a spreadsheet would
run as a formula (it begins with =, +, -, @, a tab or a carriage return, and is not a number) is
written with a leading apostrophe, as OWASP recommends; the Parquet copy keeps the text as printed.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .resources import RESOURCES

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
FORMULA = "=+-@\t\r"     # a text cell that begins with one of these may run as a formula
NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
ROW_GROUP = 1 << 20     # rows: pyarrow's default row group
HANDOVER = 0.0002       # seconds: see _handing_over


def write_tables(folder: Path, tables: dict[str, pa.Table], csv: dict[str, list[bytes | Path]] | None = None) -> None:
    """``folder``/<name>.csv and .parquet for every table; a table's CSV from its rows already made
    (``csv``: the rows of its parts, ``csv_rows``, or files holding them) where given, else from the table."""
    with writing(folder) as write:
        write(tables, csv)


@contextmanager
def writing(folder: Path) -> Iterator[Callable[..., None]]:
    """``write(tables, csv)`` as ``write_tables`` does, on threads while the caller goes on (Arrow
    encodes, compresses and copies outside the GIL; each file is the same whichever thread writes
    it); leaving the block waits for every file and raises the first error."""
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool, _handing_over():
        started = []

        def write(tables: dict[str, pa.Table], csv: dict[str, list[bytes | Path]] | None = None) -> None:
            started.extend(pool.submit(_write, folder, name, table, (csv or {}).get(name))
                           for name, table in tables.items())
        yield write
        for future in started:
            future.result()


@contextmanager
def _handing_over() -> Iterator[None]:
    """The GIL passed on within HANDOVER seconds (Python's default: 5 ms): a writing thread waits
    for it after each file and each call into Arrow, and the caller goes on meanwhile with Python
    work that holds it. At 5 ms, appending a national table's 296 part files took 9 s, against
    0.5 s alone (docs/benchmarks.md, fifth session)."""
    was = sys.getswitchinterval()
    sys.setswitchinterval(HANDOVER)
    try:
        yield
    finally:
        sys.setswitchinterval(was)


def _write(folder: Path, name: str, table: pa.Table, csv: list[bytes | Path] | None) -> None:
    with (folder / f"{name}.csv").open("wb") as f:
        f.write(csv_header(table.schema) if csv is not None else to_csv(table))
        for rows in csv or ():
            if isinstance(rows, bytes):
                f.write(rows)
            else:
                _append(f, rows)
    write_parquet(table, folder / f"{name}.parquet")


def _append(f, path: Path) -> None:
    """The file at ``path`` added to ``f``, copied by the kernel where it can (one call, and no
    Python while it copies)."""
    with open(path, "rb") as part:
        f.flush()
        try:
            left = os.fstat(part.fileno()).st_size
            while left > 0:
                done = os.copy_file_range(part.fileno(), f.fileno(), left)
                if done == 0:
                    break
                left -= done
            if left == 0:
                return
        except (AttributeError, OSError):      # no such call here, or not between these files
            pass
        shutil.copyfileobj(part, f, 1 << 22)


def write_parquet(table: pa.Table, path: Path) -> None:
    """The Parquet file of ``table``, the same bytes however its rows are chunked in memory (a
    page ends where a chunk does): a row group's rows are joined into one chunk, a row group at a
    time, so a national table is never copied whole."""
    with pq.ParquetWriter(path, table.schema, compression="zstd") as writer:
        for start in range(0, max(table.num_rows, 1), ROW_GROUP):
            writer.write_table(table.slice(start, ROW_GROUP).combine_chunks(), row_group_size=ROW_GROUP)


def to_csv(table: pa.Table) -> bytes:
    """UTF-8 CSV; null is an empty cell, so blank and zero stay apart ('' vs '0'); 12.0 is '12';
    formula-like text neutralised (see the module's docstring). The header, then ``csv_rows``: a
    table's CSV is its parts' rows one after the other.

    >>> t = pa.table({"a": ["x", None, "=1+1"], "b": [1.0, 2.5, None]})
    >>> to_csv(t) == csv_header(t.schema) + csv_rows(t.slice(0, 1)) + csv_rows(t.slice(1))
    True
    """
    return csv_header(table.schema) + csv_rows(table)


def csv_header(schema: pa.Schema) -> bytes:
    return _csv(schema.empty_table(), header=True)


def csv_rows(table: pa.Table) -> bytes:
    """The table's rows as CSV, without the header."""
    return _csv(formula_safe(table), header=False)


def _csv(table: pa.Table, header: bool) -> bytes:
    buf = io.BytesIO()
    pacsv.write_csv(table, buf, pacsv.WriteOptions(quoting_style="needed", include_header=header))
    return buf.getvalue()


def formula_safe(table: pa.Table) -> pa.Table:
    """Text cells that would start a spreadsheet formula, with an apostrophe before them.

    >>> t = formula_safe(pa.table({"a": ["=cmd|' /C calc'!A0", "-3", "@x", "ok", None, "\\tx", "+1", "中=1"]}))
    >>> t.column("a").to_pylist()
    ["'=cmd|' /C calc'!A0", '-3', "'@x", 'ok', None, "'\\tx", '+1', '中=1']
    """
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) and len(column):
            first = pc.utf8_slice_codeunits(column, 0, 1)                # 4x a regular expression's speed
            risky = pc.is_in(first, value_set=pa.array(list(FORMULA)))
            if pc.any(risky).as_py():
                risky = pc.and_(risky, pc.invert(pc.match_substring_regex(column, NUMBER)))
                column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def datapackage(corpus_rel: str | None, root: Path | None = None, build: Path | None = None) -> dict:
    """The descriptor (Data Package v2); version, date and contributors name the release the tables
    in ``build`` are, from the records under ``root`` (release/record.py), never the clock."""
    from ..release import record
    resources = []
    for name, r in RESOURCES.items():
        common = {"title": r["title"], "description": r["description"], "schema": r["schema"]}
        resources.append({"name": name, "path": f"build/{name}.csv", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", **common})
        # Parquet holds real nulls; frictionless reads Parquet through pandas, which shows them as NaN.
        parquet_schema = dict(r["schema"], missingValues=["", "nan"])
        resources.append({"name": f"{name}-parquet", "path": f"build/{name}.parquet", "format": "parquet",
                          **common, "schema": parquet_schema})
    descriptor = {
        "$schema": record.PROFILE,
        "name": "nianbao",
        "title": "乡镇政府信息公开工作年度报告数据集 / Township government information-disclosure annual reports",
        "description": "The three standard tables of China's township government information-disclosure "
                       "annual reports (二 proactive disclosure, 三 applications, 四 review and litigation), "
                       "extracted cell by cell with provenance, validated against the format's own "
                       "identities (勾稽关系). A value not printed in a report is null, never zero. In the "
                       "CSV files, text that a spreadsheet would read as a formula starts with an apostrophe "
                       "(the Parquet files keep it as printed).",
        **record.descriptor_fields(root, build),
        "licenses": [LICENSE],
        "sources": [{"title": "乡、镇人民政府和街道办事处政府信息公开工作年度报告 (official government portals)"}],
        "resources": resources,
    }
    if corpus_rel:
        descriptor["nianbao"] = {"corpus": corpus_rel}
    return descriptor
