"""Escaping and linking: the only way report text reaches a page.

Report text is data, never markup. Everything that comes from a report (names, lines of the
original, notes, messages) goes through ``esc`` and is placed inside raw HTML blocks, which
Markdown passes through untouched; so HTML, Markdown, admonition and template syntax in a report
stays text. ``esc`` also turns braces and line breaks into character references, so no template
engine sees ``{{ }}`` and no report text can end a block of the page's Markdown source (tabs too,
which Markdown would otherwise expand to spaces).
"""

from __future__ import annotations

import html
import json
import re
import zlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DOMAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}(?::\d+)?(?:/\S*)?$")
NULL = "—"


def esc(value) -> str:
    """Text -> inert HTML text.

    >>> esc('<script>{{ x }}</script>\\n!!! note')
    '&lt;script&gt;&#123;&#123; x &#125;&#125;&lt;/script&gt;&#10;!!! note'
    """
    if value is None:
        return ""
    return _esc(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=1 << 16)   # labels, numbers and place names repeat on every page
def _esc(s: str) -> str:
    s = html.escape(_CONTROL.sub("\ufffd", s), quote=True)
    return (s.replace("{", "&#123;").replace("}", "&#125;")
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;"))


def text(value) -> str:
    """Text for a page that no Markdown or template engine reads (report pages are put into their
    shell, originals written as they are): only what HTML needs is escaped, which keeps the tab of a
    table row one byte; line breaks still become references, so a line stays one line.

    >>> text('<b>\\t"x"\\n')
    '&lt;b&gt;\\t"x"&#10;'
    """
    if value is None:
        return ""
    s = html.escape(_CONTROL.sub("\ufffd", value if isinstance(value, str) else str(value)), quote=False)
    return s.replace("\r", "&#13;").replace("\n", "&#10;")


def attr(value) -> str:
    """A value for a double-quoted HTML attribute."""
    return esc(value)


_SAFE_URL = re.compile(r"[A-Za-z0-9/#._~-]*")
_BARE = re.compile(r"[A-Za-z0-9_./#%:~-]+")


def attr_value(value) -> str:
    """An attribute's value as written after ``=``: bare when HTML allows it (no space, quote, = < >
    or backtick), which saves bytes on every cell; else escaped and quoted.

    >>> attr_value("original/#L52"), attr_value('a "b"')
    ('original/#L52', '"a &quot;b&quot;"')
    """
    value = "" if value is None else str(value)
    return value if _BARE.fullmatch(value) else f'"{esc(value)}"'


def safe_url(url: str | None) -> str | None:
    """An http(s) URL a report prints, or None: other schemes (javascript:, data:) are never linked.

    >>> safe_url('www.fjnh.gov.cn')
    'http://www.fjnh.gov.cn'
    >>> safe_url('javascript:alert(1)') is None
    True
    """
    if not url:
        return None
    url = url.strip()
    if any(c.isspace() or c in '<>"\'`' for c in url):
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return url
    if not scheme and _DOMAIN.match(url):
        return "http://" + url
    return None


def link(href: str, text_html: str, title: str | None = None, external: bool = False) -> str:
    """<a> with an already-escaped body; ``href`` is escaped here."""
    extra = f' title="{attr(title)}"' if title else ""
    if external:
        extra += ' rel="nofollow noopener noreferrer"'
    return f'<a href="{attr(href)}"{extra}>{text_html}</a>'


def rel(from_dir: str, to: str) -> str:
    """Relative URL from the page at directory URL ``from_dir`` ('reports/x/') to site path ``to``.

    >>> rel('reports/a/', 'places/')
    '../../places/'
    >>> rel('', 'data/build/reports.csv')
    'data/build/reports.csv'
    """
    trailing = "/" if to.endswith("/") or to == "" else ""
    a, b = [x for x in from_dir.split("/") if x], [x for x in to.split("/") if x]
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    target = "/".join([".."] * (len(a) - common) + b[common:])   # site paths: no "." or ".." in them
    target = target + trailing if target else "./"
    return target if _SAFE_URL.fullmatch(target) else quote(target, safe="/#.-_~")


def fmt(value) -> str:
    """A number as the CSV tables write it: 0.0 -> '0', 12.5 -> '12.5'; None -> '—'."""
    if value is None:
        return NULL
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def front_matter(title: str, **meta) -> str:
    """YAML front matter; the title is HTML-escaped (themes print it unescaped) and JSON-quoted
    (valid YAML), so no name can inject either."""
    lines = ["---", f"title: {json.dumps(esc(title))}"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value)}")
    return "\n".join(lines + ["---", ""]) + "\n"


def heading(level: int, text: str, anchor: str) -> str:
    """A Markdown heading (kept in the table of contents) for fixed text from the catalogue."""
    body = re.sub(r"([\\`*_\[\]#])", r"\\\1", html.escape(text, quote=False))
    return f"\n{'#' * level} {body} {{#{anchor}}}\n\n"


RAW_OPEN, RAW_CLOSE = "<!--nb:raw-->", "<!--nb:/raw-->"
_RAW = re.compile(re.escape(RAW_OPEN) + r"\n(.*?)\n" + re.escape(RAW_CLOSE), re.S)
_SLOT = re.compile(r"<!--nb:(\d+)(?:<h1)?-->")


def block(inner: str, cls: str) -> str:
    """A raw HTML block: Markdown leaves its content alone (blank lines around it are required).
    The markers let the MkDocs plugin keep it out of Markdown altogether (``stash``), which is much faster."""
    return f'\n{RAW_OPEN}\n<div class="{cls}">\n{inner}\n</div>\n{RAW_CLOSE}\n\n'


def stash(markdown: str) -> tuple[str, list[str]]:
    """Replace each raw block by a numbered comment; Markdown then has almost nothing to parse.
    Report text cannot forge a marker: it is escaped, so it contains no '<'. The comment of a block
    holding the page's <h1> says so (Material adds a title to a page whose content has no "<h1").

    >>> stash("# t\\n" + block("<p>x</p>", "c"))[0]
    '# t\\n\\n<!--nb:0-->\\n\\n'
    """
    blocks: list[str] = []

    def keep(m):
        blocks.append(m.group(1))
        return f"<!--nb:{len(blocks) - 1}{'<h1' if '<h1' in m.group(1) else ''}-->"

    return _RAW.sub(keep, markdown), blocks


def restore(html_text: str, blocks: list[str]) -> str:
    """Put the stashed blocks back into the HTML Markdown made (or into the page made from it)."""
    return _SLOT.sub(lambda m: blocks[int(m.group(1))], html_text) if blocks else html_text


SEP = "\x00"            # between stashed blocks (escaped report text holds no NUL: ``esc`` replaces it)
STASH = ".nbstash"      # a generated page's stashed blocks, beside it: x/index.md -> x/index.md.nbstash


def pack(blocks: list[str]) -> bytes:
    return zlib.compress(SEP.join(blocks).encode("utf-8"), 1)


def unpack(data: bytes) -> list[str]:
    return zlib.decompress(data).decode("utf-8").split(SEP)


def restore_built(site_dir: Path) -> int:
    """After an engine built the generated folder: each page's stashed blocks (copied by the engine
    as a file beside it) put back into the page it rendered, the file removed. Returns the pages."""
    done = 0
    for path in sorted(Path(site_dir).rglob("*" + STASH)):
        name = path.name.removesuffix(".md" + STASH)
        page = path.parent / ("index.html" if name == "index" else f"{name}/index.html")
        page.write_text(restore(page.read_text(encoding="utf-8"), unpack(path.read_bytes())), encoding="utf-8")
        path.unlink()
        done += 1
    return done
