"""MkDocs hook (mkdocs.yml ``hooks:``): the generated pages, from the data package.

Thin on purpose: it finds the data package, hands the files made by ``nianbao.site.generate`` to
MkDocs, writes the search dictionary, fills the two markers of the hand-written pages, and keeps the
pages' raw HTML blocks out of Markdown (``html.stash``/``restore``: already HTML, and escaped).

The data package is the folder of mkdocs.yml, or ``$NIANBAO_ROOT`` when set (to build the site
of another corpus: ``nianbao build CORPUS --out DIR && NIANBAO_ROOT=DIR mkdocs build``).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from nianbao.site import data, dictionary, generate, html, indexes, search

MARKERS = {  # hand-written page -> (marker, what replaces it)
    "index.md": ("<!-- nianbao:overview -->", indexes.overview),
    "data.md": ("<!-- nianbao:downloads -->", dictionary.downloads_markdown),
}
IN_NAV = {"reports/index.md", "regions/index.md", "years/index.md", "findings/index.md",
          "dictionary/index.md"}
_state: dict = {}


def package_root(config) -> Path:
    env = os.environ.get("NIANBAO_ROOT")
    return Path(env).resolve() if env else Path(config.config_file_path).resolve().parent


@event_priority(100)  # before the search plugin loads its jieba user dictionary
def on_config(config):
    root = package_root(config)
    try:
        _state["ds"] = ds = data.load(root)
    except data.DataError as e:
        raise PluginError(str(e)) from e
    for plugin in config.plugins.values():
        path = getattr(getattr(plugin, "config", None), "jieba_dict_user", None)
        if path:  # a relative path is under the data package (so two roots never share one file)
            target = Path(path) if Path(path).is_absolute() else root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(search.user_dictionary(ds.reports), encoding="utf-8")
            plugin.config.jieba_dict_user = str(target)
    return config


def on_files(files, config):
    made = generate.generate(_state["ds"], config.site_url or "")
    _state["taken"] = {f.dest_uri: f.src_uri for f in files}
    for uri, content in made.content.items():
        _add(files, File.generated(config, uri, content=content, inclusion=_inclusion(uri)))
    for uri, path in made.copies.items():
        _add(files, File.generated(config, uri, abs_src_path=str(path), inclusion=_inclusion(uri)))
    return files


def on_page_markdown(markdown, page, config, files):
    marker = MARKERS.get(page.file.src_uri)
    if marker and marker[0] in markdown:
        markdown = markdown.replace(marker[0], marker[1](_state["ds"]))
    markdown, _state.setdefault("raw", {})[page.file.src_uri] = html.stash(markdown)
    return markdown


def on_page_content(content, page, config, files):
    return html.restore(content, _state["raw"].pop(page.file.src_uri, []))


def _inclusion(uri: str) -> InclusionLevel:
    return InclusionLevel.UNDEFINED if uri in IN_NAV else InclusionLevel.NOT_IN_NAV


def _add(files, file: File) -> None:
    """Add a generated file; a hand-written page must never take (or be hidden by) its place."""
    clash = _state["taken"].get(file.dest_uri)
    if clash is not None:
        raise PluginError(f"docs/{clash} would be overwritten by the generated {file.src_uri}: rename it")
    _state["taken"][file.dest_uri] = file.src_uri
    files.append(file)
