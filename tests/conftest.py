"""Shared fixtures: the bundled corpus built once per test session into a temporary folder."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
TRUTH = Path(__file__).parent / "truth"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Built:
    """A built package, read back from its CSV files (what a journalist would download)."""

    def __init__(self, root: Path, result: pipeline.Result):
        self.root = root
        self.result = result
        self.tables = {name: read_csv(root / "build" / f"{name}.csv")
                       for name in ("reports", "proactive", "applications", "review_litigation", "findings",
                                    "summary", "errors")}
        self.by_source = {r["source_file"]: r for r in self.tables["reports"]}

    def report(self, source_file: str) -> dict:
        return self.by_source[source_file]

    def cells(self, table: str, report_id: str) -> list[dict]:
        return [r for r in self.tables[table] if r["report_id"] == report_id]

    def findings(self, report_id: str) -> list[dict]:
        return self.cells("findings", report_id)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("package")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    result = pipeline.build(Settings(corpus=corpus, root=root))
    return Built(root, result)


def truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("*.json"))]
