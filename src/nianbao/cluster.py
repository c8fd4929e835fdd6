"""The per-file work on a Dask cluster: ``nianbao build --scheduler ADDRESS``.

Ingest, OCR and extraction of one file is a pure function of its bytes (``extract_stage.extract_task``),
so it can run anywhere. This module's mapper (``pipeline.Mapper``) sends each file's bytes to the
cluster's workers, which need only the same nianbao installed, not the corpus: no shared storage.
The tables stage (corrections, checks, Parquet) reads the extraction files here and stays local;
the cache of unchanged files is this machine's, so a file is sent only when it changed.

Output is byte-identical to a local build: the same function runs on the same bytes, the outcomes
come back in the order of the tasks, and a worker whose extractor differs from this machine's
(other code or OCR models: ``keys.extractor()``) is refused before any task runs.

``local`` starts a LocalCluster on this machine (a process per core, one thread each).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from . import keys, pipeline
from .pipeline.extract_stage import extract_task
from .settings import Settings

WINDOW = 4   # tasks in flight per worker thread: files are read only shortly before they are sent


class ClusterError(Exception):
    """The cluster cannot run this build (unreachable, no workers, another extractor)."""


@contextlib.contextmanager
def connect(address: str, settings: Settings) -> Iterator[pipeline.Mapper]:
    """A mapper that runs extraction on the Dask scheduler at ``address`` (``local``: a
    LocalCluster here), and everything else as the local build does."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("Dask is not installed: pip install 'nianbao[cluster]'")
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(LocalCluster(n_workers=settings.workers or os.cpu_count() or 1,
                                                       threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            address = cluster.scheduler_address
        try:
            client = stack.enter_context(Client(address, timeout="15s"))
        except OSError as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}")
        _check_workers(client)
        yield mapper(client, settings)


def mapper(client, settings: Settings) -> pipeline.Mapper:
    local = pipeline.local_map(settings)

    def run(fn: Callable, tasks: list) -> list:
        if fn is not extract_task:
            return local(fn, tasks)
        return _in_order(client, [_Shipped(*t) for t in tasks])
    return run


class _Shipped:
    """An extraction task whose file travels with it: its bytes are read when it is sent."""

    def __init__(self, path: str, name: str, max_bytes: int, version: str):
        self.path, self.name, self.max_bytes, self.version = path, name, max_bytes, version

    @property
    def too_large(self) -> bool:   # refused unread, here as in a local build
        return Path(self.path).stat().st_size > self.max_bytes

    def payload(self) -> tuple:
        return (self.name, Path(self.path).read_bytes(), self.max_bytes, self.version)


def extract_shipped(args: tuple):
    """On a worker: the file written to a private folder under its own name (the reader goes by
    its suffix), then extracted exactly as a local build does."""
    name, data, max_bytes, version = args
    with tempfile.TemporaryDirectory(prefix="nianbao-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return extract_task((str(path), name, max_bytes, version))


def _in_order(client, tasks: list[_Shipped]) -> list:
    """Outcomes in task order, with a bounded number of files in flight."""
    from dask.distributed import as_completed

    window = WINDOW * max(1, sum(client.nthreads().values()))
    out: list = [None] * len(tasks)
    todo = iter(enumerate(tasks))
    index: dict = {}

    def submit() -> bool:
        for k, task in todo:
            if task.too_large:
                out[k] = extract_task((task.path, task.name, task.max_bytes, task.version))
                continue
            future = client.submit(extract_shipped, task.payload(), pure=False)
            index[future.key] = k
            running.add(future)
            return True
        return False

    running = as_completed()
    for _ in range(window):
        if not submit():
            break
    for future in running:
        out[index.pop(future.key)] = future.result()
        future.release()
        submit()
    return out


def _check_workers(client) -> None:
    if not client.nthreads():
        client.wait_for_workers(1, timeout=60)
    theirs = client.run(keys.extractor)
    here = keys.extractor()
    other = {w: v for w, v in theirs.items() if v != here}
    if other:
        raise ClusterError("workers run another extractor than this machine (" + "; ".join(
            f"{w}: {v}" for w, v in sorted(other.items())) + f"; here: {here}): "
            "install the same nianbao and OCR models on every worker")
