"""Plain-text and Markdown reports (including OCR output and Word/HTML pages saved as text)."""

from __future__ import annotations

import re

from ..normalise import normalise, to_simplified
from .document import IngestError, Line

_CELL_SPLIT = re.compile(r"\t|\s\|\s|\|")
_ENCODINGS = ("utf-8", "gb18030")


def decode(data: bytes) -> str:
    """Decode by byte-order mark, then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError("the text is in no encoding we can read (tried UTF-8, UTF-16, GB18030)")


def split_cells(text: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in _CELL_SPLIT.split(text))


def read_text(data: bytes) -> list[Line]:
    raw_lines = decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    normalised = [normalise(line) for line in raw_lines]
    simplified = to_simplified("\n".join(normalised)).split("\n")
    if len(simplified) != len(normalised):  # never lose the line mapping
        simplified = [to_simplified(line) for line in normalised]
    return [Line(number=i, raw=raw, text=text, cells=split_cells(text))
            for i, (raw, text) in enumerate(zip(raw_lines, simplified), start=1)]
