"""Property tests of validation: consistent tables give no identity finding; one changed cell
gives a finding that names it."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from nianbao.catalogue import APPLICATIONS, IDENTITIES, RESULT_ROWS, REVIEW_LITIGATION
from nianbao.describe import standalone
from nianbao.extraction import Cell, Extraction
from nianbao.validate import validate as validate_report

SIX = [c.key for c in APPLICATIONS.cols if c.key != "total"]
IDENTITY_RULES = {i.rule for i in IDENTITIES}


@st.composite
def consistent_report(draw, template=st.sampled_from(["2019", "2021"])):
    """Tables that satisfy every identity of the format, built up from free cells."""
    template = draw(template)
    results = [r for r in RESULT_ROWS if template in APPLICATIONS.row(r).templates]
    n = st.integers(min_value=0, max_value=50)
    grid: dict[tuple[str, str], int] = {}
    for col in SIX:
        for row in results:
            grid[row, col] = draw(n)
        grid["total", col] = sum(grid[r, col] for r in results)
        grid["carried_forward", col] = draw(n)
        handled = grid["total", col] + grid["carried_forward", col]
        grid["carried_over", col] = draw(st.integers(min_value=0, max_value=handled))
        grid["new_received", col] = handled - grid["carried_over", col]
    for row in {r for r, _ in grid}:
        grid[row, "total"] = sum(grid[row, c] for c in SIX)
    cells = [Cell("applications", r, c, v, "printed", 1, str(v)) for (r, c), v in sorted(grid.items())]
    for p in REVIEW_LITIGATION.rows:
        parts = [draw(n) for _ in range(4)]
        for o, v in zip(("upheld", "corrected", "other", "pending", "total"), parts + [sum(parts)]):
            cells.append(Cell("review_litigation", p.key, o, v, "printed", 2, str(v)))
    return Extraction("r.txt", "0" * 64, "text", "test", template, cells=cells)


def validate(ex: Extraction):
    return validate_report(standalone(ex, "r-2020"))


@settings(max_examples=60, deadline=None)
@given(consistent_report())
def test_consistent_tables_give_no_identity_finding(ex):
    assert not [f for f in validate(ex) if f.rule in IDENTITY_RULES]


@settings(max_examples=120, deadline=None)
@given(consistent_report(), st.data())
def test_one_changed_cell_gives_a_finding_naming_it(ex, data):
    cell = data.draw(st.sampled_from(ex.cells))
    cell.value += data.draw(st.integers(min_value=1, max_value=9))
    found = [f for f in validate(ex) if f.rule in IDENTITY_RULES]
    assert found
    assert any(f.table == cell.table and (f.row == cell.row or f.column == cell.col) for f in found)


@settings(max_examples=60, deadline=None)
@given(consistent_report(), st.data())
def test_a_null_cell_is_never_checked_as_zero(ex, data):
    cell = data.draw(st.sampled_from(ex.cells))
    cell.value, cell.status = None, "missing"
    assert not [f for f in validate(ex) if f.rule in IDENTITY_RULES]
