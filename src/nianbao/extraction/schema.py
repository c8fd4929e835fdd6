"""The JSON Schema of extraction files, generated from the catalogue.

Kept in the repository as ``schemas/extraction.schema.json`` (a test fails when it is stale) so
that anyone making extractions by other means can check them; ``nianbao validate`` reports each
problem by file, line and reason.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..catalogue import LEVELS, STATUSES, TABLES, TEMPLATES, VALUED
from ..ingest.limits import LIMITS
from .model import FORMAT_VERSION, TEXT_FIELDS

SCHEMA_PATH = Path("schemas") / "extraction.schema.json"
# Bounds on every number a file gives, so that a file that fits the schema can always be published
# (the tables hold 64-bit integers): a value is a printed number, of at most LIMITS.number_digits
# digits as the extractor reads them; a line, a position or a count is far below 2**31.
LARGEST = 10 ** LIMITS.number_digits - 1
_VALUE = {"minimum": -LARGEST, "maximum": LARGEST}
_LINE = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
_INT_OR_NULL = {**_LINE, "type": ["integer", "null"]}
_STR_OR_NULL = {"type": ["string", "null"]}


def _field(value: dict) -> dict:
    """A metadata field: its value, the line it was read from, the kind of phrase it came from."""
    return {"type": "object", "required": ["value"], "additionalProperties": False,
            "properties": {"value": value, "line": _INT_OR_NULL, "source": {"type": "string"}}}


def schema() -> dict:
    from ..validate.rules import RULES      # the findings an observation may become (validate imports this module's package)
    has_value = {"if": {"properties": {"status": {"enum": list(VALUED)}}},
                 "then": {"properties": {"value": {"type": "number"}}},
                 "else": {"if": {"properties": {"status": {"const": "ocr"}}},   # null when doubtful
                          "then": {}, "else": {"properties": {"value": {"type": "null"}}}}}

    def cell(t) -> dict:
        return {"type": "object", "required": ["row", "col", "value", "status"], "additionalProperties": False,
                "properties": {"row": {"enum": list(dict.fromkeys(r.key for r in t.rows))},
                               "col": {"enum": [c.key for c in t.cols]},
                               "value": {"type": ["integer", "null"] if t.value_type == "integer"
                                         else ["number", "null"], **_VALUE},
                               "status": {"enum": list(STATUSES)},
                               "line": _LINE,
                               "printed": {"type": "string"}, "note": {"type": "string"},
                               "where": {"type": "string"},
                               "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                               "box": {"type": "array", "minItems": 4, "maxItems": 4, "items": {
                                   "type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}}},
                **has_value}

    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://nianbao.github.io/schemas/extraction.schema.json",
        "title": "nianbao extraction file",
        "description": "What one report file says: metadata as its text gives it, the areas it names, and "
                       "every cell of the standard tables, each with its status and the line of the original "
                       "it stands on. Generated from the catalogue (src/nianbao/catalogue/).",
        "type": "object",
        "required": ["source_file", "sha256", "format", "extractor_version", "template",
                     "metadata", "cells", "format_version"],
        "additionalProperties": False,
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "source_file": {"type": "string", "minLength": 1},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "format": {"type": "string"},
            "extractor_version": {"type": "string"},
            "template": {"enum": [*TEMPLATES, None]},
            "metadata": {
                "type": "object",
                "propertyNames": {"enum": list(TEXT_FIELDS)},
                "properties": {"level": _field({"enum": [*LEVELS, None]}),
                               "year": _field({"type": ["integer", "null"], "minimum": 1949, "maximum": 2100})},
                "additionalProperties": _field(_STR_OR_NULL),        # the year is the only number
            },
            "mentions": {"type": "array", "items": {
                "type": "object", "required": ["name", "line", "count"], "additionalProperties": False,
                "properties": {"name": {"type": "string", "minLength": 1}, "line": _LINE, "count": _LINE}}},
            "cells": {"type": "object", "additionalProperties": False,
                      "properties": {t.name: {"type": "array", "items": cell(t)} for t in TABLES}},
            "facts": {"type": "array", "items": {
                "type": "object", "required": ["key", "line", "text"], "additionalProperties": False,
                "properties": {"key": {"type": "string"}, "value": {"type": ["number", "null"], **_VALUE},
                               "line": _LINE, "text": {"type": "string"}}}},
            "observations": {"type": "array", "items": {
                "type": "object", "required": ["rule"], "additionalProperties": False,
                "properties": {"rule": {"enum": list(RULES)}, "table": {"enum": [t.name for t in TABLES] + [None]},
                               "row": _STR_OR_NULL,
                               "col": _STR_OR_NULL, "line": _INT_OR_NULL, "detail": {"type": "string"}}}},
            "local_rows": {"type": "array", "items": {
                "type": "object", "required": ["table", "label", "values"], "additionalProperties": False,
                "properties": {
                    "table": {"enum": [t.name for t in TABLES]},
                    "label": {"type": "string", "minLength": 1},
                    "line": _INT_OR_NULL,
                    "parent": {"enum": list(dict.fromkeys(r.key for t in TABLES for r in t.rows))},
                    "values": {"type": "array", "minItems": 1, "items": {
                        "type": "object", "required": ["position", "value", "status"],
                        "additionalProperties": False,
                        "properties": {
                            "position": _LINE,
                            "value": {"type": ["number", "null"], **_VALUE},
                            "status": {"enum": ["printed", "blank"]},
                            "line": _LINE,
                            "printed": {"type": "string"},
                            "col": {"enum": list(dict.fromkeys(c.key for t in TABLES for c in t.cols))},
                            "note": {"type": "string"},
                            "where": {"type": "string"}},
                        "if": {"properties": {"status": {"const": "printed"}}},
                        "then": {"properties": {"value": {"type": "number"}}},
                        "else": {"properties": {"value": {"type": "null"}}}}}}}},
        },
    }


def write_schema(root: Path) -> Path:
    path = root / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def problems(text: str) -> list[tuple[int, str]]:
    """(line, reason) for everything wrong with an extraction file's text; [] when it is valid."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return [(e.lineno, f"not JSON: {e.msg}")]
    return problems_of(data, text)


def problems_of(data, text: str) -> list[tuple[int, str]]:
    """As ``problems``, for data already parsed from ``text``. Fast when valid (the Rust validator:
    0.17 ms a national report's file, against 1.3 ms compiled to Python by fastjsonschema, a third
    of the cold tables stage); the Python validator runs only to explain what is wrong, and where
    (its messages, a public part of ``nianbao validate``'s output, stay as they were)."""
    if _validator().is_valid(data):
        return []
    from jsonschema import Draft7Validator      # slow to import, and needed only to explain a bad file
    lines = _path_lines(text)
    out = []
    for err in sorted(Draft7Validator(schema()).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        while path not in lines and path:
            path = path[:-1]
        where = "/".join(map(str, err.absolute_path)) or "(top)"
        out.append((lines.get(path, 1), f"{where}: {err.message}"))
    return out or [(1, "(top): rejected by the schema")]     # the two validators disagree: still rejected


@lru_cache(maxsize=1)
def _validator():
    import jsonschema_rs    # here: only files of other origins are checked (8 ms to import)
    return jsonschema_rs.Draft7Validator(schema())


# a token alone, the whitespace before it skipped by the search ('\s*' in front of it was tried again
# at every position of a run of spaces with no token after it: 20 KB of them took 18 s)
_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")|([{}\[\],:])|(-?[0-9][^,\]}\s]*|true|false|null)', re.S)


def _path_lines(text: str) -> dict[tuple, int]:
    """The line each JSON value starts on, by its path: {('cells', 3, 'value'): 42, …}."""
    tokens = []
    line, seen = 1, 0
    for m in _TOKEN.finditer(text):
        start = m.start()
        line += text.count("\n", seen, start)
        seen = start
        tokens.append((m.group(1) or m.group(2) or m.group(3), line))
    out: dict[tuple, int] = {}
    pos = 0

    def value(path: tuple) -> None:
        nonlocal pos
        tok, line = tokens[pos]
        out[path] = line
        pos += 1
        if tok == "{":
            while tokens[pos][0] != "}":
                key = json.loads(tokens[pos][0])
                pos += 2  # key and ':'
                value(path + (key,))
                if tokens[pos][0] == ",":
                    pos += 1
            pos += 1
        elif tok == "[":
            i = 0
            while tokens[pos][0] != "]":
                value(path + (i,))
                i += 1
                if tokens[pos][0] == ",":
                    pos += 1
            pos += 1

    try:
        value(())
    except (IndexError, ValueError):
        pass
    return out
