"""Extract: a Document's lines -> an Extraction (metadata, the three tables, prose figures).

A pure function of the document: the same file always gives the same extraction, so extraction
can be cached by the file's hash and run anywhere (a process pool, a cluster). It reads only what
the file says; the manifest, the gazetteer's resolution and corrections are laid over it later.
"""

from __future__ import annotations

from dataclasses import replace

from ..catalogue import APPLICATIONS
from ..extraction import Cell, Extraction, Observation
from ..ingest import Document, Line, ocr
from ..ingest.limits import LIMITS
from . import doubt, tables
from .metadata import is_report, metadata
from .proactive import read_proactive
from .prose import facts as prose_facts
from .sections import find_sections
from .template import detect_template, prose_template, withhold_template_cells
from .tokens import kind_of, tokenize


class NotAReport(Exception):
    """The document is not an annual report: no title naming one, no table of one, no preamble."""


def extract(doc: Document, version: str = "") -> Extraction:
    """Everything ``doc`` says; ``version`` is the extractor's fingerprint, stamped on the result."""
    lines, cut = cut_end(list(doc.lines))
    meta, mentions, notes = metadata(lines)
    sections = find_sections(tuple(lines))
    part = {name: lines[s.start:s.end] for name, s in sections.items()}
    app_runs, review_run = tables.split_runs(part.get("三", []))
    if "四" in part:
        review_run = tables.review_run(part["四"]) or review_run
    year = meta["year"].value if "year" in meta else None
    proactive_toks = tokenize(part.get("二", []))
    template, evidence = detect_template(proactive_toks, app_runs, review_run, year)
    facts = prose_facts(lines)
    cap = LIMITS.prose_facts        # each fact may become a finding, and the findings of a build are held
    if len(facts) > cap:            # in its process: 500,000 repeated sentences once took 1.5 GB there
        notes.append(Observation("source.unreadable", detail=f"文中陈述的数字和说法有{len(facts)}处，"
                                                             f"超过{cap}处上限，只读入前{cap}处"))
        facts = facts[:cap]
    ex = Extraction(source_file=doc.name, sha256=doc.sha256, format=doc.format, extractor_version=version,
                    template=template, metadata=meta, mentions=mentions, facts=facts)
    ex.observations += [Observation("source.unreadable", detail=note) for note in doc.notes] + notes
    if template is None:
        if not is_report(lines, False):
            raise NotAReport("not a disclosure annual report: no title naming 政府信息公开…年度报告, none of its "
                             "tables, and not the regulation's preamble of one")
        ex.template = prose_template(year, lines)
        ex.cells = prose_cells(facts)
        return doubt.review(locate_cells(ex, doc))

    cells, found, local = read_proactive(part.get("二", []), template, proactive_toks)
    ex.cells += cells
    ex.observations += found
    ex.local_rows += local
    header = []
    if app_runs:
        first = app_runs[0].values[0].line
        header = [l for l in part.get("三", []) if l.number < first]
    by_number = {l.number: l for l in lines}
    cells, found = tables.applications(app_runs, template, header, cut, by_number)
    if all(c.status == "missing" for c in cells):     # table 三 is not in the text: what the prose says
        stated = {(c.row, c.col): c for c in prose_cells(facts)}
        cells = [stated.get((c.row, c.col), c) for c in cells]
    ex.cells += cells
    ex.observations += found
    cells, found = tables.review_litigation(review_run, by_number)
    ex.cells += cells
    ex.observations += found
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


def cut_end(lines: list[Line]) -> tuple[list[Line], int | None]:
    """Where the text ends, for an excerpt that may stop inside a table: the last line with text is
    returned, so that no row ending there is completed by inference (its last cells may be cut off:
    '7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |' and the page stops). If the very last character is
    a digit, the text may also stop inside a number ('1' of '12'): that number is not read; a number
    followed by anything (a space, a '|', a line break) was printed whole. Reports end with a
    signature, never a table cell."""
    k = len(lines) - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    if k < 0:
        return lines, None
    line = lines[k]
    if k < len(lines) - 1 or not line.raw[-1:].isdigit():
        return lines, line.number
    cells = list(line.cells)
    while cells and not cells[-1]:
        cells.pop()
    if not cells or kind_of(cells[-1]) not in ("num", "glued"):
        return lines, line.number
    cells[-1] = ""
    kept = replace(line, text="\t".join(cells), cells=tuple(cells) + line.cells[len(cells):])
    return lines[:k] + [kept], line.number


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
            if read is not None and cell.status in ("printed", "inferred", "prose") and cell.confidence is None:
                cell.confidence, cell.box = read[0], list(read[1])   # an inferred row: from what OCR read
                cell.status = "ocr" if cell.status in ("printed", "prose") else cell.status   # prose: its note says so
        for row in ex.local_rows:
            for value in row.values:
                value.where = where.get(value.line)
    return ex


def _values_read(line) -> tuple | None:
    """How sure OCR was of a line's values and where they stand: its number cells (not its label,
    whose misread character does not touch a number), or the whole line when it has none (prose)."""
    values = [r for cell, r in zip(line.cells, line.ocr) if cell and kind_of(cell) != "text"]
    return ocr.union(values or list(line.ocr))


def prose_cells(facts) -> list[Cell]:
    """A report whose tables are not in its text: the figures its prose states plainly, each as the
    总计 cell of its row (status ``prose``), the row's other cells missing. The first statement of a
    figure is the one published; review and litigation figures stay facts (which row of table 四 a
    sentence means is seldom certain)."""
    out: list[Cell] = []
    for fact in facts:
        table, _, rest = fact.key.partition(".")
        if table != APPLICATIONS.name or fact.value is None:
            continue
        row, _, col = rest.partition(".")
        if any(c.row == row for c in out):
            continue
        for item in APPLICATIONS.cols:
            if item.key == col:
                out.append(Cell(table, row, col, fact.value, "prose", fact.line, str(fact.value), f"正文: {fact.text}"))
            else:
                out.append(Cell(table, row, item.key, None, "missing"))
    return out
