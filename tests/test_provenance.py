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
    for ex in built.result.extractions:
        for fact in ex.facts:
            line = to_simplified(normalise(original_lines(ex.source_file)[fact.line - 1]))
            assert fact.text in line
