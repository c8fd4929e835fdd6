"""The Document every reader produces: the boundary between ingest and extract."""

from __future__ import annotations

from dataclasses import dataclass


class IngestError(Exception):
    """The file cannot be read as a report at all (empty, undecodable, unsupported)."""


@dataclass(frozen=True)
class Line:
    number: int              # 1-based line number in the original file
    raw: str                 # the line as the file has it
    text: str                # normalised for matching: NFKC, simplified script, markup removed
    cells: tuple[str, ...]   # ``text`` split into table cells (tabs, '|'), each stripped


@dataclass(frozen=True)
class Document:
    name: str                # path relative to the corpus folder
    sha256: str
    format: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
