"""Extraction files: ``extractions/<source file>.json``, one per report file, mirroring the corpus.

A file is named after the source file it was read from (``corpus/2021/a.pdf`` ->
``extractions/2021/a.pdf.json``), not after the report's id: the id depends on where the report is
placed, which the manifest may change, and the extraction is only what the file says. Names are
bounded: a part of a path longer than ``MAX_PART`` bytes is cut and given a hash of the whole, so a
hostile file name never makes an unwritable path.

The text is stable (same extraction, same bytes: fixed key order) and written one metadata field,
cell, fact or observation a line, so that a release's changes read as a diff of numbers.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from json.encoder import encode_basestring
from pathlib import Path

import orjson

from .model import FORMAT_VERSION, TABLE_ORDER, Cell, Extraction, Field, Mention

SUFFIX = ".json"
MAX_PART = 180        # bytes of one path component (file systems allow 255)


def name_for(source_file: str) -> str:
    """The extraction file's path (relative, POSIX) for a source file's path in the corpus.

    >>> name_for("2021/张巷镇.txt"), len(name_for("x" * 300 + ".txt").encode()) <= MAX_PART + len(SUFFIX) + 1
    ('2021/张巷镇.txt.json', True)
    """
    parts = source_file.split("/")
    parts[-1] += SUFFIX
    return "/".join(_bounded(p) for p in parts)


def _bounded(part: str) -> str:
    raw = part.encode("utf-8")
    if len(raw) <= MAX_PART:
        return part
    digest = hashlib.sha256(raw).hexdigest()[:12]
    keep = raw[: MAX_PART - 14].decode("utf-8", "ignore")
    tail = SUFFIX if part.endswith(SUFFIX) else ""
    return f"{keep}~{digest}{tail}"


def dumps(ex: Extraction) -> str:
    """Pretty JSON, one metadata field, cell, fact or observation a line: diffs read per number."""
    d = replace(ex, cells=[]).to_dict()      # the cells are written below, straight from the objects
    line = _line
    parts = [f' {line(k)}: {line(v)}' for k, v in d.items() if not isinstance(v, (dict, list))]
    parts.append(' "metadata": ' + _block([f'  {line(k)}: {line(v)}' for k, v in d["metadata"].items()]))
    parts.append(' "mentions": ' + _block([f"  {line(m)}" for m in d["mentions"]], "[]"))
    tables = [f'  {line(t)}: ' + _block([f"   {_cell_line(c)}" for c in cells], "[]", "  ")
              for t, cells in _by_table(ex).items()]
    parts.append(' "cells": ' + _block(tables))
    for key in ("facts", "observations"):
        parts.append(f' "{key}": ' + _block([f"  {line(item)}" for item in d[key]], "[]"))
    if d.get("local_rows"):
        parts.append(' "local_rows": ' + _block([f"  {line(item)}" for item in d["local_rows"]], "[]"))
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _by_table(ex: Extraction) -> dict[str, list[Cell]]:
    """The cells by table, tables in the file's order (as ``Extraction.to_dict``), empty ones left out."""
    grouped: dict[str, list[Cell]] = {t: [] for t in TABLE_ORDER}
    for c in ex.cells:
        grouped.setdefault(c.table, []).append(c)
    return {t: cells for t, cells in grouped.items() if cells}


_OPTIONAL = ("line", "printed", "note", "where", "confidence", "box")


def _cell_line(c: Cell) -> str:
    """``_line(c.to_dict())``, written directly: a corpus has millions of cells, and building a dict
    for each to hand it to the encoder was most of the time of writing a file."""
    out = f'{{"row": {_value(c.row)}, "col": {_value(c.col)}, "value": {_value(c.value)}, "status": {_value(c.status)}'
    for k in _OPTIONAL:
        v = getattr(c, k)
        if v is not None:
            out += f', "{k}": {_value(v)}'
    return out + "}"


def _value(v) -> str:
    """A JSON value exactly as the encoder writes it (``ensure_ascii=False``)."""
    if type(v) is str:
        return encode_basestring(v)
    if type(v) is int:
        return int.__repr__(v)
    return _line(v)            # None, booleans, floats (NaN as the encoder spells it), lists


def renamed(text: str, old: str, name: str) -> str:
    """The text of the extraction file ``text`` (made for the source file ``old``) made for ``name``
    instead: the file's first field is the only place its text names the source file, so a copy's
    text is the first one's with that line changed (a fraction of the time of writing it again)."""
    head = '{\n "source_file": ' + _line(old) + ","
    if not text.startswith(head):
        return dumps(replace(loads(text), source_file=name))
    return '{\n "source_file": ' + _line(name) + "," + text[len(head):]


def _block(lines: list[str], brackets: str = "{}", indent: str = " ") -> str:
    if not lines:
        return brackets
    return brackets[0] + "\n" + ",\n".join(lines) + "\n" + indent + brackets[1]


_ENCODER = json.JSONEncoder(ensure_ascii=False)
_line = _ENCODER.encode


def parse_json(text: str):
    """JSON text -> data: orjson (twice the standard library's speed on these files), and the
    standard library for what orjson refuses (integers over 64 bits, NaN), so both read alike."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def json_bytes(data) -> bytes:
    """Compact JSON of a cache file: orjson, and the standard library for what orjson refuses
    (an integer over 64 bits, from a hostile report's digits)."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# the keys ``head`` reads, which ``dumps`` writes before the cells; then the line that opens the cells
_HEAD_KEYS = frozenset({"source_file", "sha256", "format", "extractor_version", "template", "format_version",
                        "metadata", "mentions"})
_CELLS_LINE = ',\n "cells": '


def parse_head(text: str) -> dict:
    """The data ``head`` reads from an extraction file's text, without parsing its cells where the
    file is laid out as ``dumps`` writes it (0.01 ms against 0.15-0.45 ms for a national report's
    whole file): a JSON string holds no line break, so the first line that opens a "cells" key one
    space in is the top-level one, and everything before it is the head. Any other layout (a file
    of other origin, a head key after the cells) is parsed whole. Only for files this program
    wrote: the head of a file that is not valid JSON further on may still parse.

    >>> text = dumps(Extraction("a.txt", "0" * 64, "text", "0.1.0", "2021"))
    >>> sorted(parse_json(text).keys() - parse_head(text).keys())      # the cells were not parsed
    ['cells', 'facts', 'observations']
    """
    at = text.find(_CELLS_LINE)
    if at > 0:
        try:
            data = parse_json(text[:at] + "\n}")
        except ValueError:
            data = None
        if isinstance(data, dict) and _HEAD_KEYS <= data.keys():
            return data
    return parse_json(text)


def head(data: dict) -> Extraction:
    """An extraction file's fields, metadata and place mentions only (what describing it reads),
    without building its cells: a third of the time of ``Extraction.from_dict``."""
    return Extraction(source_file=data["source_file"], sha256=data["sha256"], format=data["format"],
                      extractor_version=data["extractor_version"], template=data.get("template"),
                      format_version=data.get("format_version", FORMAT_VERSION),
                      metadata={k: Field(**v) for k, v in data.get("metadata", {}).items()},
                      mentions=[Mention(**m) for m in data.get("mentions", [])])


def loads(text: str) -> Extraction:
    return Extraction.from_dict(parse_json(text))


def read(path: Path) -> Extraction:
    return loads(path.read_text(encoding="utf-8"))


def write(ex: Extraction, folder: Path) -> tuple[Path, str]:
    """Write ``ex`` under ``folder`` (unchanged files are left alone); its path and text."""
    path = folder / name_for(ex.source_file)
    text = dumps(ex)
    try:
        same = path.read_text(encoding="utf-8") == text
    except OSError:
        same = False
    if not same:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path, text


def listing(folder: Path) -> list[Path]:
    """Every extraction file under ``folder``, in a stable order."""
    return [folder / name for name in names(folder)]


def names(folder: Path) -> list[str]:
    """The POSIX path relative to ``folder`` of every extraction file under it, in a stable order."""
    return sorted(present(folder), key=lambda p: p.split("/"))      # as paths sort: part by part


def present(folder: Path) -> set[str]:
    """``names`` in no order (what a build compares with what it keeps: sorting 40,000 paths part by
    part took most of the listing)."""
    if not folder.is_dir():
        return set()
    out, todo = set(), [(str(folder), "")]
    while todo:                       # os.scandir: the file type comes with the name, no stat per file
        path, prefix = todo.pop()
        with os.scandir(path) as entries:
            for e in entries:
                if e.is_dir():
                    todo.append((e.path, f"{prefix}{e.name}/"))
                elif e.name.endswith(SUFFIX) and not e.name.startswith(".") and e.is_file():
                    out.add(prefix + e.name)
    return out
