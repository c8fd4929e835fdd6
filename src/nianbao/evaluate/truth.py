"""Truth files: hand-checked values of a report (tests/truth, ../shared/real/truth, the synthetic
generator's), read in one place.

A truth file names its report (``report``: the file name in the corpus) and gives metadata fields
(a key absent = not scored), ``contact`` fields, and cells: ``proactive`` as category -> measure ->
value, ``applications`` and ``review_litigation`` as row -> the values of the columns in catalogue
order. A cell absent from the truth is not in the text; a null cell is printed blank.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..catalogue import APPLICATIONS, REVIEW_LITIGATION

META = ("organ", "township", "county", "prefecture", "province", "level", "year", "template", "published_on")
CONTACT = ("phone", "email", "website", "postcode")
COLUMNS = {"applications": APPLICATIONS.cols, "review_litigation": REVIEW_LITIGATION.cols}


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def folder(path: Path) -> list[dict]:
    return [read(p) for p in sorted(path.glob("*.json"))]


def cells(truth: dict) -> dict[tuple[str, str, str], object]:
    """(table, row, column) -> value for every cell the truth lists (null: printed blank)."""
    out = {}
    for cat, measures in (truth.get("proactive") or {}).items():
        out.update({("proactive", cat, m): v for m, v in measures.items()})
    for table, cols in COLUMNS.items():
        for row, values in (truth.get(table) or {}).items():
            out.update({(table, row, c.key): v for c, v in zip(cols, values)})
    return out


def metadata(truth: dict) -> dict[str, object]:
    """The metadata fields the truth scores: its own keys among META and the contact fields."""
    out = {k: truth[k] for k in META if k in truth}
    out.update({k: v for k, v in (truth.get("contact") or {}).items() if k in CONTACT})
    return out
