"""The accuracy benchmark on the sample reports in every input format (issue 4).

Each format's copy of the five samples is built into a package and scored by `nianbao eval`'s
scorer against tests/truth: cell precision (an invented value counts as wrong), recall of printed
cells and metadata accuracy. The scores are printed at the end of the test run.
"""

from __future__ import annotations

import json
import shutil

import pytest

from nianbao import pipeline
from nianbao.evaluate import evaluate
from nianbao.settings import Settings

from . import render
from .conftest import CORPUS, REPORTS, SCORES, TRUTH

# format -> the rendered file of a sample (None: the original text)
FORMATS = {"text": None, "docx": "{stem}.docx", "html": "{stem}.html", "html, tables as '|' text": "{stem}.flat.html",
           "html, GBK": "{stem}.gbk.html", "pdf": "pdf/{stem}.pdf", "pdf, tables without rules": "pdf/{stem}.norules.pdf"}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_accuracy_per_format(rendered, tmp_path, fmt):
    if fmt.startswith("pdf") and not render.soffice():
        pytest.skip("LibreOffice is needed to render PDFs: apt-get install libreoffice-writer-nogui")
    corpus, truth = tmp_path / "corpus", tmp_path / "truth"
    corpus.mkdir()
    truth.mkdir()
    for stem in REPORTS:
        source = CORPUS / f"{stem}.txt" if FORMATS[fmt] is None else rendered / FORMATS[fmt].format(stem=stem)
        shutil.copy(source, corpus / source.name)
        t = json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8"))
        t["report"] = source.name
        (truth / f"{stem}.json").write_text(json.dumps(t, ensure_ascii=False), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "out"))
    score = evaluate(truth, tmp_path / "out")
    SCORES.append(f"{fmt:28} {score.summary()}")
    assert score.reports == len(REPORTS)
    assert score.precision == 1.0, score.mismatches[:10]
    assert score.recall == 1.0, score.mismatches[:10]
    assert score.metadata == 1.0, score.mismatches[:10]
