"""`nianbao site`: the website of a data package, with any MkDocs-like engine, in separate steps.

    nianbao site build [PACKAGE] [--out DIR] [--engine mkdocs|properdocs|none] [--shard NAME]
        = generate + the engine's build + publish + search + check, into DIR/site
    nianbao site generate [PACKAGE] --out DIR     the folder the engine builds (DIR/mkdocs.yml, DIR/docs/)
    nianbao site publish [PACKAGE] SITE           the report pages and originals, after the engine
    nianbao site search [PACKAGE] SITE            the Pagefind index (SITE/pagefind/)
    nianbao site check SITE                       refuse a site over the host's limits
    nianbao site deploy SITE --remote R           check, then push SITE to R's gh-pages branch
    nianbao site shards [PACKAGE] --out DIR       one site per shard (extra.nianbao.shard_by) and a root
    nianbao site files [PACKAGE] DIR              the originals and data files laid out for upload

The site's settings are in mkdocs.yml (``--config``; default ./mkdocs.yml if there is one, else the
package's defaults), under ``extra: nianbao:`` (see ``config``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ENGINES = ("mkdocs", "properdocs", "none")


def add_parser(sub) -> None:
    """The ``site`` subcommand of ``nianbao`` (cli.py)."""
    site = sub.add_parser("site", help="build, check and deploy the website of a data package")
    steps = site.add_subparsers(dest="step", required=True)

    def step(name, func, help_, package=True):
        p = steps.add_parser(name, help=help_)
        if package:
            p.add_argument("package", nargs="?", default=".", help="folder of datapackage.json (default: .)")
            p.add_argument("--config", type=Path, help="the site's mkdocs.yml (default: ./mkdocs.yml, if any)")
        p.set_defaults(func=func)
        return p

    p = step("build", cmd_build, "generate, build with the engine, publish, index and check, into OUT/site")
    p.add_argument("--out", type=Path, default=Path("site-build"), help="folder for source/ and site/")
    p.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the engine that builds source/")
    p.add_argument("--shard", help="build only this shard (extra.nianbao.shard_by)")
    p.add_argument("-j", "--workers", type=int, default=0, help="processes writing report pages (0: all cores)")
    p = step("generate", cmd_generate, "write the folder the engine builds (OUT/mkdocs.yml, OUT/docs/)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--shard", help="only this shard's reports")
    for name, func, help_ in (("publish", cmd_publish, "write the report pages into the site the engine built"),
                              ("search", cmd_search, "index the built site with Pagefind")):
        p = step(name, func, help_)
        p.add_argument("site", type=Path, help="the built site")
        p.add_argument("--shard", help="only this shard's reports")
        p.add_argument("-j", "--workers", type=int, default=0, help="processes (0: all cores)")
    p = step("check", cmd_check, "refuse a site over the host's limits (1 GB, files of 100 MB)", package=False)
    p.add_argument("site", type=Path)
    p.add_argument("--max-site-mb", type=float, help="default: extra.nianbao.max_site_mb, else 1000")
    p.add_argument("--max-file-mb", type=float, help="default: extra.nianbao.max_file_mb, else 100")
    p.add_argument("--config", type=Path)
    p = step("deploy", cmd_deploy, "check the site, then commit it to a branch and push it", package=False)
    p.add_argument("site", type=Path)
    p.add_argument("--remote", default="origin", help="git remote name or URL (default: origin)")
    p.add_argument("--branch", default="gh-pages")
    p.add_argument("--message", default="nianbao site")
    p.add_argument("--repo", type=Path, default=Path("."), help="git repository to commit in (default: .)")
    p.add_argument("--max-site-mb", type=float)
    p.add_argument("--max-file-mb", type=float)
    p.add_argument("--config", type=Path)
    p = step("shards", cmd_shards, "build one site per shard and the root site that links them")
    p.add_argument("--out", type=Path, default=Path("site-build"))
    p.add_argument("--engine", choices=ENGINES, default="mkdocs")
    p.add_argument("-j", "--workers", type=int, default=0)
    p = step("files", cmd_files, "lay out the originals and data files where archive_url/downloads_url say")
    p.add_argument("dest", type=Path)


def _config_file(args) -> Path | None:
    if getattr(args, "config", None):
        return args.config
    return Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None


def _settings(args):
    from .config import from_mkdocs, read_yaml
    path = _config_file(args)
    return from_mkdocs(read_yaml(path) if path else {})


def _dataset(args):
    from . import data, shards
    ds = data.load(Path(args.package).resolve())
    return shards.subset(ds, _settings(args), args.shard) if getattr(args, "shard", None) else ds


def cmd_generate(args) -> int:
    from .generate import write_folder
    print(f"wrote {write_folder(_dataset(args), args.out, _config_file(args))}")
    return 0


def cmd_publish(args) -> int:
    from .publish import publish
    written = publish(_dataset(args), args.site, _settings(args), args.workers)
    print(f"{written.pages} report pages ({written.page_bytes / 2**20:.1f} MB), {written.originals} originals "
          f"({written.original_bytes / 2**20:.1f} MB), {written.files} files copied ({written.file_bytes / 2**20:.1f} MB)")
    return 0


def cmd_search(args) -> int:
    from .search import index_site
    print(f"{index_site(_dataset(args), args.site, _settings(args))} search documents -> {args.site / 'pagefind'}")
    return 0


def cmd_check(args) -> int:
    from .limits import check
    settings = _settings(args)
    problems, total = check(args.site, args.max_site_mb or settings.max_site_mb, args.max_file_mb or settings.max_file_mb)
    for p in problems:
        print(f"nianbao: {p}", file=sys.stderr)
    if not problems:
        print(f"{args.site}: {total / 1e6:,.0f} MB, within the limits")
    return 1 if problems else 0


def cmd_deploy(args) -> int:
    from .limits import deploy
    settings = _settings(args)
    deploy(args.site, args.remote, args.branch, args.message, args.repo,
           args.max_site_mb or settings.max_site_mb, args.max_file_mb or settings.max_file_mb)
    print(f"pushed {args.site} to {args.remote} {args.branch}")
    return 0


def cmd_build(args) -> int:
    from . import generate, limits, publish, search
    ds, settings = _dataset(args), _settings(args)
    clock = [("start", time.perf_counter())]
    source = generate.write_folder(ds, args.out / "source", _config_file(args))
    clock.append(("generated", time.perf_counter()))
    site = (args.out / "site").resolve()
    run_engine(args.engine, source, site)
    clock.append((f"{args.engine} build", time.perf_counter()))
    if args.engine != "none":
        written = publish.publish(ds, site, settings, args.workers)
        clock.append((f"{written.pages} report pages", time.perf_counter()))
        n = search.index_site(ds, site, settings)
        clock.append((f"{n} search documents", time.perf_counter()))
        problems, total = limits.check(site, settings.max_site_mb, settings.max_file_mb)
        for p in problems:
            print(f"nianbao: {p}", file=sys.stderr)
        print(f"{site}: {total / 1e6:,.0f} MB")
    print(", ".join(f"{b[0]} {b[1] - a[1]:.1f} s" for a, b in zip(clock, clock[1:])))
    return 0


def run_engine(engine: str, config: Path, site: Path) -> None:
    """Build the generated folder with ``engine`` (its command, in this Python)."""
    if engine == "none":
        return
    cmd = [sys.executable, "-m", engine, "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]
    proc = subprocess.run(cmd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ValueError(f"{engine} build failed:\n{(proc.stdout + proc.stderr)[-3000:]}")


def cmd_shards(args) -> int:
    from .shards import build_all
    for name, site, size in build_all(Path(args.package).resolve(), args.out, _config_file(args), args.engine,
                                      args.workers):
        print(f"{name}: {site} ({size / 1e6:,.0f} MB)")
    return 0


def cmd_files(args) -> int:
    from . import data
    from .limits import lay_out_files
    n = lay_out_files(data.load(Path(args.package).resolve()), args.dest, _settings(args))
    print(f"{n} files in {args.dest}")
    return 0
