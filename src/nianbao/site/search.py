"""Chinese search that stays small at national scale: Pagefind over documents segmented with jieba.

Why not Material's built-in search: it ships one index that every searcher downloads, and it grows
with the pages (measured: 14 MB for 1,000 reports, 133 MB for 10,000, without the originals; it also
took half of the build time). Pagefind splits its index into chunks a search loads on demand.

How Chinese is matched. Words are cut here, at build time, by jieba with a user dictionary of the
corpus's place names and the catalogue's short terms, so 曹坊镇, 予以公开 and 行政复议 stay whole
(jieba alone cuts 曹坊镇 into 曹坊 / 镇). The documents given to Pagefind hold these words separated
by spaces, in the language ``und``: Pagefind then neither segments nor stems, and matches what the
reader types against exactly these words, by prefix (曹坊 finds 曹坊镇). Pagefind's own Chinese
mode is not used: it segments the index with jieba but the query with the browser's segmenter, and
the two disagree on place names (Pagefind issue #1237).

What a searcher downloads. Pagefind's metadata lists every document, so the documents are not the
report pages but one per county (and per other region and hand-written page): each township-year
is a section of its county's document (``<h2 id="ty-SLUG">``), which the site's script turns into a
link to the township-year's page (reports/SLUG/). The download then grows with the number of counties
(about 2,900 in China), not with the number of reports; measured in docs/benchmarks-site.md.
Originals and the other files of a township-year are not indexed: their township-year is.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from ..catalogue import BOTH, TABLES
from . import layout
from .aliases import HAN, place_aliases, term_aliases
from .html import fmt
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
PLACE_FIELDS = ("township", "county", "prefecture", "province")
ORGAN_SUFFIXES = ("人民政府", "办事处", "政府")
FREQ = 100000           # high enough that jieba keeps the word whole next to common characters
MAX_TERM = 4            # longer labels (属于国家秘密) stay split, so their parts (国家秘密) are found
SECTIONS_PER_DOC = 400  # township-years in one search document (a county's are split beyond that)
ANCHOR = "ty-"          # a section's id: ty-SLUG -> reports/SLUG/ (see nianbao-search.js)
LANGUAGE = "und"        # Pagefind: no segmentation, no stemming (the words are cut here)
NOINDEX = "nb-noindex"  # elements of a rendered page left out of its document
# Pagefind filter of the documents of township-years (report:1; the other pages have none): the site's
# script searches them first, then the rest (not report:1). One key with one value: Pagefind writes a
# filter's values in no fixed order, and a second value would make two builds of a site differ.
REPORT_FILTER = '<meta data-pagefind-filter="report[content]" content="1">'
# The figures a township-year's entry names when it prints them and they are not 0, so that a term
# (行政复议) finds the reports that have such cases: (summary column, words).
FIGURES = (("applications_new_received", "新收申请"), ("applications_granted", "予以公开"),
           ("applications_partially_granted", "部分公开"), ("administrative_review_total", "行政复议"),
           ("litigation_direct_total", "行政诉讼（未经复议直接起诉）"),
           ("litigation_after_review_total", "行政诉讼（复议后起诉）"))
# Pagefind writes its own UIs too; the site uses pagefind.js through assets/nianbao-search.js only.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchError(Exception):
    """Pagefind is missing or failed."""


# --- words --------------------------------------------------------------------------------------

def place_words(reports: list[dict]) -> set[str]:
    """Runs of Chinese characters in the reports' place names, and the township an organ's name
    holds ('宁化县曹坊镇人民政府' -> 曹坊镇: the suffix and the places before it taken off); nothing
    else, so no report text can reach the dictionary."""
    words = {run for r in reports for f in PLACE_FIELDS if isinstance(r.get(f), str)
             for run in HAN.findall(r[f]) if len(run) >= 2}
    known = frozenset(words)
    longest = max(map(len, known), default=0)
    for organ in {r.get("organ") for r in reports if isinstance(r.get("organ"), str)}:
        for run in HAN.findall(organ):
            suffix = next((x for x in ORGAN_SUFFIXES if run.endswith(x)), None)
            if suffix is None:
                continue
            rest = run[:-len(suffix)]
            while True:     # the longest known place the rest starts with, shorter than the rest
                n = next((n for n in range(min(longest, len(rest) - 1), 1, -1) if rest[:n] in known), 0)
                if not n:
                    break
                rest = rest[n:]
            if len(rest) >= 2:
                words.add(rest)
    return words


@lru_cache(maxsize=1)
def term_words() -> frozenset[str]:
    """Short terms of the catalogue's labels and group headings (予以公开, 行政复议, 不予处理)."""
    texts = []
    for t in TABLES:
        for item in t.rows + t.cols:
            texts += [item.zh, item.group]
    short = {run for text in texts for run in HAN.findall(text or "") if 2 <= len(run) <= MAX_TERM}
    return frozenset(short | {term for t in TABLES for term in t.terms})


def user_dictionary(reports: list[dict]) -> str:
    """The user dictionary as jieba reads it: one 'word freq' per line, sorted."""
    words = sorted(place_words(reports) | term_words())
    return "".join(f"{w} {FREQ}\n" for w in words)


class Segmenter:
    """jieba with the user dictionary; ``words(text)`` is the text as space-separated words."""

    def __init__(self, reports: list[dict]):
        import jieba
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for w in sorted(place_words(reports) | term_words()):
            self._jieba.add_word(w, FREQ)
        self._cache: dict[str, str] = {}
        self.terms: dict[tuple, list[str]] = {}   # (template, tables present) -> table_terms()

    def words(self, text) -> str:
        """Runs of Chinese characters cut into words, everything else split at white space only, so
        names like datapackage.json stay whole; the words separated by single spaces."""
        text = "" if text is None else str(text)
        out = self._cache.get(text)
        if out is None:
            words = []
            for m in _RUN.finditer(text):
                run = m.group()
                words.extend(self._jieba.cut(run) if HAN.match(run) else (run,))
            out = " ".join(w for w in words if w.strip())
            if len(self._cache) < 1 << 18:
                self._cache[text] = out
        return out


# --- documents ----------------------------------------------------------------------------------

def _doc(title: str, page: str, body: str, report: bool = False) -> str:
    """A search document: the title and the site path of its page as Pagefind metadata; ``report``:
    a document of township-years."""
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8">'
            f'<meta data-pagefind-meta="title[content]" content="{html.escape(title)}">'
            f'<meta data-pagefind-meta="page[content]" content="{html.escape(page)}">'
            + (REPORT_FILTER if report else "") +
            f"</head><body>{body}</body></html>\n")


def _p(seg: Segmenter, *texts) -> str:
    return "<p>" + " ； ".join(html.escape(seg.words(t)) for t in texts if t) + "</p>"


def table_terms(ds, report: dict, seg: Segmenter) -> list[str]:
    """The words of the labels of the tables a report has, whatever their values (予以公开, 不予公开,
    行政复议…), and what reports call each table's subject (依申请公开): all the rows and columns of
    its template, or for a report without the format's tables those it gives values for."""
    template, rid = report.get("template"), report["report_id"]
    present = tuple(t.name for t in TABLES if ds.has(t.name, rid))
    cache = seg.terms
    key = (template, present) if template in BOTH else None
    if key in cache:
        return cache[key]
    labels = []
    for t in TABLES:
        if t.name not in present:
            continue
        labels += t.terms
        if template in BOTH:
            items = t.rows_for(template) + tuple(c for c in t.cols if template in c.templates)
        else:
            cells = ds.cells(t.name, rid)
            items = tuple(r for r in t.rows if any(k[0] == r.key for k in cells)) + \
                tuple(c for c in t.cols if any(k[1] == c.key for k in cells))
        for item in items:
            labels += [item.zh, item.group]
    # the catalogue's short terms and the longer words of the labels (国家秘密, 第三方), not the
    # commonest two-character words (行政, 申请, 公开): they would only make every entry longer
    vocab = term_words()
    words = [w for text in dict.fromkeys(x for x in labels if x) for w in seg.words(text).split()
             if w in vocab or len(HAN.findall(w)) == 1 and len(w) >= 3]
    out = list(dict.fromkeys(words))
    if key is not None:
        cache[key] = out
    return out


def township_year_section(ds, report: dict, seg: Segmenter) -> str:
    """A township-year's entry: its title, places, year, template, status, the figures it prints
    (when not 0), its errors and warnings, its files, the terms of its tables, and the pinyin and
    traditional forms of its places and terms (aliases.py)."""
    rid = report["report_id"]
    anchor = ANCHOR + layout.report_slug(layout.place_year(report))
    places = " › ".join(report.get(f) or "未识别" for f in ("province", "prefecture", "county", "township"))
    status = layout.STATUS_ZH.get(report.get("validation_status"), "")
    summary = ds.summary(rid)
    figures = [f"{label} {fmt(summary[col])} 件" for col, label in FIGURES
               if isinstance(summary.get(col), (int, float)) and summary[col]]
    findings = [f.get("message") for f in ds.rows("findings", rid) if f.get("severity") in ("error", "warning")]
    group = ds.versions(report)
    files = "原文文件 " + "、".join(r.get("source_file") or "" for r in group)
    if len(group) > 1:
        files += f"（同一乡镇年度共 {len(group)} 份文件）"
    terms = table_terms(ds, report, seg)
    names = [report.get(f) for f in PLACE_FIELDS if isinstance(report.get(f), str)]
    organ = [report["organ"]] if isinstance(report.get("organ"), str) else []
    vocab = term_words()
    other = place_aliases(names) + term_aliases(organ) + term_aliases([t for t in terms if t in vocab])
    return (f'<h2 id="{html.escape(anchor)}">{html.escape(seg.words(layout.title(report)))}</h2>'
            + _p(seg, report.get("organ"), places, f"{report.get('year') or ''} 年度",
                 layout.TEMPLATE_ZH.get(report.get("template"), ""), f"校验{status}", *figures, *findings, files)
            + f"<p>表中项目 {html.escape(' '.join(terms))}</p>" * bool(terms)
            + f"<p>{html.escape(' '.join(other))}</p>" * bool(other))


def region_docs(ds, root, seg: Segmenter) -> dict[str, str]:
    """Documents of the regions (relative file path -> HTML): a county's holds its township-years."""
    from .indexes import name_key, region_title
    from .places import walk
    out = {}
    for region in walk(root):
        title = region_title(region)
        crumbs = " › ".join(["全部地区"] + [r.label for r in region.parents[1:] + [region]])
        head = f'<h1 id="top">{html.escape(seg.words(title))}</h1>' + _p(seg, crumbs)
        if region.children:
            out[f"{region.path}index.html"] = _doc(title, region.path, head + _p(
                seg, *[c.label for c in region.children]))
            continue
        entries = sorted(region.reports, key=lambda r: (name_key(r.get("township")), r.get("year") or 0))
        for k in range(0, max(len(entries), 1), SECTIONS_PER_DOC):
            sections = "".join(township_year_section(ds, r, seg) for r in entries[k:k + SECTIONS_PER_DOC])
            path = region.path if k == 0 else f"{region.path}part-{k // SECTIONS_PER_DOC + 1}/"
            out[f"{path}index.html"] = _doc(title, region.path, (head if k == 0 else "") + sections, report=True)
    return out


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIP = {"script", "style", "svg", "nav", "button", "form"}


def page_doc(title: str, page: str, article_html: str, seg: Segmenter) -> str:
    """A rendered page's document: its headings (with their ids, which become the results' anchors)
    and text, without the parts marked ``nb-noindex`` (long lists, whose entries are found elsewhere)."""
    import lxml.html
    try:
        root = lxml.html.fragment_fromstring(article_html or "<p></p>", create_parent="div")
    except Exception:   # an empty or unparsable page has no document
        return _doc(title, page, f"<h1>{html.escape(seg.words(title))}</h1>")
    parts: list[str] = []
    text: list[str] = []

    def flush():
        joined = " ".join(t.strip() for t in text if t and t.strip())
        if joined:
            parts.append(f"<p>{html.escape(seg.words(joined))}</p>")
        text.clear()

    def walk(el):
        classes = (el.get("class") or "").split() if isinstance(el.tag, str) else []
        if not isinstance(el.tag, str) or el.tag in SKIP or NOINDEX in classes or "headerlink" in classes:
            return
        if el.tag in HEADINGS:
            flush()
            for a in el.xpath('.//a[contains(@class, "headerlink")]'):
                a.drop_tree()
            ident = f' id="{html.escape(el.get("id"))}"' if el.get("id") else ""
            parts.append(f"<{el.tag}{ident}>{html.escape(seg.words(el.text_content()))}</{el.tag}>")
            return
        text.append(el.text or "")
        for child in el:
            walk(child)
            text.append(child.tail or "")

    walk(root)
    flush()
    return _doc(title, page, "".join(parts))


def site_docs(site_dir: Path, seg: Segmenter) -> dict[str, str]:
    """Documents of the built pages indexed from their text: the hand-written ones, the dictionary,
    the first page of each list. Not the reports (their township-years are sections of the regions'
    documents), their originals, nor the regions."""
    out = {}
    for path in sorted(Path(site_dir).rglob("index.html")):
        folder = path.parent.relative_to(site_dir).as_posix()
        folder = "" if folder == "." else folder + "/"
        if not _indexed_as_page(folder):
            continue
        page = path.read_text(encoding="utf-8")
        start, end = page.find("<article"), page.rfind("</article>")
        article = page[page.find(">", start) + 1:end] if start >= 0 and end > start else ""
        m = _TITLE.search(article)
        title = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else folder
        out[f"{folder}index.html"] = page_doc(title, folder, article, seg)
    return out


_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _indexed_as_page(folder: str) -> bool:
    if folder.startswith((layout.REGIONS, layout.PAGEFIND, "assets/", *layout.MAINTAINER_PAGES)):
        return False
    if folder.startswith(layout.REPORTS):
        return folder == layout.REPORTS
    return "/page/" not in folder


def index_site(ds, site_dir: Path, config=None, shard: str | None = None) -> int:
    """Index the built site for search into site_dir/pagefind/: a document per region (its
    township-years as sections) and per other page; ``ds`` None: only the pages (a root site).
    ``shard``: the shard's name, kept with each document so a search across shards can say where a
    result is. Returns the number of documents."""
    from .indexes import region_tree
    seg = Segmenter(ds.reports if ds else [])
    docs = region_docs(ds, region_tree(ds), seg) if ds else {}
    for path, doc in site_docs(site_dir, seg).items():
        docs.setdefault(path, doc)
    if shard is not None:
        meta = f'<meta data-pagefind-meta="shard[content]" content="{html.escape(shard)}">'
        docs = {k: v.replace("</head>", meta + "</head>", 1) for k, v in docs.items()}
    write_index(docs, Path(site_dir))
    return len(docs)


# --- the index ----------------------------------------------------------------------------------

def write_index(docs: dict[str, str], site_dir: Path) -> str:
    """Index ``docs`` (relative path -> HTML) with Pagefind into site_dir/pagefind/; its log."""
    out = Path(site_dir) / layout.PAGEFIND
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-search-") as tmp:
        for rel, text in docs.items():
            path = Path(tmp) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        cmd = [sys.executable, "-m", "pagefind", "--site", tmp, "--output-path", str(out)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as e:
            raise SearchError(f"cannot run Pagefind: {e}") from e
    if proc.returncode != 0 or not (out / "pagefind.js").is_file():
        raise SearchError("Pagefind failed (is `pagefind[bin]` installed?):\n"
                          + (proc.stdout + proc.stderr)[-3000:])
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return proc.stdout
