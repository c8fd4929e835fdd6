"""The jieba user dictionary for Chinese search.

Material's search segments Chinese with jieba when building the index, and segments a query by
the tokens the index holds. jieba's own dictionary does not know most township names (曹坊镇 is
cut into 曹坊 / 镇) nor the format's terms (予以公开 into 予以 / 公开), so a reader typing them
finds nothing precise. This dictionary adds the corpus's place names and the catalogue's short
labels as words.
"""

from __future__ import annotations

import re

from ..catalogue import TABLES

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
PLACE_FIELDS = ("organ", "township", "county", "prefecture", "province")
FREQ = 100000           # high enough that jieba keeps the word whole next to common characters
MAX_TERM = 4            # longer labels (属于国家秘密) stay split, so their parts (国家秘密) are found


def place_words(reports: list[dict]) -> set[str]:
    """Runs of Chinese characters in the reports' place and organ names (nothing else, so no
    report text can reach the dictionary's line format)."""
    return {run for r in reports for f in PLACE_FIELDS if isinstance(r.get(f), str)
            for run in HAN.findall(r[f]) if len(run) >= 2}


def term_words() -> set[str]:
    """Short terms of the catalogue's labels and group headings (予以公开, 行政复议, 不予处理)."""
    texts = []
    for t in TABLES:
        for item in t.rows + t.cols:
            texts += [item.zh, item.group]
    return {run for text in texts for run in HAN.findall(text or "") if 2 <= len(run) <= MAX_TERM}


def user_dictionary(reports: list[dict]) -> str:
    """The dictionary file's text: one 'word freq' per line, sorted."""
    words = sorted(place_words(reports) | term_words())
    return "".join(f"{w} {FREQ}\n" for w in words)
