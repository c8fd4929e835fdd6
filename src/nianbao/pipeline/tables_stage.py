"""The tables stage: extraction files + the manifest, the gazetteer and corrections -> the published
reports, their findings, and every table.

1. describe each extraction (the manifest's and the gazetteer's overlays; its place and year cached
   per file by its inputs: describe_stage), then give every report its id;
2. in chunks of reports (consecutive ids; a chunk ends after an id whose hash says so, so adding a
   report changes one chunk only, and never inside a township-year, so that the reports of one are
   compared where they are made): apply the corrections, check each report and compare those that
   share a township and year, make the rows — a chunk whose inputs did not change is read from the
   cache (keys.chunk, chunk_cache), while the workers make the others;
3. compare each township's consecutive years (from the chunks' rows; a pair of reports whose chunks
   did not change is read from the cache: continuity_cache), join the chunks and write.

The result is byte-identical whatever was reused.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .. import keys
from ..describe import Report, assign_ids, report as make_report
from ..describe.manifest import Manifest
from ..extraction import loads
from ..release import excel_csv, workbook
from ..tables import (SUMMARY_CELLS, Part, area_tables, areas, assemble, chunked, datapackage, joined, part,
                      totals, writing)
from ..tables.rows import ACROSS_YEARS
from ..catalogue import TABLE_BY_NAME
from ..validate import Finding, across_reports, continuity, county_against_townships, validate
from ..validate.continuity import CONTINUITY_CELLS
from ..validate.county import county_code
from ..places.organ import COUNTY_LEVEL
from . import chunk_cache, continuity_cache, describe_stage
from .corpus import error
from .describe_stage import Described
from .extract_stage import Item
from .workers import Failed, Mapper, acyclic, alongside

CHUNK = 128            # reports per chunk of the tables, on average
# The workbook and the spreadsheet CSVs are made by every build up to this many reports (a county's or
# a prefecture's years); a larger build leaves them to `nianbao release`: at about 10 µs a cell (1,600
# cells a report) they would cost 16 s per 1,000 reports on every rebuild, more than the rest of it.
WORKBOOK_UP_TO = 1_000


@dataclass
class Published:
    report_ids: list[str] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    reused: bool = False               # nothing changed: build/ kept as it was
    chunks_reused: int = 0
    chunks: int = 0
    stamp: str = ""                    # what the tables were made from (keys.published)


@acyclic
def publish_task(args: tuple[list[tuple[str, str, Described]], str | None, str | None, str]) -> Part | str:
    """A chunk of reports (id, extraction file, description) -> corrected, checked, compared with
    those of the same township-year (all in the chunk: ``_chunks``), made into rows. The part is
    cached under ``cache/key`` by the worker where it sees that folder (a process of this machine,
    or a cluster's on a shared file system): then only its key goes back, not a chunk's tables
    through a pipe. Elsewhere the part goes back, and the caller caches it."""
    members, corrections, cache, key = args
    reports = [_report(rid, path, described, corrections) for rid, path, described in members]
    made = part(reports, {r.report_id: validate(r) for r in reports})
    made.across = dict(across_reports(reports))
    if cache is None or not Path(cache).is_dir():
        return made
    chunk_cache.keep(made, Path(cache), key)
    return key


def _report(rid: str, path: str, described: Described, corrections: str | None) -> Report:
    ex = loads(Path(path).read_text(encoding="utf-8"))
    return make_report(rid, ex, described.of(ex), Path(corrections) if corrections else None)


def run(root: Path, items: list[Item], errors: list[dict], manifest: Manifest, corrections: Path,
        out_build: Path, out_descriptor: Path, corpus_rel: str | None, cache: Path, mapper: Mapper,
        trusted: bool = True) -> Published:
    """The whole stage; writes ``out_build`` and ``out_descriptor`` unless nothing changed (then
    ``reused``). ``trusted``: the extraction files were written (or checked) by this program."""
    result = Published(errors=list(errors))
    if manifest.error:
        result.errors.append(error("manifest.csv", "manifest", "manifest.invalid", manifest.error))
    described = describe_stage.run(items, manifest, cache, mapper, trusted, result.errors)
    ids = assign_ids([(i.source_file, d.place_year) for i, d, _ in described])
    by_id = sorted(((ids[i.source_file], i, d, k) for i, d, k in described), key=lambda x: x[0])
    result.report_ids = [rid for rid, *_ in by_id]
    corrected = _corrections(corrections, set(result.report_ids), result)
    chunks = _chunks(by_id)
    chunk_keys = [keys.chunk([(rid, i.text_sha, k, corrected.get(rid)) for rid, i, _, k in c]) for c in chunks]
    result.stamp = keys.published(chunk_keys, result.errors, corpus_rel)
    if _unchanged(cache, result.stamp, root):
        result.reused = True
        return result
    parts = _parts(chunks, chunk_keys, corrections, cache, mapper, result)
    result.report_ids = [rid for p in parts for rid in p.ids]       # but those whose tables failed
    with writing(out_build) as write:
        tables, csv = chunked(parts)
        write(tables, csv)                      # the reports' own tables, while the rest is worked out
        more = {rid: found for p in parts for rid, found in p.across.items()}
        reports, summary = joined(parts, "reports"), joined(parts, "summary")
        seen = areas.by_township(reports)
        chunk_of = {rid: key for c, key in zip(chunks, chunk_keys) for rid, *_ in c}
        _add(more, continuity_cache.findings(continuity.pairs(reports), chunk_of, cache, lambda ids: _cells(
            parts, CONTINUITY_CELLS, ids, ACROSS_YEARS)))
        aggregates = totals(seen, summary, more)
        _add(more, _county(parts, reports, summary, aggregates))
        _add(result.findings, more)
        placed = area_tables(seen, aggregates, more)
        write(placed)                           # while the reports' statuses are set
        rest = assemble(parts, more, result.errors)
        write(rest)
    tables.update({**placed, **rest})
    descriptor = datapackage(corpus_rel, root, out_build)
    if len(result.report_ids) <= WORKBOOK_UP_TO:
        excel_csv.write(out_build, tables)
        workbook.write(out_build, tables, descriptor)
    else:   # a workbook of an earlier, smaller build would no longer hold the tables
        (out_build / workbook.NAME).unlink(missing_ok=True)
        shutil.rmtree(out_build / excel_csv.FOLDER, ignore_errors=True)
    out_descriptor.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


def _add(findings: dict[str, list[Finding]], more: dict[str, list[Finding]]) -> None:
    """Each report's ``more`` findings after those it has (new lists: a part's are never changed)."""
    for rid, found in more.items():
        findings[rid] = findings.get(rid, []) + found


def _corrections(folder: Path, report_ids: set[str], result: Published) -> dict[str, str]:
    """report id -> hash of its corrections file; a file naming no report is an errors row."""
    out = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        rid = path.stem
        if rid not in report_ids:
            result.errors.append(error(f"corrections/{path.name}", "corrections", "corrections.orphan",
                                       f"no report has the id {rid}: the correction is not applied"))
            continue
        out[rid] = keys.sha256(path.read_bytes())
    return out


def _chunks(by_id: list) -> list[list]:
    """Consecutive reports, a chunk ending after an id whose hash ends it (content-defined: adding a
    report changes one chunk, not every chunk after it) or, if that would cut a township-year's
    reports apart, after the last of them (their ids are one base id and its -2, -3: consecutive,
    but nothing here assumes it). A township-year of more than a chunk's reports (a report mirrored
    on many pages) is a chunk of its own, so that a report added beside it does not make it again."""
    first, last, size = {}, {}, Counter(entry[2].place_year for entry in by_id)
    for k, entry in enumerate(by_id):
        first.setdefault(entry[2].place_year, k)
        last[entry[2].place_year] = k
    out, current, reach, due = [], [], 0, False
    for k, entry in enumerate(by_id):
        place_year = entry[2].place_year
        big = size[place_year] > CHUNK
        if big and first[place_year] == k and current and reach < k:
            out.append(current)
            current, due = [], False
        current.append(entry)
        reach = max(reach, last[place_year])
        due = due or big or int(keys.sha256(entry[0])[:8], 16) % CHUNK == 0
        if due and reach == k:
            out.append(current)
            current, due = [], False
    if current:
        out.append(current)
    return out


def _parts(chunks: list[list], chunk_keys: list[str], corrections: Path, cache: Path, mapper: Mapper,
           result: Published) -> list[Part]:
    """Each chunk's part: from the cache (``parts/<key>/``: the part, and its tables' CSV rows as
    files, copied into the tables when they are written, never held in memory), else made; the
    cached ones are read while the workers make the others."""
    folder = cache / chunk_cache.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    present = {p.name for p in folder.iterdir()}
    parts: list[Part | None] = [None] * len(chunks)
    damaged: list[int] = []

    def reading() -> Iterator[None]:
        for k, key in enumerate(chunk_keys):
            if key in present:
                try:
                    parts[k] = chunk_cache.read(folder / key)
                    result.chunks_reused += 1
                except chunk_cache.UNREADABLE:
                    damaged.append(k)                                   # made below
                yield

    def make(which: list[int], meanwhile: Iterator = iter(())) -> None:
        which = sorted(which, key=lambda k: -len(chunks[k]))   # largest first: none is left to run alone
        tasks = [([(rid, item.path, d) for rid, item, d, _ in chunks[k]],
                  str(corrections) if corrections.is_dir() else None, str(folder), chunk_keys[k]) for k in which]
        for k, task, outcome in zip(which, tasks, alongside(mapper, publish_task, tasks, meanwhile)):
            if isinstance(outcome, Failed):     # not cached: the next build tries again, and says so again
                parts[k] = _without_failing(chunks[k], task, outcome, mapper, result)
                continue
            if isinstance(outcome, str):
                try:
                    parts[k] = chunk_cache.read(folder / outcome)
                    continue
                except chunk_cache.UNREADABLE:
                    # a worker that saw a folder of that name, not this one (another machine's): made here
                    outcome = publish_task((*task[:2], None, task[3]))
            parts[k] = chunk_cache.keep(outcome, folder, chunk_keys[k])

    make([k for k, key in enumerate(chunk_keys) if key not in present], reading())
    make(damaged)
    for stale in present - set(chunk_keys):                             # and an earlier layout's files
        path = folder / stale
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    result.chunks = len(chunks)
    for p in parts:
        result.findings.update(p.findings)
    return parts


def _without_failing(chunk: list, task: tuple, failed: Failed, mapper: Mapper, result: Published) -> Part:
    """A chunk whose tables could not be made (``failed``: a file that fits the schema yet breaks a
    step, or a worker over its budget): its reports are tried one at a time, each that fails again is
    an ``errors`` row, and the chunk is made of the others, so that one bad file never stops the rest.
    If the others fail together too, every report of the chunk is an errors row with that reason."""
    members, corrections, _, key = task
    alone = list(mapper(publish_task, [([m], corrections, None, key) for m in members]))
    reasons = {m[0]: o.reason for m, o in zip(members, alone) if isinstance(o, Failed)}
    rest = [m for m in members if m[0] not in reasons]
    made = list(mapper(publish_task, [(rest, corrections, None, key)]))[0] if rest else part([], {})
    if isinstance(made, Failed):
        reasons.update({m[0]: made.reason for m in rest})
        made = part([], {})
    result.stamp = ""       # the tables now hold what their inputs' stamp does not say: never kept as is
    for rid, item, _, _ in chunk:
        if rid in reasons:
            result.errors.append(error(item.rel, "tables", "tables.failed", f"its tables could not be made: "
                                       f"{reasons[rid]} (with the chunk of its reports: {failed.reason})"))
    return made


def _county(parts: list[Part], reports: list[dict], summary: list[dict],
            aggregates: dict[str, pa.Array]) -> dict[str, list[Finding]]:
    """Findings of county reports against their townships' sums (only county reports' cells are read)."""
    reports = [r for r in reports if r["level"] == COUNTY_LEVEL]
    if not reports:
        return {}
    ids = [r["report_id"] for r in reports]
    cells = _cells(parts, {table: ("report_id", ids) for table, _, _ in SUMMARY_CELLS.values()})
    codes = {county_code(r) for r in reports}
    counties = areas.as_rows(aggregates, pc.indices_nonzero(pc.and_(       # codes: None where not fixed
        pc.equal(aggregates["level"], COUNTY_LEVEL), pc.is_in(aggregates["code"], pa.array(list(codes), pa.string())))))
    return county_against_townships(reports, [s for s in summary if s["level"] == COUNTY_LEVEL], counties,
                                    {k: line for k, (_, line) in cells.items()}, SUMMARY_CELLS)


def _cells(parts: list[Part], wanted: dict[str, tuple[str, tuple | list]], reports: list[str] | None = None,
           kept: dict[str, str] | None = None) -> dict:
    """(report id, table, row, column) -> (value, source line) of the cells whose column ``dim``
    holds one of the ``keys``, for each table of ``wanted`` (table -> (dim, keys)); of these
    ``reports`` only, if given; read from the parts' tables of these names where ``kept`` names
    them (table -> the part's table holding those of its cells: ``ACROSS_YEARS``)."""
    cells = {}
    for table, (dim, keys_) in wanted.items():
        names = ("report_id", TABLE_BY_NAME[table].row_dim, TABLE_BY_NAME[table].col_dim, "value", "source_line")
        tables = [p.tables[(kept or {}).get(table, table)] for p in parts]
        if not tables:
            continue
        t = pa.concat_tables(tables)                    # chunks side by side, not copied: one filter
        keep = pc.is_in(t.column(dim), value_set=pa.array(list(keys_)))
        if reports is not None:
            keep = pc.and_(keep, pc.is_in(t.column("report_id"), value_set=pa.array(reports)))
        t = t.filter(keep)
        for rid, row, col, value, line in zip(*(t.column(n).to_pylist() for n in names)):
            cells[rid, table, row, col] = (value, line)
    return cells


def _unchanged(cache: Path, stamp: str, root: Path) -> bool:
    """The tables were made from exactly these inputs and are still as written."""
    try:
        known = json.loads((cache / "published.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return known.get("key") == stamp and known.get("outputs") == outputs(root)


def outputs(root: Path) -> dict[str, str]:
    paths = [root / "datapackage.json", *sorted((root / "build").rglob("*"))]
    return {p.relative_to(root).as_posix(): f"{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths if p.is_file()}


def remember(cache: Path, stamp: str, root: Path) -> None:
    """After the commit: what the tables in place were made from."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "published.json").write_text(json.dumps({"key": stamp, "outputs": outputs(root)}), encoding="utf-8")
