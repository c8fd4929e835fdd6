"""Place resolution: the five samples, and the cases the samples do not cover.

Expected places are copied from /work/shared/truth (the samples) or are official names of the
民政部 table; they are written out here, never taken from the program's output.
"""

from __future__ import annotations

import doctest
import importlib
from collections import Counter
from pathlib import Path

import pytest

from nianbao.describe import describe, manifest
from nianbao.extract import extract
from nianbao.ingest import ingest
from nianbao.places import AMBIGUOUS, RESOLVED, UNKNOWN, Evidence, gazetteer, info, resolve
from nianbao.places.gazetteer import COUNTY, PREFECTURE, TOWNSHIP
from nianbao.places.mentions import area_mentions
from nianbao.places.phone import area_units

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# (file, township, county, prefecture, province) as in /work/shared/truth
SAMPLES = [
    ("000_8fd5f38ae061f3c2.txt", "曹坊镇", "宁化县", "三明市", "福建省"),
    ("001_0c686d7f689649a3.txt", "石门乡", "南召县", "南阳市", "河南省"),
    ("002_623967a19d51db49.txt", "望远镇", "永宁县", "银川市", "宁夏回族自治区"),
    ("003_ae53f9282b2209bb.txt", "张巷镇", "丰城市", "宜春市", "江西省"),
    ("004_f375f0e851984426.txt", "城月镇", "遂溪县", "湛江市", "广东省"),
]


def _from_report(name: str):
    """The sample's place as the pipeline resolves it: extracted, then described with its manifest row."""
    ex = extract(ingest(CORPUS / name, name))
    row = manifest.read(CORPUS).row(name)
    return describe(ex, row), ex


def _evidence(ex) -> Evidence:
    return Evidence(township=ex.meta("township"), county=ex.meta("county"), mentions=tuple(m.name for m in ex.mentions),
                    phone=ex.meta("phone"), website=ex.meta("website"))


def _county_unit(name: str, prefecture: str):
    gz = gazetteer()
    return next(u for u in gz.areas[name] if u.level == COUNTY and gz.ancestor(u, PREFECTURE).name == prefecture)


@pytest.mark.parametrize("name,township,county,prefecture,province", SAMPLES)
def test_samples_resolve_to_truth(name, township, county, prefecture, province):
    d, ex = _from_report(name)
    meta = {k: f.value for k, f in d.metadata.items()}
    assert (meta["province"], meta["prefecture"], meta["county"], meta["township"]) == \
        (province, prefecture, county, township)
    code = meta["division_code"]
    assert len(code) == 9 and code.startswith(_county_unit(county, prefecture).code)
    assert d.metadata["division_code"].source.startswith("gazetteer:") and not d.observations
    r = resolve(_evidence(ex))
    assert r.status == RESOLVED and r.candidates == () and r.notes == ()


def test_county_never_printed_is_confirmed_by_phone():
    d, ex = _from_report("004_f375f0e851984426.txt")
    assert ex.meta("county") is None and not any("遂溪" in m.name for m in ex.mentions)
    assert ex.meta("phone") == "0759-7881200"
    r = resolve(_evidence(ex))
    assert r.county == "遂溪县" and "phone" in r.evidence


def test_shared_name_without_evidence_is_ambiguous():
    r = resolve(Evidence(township="石门乡"))
    assert r.status == AMBIGUOUS
    assert r.fields() == dict.fromkeys(("province", "prefecture", "county", "township", "division_code"))
    assert len(r.candidates) >= 2
    assert "河南省南阳市南召县石门乡" in [full for _, full in r.candidates]


def test_phone_alone_chooses_among_shared_names():
    r = resolve(Evidence(township="石门乡", phone="0377-66123456"))      # 0377: 南阳
    assert (r.status, r.method) == (RESOLVED, "phone")
    assert (r.province, r.prefecture, r.county) == ("河南省", "南阳市", "南召县")


def test_county_named_anywhere_in_the_text():
    mentions = area_mentions(["石门乡2020年政府信息公开工作年度报告", "根据南召县政府办公室要求,现公布如下。"], [1, 2])
    r = resolve(Evidence(township="石门乡", mentions=tuple(m.name for m in mentions)))
    assert (r.status, r.method, r.county) == (RESOLVED, "text", "南召县")


def test_two_character_county_counts_only_printed_with_the_township():
    assert area_mentions(["荒唐县里"], [1]) == []         # 唐县 is too common a string to count alone
    r = resolve(Evidence(township="石门乡", county="唐县"))  # '唐县石门乡人民政府': the organ's name prints it
    assert (r.status, r.province, r.county) == (RESOLVED, "河北省", "唐县")


def test_gov_host_chooses_among_shared_names_and_other_hosts_do_not():
    r = resolve(Evidence(township="石门乡", website="http://www.nanzhao.gov.cn/xxgk/"))
    assert (r.status, r.method, r.county) == (RESOLVED, "website", "南召县")
    assert resolve(Evidence(township="石门乡", website="http://nanzhao.example.com")).status == AMBIGUOUS
    page = resolve(Evidence(township="石门乡", url="http://www.nanzhao.gov.cn/xxgk/2021/x.html"))
    assert (page.status, page.method, page.county) == (RESOLVED, "url", "南召县")


def test_page_path_names_the_township_by_its_initials():
    """www.jiangjin.gov.cn/jz/dszrmzf_69061/…: 杜市镇人民政府 (d-s-z-r-m-z-f) of 江津区."""
    r = resolve(Evidence(township="杜市镇", url="http://www.jiangjin.gov.cn/jz/dszrmzf_69061/zwgk/t.html"))
    assert (r.status, r.province, r.prefecture, r.county) == (RESOLVED, "重庆市", "重庆市", "江津区")


def test_host_alone_places_a_county_report():
    r = resolve(Evidence(url="https://www.pingli.gov.cn/Content-2219040.html"))
    assert (r.township, r.county, r.prefecture, r.province) == (None, "平利县", "安康市", "陕西省")
    assert resolve(Evidence(url="https://ping.example.com/x")).county is None


def test_manifest_values_narrow_and_a_manifest_code_decides():
    r = resolve(Evidence(township="石门乡", manifest={"county": "歙县"}))
    assert (r.status, r.method, r.prefecture, r.county) == (RESOLVED, "manifest", "黄山市", "歙县")
    code = resolve(Evidence(township="石门乡", manifest={"division_code": "623021211"}))
    assert (code.method, code.prefecture, code.county) == ("manifest", "甘南藏族自治州", "临潭县")


def test_unknown_name():
    r = resolve(Evidence(township="不存在镇"))
    assert r.status == UNKNOWN and r.candidates == () and r.province is None and r.division_code is None


def test_renamed_township_is_placed_by_its_look_alike_when_the_evidence_agrees():
    """南薰乡 is now 南薰镇 (安岳县, 资阳市): the page's host (ziyang) agrees; the township stays null."""
    r = resolve(Evidence(township="南薰乡", url="http://gk.ziyang.gov.cn/year_details.aspx?id=1"))
    assert (r.status, r.township, r.division_code) == (UNKNOWN, None, None)
    assert (r.county, r.prefecture, r.province) == ("安岳县", "资阳市", "四川省")
    assert resolve(Evidence(township="南薰乡")).county is None       # the name alone is not enough


def test_unknown_name_keeps_the_printed_county_and_lists_look_alikes():
    r = resolve(Evidence(township="石门镇", county="南召县"))        # 南召 has a 石门乡, no 石门镇
    assert r.status == AMBIGUOUS and r.township is None and r.division_code is None
    assert (r.province, r.prefecture, r.county) == ("河南省", "南阳市", "南召县")
    assert r.candidates[0][1] == "河南省南阳市南召县石门乡"
    u = resolve(Evidence(township="不存在镇", county="南召县"))
    assert (u.status, u.county, u.township) == (UNKNOWN, "南召县", None)


def test_printed_county_that_contradicts_blocks_a_unique_name():
    r = resolve(Evidence(township="望远镇", county="西吉县"))
    assert r.status == AMBIGUOUS and r.township is None and r.division_code is None
    assert r.county == "西吉县" and any("西吉县" in n for n in r.notes)


def test_phone_that_contradicts_is_set_aside():
    r = resolve(Evidence(township="曹坊镇", county="宁化县", phone="0591-12345678"))   # 0591: 福州
    assert r.status == RESOLVED and r.county == "宁化县" and "phone" not in r.evidence


def test_municipality_is_its_districts_prefecture():
    r = resolve(Evidence(township="石门乡", county="云阳县"))
    assert (r.status, r.province, r.prefecture, r.county) == (RESOLVED, "重庆市", "重庆市", "云阳县")
    assert r.division_code.startswith(next(u.code for u in gazetteer().areas["云阳县"]))
    b = resolve(Evidence(township="东华门街道", county="东城区", phone="010-65123456"))
    assert (b.province, b.prefecture, b.county, b.township) == ("北京市", "北京市", "东城区", "东华门街道")


@pytest.mark.parametrize("township,prefecture,phone", [("虎门镇", "东莞市", "0769-85123456"),
                                                        ("小榄镇", "中山市", None)])
def test_township_directly_under_a_prefecture(township, prefecture, phone):
    r = resolve(Evidence(township=township, county=prefecture, phone=phone))
    assert (r.status, r.province, r.prefecture, r.county, r.township) == \
        (RESOLVED, "广东省", prefecture, None, township)
    assert r.division_code.startswith(gazetteer().areas[prefecture][0].code)


def test_organ_suffixes_are_dropped():
    assert resolve(Evidence(township="曹坊镇人民政府")).township == "曹坊镇"


def test_every_township_resolves_from_its_name_and_parent():
    """Given the name of its county (or prefecture), each township of the table finds itself, except
    where two townships share both names (鼓楼区-style duplicates): those stay ambiguous."""
    gz = gazetteer()
    townships = [u for u in gz.by_code.values() if u.level == TOWNSHIP]
    parent = {u.code: gz.by_code[u.path[-2]].name for u in townships}
    pairs = Counter((parent[u.code], u.name) for u in townships)
    for u in townships:
        r = resolve(Evidence(township=u.name, county=parent[u.code]))
        if pairs[parent[u.code], u.name] == 1:
            assert r.division_code == u.code, u
        else:
            assert r.status == AMBIGUOUS and u.code in dict(r.candidates), u


def test_area_codes_map_to_their_cities():
    gz = gazetteer()
    names = lambda code: {gz.by_code[c].name for c in area_units(code)}
    assert names("759") == {"湛江市"}
    assert names("10") == {"北京市"}
    assert {"仙桃市", "潜江市", "天门市"} <= names("728")
    assert "株洲市" in names("731")          # printed '株州' in the phone data; found by its pinyin


def test_a_warm_process_reads_any_area_code_without_the_phone_library():
    """Workers share the area-code table (the snapshot): a number whose code covers no place, as
    much as one that does, must not make a worker import the geocoder's data (half a second each)."""
    import subprocess
    import sys
    from nianbao.places import warm
    warm()                                   # the snapshot, made here if this machine has none yet
    code = ("import sys; from nianbao.places import warm; from nianbao.places.phone import area_code, area_units; "
            "warm(); found = [area_units(area_code(f'0{a}{b}{c}-7654321')) for a in '0123456789' "
            "for b in '0123456789' for c in '0123456789']; "
            "print(sum(1 for f in found if f), sum(1 for f in found if not f), 'phonenumbers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    places, none, imported = done.stdout.split()
    assert int(places) > 300 and int(none) > 100 and imported == "False"


def test_gazetteer_is_the_2025_table_of_the_ministry():
    meta = info()
    assert meta["data_as_of"] == "2025-12-31"
    assert meta["counts"]["4"] == sum(1 for u in gazetteer().by_code.values() if u.level == TOWNSHIP)


@pytest.mark.parametrize("module", ["nianbao.places.names", "nianbao.places.phone", "nianbao.places.url",
                                    "nianbao.places.organ", "nianbao.places.mentions"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_the_gazetteer_snapshot_is_left_by_one_process_and_used_by_the_next(tmp_path):
    """A build's first process builds the indexes and leaves a snapshot; the next loads it and
    resolves the same (石门乡 of 南召县, sample 001's truth, found from its host's pinyin)."""
    import os
    import subprocess
    import sys
    probe = ("import sys; from nianbao.places import warm, gazetteer, resolve, Evidence; "
             "from nianbao.places.snapshot import load; "
             "had = load() is not None; warm(); "
             "r = resolve(Evidence(township='石门乡', website='http://www.nanzhao.gov.cn')); "
             "print(had, r.fields()['county'], r.fields()['division_code'], len(gazetteer().derived))")
    env = {**os.environ, "NIANBAO_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert list(tmp_path.glob("gazetteer-*.pickle"))
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split()[0] == "False" and second.stdout.split()[0] == "True"
    assert first.stdout.split()[1:] == second.stdout.split()[1:]
    assert first.stdout.split()[1] == "南召县"
    (next(tmp_path.glob("gazetteer-*.pickle"))).write_bytes(b"not a pickle")   # a broken snapshot is rebuilt
    third = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert third.stdout.split() == first.stdout.split()
