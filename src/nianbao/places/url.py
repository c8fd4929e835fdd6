"""URL evidence: what a report page's address says of where it is.

County portals are named after their county in pinyin, in a few habitual forms, none of them
written down anywhere: the full name ('pingli.gov.cn' 平利, 'jiuyuanqu.gov.cn' 九原区), initials
('lwx.gov.cn' 临武县, 'jss.gov.cn' 积石山), the province's or prefecture's initials before the
county's ('fjnh' 福建宁化, 'hhjs' 红河建水, 'gztongzi' 贵州桐梓). Paths name the township's own
pages by its initials ('/dszrmzf_69061/' 杜市镇人民政府, '/spz/' 沙埔镇). Every form is derived here
from the gazetteer's names with pypinyin; nothing lists places.

Only ``*.gov.cn`` hosts count: mirrors and news sites copy reports from everywhere. A host label
names a unit *strongly* when the form is long enough to be specific (4 letters or more), so it may
place a county report on its own when exactly one unit has it; shorter forms ('yw', 'rs') only
narrow candidates a name has already given. Path segments only ever narrow.

>>> sorted(u.name for u in host_units("http://www.pingli.gov.cn/Content-2219040.html"))
['平利县']
>>> sorted(path_labels("https://x.gov.cn/jz/dszrmzf_69061/zwgk_81486/t2020.html"))
['dszrmzf', 'jz', 't', 'zwgk']
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from .gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP, Unit, gazetteer
from .names import initials, province_stem, stem, township_stem

_IGNORED = {"www", "gov", "cn", "xxgk", "zwgk", "gk", "zw", "wap", "m", "www2"}
_LABEL = re.compile(r"[a-z]+")
STRONG = 4               # letters a host label needs to name a unit on its own
# Tails a township's page path puts after its initials: 人民政府, 政府, 办事处, 街道办事处.
_TOWNSHIP_TAILS = ("", "rmzf", "zf", "bsc", "jdbsc", "zrmzf")


def host_labels(url: str | None) -> set[str]:
    """The informative labels of a gov.cn host; empty for any other host."""
    host = (urlsplit(_absolute(url)).hostname or "").lower()
    if not host.endswith(".gov.cn"):
        return set()
    return {label for label in host.split(".") if label not in _IGNORED and _LABEL.fullmatch(label)}


def path_labels(url: str | None) -> set[str]:
    """Letter runs of a gov.cn page's path (segments split at digits, '_' and '-')."""
    parts = urlsplit(_absolute(url))
    if not (parts.hostname or "").lower().endswith(".gov.cn"):
        return set()
    path = re.sub(r"\.[a-z]{2,5}$", "", parts.path.lower())        # not the file's suffix
    return set(_LABEL.findall(path))


def _absolute(url: str | None) -> str:
    url = (url or "").strip()
    return url if "://" in url else "http://" + url


@lru_cache(maxsize=8192)
def _syllables(name: str) -> tuple[str, ...]:
    """One pypinyin call per name (it is the slow part): '宁化县' -> ('ning', 'hua', 'xian')."""
    from pypinyin import lazy_pinyin
    return tuple(s.lower() for s in lazy_pinyin(name))


def _forms(name: str, length: int) -> tuple[str, str]:
    """Full pinyin and initials of the first ``length`` characters of ``name``."""
    syl = _syllables(name)[:length]
    return "".join(syl), "".join(s[0] for s in syl if s)


def _digraphs(name: str, length: int) -> str:
    """Initials that keep zh, ch and sh whole: '通州' -> 'tzh'."""
    return "".join(s[:2] if s[:2] in ("zh", "ch", "sh") else s[:1] for s in _syllables(name)[:length])


def unit_keys(unit: Unit) -> tuple[frozenset[str], frozenset[str]]:
    """(strong, weak) host labels that would name this county or prefecture (made for all of them
    once, kept in the gazetteer's snapshot: pypinyin takes half a second to load in a process)."""
    return gazetteer().index("url.keys", _make_keys)[unit.code]


def _make_keys(gz) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return {u.code: _unit_keys(u) for u in gz.by_code.values() if u.level in (PREFECTURE, COUNTY)}


def _unit_keys(unit: Unit) -> tuple[frozenset[str], frozenset[str]]:
    gz = gazetteer()
    province = gz.ancestor(unit, PROVINCE)
    prefecture = gz.ancestor(unit, PREFECTURE) if unit.level == COUNTY else None
    full, full_init = _forms(unit.name, len(unit.name))
    short, short_init = _forms(unit.name, len(stem(unit.name)))
    p_init = _forms(province.name, len(province_stem(province.name)))[1] if province else ""
    f_init = _forms(prefecture.name, len(stem(prefecture.name)))[1] if prefecture else ""
    forms = {short, full, full_init, short_init, p_init + short_init, p_init + short, f_init + short_init,
             f_init + short,                # 'dlweishan' 大理 + 巍山
             p_init + _digraphs(unit.name, len(stem(unit.name)))}     # 'bjtzh' 北京 + 通州 (zh, ch, sh whole)
    forms.discard("")
    strong = frozenset(f for f in forms if len(f) >= STRONG)
    return strong, frozenset(forms) - strong


def strong_index() -> dict[str, tuple[Unit, ...]]:
    return gazetteer().index("url.strong", _make_strong_index)


def _make_strong_index(gz) -> dict[str, tuple[Unit, ...]]:
    index: dict[str, list[Unit]] = {}
    for unit in gz.by_code.values():
        if unit.level in (PREFECTURE, COUNTY):
            for key in unit_keys(unit)[0]:
                index.setdefault(key, []).append(unit)
    return {k: tuple(sorted(v, key=lambda u: u.code)) for k, v in index.items()}


def province_index() -> dict[str, tuple[Unit, ...]]:
    """Provinces by the full pinyin of their stem ('hainan' 海南省; 'shanxi' both 山西 and 陕西), as a
    host names its province."""
    return gazetteer().index("url.provinces", _make_provinces)


def _make_provinces(gz) -> dict[str, tuple[Unit, ...]]:
    index: dict[str, tuple[Unit, ...]] = {}
    for u in sorted(gz.by_code.values(), key=lambda u: u.code):
        if u.level == PROVINCE:
            key = _forms(province_stem(u.name), len(province_stem(u.name)))[0]
            index[key] = index.get(key, ()) + (u,)
    return index


def host_units(url: str | None) -> tuple[Unit, ...]:
    """The units a gov.cn host names strongly (usually one; several when a form is shared). A host
    under its province's ('qionghai.hainan.gov.cn') names a unit of that province: 'hainan' is then
    the province, not 海南区 of 乌海市."""
    index, provinces = strong_index(), province_index()
    labels = host_labels(url)
    within = [p for label in labels for p in provinces.get(label, ())]
    found = {u for label in labels if not (within and label in provinces) for u in index.get(label, ())}
    if within:
        found = {u for u in found if any(p.code in u.path for p in within)}
    return tuple(sorted(found, key=lambda u: u.code))


def names_area(unit: Unit, labels: set[str]) -> bool:
    """Some county or prefecture above ``unit`` (or itself) is named by one of the host labels."""
    gz = gazetteer()
    for level in (COUNTY, PREFECTURE):
        area = unit if unit.level == level else gz.ancestor(unit, level)
        if area is not None and labels & (unit_keys(area)[0] | unit_keys(area)[1]):
            return True
    return False


def names_township(unit: Unit, labels: set[str]) -> bool:
    """A path segment is the township's initials, with or without its organ's ('dszrmzf')."""
    if unit.level != TOWNSHIP:
        return False
    base = township_initials()[unit.code]
    return any(b + tail in labels for b in base if len(b) >= 2 for tail in _TOWNSHIP_TAILS)


def township_initials() -> dict[str, frozenset[str]]:
    """Each township's initials, of its name and of its stem ('大石镇' -> {'dsz', 'ds'}), by code."""
    return gazetteer().index("url.township_initials", _make_initials)


def _make_initials(gz) -> dict[str, frozenset[str]]:
    return {u.code: frozenset({initials(u.name), initials(township_stem(u.name))})
            for u in gz.by_code.values() if u.level == TOWNSHIP}
