"""Workers: the default mapper, a pool of processes with a budget per task.

Report files come from thousands of portals, and one may make a reader spin or allocate without
end. Each worker process runs under an address-space limit (RLIMIT_AS) and each task under a time
limit: a task over its budget ends as a ``Failed`` outcome, which the caller turns into an
``errors`` row, and a worker that dies (killed, or out of memory inside C code) is replaced, the
task it held reported the same way. The other tasks go on.

A mapper runs a task function over a list of tasks and returns the outcomes in the same order, like
``map``; other mappers (Dask, Ray: see docs/maintainers.md) plug into the same place.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait

from ..settings import Budget

Mapper = Callable[[Callable, list], Iterable]
_END = object()
GRACE = 5.0          # seconds a worker gets past its budget before it is killed from outside
_OWN = False         # this process is one of pool_map's workers (it ends with its map)


@dataclass(frozen=True)
class Failed:
    """A task that did not finish: why, in words, and a stable code."""
    code: str
    reason: str


class _Timeout(BaseException):
    """A task over its time: not an Exception, so that no reader's ``except Exception`` (pdfplumber
    wraps whatever pdfminer raises) turns it into 'damaged file' instead of ``budget.time``."""


def _alarm(signum, frame):
    raise _Timeout()


def _worker(conn, fn: Callable, budget: Budget) -> None:
    global _OWN
    _OWN = True
    gc.enable()                       # paused in the build's process (collector_paused), not here
    if budget.memory:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (budget.memory, budget.memory))
        except (ValueError, OSError):
            pass                      # a lower limit is already set (the caller's): keep it
    signal.signal(signal.SIGALRM, _alarm)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        i, task = message
        signal.setitimer(signal.ITIMER_REAL, budget.seconds)
        try:
            outcome = fn(task)
        except _Timeout:
            outcome = Failed("budget.time", f"took longer than {budget.seconds:.0f} s; stopped")
        except MemoryError:
            outcome = Failed("budget.memory", f"needed more than {budget.memory / 2**30:.1f} GiB of memory; stopped")
        except Exception as e:        # a bug on one file must not stop the others
            outcome = Failed("worker.error", f"{type(e).__name__}: {str(e)[:300]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            conn.send((i, outcome))
        except Exception as e:
            conn.send((i, Failed("worker.error", f"the result could not be passed on: {type(e).__name__}")))


class _Slot:
    def __init__(self, ctx, fn: Callable, budget: Budget):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, fn, budget), daemon=True)
        self.proc.start()
        child.close()
        self.task: int | None = None
        self.started = 0.0

    def give(self, i: int, task) -> None:
        self.task, self.started = i, time.monotonic()
        self.conn.send((i, task))

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def pool_map(fn: Callable, tasks: list, workers: int, budget: Budget = Budget(),
             meanwhile: Iterator | None = None) -> list:
    """``[fn(t) for t in tasks]`` on ``workers`` processes, each task within ``budget``;
    ``meanwhile`` (work of this process's own, a step at a time) is advanced while it would only
    wait for them, once they have been forked."""
    if not tasks:
        return []
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    if not gc.isenabled():      # a build's process (collector_paused): what the workers inherit is
        gc.freeze()             # never scanned by their collections; thawed when the build ends
    results: list = [None] * len(tasks)
    todo = deque(range(len(tasks)))
    slots = [_Slot(ctx, fn, budget) for _ in range(max(1, min(workers, len(tasks))))]
    left = len(tasks)
    try:
        while left:
            for slot in slots:
                if slot.task is None and todo:
                    i = todo.popleft()
                    slot.give(i, tasks[i])
            busy = {s.conn: s for s in slots if s.task is not None}
            ready = wait(list(busy), timeout=0 if meanwhile is not None else 1.0)
            if not ready and meanwhile is not None and next(meanwhile, _END) is _END:
                meanwhile = None
            for conn in ready:
                slot = busy[conn]
                try:
                    i, outcome = conn.recv()
                except (EOFError, OSError):      # the worker died with the task
                    i, outcome = slot.task, Failed("worker.died", _death(slot.proc))
                    slots[slots.index(slot)] = _replace(ctx, fn, budget, slot)
                results[i] = outcome
                left -= 1
                slot.task = None
            now = time.monotonic()
            for k, slot in enumerate(slots):
                if slot.task is not None and now - slot.started > budget.seconds + GRACE:
                    results[slot.task] = Failed("budget.time", f"took longer than {budget.seconds:.0f} s; stopped")
                    left -= 1
                    slots[k] = _replace(ctx, fn, budget, slot)
    finally:
        for slot in slots:
            slot.stop(kill=slot.task is not None)
    return results


def _replace(ctx, fn: Callable, budget: Budget, slot: _Slot) -> _Slot:
    slot.task = None
    slot.stop(kill=True)
    return _Slot(ctx, fn, budget)


def _death(proc) -> str:
    proc.join(timeout=5)
    code = proc.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return f"the reader process was killed ({name}), most likely out of memory; not read"
    return f"the reader process ended unexpectedly (exit {code}); not read"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused in this process while a build runs, as Python's gc docs
    advise for a process that forks workers: a national build holds millions of objects until its
    end and makes no cycles of note, yet each full collection scanned them all (1.6 s of adding
    one report to 40,000). Workers collect as usual (``_worker``); the objects they inherit are
    frozen when they are forked (``pool_map``), so that their collections never touch those pages,
    and thawed when the build ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was:
            gc.enable()


def acyclic(fn: Callable) -> Callable:
    """``fn`` for tasks that make many small objects and no cycles (the tables stage's: a chunk's
    200,000 cells, dictionaries and findings), run with the cycle collector paused: its collections
    scanned them over and over as they were made (1.4-2.1 ms a report in one process, 1.2-1.4 ms
    without). What a task leaves is collected once when it ends; in pool_map's own workers what
    survives that (the process's caches) is frozen too, so that later collections never scan it
    again; not in a process that lives on and runs other work (a cluster's worker), where frozen
    objects that later became garbage in a cycle would never be collected. In a process whose
    collector is already paused (a build's own) ``fn`` runs as it is."""
    @functools.wraps(fn)
    def run(task):
        if not gc.isenabled():
            return fn(task)
        gc.disable()
        try:
            return fn(task)
        finally:
            gc.collect()
            if _OWN:
                gc.freeze()
            gc.enable()
    return run


def alongside(mapper: Mapper, fn: Callable, tasks: list, meanwhile: Iterator) -> list:
    """``mapper(fn, tasks)``, and ``meanwhile`` run to its end: step by step while the tasks run
    where the mapper can do that (it says so: ``mapper.meanwhile``), else after them."""
    out = []
    if tasks:
        if getattr(mapper, "meanwhile", False):
            out = list(mapper(fn, tasks, meanwhile=meanwhile))
        else:
            out = list(mapper(fn, tasks))
    for _ in meanwhile:
        pass
    return out


def batched(mapper: Mapper, one, many, tasks: list, size: int) -> list:
    """``mapper(one, tasks)``, sent to the workers ``size`` tasks at a time (``many`` runs a batch);
    a batch that fails (over its budget, its worker killed) is run again a task at a time, so that
    only the task that failed fails."""
    batches = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    out = []
    for batch, outcome in zip(batches, mapper(many, batches) if batches else []):
        out += list(mapper(one, batch)) if isinstance(outcome, Failed) else outcome
    return out


def workers_for(requested: int) -> int:
    """``requested`` processes, 0 meaning one per core."""
    return requested or os.cpu_count() or 1
