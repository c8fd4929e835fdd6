"""The Document every reader produces: the boundary between ingest and extract."""

from __future__ import annotations

from dataclasses import dataclass


class IngestError(Exception):
    """The file cannot be read as a report at all (empty, undecodable, unsupported)."""


@dataclass(frozen=True)
class Line:
    number: int              # 1-based line number in the original text (for PDF/DOCX/HTML: in the
                             # reader's text rendering of it, which the site archives)
    raw: str                 # the line as the file (or the rendering) has it
    text: str                # normalised for matching: NFKC, simplified script, markup removed
    cells: tuple[str, ...]   # ``text`` split into table cells (tabs, '|'), each stripped
    where: str = ""          # where the line stands in the original when that is not a text line
                             # (e.g. "第3页第12行" in a PDF, "表2第5行" in a Word table); "" for text


@dataclass(frozen=True)
class Document:
    name: str                # path relative to the corpus folder
    sha256: str
    format: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
