"""MkDocs hook (mkdocs.yml ``hooks:``): the generated pages, from the data package, and the search.

Thin on purpose: it finds the data package, hands the files made by ``nianbao.site.generate`` to
MkDocs (a report's files are made when MkDocs reads them, not all at once), fills the two markers of
the hand-written pages, keeps the pages' raw HTML blocks out of Markdown (``html.stash``: already
HTML, and escaped; they are kept compressed until the page is written, so memory stays small), and
after the build indexes the site for search with Pagefind (see ``search``).

The data package is the folder of mkdocs.yml, or ``$NIANBAO_ROOT`` when set (to build the site
of another corpus: ``nianbao build CORPUS --out DIR && NIANBAO_ROOT=DIR mkdocs build``).
"""

from __future__ import annotations

import html as stdhtml
import logging
import os
import time
import zlib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from nianbao.site import data, dictionary, generate, html, indexes, layout, places, search

MARKERS = {  # hand-written page -> (marker, what replaces it)
    "index.md": ("<!-- nianbao:overview -->", indexes.overview),
    "data.md": ("<!-- nianbao:downloads -->", dictionary.downloads_markdown),
}
IN_NAV = {"reports/index.md", "regions/index.md", "years/index.md", "findings/index.md",
          "dictionary/index.md"}
SEP = "\x00"            # between stashed blocks (escaped report text holds no NUL: html.esc replaces it)
log = logging.getLogger("mkdocs.nianbao")
_state: dict = {}


class LazyFile(File):
    """A generated file whose text is made when MkDocs reads (a page) or writes (a download) it,
    and not kept: a national corpus's report pages would not fit in memory at once."""

    _make = None

    @property
    def content_string(self) -> str:
        return self._make()

    @property
    def content_bytes(self) -> bytes:
        return self._make().encode("utf-8")

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "w", encoding="utf-8", newline="") as f:
            f.write(self._make())

    def is_modified(self) -> bool:
        return True


def package_root(config) -> Path:
    env = os.environ.get("NIANBAO_ROOT")
    return Path(env).resolve() if env else Path(config.config_file_path).resolve().parent


def on_config(config):
    _state["clock"] = {"start": time.perf_counter()}
    root = package_root(config)
    try:
        _state["ds"] = data.load(root)
    except data.DataError as e:
        raise PluginError(str(e)) from e
    _state["pages"] = {}
    _state["clock"]["data read"] = time.perf_counter()
    return config


def on_files(files, config):
    made = generate.generate(_state["ds"], config.site_url or "")
    _state["taken"] = {f.dest_uri: f.src_uri for f in files}
    for uri, content in made.content.items():
        _add(files, File.generated(config, uri, content=content, inclusion=_inclusion(uri)))
    for uri, make in made.lazy.items():
        f = LazyFile.generated(config, uri, content="", inclusion=_inclusion(uri))
        f._make = make
        _add(files, f)
    for uri, path in made.copies.items():
        _add(files, File.generated(config, uri, abs_src_path=str(path), inclusion=_inclusion(uri)))
    _state["clock"]["indexes made"] = time.perf_counter()
    return files


def on_env(env, config, files):
    """A cache for the theme (theme/main.html): the navigation and tabs of pages not in the nav."""
    env.globals["nb_cache"] = {}
    _state["clock"]["pages read"] = time.perf_counter()
    return env


def on_page_markdown(markdown, page, config, files):
    marker = MARKERS.get(page.file.src_uri)
    if marker and marker[0] in markdown:
        markdown = markdown.replace(marker[0], marker[1](_state["ds"]))
    markdown, blocks = html.stash(markdown)
    if blocks:
        _state.setdefault("raw", {})[page.file.src_uri] = zlib.compress(SEP.join(blocks).encode("utf-8"), 1)
    return markdown


def on_post_page(output, page, config):
    _state["clock"].setdefault("downloads written", time.perf_counter())
    packed = _state.get("raw", {}).pop(page.file.src_uri, None)
    if packed is not None:
        output = html.restore(output, zlib.decompress(packed).decode("utf-8").split(SEP))
    if _indexed_as_page(page.file.src_uri):   # report and region pages are indexed from the data
        start, end = output.find("<article"), output.rfind("</article>")
        article = output[output.find(">", start) + 1:end] if start >= 0 and end > start else ""
        _state["pages"][page.file.src_uri] = (page.title or "", page.file.url, article)
    return output


def on_post_build(config):
    """Index the site for search: a document per region (its township-years as sections) and per
    other page, cut into words with jieba, indexed by Pagefind into site/pagefind/."""
    clock = _state["clock"]
    clock["pages written"] = time.perf_counter()
    ds = _state["ds"]
    seg = search.Segmenter(ds.reports)
    docs = search.region_docs(ds, places.tree(ds.entries, layout.REGIONS), seg)
    for uri, (title, url, article) in sorted(_state.pop("pages", {}).items()):
        path = f"{url}index.html" if url.endswith("/") or not url else url
        docs.setdefault(path, search.page_doc(_plain(title), url, article, seg))
    try:
        search.write_index(docs, Path(config.site_dir))
    except search.SearchError as e:
        raise PluginError(str(e)) from e
    clock["search indexed"] = time.perf_counter()
    marks = list(clock.items())
    steps = ", ".join(f"{name} {t - before:.0f} s" for (_, before), (name, t) in zip(marks, marks[1:]))
    log.info(f"Search: {len(docs)} documents indexed by Pagefind. Time: {steps}")


def _indexed_as_page(src_uri: str) -> bool:
    """Pages indexed from their rendered text: the hand-written ones, the dictionary and the titles
    of the lists. Not the reports (their township-years are sections of the regions' documents),
    their originals, nor the regions."""
    if src_uri.startswith(layout.REGIONS):
        return False
    if src_uri.startswith(layout.REPORTS):
        return src_uri == f"{layout.REPORTS}index.md"
    return "/page/" not in src_uri


def _plain(title: str) -> str:
    """A page title as text (the generated ones are HTML-escaped in their front matter)."""
    return stdhtml.unescape(title)


def _inclusion(uri: str) -> InclusionLevel:
    return InclusionLevel.UNDEFINED if uri in IN_NAV else InclusionLevel.NOT_IN_NAV


def _add(files, file: File) -> None:
    """Add a generated file; a hand-written page must never take (or be hidden by) its place."""
    clash = _state["taken"].get(file.dest_uri)
    if clash is not None:
        raise PluginError(f"docs/{clash} would be overwritten by the generated {file.src_uri}: rename it")
    _state["taken"][file.dest_uri] = file.src_uri
    files.append(file)
