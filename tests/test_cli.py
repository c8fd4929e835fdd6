"""The `nianbao` command as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from .conftest import CORPUS, read_csv


def nianbao(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_build_a_folder_into_out(tmp_path):
    corpus = tmp_path / "reports"
    shutil.copytree(CORPUS, corpus)
    (corpus / "empty.txt").write_text("  \n", encoding="utf-8")
    (corpus / "notes.xyz").write_text("not a report", encoding="utf-8")
    done = nianbao("build", str(corpus), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} >= {"build/reports.csv", "build/applications.parquet"}
    errors = {e["source_file"]: e for e in read_csv(tmp_path / "out" / "build" / "errors.csv")}
    assert set(errors) == {"empty.txt", "notes.xyz"}
    assert errors["empty.txt"]["stage"] == "ingest" and "empty" in errors["empty.txt"]["reason"]
    assert len(read_csv(tmp_path / "out" / "build" / "reports.csv")) == 5
    assert "could not ingest empty.txt (ingest.empty): " in done.stderr


def test_every_stage_that_can_stop_a_file_has_its_own_words_on_the_command_line():
    from nianbao.cli import _COULD_NOT
    from nianbao.tables.resources import RESOURCES
    stage = next(f for f in RESOURCES["errors"]["schema"]["fields"] if f["name"] == "stage")
    assert set(_COULD_NOT) == set(stage["constraints"]["enum"])


def test_strict_fails_when_a_file_could_not_be_read(tmp_path):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    shutil.copy(CORPUS / "003_ae53f9282b2209bb.txt", corpus)
    (corpus / "empty.txt").write_bytes(b"")
    assert nianbao("build", str(corpus), "--out", str(tmp_path / "a")).returncode == 0
    assert nianbao("build", str(corpus), "--out", str(tmp_path / "b"), "--strict").returncode == 1


def test_missing_corpus_is_one_clear_line(tmp_path):
    done = nianbao("build", str(tmp_path / "nope"), "--out", str(tmp_path))
    assert done.returncode != 0 and "no such folder" in done.stderr and "Traceback" not in done.stderr


def test_rebuild_reuses_unchanged_extractions(tmp_path):
    corpus = tmp_path / "reports"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    nianbao("build", str(corpus), "--out", str(out))
    again = nianbao("build", str(corpus), "--out", str(out))
    assert "5 reports (0 read, 5 unchanged and reused)" in again.stdout


def test_a_build_imports_the_extractor_only_when_it_reads_a_file(tmp_path):
    """A rebuild with nothing new reads no report, and does not import the extractor (0.05 s of
    every such rebuild); a build that reads files imports it before its workers fork."""
    corpus = tmp_path / "reports"
    shutil.copytree(CORPUS, corpus)
    code = ("import sys; from pathlib import Path; from nianbao import pipeline; from nianbao.settings import Settings; "
            f"r = pipeline.build(Settings(corpus=Path({str(corpus)!r}), root=Path({str(tmp_path / 'out')!r}))); "
            "print(r.extracted, len(r.report_ids), 'nianbao.extract' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in range(2)]
    assert [r.stdout.split() for r in runs] == [["5", "5", "True"], ["0", "5", "False"]], runs[-1].stderr


def test_the_command_keeps_pandas_out_yet_tables_still_become_dataframes():
    """The command's process has pyarrow find no pandas at its first array (0.3 s of every command:
    ``cli._pyarrow_without_pandas``); a table made into a pandas DataFrame there is the same as in any
    other process: the bundled build's applications table, nulls and all."""
    from .conftest import REPO
    read = ("import pyarrow.parquet as pq; "
            f"frame = pq.read_table({str(REPO / 'build' / 'applications.parquet')!r}).to_pandas(); "
            "print(len(frame), int(frame['value'].isna().sum())); print(frame.to_csv())")
    primed = ("import sys; from nianbao.cli import _pyarrow_without_pandas; _pyarrow_without_pandas(); "
              "import pyarrow as pa; pa.array([1]); assert 'pandas' not in sys.modules; ")
    plain, without = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
                      for code in (read, primed + read))
    assert without.returncode == 0, without.stderr
    assert without.stdout == plain.stdout
    rows, nulls = map(int, without.stdout.split("\n")[0].split())
    assert rows > 0 and nulls > 0


def test_the_command_keeps_arrow_from_zeroing_huge_pages_unless_told_to():
    """The console command turns off mimalloc's transparent huge pages before pyarrow loads
    (``cli.prepare_process``); the user's own setting wins. mimalloc says which it read."""
    import os
    for given, read in ((None, "0"), ("1", "1")):
        env = {k: v for k, v in os.environ.items() if k != "MIMALLOC_ALLOW_THP"}
        env.update({"MIMALLOC_VERBOSE": "1", **({"MIMALLOC_ALLOW_THP": given} if given else {})})
        done = subprocess.run([sys.executable, "-m", "nianbao.cli", "--version"], capture_output=True, text=True,
                              env=env)
        assert done.returncode == 0 and done.stdout.startswith("nianbao ")
        assert f"option 'allow_thp': {read}" in done.stderr
