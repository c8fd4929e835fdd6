"""The pipeline: corpus -> extractions/ -> corrections -> validate -> build/ + datapackage.json.

Each stage has one entry function; this module only wires them together and accounts for every
input file: it ends up in ``reports`` or in ``errors`` with the stage and the reason.

Extraction is a pure function of a file, cached by the file's hash and the extractor's version, and
run in a process pool. On a cluster, pass ``build`` a ``mapper`` that runs the same tasks there
(Dask, Ray: see docs/maintainers.md); everything after extraction stays on one machine.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, corrections, extraction as extraction_io, extraction_schema, ids, package
from .extract import EXTRACTOR_VERSION, NotAReport, extract
from .extraction import Extraction, Field, Observation
from .ingest import IngestError, ingest, sha256_of
from .places import RESOLVED, resolve
from .settings import Settings
from .validate import Finding, across_reports, validate

MANIFEST = "manifest.csv"
SKIP = {MANIFEST}
POOL_FROM = 32  # below this many files to extract, a process pool costs more than it saves
PUBLISH_CHUNK = 200  # extraction files per task of the tables stage
# Runs a task function (extract_task, publish_task) over a list of tasks and returns the outcomes
# in the same order, like map().
Mapper = Callable[[Callable, list], Iterable]


@dataclass
class Result:
    extractions: list[Extraction] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    reused: int = 0
    datapackage: Path | None = None
    report_ids: list[str] = field(default_factory=list)   # every report (extractions holds those read)
    tables_reused: bool = False     # nothing the tables are made from changed: build/ kept as it was


def corpus_files(corpus: Path) -> list[Path]:
    """Every report file under ``corpus``, in a stable order (hidden files and the manifest skipped)."""
    return sorted(p for p in corpus.rglob("*")
                  if p.is_file() and p.name not in SKIP and not any(part.startswith(".")
                                                                    for part in p.relative_to(corpus).parts))


def read_manifest(corpus: Path) -> dict[str, dict]:
    """corpus/manifest.csv (optional): per file, values that override what the text says."""
    path = corpus / MANIFEST
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {row["file"]: {k: v for k, v in row.items() if k != "file" and v} for row in csv.DictReader(f)}


def extract_file(path: Path, name: str, max_bytes: int, manifest: dict | None = None) -> Extraction | dict:
    """One file -> its Extraction (manifest values applied, place resolved), or an error row saying
    which stage stopped it and why."""
    def error(stage: str, reason: str, sha: str | None = None) -> dict:
        return {"source_file": name, "sha256": sha, "stage": stage, "reason": reason}

    size = path.stat().st_size
    if size > max_bytes:
        return error("ingest", f"file too large ({size / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB); not read")
    try:
        doc = ingest(path, name)
    except IngestError as e:
        return error("ingest", str(e), sha256_of(path.read_bytes()))
    except Exception as e:  # a reader's bug on one file must not stop the others
        return error("ingest", f"{type(e).__name__}: {e}", sha256_of(path.read_bytes()))
    try:
        ex = extract(doc)
        for key, value in (manifest or {}).items():
            if key in extraction_io.METADATA_FIELDS:
                ex.metadata[key] = Field(int(value) if key == "year" else value, None, "manifest")
        locate(ex, doc, manifest or {})
        return ex
    except NotAReport as e:
        return error("extract", str(e), doc.sha256)
    except Exception as e:
        return error("extract", f"{type(e).__name__}: {e}", doc.sha256)


def locate(ex: Extraction, doc, manifest: dict) -> None:
    """Province to township and the official code, from the gazetteer; an unresolved place stays
    null (printed township and county are kept) and is noted for a finding."""
    r = resolve(ex.meta("township"), ex.meta("county"), [line.text for line in doc.lines],
                ex.meta("phone"), ex.meta("website"), manifest)
    for key, value in r.fields().items():
        if value is not None:
            ex.metadata[key] = Field(value, None, r.method or "gazetteer")
    if r.status != RESOLVED:
        names = "、".join(f"{full}({code})" for code, full in r.candidates[:12])
        more = f" 等{len(r.candidates)}处" if len(r.candidates) > 12 else ""
        ex.observations.append(Observation(f"place.{r.status}", detail=(names + more) or "无"))
    for note in r.notes:
        ex.observations.append(Observation("place.note", detail=note))


def extract_task(args: tuple[str, str, int, dict]) -> Extraction | dict:
    """One unit of work, picklable both ways: (path, name in the corpus, max bytes, manifest row)."""
    path, name, max_bytes, manifest = args
    return extract_file(Path(path), name, max_bytes, manifest)


def local_map(settings: Settings, chunks: bool = False) -> Mapper:
    """The default mapper: a process per core (``settings.workers``), or this process for few files.
    ``chunks``: each task is already a chunk of files (pool from two tasks, one task at a time)."""
    def run(fn: Callable, tasks: list) -> list:
        workers = min(settings.workers or os.cpu_count() or 1, len(tasks))
        if workers > 1 and len(tasks) >= (2 if chunks else POOL_FROM):
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(fn, tasks, chunksize=1 if chunks else 16))
        return [fn(t) for t in tasks]
    return run


def extract_corpus(settings: Settings, mapper: Mapper | None = None) -> Result:
    """Extract every file whose source or extractor changed; reuse the rest from extractions/.
    ``mapper`` runs the extraction tasks (default ``local_map``); the paths must be readable where
    it runs them."""
    result = Result()
    out = settings.extractions
    out.mkdir(parents=True, exist_ok=True)
    written = _WrittenIndex(settings.root / ".cache" / "extractions.json")
    cached = _cached(out, written)
    manifest = read_manifest(settings.corpus)
    todo: list[tuple[str, str, int, dict]] = []
    done: dict[str, Extraction | dict] = {}
    for path in corpus_files(settings.corpus):
        name = path.relative_to(settings.corpus).as_posix()
        hit = cached.get(name)
        if hit is not None and path.stat().st_size <= settings.max_bytes and hit.sha256 == sha256_of(path.read_bytes()):
            done[name] = hit
            result.reused += 1
        else:
            todo.append((str(path), name, settings.max_bytes, manifest.get(name, {})))
    fresh = list((mapper or local_map(settings))(extract_task, todo)) if todo else []
    if len(fresh) != len(todo):
        raise RuntimeError(f"the mapper returned {len(fresh)} outcomes for {len(todo)} files")
    for (_, name, _, _), outcome in zip(todo, fresh):
        done[name] = outcome
    pending = []
    for name in sorted(done):  # a stable order, so ids are stable
        if isinstance(done[name], dict):
            result.errors.append(done[name])
        else:
            pending.append(done[name])
    rids = ids.assign([e.place_year if isinstance(e, Reused) else ids.place_year(e) for e in pending])
    # A reused file whose id changes (a copy of its township-year came or went) is read before any
    # file is written: its new name may be another's old one.
    pending = [e.load() if isinstance(e, Reused) and e.report_id != rid else e for e, rid in zip(pending, rids)]
    for ex, rid in zip(pending, rids):
        if ex.report_id != rid or not (out / f"{rid}.json").exists():  # reused files are already there
            ex.report_id = rid
            written.add(extraction_io.write(ex, out), ex)
    keep = {f"{e.report_id}.json" for e in pending}
    for stale in out.glob("*.json"):
        if stale.name not in keep:
            stale.unlink()
    written.save(keep)
    result.extractions = [e for e in pending if isinstance(e, Extraction)]   # made or read in this run
    result.report_ids = sorted(e.report_id for e in pending)
    return result


@dataclass
class Reused:
    """An extraction file kept from an earlier build, known from the index without parsing it."""
    report_id: str
    source_file: str
    sha256: str
    place_year: str
    path: Path

    def load(self) -> Extraction:
        return Extraction.from_dict(json.loads(self.path.read_text(encoding="utf-8")))


class _WrittenIndex:
    """What this program wrote to extractions/: per file, the hash of its text, and what the next
    build needs to know of it without parsing it (source file and hash, township-year, extractor
    version). A file still byte-identical to what was written needs no schema check and no parsing
    when reused; an edited or foreign file is checked. Kept outside the published folders (.cache/ is
    not committed); losing it only costs time."""

    def __init__(self, path: Path):
        self.path = path
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        self.entries: dict[str, dict] = {k: v for k, v in entries.items() if isinstance(v, dict)}

    @property
    def hashes(self) -> dict[str, str]:
        return {k: v["text"] for k, v in self.entries.items() if v.get("text")}

    def trusted(self, path: Path, text: str) -> bool:
        return self.entries.get(path.name, {}).get("text") == sha256_of(text.encode("utf-8"))

    def add(self, path: Path, ex: Extraction, text: str | None = None) -> None:
        data = path.read_bytes() if text is None else text.encode("utf-8")
        self.entries[path.name] = {"text": sha256_of(data), "report_id": ex.report_id,
                                   "source_file": ex.source_file, "sha256": ex.sha256,
                                   "place_year": ids.place_year(ex), "version": ex.extractor_version}

    def reused(self, path: Path, text: str) -> Reused | None:
        """The file as an earlier build of this extractor left it, if it still is."""
        e = self.entries.get(path.name, {})
        if e.get("version") != EXTRACTOR_VERSION or not e.get("place_year") or not self.trusted(path, text):
            return None
        return Reused(e["report_id"], e["source_file"], e["sha256"], e["place_year"], path)

    def save(self, keep: set[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in sorted(self.entries.items()) if k in keep}
        self.path.write_text(json.dumps(kept, indent=0, ensure_ascii=False), encoding="utf-8")


def _cached(folder: Path, written: _WrittenIndex) -> dict[str, Extraction | Reused]:
    """Extractions on disk made by this extractor version, by source file: known from the index
    when the file is as this program wrote it, else parsed and schema-checked; unreadable or
    schema-breaking files are simply re-extracted."""
    out: dict[str, Extraction | Reused] = {}
    for path in folder.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        known = written.reused(path, text)
        if known is not None:
            out[known.source_file] = known
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            continue
        if data.get("extractor_version") != EXTRACTOR_VERSION:
            continue
        if written.trusted(path, text) or not extraction_schema.problems_of(data, text):
            ex = Extraction.from_dict(data)
            written.add(path, ex, text)  # checked once is enough
            out[ex.source_file] = ex
    return out


def read_extractions(paths: list[Path], result: Result, trusted: dict[str, str] | None = None) -> list[Extraction]:
    """The extraction files that fit the schema; the others become errors. ``trusted``: file name ->
    hash of the text this program wrote (a file still so needs no schema check)."""
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
            known = (trusted or {}).get(path.name)
            wrong = [] if known and known == sha256_of(text.encode("utf-8")) else \
                extraction_schema.problems_of(data, text)
        except json.JSONDecodeError as e:
            wrong = [(e.lineno, f"not JSON: {e.msg}")]
        if wrong:
            reason = "; ".join(f"line {line}: {why}" for line, why in wrong[:5])
            result.errors.append({"source_file": f"extractions/{path.name}", "sha256": None,
                                  "stage": "validate", "reason": f"extraction file does not fit the schema: {reason}"})
            continue
        out.append(Extraction.from_dict(data))
    return out


def validate_each(extractions: list[Extraction], corrections_dir: Path, result: Result) -> None:
    """Corrections on top of each extraction, then the checks of one report."""
    for ex in extractions:
        try:
            corrections.apply(ex, corrections.load(corrections_dir, ex.report_id))
        except corrections.CorrectionError as e:
            result.errors.append({"source_file": ex.source_file, "sha256": ex.sha256, "stage": "validate",
                                  "reason": str(e)})
        result.findings[ex.report_id] = validate(ex)


def validate_all(extractions: list[Extraction], settings: Settings, result: Result) -> None:
    """Corrections and checks of each report, then the checks that need several reports."""
    validate_each(extractions, settings.corrections_dir, result)
    for rid, found in across_reports(extractions).items():
        result.findings[rid] += found


def publish_task(args: tuple[list[tuple[str, str | None]], str]) -> tuple[package.Part, list[dict], dict]:
    """One unit of the tables stage, picklable both ways: a chunk of extraction files (path, hash
    this program wrote or None) read, corrected, checked and made into rows, with the errors and
    each report's file (for the checks across reports)."""
    items, corrections_dir = args
    result = Result()
    exs, files = [], {}
    for p, known in items:
        path = Path(p)
        for ex in read_extractions([path], result, {path.name: known} if known else None):
            exs.append(ex)
            files[ex.report_id] = p
    validate_each(exs, Path(corrections_dir), result)
    return package.part(exs, result.findings), result.errors, files


def publish(settings: Settings, result: Result, mapper: Mapper | None = None) -> Result:
    """Extraction files -> corrections -> findings -> tables. The files on disk are read, not
    ``result.extractions``: the tables are what is on disk. Chunks of files are read, checked and made
    into rows where ``mapper`` runs them (a process per core by default); the checks across reports
    (two files for one township-year, rare) and the writing are done here."""
    folder = settings.extractions
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    corpus_rel = Path(os.path.relpath(settings.corpus, settings.root)).as_posix() if settings.corpus else None
    stamp = _Published(settings.root / ".cache" / "published.json")
    key = stamp.key(files, settings.corrections_dir, result.errors, corpus_rel)
    if stamp.unchanged(key, settings.root):   # nothing the tables are made from changed
        result.report_ids, result.tables_reused = stamp.report_ids, True
        result.errors = stamp.errors            # those of the tables stage too (bad corrections)
        result.datapackage = settings.datapackage
        return result
    trusted = _WrittenIndex(settings.root / ".cache" / "extractions.json").hashes
    tasks = [([(str(p), trusted.get(p.name)) for p in files[k:k + PUBLISH_CHUNK]], str(settings.corrections_dir))
             for k in range(0, len(files), PUBLISH_CHUNK)]
    outcomes = list((mapper or local_map(settings, chunks=True))(publish_task, tasks)) if tasks else []
    parts, where = [], {}
    for part, errors, files_of in outcomes:
        parts.append(part)
        result.errors += errors
        result.findings.update(part.findings)
        where.update(files_of)
    more = _across(parts, where, settings)
    for rid, found in more.items():
        result.findings[rid] = result.findings[rid] + found
    result.report_ids = sorted(where)
    tables = package.assemble(parts, more, result.errors)
    result.datapackage = package.write(settings.root, tables, corpus_rel)
    stamp.save(key, settings.root, result.report_ids, result.errors)
    return result


class _Published:
    """What the last tables stage was made from, and what it wrote: a rebuild where neither changed
    keeps build/ as it is. Made from content (files, corrections, the errors of extraction, the code
    and library versions that shape the tables), never from times, so two builds stay identical."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    @property
    def report_ids(self) -> list[str]:
        return list(self.data.get("report_ids", []))

    @property
    def errors(self) -> list[dict]:
        return list(self.data.get("errors", []))

    @staticmethod
    def key(files: list[Path], corrections_dir: Path, errors: list[dict], corpus_rel: str | None) -> str:
        import pyarrow
        digest = hashlib.sha256(f"{_code()}\0{pyarrow.__version__}\0{corpus_rel}\0".encode())
        digest.update(json.dumps(errors, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        for p in files:
            digest.update(f"\0{p.name}\0{sha256_of(p.read_bytes())}".encode())
        if corrections_dir.is_dir():
            for p in sorted(corrections_dir.iterdir()):
                if p.is_file():
                    digest.update(f"\0c:{p.name}\0{sha256_of(p.read_bytes())}".encode())
        return digest.hexdigest()

    @staticmethod
    def outputs(root: Path) -> dict[str, str]:
        paths = [root / "datapackage.json", *sorted((root / "build").rglob("*"))]
        return {p.relative_to(root).as_posix(): sha256_of(p.read_bytes()) for p in paths if p.is_file()}

    def unchanged(self, key: str, root: Path) -> bool:
        return bool(self.data) and self.data.get("key") == key and self.data.get("outputs") == self.outputs(root)

    def save(self, key: str, root: Path, report_ids: list[str], errors: list[dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"key": key, "outputs": self.outputs(root), "report_ids": report_ids,
                                         "errors": errors}, indent=0, ensure_ascii=False), encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _code() -> str:
    """A hash of the package's code apart from the website: what makes the tables from extractions."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*.py")):
        if "site" not in path.relative_to(root).parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _across(parts: list[package.Part], where: dict[str, str], settings: Settings) -> dict[str, list[Finding]]:
    """Findings about several reports: only the files of township-years with more than one report
    are read again (with their corrections) to compare them."""
    groups: dict[str, list[str]] = {}
    for p in parts:
        for r in p.reports:
            groups.setdefault(r["place_year"], []).append(r["report_id"])
    shared = sorted(rid for ids_ in groups.values() if len(ids_) > 1 for rid in ids_)
    if not shared:
        return {}
    exs = [Extraction.from_dict(json.loads(Path(where[rid]).read_text(encoding="utf-8"))) for rid in shared]
    validate_each(exs, settings.corrections_dir, Result())   # read and checked once already: they fit
    return across_reports(exs)


def build(settings: Settings, mapper: Mapper | None = None) -> Result:
    """The whole pipeline on ``settings.corpus``; returns what it did. ``mapper``: see extract_corpus."""
    return publish(settings, extract_corpus(settings, mapper), mapper)


def build_from_extractions(settings: Settings, mapper: Mapper | None = None) -> Result:
    """The tables from a folder of extraction files made by any means."""
    return publish(settings, Result(), mapper)
