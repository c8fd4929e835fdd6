"""Settings: one frozen object, passed explicitly; every default lives here.

Paths default to the current folder (a checkout builds into itself: ``corpus/`` in,
``extractions/``, ``build/`` and ``datapackage.json`` out), never to where the package is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Budget:
    """What one task (reading one file) may take before it is stopped (pipeline/workers.py)."""
    seconds: float = 600.0           # per task: a scanned report of 40 pages takes minutes of OCR
    memory: int = 6 * 2**30          # bytes of address space per worker; 0: no limit


@dataclass(frozen=True)
class Settings:
    corpus: Path | None = Path("corpus")       # the reports (None: build from extraction files only)
    root: Path = Path(".")                     # where datapackage.json, build/ and extractions/ are written
    corrections: Path | None = None            # human corrections; default <root>/corrections
    strict: bool = False                       # exit non-zero when any file could not be read
    workers: int = 0                           # processes for extraction and tables; 0: one per core
    extractions_dir: Path | None = None        # read extraction files from here (nianbao tables)
    max_bytes: int = 100 * 2**20               # larger files are refused: no report is near this
    budget: Budget = field(default_factory=Budget)   # time and memory a file may take to read

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def extractions(self) -> Path:
        return self.extractions_dir or self.root / "extractions"

    @property
    def corrections_dir(self) -> Path:
        return self.corrections or self.root / "corrections"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"
