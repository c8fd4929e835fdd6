"""A county portal's 政府信息公开年度报告 column: from its list pages to the report pages.

Pagination is followed three ways, as portals print it: links named 下一页 (and 尾页, 末页),
numbered links (2, 3, …), and the page-count script of the common TRS content system
(``createPageHTML(12, 0, "index", "shtml")`` -> index.shtml, index_1.shtml … index_11.shtml). Only
pages in the index's own folder are followed, at most ``max_list_pages`` of them. The reports are
the list's links whose title (the link's words, or its ``title`` attribute where the list cuts
titles short) holds one of the title words, and, with a year, names that year or none; links in
the page's navigation, header, footer and sidebars are not the list's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .page import decode, parse_html, strip_chrome

TITLE_WORDS = ("年度报告", "年报")
NEXT_WORDS = ("下一页", "下页", "后页", "尾页", "末页")
_TRS_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年)")
_WS = re.compile(r"[\s\u00a0\u3000]+")


@dataclass
class Listed:
    url: str
    title: str


def matches(title: str, words=TITLE_WORDS, year: int | None = None) -> bool:
    """A report's title: one of the words, and the year when the title names one.

    >>> matches("曹坊镇2020年政府信息公开工作年度报告", year=2020)
    True
    >>> matches("曹坊镇2019年政府信息公开工作年度报告", year=2020)
    False
    >>> matches("关于印发2020年政务公开工作要点的通知")
    False
    """
    if not any(w in title for w in words):
        return False
    years = {int(y) for y in _YEAR.findall(title)}
    return year is None or not years or year in years


def pages_named(html: str, url: str) -> list[str]:
    """List pages a TRS page-count script names.

    >>> pages_named('<script>createPageHTML(3, 0, "index", "shtml");</script>', "http://x/nb/index.shtml")
    ['http://x/nb/index.shtml', 'http://x/nb/index_1.shtml', 'http://x/nb/index_2.shtml']
    """
    out = []
    for count, stem, ext in _TRS_PAGER.findall(html):
        out += [urljoin(url, f"{stem}.{ext}" if i == 0 else f"{stem}_{i}.{ext}") for i in range(min(int(count), 1000))]
    return out


def report_links(get: Callable[[str], tuple[bytes, str, str]], index_url: str, *, year: int | None = None,
                 words=TITLE_WORDS, max_pages: int = 200,
                 error: Callable[[str, str], None] = lambda url, reason: None) -> list[Listed]:
    """The report pages listed from ``index_url`` on. ``get(url) -> (body, content type, final
    URL)`` fetches a list page (raising to skip it: ``error`` is told why)."""
    folder = urljoin(index_url, ".")
    queue, seen, found = [index_url], {index_url}, {}
    while queue and len(seen) - len(queue) < max_pages:
        url = queue.pop(0)
        try:
            body, content_type, final = get(url)
        except Exception as e:
            error(url, str(e))
            continue
        _, text = decode(body, content_type)
        root = parse_html(text)
        base = root.find(".//base[@href]")
        base_url = urljoin(final, base.get("href").strip()) if base is not None else final
        for nxt in pages_named(text, base_url) + _pager_links(root, base_url):
            if nxt.startswith(folder) and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
        strip_chrome(root, link_lists=False)
        for a in root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            shown = _WS.sub(" ", a.text_content()).strip()
            full = (a.get("title") or "").strip()   # lists cut long titles short: '…工作年度...'
            title = full if len(full) >= len(shown.rstrip(".…")) else shown
            link = urljoin(base_url, href).split("#")[0]
            if urlsplit(link).scheme in ("http", "https") and matches(title, words, year):
                found.setdefault(link, Listed(link, title))
    if queue:
        error(index_url, f"more than {max_pages} list pages: stopped; {len(queue)} not read")
    return list(found.values())


def _pager_links(root, base_url: str) -> list[str]:
    """Links named 下一页 or a page number (read before the chrome is stripped: pagers are often
    named 'page' or 'pagination')."""
    out = []
    for a in root.iter("a"):
        words = _WS.sub("", a.text_content())
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:")) and (words in NEXT_WORDS or words.isdigit()):
            out.append(urljoin(base_url, href).split("#")[0])
    return out

