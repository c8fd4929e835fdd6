"""Extraction files (issue 8): schema-checked, stable, corrected by reviewable data."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from frictionless import validate as frictionless_validate

from nianbao import pipeline
from nianbao.extraction.schema import problems
from nianbao.settings import Settings

from .conftest import CORPUS, files, read_csv

SOURCE = "001_0c686d7f689649a3.txt"   # 石门乡: 行政处罚 上一年项目数量 0 on line 23
FILE = SOURCE + ".json"               # its extraction file, named after it


def build(tmp_path, corrections=None):
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        corpus.mkdir(parents=True)
        shutil.copy(CORPUS / SOURCE, corpus)
    if corrections is not None:
        folder = tmp_path / "corrections"
        folder.mkdir(exist_ok=True)
        (folder / "shimenxiang-nanzhaoxian-2020.yaml").write_text(
            yaml.safe_dump(corrections, allow_unicode=True), encoding="utf-8")
    return pipeline.build(Settings(corpus=corpus, root=tmp_path))


def proactive_cell(tmp_path, category, measure):
    rows = read_csv(tmp_path / "build" / "proactive.csv")
    return next(r for r in rows if r["category"] == category and r["measure"] == measure)


def test_committed_extractions_fit_the_schema():
    from pathlib import Path
    for path in (Path(__file__).resolve().parents[1] / "extractions").glob("*.json"):
        assert problems(path.read_text(encoding="utf-8")) == [], path.name


def test_one_readable_file_per_report_rewritten_byte_identical(tmp_path):
    build(tmp_path)
    path = tmp_path / "extractions" / FILE
    first = path.read_bytes()
    text = first.decode("utf-8")
    assert '"organ": {"value": "南召县石门乡人民政府", "line": 1, "source": "title"}' in text
    # one cell per line, so a changed number is a one-line diff
    assert '{"row": "administrative_penalty", "col": "items_prev_year", "value": 0, ' \
           '"status": "printed", "line": 23, "printed": "0"}' in text
    path.unlink()
    build(tmp_path)
    assert path.read_bytes() == first


def test_broken_extraction_file_is_reported_by_line_and_reason():
    text = json.dumps({"source_file": "x.txt"}, indent=1)
    assert problems(text)[0][0] == 1
    good = (CORPUS.parent / "extractions" / FILE).read_text(encoding="utf-8")
    lines = good.split("\n")
    k = next(i for i, l in enumerate(lines) if '"row": "granted", "col": "total"' in l)
    lines[k] = lines[k].replace('"status": "printed"', '"status": "guessed"')
    wrong = problems("\n".join(lines))
    assert wrong and wrong[0][0] == k + 1 and "guessed" in wrong[0][1]
    assert problems("{ not json")[0][1].startswith("not JSON")


def test_a_value_that_its_status_does_not_allow_is_reported_on_its_line():
    """The schema ties a value to its status (a printed cell holds a number, a blank or missing one
    none, an ocr one either): the fast validator must apply the schema's if/then/else too."""
    good = (CORPUS.parent / "extractions" / FILE).read_text(encoding="utf-8")
    lines = good.split("\n")
    k = next(i for i, l in enumerate(lines) if '"col": "items_prev_year", "value": 0, "status": "printed"' in l)
    cases = [('"value": null, "status": "printed"', True), ('"value": 0, "status": "blank"', True),
             ('"value": null, "status": "blank"', False), ('"value": null, "status": "ocr"', False),
             ('"value": 0, "status": "ocr"', False), ('"value": 0, "status": "inferred"', False)]
    for new, wrong in cases:
        changed = list(lines)
        changed[k] = changed[k].replace('"value": 0, "status": "printed"', new)
        found = problems("\n".join(changed))
        assert bool(found) is wrong, (new, found)
        if wrong:
            assert found[0][0] == k + 1 and "value" in found[0][1], found


def test_tables_build_from_extraction_files_alone(tmp_path):
    build(tmp_path / "a")
    result = pipeline.build_from_extractions(Settings(corpus=None, root=tmp_path / "b",
                                                      extractions_dir=tmp_path / "a" / "extractions"))
    assert not result.errors
    assert (tmp_path / "a" / "build" / "applications.csv").read_bytes() == \
           (tmp_path / "b" / "build" / "applications.csv").read_bytes()


def test_tables_from_extraction_files_describe_again_only_a_file_that_changed(tmp_path, monkeypatch):
    """nianbao tables hashes each file where it is read: a file whose hash is the cached one is not
    described again, and a file edited by hand is (its new year is what the tables publish)."""
    from nianbao.pipeline import describe_stage
    build(tmp_path / "a")
    folder = tmp_path / "by-hand"
    shutil.copytree(tmp_path / "a" / "extractions", folder)
    settings = Settings(corpus=None, root=tmp_path / "b", extractions_dir=folder)
    described, describe = [], describe_stage.describe
    monkeypatch.setattr(describe_stage, "describe", lambda ex, *a: described.append(ex.source_file) or describe(ex, *a))
    in_process = lambda fn, tasks, meanwhile=None: [fn(t) for t in tasks]      # noqa: E731 (to count calls)
    pipeline.build_from_extractions(settings, in_process)
    assert described == [SOURCE]
    described.clear()
    pipeline.build_from_extractions(settings, in_process)
    assert described == []
    text = (folder / FILE).read_text(encoding="utf-8")
    assert '"year": {"value": 2020, "line": 1' in text
    (folder / FILE).write_text(text.replace('"year": {"value": 2020, "line": 1', '"year": {"value": 2021, "line": 1'),
                               encoding="utf-8")
    pipeline.build_from_extractions(settings, in_process)
    assert described == [SOURCE]
    assert [r["year"] for r in read_csv(tmp_path / "b" / "build" / "reports.csv")] == ["2021"]


def test_invalid_extraction_file_becomes_an_error_row(tmp_path):
    build(tmp_path)
    (tmp_path / "extractions" / "made-by-hand.txt.json").write_text('{"source_file": 1}', encoding="utf-8")
    result = pipeline.build_from_extractions(Settings(corpus=None, root=tmp_path))
    assert [(e["source_file"], e["code"]) for e in result.errors] == [("extractions/made-by-hand.txt.json",
                                                                        "validate.schema")]
    assert len(result.report_ids) == 1


def test_an_extraction_file_that_is_not_utf8_is_a_schema_error_row_not_a_failed_worker(tmp_path):
    build(tmp_path)
    (tmp_path / "extractions" / "latin.txt.json").write_bytes(b'\xff\xfe{"source_file": "latin.txt"}')
    result = pipeline.build_from_extractions(Settings(corpus=None, root=tmp_path))
    assert [(e["source_file"], e["stage"], e["code"]) for e in result.errors] == \
           [("extractions/latin.txt.json", "validate", "validate.schema")]
    assert "not UTF-8" in result.errors[0]["reason"] and len(result.report_ids) == 1


HOSTILE = {   # what a file made by other means may hold that the tables cannot: each fails the schema
    "a value of 30 digits": ('"value": 0, "status": "printed", "line": 14,', '"value": 10' + "0" * 29 + ', "status": "printed", "line": 14,'),
    "a line beyond 2**31": ('"status": "printed", "line": 14,', '"status": "printed", "line": 10' + "0" * 20 + ','),
    "an observation no rule knows": ('"observations": [', '"observations": [\n  {"rule": "no.such_rule"},'),
    "an observation with a field of its own": ('"observations": [', '"observations": [\n  {"rule": "source.unreadable", "by": 1},'),
    "a phone number as a number": ('"metadata": {', '"metadata": {\n  "phone": {"value": 123, "line": 1, "source": "text"},'),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_file_whose_numbers_or_fields_the_tables_cannot_hold_is_an_error_row_and_the_rest_are_published(tmp_path, case):
    build(tmp_path)
    shutil.copy(CORPUS.parent / "extractions" / "000_8fd5f38ae061f3c2.txt.json", tmp_path / "extractions")
    old, new = HOSTILE[case]
    text = (tmp_path / "extractions" / FILE).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "extractions" / FILE).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = pipeline.build_from_extractions(Settings(corpus=None, root=tmp_path))
    assert [(e["source_file"], e["code"]) for e in result.errors] == [(f"extractions/{FILE}", "validate.schema")]
    assert result.report_ids == ["caofangzhen-ninghuaxian-2020"]


def test_a_report_whose_tables_cannot_be_made_is_an_error_row_and_its_chunk_is_published_without_it(
        tmp_path, monkeypatch):
    """Whatever the schema does not foresee: a step that fails on one report (here validation, made
    to) fails its chunk in the worker; the chunk's reports are tried one at a time, the one that
    fails is an errors row and the others are published. The next build tries it again."""
    from nianbao.pipeline import tables_stage
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (SOURCE, "000_8fd5f38ae061f3c2.txt"):
        shutil.copy(CORPUS / name, corpus)
    validate = tables_stage.validate

    def failing(report):
        if report.report_id.startswith("shimenxiang"):
            raise ValueError("a step failed")
        return validate(report)
    monkeypatch.setattr(tables_stage, "validate", failing)      # the workers are forked: they see it
    for _ in range(2):
        result = pipeline.build(Settings(corpus=corpus, root=tmp_path))
        assert [(e["source_file"], e["code"]) for e in result.errors] == [(f"extractions/{FILE}", "tables.failed")]
        assert "ValueError: a step failed" in result.errors[0]["reason"]
        assert result.report_ids == ["caofangzhen-ninghuaxian-2020"] and not result.tables_reused
        assert [r["report_id"] for r in read_csv(tmp_path / "build" / "reports.csv")] == result.report_ids
        assert [r["code"] for r in read_csv(tmp_path / "build" / "errors.csv")] == ["tables.failed"]
    report = frictionless_validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_file_that_cannot_be_described_is_an_error_row_that_says_so_not_a_schema_error(tmp_path, monkeypatch):
    """A file that fits the schema yet breaks the describe step (here made to, in the forked
    workers) is an errors row with the worker's code and reason, not "does not fit the schema"; the
    other report is published, and the next build tries it again."""
    from nianbao.pipeline import describe_stage
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (SOURCE, "000_8fd5f38ae061f3c2.txt"):
        shutil.copy(CORPUS / name, corpus)
    describe = describe_stage.describe

    def failing(ex, row, notes):
        if ex.source_file == SOURCE:
            raise ValueError("a step failed")
        return describe(ex, row, notes)
    monkeypatch.setattr(describe_stage, "describe", failing)
    for _ in range(2):
        result = pipeline.build(Settings(corpus=corpus, root=tmp_path))
        assert [(e["source_file"], e["stage"], e["code"]) for e in result.errors] == \
               [(f"extractions/{FILE}", "tables", "worker.error")]
        assert "could not be described: ValueError: a step failed" in result.errors[0]["reason"]
        assert result.report_ids == ["caofangzhen-ninghuaxian-2020"]
        assert [r["code"] for r in read_csv(tmp_path / "build" / "errors.csv")] == ["worker.error"]
    report = frictionless_validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


CORRECTION = {"table": "proactive", "row": "administrative_penalty", "column": "items_prev_year", "value": 2,
              "printed": "0", "reason": "扫描原件该格为2，OCR误读为0", "source_line": 23, "by": "审核员", "on": "2026-11-22"}


def test_correction_is_applied_with_its_reason_and_the_printed_value_kept(tmp_path):
    result = build(tmp_path, {"corrections": [CORRECTION]})
    cell = proactive_cell(tmp_path, "administrative_penalty", "items_prev_year")
    assert (cell["value"], cell["status"], cell["printed"], cell["note"]) == \
           ("2", "corrected", "0", "扫描原件该格为2，OCR误读为0")
    found = [f for f in read_csv(tmp_path / "build" / "findings.csv") if f["rule"] == "correction.applied"]
    assert [(f["row"], f["expected"], f["actual"]) for f in found] == [("administrative_penalty", "0", "2")]
    # the extraction file on disk stays the machine's reading: re-extraction never loses a correction
    on_disk = json.loads((tmp_path / "extractions" / FILE).read_text())
    cell = next(c for c in on_disk["cells"]["proactive"] if (c["row"], c["col"]) == ("administrative_penalty",
                                                                                          "items_prev_year"))
    assert (cell["value"], cell["status"]) == (0, "printed") and "corrections" not in on_disk
    assert [CORRECTION["reason"] in f.message for f in result.findings["shimenxiang-nanzhaoxian-2020"]
            if f.rule == "correction.applied"] == [True]


def test_correction_survives_re_extraction(tmp_path):
    build(tmp_path, {"corrections": [CORRECTION]})
    shutil.rmtree(tmp_path / "extractions")
    build(tmp_path)
    assert proactive_cell(tmp_path, "administrative_penalty", "items_prev_year")["status"] == "corrected"


def test_stale_corrections_are_reported_not_applied(tmp_path):
    same = dict(CORRECTION, value=0, printed=None)
    moved = dict(CORRECTION, row="administrative_coercion", printed="5")
    build(tmp_path, {"sha256": None, "corrections": [same, moved]})
    stale = [f for f in read_csv(tmp_path / "build" / "findings.csv") if f["rule"] == "correction.stale"]
    assert len(stale) == 2
    assert proactive_cell(tmp_path, "administrative_coercion", "items_prev_year")["status"] == "printed"


def test_correction_written_against_another_source_is_stale(tmp_path):
    build(tmp_path, {"sha256": "f" * 64, "corrections": [CORRECTION]})
    assert proactive_cell(tmp_path, "administrative_penalty", "items_prev_year")["status"] == "printed"


def test_ids_follow_the_files_and_nothing_unchanged_is_read_again(tmp_path):
    """石门乡 2020 as b.txt, then a version printing other numbers arrives as a.txt: a.txt takes the
    plain id (file names decide the order) and b.txt moves to -2, with its own numbers; b.txt's
    extraction file, named after it, is not read again. When a.txt goes, b.txt gets the plain id back."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (CORPUS / SOURCE).read_text(encoding="utf-8")
    (corpus / "b.txt").write_text(text, encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path, workers=1))
    lines = text.split("\n")
    assert lines[22].split()[:2] == ["行政处罚", "0"]        # line 23: 行政处罚 上一年项目数量 0
    lines[22] = lines[22].replace("0", "5", 1)
    (corpus / "a.txt").write_text("\n".join(lines), encoding="utf-8")

    def published():
        ids = {r["report_id"]: r["source_file"] for r in read_csv(tmp_path / "build" / "reports.csv")}
        return {rid: (source, proactive_value(tmp_path, rid)) for rid, source in ids.items()}

    result = pipeline.build(Settings(corpus=corpus, root=tmp_path, workers=1))
    assert (result.reused, result.extracted) == (1, 1)
    assert sorted(p.name for p in (tmp_path / "extractions").iterdir()) == ["a.txt.json", "b.txt.json"]
    assert published() == {"shimenxiang-nanzhaoxian-2020": ("a.txt", "5"),
                           "shimenxiang-nanzhaoxian-2020-2": ("b.txt", "0")}
    (corpus / "a.txt").unlink()
    result = pipeline.build(Settings(corpus=corpus, root=tmp_path, workers=1))
    assert (result.reused, result.extracted) == (1, 0)
    assert sorted(p.name for p in (tmp_path / "extractions").iterdir()) == ["b.txt.json"]
    assert published() == {"shimenxiang-nanzhaoxian-2020": ("b.txt", "0")}


def proactive_value(tmp_path, report_id):
    return next(r["value"] for r in read_csv(tmp_path / "build" / "proactive.csv") if r["report_id"] == report_id
                and (r["category"], r["measure"]) == ("administrative_penalty", "items_prev_year"))


def test_tables_are_kept_only_while_nothing_they_are_made_from_changed(tmp_path):
    first = build(tmp_path)
    assert not first.tables_reused
    before = files(tmp_path / "build")
    again = build(tmp_path)
    assert again.tables_reused and again.report_ids == ["shimenxiang-nanzhaoxian-2020"]
    assert files(tmp_path / "build") == before
    # a correction is an input: the tables are made again, with it
    corrected = build(tmp_path, {"corrections": [CORRECTION]})
    assert not corrected.tables_reused
    assert proactive_cell(tmp_path, "administrative_penalty", "items_prev_year")["value"] == "2"
    # an output changed by hand is made again
    (tmp_path / "build" / "proactive.csv").write_text("edited", encoding="utf-8")
    assert not build(tmp_path).tables_reused
    assert proactive_cell(tmp_path, "administrative_penalty", "items_prev_year")["status"] == "corrected"
    # a broken correction is a finding of the report, kept tables or not
    (tmp_path / "corrections" / "shimenxiang-nanzhaoxian-2020.yaml").write_text("corrections: [", encoding="utf-8")
    broken = build(tmp_path)
    assert not broken.tables_reused and not broken.errors
    invalid = [f for f in read_csv(tmp_path / "build" / "findings.csv") if f["rule"] == "correction.invalid"]
    assert len(invalid) == 1 and "YAML" in invalid[0]["message"]
    assert build(tmp_path).tables_reused


def test_a_correction_beyond_the_digits_of_a_printed_number_is_invalid_not_a_stopped_build(tmp_path):
    huge = {"table": "applications", "row": "new_received", "column": "natural_person", "value": 10**30,
            "reason": "手误", "source_line": 37}
    result = build(tmp_path, {"corrections": [huge]})
    assert not result.errors
    invalid = [f for f in read_csv(tmp_path / "build" / "findings.csv") if f["rule"] == "correction.invalid"]
    assert len(invalid) == 1 and "15 位数字" in invalid[0]["message"]
    cell = next(r for r in read_csv(tmp_path / "build" / "applications.csv")
                if r["row"] == "new_received" and r["applicant"] == "natural_person")
    assert (cell["value"], cell["status"]) == ("0", "printed")      # as printed on line 37


def test_a_copy_is_read_once_and_its_extraction_is_what_reading_it_gives(tmp_path, monkeypatch):
    """Files with the same bytes and suffix are extracted once per build; each copy's extraction file
    is byte-identical to the one a build of that file alone writes. An empty file's copies are each
    an errors row under their own name."""
    from nianbao.pipeline import extract_stage
    read = []
    real = extract_stage.extract_file
    monkeypatch.setattr(extract_stage, "extract_file", lambda path, name, *a: read.append(name) or real(path, name, *a))
    corpus = tmp_path / "both" / "corpus"
    corpus.mkdir(parents=True)
    for name in (SOURCE, "copy.txt", "copy.html"):
        shutil.copy(CORPUS / SOURCE, corpus / name)
    for name in ("empty.txt", "empty2.txt"):
        (corpus / name).write_bytes(b"")
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "both"), mapper=lambda fn, tasks: [fn(t) for t in tasks])
    assert sorted(read) == sorted([SOURCE, "copy.html", "empty.txt"])     # copy.txt and empty2.txt were not read
    alone = tmp_path / "alone" / "corpus"
    alone.mkdir(parents=True)
    shutil.copy(CORPUS / SOURCE, alone / "copy.txt")
    pipeline.build(Settings(corpus=alone, root=tmp_path / "alone"))
    made = (tmp_path / "both" / "extractions" / "copy.txt.json").read_text(encoding="utf-8")
    assert made == (tmp_path / "alone" / "extractions" / "copy.txt.json").read_text(encoding="utf-8")
    assert json.loads(made)["source_file"] == "copy.txt"
    errors = {r["source_file"]: r["code"] for r in read_csv(tmp_path / "both" / "build" / "errors.csv")}
    assert errors == {"empty.txt": "ingest.empty", "empty2.txt": "ingest.empty"}


def test_cells_are_written_as_the_json_encoder_writes_them():
    """Extraction files write each cell straight from its fields (not through a dict and the
    encoder, for speed); every line must still be what the standard library's encoder writes for
    the cell's fields: quotes, control and line-separator characters, OCR confidences and boxes,
    floats, negative numbers, NaN."""
    import json
    from nianbao.extraction import Cell, Extraction, dumps, loads
    cells = [Cell("applications", "new_received", "total", 12, "printed", 3, "12"),
             Cell("proactive", "regulations", "items_prev_year", None, "ocr", 4, "1?", note="疑似\"1\"",
                  where="第1页\u2028第2行", confidence=0.8734567, box=[10, 20, 30, 40]),
             Cell("applications", "carried_over", "natural_person", -3, "corrected", None, "\x01\t", note="a\\b"),
             Cell("proactive", "administrative_fees", "amount", 1234.5, "printed", 9),
             Cell("proactive", "administrative_fees", "amount", float("nan"), "inferred", 9, note="1e16")]
    ex = Extraction("x.txt", "0" * 64, "text", "v", "2021", cells=cells)
    text = dumps(ex)
    encoder = json.JSONEncoder(ensure_ascii=False)
    lines = {line.rstrip(",") for line in text.split("\n")}
    for c in cells:
        assert f"   {encoder.encode(c.to_dict())}" in lines, c
    back = [encoder.encode(c.to_dict()) for c in loads(text).cells]
    assert sorted(back) == sorted(encoder.encode(c.to_dict()) for c in cells)


@pytest.mark.parametrize("layout", ["as written", "metadata after the cells", "one line"])
def test_a_file_is_described_from_its_head_whatever_its_layout(tmp_path, layout):
    """The describe step parses only the head of a file laid out as the extractor writes it; any
    other layout is parsed whole, never described from a head that lacks a field. 003 is 张巷镇,
    丰城市, 2021 (truth)."""
    from nianbao.pipeline.describe_stage import describe_task
    text = (CORPUS.parent / "extractions" / "003_ae53f9282b2209bb.txt.json").read_text(encoding="utf-8")
    data = json.loads(text)
    if layout == "metadata after the cells":
        metadata = data.pop("metadata")
        text = json.dumps({**data, "metadata": metadata}, ensure_ascii=False, indent=1)
        assert text.index('\n "cells": ') < text.index('\n "metadata": ')
    elif layout == "one line":
        text = json.dumps(data, ensure_ascii=False)
    path = tmp_path / "003.txt.json"
    path.write_text(text, encoding="utf-8")
    described = describe_task((str(path), {}, [], False, None))["description"]
    place = {k: described["metadata"][k]["value"] for k in ("township", "county", "year")}
    assert place == {"township": "张巷镇", "county": "丰城市", "year": 2021}
    assert described["place_year"] == "zhangxiangzhen-fengchengshi-2021"
