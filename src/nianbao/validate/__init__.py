"""Validate: a report -> findings, what the checks found about it.

A finding is data about the report, never a failure of the build: a stable rule id, a severity,
where it is (table, row, column, line), the values compared and a message made from a template.
The identities come from the catalogue; ``rules`` holds every rule's wording, ``checks`` the checks
of one report, ``across`` those that compare reports.
"""

from .across import across_reports
from .checks import check_complete, check_identity, check_prose, validate
from .rules import RULE_TITLES, RULES, Finding, finding, status

__all__ = ["RULES", "RULE_TITLES", "Finding", "across_reports", "check_complete", "check_identity", "check_prose",
           "finding", "status", "validate"]
