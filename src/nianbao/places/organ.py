"""Organ names: what an issuing organ's name says of its level and its place.

A report's organ is written as a chain of place names, each ending in its kind, and the organ's
tail: 桃江县 + 松木塘镇 + 人民政府 is a township government; 上海市 + 长宁区 + 周家桥街道 + 办事处 a
street office; 清远市 + 农业农村局 a department. ``parse`` reads that grammar; the gazetteer decides
where a suffix character is part of a name (白旗寨满族乡 keeps its 旗, 城区 is a county's name).
``organ_name`` says whether a piece of text is such a name at all, so a sentence fragment
('根据中华人民共和国…') never becomes an organ.

>>> p = parse('桃江县松木塘镇人民政府'); (p.level, p.county, p.township)
('township', '桃江县', '松木塘镇')
>>> p = parse('上海市长宁区周家桥街道办事处'); (p.level, p.province, p.county, p.township)
('street', '上海市', '长宁区', '周家桥街道')
>>> p = parse('清远市农业农村局'); (p.level, p.prefecture, p.county)
('department', '清远市', None)
>>> [organ_name(t) for t in ('宅梧镇', '根据中华人民共和国政府信息公开条例', '我乡', '城口县人民政府机关')]
['宅梧镇', None, None, '城口县人民政府机关']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import COUNTY, PREFECTURE, PROVINCE, gazetteer
from .names import township_stem

TOWNSHIP, STREET, COUNTY_LEVEL, DEPARTMENT, OTHER = "township", "street", "county", "department", "other"
LEVELS = (TOWNSHIP, STREET, COUNTY_LEVEL, DEPARTMENT, OTHER)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebef"
GOVERNMENT = ("人民政府机关", "人民政府", "政府机关", "政府")
OFFICE = ("街道办事处", "街道办", "办事处")        # a street's government: 'XX街道办事处', old 'XX办事处'
DEPARTMENT_TAIL = re.compile(r"(?:局|委员会|管委会|办公室|中心|管理处|服务站|大队|支队)$")
_ZONE_ORGAN = re.compile(r"开发区|新区|园区|高新区|经济区|试验区|示范区|风景区|合作区")   # a zone's own 管委会: other
TOWNSHIP_UNIT = re.compile(r"(?:镇|乡|街道|苏木|区公所)$")
AREA_UNIT = re.compile(r"(?:省|自治区|市|州|盟|地区|县|区|旗|特区|林区)$")
# A street office is its district government's agency, and may be named as such: 东城区人民政府崇文门外街道办事处
_INNER_GOVERNMENT = re.compile(r"(?<=[区县市旗])(?:人民)?政府(?=.)")
# The office of a township's or street's government ('吉村镇人民政府党政办公室', '水东镇办公室') reports for it
_GOVERNMENT_OFFICE = re.compile(r"^(.{2,30}?(?:人民政府|政府|街道办事处|办事处|镇|乡|街道|苏木))(?:党政|综合|党政综合)?办公室$")
_ZONE = re.compile(r"开发|投资|新区|高新|经济|工业|园区|试验|示范|管理|风景|景区|旅游")   # zones, no counties
_NAME = re.compile(rf"^[{_HAN}]{{2,32}}$")
# Words a name never holds: they are the sentence around it.
_NOT_IN_NAME = re.compile(r"根据|按照|依据|依照|关于|报告|公开|公布|工作|情况|条例|通知|规定|以下|简称|"
                          r"编制|本年|年度|认真|贯彻|落实|坚持|进一步|领导|我们|标题|名称|发布|来源|"
                          r"网站|门户|专栏|联系|地址|电话|负责|全文|要求|精神|实际|办法")
_NOT_IN_DEPARTMENT = re.compile(r"[了由的和与及在是把将对]|成立|设立|网站")
# 全乡, 街道, 政府办公室: a kind of place or office, not a name
_WHOLE = re.compile(r"^(?:全?(?:乡|镇|乡镇|县|区|市|旗|街道|街|苏木)|(?:人民)?政府(?:党政|综合)?办公室)$")
_NOT_FIRST = ("我", "本", "该", "现", "特", "由", "对", "为", "在", "经", "请", "与", "将", "从", "向", "各", "全年",
              "上级", "县级", "市级", "区级")


@dataclass(frozen=True)
class Organ:
    name: str
    level: str                     # township | street | county | department | other
    township: str | None = None    # as printed: 黄腊乡 (the gazetteer may write 黄腊布依族苗族乡)
    county: str | None = None
    prefecture: str | None = None
    province: str | None = None


def organ_name(text: str | None) -> str | None:
    """``text`` if it is an organ's name (a place, or a place's government, office or department),
    else None. '(机关)' after 政府 is part of how some reports name themselves and is dropped."""
    if not text:
        return None
    name = text.replace("(机关)", "").replace("（机关）", "").strip()
    if not _NAME.match(name) or _NOT_IN_NAME.search(name) or _WHOLE.match(name):
        return None
    if name.startswith(_NOT_FIRST) and not _known_township(_core(name)[0]):
        return None                 # '对宅梧镇…' is a sentence; 对坊乡 is a township's name
    core, kind = _core(name)
    if kind == "dept":
        return name if len(name) >= 3 else None
    if len(core) >= 2 and (TOWNSHIP_UNIT.search(core) or AREA_UNIT.search(core)):
        return name
    return None


def _core(name: str) -> tuple[str, str]:
    """The place part of an organ's name and the kind of tail it had: gov, office, dept or ''."""
    for tail in OFFICE:
        if name.endswith(tail) and len(name) > len(tail) + 1:
            core = name[: -len(tail)] + ("街道" if tail.startswith("街道") else "")   # 田镇街道办事处: 田镇街道
            core = _INNER_GOVERNMENT.sub("", core, count=1)     # 东城区人民政府崇文门外街道办事处
            return (core if TOWNSHIP_UNIT.search(core) else core + "街道"), "office"
    for tail in GOVERNMENT:
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)], "gov"
    m = DEPARTMENT_TAIL.search(name)
    if m:
        return _place_prefix(name[: m.start()]), "dept"
    if name.endswith("街") and _known_township(name + "道"):
        return name + "道", "office"        # 佳荣里街: a street as Tianjin and Guangzhou write it
    return _INNER_GOVERNMENT.sub("", name, count=1), ""     # 沙坪坝区人民政府小龙坎街道


def _place_prefix(text: str) -> str:
    """The place names a department's name starts with: '平利县农业农村' -> '平利县'."""
    best = ""
    for k in range(2, len(text) + 1):
        head = text[:k]
        if AREA_UNIT.search(head) and (head in gazetteer().areas or _split_areas(head)):
            best = head
    return best


@lru_cache(maxsize=1 << 14)
def parse(name: str) -> Organ:
    """The organ's level and the place names it prints (not yet resolved: see resolve)."""
    core, kind = _core(name)
    if kind == "dept":
        if office_of := government_of(name):
            government = parse(office_of)
            return Organ(name, government.level, government.township, government.county, government.prefecture,
                         government.province)
        areas = _split_areas(core) or {}
        level = OTHER if _ZONE_ORGAN.search(name) and name.endswith(("管委会", "管理委员会")) else DEPARTMENT
        return Organ(name, level, None, areas.get("county"), areas.get("prefecture"), areas.get("province"))
    township, prefix = _township(core)
    areas = _split_areas(prefix) or {}
    if township:
        level = STREET if township.endswith("街道") or kind == "office" else TOWNSHIP
        return Organ(name, level, township, areas.get("county"), areas.get("prefecture"), areas.get("province"))
    areas = _split_areas(core) or {}
    level = OTHER
    if areas.get("county"):
        level = COUNTY_LEVEL
    elif areas.get("prefecture") and _is_county(areas["prefecture"]):
        level, areas = COUNTY_LEVEL, {**areas, "county": areas["prefecture"], "prefecture": None}
    return Organ(name, level, None, areas.get("county"), areas.get("prefecture"), areas.get("province"))


def _township(core: str) -> tuple[str | None, str]:
    """The township at the end of ``core`` and the text before it: '南召县石门乡' -> ('石门乡', '南召县').

    Where the gazetteer knows a township by this name (or its stem: 黄腊乡 for 黄腊布依族苗族乡), the
    longest such ending wins; otherwise the first county-level suffix ends the prefix.
    """
    if not TOWNSHIP_UNIT.search(core):
        return None, core
    cuts = [0] + [i + 1 for i, c in enumerate(core[:-2]) if c in "省市州盟县区旗团" and i >= 1]   # 团: a corps regiment
    for k in cuts:
        if _known_township(core[k:]):
            return core[k:], core[:k]
    k = cuts[-1] if len(cuts) > 1 else 0
    return core[k:], core[:k]


def _known_township(name: str) -> bool:
    gz = gazetteer()
    return name in gz.townships or township_stem(name) in gz.township_stems


def _split_areas(text: str) -> dict[str, str] | None:
    """'包头市九原区' -> {'prefecture': '包头市', 'county': '九原区'}; None when ``text`` is not a chain
    of area names the gazetteer knows (an unknown last part is kept as printed when it ends in a unit)."""
    if not text:
        return {}
    gz = gazetteer()
    out: dict[str, str] = {}
    rest = text
    while rest:
        for k in range(2, len(rest) + 1):
            head = rest[:k]
            units = gz.areas.get(head) or ()
            if units and (k == len(rest) or not _continues(rest, k)):
                out[_level_key(units, out, head)] = head
                rest = rest[k:]
                break
        else:
            if former_county(rest) and "county" not in out:
                out["county"] = rest  # a county the gazetteer no longer has (宣武区), as printed
                return out
            return None
    return out


def former_county(name: str) -> bool:
    """A name written like a county's that the table may no longer have (宣武区, 渝北区), not a
    zone (泉州台商投资区, 东湖生态旅游风景区)."""
    return bool(AREA_UNIT.search(name)) and 2 <= len(name) <= 5 and not _ZONE.search(name) \
        and name not in gazetteer().stems   # '温州' is 温州市's short name, not a county


def _continues(text: str, k: int) -> bool:
    """A longer area name also starts here ('重庆市' inside '重庆市江津区' does not continue;
    '城区' inside '城区街道' … handled by the caller)."""
    gz = gazetteer()
    return any(text[:j] in gz.areas for j in range(k + 1, min(len(text), k + 12) + 1))


def _level_key(units, found: dict, name: str) -> str:
    levels = {u.level for u in units}
    if PROVINCE in levels and "province" not in found:
        return "province"
    if PREFECTURE in levels and "prefecture" not in found and "county" not in found:
        return "prefecture"
    return "county" if COUNTY in levels or "prefecture" in found else "prefecture"


def _is_county(name: str) -> bool:
    return any(u.level == COUNTY for u in gazetteer().areas.get(name, ()))


def government_of(name: str) -> str | None:
    """The township's or street's government whose office ``name`` is ('江口镇党政办公室' -> '江口镇')."""
    office = _GOVERNMENT_OFFICE.match(name)
    return office.group(1) if office and parse(office.group(1)).level in (TOWNSHIP, STREET) else None


def well_formed(name: str) -> bool:
    """Every place the name prints is one the gazetteer knows (a township by its name or stem, the
    areas before it as a chain): '宿城区中扬镇人民政府' is, '完善崇礼镇人民政府' (a verb glued on) is not."""
    if government := government_of(name):
        return well_formed(government)
    organ = parse(name)
    core, kind = _core(name)
    known = all(v is None or v in gazetteer().areas for v in (organ.county, organ.prefecture, organ.province))
    if kind == "dept":
        own = name[len(core):]            # the department's own name: '农业农村局'
        placed = bool(core) or name[0] in "县市区州旗"   # '县农业农村局': the county's own bureau
        return placed and known and len(own) >= 3 and not _NOT_IN_DEPARTMENT.search(own)
    if organ.township:
        prefix = core[: len(core) - len(organ.township)]
        return _known_township(organ.township) and _split_areas(prefix) is not None and known
    return organ.level == COUNTY_LEVEL and known
