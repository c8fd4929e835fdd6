"""The generated source of the site: a folder any MkDocs-like engine builds, written as a stream.

    OUT/mkdocs.yml   the site's configuration, made to build this folder: no hook or plugin, the
                     theme overrides and assets found where this package is installed
    OUT/docs/        the hand-written pages (their markers filled), the assets, and the generated
                     pages: indexes, regions, years, findings, the data dictionary, and the shells
                     of the report pages (``shell``)

Pages are written one at a time as they are made (never the whole site in memory), their raw HTML
blocks beside them (``x/index.md.nbstash``: an engine's Markdown would parse every tag of a list of
thousands of rows; it copies the file, and ``publish`` puts the blocks back). The report pages
themselves are not in the folder: after the engine built it, ``publish`` writes them into the shells
it rendered, and ``search`` indexes the site. The MkDocs plugin (``mkdocs_plugin``) hands the same
pages to MkDocs instead of writing a folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml

from . import dictionary, downloads, html, indexes, layout, shell, sql
from .config import SiteConfig, read_yaml
from .data import Dataset
from .publish import SHELL_DEPTHS

PACKAGE = Path(__file__).resolve().parent
THEME = PACKAGE / "theme"          # overrides of Material's templates (custom_dir)
ASSETS = PACKAGE / "assets"        # styles and scripts, published under assets/
DEFAULT_PAGES = PACKAGE / "pages"  # the home page, when the site has no hand-written pages
GENERATED = (layout.REPORTS, layout.REGIONS, layout.YEARS, layout.FINDINGS, layout.DICTIONARY)
STYLES = ("assets/nianbao.css",)
SCRIPTS = ("assets/nianbao-search.js", "assets/nianbao-report.js", "assets/nianbao-lists.js")
MARKERS = {  # marker in a hand-written page -> what replaces it (ds, config, the page's site folder)
    "<!-- nianbao:overview -->": lambda ds, config, here: indexes.overview(ds),
    "<!-- nianbao:downloads -->": dictionary.downloads_markdown,
    "<!-- nianbao:buttons -->": downloads.buttons_markdown,
    "<!-- nianbao:citation -->": downloads.citation_markdown,
    "<!-- nianbao:changes -->": downloads.changes_markdown,
    sql.MARKER: lambda ds, config, here: sql.console(ds.descriptor, here, config.sql_database_url or None),
}
IN_NAV = {"reports/index.md", "regions/index.md", "years/index.md", "findings/index.md", "dictionary/index.md"}


def pages(ds: Dataset) -> Iterator[tuple[str, str]]:
    """(site path, Markdown) of every generated page, one at a time; those not in the navigation
    are lean pages (theme/nb-lean.html): there are thousands of them."""
    made = (indexes.region_pages(ds, indexes.region_tree(ds)), indexes.year_pages(ds), indexes.reports_index(ds),
            indexes.findings_pages(ds))
    for uri, text in (x for pages_ in made for x in pages_):
        yield uri, text if uri in IN_NAV else text.replace("---\n", f"---\ntemplate: {shell.LEAN}\n", 1)
    yield f"{layout.DICTIONARY}index.md", dictionary.dictionary_page()
    for d in SHELL_DEPTHS:
        yield f"{shell.shell_dir(d)}index.md", shell.shell_markdown()


def assets() -> Iterator[tuple[str, Path]]:
    """(site path, file) of the site's own styles and scripts."""
    for path in sorted(ASSETS.iterdir()):
        if path.is_file():
            yield f"assets/{path.name}", path


def fill_markers(markdown: str, ds: Dataset, config: SiteConfig, src_uri: str) -> str:
    """A hand-written page with its markers replaced by what the data says."""
    for marker, make in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make(ds, config, layout.page_url(src_uri)))
    return markdown


def engine_config(user: dict, docs_dir: str = "docs") -> dict:
    """The site's configuration for building the generated folder with any MkDocs-like engine:
    the user's, without hooks or the nianbao plugin, with this package's theme overrides and assets,
    and the generated pages declared as not in the navigation (so a strict build does not warn)."""
    config = {k: v for k, v in user.items() if k not in ("hooks", "docs_dir", "site_dir")}
    config["docs_dir"] = docs_dir
    plugins = config.get("plugins") or []
    config["plugins"] = [p for p in plugins if (p if isinstance(p, str) else next(iter(p), "")) != "nianbao"]
    theme = config.get("theme") or {"name": "material"}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["custom_dir"] = str(THEME)
    config["theme"] = theme
    for key, wanted in (("extra_css", STYLES), ("extra_javascript", SCRIPTS)):
        have = list(config.get(key) or [])
        config[key] = have + [w for w in wanted if w not in have]
    hidden = [f"/{d}" for d in GENERATED]
    config["not_in_nav"] = "\n".join([*(config.get("not_in_nav") or "").split("\n"), *hidden]).strip() + "\n"
    return config


def default_config() -> dict:
    """The site's configuration when none is given (a corpus outside this repository)."""
    return {
        "site_name": "乡镇政府信息公开年报数据 nianbao",
        "theme": {"name": "material", "language": "zh", "font": False, "features": ["navigation.tabs"]},
        "markdown_extensions": [{"toc": {"permalink": True, "permalink_title": "本节的链接"}}, "attr_list", "tables", "admonition"],
        "nav": [{"首页": "index.md"},
                {"报告": [{"全部报告": "reports/index.md"}, {"按地区": "regions/index.md"},
                          {"按年度": "years/index.md"}, {"校验发现": "findings/index.md"}]},
                {"数据字典": "dictionary/index.md"}],
    }


def write_folder(ds: Dataset, out: Path, config_file: Path | None = None, settings: SiteConfig | None = None,
                 title: str | None = None) -> Path:
    """Write the generated folder (OUT/mkdocs.yml, OUT/docs/) for the data package ``ds``, from the
    site's configuration ``config_file`` (its hand-written pages are its docs_dir); without one, from
    the defaults and the package's own home page. ``settings``, ``title``: a shard's own address and
    name. Returns OUT/mkdocs.yml."""
    from .config import from_mkdocs
    out = Path(out)
    user = read_yaml(config_file) if config_file else default_config()
    config = settings or from_mkdocs(user)
    if settings is not None and settings.site_url:
        user = {**user, "site_url": settings.site_url}
    if title:
        user = {**user, "site_name": title}
    hand = (config_file.parent / user.get("docs_dir", "docs")) if config_file else DEFAULT_PAGES
    docs = out / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for path in sorted(p for p in hand.rglob("*") if p.is_file()):
        uri = path.relative_to(hand).as_posix()
        if uri.startswith(GENERATED):
            raise ValueError(f"{path}: hand-written pages may not be under the generated {uri.split('/')[0]}/")
        if path.suffix == ".md":
            write_text(docs / uri, fill_markers(path.read_text(encoding="utf-8"), ds, config, uri))
        else:
            copy_file(path, docs / uri)
    for uri, path in assets():
        copy_file(path, docs / uri)
    if (hand / "sql.md").is_file():
        for uri, path in sql.vendor_files(config_file.parent if config_file else Path.cwd()):
            copy_file(path, docs / uri)
    for uri, text in pages(ds):     # raw HTML kept out of the engine's Markdown (html.stash), put back by publish
        markdown, blocks = html.stash(text)
        write_text(docs / uri, markdown)
        if blocks:
            (docs / (uri + html.STASH)).write_bytes(html.pack(blocks))
    target = out / "mkdocs.yml"
    target.write_text(yaml.safe_dump(engine_config(user), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def copy_file(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
