"""Places: each report's township resolved against the 民政部 division table, or honestly not.

Reports seldom print their province and sometimes not their county, and a third of township names
are shared (石门乡 names nine townships). ``resolve`` takes what extraction read (township, the
county printed before it, the lines, phone, website) and the manifest, and returns a Resolution:
the official names and 9-digit code when exactly one township fits the evidence, else null fields
with the candidates, for a finding. Why the 民政部 code and not the statistics bureau's: see
docs/places.md.

Modules: ``gazetteer`` (the table, loaded once from the installed package, with its indexes),
``names`` (stems and pinyin derived from official names), ``phone`` and ``domain`` (what an area
code or a gov.cn host says), ``resolve`` (weighing the evidence). Pure functions; the only I/O is
the one load of the table and of the phone geocoder data, each cached for the process.
"""

from .gazetteer import gazetteer, info
from .resolve import AMBIGUOUS, RESOLVED, UNKNOWN, Resolution, resolve


def is_township(name: str) -> bool:
    """Whether some township of the table has this exact name."""
    return name in gazetteer().townships


__all__ = ["AMBIGUOUS", "RESOLVED", "UNKNOWN", "Resolution", "gazetteer", "info", "is_township", "resolve"]
