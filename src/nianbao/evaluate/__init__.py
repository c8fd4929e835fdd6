"""Accuracy: a built package scored against truth files (see ``truth``).

Precision is the share of published cells that are right: a value published where the truth has
none counts as wrong, so an invented number costs precision. Recall is the share of the truth's
printed cells that are published with their value. Metadata is scored per field, over the fields
each truth file gives; ``organ`` is also checked for sanity (an organ's name, never a sentence).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..places.organ import organ_name
from . import truth as truth_files

DIMS = {"proactive": ("category", "measure"), "applications": ("row", "applicant"),
        "review_litigation": ("proceeding", "outcome")}


@dataclass
class Score:
    published: int = 0          # non-null cells published for the scored reports
    right: int = 0              # of those, equal to the truth
    printed: int = 0            # non-null cells in the truth
    found: int = 0              # of those, published with the same value
    fields: Counter = field(default_factory=Counter)        # field -> truths that give it
    fields_right: Counter = field(default_factory=Counter)  # field -> of those, published as the truth
    organs: int = 0             # non-null organs published
    organs_sane: int = 0        # of those, an organ's name
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
        total = sum(self.fields.values())
        return sum(self.fields_right.values()) / total if total else 1.0

    def field(self, *names: str) -> float:
        """Accuracy over the given fields together (1.0 when no truth gives them)."""
        total = sum(self.fields[n] for n in names)
        return sum(self.fields_right[n] for n in names) / total if total else 1.0

    def summary(self) -> str:
        return (f"{self.reports} reports: cell precision {self.precision:.2%} ({self.right}/{self.published}), "
                f"recall {self.recall:.2%} ({self.found}/{self.printed}), "
                f"metadata {self.metadata:.2%} ({sum(self.fields_right.values())}/{sum(self.fields.values())})")


def format_score(score: Score) -> str:
    """The summary and every field's accuracy, one line each."""
    lines = [score.summary()]
    for name in sorted(score.fields, key=lambda n: (truth_files.META + truth_files.CONTACT).index(n)):
        lines.append(f"  {name:13} {score.fields_right[name] / score.fields[name]:7.2%} "
                     f"({score.fields_right[name]}/{score.fields[name]})")
    lines.append(f"  {'organ sanity':13} {score.organs_sane / score.organs if score.organs else 1:7.2%} "
                 f"({score.organs_sane}/{score.organs} published organs are an organ's name)")
    return "\n".join(lines)


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
            cells.setdefault(r["report_id"], {})[table, r[rd], r[cd]] = _number(r["value"].lstrip("'"))
    score = Score()
    for truth in truth_files.folder(truth_dir):
        report = reports.get(truth["report"])
        if report is None:
            score.unmatched.append(truth["report"])
            continue
        score.reports += 1
        _score_cells(score, truth, truth_files.cells(truth), cells.get(report["report_id"], {}))
        for key, want in truth_files.metadata(truth).items():
            if key not in report:
                continue
            have = report[key] or None
            score.fields[key] += 1
            if have == (str(want) if want is not None else None):
                score.fields_right[key] += 1
            else:
                score.mismatches.append(f"{truth['report']} {key}: published {have}, truth {want}")
        if report.get("organ"):
            score.organs += 1
            score.organs_sane += organ_name(report["organ"]) is not None
    return score


def _score_cells(score: Score, truth: dict, want: dict, got: dict) -> None:
    """Precision counts the published cells, recall the printed ones; a wrong cell is one mismatch."""
    name = truth["report"]
    for key in sorted(got.keys() | want.keys()):
        published, printed = got.get(key), want.get(key)
        score.published += published is not None
        score.printed += printed is not None
        if published is not None and published == printed:
            score.right += 1
            score.found += 1
        elif published is not None:
            score.mismatches.append(f"{name} {'/'.join(key)}: published {published}, truth {printed}")
        elif printed is not None:
            score.mismatches.append(f"{name} {'/'.join(key)}: not published, truth {printed}")
