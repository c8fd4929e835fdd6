"""The release record: calendar versions, what each release leaves in ``releases/<version>/``, and
which release (if any) a build is.

A build is deterministic, so it never reads the clock: the version and date it writes into
datapackage.json and the workbook come from these records. The record keeps the hash of every
CSV table it released, so a build whose tables are byte for byte a release's *is* that release;
any other build is ``<last release>+dev`` (``0.0.0+dev`` before the first), with no date, so
unreleased data is never cited as a release.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RELEASES = "releases"
RECORD = "release.json"
UNRELEASED = "0.0.0"
DEV = "+dev"
# Who the dataset names as its authors until a maintainer lists people in CITATION.cff.
AUTHORS = [{"name": "nianbao 项目 / the nianbao project"}]

VERSION = re.compile(r"(?P<year>20\d\d)\.(?P<n>[1-9]\d{0,2})")


def parse_version(text: str) -> tuple[int, int]:
    """A calendar version YEAR.N (the Nth release of the year) as a sortable pair.

    >>> parse_version("2026.1"), parse_version("2026.12") > parse_version("2026.2")
    ((2026, 1), True)
    >>> parse_version("2026.01")
    Traceback (most recent call last):
    ValueError: not a calendar version YEAR.N (such as 2026.1): '2026.01'
    """
    m = VERSION.fullmatch(text or "")
    if not m:
        raise ValueError(f"not a calendar version YEAR.N (such as 2026.1): {text!r}")
    return int(m["year"]), int(m["n"])


@dataclass(frozen=True)
class Release:
    version: str
    date: str                                   # ISO date of the release
    previous: str | None                        # the version this one is compared with
    tables: dict[str, str]                      # build/<name>.csv -> sha256 of the released file
    authors: list[dict] = field(default_factory=lambda: list(AUTHORS))   # CFF persons or entities

    @property
    def created(self) -> str:
        """Data Package v2 ``created`` (RFC 3339): the release's day."""
        return f"{self.date}T00:00:00Z"


def folder(root: Path, version: str) -> Path:
    return root / RELEASES / version


def releases(root: Path) -> list[Release]:
    """Every release recorded under ``root``, oldest first."""
    found = []
    for path in (root / RELEASES).glob(f"*/{RECORD}"):
        data = json.loads(path.read_text(encoding="utf-8"))
        parse_version(data["version"])
        found.append(Release(**data))
    return sorted(found, key=lambda r: parse_version(r.version))


def save(root: Path, release: Release) -> Path:
    path = folder(root, release.version) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(release), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def table_hashes(build: Path) -> dict[str, str]:
    """sha256 of each tool CSV (``build/*.csv``), which fixes every value of a build."""
    return {f"build/{p.name}": _sha256(p) for p in sorted(build.glob("*.csv"))}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What a build says about its release: the release it is (or None) and the last one recorded."""

    release: Release | None
    last: Release | None

    @property
    def version(self) -> str:
        if self.release:
            return self.release.version
        return f"{self.last.version if self.last else UNRELEASED}{DEV}"

    @property
    def authors(self) -> list[dict]:
        known = self.release or self.last
        return known.authors if known else list(AUTHORS)


def stamp(root: Path | None, build: Path | None) -> Stamp:
    """Which release the build in ``build`` is, from the records under ``root``."""
    known = releases(root) if root else []
    if not known or build is None:
        return Stamp(None, known[-1] if known else None)
    hashes = table_hashes(build)
    return Stamp(next((r for r in reversed(known) if r.tables == hashes), None), known[-1])


def descriptor_fields(root: Path | None, build: Path | None) -> dict:
    """The Data Package v2 fields that name the release the tables in ``build`` are."""
    return fields(stamp(root, build))


def fields(s: Stamp) -> dict:
    """``version``, ``created`` (a release's only: a build has no date of its own) and
    ``contributors`` (the release's authors)."""
    out: dict = {"version": s.version}
    if s.release:
        out["created"] = s.release.created
    out["contributors"] = [{"title": author_name(a), "roles": ["creator"]} for a in s.authors]
    return out


def author_name(author: dict) -> str:
    """A CFF person or entity as one name."""
    if "name" in author:
        return author["name"]
    return " ".join(x for x in (author.get("given-names"), author.get("family-names")) if x)
