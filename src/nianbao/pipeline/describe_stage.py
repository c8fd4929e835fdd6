"""The tables stage's first step: each extraction file, its manifest row and the gazetteer -> its
description (the overlays: describe/), of which the build keeps the place and year, all that
report ids need. A description is reused while its inputs are the same (keys.described): the file's
text, its manifest row and notes, and the code that describes; ``.cache/described.json`` keeps the
key and the place and year of each file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import keys
from ..describe import Description, describe
from ..describe.manifest import Manifest
from ..extraction import Extraction, head, json_bytes, parse_head, parse_json
from ..extraction.schema import problems_of
from .corpus import error
from .extract_stage import Item
from .workers import Failed, Mapper, acyclic, batched

DESCRIBE_BATCH = 64    # extraction files described per task: one message to a worker, not one per file


@dataclass
class Described:
    """A report's description as the build holds it: its place and year (all that ids need), and the
    description itself when it was made in this run. A cached one is made again, from the extraction
    file and the manifest's row, only where it is needed (a chunk made again, a township-year compared):
    0.4 ms a report, less than keeping a national corpus's descriptions and reading them on every build."""

    place_year: str
    row: dict
    notes: list[str]
    data: dict | None = None           # Description.to_dict(), when made in this run

    def of(self, ex: Extraction) -> Description:
        return Description.from_dict(self.data) if self.data else describe(ex, self.row, self.notes)


def describe_task(args: tuple[str, dict, list[str], bool, str | None]) -> dict | Failed:
    """(extraction file, manifest row, manifest notes, check the schema, cached key) -> the
    description as data, or the reason a file that does not fit the schema cannot be used. Where
    the caller does not know the file's hash (``cached`` is then its cached description's key, or
    ""), it is worked out here, where the file is read anyway, and given back as ``text_sha``; a
    file whose key is the cached one is not described again (``cached``: True)."""
    path, row, notes, check, cached = args
    raw = Path(path).read_bytes()
    out = {}
    if cached is not None:
        out["text_sha"] = keys.sha256(raw)
        if cached and keys.described(out["text_sha"], row, notes) == cached:
            return {**out, "cached": True}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:     # a file of other origin may not be text: as text not JSON is
        return {"error": f"not UTF-8 text: {e}"}
    if "\r" in text:       # as read_text reads it (universal newlines): the schema's messages give lines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if check:
        try:
            data = parse_json(text)
        except ValueError as e:
            return {"error": f"not JSON: {e}"}
        wrong = problems_of(data, text)
        if wrong:
            return {"error": "; ".join(f"line {line}: {why}" for line, why in wrong[:5])}
    else:           # a file this program wrote: its head is all a description reads
        data = parse_head(text)
    return {**out, "description": describe(head(data), row, notes).to_dict()}


@acyclic
def describe_batch(batch: list[tuple[str, dict, list[str], bool, str | None]]) -> list[dict]:
    return [describe_task(args) for args in batch]


def run(items: list[Item], manifest: Manifest, cache: Path, mapper: Mapper, trusted: bool,
        errors: list[dict]) -> list[tuple[Item, Described, str]]:
    """Each item's description (its place_year from the cache where its inputs are unchanged; see
    ``Described``), with its key; a file that cannot be described is an ``errors`` row. The cache:
    source file -> [key, place_year]."""
    path = cache / "described.json"
    try:
        known = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    out, todo = [], []
    for item in items:
        row, notes = manifest.row(item.source_file), manifest.notes.get(item.source_file, [])
        hit = known.get(item.source_file)
        hit = hit if isinstance(hit, list) and len(hit) == 2 else None
        check = not trusted and item.extraction is None
        if not item.text_sha:           # the file's hash, and so its key, is worked out where it is read
            todo.append((item, (item.path, row, notes, check, hit[0] if hit else "")))
            continue
        key = keys.described(item.text_sha, row, notes)
        if hit and hit[0] == key:
            out.append((item, Described(hit[1], row, notes), key))
        else:
            todo.append((item, (item.path, row, notes, check, None)))
    if len(todo) > DESCRIBE_BATCH:
        keys.describe_code()    # before the workers fork, to share it
    # pypinyin (0.26 s, 57 MB) is not loaded here: only a place the gazetteer does not know needs it
    # (describe/ids.py), and a worker that meets one loads it, in parallel with the others
    outcomes = batched(mapper, describe_task, describe_batch, [t for _, t in todo], DESCRIBE_BATCH)
    fresh = {}
    for (item, (_, row, notes, _, _)), outcome in zip(todo, outcomes):
        if isinstance(outcome, Failed):     # a step that raised, a worker over its budget or killed
            errors.append(error(item.rel, "tables", outcome.code, f"it could not be described: {outcome.reason}"))
            continue
        if "error" in outcome:
            errors.append(error(item.rel, "validate", "validate.schema",
                                f"extraction file does not fit the schema: {outcome['error']}"))
            continue
        if "text_sha" in outcome:
            item = replace(item, text_sha=outcome["text_sha"])
        key = keys.described(item.text_sha, row, notes)
        if outcome.get("cached"):
            out.append((item, Described(known[item.source_file][1], row, notes), key))
            continue
        data = outcome["description"]
        fresh[item.source_file] = [key, data["place_year"]]
        out.append((item, Described(data["place_year"], row, notes, data), key))
    if fresh or len(known) != len(out):
        kept = {i.source_file: known[i.source_file] for i, _, _ in out if i.source_file in known}
        kept.update(fresh)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(json_bytes(dict(sorted(kept.items()))))
        tmp.replace(path)
    return out
