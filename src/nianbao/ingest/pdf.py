"""PDF reports, read with pdfplumber: text in reading order, tables as rows of cells, page numbers.

On each page, tables are found from their ruling lines (pdfplumber's table finder); each table
row becomes one line of cells, merged cells '' in the positions they cover, as in the Word and
HTML readers. The rest of the page is read as text lines, top to bottom; a line is split into
cells where its words stand far apart (a table printed without rules), and lines that the page
wrapped are joined back into their paragraph (a line that reaches the right margin continues
on the next line unless that one is indented or starts a heading), so that a sentence like
"共收到政府信息公开申请0件" is whole again. Page furniture is dropped: 'Page N' headers of
flip-book exports, '第N页 共M页', '- N -'.

A page without a text layer (a scan) is rendered and read by OCR (ocr.py): its text boxes are
laid out as the words of a text page are (rows by vertical position, cells by the gaps and the
header's columns), each cell keeping the confidence and box it was read from. A scanned page where
OCR finds no text is said in Document.notes; a PDF with no text at all is an IngestError, never an
empty document.

Locations: "第{page}页第{line}行", line counting the text lines and table rows of the page from
the top (a joined paragraph is placed at its first line).
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field

from . import ocr
from .document import IngestError, Line
from .limits import LIMITS, Limits
from .lines import Item, build, join_wrapped, paragraph, row
from .pdfstreams import Crowded, bounded, in_library, looks_like, open_pdf, page_list, paths_left_out, wrapped

PAGE_FURNITURE = re.compile(
    r"^\s*(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
    r"共\s*\d+\s*页\s*第\s*\d+\s*页|[-—–－]\s*\d+\s*[-—–－]|\d+\s*/\s*\d+)\s*$", re.I)
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|"
                     r"\d+\s*[、.．]|第[一二三四五六七八九十\d]+[条章节项])")
SENTENCE_END = ("。", "！", "？", "!", "?", "；")
OPENING = set("（([{“‘《〈「『【〔<\"'")
CLOSING = set("）)]}”’》〉」』】〕>。，、；：！？,.;:!?%％\"'")
CELL_GAP = 2.0     # words further apart than this many character widths are separate cells
TABLE_GAP = 0.8    # ... and in a row of numbers, words this far apart (the padding between columns)
VALUE = re.compile(r"^(?:[+-]?\d[\d,]*(?:\.\d+)?|[/\\\-—－]+)$")
WRAP_SLACK = 1.5   # the margin lies within this many character widths of where a wrapped piece would end


@dataclass
class _Text:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    cells: list[str]
    lead: float = 0.0          # width of the first unbreakable piece (a CJK character, a word, a URL)
    wrapped: bool = False      # a one-cell text line: may go on below if it reached the margin
    spans: list[tuple[float, float]] = field(default_factory=list)   # each cell's x0, x1
    first_value: int | None = None   # a table row: index of its first number cell
    right: float = 0.0         # the page's right margin
    ocr: list | None = None    # an OCR'd line: per cell, (confidence, box) of what it was read from


@dataclass
class _Table:
    top: float
    rows: list[list[str]] = field(default_factory=list)


def read_pdf(data: bytes, limits: Limits = LIMITS) -> tuple[list[Line], tuple[str, ...]]:
    """The PDF's lines and notes, within ``limits``: its page count, what its streams inflate to,
    the characters on one page (a page over the limit is left out, with a note) and the time
    spent reading pages."""
    if data.find(b"%PDF-", 0, 1024) == -1:
        raise IngestError("not a PDF: the file does not begin with the %PDF marker"
                          + looks_like(data))
    with bounded(limits):
        return _read(data, limits)


def _read(data: bytes, limits: Limits) -> tuple[list[Line], tuple[str, ...]]:
    pdf = open_pdf(data)
    items: list[Item] = []
    notes: list[str] = []
    chars_total = cid = 0
    crowded: list[int] = []
    busy: list[int] = []     # pages whose lines and shapes were not all kept
    scanned: list[int] = []
    budget = ocr.Budget()
    reading = 0.0          # seconds spent in OCR: the time limit is on reading the text layer
    pending: list = []   # the previous page's last paragraph may continue on this page
    start = time.monotonic()
    try:
        pages = page_list(pdf, limits)   # before ``with``: closing lists every page
        with pdf:
            for number, page in enumerate(pages, start=1):
                if time.monotonic() - start - reading > limits.pdf_seconds:
                    raise IngestError(f"reading the PDF took more than {limits.pdf_seconds:.0f} s "
                                      f"(stopped at page {number} of {len(pages)}); not read", "ingest.limit")
                try:
                    page.chars
                except Exception as e:      # pdfplumber wraps what pdfminer raises
                    if wrapped(e, Crowded):
                        crowded.append(number)
                        continue
                    raise
                if paths_left_out():
                    busy.append(number)
                page = page.dedupe_chars()
                chars = page.chars
                chars_total += len(chars)
                cid += sum(1 for c in chars if c.get("text", "").startswith("(cid:"))
                if not any(c.get("text", "").strip() for c in chars):
                    if page.images:   # a scanned page: read by OCR
                        scanned.append(number)
                        dpi = ocr.resolution(page.width, page.height)
                        began = time.monotonic()
                        boxes = budget.read(number, page.to_image(resolution=dpi).original, 72 / dpi)
                        reading += time.monotonic() - began
                        if boxes:
                            pending = lay_out(text_lines(ocr.words(boxes)), page.width, number, items, pending)
                        elif boxes is not None:
                            notes.append(f"第{number}页是扫描图像，OCR未识别出文字")
                    continue
                pending = _page_items(page, number, items, pending)
            flush(pending, items)
    except IngestError:
        raise
    except Exception as e:  # pdfminer raises many kinds of errors on a damaged file
        limit = wrapped(e, (IngestError, MemoryError))
        if limit is not None:  # a limit (or the worker's memory) reached inside pdfminer, wrapped by pdfplumber
            raise limit from None
        if not in_library(e):
            raise
        raise IngestError(f"the PDF is damaged and cannot be read ({type(e).__name__}: {e})")
    if not items:
        why = (f"page(s) {', '.join(map(str, crowded))} carry more than {limits.pdf_page_chars} characters each "
               "and were left out" if crowded else
               f"OCR found none on the {len(scanned)} scanned page(s)" if scanned else "the pages are blank")
        raise IngestError(f"no text: {why}", "ingest.no_text")
    if cid > 0.3 * chars_total:
        raise IngestError("needs OCR: the PDF's fonts carry no Unicode mapping, so its text reads as "
                          "(cid:N) codes", "ingest.needs_ocr")
    if crowded:
        notes.append(f"第{'、'.join(map(str, crowded))}页的字符超过{limits.pdf_page_chars}个上限，"
                     "这些页上的内容没有读入")
    if busy:
        notes.append(f"第{'、'.join(map(str, busy))}页的线条和图形超过{limits.pdf_page_paths}个上限，"
                     "其余的没有读入，这些页上的表格可能不完整")
    notes += budget.notes()
    return build(items), tuple(notes)


def _page_items(page, number: int, items: list[Item], pending: list) -> list:
    tables = [t for t in page.find_tables() if t.bbox[2] - t.bbox[0] > 20 and t.bbox[3] - t.bbox[1] > 10]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    blocks: list = [_Table(t.bbox[1], [[_cell(c) for c in r] for r in t.extract()]) for t in tables]
    blocks += text_lines(_words(page.filter(outside) if boxes else page))
    return lay_out(blocks, page.width, number, items, pending)


def lay_out(blocks: list, width: float, number: int, items: list[Item], pending: list) -> list:
    """A page's tables and text lines, top to bottom, as items (paragraphs joined across wrapped
    lines, page furniture dropped); returns the paragraph that may go on on the next page."""
    blocks.sort(key=lambda b: b.top)
    texts = [b for b in blocks if isinstance(b, _Text) and len(b.cells) == 1]
    left = min((t.x0 for t in texts), default=0.0)
    right = max(max((t.x1 for t in texts), default=0.0), width - left)  # margins are symmetric
    line_on_page = 0
    for block in blocks:
        line_on_page += 1 if isinstance(block, _Text) else 0
        where = f"第{number}页第{line_on_page}行"
        if isinstance(block, _Table):
            flush(pending, items)
            pending = []
            for cells in block.rows:
                line_on_page += 1
                if any(cells):
                    items.append(row(cells, f"第{number}页第{line_on_page}行"))
            continue
        text = "\t".join(block.cells)
        if len(block.cells) == 1 and PAGE_FURNITURE.match(text):
            continue
        if pending and _continues(pending[-1][0], block, left):
            pending.append((block, where))
        else:
            flush(pending, items)
            pending = [(block, where)]
        block.wrapped = len(block.cells) == 1
        block.right = right
    return pending


def _continues(prev: _Text, line: _Text, left: float) -> bool:
    """Does ``line`` continue the paragraph that ``prev`` ended? Only if the page wrapped it: its
    first piece would not have fitted at the end of ``prev``, and it is not indented."""
    text = line.cells[0]
    return (prev.wrapped and len(line.cells) == 1
            and prev.x1 + line.lead >= prev.right - WRAP_SLACK * prev.size
            and abs(prev.size - line.size) <= 0.15 * prev.size
            and line.x0 <= left + 0.5 * line.size
            and not prev.cells[-1].rstrip().endswith(SENTENCE_END)
            and not HEADING.match(text) and not PAGE_FURNITURE.match(text))


def flush(pending: list, items: list[Item]) -> None:
    if not pending:
        return
    first, where = pending[0]
    if first.ocr is not None and len(first.cells) > 1:   # its cells as read, each with its box
        items.append(row([ocr.mend(c) for c in first.cells], where, first.ocr))
    elif first.ocr is not None:                          # a paragraph read by OCR, and its box
        text = ocr.mend(join_wrapped([b.cells[0] for b, _ in pending]))
        items.append(paragraph(text, where, ocr.union([b.ocr[0] for b, _ in pending])))
    elif len(pending) == 1:
        items.append(paragraph("\t".join(first.cells), where))
    else:
        items.append(paragraph(join_wrapped([b.cells[0] for b, _ in pending]), where))
    pending.clear()


def _cell(text: str | None) -> str:
    return join_wrapped((text or "").split("\n"))


def _words(page) -> list[dict]:
    return page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                              use_text_flow=False, extra_attrs=["size"], return_chars=True)


def text_lines(words: list[dict]) -> list[_Text]:
    """The page's words grouped into lines (by their vertical position), split into cells on gaps.

    A gap of CELL_GAP character widths always separates cells. In a row of a table printed
    without rules (a line with at least two numbers once split), the narrower gap between
    columns (TABLE_GAP) separates cells too, and the lines below it that stand wholly left of its
    first number are its labels wrapping inside their cells: they are joined to the row,
    column by column (top-aligned cells, Word's default)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        for line in lines:
            ref = line[0]
            if abs((word["top"] + word["bottom"]) / 2 - (ref["top"] + ref["bottom"]) / 2) <= 0.4 * ref["size"]:
                line.append(word)
                break
        else:
            lines.append([word])
    out: list[_Text] = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        size = statistics.median(w["size"] for w in line) or 10.0
        cells = _split(line, TABLE_GAP * size)
        if sum(1 for c in cells if VALUE.match(_join_words(c, size))) < 2:
            cells = _split(line, CELL_GAP * size)
        text = _Text(min(w["top"] for w in line), max(w["bottom"] for w in line), line[0]["x0"],
                     line[-1]["x1"], size, [_join_words(c, size) for c in cells], _lead(line[0]["chars"]),
                     spans=[(c[0]["x0"], c[-1]["x1"]) for c in cells],
                     ocr=[ocr.union([w["ocr"] for w in c]) for c in cells] if "ocr" in line[0] else None)
        row = out[-1] if out else None
        if row is not None and row.first_value is not None and _wraps_into(text, row):
            for j, (cell, (x0, x1)) in enumerate(zip(text.cells, text.spans)):
                k = max((k for k, (a, _) in enumerate(row.spans[:row.first_value]) if a <= x0 + 0.5 * size),
                        default=0)
                row.cells[k] = join_wrapped([row.cells[k], cell])
                if row.ocr and text.ocr:
                    row.ocr[k] = ocr.union([row.ocr[k], text.ocr[j]])
            row.bottom = text.bottom
            continue
        values = [k for k, c in enumerate(text.cells) if VALUE.match(c)]
        text.first_value = values[0] if len(values) >= 2 else None
        if text.first_value == 0:
            _place_under_headers(text, out)
        out.append(text)
    return out


def _place_under_headers(row: _Text, above: list[_Text]) -> None:
    """A row of numbers that starts with empty cells (a table without rules prints nothing
    there): put each number in the column of the header above it, '' in the columns left empty.

    Columns are the left edges of the header cells in the lines just above (up to ten, no
    numbers in them: headers printed one character per line take many lines). Done only when every number falls in its own column; otherwise the row
    keeps its cells as printed and extraction decides."""
    headers = []
    for line in reversed(above[-10:]):
        if line.first_value is not None or row.top - line.bottom > 12 * row.size:
            break
        headers.append(line)
    edges: list[float] = []
    for x0 in sorted(x0 for line in headers for x0, _ in line.spans):
        if not edges or x0 - edges[-1] > 0.8 * row.size:
            edges.append(x0)
    if len(edges) <= len(row.cells) or not edges:
        return
    columns: list[int] = []
    for x0, x1 in row.spans:
        centre = (x0 + x1) / 2
        k = max((k for k, e in enumerate(edges) if e - 0.5 * row.size <= centre), default=None)
        if k is None or (columns and k <= columns[-1]):
            return
        columns.append(k)
    if columns[0] == 0:
        return
    cells = [""] * len(edges)
    read = [None] * len(edges)
    for k, text, box in zip(columns, row.cells, row.ocr or [None] * len(columns)):
        cells[k], read[k] = text, box
    row.cells = cells
    row.ocr = read if row.ocr else None
    row.spans = [(e, e) for e in edges]
    row.first_value = columns[0]


def _split(words: list[dict], gap: float) -> list[list[dict]]:
    """Words into cells at gaps wider than ``gap``; a word marked ``alone`` (OCR's box of a column
    of text set one character a line) is a cell by itself."""
    cells = [[words[0]]]
    for prev, word in zip(words, words[1:]):
        if word["x0"] - prev["x1"] > gap or word.get("alone") or prev.get("alone"):
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def _wraps_into(line: _Text, row: _Text) -> bool:
    """Is ``line`` the wrapped rest of ``row``'s label cells (just below, left of its numbers)?
    On a scan the row may have lost its first label piece to OCR (a thin '一、' goes undetected), so
    there the wrapped line may start left of the row."""
    return (line.top - row.bottom <= 0.8 * row.size
            and (line.x0 >= row.x0 - 0.5 * row.size or line.ocr is not None)
            and line.x1 <= row.spans[row.first_value][0]
            and not any(VALUE.match(c) for c in line.cells)
            and not HEADING.match(line.cells[0]))


def _lead(chars: list[dict]) -> float:
    """Width of the piece a line starts with that the page could not have broken: opening
    brackets, then one Chinese character or a run of Latin letters, digits and punctuation (a
    word, a number, a URL), then the closing punctuation that may not begin a line.

    A line whose previous line stops short of the margin by less than this width was wrapped."""
    k = 0
    while k < len(chars) and chars[k]["text"] in OPENING:
        k += 1
    if k < len(chars):
        if chars[k]["text"].isascii() and chars[k]["text"].strip():
            while k + 1 < len(chars) and chars[k + 1]["text"].isascii() and chars[k + 1]["text"].strip() \
                    and chars[k + 1]["text"] not in CLOSING - {".", "/"}:
                k += 1
        while k + 1 < len(chars) and chars[k + 1]["text"] in CLOSING:
            k += 1
    k = min(k, len(chars) - 1)
    return chars[k]["x1"] - chars[0]["x0"] if chars else 0.0


def _join_words(words: list[dict], size: float) -> str:
    """Words of one cell: a visible gap (a space in the original) is kept as one space."""
    out = words[0]["text"]
    for prev, word in zip(words, words[1:]):
        out += (" " if word["x0"] - prev["x1"] > 0.2 * size else "") + word["text"]
    return out
