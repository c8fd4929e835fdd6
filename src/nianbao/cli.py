"""The `nianbao` command: parses options, calls the library, turns a library error into one line.

Paths default to the current folder: ``nianbao build`` in a checkout builds its ``corpus/`` into
itself. ``nianbao --help`` (and each command's ``--help``) is the reference; README.md's command
table is checked against it by a test.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .harvest.settings import HarvestSettings
from .settings import Settings


def _settings(args, corpus_required: bool = True) -> Settings:
    corpus = Path(args.corpus) if getattr(args, "corpus", None) else Path("corpus")
    root = Path(args.out) if args.out else (Path(".") if not getattr(args, "corpus", None) else Path.cwd())
    if corpus_required and not corpus.is_dir():
        raise SystemExit(f"nianbao: no such folder: {corpus} (give the corpus folder, or run where corpus/ is)")
    return Settings(corpus=corpus.resolve() if corpus.is_dir() else None, root=root.resolve(),
                    corrections=Path(args.corrections).resolve() if getattr(args, "corrections", None) else None,
                    strict=getattr(args, "strict", False), workers=getattr(args, "workers", 0),
                    extractions_dir=Path(args.extractions).resolve() if getattr(args, "extractions", None) else None)


def cmd_build(args) -> int:
    from . import pipeline     # not imported for the site's commands: a second of start-up
    settings = _settings(args)
    if args.scheduler:
        from .cluster import ClusterError, connect
        try:
            with connect(args.scheduler, settings) as mapper:
                result = pipeline.build(settings, mapper=mapper)
        except ClusterError as e:
            raise SystemExit(f"nianbao: {e}")
    else:
        result = pipeline.build(settings)
    _report(result, settings)
    print(f"{'kept' if result.tables_reused else 'wrote'} {result.datapackage}")
    return 1 if settings.strict and result.errors else 0


def cmd_extract(args) -> int:
    from . import pipeline     # not imported for the site's commands: a second of start-up
    settings = _settings(args)
    result = pipeline.extract_corpus(settings)
    _report(result, settings)
    return 1 if settings.strict and result.errors else 0


def cmd_validate(args) -> int:
    """Check extraction files against the schema and print what validation finds in them."""
    from .describe import standalone
    from .extraction import listing, loads
    from .extraction.schema import problems
    from .validate import validate
    folder = Path(args.extractions or "extractions")
    bad = found = 0
    for path in listing(folder):
        text = path.read_text(encoding="utf-8")
        wrong = problems(text)
        for line, why in wrong:
            print(f"{path}:{line}: {why}")
        bad += bool(wrong)
        if wrong:
            continue
        ex = loads(text)
        r = standalone(ex, path.stem, Path(args.corrections) if args.corrections else None)
        for f in validate(r):
            if f.severity != "info" or args.verbose:
                found += 1
                print(f"{path}: [{f.severity}] {f.rule}: {f.message}")
    print(f"{len(listing(folder)) - bad} extraction files fit the schema, {bad} do not; {found} findings shown")
    return 1 if bad else 0


def cmd_tables(args) -> int:
    from . import pipeline     # not imported for the site's commands: a second of start-up
    settings = _settings(args, corpus_required=False)
    result = pipeline.build_from_extractions(settings)
    _report(result, settings)
    print(f"{'kept' if result.tables_reused else 'wrote'} {result.datapackage}")
    return 1 if result.errors else 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_score
    score = evaluate(Path(args.truth), Path(args.package or "."))
    for line in score.mismatches[: args.show]:
        print(line)
    if len(score.mismatches) > args.show:
        print(f"… {len(score.mismatches) - args.show} more mismatches")
    for name in score.unmatched:
        print(f"no report built from {name}")
    print(format_score(score))
    return 0


def cmd_schema(args) -> int:
    from .extraction.schema import write_schema
    print(f"wrote {write_schema(Path(args.out or '.'))}")
    return 0


def cmd_harvest(args) -> int:
    from .harvest import harvest, read_urls
    if not args.urls and not args.index:
        raise SystemExit("nianbao harvest: give a URL list, an --index URL, or both")
    targets, bad = read_urls(Path(args.urls)) if args.urls else ([], [])
    settings = HarvestSettings(**{k: v for k, v in vars(args).items()
                                  if k in HarvestSettings.__dataclass_fields__ and v is not None})
    corpus = Path(args.corpus)
    words = {"words": tuple(args.title_word)} if args.title_word else {}
    summary = harvest(targets, corpus, settings, index_urls=tuple(args.index or ()), year=args.year, bad=bad, **words)
    print(f"{summary} -> {corpus / 'manifest.csv'}")
    if summary.errors:
        print(f"{summary.errors} URLs could not be archived: see {corpus / 'harvest_errors.csv'}", file=sys.stderr)
    return 0


def cmd_release(args) -> int:
    from .release import changelog, cut
    done = cut.release(Path(args.root or ".").resolve(), args.version, args.date,
                       Path(args.dist).resolve() if args.dist else None)
    for path in [*done.written, done.bundle]:
        print(f"wrote {path}")
    print(f"release {done.release.version} of {done.release.date}; changes {changelog.summary(done.changes)}")
    return 0


def cmd_diff(args) -> int:
    from .release import changelog, diff
    changes = diff.compare(Path(args.old), Path(args.new))
    for path in changelog.write(changes, Path(args.out)):
        print(f"wrote {path}")
    print(changelog.summary(changes))
    return 0


def _report(result: pipeline.Result, settings: Settings) -> None:
    n = len(result.report_ids)
    print(f"{n} reports ({result.extracted} read, {result.reused} unchanged and reused) -> {settings.extractions}")
    if result.skipped:
        print(f"skipped (dot-files): {', '.join(result.skipped[:10])}{' …' if len(result.skipped) > 10 else ''}")
    if result.tables_reused:
        print("tables unchanged: nothing they are made from changed since the last build")
    elif result.chunks[1]:
        print(f"tables: {result.chunks[0]} of {result.chunks[1]} chunks made again")
    if result.findings:
        flagged = sum(1 for f in result.findings.values() if any(x.severity == "error" for x in f))
        print(f"{flagged} of {n} reports break a rule of the format or contradict themselves (see findings)")
    for e in result.errors:
        print(f"{_COULD_NOT.get(e['stage'], 'could not process {}').format(e['source_file'])} ({e['code']}): "
              f"{e['reason']}", file=sys.stderr)


# what stopped a file, by the errors table's stage (tables/resources.py), as the command says it
_COULD_NOT = {"corpus": "could not take {} from the corpus", "manifest": "could not apply the manifest's row for {}",
              "ingest": "could not ingest {}", "extract": "could not extract {}", "validate": "could not validate {}",
              "corrections": "could not apply the corrections for {}", "tables": "could not publish {}"}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nianbao", description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, func, help_ in (("build", cmd_build, "run the whole pipeline and write the data package"),
                              ("extract", cmd_extract, "extract every changed report into extractions/")):
        c = sub.add_parser(name, help=help_, description=help_)
        c.add_argument("corpus", nargs="?", help="folder of reports (default: ./corpus)")
        c.add_argument("--out", help="folder for datapackage.json, build/ and extractions/ "
                                     "(default: . for ./corpus, else the current folder)")
        c.add_argument("--corrections", help="folder of corrections (default: OUT/corrections)")
        c.add_argument("--strict", action="store_true", help="exit 1 when any file could not be read")
        c.add_argument("-j", "--workers", type=int, default=0, help="processes to use (default 0: one per core)")
        if name == "build":
            c.add_argument("--scheduler", metavar="ADDRESS", help="run ingest, OCR and extraction on the Dask "
                           "cluster of this scheduler (tcp://host:8786; 'local': a LocalCluster here)")
        c.set_defaults(func=func)
    c = sub.add_parser("validate", help="check extraction files against the schema and the format's rules",
                       description="check extraction files against the schema and the format's rules")
    c.add_argument("extractions", nargs="?", help="folder of extraction files (default: ./extractions)")
    c.add_argument("--corrections", help="folder of corrections")
    c.add_argument("-v", "--verbose", action="store_true", help="also print info findings")
    c.set_defaults(func=cmd_validate)
    c = sub.add_parser("tables", help="build the data package from a folder of extraction files",
                       description="build the data package from a folder of extraction files")
    c.add_argument("extractions", help="folder of extraction files")
    c.add_argument("--out", required=True, help="folder for datapackage.json and build/")
    c.add_argument("--corrections", help="folder of corrections")
    c.add_argument("-j", "--workers", type=int, default=0, help="processes to use (default 0: one per core)")
    c.set_defaults(func=cmd_tables)
    c = sub.add_parser("eval", help="score a built package against truth files",
                       description="score a built package against truth files")
    c.add_argument("truth", help="folder of truth files (the format of tests/truth)")
    c.add_argument("--package", help="root of the built package (default: .)")
    c.add_argument("--show", type=int, default=50, help="how many mismatches to list")
    c.set_defaults(func=cmd_eval)
    c = sub.add_parser("schema", help="write the extraction files' JSON Schema (schemas/extraction.schema.json)",
                       description="write the extraction files' JSON Schema (schemas/extraction.schema.json)")
    c.add_argument("--out", help="root folder (default: .)")
    c.set_defaults(func=cmd_schema)
    c = sub.add_parser("harvest", help="fetch report pages and their attachments into a corpus with its manifest",
                       description="fetch report pages and their attachments into a corpus with its manifest")
    c.add_argument("urls", nargs="?", help="CSV with a url column (optional township, county, year hints)")
    c.add_argument("--corpus", required=True, help="the corpus folder to archive into (manifest.csv there)")
    c.add_argument("--index", action="append", help="a 年度报告 list page to follow (repeatable)")
    c.add_argument("--year", type=int, help="with --index: only reports whose title names this year (or none)")
    c.add_argument("--title-word", action="append", help="with --index: words a report's title holds "
                                                         "(repeatable; default 年度报告, 年报)")
    d = HarvestSettings()
    for flag, kind, help_ in (
            ("--contact", str, "a URL or e-mail for the User-Agent, so webmasters can reach you"),
            ("--delay", float, f"seconds between two requests to one host (default {d.delay:g})"),
            ("--per-host", int, f"requests in flight to one host (default {d.per_host})"),
            ("--concurrency", int, f"pages worked on at once, across hosts (default {d.concurrency})"),
            ("--timeout", float, f"seconds to connect, and between two reads (default {d.timeout:g})"),
            ("--retries", int, f"retries after 429, 5xx and timeouts (default {d.retries})"),
            ("--backoff", float, f"seconds before the first retry, doubling after (default {d.backoff:g})"),
            ("--max-bytes", int, f"largest response kept, in bytes (default {d.max_bytes})"),
            ("--warc", Path, "also write every request and response to this WARC file (.warc.gz)")):
        c.add_argument(flag, type=kind, help=help_)
    c.set_defaults(func=cmd_harvest)
    c = sub.add_parser("release", help="cut a release of the built package: record, citation, bundle, changes",
                       description="cut a release of the built package: record, citation, bundle, changes")
    c.add_argument("version", help="calendar version YEAR.N of the release's year, e.g. 2026.1")
    c.add_argument("--root", help="the built package (default: .)")
    c.add_argument("--date", help="the release's day, YYYY-MM-DD (default: today)")
    c.add_argument("--dist", help="folder for the zip bundle (default: ROOT/dist)")
    c.set_defaults(func=cmd_release)
    c = sub.add_parser("diff", help="list what changed between two built packages or release folders",
                       description="list what changed between two built packages or release folders")
    c.add_argument("old", help="package root, release folder (releases/VERSION) or build/ folder")
    c.add_argument("new", help="the same, newer")
    c.add_argument("--out", default=".", help="folder for CHANGELOG-data.md and changes.csv (default: .)")
    c.set_defaults(func=cmd_diff)
    from .site.cli import add_parser as add_site_parser   # the website's steps (nianbao.site.cli)
    add_site_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as e:
        print(f"nianbao: {e}", file=sys.stderr)
        return 2


def run() -> None:
    """The console command: ``main``, then the process ends without freeing its objects one by one
    (a national build holds millions of them: a third of a second), as mypy's command does. Output
    is flushed first; every file the command writes is closed by then."""
    prepare_process()
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def prepare_process() -> None:
    """How the command's own process loads pyarrow (not the library's: a program that imports
    nianbao keeps its own settings). Arrow's allocator (mimalloc) asks for transparent huge pages,
    so the first touch of each 2 MB of a fresh arena zeroes all of it: 8 % of a first build's CPU in
    a kernel profile. Without them a first build of 2,000 copies took 3.9-4.8 s against 4.6-5.3 s
    (four alternated pairs), and adding one report to 40,000 a median of 6.4 s against 7.1 s.
    ``MIMALLOC_ALLOW_THP`` set by the user wins."""
    os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")
    _pyarrow_without_pandas()


class _NoPandas:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def _pyarrow_without_pandas() -> None:
    """pyarrow imports pandas at its first array, to ask whether it was given pandas objects: 0.3 s
    of every command, and nothing here gives it any. The command's own process has it find none
    then; pyarrow asks only once, and still imports pandas where a table is made into one
    (``to_pandas``: tests/test_cli.py)."""
    if "pandas" in sys.modules or "pyarrow" in sys.modules:
        return
    sys.meta_path.insert(0, finder := _NoPandas())
    try:
        import pyarrow as pa
        pa.array([])
    finally:
        sys.meta_path.remove(finder)


if __name__ == "__main__":
    run()
