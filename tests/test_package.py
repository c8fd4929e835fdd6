"""The data package: accepted by the real frictionless validator, deterministic, lossless."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
from frictionless import validate as frictionless_validate
from hypothesis import given, settings, strategies as st

from nianbao import pipeline
from nianbao.tables import RESOURCES, to_arrow, to_csv
from nianbao.settings import Settings

from .conftest import CORPUS, read_csv


def test_frictionless_accepts_the_package(built):
    report = frictionless_validate(str(built.root / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]


def test_every_contract_resource_in_csv_and_parquet(built):
    import json
    names = {r["name"] for r in json.loads((built.root / "datapackage.json").read_text())["resources"]}
    for name in ("reports", "proactive", "applications", "review_litigation", "findings", "summary"):
        assert {name, f"{name}-parquet"} <= names


def test_parquet_and_csv_hold_the_same_values(built):
    for name in ("applications", "proactive", "review_litigation"):
        csv_rows = read_csv(built.root / "build" / f"{name}.csv")
        parquet_rows = pq.read_table(built.root / "build" / f"{name}.parquet").to_pylist()
        assert len(csv_rows) == len(parquet_rows)
        for c, p in zip(csv_rows, parquet_rows):
            assert (c["value"] == "") == (p["value"] is None)
            if p["value"] is not None:
                assert float(c["value"]) == p["value"]


def test_two_builds_are_byte_identical(tmp_path):
    outputs = []
    for n in (1, 2):
        root = tmp_path / f"b{n}"
        corpus = root / "corpus"
        shutil.copytree(CORPUS, corpus)
        pipeline.build(Settings(corpus=corpus, root=root))
        files = sorted(p for p in root.rglob("*") if p.is_file() and "corpus" not in p.parts
                       and not any(part.startswith(".") for part in p.relative_to(root).parts))   # not caches
        outputs.append({p.relative_to(root).as_posix(): p.read_bytes() for p in files})
    assert outputs[0].keys() == outputs[1].keys() and outputs[0] == outputs[1]


values = st.one_of(st.none(), st.just(0), st.integers(min_value=-10**6, max_value=10**9))


@settings(max_examples=40, deadline=None)
@given(st.lists(values, min_size=1, max_size=30))
def test_round_trip_keeps_values_and_the_blank_zero_distinction(tmp_path_factory, column):
    fields = [f for f in RESOURCES["review_litigation"]["schema"]["fields"]]
    rows = [{"report_id": "x-2020", "proceeding": "administrative_review", "outcome": "total", "value": v,
             "status": "missing" if v is None else "printed"} for v in column]
    folder = tmp_path_factory.mktemp("rt")
    table = to_arrow({f["name"]: [r.get(f["name"]) for r in rows] for f in fields}, fields)
    (folder / "t.csv").write_bytes(to_csv(table))
    pq.write_table(table, folder / "t.parquet")
    from_csv = [None if r["value"] == "" else int(r["value"]) for r in read_csv(folder / "t.csv")]
    from_parquet = [r["value"] for r in pq.read_table(folder / "t.parquet").to_pylist()]
    assert from_csv == column and from_parquet == column
