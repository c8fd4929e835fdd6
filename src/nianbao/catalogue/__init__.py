"""The catalogue: the national report format declared once, as data. Every other stage derives from
it: the extractor's cell grid, the validator's identities, the Table Schemas of datapackage.json,
the data dictionary, the site's tables and the synthetic generator.

- ``tables``: the three standard tables, their rows and columns, how the format prints them;
- ``rules``: the identities the format states (勾稽关系);
- ``labels``: templates, cell statuses, severities, levels, units, headline figures.
"""

from .labels import (BOTH, HEADLINE, ITEMS, LEVELS, PIECES, SEVERITIES, SEVERITY_LABELS, STATUS_LABELS, STATUSES,
                     TEMPLATE_LABELS, TEMPLATES, TOWNSHIP_LEVELS, UNITS, VALIDATION_STATUSES, VALUED, WAN_YUAN)
from .rules import BALANCE, GROUP_SUM, IDENTITIES, RESULTS_SUM, ROW_SUM, Identity
from .tables import (APPLICANTS, APPLICATION_ROWS, APPLICATIONS, CATEGORIES, MEASURES, PROACTIVE, PROACTIVE_LAYOUT,
                     PROACTIVE_MEASURES, RESULT_ROWS, REVIEW_LAYOUT, REVIEW_LITIGATION, TABLE_BY_NAME, TABLES, Block,
                     Item, Table, cells)

__all__ = ["APPLICANTS", "APPLICATION_ROWS", "APPLICATIONS", "BALANCE", "BOTH", "Block", "CATEGORIES", "GROUP_SUM",
           "HEADLINE", "IDENTITIES", "ITEMS", "Identity", "Item", "LEVELS", "MEASURES", "PIECES", "PROACTIVE",
           "PROACTIVE_LAYOUT", "PROACTIVE_MEASURES", "RESULTS_SUM", "RESULT_ROWS", "REVIEW_LAYOUT",
           "REVIEW_LITIGATION", "ROW_SUM", "SEVERITIES", "SEVERITY_LABELS", "STATUSES", "STATUS_LABELS", "TABLES",
           "TABLE_BY_NAME", "TEMPLATES", "TEMPLATE_LABELS",
           "TOWNSHIP_LEVELS", "Table", "UNITS", "VALIDATION_STATUSES", "VALUED", "WAN_YUAN", "cells", "structure"]


def structure() -> dict:
    """What of the format the extractor depends on (keys, templates, groups, layouts), without its
    labels: hashed into the extractor's fingerprint, so relabelling never re-extracts the corpus."""
    return {
        "tables": {t.name: {"rows": [(r.key, r.templates, r.group) for r in t.rows],
                            "cols": [(c.key, c.templates, c.unit) for c in t.cols]} for t in TABLES},
        "proactive_layout": {k: [(b.categories, b.measures) for b in v] for k, v in PROACTIVE_LAYOUT.items()},
        "review_layout": REVIEW_LAYOUT,
        "identities": [(i.rule, i.table, i.along, i.left, i.right) for i in IDENTITIES],
    }
