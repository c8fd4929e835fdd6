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
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]", "【": "[", "】": "]",
                         "—": "-", "－": "-", "–": "-", "、": "、"})
_MARKUP_HINT = re.compile(r"[<&#*_\[\-+]")
_NOT_WORD = re.compile(r"[\s\W_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # NUL, ESC…: never text; tab stays (cells)


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


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), unified quotes and dashes, markup removed; keeps script."""
    text = strip_markup(_CONTROL.sub("", text))
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_QUOTES)


@lru_cache(maxsize=1 << 16)  # the same line is compared against many patterns
def compact(text: str) -> str:
    """The form labels are compared in: no spaces, no punctuation. '1. 属于 国家秘密' -> '1属于国家秘密'."""
    return _NOT_WORD.sub("", text)
