"""Names that cannot drift (issue 17): every summary column the code names is one the tables have,
and the README's command table is the CLI's own."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from nianbao import cli
from nianbao.catalogue import HEADLINE
from nianbao.tables import RESOURCES

REPO = Path(__file__).resolve().parents[1]
SUMMARY = {f["name"] for f in RESOURCES["summary"]["schema"]["fields"]}
COLUMN = re.compile(r"[\"'](applications_[a-z_]+|[a-z_]+_total)[\"']")


def test_every_summary_column_the_code_names_exists():
    """A misspelled column ('applications_grantd') would pass every other test: it names nothing."""
    used = {(p.relative_to(REPO).as_posix(), m) for p in (REPO / "src").rglob("*.py")
            for m in COLUMN.findall(p.read_text(encoding="utf-8"))}
    assert used
    assert not {(path, name) for path, name in used if name not in SUMMARY}


def test_headline_figures_are_summary_columns():
    assert {c for c, _ in HEADLINE} <= SUMMARY


def _commands() -> dict[str, set[str]]:
    """Each subcommand (and the site's steps) with its options."""
    out = {}
    parser = cli.parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out[name] = {o for a in sub._actions for o in a.option_strings}
    return out


def test_the_readme_command_table_is_the_clis():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `nianbao ([a-z]+)([^`]*)`", text, flags=re.M)
    commands = _commands()
    documented = {name for name, _ in rows} | set(re.findall(r"^nianbao ([a-z]+) ", text, flags=re.M))
    assert documented >= set(commands), set(commands) - documented
    for name, usage in rows:
        assert name in commands, name
        assert set(re.findall(r"(--[a-z-]+)", usage)) <= commands[name], (name, usage)
