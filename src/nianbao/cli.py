"""The `nianbao` command: parses options, calls the library, turns a library error into one line.

    nianbao build [CORPUS_DIR] [--out OUT_DIR] [--strict]   the whole pipeline
    nianbao extract [CORPUS_DIR] [--out OUT_DIR]            only write extractions/
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
                    strict=getattr(args, "strict", False))


def cmd_build(args) -> int:
    settings = _settings(args)
    result = pipeline.build(settings)
    _report(result, settings)
    print(f"wrote {result.datapackage}")
    return 1 if settings.strict and result.errors else 0


def cmd_extract(args) -> int:
    settings = _settings(args)
    result = pipeline.extract_corpus(settings)
    _report(result, settings)
    return 1 if settings.strict and result.errors else 0


def _report(result: pipeline.Result, settings: Settings) -> None:
    n = len(result.extractions)
    print(f"{n} reports ({result.reused} unchanged, reused) -> {settings.extractions}")
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
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as e:
        print(f"nianbao: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
