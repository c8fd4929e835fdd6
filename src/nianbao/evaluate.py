"""Accuracy: a built package scored against truth files (the format of ../shared/truth).

Precision is the share of published cells that are right: a value published where the truth has
none counts as wrong, so an invented number costs precision. Recall is the share of the truth's
printed cells that are published with their value. Metadata accuracy is over the truth's fields.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import APPLICATIONS, REVIEW_LITIGATION

META = ("organ", "township", "county", "prefecture", "province", "year", "template", "published_on")
CONTACT = ("phone", "email", "website")
DIMS = {"proactive": ("category", "measure"), "applications": ("row", "applicant"),
        "review_litigation": ("proceeding", "outcome")}


@dataclass
class Score:
    published: int = 0          # non-null cells published for the scored reports
    right: int = 0              # of those, equal to the truth
    printed: int = 0            # non-null cells in the truth
    found: int = 0              # of those, published with the same value
    meta_total: int = 0
    meta_right: int = 0
    reports: int = 0
    unmatched: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.published if self.published else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.printed if self.printed else 1.0

    @property
    def metadata(self) -> float:
        return self.meta_right / self.meta_total if self.meta_total else 1.0

    def summary(self) -> str:
        return (f"{self.reports} reports: cell precision {self.precision:.2%} ({self.right}/{self.published}), "
                f"recall {self.recall:.2%} ({self.found}/{self.printed}), "
                f"metadata {self.metadata:.2%} ({self.meta_right}/{self.meta_total})")


def truth_cells(truth: dict) -> dict[tuple[str, str, str], object]:
    out = {}
    for cat, measures in (truth.get("proactive") or {}).items():
        out.update({("proactive", cat, m): v for m, v in measures.items()})
    for table, cols in (("applications", APPLICATIONS.cols), ("review_litigation", REVIEW_LITIGATION.cols)):
        for row, values in (truth.get(table) or {}).items():
            out.update({(table, row, c.key): v for c, v in zip(cols, values)})
    return out


def _number(text: str):
    if text == "":
        return None
    v = float(text)
    return int(v) if v.is_integer() else v


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evaluate(truth_dir: Path, package_root: Path) -> Score:
    build = package_root / "build"
    reports = {r["source_file"]: r for r in _read(build / "reports.csv")}
    cells: dict[str, dict] = {}
    for table, (rd, cd) in DIMS.items():
        for r in _read(build / f"{table}.csv"):
            cells.setdefault(r["report_id"], {})[table, r[rd], r[cd]] = _number(r["value"])
    score = Score()
    for path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        report = reports.get(truth["report"])
        if report is None:
            score.unmatched.append(truth["report"])
            continue
        score.reports += 1
        want = truth_cells(truth)
        got = cells.get(report["report_id"], {})
        for key, value in got.items():
            if value is None:
                continue
            score.published += 1
            if want.get(key) == value:
                score.right += 1
            else:
                score.mismatches.append(f"{truth['report']} {'/'.join(key)}: published {value}, truth {want.get(key)}")
        for key, value in want.items():
            if value is None:
                continue
            score.printed += 1
            if got.get(key) == value:
                score.found += 1
            elif key not in got or got[key] is None:
                score.mismatches.append(f"{truth['report']} {'/'.join(key)}: not published, truth {value}")
        expected = {k: truth.get(k) for k in META} | {k: (truth.get("contact") or {}).get(k) for k in CONTACT}
        for k, v in expected.items():
            if k not in report:
                continue
            score.meta_total += 1
            have = report[k] or None
            if have == (str(v) if v is not None else None):
                score.meta_right += 1
            else:
                score.mismatches.append(f"{truth['report']} {k}: published {have}, truth {v}")
    return score
