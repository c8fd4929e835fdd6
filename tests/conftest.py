"""Shared fixtures: the bundled corpus built once per test session into a temporary folder."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from . import render

from nianbao import pipeline
from nianbao.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
TRUTH = Path(__file__).parent / "truth"
REPORTS = sorted(p.stem for p in TRUTH.glob("*.json"))
SCORES: list[str] = []  # accuracy per input format, printed at the end of the run


def pytest_terminal_summary(terminalreporter):
    if SCORES:
        terminalreporter.section("accuracy on the sample reports, per input format (nianbao eval)")
        for line in SCORES:
            terminalreporter.write_line(line)


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (build/ has a subfolder, excel/) by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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
                                    "summary", "errors", "local_rows", "report_fields", "prose_facts")}
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


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """DOCX and HTML of every sample (and PDF when LibreOffice is there), rendered once."""
    out = tmp_path_factory.mktemp("rendered")
    for stem in REPORTS:
        blocks = render.parse((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
        render.to_docx(blocks, out / f"{stem}.docx")
        (out / f"{stem}.html").write_bytes(render.to_html(blocks))
        (out / f"{stem}.flat.html").write_bytes(render.to_html(blocks, flatten=True))
        (out / f"{stem}.gbk.html").write_bytes(render.to_html(blocks, charset="gbk"))
    if render.soffice():
        extra = []
        for stem in REPORTS:  # tables printed without rules: only the words' positions show them
            blocks = render.parse((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
            extra.append(render.to_docx(blocks, out / f"{stem}.norules.docx", borders=False))
        blocks = render.parse((CORPUS / f"{REPORTS[2]}.txt").read_text(encoding="utf-8"))
        extra.append(render.to_docx(blocks, out / "flipbook.docx", page_header=True))
        extra.append(render.to_docx(blocks, out / "scanned_page.docx", scanned_page=out / "scan.png"))
        render.convert([out / f"{s}.docx" for s in REPORTS] + extra, out / "pdf")
    return out


def truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("*.json"))]
