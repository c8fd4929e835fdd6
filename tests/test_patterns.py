"""Every regular expression the package compiles when it is imported stays fast on a long run of one
kind of character (issue 20, bounded work): a pattern that can match the same run in many ways,
or that a search starts again at every position of a run it cannot finish, takes time quadratic in
the run. Two did: the section headings' '\\s*[#*\\s]*' (16 KB of spaces in a report took 9 s) and the
schema's token pattern with '\\s*' in front (20 KB of trailing spaces in a bad extraction file, 18 s).

tests/test_linear.py runs each step of reading a report on adversarial reports; this runs every
pattern itself, found in the package's modules (at module level, and inside their dictionaries,
lists and tuples), on 8,000 characters of each kind below and of each word the pattern itself
looks for, with and without a character after the run that no pattern expects. A linear pattern takes microseconds to a few milliseconds; a
quadratic one, seconds.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import nianbao

RUN = 8_000                 # characters of each run
LIMIT = 0.25                # seconds for one pattern on one run: a quadratic one takes 1-6 s
UNITS = (" ", "\t", "\u3000", "\u00a0", "\n", "1", "1 ", "1,", "1.", "0\t", "镇", "一", "第", "年", "月1日", "一、",
         "、", "：", ":", ".", ",", "-", "/", "\\", "_", "(", "（", "#*", "a", "ab.", "www.", "@", "a@", "电话")


def patterns() -> dict[str, re.Pattern]:
    """Where each pattern is defined ('module.NAME[key]') -> the pattern, each pattern once."""
    found: dict[int, tuple[str, re.Pattern]] = {}

    def collect(obj, where: str, depth: int = 0) -> None:
        if isinstance(obj, re.Pattern):
            found.setdefault(id(obj), (where, obj))
        elif depth < 3 and isinstance(obj, dict):
            for key, value in obj.items():
                collect(value, f"{where}[{key!r}]", depth + 1)
        elif depth < 3 and isinstance(obj, (list, tuple)):
            for k, value in enumerate(obj):
                collect(value, f"{where}[{k}]", depth + 1)

    for info in pkgutil.walk_packages(nianbao.__path__, "nianbao."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            collect(obj, f"{info.name}.{name}")
    return dict(found.values())


PATTERNS = patterns()


def test_the_package_has_patterns_to_check():
    """The search finds the patterns (a change of layout must not leave this test checking none)."""
    assert "nianbao.extract.sections.NUMBERED" in PATTERNS and len(PATTERNS) > 50


def _seconds(pattern: re.Pattern, text: str) -> float:
    subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text   # a pattern of raw bytes
    start = time.process_time()
    pattern.match(subject)
    pattern.search(subject)
    for _ in pattern.finditer(subject):
        pass
    return time.process_time() - start


def words(pattern: re.Pattern) -> list[str]:
    """The words a pattern looks for (runs of Han characters in its source, '点击查看'), at most
    twelve: a run of what a pattern expects can make it try every place it could start."""
    source = pattern.pattern.decode("utf-8", "replace") if isinstance(pattern.pattern, bytes) else pattern.pattern
    return list(dict.fromkeys(re.findall(r"[\u4e00-\u9fff]{2,}", source)))[:12]


@pytest.mark.parametrize("where", sorted(PATTERNS))
def test_a_pattern_is_fast_on_a_long_run_of_one_kind_of_character(where):
    pattern = PATTERNS[where]
    slow = []
    for unit in (*UNITS, *words(pattern)):
        for after in ("", "!"):
            text = unit * (RUN // len(unit)) + after
            if _seconds(pattern, text) > LIMIT and _seconds(pattern, text) > LIMIT:   # twice: a busy machine
                slow.append(repr(unit) + after)
    assert not slow, f"{where} ({pattern.pattern[:80]}) is slow on runs of {', '.join(slow)}"
