"""A site in shards: one site per year (or province), each within the host's limits, and a root.

Several years of every township do not fit one GitHub Pages site (1 GB). With ``shard_by`` set,
``build_all`` builds one complete site per shard (its reports, indexes, search) and a small root site
(the overview, the list of shards, the data downloads). Each is deployed on its own (``nianbao site
deploy``, or ``mkdocs gh-deploy`` of each), at the address ``shard_url`` gives (``../nianbao-2020/``
beside the root: siblings on one host). Every site holds ``nianbao-shards.json``, the list of all;
its search box merges the other shards' Pagefind indexes and says which shard each result is in.
A township-year's files always go to one shard (they share a year and a place).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pyarrow as pa
import pyarrow.compute as pc
import yaml

from ..describe.ids import slug
from . import generate, indexes, publish, search
from .config import SiteConfig, from_mkdocs, read_yaml
from .data import Dataset
from .html import block, esc, front_matter, link

UNKNOWN = "unknown"
LIST = publish.SHARDS


def shard_of(report: dict, by: str) -> str:
    """The shard of a report: its year, or its province's slug; ``unknown`` when not identified."""
    if by == "year":
        return str(report["year"]) if isinstance(report.get("year"), int) else UNKNOWN
    return slug(report.get("province") or "") or UNKNOWN


def label(name: str, by: str, ds: Dataset | None = None) -> str:
    if name == UNKNOWN:
        return "年度未识别" if by == "year" else "省份未识别"
    if by == "year":
        return f"{name} 年度"
    province = next((r["province"] for r in (ds.reports if ds else []) if shard_of(r, by) == name), name)
    return province


def names(ds: Dataset, by: str) -> dict[str, int]:
    """Shard -> its number of township-years, in order (years newest first)."""
    count: dict[str, int] = {}
    for r in ds.entries:
        name = shard_of(r, by)
        count[name] = count.get(name, 0) + 1
    order = sorted(count, key=lambda n: (n == UNKNOWN, -int(n) if n.isdigit() else 0, n))
    return {n: count[n] for n in order}


def subset(ds: Dataset, config: SiteConfig, name: str) -> Dataset:
    """The data package of one shard: the reports of that shard and their rows in every table."""
    if not config.shard_by:
        raise ValueError("no shards: set extra: nianbao: shard_by: year (or province) in mkdocs.yml")
    ids = {r["report_id"] for r in ds.reports if shard_of(ds.versions(r)[0], config.shard_by) == name}
    if not ids:
        raise ValueError(f"no reports in shard {name!r} (shards: {', '.join(names(ds, config.shard_by))})")
    keep = pa.array(sorted(ids))
    tables = {n: [row for row in rows if row.get("report_id") in ids] for n, rows in ds.tables.items()}
    arrow = {n: t.filter(pc.is_in(t.column("report_id"), value_set=keep)) for n, t in ds.arrow.items()}
    return Dataset(root=ds.root, descriptor=ds.descriptor, tables=tables, corpus=ds.corpus, arrow=arrow)


def shard_config(config: SiteConfig, name: str) -> SiteConfig:
    """A shard's settings: its own address (for the citation lines)."""
    url = config.shard_url.format(shard=name)
    return dataclasses.replace(config, site_url=urljoin(config.site_url, url) if config.site_url else "")


def build_all(root: Path, out: Path, config_file: Path | None, engine: str, workers: int = 0):
    """Build every shard into OUT/NAME/site and the root into OUT/root/site; yields (name, site, bytes)."""
    from . import data, limits
    from .cli import run_engine
    ds = data.load(root)
    user = read_yaml(config_file) if config_file else generate.default_config()
    config = from_mkdocs(user)
    if not config.shard_by:
        raise ValueError("no shards: set extra: nianbao: shard_by: year (or province) in mkdocs.yml")
    shards = names(ds, config.shard_by)
    listing = {"root": config.root_url,
               "shards": [{"name": n, "label": label(n, config.shard_by, ds), "url": config.shard_url.format(shard=n),
                           "reports": k} for n, k in shards.items()]}
    for name in shards:
        part, settings = subset(ds, config, name), shard_config(config, name)
        site = (Path(out) / name / "site").resolve()
        source = generate.write_folder(part, Path(out) / name / "source", config_file, settings,
                                       title=f"{user.get('site_name', '')} · {label(name, config.shard_by, ds)}")
        run_engine(engine, source, site)
        publish.publish(part, site, settings, workers)
        search.index_site(part, site, settings, shard=name)
        _write_list(site, listing, name)
        yield name, site, limits.check(site, config.max_site_mb, config.max_file_mb)[1]
    site = (Path(out) / "root" / "site").resolve()
    run_engine(engine, write_root(ds, Path(out) / "root" / "source", user, config, listing), site)
    publish.copy_data(ds, site, config)
    search.index_site(None, site, config, shard="")
    _write_list(site, listing, "")
    yield "root", site, limits.check(site, config.max_site_mb, config.max_file_mb)[1]


def _write_list(site: Path, listing: dict, name: str) -> None:
    (site / LIST).write_text(json.dumps({**listing, "self": name}, ensure_ascii=False), encoding="utf-8")


def write_root(ds: Dataset, out: Path, user: dict, config: SiteConfig, listing: dict) -> Path:
    """The root site's folder: one page with the overview, the shards, and the data downloads."""
    from .dictionary import downloads_markdown
    docs = Path(out) / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    rows = "".join(f"<tr><td>{link(s['url'], esc(s['label']))}</td><td class=\"nb-num\">{s['reports']}</td></tr>"
                   for s in listing["shards"])
    page = (front_matter(user.get("site_name") or "nianbao") + block(
        f"<h1>{esc(user.get('site_name') or 'nianbao')}</h1>", "nb-intro") + indexes.overview(ds)
        + block('<p>本站按{}分为几个分站，每个分站是一个完整的网站：报告页、索引和搜索。页面顶部的搜索框同时搜索全部分站，'
                "并注明每条结果在哪个分站。</p>".format("年度" if config.shard_by == "year" else "省份")
                + '<table class="nb-table"><thead><tr><th>分站</th><th>乡镇年度</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>", "nb-shards") + "\n## 数据下载\n\n" + downloads_markdown(ds, config, ""))
    generate.write_text(docs / "index.md", page)
    for uri, path in generate.assets():
        generate.copy_file(path, docs / uri)
    root = {k: v for k, v in generate.default_config().items() if k != "nav"}
    root.update({k: user[k] for k in ("site_name", "site_url", "copyright", "extra") if k in user})
    root["nav"] = [{"首页": "index.md"}]
    target = Path(out) / "mkdocs.yml"
    target.write_text(yaml.safe_dump(generate.engine_config(root), allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target

