"""How to reach the organ, and when it signed: phone, e-mail, website, postcode, address, date.

Patterns are bounded (no unbounded repetition before a literal that may never come), and the
e-mail pattern only runs on lines that hold an '@', so a page of digits costs linear time.
"""

from __future__ import annotations

import datetime
import re

from ...extraction import Field
from ...ingest import Line
from ...normalise import compact

PHONE = re.compile(r"(?<!\d)(0\d{2,3})\s*[-—)]?\s*(\d{7,8})(?!\d)")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,10}")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]{1,253}(?:/[A-Za-z0-9._~%/?#=&+\-]{0,512})?")
POSTCODE = re.compile(r"(?:邮政编码|邮编)\s*[:：]?\s*(\d{6})(?!\d)")
CONTACT = re.compile(r"电话|联系|热线")
ADDRESS = re.compile(r"地址\s*[:：]\s*([^,，;；。)]{1,80})")
DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "○": 0}
CN_DATE = re.compile(r"^([〇○零一二三四五六七八九O]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
MAX_LINE = 2000     # contact details stand on ordinary lines; longer ones are searched in their start


def contact(lines: list[Line]) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for name, finder in (("phone", _phone), ("email", _email), ("website", _website),
                         ("postcode", _postcode), ("address", _address), ("published_on", published_on)):
        found = finder(lines)
        if found:
            out[name] = found
    return out


def published_on(lines: list[Line]) -> Field | None:
    """The date under the signature, when it is a real date (2021年2月30日 is not)."""
    tail = [l for l in lines[-24:] if l.text.strip()][-4:]
    for line in reversed(tail):
        text = compact(line.text)
        raw = line.text.replace(" ", "").strip()
        m = DATE.match(raw)
        if m:
            y, mo, d = (int(g) for g in m.groups())
        else:
            m = CN_DATE.match(text)
            if not m:
                continue
            y = int("".join(str(CN_DIGITS[c]) for c in m.group(1)))
            mo, d = cn_int(m.group(2)), cn_int(m.group(3))
            if mo is None or d is None:
                return None
        try:
            return Field(datetime.date(y, mo, d).isoformat(), line.number, "signature")
        except ValueError:
            return None
    return None


def cn_int(s: str) -> int | None:
    """Chinese numerals of a month or day; None for what is not one ('二三', '十十').

    >>> cn_int('十二'), cn_int('二十一'), cn_int('九'), cn_int('十'), cn_int('二三')
    (12, 21, 9, 10, None)
    """
    m = re.fullmatch(r"([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)", s)
    if not m or not s or (m.group(1) and not m.group(2) and m.group(3)):
        return None
    tens, ten, ones = m.groups()
    if not ten:
        return CN_DIGITS[ones or tens]
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _first(lines: list[Line], pattern: re.Pattern, group: int = 0, fmt=lambda m, g: m.group(g)):
    for line in lines:
        m = pattern.search(line.text[:MAX_LINE])
        if m:
            return Field(fmt(m, group), line.number, "text")
    return None


def _phone(lines: list[Line]) -> Field | None:
    near = [l for l in lines if CONTACT.search(l.text[:MAX_LINE])]
    return (_first(near, PHONE, fmt=lambda m, g: f"{m.group(1)}-{m.group(2)}")
            or _first(near, MOBILE, 1))


def _email(lines: list[Line]) -> Field | None:
    return _first([l for l in lines if "@" in l.text[:MAX_LINE]], EMAIL)


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
