"""The manifest: ``corpus/manifest.csv``, a maintainer's (or the harvest's) record of each file: where
it came from, when, and any metadata the text gets wrong or lacks.

It is an overlay: its values are laid over what the file says when the tables are built, each
recorded with the source ``manifest``, so editing it never needs re-extraction. It is read leniently
and checked row by row: a bad value is dropped with a note (finding ``manifest.invalid`` on that
file's report), a file that cannot be read at all is one ``errors`` row, and nothing here stops a
build. Columns other than those below are kept as evidence and otherwise ignored.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

NAME = "manifest.csv"
MAX_BYTES = 20 * 2**20                 # a manifest of a national corpus is a few MB
# Columns laid over the metadata (the text's value is replaced, source "manifest").
OVERRIDES = ("organ", "level", "township", "county", "prefecture", "province", "division_code", "year",
             "published_on", "phone", "email", "address", "postcode", "website", "source_url", "retrieved_on")
PLACE = ("division_code", "township", "county", "prefecture", "province")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^\d{9}$|^\d{12}$")
_URL = re.compile(r"^https?://[^\s]{1,2000}$")


@dataclass
class Manifest:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)   # file -> valid values
    notes: dict[str, list[str]] = field(default_factory=dict)       # file -> what was dropped and why
    error: str | None = None                                        # the whole file could not be read

    def row(self, file: str) -> dict[str, str]:
        return self.rows.get(file, {})


def read(corpus: Path | None) -> Manifest:
    """The corpus's manifest, checked; an absent manifest is an empty one."""
    out = Manifest()
    path = corpus / NAME if corpus else None
    if path is None or not path.is_file():
        return out
    if path.stat().st_size > MAX_BYTES:
        out.error = f"manifest.csv is larger than {MAX_BYTES // 2**20} MiB; not read"
        return out
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            out.error = "manifest.csv is neither UTF-8 nor GB18030 text; not read"
            return out
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if "file" not in (reader.fieldnames or []):
        out.error = "manifest.csv has no 'file' column; not read"
        return out
    for line, raw in enumerate(reader, start=2):
        name = (raw.get("file") or "").strip()
        if not name:
            continue
        values, notes = _check({k: (v or "").strip() for k, v in raw.items() if k and k != "file"}, line)
        if name in out.rows:
            notes.append(f"第{line}行：重复的文件行，以此行为准")
        out.rows[name] = values
        if notes:
            out.notes.setdefault(name, []).extend(notes)
    return out


def _check(values: dict[str, str], line: int) -> tuple[dict[str, str], list[str]]:
    """The row's non-empty values that are valid, and a note for each one dropped."""
    out, notes = {}, []
    for key, value in values.items():
        if not value:
            continue
        why = _invalid(key, value)
        if why:
            notes.append(f"第{line}行 {key}“{value[:60]}”：{why}，未采用")
        else:
            out[key] = value
    return out, notes


def _invalid(key: str, value: str) -> str | None:
    if key == "year":
        return None if value.isdigit() and 1949 <= int(value) <= 2100 else "不是1949至2100之间的年份"
    if key in ("retrieved_on", "published_on"):
        if not _DATE.match(value):
            return "日期应写作YYYY-MM-DD"
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return "不是真实的日期"
        return None
    if key == "division_code":
        return None if _CODE.match(value) else "区划代码应为9位(或12位)数字"
    if key == "source_url":
        return None if _URL.match(value) else "不是http(s)网址"
    if key == "level":
        from ..catalogue import LEVELS
        return None if value in LEVELS else f"应为 {'/'.join(LEVELS)} 之一"
    if key in OVERRIDES and len(value) > 200:
        return "过长"
    return None
