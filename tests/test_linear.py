"""Every step of reading a report stays linear on adversarial lines (issue 20, item 5).

A pattern that backtracks (the e-mail pattern on 100 KB of digits took 9 s, on 300 KB 71 s) turns
a small file into a stuck build. Each step runs on a report with adversarial text of 0.25 MB and
of 1 MB put in five places (first, after the title, in tables 二 and 三, at the end); four times the
text may take about four times as long, and the test allows twelve (a quadratic step takes
sixteen, and it is stopped long before). Each run is a forked child killed at its time limit, so
a step that backtracks fails quickly instead of hanging the suite. The child counts its own CPU
time, with the suite's objects frozen out of its garbage collector: another process on a busy CI
machine, or one full collection over everything the suite has built so far, is not the step's
growth (CI once saw 0.09 s and 1.07 s for a step that takes 0.1 s and 0.45 s here). Inputs that were once
super-linear: digits, latin letters and 'www.' runs (the e-mail pattern), runs of spaces after 电话
and 邮编, a title of Han characters with no year, a township's name repeated.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from functools import lru_cache

import pytest

from nianbao.extract import extract
from nianbao.extract.metadata import metadata
from nianbao.extract.proactive import read_proactive
from nianbao.extract.prose import facts
from nianbao.extract.sections import find_sections
from nianbao.extract.tables import applications, split_runs
from nianbao.extract.tokens import runs, tokenize
from nianbao.ingest import Document
from nianbao.ingest.lines import build, paragraph
from nianbao.normalise import normalise

from .hostile import BASE, LICENSING, REGULATIONS

SMALL, LARGE = 2**18, 2**20     # characters of adversarial text
GROWTH = 12                     # allowed time ratio for 4x the text (linear: ~4, quadratic: ~16)
FLOOR = 0.5                     # seconds: a step this fast on 1 MB is fine whatever its ratio
SMALL_LIMIT = 5.0               # seconds for 0.25 MB: more is not linear in any useful sense

LABEL = "一、本年新收政府信息公开申请数量"
INPUTS = {   # name -> (what a line starts with, the unit repeated, one line or a line per unit)
    "digits": ("", "1", "line"),
    "digits_spaced": ("", "1 ", "line"),
    "cells": ("", "0\t", "line"),
    "label_line": ("", LABEL, "line"),
    "label_rows": ("", LABEL + "\t0\t0\t0\t0\t0\t0\t0", "lines"),
    "towns": ("", "丰城市张巷镇", "line"),
    "town_lines": ("", "张巷镇人民政府", "lines"),
    "bookmark": ("", "[bookmark:", "line"),
    "punctuation": ("", "，。、（(【[-—|", "line"),
    "brackets": ("", "(<a ", "line"),
    "latin": ("", "ab.cd-", "line"),
    "www": ("", "www.", "line"),
    "prose": ("", "本年度共收到政府信息公开申请，未发生行政复议、行政诉讼，", "line"),
    "phone_spaces": ("联系电话：010", " ", "line"),
    "postcode_spaces": ("邮编", " ", "line"),
    "title_han": ("政府信息公开工作年度报告", "镇", "line"),
    "spaces": ("", " ", "line"),
    "ideographic_spaces": ("", "\u3000", "line"),
    "tabs": ("", "\t", "line"),
}
PLACES = ("", "二、主动公开政府信息情况", REGULATIONS, LICENSING, "　　六、其他需要报告的事项")  # "": the first line


@lru_cache(maxsize=None)
def adversarial(name: str, size: int) -> str:
    """BASE with ``size`` characters of the input in five places."""
    start, unit, shape = INPUTS[name]
    count = size // len(PLACES) // len(unit)
    part = start + unit * count if shape == "line" else "\n".join([start + unit] * count)
    text = BASE
    for place in PLACES:
        if not place:
            text = f"{part}\n{text}"
        elif place.startswith("\t"):
            text = text.replace(place, f"{place}\n{part}\n", 1)
        else:
            text = text.replace(place, f"{part}\n{place}", 1)
    return text


@lru_cache(maxsize=None)
def document(name: str, size: int) -> Document:
    """The report as read (lines not cut at ``Limits.line_chars``: each step must be linear alone)."""
    lines = build([paragraph(raw) for raw in adversarial(name, size).split("\n")])
    return Document("adversarial.txt", "0" * 64, "text", tuple(lines))


def _three(lines):
    app, _ = split_runs(lines)
    return applications(app, "2021")


STEPS = {   # step -> (what it is given: raw text or Document, the call)
    "normalise": ("raw", lambda raw: [normalise(line) for line in raw.split("\n")]),
    "lines": ("raw", lambda raw: build([paragraph(line) for line in raw.split("\n")])),
    "metadata": ("doc", lambda doc: metadata(list(doc.lines))),
    "sections": ("doc", lambda doc: find_sections(doc.lines)),
    "prose": ("doc", lambda doc: facts(list(doc.lines))),
    "tokens": ("doc", lambda doc: runs(tokenize(list(doc.lines)))),
    "table_two": ("doc", lambda doc: read_proactive(list(doc.lines), "2021")),
    "table_three": ("doc", lambda doc: _three(list(doc.lines))),
    "extract": ("doc", lambda doc: extract(doc)),
}
def _child(call, arg, conn) -> None:
    gc.freeze()   # the suite's heap, inherited by the fork, is not the step's to collect
    start = time.process_time()
    call(arg)
    conn.send(time.process_time() - start)


def seconds(step: str, name: str, size: int, limit: float) -> float | None:
    """The step's CPU time on ``size`` characters of ``name``, in a forked child (the input is
    made here, before the fork); None when it was still running after ``limit`` seconds of wall
    time."""
    given, call = STEPS[step]
    arg = adversarial(name, size) if given == "raw" else document(name, size)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(call, arg, send))
    child.start()
    try:
        return receive.recv() if receive.poll(limit + 1) else None
    finally:
        child.kill()
        child.join()


def cases():
    for step in STEPS:
        for name in INPUTS:
            yield pytest.param(step, name, id=f"{step}-{name}")


@pytest.mark.parametrize("step,name", list(cases()))
def test_step_is_linear(step, name):
    for _ in range(2):  # a busy machine can slow one run down: a step fails only when both runs do
        small = seconds(step, name, SMALL, SMALL_LIMIT)
        assert small is not None, f"{step} on 0.25 MB of {name}: over {SMALL_LIMIT} s"
        large = seconds(step, name, LARGE, 2 * max(GROWTH * small, FLOOR))  # wall: a busy machine
        if large is not None and (large < FLOOR or large < GROWTH * small):
            return
    pytest.fail(f"{step} on {name}: {small:.2f} s on 0.25 MB, "
                + (f"{large:.2f} s" if large is not None else f"over {GROWTH} times that") + " on 1 MB")
