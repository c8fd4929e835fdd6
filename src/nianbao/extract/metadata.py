"""Metadata: who published the report, on which year, and how to reach them.

Each value carries the line it was read from. Places beyond what the text prints (prefecture,
province, division code) are resolved elsewhere; here we read only what is printed.
"""

from __future__ import annotations

import re
from collections import Counter

from ..extraction import Field
from ..ingest import Line
from ..normalise import compact
from ..places import is_township

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebef]"  # with the rare characters of place names (湖㳇镇)
TITLE = re.compile(r"(政府信息公开|政务公开).{0,12}(年度报告|年报|工作报告)")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
PERIOD_YEAR = re.compile(r"(?:统计|时限|期限)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
ORGAN_TAIL = ("人民政府", "办事处", "政府")
TOWNSHIP_TAILS = "镇|乡|街道|苏木|区公所"  # every kind of township-level unit in the 民政部 table
SIGNATURE = re.compile(rf"^{_HAN}{{2,24}}(?:人民政府|办事处|{TOWNSHIP_TAILS})$")
TOWNSHIP = re.compile(rf"({_HAN}{{1,12}}?(?:{TOWNSHIP_TAILS}))$")
COUNTY_TAIL = "县市区旗"
NOT_A_PLACE_START = set("与在对为的是及由向从请经")  # 和 starts real names (和县, 和平县)
DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "○": 0}
CN_DATE = re.compile(r"^([〇○零一二三四五六七八九O]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
PHONE = re.compile(r"(?<!\d)(0\d{2,3})\s*[-—)]?\s*(\d{7,8})(?!\d)")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?:/[A-Za-z0-9._~%/?#=&+\-]*)?")
POSTCODE = re.compile(r"(?:邮政编码|邮编)\s*[:：]?\s*(\d{6})(?!\d)")
CONTACT = re.compile(r"电话|联系|热线")
ADDRESS = re.compile(r"地址\s*[:：]\s*([^,，;；。)]+)")


def metadata(lines: list[Line]) -> dict[str, Field]:
    out: dict[str, Field] = {}
    title = _title(lines)
    organ = _signature(lines) or _organ_from_title(title, lines)
    if organ:
        out["organ"] = organ
    year = _year(title, lines)
    if year:
        out["year"] = year
    township = _township(organ.value if organ else None)
    if township:
        out["township"] = Field(township, organ.line, organ.source)
        county = _county(township, lines)
        if county:
            out["county"] = county
    date = _published_on(lines)
    if date:
        out["published_on"] = date
    for name, finder in (("phone", _phone), ("email", _email), ("website", _website),
                         ("postcode", _postcode), ("address", _address)):
        found = finder(lines)
        if found:
            out[name] = found
    return out


def has_title(lines: list[Line]) -> bool:
    return _title(lines) is not None


def _title(lines: list[Line]) -> Line | None:
    for line in lines[:15]:
        if TITLE.search(compact(line.text)):
            return line
    return None


def _signature(lines: list[Line]) -> Field | None:
    """The organ that signs the report: a short line standing alone near the end."""
    tail = [l for l in lines if l.text.strip()][-4:]
    for line in reversed(tail):
        text = compact(line.text)
        if SIGNATURE.match(text):
            return Field(text, line.number, "signature")
    return None


def _organ_from_title(title: Line | None, lines: list[Line]) -> Field | None:
    """The title's words before the year: '南召县石门乡人民政府 2020 年…' -> 南召县石门乡人民政府.

    A title naming the town alone ('张巷镇2021年…') is completed to the government's name only
    when the report itself writes it so ('张巷镇人民政府').
    """
    if title is None:
        return None
    text = compact(title.text)
    m = re.search(rf"({_HAN}+)(?:19|20)\d{{2}}", text)  # the Han words right before the year
    if not m:
        return None
    organ = m.group(1)
    if not organ.endswith(ORGAN_TAIL):
        full = organ + "人民政府"
        for line in lines:
            if full in compact(line.text):
                return Field(full, line.number, "text")
    return Field(organ, title.number, "title")


def _year(title: Line | None, lines: list[Line]) -> Field | None:
    if title:
        m = TITLE_YEAR.search(title.text)
        if m:
            return Field(int(m.group(1)), title.number, "title")
    for line in lines[:30]:
        m = PERIOD_YEAR.search(line.text)
        if m:
            return Field(int(m.group(1)), line.number, "text")
    return None


def _township(organ: str | None) -> str | None:
    if not organ:
        return None
    for tail in ("人民政府", "办事处", "政府"):
        if organ.endswith(tail):
            organ = organ[: -len(tail)]
            break
    m = TOWNSHIP.search(organ)
    if not m:
        return None
    name = m.group(1)
    # Drop a county prefix the title writes before the town: 南召县石门乡 -> 石门乡. Where the
    # gazetteer knows the town, its name decides (白旗寨满族乡 keeps the 旗 of its own name);
    # otherwise the first county-level suffix ends the prefix.
    cuts = [0] + [i + 1 for i, c in enumerate(name[:-2]) if c in COUNTY_TAIL and i >= 1]
    known = [name[k:] for k in cuts if is_township(name[k:])]
    if known:
        return known[0]
    return name[cuts[1]:] if len(cuts) > 1 else name


def _county(township: str, lines: list[Line]) -> Field | None:
    """The county-level unit the report writes right before the town's name (宁化县曹坊镇)."""
    text = "\n".join(compact(l.text) for l in lines)
    counts: Counter[str] = Counter()
    for m in re.finditer(re.escape(township), text):
        before = text[max(0, m.start() - 5):m.start()]
        for k in range(2, len(before) + 1):
            cand = before[-k:]
            if cand[-1] in COUNTY_TAIL and re.fullmatch(rf"{_HAN}+", cand) and cand[0] not in NOT_A_PLACE_START:
                counts[cand] = text.count(cand)
    if not counts:
        return None
    top = max(counts.values())
    best = max((c for c, n in counts.items() if n == top), key=len)
    line = next(l for l in lines if best + township in compact(l.text))
    return Field(best, line.number, "text")


def _published_on(lines: list[Line]) -> Field | None:
    tail = [l for l in lines if l.text.strip()][-4:]
    for line in reversed(tail):
        text = compact(line.text).replace("年", "年").strip()
        raw = line.text.replace(" ", "").strip()
        m = DATE.match(raw)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return Field(f"{y:04d}-{mo:02d}-{d:02d}", line.number, "signature")
        m = CN_DATE.match(text)
        if m:
            y = int("".join(str(CN_DIGITS[c]) for c in m.group(1)))
            return Field(f"{y:04d}-{_cn_int(m.group(2)):02d}-{_cn_int(m.group(3)):02d}", line.number, "signature")
    return None


def _cn_int(s: str) -> int:
    """Chinese numerals of a month or day.

    >>> _cn_int('十二'), _cn_int('二十一'), _cn_int('九'), _cn_int('十')
    (12, 21, 9, 10)
    """
    if "十" not in s:
        return CN_DIGITS[s]
    tens, _, ones = s.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _first(lines: list[Line], pattern: re.Pattern, group: int = 0, fmt=lambda m, g: m.group(g)):
    for line in lines:
        m = pattern.search(line.text)
        if m:
            return Field(fmt(m, group), line.number, "text")
    return None


def _phone(lines: list[Line]) -> Field | None:
    contact = [l for l in lines if CONTACT.search(l.text)]
    return (_first(contact, PHONE, fmt=lambda m, g: f"{m.group(1)}-{m.group(2)}")
            or _first(contact, MOBILE, 1))


def _email(lines: list[Line]) -> Field | None:
    return _first(lines, EMAIL)


def _website(lines: list[Line]) -> Field | None:
    found = _first(lines, URL)
    if found:
        found.value = found.value.rstrip(".")
    return found


def _postcode(lines: list[Line]) -> Field | None:
    return _first(lines, POSTCODE, 1)


def _address(lines: list[Line]) -> Field | None:
    found = _first(lines, ADDRESS, 1)
    if found:
        found.value = found.value.strip()
    return found
