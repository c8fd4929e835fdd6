"""Reports published as pictures: JPEG, PNG, TIFF (one frame a page), read by OCR.

Each frame is a page. A picture much taller than a page (the long image of a WeChat post, every
page one under the other) is OCR'd in page-sized strips cut where a row of the picture is blank,
and its boxes put back together, so it lays out as one page: lines and boxes keep their place in
the whole picture. Boxes are in the picture's pixels.

Bounded work: a frame of more than ``MAX_PIXELS`` pixels is refused before it is decoded (a
decompression bomb: a small file that unpacks to gigapixels), and the OCR budget of ocr.py applies.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator

from . import ocr
from .document import IngestError, Line
from .lines import Item, build
from .pdf import flush, lay_out, text_lines   # a text PDF's layout reads OCR's boxes as its words

MAX_PIXELS = 60_000_000     # a frame larger than this is refused (an A4 page at 600 dpi is 35 million)
PAGE_RATIO = 1.5            # taller than this many widths: a long picture of several pages
CUT_SLACK = 0.15            # a strip's cut is sought within this share of its height
MIN_SIDE = 16               # pixels: a picture narrower or lower than this holds no text to read


def read_image(data: bytes) -> tuple[list[Line], tuple[str, ...]]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as e:    # Pillow's own limit, far above ours
        raise IngestError(f"the picture is too large to read ({e})")
    except (UnidentifiedImageError, OSError) as e:
        raise IngestError(f"the picture is damaged and cannot be read ({e})")
    budget = ocr.Budget()
    items: list[Item] = []
    notes: list[str] = []
    pending: list = []
    try:
        for number, frame in enumerate(ImageSequence.Iterator(picture), start=1):
            if frame.width * frame.height > MAX_PIXELS:
                raise IngestError(f"the picture is too large to read ({frame.width}×{frame.height} pixels, "
                                  f"more than {MAX_PIXELS // 1_000_000} million)")
            if min(frame.width, frame.height) < MIN_SIDE:   # no text, and the OCR engine fails on it
                notes.append(f"第{number}页只有{frame.width}×{frame.height}像素，不可能有文字，未予识别")
                continue
            boxes = _read_frame(frame.convert("RGB"), number, budget)
            if boxes:
                pending = lay_out(text_lines(ocr.words(boxes)), frame.width, number, items, pending)
            elif boxes is not None:
                notes.append(f"第{number}页OCR未识别出文字")
    except (OSError, SyntaxError, ValueError) as e:   # Pillow's errors on a truncated or damaged file
        raise IngestError(f"the picture is damaged and cannot be read ({type(e).__name__}: {e})")
    flush(pending, items)
    if not items:
        raise IngestError("no text: OCR found none in the picture")
    return build(items), tuple(notes) + budget.notes()


def _read_frame(frame, number: int, budget: ocr.Budget) -> list[ocr.Box] | None:
    """One frame's boxes; a long picture strip by strip, the boxes moved to their place in it."""
    out: list[ocr.Box] = []
    for top, bottom in strips(frame):
        boxes = budget.read(number, frame.crop((0, top, frame.width, bottom)))
        if boxes is None:
            return out or None
        out += [_moved(b, top) for b in boxes]
    return out


def _moved(b: ocr.Box, dy: int) -> ocr.Box:
    x0, y0, x1, y1 = b.box
    return dataclasses.replace(b, box=(x0, y0 + dy, x1, y1 + dy), top=b.top + dy, bottom=b.bottom + dy)


def strips(frame) -> Iterator[tuple[int, int]]:
    """(top, bottom) of page-sized strips of the frame, each cut at the blankest row near its end
    (never through a line of text, where there is a blank row to cut at); made as they are read,
    so that a picture a pixel wide and millions tall is not first cut into millions of strips
    that OCR's page budget would never read (they took minutes)."""
    import numpy as np

    height = max(round(PAGE_RATIO * frame.width), MIN_SIDE)
    if frame.height <= height * 1.2:
        yield 0, frame.height
        return
    ink = (np.asarray(frame.convert("L")) < 128).sum(axis=1)
    top = 0
    while frame.height - top > height * 1.2:
        lo, hi = top + int(height * (1 - CUT_SLACK)), top + height
        cut = lo + int(np.argmin(ink[lo:hi]))
        yield top, cut
        top = cut
    yield top, frame.height
