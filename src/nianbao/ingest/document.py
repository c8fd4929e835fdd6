"""The Document every reader produces: the boundary between ingest and extract.

Whatever the format, a report becomes the same thing: a sequence of lines, each normalised for
matching and each knowing where it stands in the original. A table row is ONE line whose
``cells`` are the row's cells in grid order; a merged cell's text stands in its first (top-left)
grid position and the positions it covers are empty strings, so every value keeps its column.
"""

from __future__ import annotations

from dataclasses import dataclass


class IngestError(Exception):
    """The file cannot be read as a report at all (empty, undecodable, unsupported, image-only);
    ``code`` names the reason for the errors table (ingest.empty, ingest.unsupported, …)."""

    def __init__(self, reason: str, code: str = "ingest.unreadable"):
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class Line:
    number: int              # 1-based line number in the original text (for PDF/DOCX/HTML: in the
                             # reader's text rendering of it, which the site archives)
    raw: str                 # the line as the file (or the rendering) has it
    text: str                # normalised for matching: NFKC, simplified script, markup removed
    cells: tuple[str, ...]   # ``text`` split into table cells (tabs, '|'), each stripped; for a
                             # real table row, the row's cells in grid order ('' where merged/empty)
    where: str = ""          # where the line stands in the original when that is not a text line:
                             # "第3页第12行" (PDF page, line on the page), "表2第5行" (Word/HTML
                             # table, row; the cell is the position in ``cells``), "第7段"
                             # (paragraph); "" for plain text, whose ``number`` is the place
    ocr: tuple | None = None  # a line read by OCR from a scanned page: per cell, (confidence, box)
                              # of what it was read from, box in the original's units (ingest/ocr.py)


@dataclass(frozen=True)
class Document:
    name: str                # path relative to the corpus folder
    sha256: str
    format: str              # text | html | docx | doc | pdf | image
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()   # what the reader could not read but the file still has, in plain
                                  # language (e.g. "第3页是扫描图像，OCR未识别出文字"): for findings

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
