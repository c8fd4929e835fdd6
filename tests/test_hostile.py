"""The hostile corpus (issue 20): every class of hostile input builds alone, under a 4 GiB
address-space cap and within 60 s; the build exits 0, every file is in ``reports`` or ``errors``,
no CSV cell begins a formula, nothing outside the corpus is published.

The builds run two at a time (the machine has two cores) in a fixture; each case's assertions are
a test of its own.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from .hostile import CASES, Case
from .hostile.build import build, problems


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, list[str]]:
    base = tmp_path_factory.mktemp("hostile")

    def run(case: Case) -> tuple[str, list[str]]:
        root = base / case.name
        root.mkdir()
        try:
            return case.name, problems(case, root, build(case, root))
        finally:
            shutil.rmtree(root / "corpus", ignore_errors=True)   # the bombs' disk space back at once

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, CASES))


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name)
    for c in CASES])
def test_hostile_input_builds_within_bounds(case, outcomes):
    assert outcomes[case.name] == []
