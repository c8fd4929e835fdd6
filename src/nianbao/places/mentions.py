"""Mentions: the provinces, prefectures and counties a report's text names, wherever it names them.

A report seldom says where its township is, but it often names its county in passing ('建水县政府网',
'按照仁寿县人民政府办公室…的通知'). This is the evidence the resolver weighs later, recorded in the
extraction so that resolving never needs the text again. One pass over the text: at each position,
only the names of the gazetteer that begin with the two characters there are compared, so the work
is linear in the text's length.

>>> [(m.name, m.count) for m in area_mentions(['请与宿城区中扬镇人民政府联系', '宿城区人民政府网站'], [3, 4])]
[('宿城区', 2)]
"""

from __future__ import annotations


from ..extraction.model import Mention
from .gazetteer import gazetteer

MAX_NAMES = 24           # distinct names kept, the most frequent first
MAX_CHARS = 200_000      # characters of text scanned: names are near the top; a hostile page stops here


def _by_start() -> dict[str, tuple[str, ...]]:
    return gazetteer().index("mentions.by_start", _make_by_start)


def _make_by_start(gz) -> dict[str, tuple[str, ...]]:
    """Area names (of three characters or more: two are too common as strings) by their first two."""
    index: dict[str, list[str]] = {}
    for name in gz.areas:
        if len(name) >= 3:
            index.setdefault(name[:2], []).append(name)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


def area_mentions(texts: list[str], numbers: list[int]) -> list[Mention]:
    """Area names in ``texts`` (the lines, with their numbers), the longest name at each position."""
    candidates = _by_start().get
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    budget = MAX_CHARS
    for text, number in zip(texts, numbers):
        text = text[:budget].replace(" ", "")
        budget -= len(text)
        i, end = 0, len(text) - 2
        while i < end:
            hit = None
            for name in candidates(text[i:i + 2], ()):     # most positions start no name: no loop
                if text.startswith(name, i):
                    hit = name
                    break
            if hit is None:
                i += 1
                continue
            first.setdefault(hit, number)
            counts[hit] = counts.get(hit, 0) + 1
            i += len(hit)
        if budget <= 0:
            break
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n], n))[:MAX_NAMES]
    return [Mention(n, first[n], counts[n]) for n in sorted(ranked, key=lambda n: (first[n], n))]
