"""``nianbao release VERSION``: the built package at ``root`` becomes a citable release.

Nothing is rebuilt: the release is the build that was reviewed. In order:

1. check: VERSION is a calendar version of the release's year, after the last release; the package
   is built; the workbook and the Excel CSVs hold every row of the tool CSVs; CITATION.cff will be valid;
2. record ``releases/<version>/release.json`` (version, date, previous release, the hash of every CSV);
3. rewrite ``datapackage.json`` and the workbook, which now name the release (what the next build
   of the same data writes too, byte for byte);
4. keep what the next release compares with: ``releases/<version>/datapackage.json`` and the Parquet
   tables the comparison reads (``releases/<version>/build/``), and write the changes since the
   previous release there (CHANGELOG-data.md, changes.csv);
5. write ``CITATION.cff`` and ``.zenodo.json`` at ``root`` and the bundle ``dist/nianbao-<version>.zip``.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from ..pipeline.release import locked
from ..tables.write import datapackage
from ..tables.resources import RESOURCES
from . import bundle, changelog, citation, diff, excel_csv, record, verify, workbook

SNAPSHOT = ("reports", "proactive", "applications", "review_litigation", "findings")   # what diff reads


@dataclass
class Done:
    release: record.Release
    folder: Path
    bundle: Path | None = None
    written: list[Path] = field(default_factory=list)
    changes: diff.Changes | None = None


def release(root: Path, version: str, date: str | None = None, dist: Path | None = None) -> Done:
    """Cut release ``version`` of the package built at ``root`` (see the module's docstring); holds
    the folder's lock, as a build does."""
    with locked(root):
        return _release(root, version, date, dist)


def _release(root: Path, version: str, date: str | None, dist: Path | None) -> Done:
    day = datetime.date.fromisoformat(date) if date else datetime.date.today()
    year, _ = record.parse_version(version)
    if year != day.year:
        raise ValueError(f"version {version} is not of the release's year {day.year} (YEAR.N, e.g. {day.year}.1)")
    build = root / "build"
    if not (root / "datapackage.json").exists() or not (build / "reports.parquet").exists():
        raise ValueError(f"{root}: no built package here (run nianbao build first)")
    known = record.releases(root)
    last = known[-1] if known else None
    if last and record.parse_version(version) <= record.parse_version(last.version):
        raise ValueError(f"{version} is not after the last release {last.version}")
    folder = record.folder(root, version)
    if folder.exists():
        raise ValueError(f"{folder} exists already")
    tables = {name: pq.read_table(build / f"{name}.parquet") for name in RESOURCES}
    if not (build / workbook.NAME).exists() or not (build / excel_csv.FOLDER).is_dir():
        excel_csv.write(build, tables)          # a national build leaves them to the release (tables_stage)
        workbook.write(build, tables, json.loads((root / "datapackage.json").read_text(encoding="utf-8")))
    problems = verify.check(build)
    if problems:
        raise ValueError("the workbook or the Excel CSVs do not hold the data (run nianbao build): "
                         + "; ".join(problems[:5]))
    this = record.Release(version, day.isoformat(), last.version if last else None, record.table_hashes(build),
                          citation.authors(root) or (last.authors if last else list(record.AUTHORS)))
    corpus_rel = json.loads((root / "datapackage.json").read_text(encoding="utf-8")).get("nianbao", {}).get("corpus")
    prospective = {**datapackage(corpus_rel), **record.fields(record.Stamp(this, this))}
    found = citation.problems(citation.cff_text(citation.cff(prospective, this, citation.read_cff(root / citation.CFF))))
    if found:
        raise ValueError(f"{citation.CFF} would not be valid: " + "; ".join(found))

    done = Done(this, folder)
    done.written.append(record.save(root, this))
    descriptor = datapackage(corpus_rel, root, build)       # now names this release
    _replace(root / "datapackage.json", lambda tmp: tmp.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"))
    _replace(build / workbook.NAME, lambda tmp: workbook.write(tmp.parent, tables, descriptor))
    shutil.copy2(root / "datapackage.json", folder / "datapackage.json")
    (folder / "build").mkdir()
    for name in SNAPSHOT:
        shutil.copy2(build / f"{name}.parquet", folder / "build" / f"{name}.parquet")
    done.changes = diff.compare(record.folder(root, last.version) if last else None, root)
    done.written += changelog.write(done.changes, folder)
    done.written += citation.write(root, descriptor, this)
    counts = {name: t.num_rows for name, t in tables.items()}
    done.bundle = bundle.write(root, this, descriptor, counts, done.changes, dist or root / "dist")
    return done


def _replace(path: Path, make) -> None:
    """Make ``path`` in a temporary file beside it, then move it into place."""
    tmp = Path(tempfile.mkdtemp(prefix=".release-", dir=path.parent)) / path.name
    try:
        make(tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp.parent, ignore_errors=True)
