"""Domain evidence: a county's government site is usually named after it in pinyin.

No data set maps gov.cn domains to places, so this is a convention, checked against names derived
from the gazetteer with pypinyin: the full pinyin of a county or prefecture ('nanzhao.gov.cn'), or
the province's initials followed by the county's ('fjnh.gov.cn' 福建宁化, 'jxfc.gov.cn' 江西丰城).
It is the weakest evidence: it only chooses among townships the name already found, and only
when exactly one of them fits; it never introduces a place. Only ``*.gov.cn`` hosts count
(a township page on a commercial host says nothing about where it is).

>>> labels("http://www.jxfc.gov.cn/xxgk-show-123660.html"), labels("http://tzchery.com/gzzwz/")
({'jxfc'}, set())
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import COUNTY, PREFECTURE, PROVINCE, Unit, gazetteer
from .names import initials, pinyin, province_stem, stem

_HOST = re.compile(r"^(?:[a-z]+://)?([^/:?#]+)")
_IGNORED = {"www", "gov", "cn", "xxgk", "zwgk"}


def labels(website: str | None) -> set[str]:
    """The informative labels of a gov.cn host; empty for any other host."""
    m = _HOST.match((website or "").strip().lower())
    if not m or not m.group(1).endswith(".gov.cn"):
        return set()
    return {label for label in m.group(1).split(".") if label not in _IGNORED}


@lru_cache(maxsize=4096)
def keys(unit: Unit) -> frozenset[str]:
    """Domain labels that would name this unit's county or prefecture."""
    gz = gazetteer()
    province = gz.ancestor(unit, PROVINCE)
    prefix = initials(province_stem(province.name)) if province else ""
    out = set()
    for level in (PREFECTURE, COUNTY):
        area = gz.ancestor(unit, level)
        if area is None:
            continue
        short = stem(area.name)
        full = pinyin(short)
        if len(full) >= 4:                  # one syllable ('he', 'yi') names too much
            out.add(full)
        out.add(prefix + initials(short))
    return frozenset(out)


def matches(unit: Unit, host_labels: set[str]) -> bool:
    return bool(host_labels & keys(unit))
