"""The corpus folder as an archive: files named from their URLs, ``manifest.csv`` and
``harvest_errors.csv``.

A file's name is derived from the URL it was asked for (host folder, path, a short hash of the
whole URL), so the same URL lands on the same name in every run, and the name is safe on any file
system and in a zip (ASCII letters, digits, ``._-``; at most MAX_NAME bytes with its folder).
An archived file is never overwritten with other bytes: a changed document is kept beside it as
``name.v2.ext`` and its manifest row names the file it replaces (``version_of``). The manifest
is only ever added to; rows a maintainer wrote by hand, and columns the harvest does not know,
are kept. Both CSV files are written sorted, so that a run that found nothing new leaves them
byte for byte as they were.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..ingest import DOC, DOCX, HTML, MHT, PDF, sniff

MANIFEST = "manifest.csv"
ERRORS = "harvest_errors.csv"
PAGES = ".pages"      # pages that only link their report: kept, out of the build's sight (hidden)
MAX_NAME = 120
FLUSH_EVERY = 500   # rows added between two writes of the manifest
COLUMNS = ("file", "source_url", "final_url", "retrieved_on", "http_status", "content_type", "last_modified",
           "etag", "sha256", "page_title", "publisher", "published_date", "index_number", "redirects",
           "version_of", "page_url", "link_text", "list_title", "kind", "encoding", "township", "county", "year")
ERROR_COLUMNS = ("url", "stage", "reason", "http_status", "page_url")
FREE_TEXT = {"page_title", "publisher", "published_date", "index_number", "link_text", "list_title", "reason"}
TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "application/pdf": ".pdf",
    "application/msword": ".doc", "application/vnd.ms-word": ".doc", "application/kswps": ".wps",
    "application/wps-office.wps": ".wps", "application/vnd.ms-works": ".wps", "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
KNOWN = {".html", ".htm", ".shtml", ".txt", ".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".mht"}
SNIFFED = {PDF: ".pdf", DOCX: ".docx", DOC: ".doc", HTML: ".html", MHT: ".mht"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_VERSION = re.compile(r"\.v(\d+)$")


def extension(content_type: str, url: str, data: bytes) -> str:
    """From bytes that are plainly a PDF or Word file, else a specific content type, else the
    URL, else what else the bytes show.

    >>> extension("application/octet-stream", "http://x.gov.cn/up/P02021.PDF", b"")
    '.pdf'
    >>> extension("application/pdf", "http://x.gov.cn/down.jsp?id=3", b"")
    '.pdf'
    """
    sniffed = sniff(data)
    if sniffed in (PDF, DOCX, DOC):   # portals serve PDFs as text/html and octet-stream
        return SNIFFED[sniffed]
    by_type = TYPES.get(content_type.split(";")[0].strip().lower())
    if by_type:
        return by_type
    suffix = os.path.splitext(unquote(urlsplit(url).path))[1].lower()
    if suffix in KNOWN:
        return suffix
    return SNIFFED.get(sniffed, ".bin")


def name_for(url: str, ext: str, folder: str = "") -> str:
    """The file's path in the corpus for ``url`` (bounded, safe, stable).

    >>> name_for("http://www.fjnh.gov.cn/xxgk/2021/t20210120_1.html?id=3", ".html")
    'www.fjnh.gov.cn/xxgk_2021_t20210120_1-4f483391.html'
    """
    parts = urlsplit(url)
    host = _safe(parts.hostname or "host")[:60] + (f"_{parts.port}" if parts.port else "")
    path = unquote(parts.path)
    stem, suffix = os.path.splitext(path)
    stem = _safe((stem if suffix.lower() in KNOWN else path).strip("/").replace("/", "_")) or "index"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    prefix = f"{folder}/{host}/" if folder else f"{host}/"
    room = MAX_NAME - len(prefix) - len(digest) - len(ext) - len(".v99") - 1
    return f"{prefix}{stem[:room].rstrip('._-') or 'index'}-{digest}{ext}"


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("._-")


def versioned(name: str, n: int) -> str:
    """'a/b-1234.pdf' -> 'a/b-1234.v2.pdf'."""
    stem, ext = os.path.splitext(name)
    return f"{_VERSION.sub('', stem)}.v{n}{ext}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cell(column: str, value) -> str:
    """A CSV cell that no spreadsheet takes for a formula."""
    text = "" if value is None else str(value)
    if column in FREE_TEXT and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class Archive:
    """The corpus folder during a run. Thread-safe; ``close`` writes the two CSV files."""

    def __init__(self, corpus: Path):
        self.corpus = corpus
        corpus.mkdir(parents=True, exist_ok=True)
        self.rows, extra = _read(corpus / MANIFEST)
        self.columns = list(COLUMNS) + [c for c in extra if c not in COLUMNS]
        self.errors: list[dict] = []
        self.added = 0
        self._lock = threading.Lock()
        replaced = {r.get("version_of") for r in self.rows if r.get("version_of")}
        self.current = {r["source_url"]: r for r in self.rows  # the latest version of each URL
                        if r.get("source_url") and r.get("file") not in replaced}

    def validators(self, url: str) -> dict[str, str]:
        """Conditional-request headers for ``url`` when its archived file is still there."""
        row = self.current.get(url)
        if not row or not (self.corpus / row["file"]).is_file():
            return {}
        headers = {}
        if row.get("etag"):
            headers["If-None-Match"] = row["etag"]
        if row.get("last_modified"):
            headers["If-Modified-Since"] = row["last_modified"]
        return headers

    def archived(self, url: str) -> bytes:
        return (self.corpus / self.current[url]["file"]).read_bytes()

    def keep(self, url: str, data: bytes, ext: str, row: dict, hidden: bool = False) -> str:
        """Archive ``data`` fetched from ``url`` with its manifest ``row``; returns 'new',
        'version' (kept beside the earlier file) or 'unchanged' (same bytes as archived)."""
        digest = sha256(data)
        with self._lock:
            previous = self.current.get(url)
            if previous and previous.get("sha256") == digest:
                if not (self.corpus / previous["file"]).is_file():   # deleted by hand: put it back
                    _write_atomic(self.corpus / previous["file"], data)
                return "unchanged"
            name = name_for(url, ext, PAGES if hidden else "")
            outcome, n = "new", 1
            while (self.corpus / name).exists():
                if sha256((self.corpus / name).read_bytes()) == digest:   # written before the manifest was
                    outcome = "adopted"
                    break
                n += 1
                name = versioned(name, n)
            if previous and previous["file"] != name:
                row["version_of"] = previous["file"]
                outcome = "version"
            if outcome != "adopted":
                _write_atomic(self.corpus / name, data)
            row.update(file=name, source_url=url, sha256=digest)
            self.rows.append(row)
            self.current[url] = row
            self.added += 1
            if self.added % FLUSH_EVERY == 0:  # a run stopped midway loses little
                self._write_manifest()
            return "version" if outcome == "version" else "new"

    def error(self, url: str, stage: str, reason: str, status: int | None = None, page_url: str = "") -> None:
        with self._lock:
            self.errors.append({"url": url, "stage": stage, "reason": reason, "http_status": status or "",
                                "page_url": page_url})

    def close(self) -> None:
        """Write the manifest (when rows were added) and this run's errors."""
        with self._lock:
            if self.added:
                self._write_manifest()
            errors = sorted(self.errors, key=lambda e: (e["url"], e["stage"], e["reason"]))
            _write_csv(self.corpus / ERRORS, list(ERROR_COLUMNS), errors)


    def _write_manifest(self) -> None:
        _write_csv(self.corpus / MANIFEST, self.columns, sorted(self.rows, key=lambda r: r.get("file", "")))


def _read(path: Path) -> tuple[list[dict], list[str]]:
    if not path.exists():
        return [], []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return [dict(r) for r in reader], list(reader.fieldnames or [])


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(c, row.get(c)) for c in columns])
    os.replace(tmp, path)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
