"""An article page as the harvest reads it: its encoding, ``<title>``, metadata block (发布机构,
发布日期, 索引号) and the report's attachments.

The encoding comes from the HTTP header, else the page's ``<meta charset>``, else the detection
the build uses on text (UTF-8, GB18030, Big5). A header naming ISO-8859-1 (or another Western
code page) is no declaration at all: it is the default of many servers that serve Chinese pages.
The archived file keeps the original bytes either way; the encoding is noted in the manifest.

Attachments are the document links (PDF, DOC, DOCX, WPS, XLS, XLSX) of the article, resolved
against the page's address or its ``<base href>``. The article is found as the build's web reader
finds it (ingest/web.py): navigation, header, footer, sidebars and lists of related links are
dropped first, and the article is the element holding most of the remaining Chinese text; its
parent's other children count too, because portals put the 附件 list right beside the text.
A page whose article, less the attachments' names, has fewer than LINK_PAGE_HAN Chinese
characters only links its report: it is archived apart (.pages/), so that the build does not take
its title for a report with no tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote, urljoin, urlsplit

from ..ingest import DOC, DOCX, HTML, PDF, sniff, web
from ..ingest.document import IngestError
from ..ingest.text import sniff_encoding

DOCUMENTS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx")
LINK_PAGE_HAN = 200
_NOT_DECLARED = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_WS = re.compile(r"[\s\u00a0\u3000]+")
LABELS = {  # manifest column: the labels a metadata block prints it under (simplified, traditional)
    "index_number": ("索引号", "索引號"),
    "publisher": ("发布机构", "發布機構", "發佈機構", "发文机关", "發文機關", "发布单位", "發布單位", "發佈單位",
                  "信息来源", "信息來源"),
    "published_date": ("发布日期", "發布日期", "發佈日期", "发布时间", "發布時間", "發佈時間", "公开日期", "公開日期",
                       "成文日期"),
}
_ANY_LABEL = "|".join(sorted({l for ls in LABELS.values() for l in ls}, key=len, reverse=True))
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")


@dataclass
class Attachment:
    url: str
    text: str                      # the link's words (often the file's name)


@dataclass
class Page:
    encoding: str
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)   # manifest column -> value
    attachments: list[Attachment] = field(default_factory=list)
    links_only: bool = False       # the article is little more than links to its attachments


def is_html(content_type: str, data: bytes) -> bool:
    """A web page to read for attachments (not a PDF or Word file, whatever the header says)."""
    sniffed = sniff(data)
    if sniffed in (PDF, DOCX, DOC):
        return False
    kind = content_type.split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or (
        kind in ("", "application/octet-stream", "text/plain") and sniffed is HTML)


def parse_html(text: str):
    """An lxml tree of a page; an empty one when there is nothing to parse."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except Exception:   # empty or unparsable: a page with nothing to follow
        return lxml.html.document_fromstring("<html><body></body></html>")


def decode(data: bytes, content_type: str = "") -> tuple[str, str]:
    """(encoding, text) of a page: header, else ``<meta charset>``, else detection.

    >>> decode('<p>年度报告</p>'.encode('gbk'), 'text/html; charset=ISO-8859-1')[0]
    'gb18030'
    """
    declared = _CHARSET.search(content_type)
    meta = web._META_CHARSET.search(data[:8192])
    for name in (declared.group(1) if declared else None, meta.group(1).decode("ascii") if meta else None):
        if name and name.lower() not in _NOT_DECLARED:
            codec = web._CHARSETS.get(name.lower(), name.lower())
            try:
                return codec, data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                continue   # a wrong declaration is common: try the next clue
    try:
        return sniff_encoding(data)
    except IngestError:
        return "utf-8", data.decode("utf-8", errors="replace")


def read_page(data: bytes, content_type: str, url: str) -> Page:
    """The evidence on an article page and the report's attachments; ``url`` is where it was
    finally served from (relative links resolve against it)."""
    encoding, text = decode(data, content_type)
    root = parse_html(text)
    page = Page(encoding)
    title = root.find(".//title")
    page.title = _WS.sub(" ", title.text_content()).strip() if title is not None else ""
    base = root.find(".//base[@href]")
    base_url = urljoin(url, base.get("href").strip()) if base is not None else url
    page.metadata = metadata_block(root)
    strip_chrome(root)
    article = web.article(root)
    parent = article.getparent()
    region = parent if parent is not None and article.tag not in ("body", "html") else article
    seen: set[str] = set()
    for a in region.iter("a"):
        found = document_link(a, base_url)
        if found and found.url not in seen:
            seen.add(found.url)
            page.attachments.append(found)
    han = len(web._HAN.findall(article.text_content())) - sum(len(web._HAN.findall(a.text)) for a in page.attachments)
    page.links_only = bool(page.attachments) and han < LINK_PAGE_HAN
    return page


def document_link(a, base_url: str) -> Attachment | None:
    """The attachment a link points to, when it is a PDF/Word/WPS/Excel file (by its address or,
    for download scripts, by the file name in the link's words)."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    url = urljoin(base_url, href).split("#")[0]
    words = _WS.sub(" ", a.text_content()).strip() or (a.get("title") or "").strip()
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    path = unquote(urlsplit(url).path).lower()
    if path.endswith(DOCUMENTS) or words.lower().endswith(DOCUMENTS):
        return Attachment(url, words)
    return None


def strip_chrome(root, link_lists: bool = True) -> None:
    """Drop what the build's reader drops (web.py), but keep a list of links when it holds
    documents: that is the article's 附件 list, not a menu. ``link_lists`` False keeps every
    list of links (on an index page, the list is what we came for)."""
    for el in list(root.iter(*web._DROP_TAGS)):
        web._drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("body", "html"):
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if web._BOILERPLATE.search(names) and not web._holds_tables(el):
            web._drop(el)
        elif link_lists and el.tag in ("ul", "ol", "div", "td", "table", "p") and web._link_list(el) and not any(
                document_link(a, "http://x/") for a in el.iter("a")):
            web._drop(el)


def metadata_block(root) -> dict[str, str]:
    """索引号, 发布机构, 发布日期 as the page prints them (a date as ISO when it reads as one).

    >>> import lxml.html
    >>> metadata_block(lxml.html.fromstring('<table><tr><td>索引号：</td><td>113504/2021-00012</td>'
    ...     '<td>发布机构：</td><td>曹坊镇人民政府</td></tr><tr><td>发布日期：2021年1月9日</td></tr></table>'))
    {'index_number': '113504/2021-00012', 'publisher': '曹坊镇人民政府', 'published_date': '2021-01-09'}
    """
    for el in list(root.iter("script", "style", "head")):
        web._drop(el)
    text = "\n".join(t.strip() for t in root.itertext() if t.strip())
    out = {}
    for column, labels in LABELS.items():
        for label in labels:
            m = re.search(rf"{label}\s*[:：]?\s*(.*)", text, re.S)
            value = _value(m.group(1)) if m else ""
            if value:
                out[column] = value
                break
    if "published_date" in out and (d := _DATE.match(out["published_date"])):
        try:
            out["published_date"] = date(*map(int, d.groups())).isoformat()
        except ValueError:
            pass   # not a real date: kept as printed
    return out


def _value(rest: str) -> str:
    """The value after a label: up to the next space or the next label; empty when the label's
    value is blank and another label follows."""
    rest = re.split(_ANY_LABEL, rest, maxsplit=1)[0]
    if re.match(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", rest):  # a date printed with spaces in it
        return re.sub(r"\s+", "", re.match(r"[\d\s年月日]+", rest).group(0))
    token = _WS.split(rest.strip(), maxsplit=1)[0] if rest.strip() else ""
    return token.strip("：:;；,，")[:120]
