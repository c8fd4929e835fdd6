"""Continuity across years: a township's 上年结转 of year N is its 结转下年度继续办理 of year N−1, and
(2019 template) its 上一年项目数量 of N is N−1's 上一年项目数量 plus 本年增/减. The sample reports are
copied as the next year; the values asserted are those the samples print."""

from __future__ import annotations

from nianbao import pipeline, synth
from nianbao.pipeline import continuity_cache
from nianbao.settings import Settings
from nianbao.validate import across_years, place_key
from nianbao.validate.continuity import pairs

from .conftest import CORPUS, read_csv

ZHANGXIANG = "003_ae53f9282b2209bb.txt"     # 张巷镇, 2021: every cell of 上年结转 and 结转下年度 prints 0
WANGYUAN = "002_623967a19d51db49.txt"       # 望远镇, 2020, 2019 template: 行政处罚 上一年项目数量 6, 本年增/减 0


def _next_year(name: str, year: int, line: int | None = None, new: str = "") -> str:
    """The sample as the report of the following year; ``line`` (1-based) replaced by ``new``."""
    text = (CORPUS / name).read_text(encoding="utf-8").replace(str(year), str(year + 1))
    lines = text.split("\n")
    if line:
        lines[line - 1] = new
    return "\n".join(lines)


def _continuity(root) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in read_csv(root / "build" / "findings.csv"):
        if f["rule"].startswith("continuity."):
            out.setdefault(f["report_id"], []).append(f)
    return out


def test_carried_over_changed_is_a_finding_on_both_reports_and_unchanged_none(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 1)     # a chunk per report: the 2021 one is reused
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / ZHANGXIANG).write_bytes((CORPUS / ZHANGXIANG).read_bytes())
    lines = (CORPUS / ZHANGXIANG).read_text(encoding="utf-8").split("\n")
    assert "上年结转" in lines[95] and lines[96] == "\t0"       # 自然人 of 上年结转, line 97
    assert "结转下年度" in lines[343] and lines[344] == "\t0"   # 自然人 of 结转下年度继续办理, line 345
    (corpus / "next.txt").write_text(_next_year(ZHANGXIANG, 2021), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path))
    ids = {r["source_file"]: r["report_id"] for r in read_csv(tmp_path / "build" / "reports.csv")}
    assert ids == {ZHANGXIANG: "zhangxiangzhen-fengchengshi-2021", "next.txt": "zhangxiangzhen-fengchengshi-2022"}
    assert _continuity(tmp_path) == {}

    # the next year's 上年结转 for natural persons printed as 2: rebuilt in place (the 2021 report's chunk is reused)
    (corpus / "next.txt").write_text(_next_year(ZHANGXIANG, 2021, 97, "\t2"), encoding="utf-8")
    result = pipeline.build(Settings(corpus=corpus, root=tmp_path))
    assert result.chunks == (1, 2)                             # (made, of): the 2021 report's chunk was reused
    found = _continuity(tmp_path)
    assert set(found) == {"zhangxiangzhen-fengchengshi-2021", "zhangxiangzhen-fengchengshi-2022"}
    (this,), (prev,) = found["zhangxiangzhen-fengchengshi-2022"], found["zhangxiangzhen-fengchengshi-2021"]
    assert (this["rule"], this["table"], this["row"], this["column"], this["expected"], this["actual"],
            this["source_line"]) == ("continuity.carried_over", "applications", "carried_over", "natural_person",
                                     "0", "2", "97")
    assert "zhangxiangzhen-fengchengshi-2021" in this["message"] and ZHANGXIANG in this["message"]
    assert "第345行" in this["message"] and "line 345" in this["message_en"]
    assert (prev["rule"], prev["row"], prev["column"], prev["expected"], prev["actual"], prev["source_line"]) == \
        ("continuity.carried_forward", "carried_forward", "natural_person", "2", "0", "345")
    assert "zhangxiangzhen-fengchengshi-2022" in prev["message"] and "next.txt" in prev["message"]
    assert "第97行" in prev["message"]
    statuses = {r["report_id"]: r["findings_warning"] for r in read_csv(tmp_path / "build" / "reports.csv")}
    assert all(int(n) >= 1 for n in statuses.values())


def test_items_of_the_2019_template_carry_into_the_next_year(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / WANGYUAN).write_bytes((CORPUS / WANGYUAN).read_bytes())
    lines = (CORPUS / WANGYUAN).read_text(encoding="utf-8").split("\n")
    assert lines[52] == "行政处罚\t6\t0\t152"
    (corpus / "same.txt").write_text(_next_year(WANGYUAN, 2020), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "same"))
    assert _continuity(tmp_path / "same") == {}
    (corpus / "same.txt").unlink()
    (corpus / "next.txt").write_text(_next_year(WANGYUAN, 2020, 53, "行政处罚\t5\t0\t152"), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=tmp_path / "changed"))
    found = _continuity(tmp_path / "changed")
    rows = {(f["report_id"].rsplit("-", 1)[1], f["rule"], f["row"], f["expected"], f["actual"], f["source_line"])
            for fs in found.values() for f in fs}
    assert rows == {("2021", "continuity.items_prev_year", "administrative_penalty", "6", "5", "53"),
                    ("2020", "continuity.items_next_year", "administrative_penalty", "5", "6", "53")}


def test_missing_years_blank_cells_and_other_townships_are_not_findings():
    def report(rid, year, template="2021"):
        return {"report_id": rid, "place_year": rid, "year": year, "template": template, "source_file": f"{rid}.txt"}
    reports = [report("a-x-2019", 2019), report("a-x-2021", 2021), report("b-x-2020", 2020),
               report("c-x-2020", 2020), report("c-x-2021", 2021)]
    cells = {("a-x-2019", "applications", "carried_forward", "total"): (3, 10),
             ("a-x-2021", "applications", "carried_over", "total"): (1, 20),       # 2020 missing: not compared
             ("b-x-2020", "applications", "carried_forward", "total"): (4, 30),    # another township
             ("c-x-2020", "applications", "carried_forward", "total"): (None, 40),  # blank: not compared
             ("c-x-2021", "applications", "carried_over", "total"): (2, 50)}
    assert across_years(pairs(reports), cells) == {}
    assert place_key(report("a-x-2019", 2019)) == "a-x"
    named_only = [report("shimenxiang-2020", 2020), report("shimenxiang-2021", 2021)]   # no county: which 石门乡?
    assert across_years(pairs(named_only), {("shimenxiang-2020", "applications", "carried_forward", "total"): (3, 1),
                                     ("shimenxiang-2021", "applications", "carried_over", "total"): (1, 2)}) == {}


def test_pairs_whose_chunks_did_not_change_are_not_compared_again_and_a_damaged_cache_costs_only_time(
        tmp_path, monkeypatch):
    """Continuity findings are kept per pair under its two chunks' keys (pipeline/continuity_cache.py):
    a report added to another township compares no pair again, and the findings published are those
    of a build from nothing, with the cache kept, garbled, or of the wrong shape."""
    synth.write(30, tmp_path, seed=5, options=synth.Options(years=3, share_continuity_broken=0.3))
    corpus, root = tmp_path / "corpus", tmp_path / "out"
    monkeypatch.setattr(pipeline.tables_stage, "CHUNK", 1)      # a chunk a report: the new one holds no pair
    pipeline.build(Settings(corpus=corpus, root=root, workers=1))
    assert _continuity(root)                                    # the generated breaks are found
    compared = []
    real = continuity_cache.compare
    monkeypatch.setattr(continuity_cache, "compare", lambda *a: compared.append(a[:2]) or real(*a))
    (corpus / "zz_other.txt").write_text((CORPUS / ZHANGXIANG).read_text(encoding="utf-8"), encoding="utf-8")
    pipeline.build(Settings(corpus=corpus, root=root, workers=1))
    assert compared == []
    fresh = tmp_path / "fresh"
    pipeline.build(Settings(corpus=corpus, root=fresh, workers=1))
    expected = (fresh / "build" / "findings.csv").read_bytes()
    assert (root / "build" / "findings.csv").read_bytes() == expected
    for damage in (b"{not json", b"[]", b'{"a b": ["x", 3]}'):
        kept = sorted((root / ".cache" / continuity_cache.FOLDER).iterdir())
        assert kept
        for path in kept:
            path.write_bytes(damage)
        (corpus / "zz_other.txt").write_text(_next_year(ZHANGXIANG, 2021), encoding="utf-8")  # the tables run again
        pipeline.build(Settings(corpus=corpus, root=root, workers=1))
        (corpus / "zz_other.txt").write_text((CORPUS / ZHANGXIANG).read_text(encoding="utf-8"), encoding="utf-8")
        pipeline.build(Settings(corpus=corpus, root=root, workers=1))
        assert (root / "build" / "findings.csv").read_bytes() == expected, damage
    assert compared                                             # the damaged caches were made again
