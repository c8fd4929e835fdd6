"""The extraction stage: every corpus file whose source or extractor changed is read again; the
others keep their extraction file, known from an index without being parsed.

The index (``.cache/extractions.json``) records, per extraction file, the source it was made from,
the extractor's version, and the hash, size and modification time of the text this program wrote:
a file still so is reused as it is; an edited or foreign file is parsed and checked against the
schema, and reused when it fits and was made from the same source by this extractor. Losing the
index only costs time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import keys
from ..extraction import Extraction, dumps, json_bytes, name_for, parse_json, present, renamed
from ..extraction.schema import problems_of
from ..ingest import IngestError, ingest, sha256_of
from .corpus import Listing, error
from .release import Staging
from .workers import Failed, Mapper

FOLDER = "extractions"
BATCH = 2_000          # files given to the mapper at a time


@dataclass(frozen=True)
class Made:
    """What the build keeps of an extraction a worker made (the index's fields, named as the
    extraction's): the rest is in its file's text."""
    source_file: str
    sha256: str
    extractor_version: str


@dataclass
class Item:
    """One report file's extraction: where its file is (staged or current) and the hash of its text;
    ``extraction`` when it was made or parsed in this run."""
    source_file: str
    rel: str                           # path of the extraction file relative to the release root
    path: str                          # where the file is now (a string: a national build holds 40,000)
    text_sha: str                      # "": not known yet (nianbao tables: hashed where the file is read)
    extraction: Extraction | None = None
    made: Made | None = None           # what a worker made of the file, when it was staged in this run


@dataclass
class Extracted:
    items: list[Item] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    reused: int = 0


def extract_file(path: Path, name: str, max_bytes: int, version: str) -> Extraction | dict:
    """One file -> its Extraction, or an errors row saying which stage stopped it and why."""
    NotAReport, extract = _extractor()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return error(name, "ingest", "ingest.too_large",
                         f"file too large ({size / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB); not read")
        data = path.read_bytes()
    except OSError as e:
        return error(name, "ingest", "ingest.unreadable", f"the file cannot be read: {e.strerror or e}")
    sha = sha256_of(data)
    try:
        doc = ingest(path, name, data)
    except IngestError as e:
        return error(name, "ingest", getattr(e, "code", "ingest.unreadable"), str(e), sha)
    except MemoryError:     # over the worker's budget: said as such by the worker
        raise
    except Exception as e:  # a reader's bug on one file must not stop the others
        return error(name, "ingest", "ingest.failed", f"{type(e).__name__}: {str(e)[:300]}", sha)
    try:
        return extract(doc, version)
    except NotAReport as e:
        return error(name, "extract", "extract.not_a_report", str(e), sha)
    except MemoryError:
        raise
    except Exception as e:
        return error(name, "extract", "extract.failed", f"{type(e).__name__}: {str(e)[:300]}", sha)


def _extractor():
    """The extractor, imported where a file is to be read: a build that reads none (a rebuild with
    nothing new, ``nianbao tables``) does not spend 0.05 s importing it."""
    from ..extract import NotAReport, extract
    return NotAReport, extract


def extract_task(args: tuple[str, str, int, str]) -> tuple[Made | dict, str | None]:
    """One unit of work, picklable both ways: (path, name in the corpus, max bytes, version) ->
    (what was made, or an errors row; the extraction file's text)."""
    path, name, max_bytes, version = args
    outcome = extract_file(Path(path), name, max_bytes, version)
    if not isinstance(outcome, Extraction):
        return outcome, None
    return Made(outcome.source_file, outcome.sha256, outcome.extractor_version), dumps(outcome)


class Index:
    """``.cache/extractions.json``: what this program wrote to extractions/ (see the module doc)."""

    def __init__(self, path: Path):
        self.path = path
        try:
            data = parse_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, dict] = {k: v for k, v in data.items() if isinstance(v, dict)}

    def known(self, rel: str, path: Path | str) -> dict | None:
        """The entry of an extraction file still as this program wrote it."""
        e = self.entries.get(rel)
        try:
            st = os.stat(path)
        except OSError:
            return None
        if e and e.get("size") == st.st_size and e.get("mtime") == st.st_mtime_ns:
            return e
        return None

    def add(self, rel: str, path: Path | str, ex: Extraction | Made, text_sha: str, source: str | None = None) -> None:
        st = os.stat(path)
        entry = {"source_file": ex.source_file, "sha256": ex.sha256, "version": ex.extractor_version,
                 "text": text_sha, "size": st.st_size, "mtime": st.st_mtime_ns}
        if source is not None:
            src = os.stat(source)
            entry.update(source_size=src.st_size, source_mtime=src.st_mtime_ns)
        self.entries[rel] = entry

    def source_sha(self, rel: str, source: str, max_bytes: int) -> str | None:
        """The source file's hash: from the index while the file's size and time are as recorded
        (reading a national corpus again on every build would cost minutes), else read."""
        try:
            st = os.stat(source)
        except OSError:
            return None
        e = self.entries.get(rel, {})
        if e.get("source_size") == st.st_size and e.get("source_mtime") == st.st_mtime_ns and e.get("sha256"):
            return e["sha256"]
        if st.st_size > max_bytes:
            return None
        try:
            with open(source, "rb") as f:
                return sha256_of(f.read())
        except OSError:
            return None

    def save(self, keep: set[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in sorted(self.entries.items()) if k in keep}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(json_bytes(kept))
        tmp.replace(self.path)


def run(root: Path, folder: Path, files: Listing, max_bytes: int, staging: Staging, mapper: Mapper,
        cache: Path) -> Extracted:
    """Extract every file of ``files`` that changed; stage new extraction files; list the stale ones."""
    out = Extracted(errors=list(files.errors))
    index = Index(cache / "extractions.json")
    version = keys.extractor()
    todo: list[tuple[str, str, int, str]] = []
    sources: dict[str, str] = {}                        # name -> source file, of those read in this run
    copies: dict[str, str] = {}          # name -> the file of ``todo`` that has the same bytes and suffix
    first: dict[tuple[str, str], str] = {}              # (source hash, suffix) -> the file read for it
    base = str(folder)
    for path, name in files.files:
        rel = name_for(name)
        current = f"{base}/{rel}"
        sha = index.source_sha(rel, path, max_bytes)
        hit = _reusable(index, rel, current, sha, version, path)
        if hit is not None:
            out.items.append(Item(name, f"{FOLDER}/{rel}", current, *hit))
            out.reused += 1
            continue
        sources[name] = path
        same = (sha, os.path.splitext(path)[1].lower())
        if sha is not None and same in first:
            copies[name] = first[same]
        else:
            if sha is not None:
                first[same] = name
            todo.append((path, name, max_bytes, version))
    if todo:
        _extractor()        # before the workers are forked: they share it
    originals = set(copies.values())
    kept = {}                                           # outcomes of the originals of copies
    for start in range(0, len(todo), BATCH):            # a batch's texts in memory at a time, not a corpus's
        batch = todo[start:start + BATCH]
        fresh = list(mapper(extract_task, batch))
        if len(fresh) != len(batch):
            raise RuntimeError(f"the mapper returned {len(fresh)} outcomes for {len(batch)} files")
        for (_, name, _, _), outcome in zip(batch, fresh):
            if name in originals:
                kept[name] = outcome
            _take(name, outcome, folder, staging, index, sources[name], out)
    for name, original in copies.items():
        _take(name, _as_copy(kept[original], name), folder, staging, index, sources[name], out)
    keep = {i.rel[len(FOLDER) + 1:] for i in out.items}
    for rel in sorted(present(folder) - keep):
        staging.delete(f"{FOLDER}/{rel}")
    out.items.sort(key=lambda i: i.source_file)
    staging.after_commit.append(lambda: _reindex(index, folder, out.items, keep, sources))
    return out


def _take(name: str, outcome, folder: Path, staging: Staging, index: Index, source: str, out: Extracted) -> None:
    """One file's outcome: an errors row, or its extraction file staged (unless it is unchanged)."""
    if isinstance(outcome, Failed):
        out.errors.append(error(name, "extract", outcome.code, outcome.reason))
        return
    made, text = outcome
    if isinstance(made, dict):
        out.errors.append(made)
        return
    rel = name_for(name)
    current = folder / rel
    sha = keys.sha256(text)
    if _text_of(current) != text:
        target = staging.path(f"{FOLDER}/{rel}")
        target.write_text(text, encoding="utf-8")
        out.items.append(Item(name, f"{FOLDER}/{rel}", str(target), sha, None, made))
    else:
        index.add(rel, current, made, sha, source)
        out.items.append(Item(name, f"{FOLDER}/{rel}", str(current), sha))


def _as_copy(outcome, name: str):
    """What reading ``name`` gives when its bytes are those of a file already read in this run (the
    same report posted on two pages, or copied): the outcome under its own name, without reading it
    again. An extraction depends on the bytes and the suffix only, never on the file's name."""
    if isinstance(outcome, Failed):
        return outcome
    made, text = outcome
    if isinstance(made, dict):
        return {**made, "source_file": name}, None
    return replace(made, source_file=name), renamed(text, made.source_file, name)


def _reusable(index: Index, rel: str, current: str, sha: str | None, version: str,
              source: str) -> tuple[str, Extraction | None] | None:
    """(text hash, parsed extraction or None) of a current extraction file made from this source by
    this extractor, or None when it must be made again."""
    if sha is None:
        return None
    entry = index.known(rel, current)
    if entry is not None:
        return (entry["text"], None) if entry["sha256"] == sha and entry["version"] == version else None
    text = _text_of(current)
    if text is None:
        return None
    try:
        data = parse_json(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("sha256") != sha or data.get("extractor_version") != version \
            or problems_of(data, text):
        return None
    ex = Extraction.from_dict(data)
    text_sha = keys.sha256(text)
    index.add(rel, current, ex, text_sha, source)      # checked once is enough
    return text_sha, ex


def _reindex(index: Index, folder: Path, items: list[Item], keep: set[str], sources: dict[str, str]) -> None:
    """After the commit, the files now in place, as this program wrote them."""
    base = str(folder)
    for item in items:
        if not item.made or item.source_file not in sources:
            continue
        rel = item.rel[len(FOLDER) + 1:]
        path = f"{base}/{rel}"
        if os.path.exists(path):
            index.add(rel, path, item.made, item.text_sha, sources[item.source_file])
            item.path = path
    index.save(keep)


def _text_of(path: Path | str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None
