"""HTML portal pages (and MHT web archives): the article's paragraphs and tables, nothing around it.

A government portal wraps the report in navigation, a search box, breadcrumbs, related links and
a footer full of phone numbers and years; read as a whole, the page would give the report the
portal's phone and the wrong year. So the page is cleaned first (scripts, styles, forms, and
elements named or shaped like navigation: header/nav/footer/aside tags, class or id words such as
nav, menu, footer, sidebar, share, and blocks that are mostly link text), and the article is the
deepest element that still holds most of the remaining Chinese text. The article's title, when
it stands outside that element (an ``<h1>`` above the body), is read first.

Inside the article, block elements and ``<br>`` end lines; a data table (one with no table
inside it) becomes one line per row with rowspan/colspan expanded on a grid: a merged cell's
text stands once at its top-left position and covered positions are '', as in the Word reader.
A table used for page layout (one holding tables) is read as blocks. Paragraph text is split
into cells on tabs and '|', as in plain text, so tables flattened into '规章 | 0 | 0 |' lines
still read as cells.

Locations: "第{n}段" for the n-th line of text, "表{t}第{r}行" for row r of data table t.
"""

from __future__ import annotations

import email
import re

from .document import IngestError, Line
from .limits import LIMITS, Limits
from .lines import Item, build, paragraph, row
from .text import decode

# A start tag and its attributes, for those longer than ``Limits.html_tag_chars`` (possessive: one pass)
_LONG_TAG = "<([A-Za-z][A-Za-z0-9:-]*+)[^<>]{%d,}+>"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "big5": "cp950", "big5-hkscs": "big5hkscs", "utf8": "utf-8"}
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "select", "button",
              "input", "textarea", "svg", "canvas", "object", "embed", "head", "nav", "aside",
              "footer", "header", "menu")
_BOILERPLATE = re.compile(r"(^|[\s_-])(nav|navbar|menu|menus|footer|foot|bottom|header|topbar|banner|"
                          r"sidebar|side|aside|crumb|crumbs|breadcrumb|position|location|share|bdshare|"
                          r"toolbar|search|login|copyright|friendlink|related|relate|comment|comments|"
                          r"qrcode|ewm|fontsize|pager|pagination)($|[\s_-])", re.I)
_CONTAINERS = {"div", "article", "section", "main", "center", "font", "span", "table", "tbody", "tr",
               "td", "form"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "section", "article", "main", "address", "center", "hr", "figure",
          "figcaption", "caption", "table", "tr", "tbody", "thead", "tfoot", "td", "th", "body"}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WS = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
_MAX_SPAN = 100
_MAX_DEPTH = 256   # libxml2's own limit on nesting, kept when a page is parsed without its size limits


def _han(text: str) -> int:
    """How many Chinese characters ``text`` has (runs are counted, not characters one by one:
    a page can hold millions)."""
    return sum(map(len, _HAN.findall(text)))


def decode_html(data: bytes) -> str:
    """By the byte-order mark, else the declared charset if the bytes agree, else as plain text."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:8192])
        if m:
            name = m.group(1).decode("ascii").lower()
            try:
                return data.decode(_CHARSETS.get(name, name))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: detect instead
    return decode(data)


def read_html(data: bytes, limits: Limits = LIMITS) -> list[Line]:
    return build(page_items(decode_html(data), limits))


def read_mht(data: bytes, limits: Limits = LIMITS) -> list[Line]:
    """A web page saved as a single MHT file: its HTML part."""
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset:
                try:
                    return build(page_items(payload.decode(_CHARSETS.get(charset.lower(), charset)), limits))
                except (LookupError, UnicodeDecodeError):
                    pass
            return read_html(payload, limits)
    raise IngestError("the web archive (.mht) has no HTML page in it")


def page_items(text: str, limits: Limits = LIMITS) -> list[Item]:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with an encoding declaration
    if not text.strip():
        raise IngestError("the web page is empty")
    root = parse_page(text, limits)
    first_h1 = next((t for t in (_WS.sub(" ", h.text_content()).strip() for h in root.iter("h1"))
                     if _han(t) >= 4), None)  # before cleaning: a <header> may hold it
    _clean(root)
    body = article(root)
    items: list[Item] = []
    title = _outside_title(root, body)
    if title is None and first_h1 and first_h1 not in _WS.sub(" ", body.text_content()):
        title = first_h1
    if title:
        items.append(paragraph(title))
    _Walker(items, limits).walk(body)
    if not any(i.raw.strip() for i in items):
        raise IngestError("the web page has no article text (the report may be an attachment or an image)")
    return _number_paragraphs(items)


def parse_page(text: str, limits: Limits = LIMITS):
    """The page's element tree, within ``Limits.html_elements``.

    libxml2 stops at a text of more than 10 MB in one piece and silently drops everything after
    it; such a page is parsed again without that limit (the long text is then cut to
    ``Limits.line_chars`` with a note, like any long line), but not deeper than libxml2's usual
    256 levels, which the walks below rely on."""
    import lxml.html

    # libxml2 compares each attribute of a tag with those before it: a tag of 40,000 attributes
    # (400 KB) takes 2.6 s, of 400,000 the whole budget. No real tag is near the limit; a longer
    # one keeps its name and loses its attributes (none of them is text).
    text = re.sub(_LONG_TAG % limits.html_tag_chars, r"<\1>", text)
    try:
        parser = lxml.html.HTMLParser()
        root = lxml.html.document_fromstring(text, parser=parser)
        if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
            root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
            if _depth(root) > _MAX_DEPTH:
                raise IngestError(f"the web page nests its elements more than {_MAX_DEPTH} deep; not read", "ingest.limit")
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"the web page cannot be parsed: {e}")
    elements = sum(1 for _ in root.iter())
    if elements > limits.html_elements:
        raise IngestError(f"the web page has {elements} elements, more than the limit of "
                          f"{limits.html_elements}; not read", "ingest.limit")
    return root


def _depth(root) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest


def _number_paragraphs(items: list[Item]) -> list[Item]:
    out, n = [], 0
    for item in items:
        if item.cells is None:
            n += 1
            item = Item(item.raw, f"第{n}段")
        out.append(item)
    return out


def _clean(root) -> None:
    from lxml import etree

    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag not in ("body", "html") and _BOILERPLATE.search(names) and not _holds_tables(el):
            _drop(el)
        elif el.tag in ("ul", "ol", "div", "td", "table", "p") and _link_list(el):
            _drop(el)


def _drop(el) -> None:
    """Remove ``el`` but keep the text that follows it (lxml stores it on the element)."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _holds_tables(el) -> bool:
    """A container named 'main-side' or the like that still holds the report's tables is kept."""
    return any(True for t in el.iter("table") if _han(t.text_content()) > 20)


def _link_list(el) -> bool:
    """Mostly links: a menu, a list of related articles, a friend-links box."""
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    han = _han(el.text_content())
    linked = sum(_han(a.text_content()) for a in links)
    return han > 0 and linked / han > 0.6


def article(root):
    """The deepest element holding most (80%) of the page's remaining Chinese text."""
    body = root.find("body")
    body = body if body is not None else root
    total = _han(body.text_content())
    node = body
    while True:
        best = None
        for child in node:
            if not isinstance(child.tag, str) or child.tag not in _CONTAINERS:
                continue
            if child.tag in ("table", "tbody", "tr", "td") and _data_table(child):
                continue
            n = _han(child.text_content())
            if n >= 0.8 * total and (best is None or n > best[0]):
                best = (n, child)
        if best is None:
            return node
        node = best[1]


def _data_table(el) -> bool:
    """Part of a table that holds data (no table inside it), as opposed to a layout table."""
    table = el if el.tag == "table" else next(el.iterancestors("table"), None)
    return table is not None and table.find(".//table") is None


def _outside_title(root, body) -> str | None:
    """The article title when the body chosen does not include it: the last heading before it."""
    if body.find(".//h1") is not None:
        return None
    order = {el: k for k, el in enumerate(root.iter())}   # document order, computed once
    title = None
    for el in root.iter("h1", "h2", "h3"):
        if _precedes(el, body, order):
            text = _WS.sub(" ", el.text_content()).strip()
            if _han(text) >= 4:
                title = text
    if title is None:
        for el in root.iter():
            if isinstance(el.tag, str) and "title" in f"{el.get('class', '')} {el.get('id', '')}".lower() \
                    and _precedes(el, body, order):
                text = _WS.sub(" ", el.text_content()).strip()
                if _han(text) >= 4:
                    title = text
    return title


def _precedes(el, body, order: dict) -> bool:
    """``el`` stands before ``body`` in the page, outside it and not around it."""
    if el is body or body in el.iterancestors() or el in body.iterancestors():
        return False
    return order[el] < order[body]


class _Walker:
    """Document-order walk: inline text gathers into the current line; blocks end lines."""

    def __init__(self, items: list[Item], limits: Limits = LIMITS):
        self.items = items
        self.limits = limits
        self.buf: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf = []
        for part in text.split("\n"):
            part = _WS.sub(" ", part.replace("\t", "\x00")).replace("\x00", "\t").strip(" ")
            if part.strip():
                self.items.append(paragraph(part))

    def walk(self, el) -> None:
        if not isinstance(el.tag, str):
            return
        tag = el.tag.lower()
        if tag == "table" and el.find(".//table") is None:
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.buf.append("\n")
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()

    def table(self, tbl) -> None:
        self.tables += 1
        for r, cells in enumerate(table_grid(tbl, self.limits), start=1):
            if any(cells):
                self.items.append(row(cells, f"表{self.tables}第{r}行"))


def _span(value, default: int = 1) -> int:
    try:
        return min(_MAX_SPAN, max(1, int(str(value).strip().rstrip(";"))))
    except (TypeError, ValueError):
        return default


def _cell_text(cell) -> str:
    parts: list[str] = []

    def walk(el):
        if not isinstance(el.tag, str):
            return
        if el.tag in ("br", "p", "div", "li") and parts:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    return _WS.sub(" ", "".join(parts)).strip()


def table_grid(tbl, limits: Limits = LIMITS) -> list[list[str]]:
    """Rows of cells with rowspan/colspan expanded: text at the top-left, '' where covered.

    A rowspan ends at the table's last row (as in a browser); a table whose grid, spans expanded,
    has more than ``Limits.html_table_cells`` positions is refused (a report's has about 300)."""
    grid: dict[tuple[int, int], str] = {}
    trs = list(tbl.iter("tr"))
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rs, cs = min(_span(cell.get("rowspan")), len(trs) - r), _span(cell.get("colspan"))
            if len(grid) + rs * cs > limits.html_table_cells:
                raise _too_many_cells(limits)
            for i in range(rs):
                for k in range(cs):
                    grid[r + i, c + k] = ""
            grid[r, c] = _cell_text(cell)
            c += cs
    if not grid:
        return []
    rows = min(max(k[0] for k in grid) + 1, len(trs))
    width = max(k[1] for k in grid) + 1
    if rows * width > limits.html_table_cells:  # a wide first row over many narrow ones
        raise _too_many_cells(limits)
    return [[grid.get((i, k), "") for k in range(width)] for i in range(rows)]


def _too_many_cells(limits: Limits) -> IngestError:
    return IngestError(f"a table of the web page spans more than {limits.html_table_cells} cells "
                       "(rowspan × colspan, rows × columns); not read", "ingest.limit")
