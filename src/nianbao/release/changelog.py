"""The changes between two releases as files: ``CHANGELOG-data.md`` for people (Chinese first, a
Markdown fragment a web page can include) and ``changes.csv`` for scripts (one row per change,
the columns of ``diff.COLUMNS``, null an empty cell).

``markdown(changes, link=...)`` takes the site's own link maker, so the release page can link each
changed cell to its report page; the file written here has no links, only report ids. ``load``
reads a release's changes back, so the site needs no second comparison.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Callable

from ..catalogue import TABLE_BY_NAME
from ..tables.resources import RESOURCES
from .diff import CHANGES, COLUMNS, REASONS, Changes
from .workbook import label, zh

MARKDOWN, CSV = "CHANGELOG-data.md", "changes.csv"
LIMIT = 1000            # rows listed per section; changes.csv has them all
NULL = "空"
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text) -> str:
    """Text that stays text in a Markdown table: markup escaped, one line.

    >>> md("a|b <i>*x*</i>")
    'a\\\\|b \\\\<i\\\\>\\\\*x\\\\*\\\\</i\\\\>'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _key(table: str, dim: str, key: str | None) -> str:
    """A row or column key with its Chinese label: '(一)予以公开 `granted`'."""
    if key is None:
        return ""
    t = TABLE_BY_NAME.get(table)
    if t is None:
        fields = {f["name"]: f["title"] for f in RESOURCES.get(table, {}).get("schema", {}).get("fields", [])}
        return f"{md(zh(fields[key]))} `{key}`" if key in fields else f"`{key}`"
    items = t.rows if dim == "row" else t.cols
    item = next((i for i in items if i.key == key), None)
    return f"{md(label(item))} `{key}`" if item else f"`{key}`"


def _value(v) -> str:
    return NULL if v is None else md(v)


def markdown(changes: Changes, link: Callable[[dict], str] | None = None, limit: int = LIMIT,
             level: int = 1) -> str:
    """The changelog as Markdown; ``link(row)`` gives the URL of a change's report page (or None: a
    removed report has none); ``level`` is the level of its heading (2 to nest it in another page)."""
    def report(r: dict) -> str:
        url = link(r) if link else None
        return f"[{md(r['report_id'])}]({url})" if url else md(r["report_id"])

    def table_zh(name: str | None) -> str:
        t = TABLE_BY_NAME.get(name)
        return f"表{t.section}" if t else md(zh(RESOURCES[name]["title"])) if name in RESOURCES else ""

    counts = changes.counts()
    h = "#" * level
    out = [f"{h} 数据变更 Data changes: {md(changes.old)} → {md(changes.new)}", "",
           "| 变更 change | 数量 count |", "|---|---:|"]
    out += [f"| {zh_} {en} | {counts[kind]:,} |" for kind, (zh_, en) in CHANGES.items()]
    out.append("")
    if not changes.rows:
        out += ["两个版本的数据完全相同。 / The two versions hold the same data.", ""]
    sections = {
        "report_added": (["报告 report", "原文文件 source file"], lambda r: [report(r), md(r["message"])]),
        "report_removed": (["报告 report", "原文文件 source file"], lambda r: [report(r), md(r["message"])]),
        "cell_changed": (["报告 report", "表 table", "行 row", "列 column", "原值 → 新值 old → new",
                          "状态 status", "原因 reason", "说明 note"],
                         lambda r: [report(r), table_zh(r["table"]), _key(r["table"], "row", r["row"]),
                                    _key(r["table"], "col", r["column"]),
                                    f"{_value(r['old_value'])} → {_value(r['new_value'])}",
                                    f"{r['old_status'] or '—'} → {r['new_status'] or '—'}",
                                    REASONS[r["reason"]][0], md(r["message"] or "")]),
        "field_changed": (["报告 report", "字段 field", "原值 → 新值 old → new", "原因 reason"],
                          lambda r: [report(r), _key("reports", "", r["column"]),
                                     f"{_value(r['old_value'])} → {_value(r['new_value'])}",
                                     REASONS[r["reason"]][0]]),
    }
    finding = (["报告 report", "规则 rule", "级别 severity", "位置 where", "说明 message"],
               lambda r: [report(r), f"`{r['rule']}`", r["severity"] or "",
                          md(" / ".join(x for x in (r["table"], r["row"], r["column"]) if x)),
                          md(r["message"] or "")])
    sections["finding_opened"] = sections["finding_closed"] = finding
    for kind, (header, cells) in sections.items():
        rows = changes.of(kind)
        if not rows:
            continue
        out += [f"{h}# {CHANGES[kind][0]} {CHANGES[kind][1].capitalize()}", "",
                "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cells(r)) + " |" for r in rows[:limit]]
        if len(rows) > limit:
            out.append(f"\n另有 {len(rows) - limit:,} 项，见 {CSV}。 / {len(rows) - limit:,} more in {CSV}.")
        out.append("")
    reasons = "；".join(f"{zh_}（`{k}`）" for k, (zh_, _) in REASONS.items())
    out.append(f"原因 reasons: {reasons}。逐项变更见 `{CSV}`。")
    return "\n".join(out) + "\n"


def summary(changes: Changes) -> str:
    """One line: '2026.1 -> 2026.2: 1 cells changed, 2 findings opened'."""
    counts = ", ".join(f"{n:,} {CHANGES[kind][1]}" for kind, n in changes.counts().items() if n)
    return f"{changes.old} -> {changes.new}: {counts or 'no changes'}"


def load(folder: Path, old: str, new: str) -> Changes:
    """The changes written to ``folder`` (a release's: old and new are its previous version and its
    own), read back from changes.csv, e.g. for the site's release page."""
    with (folder / CSV).open(encoding="utf-8", newline="") as f:
        rows = [{k: v or None for k, v in r.items()} for r in csv.DictReader(f)]
    return Changes(old, new, rows)


def write(changes: Changes, folder: Path) -> list[Path]:
    """Write CHANGELOG-data.md and changes.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKDOWN).write_text(markdown(changes), encoding="utf-8")
    with (folder / CSV).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows([["" if r[c] is None else r[c] for c in COLUMNS] for r in changes.rows])
    return [folder / MARKDOWN, folder / CSV]
