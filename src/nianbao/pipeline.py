"""The pipeline: corpus -> extractions/ -> corrections -> validate -> build/ + datapackage.json.

Each stage has one entry function; this module only wires them together and accounts for every
input file: it ends up in ``reports`` or in ``errors`` with the stage and the reason.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import corrections, extraction as extraction_io, extraction_schema, ids, package
from .extract import EXTRACTOR_VERSION, NotAReport, extract
from .extraction import Extraction, Field
from .ingest import IngestError, ingest, sha256_of
from .settings import Settings
from .validate import Finding, across_reports, validate

MANIFEST = "manifest.csv"
SKIP = {MANIFEST}


@dataclass
class Result:
    extractions: list[Extraction] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    reused: int = 0
    datapackage: Path | None = None


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


def extract_corpus(settings: Settings) -> Result:
    """Extract every file whose source or extractor changed; reuse the rest from extractions/."""
    result = Result()
    out = settings.extractions
    out.mkdir(parents=True, exist_ok=True)
    cached = _cached(out)
    manifest = read_manifest(settings.corpus)
    pending: list[Extraction] = []
    for path in corpus_files(settings.corpus):
        name = path.relative_to(settings.corpus).as_posix()
        size = path.stat().st_size
        if size > settings.max_bytes:
            result.errors.append({"source_file": name, "sha256": None, "stage": "ingest",
                                  "reason": f"file too large ({size / 2**20:.0f} MiB > "
                                            f"{settings.max_bytes / 2**20:.0f} MiB); not read"})
            continue
        try:
            data = path.read_bytes()
        except OSError as e:
            result.errors.append({"source_file": name, "sha256": None, "stage": "ingest", "reason": str(e)})
            continue
        sha = sha256_of(data)
        hit = cached.get((name, sha))
        if hit is not None:
            pending.append(hit)
            result.reused += 1
            continue
        try:
            ex = extract(ingest(path, name))
        except IngestError as e:
            result.errors.append({"source_file": name, "sha256": sha, "stage": "ingest", "reason": str(e)})
            continue
        except NotAReport as e:
            result.errors.append({"source_file": name, "sha256": sha, "stage": "extract", "reason": str(e)})
            continue
        except Exception as e:  # a bug on one file must not stop the others
            result.errors.append({"source_file": name, "sha256": sha, "stage": "extract",
                                  "reason": f"{type(e).__name__}: {e}"})
            continue
        for key, value in manifest.get(name, {}).items():
            if key in extraction_io.METADATA_FIELDS:
                ex.metadata[key] = Field(int(value) if key == "year" else value, None, "manifest")
        pending.append(ex)
    bases = [ids.place_year(e) for e in pending]
    for ex, rid in zip(pending, ids.assign(bases)):
        ex.report_id = rid
        extraction_io.write(ex, out)
    keep = {f"{e.report_id}.json" for e in pending}
    for stale in out.glob("*.json"):
        if stale.name not in keep:
            stale.unlink()
    result.extractions = pending
    return result


def _cached(folder: Path) -> dict[tuple[str, str], Extraction]:
    """Extractions on disk made by this extractor version, by (source file, sha256)."""
    out = {}
    for path in folder.glob("*.json"):
        try:
            ex = extraction_io.read(path)
        except Exception:
            continue  # unreadable: re-extract
        if ex.extractor_version == EXTRACTOR_VERSION:
            out[ex.source_file, ex.sha256] = ex
    return out


def validate_all(extractions: list[Extraction], settings: Settings, result: Result) -> None:
    """Corrections on top of each extraction, then the checks."""
    for ex in extractions:
        try:
            corrections.apply(ex, corrections.load(settings.corrections_dir, ex.report_id))
        except corrections.CorrectionError as e:
            result.errors.append({"source_file": ex.source_file, "sha256": ex.sha256, "stage": "validate",
                                  "reason": str(e)})
        result.findings[ex.report_id] = validate(ex)
    for rid, found in across_reports(extractions).items():
        result.findings[rid] += found


def read_extractions(folder: Path, result: Result) -> list[Extraction]:
    """Every extraction file in ``folder`` that fits the schema; the others become errors."""
    out = []
    for path in sorted(folder.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        wrong = extraction_schema.problems(text)
        if wrong:
            reason = "; ".join(f"line {line}: {why}" for line, why in wrong[:5])
            result.errors.append({"source_file": f"extractions/{path.name}", "sha256": None,
                                  "stage": "validate", "reason": f"extraction file does not fit the schema: {reason}"})
            continue
        out.append(extraction_io.Extraction.from_dict(json.loads(text)))
    return out


def publish(settings: Settings, result: Result) -> Result:
    """Extraction files -> corrections -> findings -> tables. Reads only ``settings.extractions``,
    so extractions made by other means build into the same package."""
    result.extractions = read_extractions(settings.extractions, result)
    validate_all(result.extractions, settings, result)
    rows = package.table_rows(result.extractions, result.findings, result.errors)
    corpus_rel = Path(os.path.relpath(settings.corpus, settings.root)).as_posix() if settings.corpus else None
    result.datapackage = package.write(settings.root, rows, corpus_rel)
    return result


def build(settings: Settings) -> Result:
    """The whole pipeline on ``settings.corpus``; returns what it did."""
    return publish(settings, extract_corpus(settings))
