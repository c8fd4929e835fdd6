"""How a release is cited: ``CITATION.cff`` (GitHub's "Cite this repository", Zotero) and
``.zenodo.json`` (the metadata Zenodo gives the release's DOI), made from the descriptor.

A maintainer may edit CITATION.cff by hand (people as authors, ``url``, ``repository-code``,
``doi``): a release keeps those fields and rewrites only what the release fixes (title, version,
date, licence, abstract). The file is checked against the Citation File Format 1.2.0 JSON Schema,
which is vendored here (``cff-1.2.0.schema.json``, CC-BY-4.0, the Citation File Format authors,
byte for byte as shipped in the ``cffconvert`` 2.0.0 wheel; cffconvert itself pins jsonschema < 4,
which this project cannot install beside jsonschema 4).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from .record import Release, author_name

CFF, ZENODO = "CITATION.cff", ".zenodo.json"
SCHEMA = Path(__file__).with_name("cff-1.2.0.schema.json")
MESSAGE = "如使用本数据集，请按以下信息引用。 / If you use this dataset, please cite it as below."
KEYWORDS = ["政府信息公开", "政府信息公开工作年度报告", "乡镇", "open government data",
            "freedom of information", "China"]


class _NoDates(yaml.SafeLoader):
    """YAML as CFF validators read it: 2026-05-01 stays a string (the schema's dates are strings)."""


_NoDates.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                                    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_cff(path: Path) -> dict:
    """A CITATION.cff as data (dates as strings), or {} when there is none."""
    if not path.exists():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates) or {}


def authors(root: Path) -> list[dict] | None:
    """The authors a maintainer listed in ``root``/CITATION.cff, if any."""
    return read_cff(root / CFF).get("authors") or None


def cff(descriptor: dict, release: Release, kept: dict) -> dict:
    """The CITATION.cff of ``release``: ``kept`` (the file as it was) with the release's fields set."""
    out = {"cff-version": "1.2.0", "message": MESSAGE, "type": "dataset"}
    out.update({k: v for k, v in kept.items() if k not in out})
    out.update({
        "title": descriptor["title"],
        "version": release.version,
        "date-released": release.date,
        "authors": release.authors,
        "license": descriptor["licenses"][0]["name"],
        "abstract": descriptor["description"],
        "keywords": kept.get("keywords") or KEYWORDS,
    })
    return out


def cff_text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def problems(text: str) -> list[str]:
    """What makes ``text`` an invalid CITATION.cff (the CFF 1.2.0 schema); empty when valid."""
    try:
        data = yaml.load(text, Loader=_NoDates)
    except yaml.YAMLError as e:
        return [f"not YAML: {e}"]
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]


def zenodo(descriptor: dict, release: Release, data: dict) -> dict:
    """Zenodo's deposit metadata for the release (``.zenodo.json``), from the same facts as the CFF."""
    return {
        "title": f"{descriptor['title']} ({release.version})",
        "upload_type": "dataset",
        "description": descriptor["description"],
        "creators": [{"name": _zenodo_name(a)} for a in release.authors],
        "version": release.version,
        "publication_date": release.date,
        "license": descriptor["licenses"][0]["name"].lower(),
        "access_right": "open",
        "keywords": data["keywords"],
        "language": "zho",
    }


def _zenodo_name(author: dict) -> str:
    """Zenodo writes a person 'Family, Given'; an entity by its name."""
    if "family-names" in author:
        return ", ".join(x for x in (author["family-names"], author.get("given-names")) if x)
    return author_name(author)


def write(root: Path, descriptor: dict, release: Release) -> list[Path]:
    """Write CITATION.cff and .zenodo.json at ``root``; refuse a CITATION.cff the schema rejects."""
    data = cff(descriptor, release, read_cff(root / CFF))
    text = cff_text(data)
    found = problems(text)
    if found:
        raise ValueError(f"{CFF} would not be valid: " + "; ".join(found))
    (root / CFF).write_text(text, encoding="utf-8")
    (root / ZENODO).write_text(json.dumps(zenodo(descriptor, release, data), ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")
    return [root / CFF, root / ZENODO]
