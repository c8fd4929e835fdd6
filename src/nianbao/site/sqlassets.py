"""MkDocs hook (mkdocs.yml ``hooks:``) of the SQL page: its engine, its console and its database.

- copies the browser files of DuckDB-WASM and apache-arrow from ``node_modules/`` (installed from
  ``package-lock.json`` by ``npm ci`` in scripts/setup; never committed) into ``assets/sql/vendor/``;
  only the SQL page loads them;
- fills the ``<!-- nianbao:sql -->`` marker of docs/sql.md with the console and the schema sidebar,
  made from the data package's descriptor;
- after the build, writes ``data/nianbao.duckdb``: the package's Parquet tables as one DuckDB file
  (why: ``nianbao.site.sql``).

Settings (mkdocs.yml ``extra.nianbao``): ``sql_database_url``, the URL the page reads the database
from when it is served elsewhere than the site itself (that server must answer range requests and
allow this site's origin); by default the site's own ``data/nianbao.duckdb``.
The data package is found as by the site's main hook: ``$NIANBAO_ROOT`` or the folder of mkdocs.yml.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from nianbao.site import sql

PAGES = {"sql.md", "sql/index.md"}
VENDOR = {  # site name under assets/sql/vendor/ -> file in node_modules/
    "duckdb-browser.mjs": "@duckdb/duckdb-wasm/dist/duckdb-browser.mjs",
    "duckdb-browser-eh.worker.js": "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js",
    "duckdb-eh.wasm": "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm",
    "Arrow.esnext.min.js": "apache-arrow/Arrow.esnext.min.js",
    "apache-arrow-LICENSE.txt": "apache-arrow/LICENSE.txt",
    "apache-arrow-NOTICE.txt": "apache-arrow/NOTICE.txt",
}
log = logging.getLogger("mkdocs.nianbao.sql")
_state: dict = {}


def on_config(config):
    here = Path(config.config_file_path).resolve().parent
    root = Path(os.environ.get("NIANBAO_ROOT") or here).resolve()
    path = root / "datapackage.json"
    if not path.is_file():
        raise PluginError(f"no data package at {path}: run `nianbao build` first")
    modules = _node_modules(here)
    _state.update(root=root, modules=modules, descriptor=json.loads(path.read_text(encoding="utf-8")))
    return config


def _node_modules(here: Path) -> Path:
    """node_modules/ beside mkdocs.yml, else in the source checkout nianbao runs from (a site
    config copied elsewhere, as ``mkdocs gh-deploy`` from another folder)."""
    for folder in (here, Path(sql.__file__).resolve().parents[3]):
        if all((folder / "node_modules" / m).is_file() for m in VENDOR.values()):
            return folder / "node_modules"
    raise PluginError(f"{here / 'node_modules'} lacks DuckDB-WASM: run scripts/setup (it runs `npm ci`)")


def on_files(files, config):
    for name, src in VENDOR.items():
        files.append(File.generated(config, sql.VENDOR + name, abs_src_path=str(_state["modules"] / src)))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in PAGES and sql.MARKER in markdown:
        url = (config.extra.get("nianbao") or {}).get("sql_database_url") or None
        markdown = markdown.replace(sql.MARKER, sql.console(_state["descriptor"], page.url, url))
    return markdown


def on_post_build(config):
    dest = Path(config.site_dir) / sql.DATABASE
    counts = sql.write_database(_state["root"], _state["descriptor"], dest)
    log.info(f"SQL page: {dest.stat().st_size / 1e6:.1f} MB database, {sum(counts.values())} rows in "
             f"{len(counts)} tables")
