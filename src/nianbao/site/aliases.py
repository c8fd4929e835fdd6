"""The other spellings a reader types for a place or a term: pinyin and traditional characters.

A reader abroad or on a phone without a Chinese keyboard types ``caofang`` or ``cfz`` for 曹坊镇; a
reader in Hong Kong or Taiwan types 城月鎮 or 依申請公開. The search index holds these forms beside
the simplified words (search.py), each as one word, so Pagefind's prefix match finds them:
``caofang`` finds ``caofangzhen``, ``cf`` finds ``cfz``. Pinyin is pypinyin's (toneless, lower
case; polyphonic characters as pypinyin reads them in context), traditional is OpenCC's ``s2t``.
"""

from __future__ import annotations

import re
from functools import lru_cache

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _s2t():
    import opencc
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1 << 16)
def traditional(text: str) -> str:
    """The text in traditional characters.

    >>> traditional("城月镇")
    '城月鎮'
    """
    return _s2t().convert(text)


@lru_cache(maxsize=1 << 16)
def pinyin(name: str) -> tuple[str, ...]:
    """The full pinyin of a place name's Chinese characters, joined, and its initials.

    >>> pinyin("曹坊镇")
    ('caofangzhen', 'cfz')
    """
    from pypinyin import Style, lazy_pinyin
    han = "".join(HAN.findall(name or ""))
    if not han:
        return ()
    full = "".join(lazy_pinyin(han)).lower()
    initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER)).lower()
    return tuple(dict.fromkeys(w for w in (full, initials) if w.isascii() and w.isalpha()))


def place_aliases(names) -> list[str]:
    """Pinyin (full, initials) and traditional forms of place names, each once, none equal to a name."""
    names = [n for n in names if n]
    out: dict[str, None] = {}
    for n in names:
        for w in pinyin(n):
            out[w] = None
        out[traditional(n)] = None
    return [w for w in out if w not in names and " " not in w]


def term_aliases(terms) -> list[str]:
    """The traditional forms of terms that differ from them (予以公开 -> 予以公開)."""
    return list(dict.fromkeys(t for t in map(traditional, terms) if t not in terms and " " not in t))
