"""The process pool: while the workers run, the caller's own work goes on a step at a time."""

from __future__ import annotations

import time

from nianbao.pipeline.workers import Budget, Failed, alongside, pool_map


def _slow_square(n: int) -> int:
    if n < 0:
        raise ValueError("negative")
    time.sleep(0.3)
    return n * n


def test_the_callers_work_goes_on_while_the_workers_run_and_is_finished_after():
    steps, while_running = [], []

    def own_work():
        for n in range(1000):
            steps.append(n)
            yield

    def mapper(fn, tasks, meanwhile=None):
        out = pool_map(fn, tasks, 2, Budget(seconds=30), meanwhile)
        while_running.append(len(steps))                    # steps taken before the workers were done
        return out
    mapper.meanwhile = True
    out = alongside(mapper, _slow_square, [3, -1, 4], own_work())
    assert out[0] == 9 and out[2] == 16 and isinstance(out[1], Failed) and "negative" in out[1].reason
    assert while_running[0] > 0                             # it went on while the tasks ran
    assert len(steps) == 1000                               # and was finished, whatever they left of it


def test_a_mapper_that_cannot_run_work_alongside_runs_it_after():
    order = []

    def own_work():
        order.append("own")
        yield

    def serial(fn, tasks):
        order.append("tasks")
        return [fn(t) for t in tasks]
    assert alongside(serial, abs, [-2], own_work()) == [2] and order == ["tasks", "own"]
    assert alongside(serial, abs, [], own_work()) == [] and order[-1] == "own"


def _collecting(_) -> tuple[bool, int]:
    import gc
    return gc.isenabled(), gc.get_freeze_count()


def test_the_build_pauses_the_cycle_collector_and_its_workers_collect_without_touching_what_they_inherit():
    import gc
    from nianbao.pipeline.workers import collector_paused
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(10_000)]          # objects alive when the workers are forked
        (enabled, frozen), = pool_map(_collecting, [None], 1)
        assert enabled and frozen >= len(kept)
    assert gc.isenabled() and gc.get_freeze_count() == 0


class _Node:
    def __init__(self):
        self.me = self                               # a cycle: only the collector frees it


def _leaves_a_cycle(box: list) -> bool:
    import weakref
    node = _Node()
    box.append(weakref.ref(node))
    return __import__("gc").isenabled()


def _frozen_after(_):
    """Objects frozen in this worker before, and then after, an acyclic task has run here."""
    import gc
    from nianbao.pipeline.workers import acyclic
    before = gc.get_freeze_count()
    acyclic(len)([])
    return before, gc.get_freeze_count()


def test_an_acyclic_task_runs_with_the_collector_paused_and_what_it_leaves_is_collected_once_after():
    import gc
    from nianbao.pipeline.workers import acyclic, collector_paused
    task = acyclic(_leaves_a_cycle)
    box: list = []
    try:
        assert gc.isenabled()
        assert task(box) is False                    # the collector was paused while it ran
        assert gc.isenabled() and box[0]() is None   # on again, and the task's cycle collected
        assert gc.get_freeze_count() == 0            # nothing frozen in a process that lives on (a cluster's)
    finally:
        gc.unfreeze()
    (before, after), = pool_map(_frozen_after, [None], workers=1)
    assert before == 0 and after > 0                 # in pool_map's workers: what survived a task is frozen
    with collector_paused():                         # a build's own process: run as it is
        assert task(box) is False
        assert not gc.isenabled() and box[1]() is not None and gc.get_freeze_count() == 0
