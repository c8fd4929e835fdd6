"""The workbook: ``build/nianbao.xlsx``, the file a journalist opens first.

Sheets: the wide summary first, then one sheet per published table (Chinese headers from the
resource schemas; the cell tables get a Chinese label column beside each row and column key, from
the catalogue), a 字段说明 sheet (every column: key, Chinese, English, type, missing-value rule; and
every row and column key of the three standard tables with its label and unit) and a 说明 sheet
(version, citation, licence, source, how to read 空值/推算/更正, and where each table is).

Numbers are numbers, dates are dates, null is an empty cell (never 0); each sheet has a frozen
header row and a filter. Text is always written as text (``write_string``, and the workbook is
opened with ``strings_to_formulas``/``_urls``/``_numbers`` off), so no report text can become a
formula, a link or a number.

A sheet holds at most 1,048,576 rows. A table longer than that (the cell tables at national scale:
table 三 alone is about 190 rows per report) is left out of the workbook and the 说明 sheet says
so and where it is, rather than split over sheets no spreadsheet would handle well; the summary
has a row per report and stays. ``max_rows`` makes the limit small for tests.

Deterministic like the rest of build/: XlsxWriter dates the zip members 1980-01-01 and the
document's creation date is the release's (or a fixed day), never the clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ..catalogue import APPLICATIONS, TABLE_BY_NAME, Item
from ..tables.resources import RESOURCES, SUMMARY_ROWS
from . import notes

NAME = "nianbao.xlsx"
EXCEL_ROWS = 1_048_576                 # rows in one sheet, the header row included
FIELDS_SHEET, NOTES_SHEET = "字段说明", "说明"
TYPE_ZH = {"string": "文本", "integer": "整数", "number": "数值", "date": "日期"}
UNDATED = datetime.datetime(2000, 1, 1)   # the document date of a build that is not a release
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
           "constant_memory": True}


def label(item: Item) -> str:
    """The Chinese label of a row or column key, with its group where the label alone is ambiguous
    (the format numbers rows 1., 2. … under a group; 商业企业 stands under 法人或其他组织)."""
    return f"{item.group} {item.zh}" if item.group and not item.zh.startswith("(") else item.zh


@dataclass(frozen=True)
class Column:
    header: str                        # Chinese header
    field: str                         # the CSV column shown, or the key column labelled
    type: str
    labels: dict | None = None         # key -> Chinese label: a label column added beside a key

    @property
    def added(self) -> bool:
        return self.labels is not None


def zh(title: str) -> str:
    return title.partition(" / ")[0]


# The summary's columns of table 三 read alone, so they get the group their label needs.
SUMMARY_HEADERS = {f"applications_{r}": label(APPLICATIONS.row(r)) for r in SUMMARY_ROWS}


def columns(name: str) -> list[Column]:
    """The sheet's columns: the CSV's, in its order, and a label column after each key of a cell table."""
    table = TABLE_BY_NAME.get(name)
    out = []
    for f in RESOURCES[name]["schema"]["fields"]:
        header = SUMMARY_HEADERS.get(f["name"], zh(f["title"])) if name == "summary" else zh(f["title"])
        out.append(Column(header, f["name"], f["type"]))
        if table and f["name"] in (table.row_dim, table.col_dim):
            items = table.rows if f["name"] == table.row_dim else table.cols
            out.append(Column(f"{zh(f['title'])}名称", f["name"], "string", {i.key: label(i) for i in items}))
    return out


def sheet_name(name: str) -> str:
    """'汇总 summary', '表三 applications': Chinese first, then the CSV's name (at most 31 characters)."""
    table = TABLE_BY_NAME.get(name)
    return f"表{table.section} {name}" if table else f"{zh(RESOURCES[name]['title'])} {name}"


def order() -> list[str]:
    """The summary first, then the tables in the order of the data package."""
    return ["summary", *[n for n in RESOURCES if n != "summary"]]


def write(build: Path, tables: dict[str, pa.Table], descriptor: dict, max_rows: int = EXCEL_ROWS - 1) -> Path:
    """Write ``build/nianbao.xlsx``; a table of more than ``max_rows`` rows is named in 说明, not written."""
    import xlsxwriter   # here: a build of more than WORKBOOK_UP_TO reports writes none (16 ms to import)
    path = build / NAME
    created = descriptor.get("created")
    wb = xlsxwriter.Workbook(str(path), OPTIONS)
    wb.set_properties({"title": descriptor.get("title", ""), "subject": notes.version_line(descriptor),
                       "created": datetime.datetime.fromisoformat(created[:10]) if created else UNDATED})
    fmt = {"header": wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEEEEE"}),
           "date": wb.add_format({"num_format": "yyyy-mm-dd"}), "wrap": wb.add_format({"text_wrap": True})}
    left_out = {}
    for name in order():
        table = tables[name]
        if table.num_rows > max_rows:
            left_out[name] = table.num_rows
            continue
        _sheet(wb, sheet_name(name), columns(name), table, fmt)
    _fields_sheet(wb, fmt)
    _notes_sheet(wb, descriptor, {n: tables[n].num_rows for n in order()}, left_out, max_rows, fmt)
    wb.close()
    return path


def _sheet(wb, title: str, cols: list[Column], table: pa.Table, fmt: dict) -> None:
    ws = wb.add_worksheet(title)
    for c, col in enumerate(cols):
        ws.set_column(c, c, _width(col.header))
        ws.write_string(0, c, col.header, fmt["header"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(table.num_rows, 1), len(cols) - 1)
    values = [_values(table.column(col.field).to_pylist(), col.labels) for col in cols]
    writers = [_writer(ws, col.type, fmt) for col in cols]
    for r, row in enumerate(zip(*values), start=1):
        for c, v in enumerate(row):
            if v is not None:               # null stays an empty cell
                writers[c](r, c, v)


def _values(values: list, labels: dict | None) -> list:
    return values if labels is None else [labels.get(v) for v in values]


def _writer(ws, type_: str, fmt: dict):
    if type_ in ("integer", "number"):
        return ws.write_number
    if type_ == "date":
        return lambda r, c, v: ws.write_datetime(r, c, v, fmt["date"])
    return ws.write_string


def _width(header: str) -> int:
    return max(8, min(40, 2 * len(header) + 2))


def _table_of_rows(ws, rows: list[list[str]], fmt: dict, start: int = 0, widths=()) -> int:
    """Write a small text table (first row a header) from row ``start``; returns the next free row."""
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    for r, row in enumerate(rows, start=start):
        for c, v in enumerate(row):
            ws.write_string(r, c, str(v), fmt["header"] if r == start else fmt["wrap"])
    return start + len(rows)


def field_rows() -> list[list[str]]:
    """Every column of every sheet: sheet, key, Chinese, English, type, missing-value rule, description."""
    rows = [["工作表 sheet", "列名 key", "中文", "English", "类型 type", "空值规则 missing", "说明 description"]]
    for name in order():
        for f in RESOURCES[name]["schema"]["fields"]:
            title_zh, _, title_en = f["title"].partition(" / ")
            c = f.get("constraints", {})
            rule = "必填 required" if c.get("required") else "可为空（空值不是 0） may be empty (not 0)"
            enum = "；取值 values: " + ", ".join(map(str, c["enum"])) if c.get("enum") else ""
            rows.append([sheet_name(name), f["name"], title_zh, title_en, TYPE_ZH[f["type"]], rule,
                         f.get("description", "") + enum])
    return rows


def key_rows() -> list[list[str]]:
    """Every row and column key of the three standard tables with its label, templates and unit."""
    rows = [["表 table", "维度 dimension", "键 key", "中文标签 label", "English", "格式版本 templates", "单位 unit"]]
    for table in TABLE_BY_NAME.values():
        for dim, items in ((table.row_dim, table.rows), (table.col_dim, table.cols)):
            rows += [[sheet_name(table.name), dim, i.key, label(i), i.en, "、".join(i.templates), i.unit]
                     for i in items]
    return rows


def _fields_sheet(wb, fmt: dict) -> None:
    ws = wb.add_worksheet(FIELDS_SHEET)
    ws.freeze_panes(1, 0)
    end = _table_of_rows(ws, field_rows(), fmt, widths=(22, 20, 18, 22, 8, 20, 60))
    _table_of_rows(ws, key_rows(), fmt, start=end + 1)


def note_rows(descriptor: dict, counts: dict[str, int], left_out: dict[str, int], max_rows: int) -> list[list[str]]:
    rows = [["项目 topic", "内容 content"],
            ["数据集 dataset", descriptor.get("title", "")],
            ["版本 version", notes.version_line(descriptor)],
            ["引用 cite as", notes.citation(descriptor)],
            ["许可 licence", notes.licence_line(descriptor)],
            ["来源 source", notes.WHERE]]
    rows += [[topic, text] for topic, text in notes.reading()]
    rows.append(["字段 columns", f"每列的中文名、英文键、类型和空值规则见“{FIELDS_SHEET}”工作表。 / See the "
                                 f"{FIELDS_SHEET} sheet."])
    for name, n in counts.items():
        if name in left_out:
            where = (f"{n:,} 行，超过一张工作表的上限（{max_rows:,} 行），未放入本工作簿：请用 build/{name}.csv、"
                     f"build/{name}.parquet 或 build/excel/{name}.csv。 / {n:,} rows, more than a sheet holds: "
                     f"not in this workbook, see the CSV or Parquet file.")
        else:
            where = f"工作表“{sheet_name(name)}”，{n:,} 行 / {n:,} rows"
        rows.append([f"表 {name}", f"{zh(RESOURCES[name]['title'])}：{where}"])
    return rows


def _notes_sheet(wb, descriptor: dict, counts: dict, left_out: dict, max_rows: int, fmt: dict) -> None:
    ws = wb.add_worksheet(NOTES_SHEET)
    _table_of_rows(ws, note_rows(descriptor, counts, left_out, max_rows), fmt, widths=(24, 100))
