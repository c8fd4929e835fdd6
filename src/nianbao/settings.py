"""Settings: one frozen object, passed explicitly; every default lives here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    corpus: Path | None = REPO / "corpus"      # the reports (None: build from extraction files only)
    root: Path = REPO                          # where datapackage.json is written
    corrections: Path | None = None            # human corrections; default <root>/corrections
    strict: bool = False                       # exit non-zero when any file could not be read
    workers: int = 0                           # processes for extraction and tables; 0: one per core
    extractions_dir: Path | None = None        # default <root>/extractions
    max_bytes: int = 100 * 2**20               # larger files are refused: no report is near this

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
