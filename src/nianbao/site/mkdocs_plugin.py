"""The MkDocs plugin ``nianbao`` (mkdocs.yml: ``plugins: [nianbao]``): a thin adapter.

It does with MkDocs what ``nianbao site build`` does with any engine, from the same parts: hands
MkDocs the generated pages (``generate.pages``, written to a temporary folder one at a time and
read by MkDocs from there), this package's theme overrides and assets, fills the markers of the
hand-written pages; after the build writes the report pages into their shell (``publish``) and
indexes the site for search (``search``). Installed with the package (an entry point), so
``mkdocs build`` works wherever nianbao is installed, with no path into a source tree.

The data package is the folder of mkdocs.yml, or ``$NIANBAO_ROOT`` when set (to build the site
of another corpus: ``nianbao build CORPUS --out DIR && NIANBAO_ROOT=DIR mkdocs build``). Pages
not in the navigation are generated; the raw HTML blocks of the index pages are kept out of
Markdown (``html.stash``), which would only pass them through, slowly.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from . import config as site_config
from . import data, generate, html, publish, search, shell, sql

log = logging.getLogger("mkdocs.plugins.nianbao")


class NianbaoPlugin(BasePlugin):
    def on_config(self, config):
        self.clock = [("start", time.perf_counter())]
        root = Path(os.environ.get("NIANBAO_ROOT") or Path(config.config_file_path).parent).resolve()
        try:
            self.ds = data.load(root)
            self.site = site_config.from_mkdocs(config)
        except (data.DataError, site_config.ConfigError) as e:
            raise PluginError(str(e)) from e
        config.theme.dirs.insert(0, str(generate.THEME))
        for key, wanted in (("extra_css", generate.STYLES), ("extra_javascript", generate.SCRIPTS)):
            have = [str(x) for x in config[key]]
            config[key].extend(w for w in wanted if w not in have)
        self.raw: dict[str, bytes] = {}
        self._tick("data read")
        return config

    def on_files(self, files, config):
        self.tmp = Path(tempfile.mkdtemp(prefix="nianbao-pages-"))
        taken = {f.dest_uri: f.src_uri for f in files}
        made = [(uri, path) for uri, path in generate.assets()]
        if any(f.src_uri == "sql.md" for f in files):          # the SQL page's engine (node_modules/)
            made += sql.vendor_files(Path(config.config_file_path).parent)
        for uri, text in generate.pages(self.ds):
            path = self.tmp / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            made.append((uri, path))
        for uri, path in made:
            inclusion = InclusionLevel.UNDEFINED if uri in generate.IN_NAV else InclusionLevel.NOT_IN_NAV
            f = File.generated(config, uri, abs_src_path=str(path), inclusion=inclusion)
            if f.dest_uri in taken:
                raise PluginError(f"docs/{taken[f.dest_uri]} would be overwritten by the generated {uri}: rename it")
            taken[f.dest_uri] = uri
            files.append(f)
        self._tick("pages generated")
        return files

    def on_env(self, env, config, files):
        env.globals["nb_cache"] = {}     # theme/main.html: the navigation of generated pages, once per depth
        return env

    def on_page_markdown(self, markdown, page, config, files):
        markdown = generate.fill_markers(markdown, self.ds, self.site, page.file.src_uri)
        markdown, blocks = html.stash(markdown)
        if blocks:
            self.raw[page.file.src_uri] = html.pack(blocks)
        return markdown

    def on_post_page(self, output, page, config):
        packed = self.raw.pop(page.file.src_uri, None)
        if packed is not None:
            output = html.restore(output, html.unpack(packed))
        return output

    def on_post_build(self, config):
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._tick("pages written")
        site_dir = Path(config.site_dir)
        try:
            written = publish.publish(self.ds, site_dir, self.site)
            self._tick("report pages written")
            n = search.index_site(self.ds, site_dir)
            self._tick("search indexed")
        except (shell.ShellError, search.SearchError) as e:
            raise PluginError(str(e)) from e
        steps = ", ".join(f"{b[0]} {b[1] - a[1]:.0f} s" for a, b in zip(self.clock, self.clock[1:]))
        log.info(f"{written.pages} report pages, {n} search documents. Time: {steps}")

    def _tick(self, name: str) -> None:
        self.clock.append((name, time.perf_counter()))
