"""The examples in the parsers' docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["nianbao.extract.tokens", "nianbao.extract.tables", "nianbao.extract.metadata.contact", "nianbao.extract.metadata.names", "nianbao.places.organ", "nianbao.places.mentions",
           "nianbao.ingest.ocr"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
