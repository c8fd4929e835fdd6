"""Plain-text and Markdown reports (including OCR output and Word/HTML pages saved as text).

Text comes in whatever encoding the portal or the copying tool used: UTF-8 (with or without a
byte-order mark), UTF-16, GB18030/GBK and Big5. ``decode`` finds it without being told. The hard
case is legacy Chinese: GB18030 decodes almost any bytes, and Big5 decodes most GBK bytes, so
"decodes without error" proves little. Each candidate reading is scored instead by the share of
its Chinese characters that are common ones (the first level of GB2312 or of Big5, about 6,700
characters that make up nearly all of any report in either script): the right reading scores
near 1, a wrong one near 0.5 or lower, even on a one-line title.
"""

from __future__ import annotations

import re

import codecs
import unicodedata
from functools import lru_cache

from .document import IngestError, Line
from .lines import build, paragraph, split_cells

__all__ = ["decode", "read_text", "split_cells", "sniff_encoding"]

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY = ("gb18030", "cp950", "big5hkscs")   # GBK is a subset of GB18030; cp950 is Big5 as Windows has it
MIN_COMMON = 0.8        # a reading below this share of common characters is not Chinese text
MAX_DAMAGE = 0.002      # decode errors tolerated (as U+FFFD) in an otherwise clean reading,
DAMAGE_FLOOR = 6        # and this many in any file, however short: one damaged byte of UTF-8 makes up to three
MAX_CONTROL = 0.01      # control characters beyond this share: binary data, not text


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """GB2312 level 1 (3,755 frequent simplified characters) and Big5 level 1 (5,401 frequent
    traditional ones), read from the codecs themselves so no list has to be shipped."""
    out = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                out.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead << 8 | trail) <= 0xC67E:
                try:
                    out.add(bytes((lead, trail)).decode("big5"))
                except UnicodeDecodeError:
                    pass
    return frozenset(out)


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xE000 <= o <= 0xF8FF or o >= 0x20000


def score(text: str) -> tuple[float, int]:
    """(share of common characters among the Chinese ones, number of Chinese characters).

    >>> score('政府信息公开')
    (1.0, 6)
    """
    common = common_chars()
    han = [ch for ch in text if _is_han(ch)]
    if not han:
        return 0.0, 0
    return sum(ch in common for ch in han) / len(han), len(han)


def _reading(data: bytes, encoding: str) -> tuple[str, int]:
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, text.count("\ufffd")


def sniff_encoding(data: bytes) -> tuple[str, str]:
    """(encoding, text) of ``data``; raises IngestError when no reading is Chinese text.

    >>> sniff_encoding('政府資訊公開'.encode('big5'))[0]
    'cp950'
    >>> sniff_encoding('政府信息公开'.encode('gbk'))[0]
    'gb18030'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, errors = _reading(data[len(bom):], encoding)
            if errors > max(2, MAX_DAMAGE * len(text)):
                raise IngestError(f"the file starts with a {encoding} byte-order mark but {errors} "
                                  "of its characters are not valid in that encoding")
            return encoding, text
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = ["utf-8", *_LEGACY]
    if b"\x00" in data and len(data) % 2 == 0:  # 8-bit encodings never contain NUL: UTF-16 without mark
        candidates += ["utf-16-le", "utf-16-be"]
    best = None
    for encoding in candidates:
        text, errors = _reading(data, encoding)
        common, han = score(text)
        damage = errors / max(1, len(text))
        rank = common - 5 * damage
        if best is None or rank > best[0]:
            best = (rank, encoding, text, common, han, damage, errors)
    _, encoding, text, common, han, damage, errors = best
    if han == 0 or common < MIN_COMMON or (damage > MAX_DAMAGE and errors > DAMAGE_FLOOR):
        raise IngestError("the text is in no encoding we can read: tried UTF-8, UTF-16, GB18030/GBK "
                          f"and Big5; the best guess ({encoding}) gives "
                          + (f"{han} Chinese characters, {common:.0%} of them common, "
                             f"{damage:.1%} undecodable bytes" if han else "no Chinese text"))
    return encoding, text


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")  # category Cc less \t\n\r\f\v and ^Z


def decode(data: bytes) -> str:
    """Decode report text in any of the encodings reports come in (see the module docstring)."""
    encoding, text = sniff_encoding(data)
    controls = len(_CONTROLS.findall(text))
    if controls > MAX_CONTROL * len(text):
        raise IngestError(f"this is binary data, not text ({controls} control characters as {encoding})")
    return text.lstrip("\ufeff")


def read_text(data: bytes) -> list[Line]:
    raw_lines = decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return build([paragraph(raw) for raw in raw_lines])
