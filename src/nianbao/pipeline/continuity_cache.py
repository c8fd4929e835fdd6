"""The findings across years, kept per pair of reports compared: ``.cache/continuity/``.

A pair's findings depend on its two reports only (their rows, and their cells that cross the year
boundary), so on the chunks that hold them (keys.chunk: their reports, extraction files,
descriptions, corrections and the tables' code): a pair is kept with the chunk of its later
report, under the key of its earlier report's chunk, and compared again only when either chunk
changes. A national add-one compares 35,000 pairs and publishes as many findings; reading the
cells of every report and making every finding again took 1.2–1.8 s of it. One file per chunk, so
that an add-one rewrites a file or two, not 20 MB. Losing the folder only costs time.

``<chunk key>.json``: {"<earlier report id> <later report id>": ["<earlier chunk's key>",
[finding, …]]}, for the pairs whose later report is in that chunk; a finding as its fields' values.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path

from ..extraction import json_bytes, parse_json
from ..validate import Finding
from ..validate.continuity import Cells, by_report, compare

FOLDER = "continuity"
FIELDS = tuple(f.name for f in fields(Finding))


def findings(compared: list[tuple[Mapping, Mapping]], chunk_of: Mapping[str, str], cache: Path,
             cells_of: Callable[[list[str]], Cells]) -> dict[str, list[Finding]]:
    """``continuity.across_years`` of the ``compared`` pairs, reusing the kept pairs whose chunks
    (``chunk_of``: report id -> its chunk's key) are unchanged; ``cells_of(report ids)`` reads the
    cells of the reports of the pairs compared again."""
    folder = cache / FOLDER
    by_chunk: dict[str, list[int]] = defaultdict(list)       # chunk of the later report -> its pairs
    for k, (_, this) in enumerate(compared):
        by_chunk[chunk_of[this["report_id"]]].append(k)
    found: list[list[Finding] | None] = [None] * len(compared)
    changed = []
    for key, members in by_chunk.items():
        known = _read(folder / f"{key}.json")
        for k in members:
            prev, this = compared[k]
            found[k] = _kept(known.get(f"{prev['report_id']} {this['report_id']}"), chunk_of[prev["report_id"]])
        if len(known) != len(members) or any(found[k] is None for k in members):
            changed.append(key)
    todo = [k for k, f in enumerate(found) if f is None]
    if todo:
        cells = cells_of(sorted({r["report_id"] for k in todo for r in compared[k]}))
        for k in todo:
            found[k] = compare(*compared[k], cells)
    folder.mkdir(parents=True, exist_ok=True)
    for key in changed:
        kept = {f"{compared[k][0]['report_id']} {compared[k][1]['report_id']}":
                [chunk_of[compared[k][0]["report_id"]], [[getattr(f, n) for n in FIELDS] for f in found[k]]]
                for k in by_chunk[key]}
        tmp = folder / f"{key}.tmp"
        tmp.write_bytes(json_bytes(kept))
        tmp.replace(folder / f"{key}.json")
    for name in os.listdir(folder):                 # the files of chunks no longer made
        if name.partition(".")[0] not in by_chunk:
            (folder / name).unlink(missing_ok=True)
    return by_report(found)


def _read(path: Path) -> dict:
    try:
        known = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _kept(entry, prev_chunk: str) -> list[Finding] | None:
    """A kept pair's findings, if kept under the earlier chunk's key (and as ``findings`` writes it)."""
    if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == prev_chunk and isinstance(entry[1], list)):
        return None
    try:
        return [Finding(*row) for row in entry[1]]
    except TypeError:
        return None
