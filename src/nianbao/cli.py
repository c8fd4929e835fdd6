"""The `nianbao` command: parses options, calls the library, turns a library error into one line.

    nianbao build [CORPUS_DIR] [--out OUT_DIR] [--strict] [--scheduler ADDRESS]
                                                            the whole pipeline (extraction on Dask)
    nianbao extract [CORPUS_DIR] [--out OUT_DIR]            only write extractions/
    nianbao validate [EXTRACTIONS_DIR]                      check extraction files, print findings
    nianbao tables EXTRACTIONS_DIR --out OUT_DIR            build the package from extraction files
    nianbao eval TRUTH_DIR [--package DIR]                  score a built package against truth files
    nianbao schema                                          regenerate the extraction files' JSON Schema
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, pipeline
from .settings import REPO, Settings


def _settings(args) -> Settings:
    corpus = Path(args.corpus) if args.corpus else REPO / "corpus"
    root = Path(args.out) if args.out else (REPO if not args.corpus else Path.cwd())
    if not corpus.is_dir():
        raise SystemExit(f"nianbao: no such folder: {corpus}")
    return Settings(corpus=corpus.resolve(), root=root.resolve(),
                    corrections=Path(args.corrections).resolve() if args.corrections else None,
                    strict=getattr(args, "strict", False), workers=getattr(args, "workers", 0))


def cmd_build(args) -> int:
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
    settings = _settings(args)
    result = pipeline.extract_corpus(settings)
    _report(result, settings)
    return 1 if settings.strict and result.errors else 0


def cmd_validate(args) -> int:
    folder = Path(args.extractions) if args.extractions else REPO / "extractions"
    result = pipeline.Result()
    extractions = pipeline.read_extractions(sorted(folder.glob("*.json")), result)  # misfits become errors
    settings = Settings(corrections=Path(args.corrections) if args.corrections else REPO / "corrections")
    pipeline.validate_all(extractions, settings, result)
    for e in result.errors:
        print(f"{e['source_file']}: {e['reason']}")
    for rid, found in sorted(result.findings.items()):
        for f in found:
            if f.severity != "info" or args.verbose:
                print(f"{rid}: [{f.severity}] {f.rule}: {f.message}")
    print(f"{len(extractions)} extraction files fit the schema, {len(result.errors)} do not; "
          f"{sum(len(v) for v in result.findings.values())} findings")
    return 1 if result.errors else 0


def cmd_tables(args) -> int:
    folder = Path(args.extractions).resolve()
    root = Path(args.out).resolve()
    settings = Settings(corpus=None, root=root, extractions_dir=folder, workers=args.workers,
                        corrections=Path(args.corrections).resolve() if args.corrections else None)
    result = pipeline.build_from_extractions(settings)
    _report(result, settings)
    print(f"{'kept' if result.tables_reused else 'wrote'} {result.datapackage}")
    return 1 if result.errors else 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate
    score = evaluate(Path(args.truth), Path(args.package) if args.package else REPO)
    for line in score.mismatches[: args.show]:
        print(line)
    if len(score.mismatches) > args.show:
        print(f"… {len(score.mismatches) - args.show} more mismatches")
    for name in score.unmatched:
        print(f"no report built from {name}")
    print(score.summary())
    return 0


def cmd_schema(args) -> int:
    from .extraction_schema import write_schema
    print(f"wrote {write_schema(REPO)}")
    return 0


def _report(result: pipeline.Result, settings: Settings) -> None:
    n = len(result.report_ids or result.extractions)
    print(f"{n} reports ({result.reused} unchanged, reused) -> {settings.extractions}")
    if result.tables_reused:
        print("tables unchanged: nothing they are made from changed since the last build")
    if result.findings:
        flagged = sum(1 for f in result.findings.values() if any(x.severity == "error" for x in f))
        print(f"{flagged} of {n} reports break a rule of the format or contradict themselves (see findings)")
    for e in result.errors:
        print(f"could not {e['stage']} {e['source_file']}: {e['reason']}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nianbao", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_ in (("build", cmd_build, "run the whole pipeline and write the data package"),
                              ("extract", cmd_extract, "extract every changed report into extractions/")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("corpus", nargs="?", help="folder of reports (default: the bundled corpus/)")
        p.add_argument("--out", help="folder for datapackage.json, build/ and extractions/ "
                                     "(default: the repository for the bundled corpus, else .)")
        p.add_argument("--corrections", help="folder of corrections (default: OUT/corrections)")
        p.add_argument("--strict", action="store_true", help="exit 1 when any file could not be read")
        p.add_argument("-j", "--workers", type=int, default=0, help="processes to use (default 0: one per core)")
        if name == "build":
            p.add_argument("--scheduler", metavar="ADDRESS", help="run ingest, OCR and extraction on the Dask "
                           "cluster of this scheduler (tcp://host:8786; 'local': a LocalCluster here)")
        p.set_defaults(func=func)
    p = sub.add_parser("validate", help="check extraction files against the schema and the format's rules")
    p.add_argument("extractions", nargs="?", help="folder of extraction files (default: extractions/)")
    p.add_argument("--corrections", help="folder of corrections (default: corrections/)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print info findings")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("tables", help="build the data package from a folder of extraction files")
    p.add_argument("extractions", help="folder of extraction files")
    p.add_argument("--out", required=True, help="folder for datapackage.json and build/")
    p.add_argument("--corrections", help="folder of corrections")
    p.add_argument("-j", "--workers", type=int, default=0, help="processes to use (default 0: one per core)")
    p.set_defaults(func=cmd_tables)
    p = sub.add_parser("eval", help="score a built package against truth files")
    p.add_argument("truth", help="folder of truth files (the format of tests/truth)")
    p.add_argument("--package", help="root of the built package (default: this repository)")
    p.add_argument("--show", type=int, default=50, help="how many mismatches to list")
    p.set_defaults(func=cmd_eval)
    sub.add_parser("schema", help="regenerate schemas/extraction.schema.json from the catalogue") \
        .set_defaults(func=cmd_schema)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as e:
        print(f"nianbao: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
