"""Normalisation for matching: one place that decides how report text is compared.

Reports come in full-width and half-width forms, simplified and traditional script, with HTML and
Markdown left over from conversion. Matching runs on the normalised form; what is published as
"printed" is always traceable to the original line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(?=\S)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")  # not across "[": linear on "[bookmark:" repeated
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]", "【": "[", "】": "]",
                         "—": "-", "－": "-", "–": "-", "、": "、"})
_MARKUP_HINT = re.compile(r"[<&#*_\[\-+]")
_NOT_WORD = re.compile(r"[\s\W_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # NUL, ESC…: never text; tab stays (cells)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = f"[a-zA-Zü{_TONED}]{{1,7}}[1-5]?"
# a pinyin gloss right after a Han character: 鎮(zhèn), 鄉(xiang1), 政府(zhèng fǔ)
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\(\s*({_SYLLABLE}(?:[\s']+{_SYLLABLE})*)\s*\)")
_TONE = re.compile(rf"[{_TONED}]|[a-zü][1-5]\b")
_LOWER = re.compile(r"^[a-zü\s']+$")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified script (OpenCC). Line breaks and length are kept."""
    return _t2s().convert(text)


def strip_markup(line: str) -> str:
    """Remove HTML tags and Markdown markers, keeping their text: '<b>本年</b>' -> '本年'."""
    if not _MARKUP_HINT.search(line):  # most lines have none: skip the regexes
        return line
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAG.sub("", line)
    line = html.unescape(line)
    line = _BOOKMARK.sub("", line)
    line = _MD_HEADING.sub("", line)
    line = _MD_BULLET.sub("", line)
    return _MD_EMPHASIS.sub("", line)


def strip_glosses(text: str) -> str:
    """Remove pinyin glosses inserted after characters, keep every other parenthesis.

    A gloss is latin letters with tone marks or tone digits in parentheses right after a Han
    character; once a line has one, its toneless lower-case glosses (的(de)) go too.

    >>> strip_glosses('鎮(zhèn)人民政府(zhèng fǔ)，(一)予以公开(单位:万元)')
    '鎮人民政府，(一)予以公开(单位:万元)'
    >>> strip_glosses('鄉(xiāng)的(de)报告(PDF)')
    '鄉的报告(PDF)'
    >>> strip_glosses('附件(pdf)')
    '附件(pdf)'
    """
    if "(" not in text:
        return text
    found = _GLOSS.findall(text)
    if not found or not any(_TONE.search(g) for g in found):
        return text
    return _GLOSS.sub(lambda m: "" if _TONE.search(m.group(1)) or _LOWER.match(m.group(1)) else m.group(0),
                      text)


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), unified quotes and dashes, markup and pinyin glosses
    removed; keeps script."""
    text = strip_markup(_CONTROL.sub("", text))
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return strip_glosses(text.translate(_QUOTES))


@lru_cache(maxsize=1 << 16)  # the same line is compared against many patterns
def compact(text: str) -> str:
    """The form labels are compared in: no spaces, no punctuation. '1. 属于 国家秘密' -> '1属于国家秘密'."""
    return _NOT_WORD.sub("", text)


_ENUMERATOR = re.compile(r"^[一二三四五六七八九十\d]{1,2}$")
_PAREN = re.compile(r"\(([^()]*)\)")


def strip_instructions(text: str) -> str:
    """A label without the filling instructions printed in it, for matching: every parenthesised
    part except an enumerator like (一) or (1).

    >>> strip_instructions('(二)部分公开(区分处理的,只计这一情形,不计其他情形)')
    '(二)部分公开'
    >>> strip_instructions('本年收费金额(单位:万元)'), strip_instructions('(代 3.补正后申请内容仍不明确')
    ('本年收费金额', '(代 3.补正后申请内容仍不明确')
    """
    if "(" not in text:
        return text
    return _PAREN.sub(lambda m: m.group(0) if _ENUMERATOR.match(m.group(1).strip()) else "", text)
