"""Ingest: turn one report file into a Document, lines normalised for matching but each kept at
its line number in the original, so every extracted value can point back to where it stands.

Only what stops a file from being read at all raises (IngestError); everything else is data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .document import Document, IngestError, Line
from .text import read_text

__all__ = ["Document", "IngestError", "Line", "ingest", "sha256_of"]

READERS = {".txt": read_text, ".md": read_text, ".markdown": read_text, ".text": read_text}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(path: Path, name: str | None = None) -> Document:
    """Read ``path`` into a Document; ``name`` is its path relative to the corpus folder."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise IngestError(f"unsupported file type {path.suffix or '(none)'!r}")
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("the file is empty")
    lines = reader(data)
    return Document(name=name or path.name, sha256=sha256_of(data), format=reader.__module__.rsplit(".", 1)[-1],
                    lines=tuple(lines))
