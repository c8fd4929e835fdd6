"""OCR of scanned pages: a page image -> the text boxes on it, each with its confidence and place.

The engine is RapidOCR with the PP-OCRv6 models that ship inside the ``rapidocr`` wheel, run by
onnxruntime on one thread (a process per core runs the pages): offline, no model download. It was
chosen over Tesseract by measurement on the scanned samples (docs/benchmarks.md, "OCR").

Before OCR the official seal is lifted off the page: saturated red ink (a 公章 stamped over the
table, the commonest blemish of a signed report) is turned to paper, while black print under it
stays black. Text printed in red (a letterhead) is lost with it; a report's organ and title are
printed in black as well.

The boxes keep two places: ``box``, where the text stands in the original (pixels of an image
file, or PDF points of a PDF page, from the top-left corner), which is the provenance published
with every value; and ``x0..y1``, the same box with the page's skew taken out (a scan is never
quite straight), which is what rows and columns are recovered from (see layout in pdf.py).

Bounded work, and bounded by counts, not by a clock (a clock would make the output depend on the
machine, and a build on a cluster must equal a local one): a page is scaled down to at most
``OCR_PIXELS`` before OCR (the detector's time and memory grow with pixels; an A4 page at 200 dpi
is 3.9 million), the detector keeps at most 1000 boxes a page (the recogniser's time grows with
boxes), and a document's first ``MAX_PAGES`` pages are read; pages left unread are said in the
document's notes.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from dataclasses import dataclass

OCR_PIXELS = 4_000_000      # a page is scaled down to this many pixels before OCR
MAX_PAGES = 40              # pages OCR'd per document (reports have 2-8)
MIN_SCORE = 0.3             # readings the engine scores lower are noise (specks), not text
CONFIDENCE = 0.9            # a value read with less is not published (see extract/doubt.py)
DASH = re.compile(r"(?<=\d) ?[一—] ?(?=\d)")   # the recogniser reads a dash between digits as 一 or —


def resolution(width: float, height: float, dpi: int = 200) -> int:
    """The resolution to render a PDF page of ``width`` x ``height`` points at for OCR: ``dpi``,
    less for a page so large that it would exceed OCR_PIXELS."""
    fits = math.sqrt(OCR_PIXELS / max(1.0, width * height / 72 ** 2))
    return max(1, min(dpi, int(fits)))


@dataclass(frozen=True)
class Box:
    """A run of text the engine read. ``box``: in the original's units, as published; x0..y1: in
    deskewed page units, for the layout; ``size``: about the height of the characters."""

    text: str
    confidence: float
    box: tuple[int, int, int, int]
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def vertical(self) -> bool:
        """Text set one character a line (a narrow header cell): one tall box, a cell of its own."""
        return self.bottom - self.top > 2 * (self.x1 - self.x0) and len(self.text) > 1

    @property
    def size(self) -> float:
        """About the characters' size: the detector's box stands a little beyond the glyphs."""
        return 0.75 * (self.x1 - self.x0 if self.vertical else self.bottom - self.top)


@functools.lru_cache(maxsize=1)
def engine():
    """RapidOCR, loaded once per process, from the models inside the wheel."""
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error", "Global.text_score": MIN_SCORE,
                            "Global.use_cls": False, "Global.max_side_len": 4000,
                            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                            "EngineConfig.onnxruntime.inter_op_num_threads": 1})


def read_page(image, unit: float = 1.0) -> list[Box]:
    """The text boxes of one page image (a Pillow image). ``unit``: original units per pixel of
    ``image`` (72/dpi for a page rendered from a PDF; 1 for an image file read as it is)."""
    import numpy as np

    scale = min(1.0, math.sqrt(OCR_PIXELS / (image.width * image.height)))
    if scale < 1.0:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    grey = without_seal(image)
    out = engine()(np.repeat(grey[..., None], 3, axis=2))
    if out.boxes is None or not len(out.boxes):
        return []
    quads = [[(float(x), float(y)) for x, y in quad] for quad in out.boxes]
    angle = skew(quads)
    cx, cy = image.width / 2, image.height / 2
    k = unit / scale
    boxes = []
    for quad, text, score in zip(quads, out.txts, out.scores):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        (ux, uy) = _turn(sum(xs) / 4, sum(ys) / 4, cx, cy, -angle)
        w = math.dist(quad[0], quad[1])
        h = math.dist(quad[1], quad[2])
        boxes.append(Box(text.strip(), round(float(score), 3),
                         (math.floor(min(xs) * k), math.floor(min(ys) * k), math.ceil(max(xs) * k),
                          math.ceil(max(ys) * k)),
                         (ux - w / 2) * k, (uy - h / 2) * k, (ux + w / 2) * k, (uy + h / 2) * k))
    return [b for b in boxes if b.text]


def without_seal(image):
    """The page in grey, red ink turned to paper (see the module's docstring)."""
    import numpy as np

    a = np.asarray(image.convert("RGB"), dtype=np.int32)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    grey = (299 * r + 587 * g + 114 * b) // 1000
    grey[(r > 140) & (r - np.maximum(g, b) > 60)] = 255   # ink of the seal: bright red, not dark print
    return grey.astype(np.uint8)


def skew(quads: list[list[tuple[float, float]]]) -> float:
    """The page's skew in radians: the median slope of the top edges of long text boxes."""
    slopes = [math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) for q in quads
              if math.dist(q[0], q[1]) > 3 * math.dist(q[1], q[2])]
    return statistics.median(slopes) if slopes else 0.0


def _turn(x: float, y: float, cx: float, cy: float, angle: float) -> tuple[float, float]:
    c, s = math.cos(angle), math.sin(angle)
    return cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c


def mend(text: str) -> str:
    """What OCR reads wrong in a known way, put right in a line's text: a dash between digits (a
    phone number's 0795－6532011) read as 一, often across two boxes.

    >>> mend("电话:0795一6532011"), mend("一、概述")
    ('电话:0795-6532011', '一、概述')
    """
    return DASH.sub("-", text)


def words(boxes: list[Box]) -> list[dict]:
    """The boxes as the words of a text PDF (pdfplumber's shape), so that one layout reads both:
    characters get widths in proportion (a Chinese character twice a Latin one)."""
    out = []
    for b in boxes:
        weights = [1.0 if ord(ch) > 0x2E7F else 0.5 for ch in b.text]
        step = (b.x1 - b.x0) / sum(weights)
        chars, x = [], b.x0
        for ch, w in zip(b.text, weights):
            chars.append({"text": ch, "x0": x, "x1": x + w * step})
            x += w * step
        out.append({"text": b.text, "x0": b.x0, "x1": b.x1, "top": b.top, "bottom": b.bottom,
                    "size": b.size, "chars": chars, "ocr": (b.confidence, b.box), "alone": b.vertical})
    return out


class Budget:
    """The pages of one document OCR may still read; those it may not, for a note."""

    def __init__(self, pages: int = MAX_PAGES):
        self.pages = pages
        self.skipped: list[int] = []

    def read(self, number: int, image, unit: float = 1.0) -> list[Box] | None:
        """The page's boxes, or None when the budget is spent (the page is noted as unread)."""
        if self.pages <= 0:
            self.skipped.append(number)
            return None
        self.pages -= 1
        return read_page(image, unit)

    def notes(self) -> tuple[str, ...]:
        if not self.skipped:
            return ()
        pages = "、".join(map(str, self.skipped))
        return (f"第{pages}页超出OCR的页数上限({MAX_PAGES}页)，未予识别",)


Read = tuple[float, tuple[int, int, int, int]]   # what a cell was read from: confidence, box


def union(reads: list[Read | None]) -> Read | None:
    """Several boxes read as one cell: the lowest confidence, the box around them all."""
    reads = [r for r in reads if r is not None]
    if not reads:
        return None
    boxes = [b for _, b in reads]
    return (min(c for c, _ in reads), (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                       max(b[2] for b in boxes), max(b[3] for b in boxes)))
