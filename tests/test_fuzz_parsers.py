"""Fuzzing the extractor's number and date parsers (issue 20): any cell text, any run of glued
digits, any signature date gives a value or nothing, never an exception that drops the report.

The values are checked against the text itself (a number's digits, a date that exists), not
against what the parsers returned before.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from nianbao.extract.glued import resolve
from nianbao.extract.metadata.contact import cn_int as _cn_int, published_on as _published_on
from nianbao.extract.prose import facts
from nianbao.extract.tokens import Token, kind_of, parse_number
from nianbao.ingest import LIMITS
from nianbao.ingest.lines import build, paragraph

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NUMERIC = "0123456789,.+-/ \\—－无"
DIGITS = st.text("0123456789", min_size=1, max_size=6000)


@FUZZ
@given(st.one_of(st.text(NUMERIC, min_size=1, max_size=40), st.text(min_size=1, max_size=40), DIGITS,
                 DIGITS.map(lambda d: "-" + d), DIGITS.map(lambda d: d + "." + d[:30])))
@example("1" * 5000)
@example("1," + ",".join(["111"] * 2000))
def test_a_cell_is_a_number_only_when_it_is_one(cell):
    kind = kind_of(cell)
    assert kind in ("num", "blank", "glued", "text")
    if kind == "num":
        value = parse_number(cell)
        digits = cell.replace(",", "").lstrip("+-").partition(".")[0]
        assert len(digits) <= LIMITS.number_digits
        assert value == (float(cell.replace(",", "")) if "." in cell else int(cell.replace(",", "")))


@FUZZ
@given(st.text("0123456789 ", min_size=1, max_size=100).filter(str.strip), st.integers(1, 15))
@example("0" + "1" * 23, 7)
@example(" ".join(["12"] * 24), 15)
@example("1" * 5000, 7)
def test_glued_digits_split_into_the_digits_printed_or_not_at_all(digits, n):
    start = time.perf_counter()
    found = resolve([Token("glued", digits, 1, 0)], n)
    assert time.perf_counter() - start < 5
    if found is not None:
        assert len(found) == n
        assert "".join(str(v) for v, _ in found) == digits.replace(" ", "")


def _signature(date: str):
    lines = build([paragraph(t) for t in ("张巷镇2021年政府信息公开工作年度报告", "张巷镇人民政府", date)])
    return _published_on(lines)


def _exists(iso: str) -> bool:
    try:
        datetime.date.fromisoformat(iso)
        return True
    except ValueError:
        return False


ARABIC = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1900, 2099), st.integers(0, 99),
                   st.integers(0, 99))
CHINESE = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.text("〇○零一二三四五六七八九O", min_size=4, max_size=4),
                    st.text("一二三四五六七八九十", min_size=1, max_size=3),
                    st.text("一二三四五六七八九十", min_size=1, max_size=3))


@FUZZ
@given(st.one_of(ARABIC, CHINESE, st.text(max_size=30)))
@example("2021年2月30日")
@example("2021年13月1日")
@example("二〇二一年二三月一日")
def test_a_signature_date_is_a_real_date_or_none(date):
    found = _signature(date)
    assert found is None or _exists(found.value)


@FUZZ
@given(st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1900, 2099), st.integers(1, 12),
                 st.integers(1, 28)))
def test_a_real_signature_date_is_read(date):
    y, m, d = map(int, re.findall(r"\d+", date))
    assert _signature(date).value == f"{y:04d}-{m:02d}-{d:02d}"


@FUZZ
@given(st.text("一二三四五六七八九十", min_size=1, max_size=3))
@example("二三")
def test_chinese_numerals_of_a_day_are_a_number_or_refused(numeral):
    try:
        value = _cn_int(numeral)
    except ValueError:
        return
    assert value is None or 0 <= value <= 99


@FUZZ
@given(DIGITS)
@example("1" * 5000)
def test_a_figure_in_the_prose_is_a_number_or_nothing(digits):
    found = facts(build([paragraph(f"本年共收到政府信息公开申请{digits}件。")]))
    assert all(f.value is None or str(f.value) == digits.lstrip("0") or f.value == 0 for f in found)
