"""Ingest: turn one report file into a Document, lines normalised for matching but each kept at
its place in the original, so every extracted value can point back to where it stands.

One reader per format (text.py, web.py for HTML, word.py for DOCX, pdf.py, legacy.py for .doc/.wps
through LibreOffice, image.py for JPEG/PNG/TIFF, which with scanned PDF pages are read by OCR:
ocr.py), all producing the same Document: paragraphs as lines, a table row as one
line of cells. The file's suffix picks the reader, unless its first bytes say plainly that it is
something else (portals serve HTML named .doc, and PDFs named .txt): the content wins then, so a
file is never misread as garbage.

Only what stops a file from being read at all raises (IngestError, with a plain-language reason);
everything else is data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from dataclasses import replace

from .document import Document, IngestError, Line
from .limits import LIMITS, Limits
from .lines import display_only

__all__ = ["Document", "IngestError", "LIMITS", "Limits", "Line", "READERS", "Reader", "ingest", "sha256_of",
           "sniff"]


Read = tuple[list[Line], tuple[str, ...]]   # the lines, and notes on what could not be read


@dataclass(frozen=True)
class Reader:
    format: str                              # Document.format: text | html | docx | doc | pdf | image
    read: Callable[[bytes, Limits], Read]


def _text(data: bytes, limits: Limits) -> Read:
    from .text import read_text
    return read_text(data), ()


def _html(data: bytes, limits: Limits) -> Read:
    from .web import read_html
    return read_html(data, limits), ()


def _mht(data: bytes, limits: Limits) -> Read:
    from .web import read_mht
    return read_mht(data, limits), ()


def _docx(data: bytes, limits: Limits) -> Read:
    from .word import read_docx
    return read_docx(data, limits), ()


def _pdf(data: bytes, limits: Limits) -> Read:
    from .pdf import read_pdf
    return read_pdf(data, limits)


def _image(data: bytes, limits: Limits) -> Read:
    from .image import read_image
    return read_image(data)


def _legacy(data: bytes, limits: Limits) -> Read:
    from .legacy import read_legacy_word
    return read_legacy_word(data, limits), ()


TEXT, HTML, MHT = Reader("text", _text), Reader("html", _html), Reader("html", _mht)
DOCX, PDF, DOC = Reader("docx", _docx), Reader("pdf", _pdf), Reader("doc", _legacy)
IMAGE = Reader("image", _image)

READERS: dict[str, Reader] = {
    ".txt": TEXT, ".md": TEXT, ".markdown": TEXT, ".text": TEXT,
    ".html": HTML, ".htm": HTML, ".shtml": HTML, ".xhtml": HTML, ".mht": MHT, ".mhtml": MHT,
    ".docx": DOCX, ".pdf": PDF, ".doc": DOC, ".wps": DOC,
    ".jpg": IMAGE, ".jpeg": IMAGE, ".png": IMAGE, ".tif": IMAGE, ".tiff": IMAGE,
}
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")


def sniff(data: bytes) -> Reader | None:
    """The reader the content itself calls for, when its first bytes are unambiguous."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:1024].find(b"%PDF-") != -1:
        return PDF
    if data.startswith(IMAGE_MAGIC):
        return IMAGE
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return DOCX
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or head.startswith(b"{\\rtf"):
        return DOC   # OLE compound file (Word 97-2003, WPS) or RTF: LibreOffice converts both
    if head.startswith((b"<!doctype html", b"<html", b"<?xml version")) and b"<html" in data[:4096].lower():
        return HTML
    if head.startswith(b"mime-version:") or (b"content-type: multipart/related" in data[:4096].lower()):
        return MHT
    return None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(path: Path, name: str | None = None, data: bytes | None = None, limits: Limits = LIMITS,
           display: bool = False) -> Document:
    """Read ``path`` (or its bytes, ``data``) into a Document; ``name`` is its path relative to the
    corpus folder. The reader works within ``limits`` (IngestError naming the one reached).
    ``display``: the lines numbered as always, their text left as printed (lines.display_only)."""
    by_suffix = READERS.get(path.suffix.lower())
    data = path.read_bytes() if data is None else data
    if not data.strip():
        raise IngestError("the file is empty", "ingest.empty")
    reader = sniff(data)
    if reader is None or (by_suffix is MHT and reader is HTML) or (by_suffix is PDF and reader in (HTML, MHT)):
        reader = by_suffix  # a web page named .pdf is an error page saved instead of the report
    if reader is None:
        raise IngestError(f"unsupported file type {path.suffix or '(none)'!r}", "ingest.unsupported")
    with display_only() if display else nullcontext():
        lines, notes = reader.read(data, limits)
    lines, cut = cut_long_lines(lines, limits)
    return Document(name=name or path.name, sha256=sha256_of(data), format=reader.format,
                    lines=tuple(lines), notes=(*notes, *cut))


def cut_long_lines(lines: list[Line], limits: Limits = LIMITS) -> tuple[list[Line], list[str]]:
    """Lines longer than ``Limits.line_chars`` (no paragraph is near it) cut there, each with a
    note: the rest of the file is still read, and the work on every line is bounded."""
    cap = limits.line_chars
    out, notes = [], []
    for line in lines:
        if len(line.text) > cap or len(line.raw) > cap:
            notes.append(f"第{line.number}行长达{max(len(line.text), len(line.raw))}字，超过{cap}字上限，"
                         f"只读入前{cap}字")
            from .lines import split_cells
            line = replace(line, raw=line.raw[:cap], text=line.text[:cap], cells=split_cells(line.text[:cap]))
        out.append(line)
    return out, notes
