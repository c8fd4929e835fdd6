"""Chinese search: the index is segmented with jieba and the corpus's place names stay whole."""

from __future__ import annotations

import json
import re

ZWSP = "\u200b"  # Material's search plugin joins jieba's segments with zero-width spaces


def tokens(text: str) -> set[str]:
    return set(re.split(r"[\u200b\s]+", text))


def index(site) -> dict:
    return json.loads((site.path / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_user_dictionary_is_generated_from_places_and_terms(site):
    words = {line.split()[0] for line in
             (site.root / ".cache" / "nianbao" / "jieba_user.txt").read_text(encoding="utf-8").splitlines()}
    assert {"曹坊镇", "宁化县", "望远镇", "城月镇", "张巷镇", "石门乡"} <= words     # the corpus's places
    assert {"予以公开", "行政复议", "不予公开", "行政诉讼"} <= words                 # the catalogue's terms


def test_township_names_and_terms_are_whole_tokens(site):
    docs = index(site)["docs"]
    text = ZWSP.join(d["title"] + ZWSP + d["text"] for d in docs)
    assert {"曹坊镇", "城月镇", "望远镇", "予以公开", "行政复议"} <= tokens(text)
    for split in ("曹坊\u200b镇", "城月\u200b镇", "予以\u200b公开"):   # what jieba alone makes of them
        assert split not in text, split


def test_report_pages_are_indexed_with_their_title_and_sections(site):
    rid = site.report("000_8fd5f38ae061f3c2.txt")["report_id"]
    docs = [d for d in index(site)["docs"] if d["location"].startswith(f"reports/{rid}/")]
    page = next(d for d in docs if d["location"] == f"reports/{rid}/")
    assert page["title"].replace(ZWSP, "").startswith("曹坊镇人民政府")
    table4 = next(d for d in docs if d["location"] == f"reports/{rid}/#review_litigation")
    assert "行政复议" in tokens(table4["title"]) and "行政复议" in tokens(table4["text"])
