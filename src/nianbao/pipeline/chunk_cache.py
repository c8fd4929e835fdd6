"""The tables stage's cache of chunks: ``.cache/parts/<key>/``, one folder per chunk of reports,
named by the chunk's key (keys.chunk: its reports, their extractions, descriptions and corrections,
and the code that makes tables), so a folder is never stale, only unused.

A folder holds the part's tables one after the other as Arrow streams in one file (opening a file
per table took five times as long as reading them all), the CSV rows of the CHUNKED tables as files
(copied into the published tables as they are, never held in memory), and the rest of the part
pickled with where each table is. Reading maps the file: a national build's parts are a gigabyte.
"""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from ..tables import Part
from ..tables.rows import ACROSS_YEARS, CHUNKED, COMPLETED

FOLDER = "parts"
TABLES = "tables.arrows"
# what reading a chunk's cache raises when it is missing, damaged or of an earlier layout: made again
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, KeyError,
              pa.ArrowException)


def keep(made: Part, folder: Path, key: str) -> Part:
    """Cache a part made now under ``folder/key`` (see the module); the part as cached."""
    tmp = folder / f"{key}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for name, rows in made.csv.items():
        (tmp / f"{name}.csv").write_bytes(rows)
    at = {}
    with pa.OSFile(str(tmp / TABLES), "wb") as sink:
        for name, table in made.tables.items():
            start = sink.tell()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            at[name] = (start, sink.tell() - start)
    rest = replace(made, tables={}, csv={name: f"{name}.csv" for name in made.csv})   # files named beside it
    (tmp / "part.pkl").write_bytes(pickle.dumps((rest, at), protocol=pickle.HIGHEST_PROTOCOL))
    shutil.rmtree(folder / key, ignore_errors=True)
    tmp.replace(folder / key)
    made.csv = {name: folder / key / f"{name}.csv" for name in made.csv}
    return made


def read(folder: Path) -> Part:
    """A part from the cache, its tables mapped (read once, when the tables are written). Raises one
    of UNREADABLE if anything is missing or not as ``keep`` wrote it."""
    cached, at = pickle.loads((folder / "part.pkl").read_bytes())
    cached.csv = {name: folder / file for name, file in cached.csv.items()}
    if not all(path.is_file() for path in cached.csv.values()):
        raise OSError(f"{folder}: a CSV file is missing")
    tables = pa.memory_map(str(folder / TABLES)).read_buffer()
    cached.tables = {name: pa.ipc.open_stream(tables.slice(*at[name])).read_all()
                     for name in (*CHUNKED, *COMPLETED, *ACROSS_YEARS.values())}
    return cached
