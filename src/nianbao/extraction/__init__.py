"""The extraction stage's artifact: what one report file says (``model``), its stable JSON file
(``files``) and the JSON Schema anyone making extraction files by other means can check (``schema``)."""

from .files import (dumps, head, json_bytes, listing, loads, name_for, names, parse_head, parse_json, present, read,
                    renamed, write)
from .model import (FORMAT_VERSION, TABLE_ORDER, TEXT_FIELDS, Cell, Extraction, Fact, Field, LocalRow, LocalValue,
                    Mention, Observation)

__all__ = ["FORMAT_VERSION", "TABLE_ORDER", "TEXT_FIELDS", "Cell", "Extraction", "Fact", "Field", "LocalRow",
           "LocalValue", "Mention", "Observation", "dumps", "head", "json_bytes", "listing", "loads", "name_for",
           "names", "parse_head", "parse_json", "present", "read", "renamed", "write"]
