"""nianbao diff: what changed between two builds, by stable keys, cell by cell, with the reason.

Real builds of the samples in temporary folders: one correction added, one report added; and a
build whose tables are edited to show each reason (another extractor, another source file)."""

from __future__ import annotations

import doctest
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from nianbao import cli
from nianbao.release import changelog, diff

from .conftest import read_csv

CORRECTION = """report_id: caofangzhen-ninghuaxian-2020
corrections:
  - {table: proactive, row: regulations, column: new_made, value: 2, printed: "0",
     reason: 原件该格为 2, source_line: 29, by: 测试, on: 2026-05-01}
"""


def rebuilt(built, dest: Path, edit) -> Path:
    """A copy of the built samples, edited, then built again with `nianbao build CORPUS --out DEST`."""
    shutil.copytree(built.root, dest)
    edit(dest)
    assert cli.main(["build", str(dest / "corpus"), "--out", str(dest)]) == 0
    return dest


def run_diff(old: Path, new: Path, out: Path) -> list[dict]:
    assert cli.main(["diff", str(old), str(new), "--out", str(out)]) == 0
    return read_csv(out / "changes.csv")


def test_one_correction_is_exactly_one_changed_cell(built, tmp_path, capsys):
    def correct(root):
        (root / "corrections").mkdir()
        (root / "corrections" / "caofangzhen-ninghuaxian-2020.yaml").write_text(CORRECTION, encoding="utf-8")
    new = rebuilt(built, tmp_path / "new", correct)
    rows = run_diff(built.root, new, tmp_path / "out")
    # Line 29 of sample 000 prints "规章 0 0 0": the correction makes the first 2.
    assert rows == [{"change": "cell_changed", "report_id": "caofangzhen-ninghuaxian-2020",
                     "place_year": "caofangzhen-ninghuaxian-2020", "table": "proactive", "row": "regulations",
                     "column": "new_made", "rule": "", "severity": "", "old_value": "0", "new_value": "2",
                     "old_status": "printed", "new_status": "corrected", "reason": "correction",
                     "message": "原件该格为 2"}]
    assert "1 cells changed" in capsys.readouterr().out
    again = changelog.load(tmp_path / "out", "a", "b")
    assert again.rows == [{k: v or None for k, v in rows[0].items()}]
    log = (tmp_path / "out" / "CHANGELOG-data.md").read_text(encoding="utf-8")
    assert "| caofangzhen-ninghuaxian-2020 | 表二 | 规章 `regulations` | 本年新制作数量 `new_made` | 0 → 2 | " \
           "printed → corrected | 人工更正 | 原件该格为 2 |" in log
    assert log.startswith("# 数据变更") and "新增报告" not in log.split("## ")[-1]


def test_one_report_added_is_listed_as_added(built, tmp_path):
    def add(root):
        text = (root / "corpus" / "000_8fd5f38ae061f3c2.txt").read_text(encoding="utf-8")
        (root / "corpus" / "005_anyuan.txt").write_text(text.replace("曹坊镇", "安远镇"), encoding="utf-8")
    new = rebuilt(built, tmp_path / "new", add)
    rows = run_diff(built.root, new, tmp_path / "out")
    assert [(r["change"], r["message"]) for r in rows] == [("report_added", "005_anyuan.txt")]
    assert rows[0]["report_id"].startswith("anyuanzhen-ninghuaxian-2020")
    back = run_diff(new, built.root, tmp_path / "back")
    assert [(r["change"], r["report_id"]) for r in back] == [("report_removed", rows[0]["report_id"])]


def _edit(build: Path, name: str, change) -> None:
    table = pq.read_table(build / f"{name}.parquet")
    rows = change(table.to_pylist())
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), build / f"{name}.parquet")


def test_each_reason_and_findings_opened_and_closed(built, tmp_path):
    shutil.copytree(built.root, tmp_path / "new")
    build = tmp_path / "new" / "build"
    reextracted, resourced, removed = ("shimenxiang-nanzhaoxian-2020", "wangyuanzhen-yongningxian-2020",
                                       "zhangxiangzhen-fengchengshi-2021")

    def reports(rows):
        for r in rows:
            if r["report_id"] == reextracted:
                r["extractor_version"] = "9.9.9+other"
            if r["report_id"] == resourced:
                r["sha256"] = "0" * 64
                r["phone"] = "0000-1234567"
        return [r for r in rows if r["report_id"] != removed]

    def applications(rows):
        for r in rows:
            if r["row"] == "granted" and r["applicant"] == "natural_person" and r["report_id"] in (reextracted,
                                                                                                 resourced):
                r["value"] = (r["value"] or 0) + 5
        return rows

    def findings(rows):
        mine = [r for r in rows if r["report_id"] == reextracted]
        opened = dict(mine[0], rule="table.incomplete", table="review_litigation", row=None, column=None,
                      severity="warning", message="新的发现")
        return [r for r in rows if r is not mine[0]] + [opened]

    _edit(build, "reports", reports)
    _edit(build, "applications", applications)
    old_finding = next(r for r in read_csv(built.root / "build" / "findings.csv") if r["report_id"] == reextracted)
    _edit(build, "findings", findings)
    changes = diff.compare(built.root, tmp_path / "new")
    got = [(r["change"], r["report_id"], r["table"], r["row"], r["column"], r["reason"], r["rule"])
           for r in changes.rows]
    assert got == [
        ("report_removed", removed, None, None, None, None, None),
        ("field_changed", resourced, "reports", None, "phone", "source_changed", None),
        ("cell_changed", reextracted, "applications", "granted", "natural_person", "reextracted", None),
        ("cell_changed", resourced, "applications", "granted", "natural_person", "source_changed", None),
        ("finding_opened", reextracted, "review_litigation", None, None, None, "table.incomplete"),
        ("finding_closed", reextracted, old_finding["table"] or None, old_finding["row"] or None,
         old_finding["column"] or None, None, old_finding["rule"]),
    ]
    phone = next(r for r in changes.rows if r["column"] == "phone")
    assert phone["new_value"] == "0000-1234567" and phone["old_value"]


def test_changelog_links_and_escapes(built, tmp_path):
    shutil.copytree(built.root, tmp_path / "new")
    _edit(tmp_path / "new" / "build", "reports",
          lambda rows: [dict(r, organ="<script>x</script>|*") if r["report_id"].startswith("caofang") else r
                        for r in rows])
    changes = diff.compare(built.root, tmp_path / "new")
    text = changelog.markdown(changes, link=lambda r: f"../reports/{r['place_year']}/", level=2)
    assert changelog.markdown(changes, link=lambda r: None) == changelog.markdown(changes)
    assert "[caofangzhen-ninghuaxian-2020](../reports/caofangzhen-ninghuaxian-2020/)" in text
    assert "<script>" not in text and r"\<script\>x\</script\>\|\*" in text
    assert text.startswith("## 数据变更") and "### 报告信息变化" in text
    assert doctest.testmod(changelog).failed == 0


def test_the_same_package_has_no_changes(built, tmp_path):
    assert run_diff(built.root, built.root / "build", tmp_path / "out") == []
    assert "完全相同" in (tmp_path / "out" / "CHANGELOG-data.md").read_text(encoding="utf-8")
