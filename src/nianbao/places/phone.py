"""Phone evidence: a landline's area code names a prefecture (0759 -> 湛江市), offline.

The area-code names come from libphonenumber's geocoder data as shipped by ``phonenumbers``. They
are phone-book names, not the gazetteer's: some codes cover several cities ('0728' 仙桃、潜江、天门),
some names are short or old ('内蒙古呼伦贝尔', '贵州省铜仁地区', '株州'). Each name is matched to
gazetteer units inside its province by exact name, then by stem as a prefix ('铜仁地区' -> 铜仁市,
'黔南' -> 黔南布依族苗族自治州), and the English name by pinyin at prefecture level ('Zhuzhou' ->
株洲市). A name that matches nothing is dropped, never guessed. Mobile numbers carry no place.

>>> area_code("0759-7881200"), area_code("010-12345678"), area_code("+86 591 8765 4321"), area_code("13912345678")
('759', '10', '591', None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import COUNTY, PREFECTURE, gazetteer
from .names import latin_key, pinyin, stem

_DIGITS = re.compile(r"\D")


def area_code(phone: str | None) -> str | None:
    """The area code without its trunk 0; None for mobiles and numbers printed without one."""
    if not phone:
        return None
    digits = _DIGITS.sub("", phone)
    if phone.strip().startswith("+86") or (digits.startswith("86") and len(digits) >= 12):
        digits = "0" + digits[2:].lstrip("0")
    if not digits.startswith("0") or len(digits) < 10:
        return None
    # Two-digit codes are 10 and 2x (Beijing, the big cities); every other code has three.
    return digits[1:3] if digits[1] in "12" else digits[1:4]


def area_units(code: str) -> frozenset[str]:
    """Codes of the gazetteer units an area code covers (prefectures, or a municipality, or counties).
    Every code ``area_code`` can return is looked up once and kept with the gazetteer (its snapshot),
    those that cover nothing too: the geocoder's data for every country takes half a second to
    import, in every worker process that meets a number the table does not hold."""
    table = area_table()
    return table[code] if code in table else _lookup(code)


def area_table() -> dict[str, frozenset[str]]:
    """``area_units`` of every code ``area_code`` can return, by code (an empty set: no place)."""
    return gazetteer().index("phone.area_units", _every_code)


def _every_code(gz) -> dict[str, frozenset[str]]:
    codes = [f"{a}{b}" for a in "12" for b in "0123456789"]
    codes += [f"{a}{b}{c}" for a in "03456789" for b in "0123456789" for c in "0123456789"]
    return {code: _lookup(code) for code in codes}


@lru_cache(maxsize=512)
def _lookup(code: str) -> frozenset[str]:
    from phonenumbers import PhoneNumber
    from phonenumbers.geocoder import description_for_valid_number

    # A made-up subscriber number: the geocoder looks up the longest known prefix of it.
    number = PhoneNumber(country_code=86, national_number=int(code + "2000000"))
    zh = description_for_valid_number(number, "zh")
    en = description_for_valid_number(number, "en")
    return frozenset(u.code for u in _match(zh, en))


def _match(zh: str, en: str) -> list:
    gz = gazetteer()
    province = next((p for p in gz.provinces if zh[:2] == p.name[:2]), None)
    if province is None:
        return []
    rest = zh[_common_prefix(zh, province.name):]
    if not rest:                                    # '北京市': the municipality itself
        return [province]
    inside = gz.descendants(province, (PREFECTURE, COUNTY))
    found = []
    for name in filter(None, rest.split("、")):
        hits = [u for u in inside if u.name == name]
        if not hits:
            short = stem(name)
            hits = [u for u in inside if len(short) >= 2 and u.name.startswith(short)]
            top = [u for u in hits if u.level == PREFECTURE]
            hits = top or hits
        found += hits
    city_part = en.rsplit(", ", 1)[0] if ", " in en else ""
    keys = {latin_key(n) for n in city_part.split("/")}
    found += [u for u in inside if u.level == PREFECTURE and pinyin(stem(u.name)) in keys]
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
