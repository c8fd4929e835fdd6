"""The pipeline: corpus -> extractions/ -> describe (manifest, places, corrections) -> validate ->
build/ + datapackage.json, switched in place as one release.

Each stage has one module and one entry function; this module only wires them and accounts for
every input file: it ends up in ``reports`` or in ``errors`` with the stage, a code and the reason.
The per-file work runs where a mapper runs it: a pool of processes with a budget per file by
default, or a cluster (``mapper``: docs/maintainers.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..describe import manifest as manifest_file
from ..places import warm
from ..settings import Settings
from ..validate import Finding
from . import extract_stage, tables_stage
from .corpus import listing
from .release import Staging, locked
from .workers import Budget, Failed, Mapper, collector_paused, pool_map, workers_for

__all__ = ["Budget", "Failed", "Mapper", "Result", "build", "build_from_extractions", "extract_corpus",
           "local_map"]


@dataclass
class Result:
    report_ids: list[str] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    extracted: int = 0                  # files read in this run
    reused: int = 0                     # files whose extraction was kept
    skipped: list[str] = field(default_factory=list)    # dot-files of the corpus
    tables_reused: bool = False         # nothing the tables are made from changed: build/ kept as it was
    chunks: tuple[int, int] = (0, 0)    # chunks of the tables made again, of all
    datapackage: Path | None = None


def local_map(settings: Settings) -> Mapper:
    """The default mapper: ``settings.workers`` processes (0: one per core), each file within the budget."""
    def run(fn, tasks: list, meanwhile=None) -> list:
        if tasks:
            warm()              # before the workers are forked: they share it
        return pool_map(fn, tasks, workers_for(settings.workers), settings.budget, meanwhile)
    run.meanwhile = True        # the caller's own work goes on while the workers run (workers.alongside)
    return run


def build(settings: Settings, mapper: Mapper | None = None) -> Result:
    """The whole pipeline on ``settings.corpus`` into ``settings.root``, as one release."""
    mapper = mapper or local_map(settings)
    with locked(settings.root), collector_paused():
        staging = Staging(settings.root)
        try:
            files = listing(settings.corpus)
            extracted = extract_stage.run(settings.root, settings.extractions, files, settings.max_bytes, staging,
                                          mapper, settings.cache)
            result = Result(extracted=len(files.files) - extracted.reused, reused=extracted.reused,
                            skipped=files.skipped)
            _tables(settings, extracted.items, extracted.errors, manifest_file.read(settings.corpus), staging,
                    mapper, result, trusted=True)
            staging.commit()
        except BaseException:
            staging.abandon()
            raise
    return result


def extract_corpus(settings: Settings, mapper: Mapper | None = None) -> Result:
    """Only the extraction files (``nianbao extract``)."""
    with locked(settings.root), collector_paused():
        staging = Staging(settings.root)
        files = listing(settings.corpus)
        extracted = extract_stage.run(settings.root, settings.extractions, files, settings.max_bytes, staging,
                                      mapper or local_map(settings), settings.cache)
        staging.commit()
    return Result(report_ids=[i.source_file for i in extracted.items], errors=extracted.errors,
                  extracted=len(files.files) - extracted.reused, reused=extracted.reused, skipped=files.skipped)


def build_from_extractions(settings: Settings, mapper: Mapper | None = None) -> Result:
    """The tables from a folder of extraction files made by any means (each checked against the schema)."""
    from ..extraction import listing as extraction_files
    items = []
    for path in extraction_files(settings.extractions):
        rel = path.relative_to(settings.extractions).as_posix()
        source = rel[: -len(".json")]
        # the file's hash is worked out where the file is read to be described (describe_stage.describe_task)
        items.append(extract_stage.Item(source, f"extractions/{rel}", str(path), ""))
    result = Result()
    with locked(settings.root), collector_paused():
        staging = Staging(settings.root)
        _tables(settings, items, [], manifest_file.read(settings.corpus), staging, mapper or local_map(settings),
                result, trusted=False)
        staging.commit()
    return result


def _tables(settings: Settings, items, errors, manifest, staging: Staging, mapper: Mapper, result: Result,
            trusted: bool) -> None:
    corpus_rel = Path(os.path.relpath(settings.corpus, settings.root)).as_posix() if settings.corpus else None
    published = tables_stage.run(settings.root, items, errors, manifest, settings.corrections_dir,
                                 staging.dir / "build", staging.dir / "datapackage.json", corpus_rel,
                                 settings.cache, mapper, trusted)
    if not published.reused:
        staging.path("build")
        staging.path("datapackage.json")
        staging.after_commit.append(lambda: tables_stage.remember(settings.cache, published.stamp, settings.root))
    result.report_ids, result.findings, result.errors = published.report_ids, published.findings, published.errors
    result.tables_reused = published.reused
    result.chunks = (published.chunks - published.chunks_reused, published.chunks)
    result.datapackage = settings.datapackage
