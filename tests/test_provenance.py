"""Every published number can be found where its provenance says, in the original file."""

from __future__ import annotations

import re

import pytest

from nianbao.normalise import normalise, to_simplified

from .conftest import CORPUS


def original_lines(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("table", ["proactive", "applications", "review_litigation"])
def test_printed_cells_stand_on_their_line(built, table):
    checked = 0
    sources = {r["report_id"]: r["source_file"] for r in built.tables["reports"]}
    for cell in built.tables[table]:
        if cell["status"] != "printed":
            continue
        line = original_lines(sources[cell["report_id"]])[int(cell["source_line"]) - 1]
        numbers = re.findall(r"\d+(?:\.\d+)?", to_simplified(normalise(line)))
        assert cell["printed"] in numbers, (cell, line)
        checked += 1
    assert checked > 0


def test_prose_facts_quote_their_line(built):
    sources = {r["report_id"]: r["source_file"] for r in built.tables["reports"]}
    assert built.tables["prose_facts"]
    for fact in built.tables["prose_facts"]:
        line = to_simplified(normalise(original_lines(sources[fact["report_id"]])[int(fact["source_line"]) - 1]))
        assert fact["text"] in line, fact


def test_metadata_read_from_the_text_stands_on_its_line(built):
    """organ, year, and the printed places: each value with a line is written on that line."""
    sources = {r["report_id"]: r["source_file"] for r in built.tables["reports"]}
    checked = 0
    for f in built.tables["report_fields"]:
        if not f["source_line"] or f["field"] not in ("organ", "year", "township", "county"):
            continue
        line = to_simplified(normalise(original_lines(sources[f["report_id"]])[int(f["source_line"]) - 1]))
        assert f["value"] in re.sub(r"\s+", "", line), f
        checked += 1
    assert checked >= 10
