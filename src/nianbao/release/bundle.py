"""The download bundle: ``dist/nianbao-<version>.zip``, everything of a release in one file.

Inside one folder ``nianbao-<version>/``: a README (citation, licence, how to read the data, the
changes), ``nianbao.xlsx`` at the top for spreadsheet users, and the package as it is published
(``datapackage.json`` with ``build/*.csv``, ``build/*.parquet`` and ``build/excel/*.csv``, so
``frictionless validate datapackage.json`` works in the unpacked folder), with CITATION.cff,
CHANGELOG-data.md and changes.csv. The zip is deterministic (members sorted, dated 1980-01-01)
and written by streaming, so its size is bounded by the disk, not memory; files that are already
compressed (Parquet, XLSX) are stored, not compressed again.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from . import changelog, excel_csv, notes, workbook
from .citation import CFF
from .diff import Changes
from .record import Release

STORED = {".parquet", ".xlsx", ".zip"}
CHANGES_IN_README = 50       # changed cells etc. listed per section in the README; all are in changes.csv


def name(version: str) -> str:
    return f"nianbao-{version}"


def readme(descriptor: dict, counts: dict[str, int], changes: Changes) -> str:
    """The bundle's README.md, Chinese first."""
    lines = [f"# {descriptor['title']}", "", f"版本 version：{notes.version_line(descriptor)}", "",
             "## 引用 Cite", "", notes.citation(descriptor), "",
             f"引用信息也在 `{CFF}` 中（Citation File Format）。 / Also in `{CFF}`.", "",
             "## 许可 Licence", "", notes.licence_line(descriptor), "",
             "## 文件 Files", "",
             f"- `{workbook.NAME}`：工作簿，Excel / WPS 直接打开（汇总表在第一页；“说明”“字段说明”两页解释各列）。"
             " / The workbook: open it in Excel or WPS.",
             f"- `build/{excel_csv.FOLDER}/*.csv`：给表格软件的 CSV（UTF-8 带 BOM，双击打开不乱码）。"
             " / CSV for spreadsheets (UTF-8 with BOM).",
             "- `build/*.csv`：给程序的 CSV（UTF-8，无 BOM）；`build/*.parquet`：同样的表，类型精确。"
             " / CSV (UTF-8) and Parquet for pandas, R, DuckDB.",
             "- `datapackage.json`：Frictionless Data Package 描述（`frictionless validate datapackage.json`）。",
             "- `CHANGELOG-data.md`、`changes.csv`：与上一版本相比的全部变化。 / Every change since the last release.",
             "", "| 表 table | 行数 rows |", "|---|---:|"]
    lines += [f"| `{n}` | {c:,} |" for n, c in counts.items()]
    lines += ["", "## 读数须知 How to read the data", ""]
    lines += [f"- **{topic}**：{text}" for topic, text in notes.reading()]
    lines += ["", changelog.markdown(changes, limit=CHANGES_IN_README, level=2)]
    return "\n".join(lines)


def write(root: Path, release: Release, descriptor: dict, counts: dict[str, int], changes: Changes,
          dist: Path) -> Path:
    """Write ``dist/nianbao-<version>.zip`` from the package at ``root`` and its release folder."""
    top = name(release.version)
    build = root / "build"
    folder = root / "releases" / release.version
    members = {"README.md": readme(descriptor, counts, changes).encode("utf-8"),
               "datapackage.json": root / "datapackage.json", CFF: root / CFF, workbook.NAME: build / workbook.NAME,
               changelog.MARKDOWN: folder / changelog.MARKDOWN, changelog.CSV: folder / changelog.CSV}
    for path in [*build.glob("*.csv"), *build.glob("*.parquet"), *(build / excel_csv.FOLDER).glob("*.csv")]:
        members[path.relative_to(root).as_posix()] = path
    dist.mkdir(parents=True, exist_ok=True)
    out = dist / f"{top}.zip"
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w") as z:
        for arcname in sorted(members):
            info = zipfile.ZipInfo(f"{top}/{arcname}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if Path(arcname).suffix in STORED else zipfile.ZIP_DEFLATED
            source = members[arcname]
            if isinstance(source, bytes):
                z.writestr(info, source)
                continue
            with source.open("rb") as f, z.open(info, "w", force_zip64=True) as w:
                shutil.copyfileobj(f, w, 1 << 20)
    tmp.replace(out)
    return out
