"""Scanned copies of the sample reports, as county portals publish them: image-only PDFs, a long
PNG and a multi-page TIFF, with the blemishes of a real scan.

Each sample is printed to PDF from Word by LibreOffice (render.py), then every page is rasterised
with pdfium at the sample's resolution (150-300 dpi), turned by a slight angle, given paper noise
and, on some pages, a red official seal (公章) stamped over table cells. Nothing of the text layer
survives: the result is pictures only. The files are made on first use into a cache folder keyed
by this module and the samples (``.cache/scans/<key>/``, not committed), so the OCR tests and the
benchmark (benchmarks/ocr.py) share them.

    python -m tests.scans [OUT_DIR]      # make them (and print where)
"""

from __future__ import annotations

import hashlib
import io
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from . import render

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
CACHE = REPO / ".cache" / "scans"
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


@dataclass(frozen=True)
class Scan:
    """How one sample is scanned."""
    dpi: int
    angle: float          # degrees, counter-clockwise
    noise: float          # standard deviation of the grey noise, 0-255
    stamp_pages: tuple[int, ...]   # 1-based pages that get the red seal over their table


SCANS = {  # per sample, in sorted order of the corpus files
    0: Scan(200, 0.6, 10, (2,)),
    1: Scan(300, -0.8, 8, (2, 3)),
    2: Scan(150, 0.4, 12, (3,)),
    3: Scan(250, -0.5, 10, (2,)),
    4: Scan(200, 1.0, 14, (1, 2)),
}
PNG_SAMPLE, TIFF_SAMPLE = 4, 2   # also published as one long picture, and as a multi-page TIFF


def samples() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def key() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(render.__file__).read_bytes())
    for p in samples():
        digest.update(p.read_bytes())
    return digest.hexdigest()[:12]


def scans(out: Path | None = None) -> Path:
    """The folder of scanned samples (made once): ``<stem>.scan.pdf`` for each, ``<stem>.png`` and
    ``<stem>.tif`` for two of them."""
    out = out or CACHE / key()
    if (out / "done").exists():
        return out
    if render.soffice() is None:
        raise RuntimeError("LibreOffice is needed to print the samples: apt-get install libreoffice-writer-nogui")
    work = out.with_name(out.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    docx = [render.to_docx(render.parse(p.read_text(encoding="utf-8")), work / f"{p.stem}.docx") for p in samples()]
    pdfs = render.convert(docx, work / "printed")
    for k, pdf in enumerate(pdfs):
        scan = SCANS[k]
        pages = [scanned(page, scan, k, n in scan.stamp_pages) for n, page in enumerate(rasterise(pdf, scan.dpi), 1)]
        pages[0].save(work / f"{pdf.stem}.scan.pdf", "PDF", save_all=True, append_images=pages[1:],
                      resolution=scan.dpi)
        if k == PNG_SAMPLE:
            long_picture(pages).save(work / f"{pdf.stem}.png", "PNG", dpi=(scan.dpi, scan.dpi))
        if k == TIFF_SAMPLE:
            # copies: Pillow leaves the PDF writer's settings on the pages it appended
            pages[0].copy().save(work / f"{pdf.stem}.tif", "TIFF", save_all=True,
                                 append_images=[p.copy() for p in pages[1:]],
                                 compression="tiff_lzw", dpi=(scan.dpi, scan.dpi))
    for p in [*docx, *pdfs]:
        p.unlink()
    (work / "printed").rmdir()
    (work / "done").write_text("ok\n")
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)
    return out


def rasterise(pdf: Path, dpi: int) -> list:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def scanned(page, scan: Scan, seed: int, stamp: bool):
    """The page as a scanner gives it back: the seal stamped on the paper, then the paper turned
    a little on the glass, grey noise and a few specks, a little blur."""
    import numpy as np
    from PIL import Image, ImageFilter

    if stamp:
        page = stamped(page, scan.dpi)
    page = page.rotate(scan.angle, resample=Image.BICUBIC, expand=False, fillcolor="white")
    rng = np.random.default_rng(seed)
    a = np.asarray(page, dtype=np.float32)
    a = a + rng.normal(0, scan.noise, a.shape[:2])[..., None]
    specks = rng.random(a.shape[:2]) < 0.0004
    a[specks] = 40
    page = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    page = page.filter(ImageFilter.GaussianBlur(0.6 * scan.dpi / 200))
    buf = io.BytesIO()   # scanners save JPEG: its artefacts too
    page.save(buf, "JPEG", quality=85)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def stamped(page, dpi: int):
    """A red round seal (ring, star, the organ's name) pressed over the table's right-hand
    columns, ink multiplied into the paper as a real stamp is."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    w, h = page.size
    r = int(0.8 * dpi)                          # a 4 cm seal
    cx, cy = int(0.62 * w), int(0.42 * h)
    ink = Image.new("RGB", page.size, "white")
    d = ImageDraw.Draw(ink)
    red = (214, 40, 40)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(4, r // 14))
    star = [(cx + 0.3 * r * math.cos(math.radians(90 + 72 * k)), cy - 0.3 * r * math.sin(math.radians(90 + 72 * k)))
            for k in (0, 2, 4, 1, 3)]   # a pentagram
    d.polygon(star, fill=red)
    font = ImageFont.truetype(FONT, int(0.2 * r))
    text = "镇人民政府办公室"
    for k, ch in enumerate(text):     # the name along the upper arc
        angle = math.radians(150 - k * 120 / (len(text) - 1))
        x, y = cx + 0.72 * r * math.cos(angle), cy - 0.72 * r * math.sin(angle)
        d.text((x, y), ch, fill=red, font=font, anchor="mm")
    d.text((cx, cy + 0.5 * r), "政务公开专用章", fill=red, font=font, anchor="mm")
    return ImageChops.multiply(page, ink)


def long_picture(pages):
    """All pages one under the other: the long image a WeChat post carries."""
    from PIL import Image

    width = max(p.width for p in pages)
    out = Image.new("RGB", (width, sum(p.height for p in pages)), "white")
    y = 0
    for p in pages:
        out.paste(p, (0, y))
        y += p.height
    return out


if __name__ == "__main__":
    print(scans(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
