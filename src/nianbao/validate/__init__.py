"""Validate: a report -> findings, what the checks found about it.

A finding is data about the report, never a failure of the build: a stable rule id, a severity,
where it is (table, row, column, line), the values compared and a message made from a template.
The identities come from the catalogue; ``rules`` holds every rule's wording, ``checks`` the checks
of one report, ``across`` those that compare the files of one township-year, ``continuity`` those
that compare a township's consecutive years, ``county`` a county's own
report with the sum of its townships'.
"""

from .across import across_reports
from .continuity import across_years, place_key
from .county import county_against_townships
from .checks import check_complete, check_identity, check_prose, validate
from .rules import RULE_TITLES, RULES, Finding, finding, status

__all__ = ["RULES", "RULE_TITLES", "Finding", "across_reports", "across_years", "check_complete", "check_identity",
           "check_prose", "county_against_townships", "finding", "place_key", "status", "validate"]
