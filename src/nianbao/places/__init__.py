"""Places: each report's township resolved against the 民政部 division table, or honestly not.

Reports seldom print their province and sometimes not their county, and a third of township names
are shared (石门乡 names nine townships). ``resolve`` takes the Evidence of a report (the township,
county and prefecture its organ's name prints, the areas its text names, its phone and website,
the page's address, the manifest) and returns a Resolution: the official names and 9-digit code
when exactly one township fits the evidence, else null fields with the candidates, for a finding.
Why the 民政部 code and not the statistics bureau's: see docs/places.md.

Modules: ``gazetteer`` (the table, loaded once from the installed package, with its indexes),
``names`` (stems and pinyin derived from official names), ``organ`` (what an organ's name says of
its level and place), ``mentions`` (the areas a text names), ``phone`` and ``url`` (what an area code,
a gov.cn host or a page's path says), ``resolve`` (weighing the evidence). Pure functions; the only
I/O is the one load of the table and of the phone geocoder data, each cached for the process.
"""

from .gazetteer import gazetteer, info
from .resolve import AMBIGUOUS, NONE, RESOLVED, UNKNOWN, Evidence, Resolution, resolve


def warm() -> None:
    """Load the table and build the indexes once, before worker processes are forked, so that
    every worker shares them instead of building its own; a process that had to build them leaves
    a snapshot for the next (places/snapshot.py)."""
    from ..describe.ids import gazetteer_slugs
    from ..tables.areas import area_index
    from . import snapshot
    from .mentions import _by_start
    from .phone import area_table
    from .url import province_index, strong_index, township_initials
    gz = gazetteer()
    known = set(gz.derived)
    _by_start()
    strong_index()
    province_index()
    township_initials()
    area_table()
    gazetteer_slugs()
    area_index()
    if set(gz.derived) != known:
        snapshot.save(gz)


def is_township(name: str) -> bool:
    """Whether some township of the table has this exact name."""
    return name in gazetteer().townships


__all__ = ["AMBIGUOUS", "NONE", "RESOLVED", "UNKNOWN", "Evidence", "Resolution", "gazetteer", "info", "is_township",
           "resolve", "warm"]
