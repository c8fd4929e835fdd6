"""OCR accuracy and cost on the scanned samples (tests/scans.py), per engine.

    python benchmarks/ocr.py                       # RapidOCR (the engine nianbao uses)
    python benchmarks/ocr.py --engine tesseract    # for comparison: apt-get install tesseract-ocr tesseract-ocr-chi-sim
    python benchmarks/ocr.py --files scan.pdf png tif   # also the long PNG and the multi-page TIFF

The five samples, printed by LibreOffice and scanned (150-300 dpi, skew, noise, a red seal over
table cells), are built into a package in one process (one core) and scored by `nianbao eval`'s
scorer against tests/truth: cell precision, recall, metadata. Every wrong published cell is listed
with whether a finding flags it (no silent wrong number). Cost: seconds per page and the peak
memory of the process. Prints a Markdown block for docs/benchmarks.md ("OCR").
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nianbao import pipeline                     # noqa: E402
from nianbao.evaluate import evaluate            # noqa: E402
from nianbao.ingest import image, ocr            # noqa: E402
from nianbao.settings import Settings            # noqa: E402
from tests import scans                          # noqa: E402


def tesseract_page(image, unit: float = 1.0) -> list[ocr.Box]:
    """Tesseract 5 (chi_sim; page segmentation 11, sparse text: of modes 4, 6, 11 and 12 the one
    that finds the most numbers in the samples' ruled tables), its words joined into runs as
    RapidOCR gives them: neighbours on one line closer than half a character."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        from PIL import Image
        Image.fromarray(ocr.without_seal(image)).save(path)
        out = subprocess.run(["tesseract", str(path), "-", "-l", "chi_sim", "--psm", "11", "tsv"],
                             capture_output=True, text=True, check=True).stdout
    words = [r for r in csv.DictReader(out.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
             if r["level"] == "5" and r["text"].strip() and float(r["conf"]) >= 0]
    runs: list[list[dict]] = []
    for w in words:
        x, h = int(w["left"]), int(w["height"])
        last = runs[-1][-1] if runs else None
        if last and (last["block_num"], last["par_num"], last["line_num"]) == (w["block_num"], w["par_num"], w["line_num"]) \
                and x - (int(last["left"]) + int(last["width"])) < 0.5 * max(h, int(last["height"])):
            runs[-1].append(w)
        else:
            runs.append([w])
    boxes = []
    for run in runs:
        x0 = min(int(w["left"]) for w in run)
        y0 = min(int(w["top"]) for w in run)
        x1 = max(int(w["left"]) + int(w["width"]) for w in run)
        y1 = max(int(w["top"]) + int(w["height"]) for w in run)
        y1 = max(y1, y0 + 1)
        pad = 0.2 * (y1 - y0)   # RapidOCR's boxes stand beyond the glyphs; size is taken from them
        boxes.append(ocr.Box("".join(w["text"] for w in run), round(min(float(w["conf"]) for w in run) / 100, 3),
                             (int(x0 * unit), int(y0 * unit), int(x1 * unit) + 1, int(y1 * unit) + 1),
                             x0 * unit, (y0 - pad) * unit, x1 * unit, (y1 + pad) * unit))
    return boxes


def flagged(root: Path) -> dict[str, set]:
    """Per report, the cells a finding names (table, row, column) and the tables flagged whole."""
    ids = {r["report_id"]: r["source_file"] for r in csv.DictReader((root / "build/reports.csv").open(encoding="utf-8"))}
    out: dict[str, set] = {}
    for f in csv.DictReader((root / "build/findings.csv").open(encoding="utf-8")):
        out.setdefault(ids.get(f["report_id"], ""), set()).add((f["table"], f["row"], f["column"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", choices=("rapidocr", "tesseract"), default="rapidocr")
    ap.add_argument("--files", nargs="*", default=["scan.pdf"], help="which scans: scan.pdf png tif")
    ap.add_argument("--work", type=Path, default=REPO / ".cache" / "bench-ocr")
    args = ap.parse_args()
    if args.engine == "tesseract":
        ocr.read_page = tesseract_page
    source = scans.scans()
    work = args.work / args.engine
    shutil.rmtree(work, ignore_errors=True)
    (work / "corpus").mkdir(parents=True)
    (work / "truth").mkdir()
    pages = 0
    for k, txt in enumerate(scans.samples()):
        for kind in args.files:
            f = source / f"{txt.stem}.{kind}"
            if not f.exists():
                continue
            shutil.copy(f, work / "corpus" / f.name)
            truth = json.loads((REPO / "tests/truth" / f"{txt.stem}.json").read_text(encoding="utf-8"))
            truth["report"] = f.name
            (work / "truth" / f"{f.name}.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
            pages += _pages(f)
    start, before = time.perf_counter(), _cpu()
    result = pipeline.build(Settings(corpus=work / "corpus", root=work / "out", workers=1))
    seconds, cpu = time.perf_counter() - start, _cpu() - before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    score = evaluate(work / "truth", work / "out")
    marks = flagged(work / "out")
    wrong = [m for m in score.mismatches if ": published " in m and not m.split(":")[0].endswith(("organ", "township"))]
    print(f"## OCR: {args.engine}, {', '.join(args.files)}\n")
    print("| engine | files | pages | cell precision | recall | metadata | CPU s/page | wall s/page | peak memory |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.engine} | {len(list((work / 'corpus').iterdir()))} | {pages} | {score.precision:.2%} "
          f"({score.right}/{score.published}) | {score.recall:.2%} ({score.found}/{score.printed}) | "
          f"{score.metadata:.2%} ({score.meta_right}/{score.meta_total}) | {cpu / max(pages, 1):.1f} | "
          f"{seconds / max(pages, 1):.1f} | {peak} MB |")
    print("\nerrors:", result.errors or "none")
    print("\nwrong published values (and whether a finding names the cell or its table):")
    for m in wrong:
        name, rest = m.split(" ", 1)
        key = tuple(rest.split(":")[0].split("/"))
        named = key in marks.get(name, set()) or any(t == key[0] and not r for t, r, _ in marks.get(name, set()))
        print(f"- {m} — {'flagged' if named else 'NOT FLAGGED'}")
    missed = [m for m in score.mismatches if m not in wrong]
    print(f"\nother mismatches ({len(missed)}: cells not published, metadata not found), the first 30:")
    for m in missed[:30]:
        print(f"- {m}")


def _cpu() -> float:
    """CPU seconds of this process and its children (Tesseract runs as a child)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _pages(path: Path) -> int:
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium
        doc = pdfium.PdfDocument(str(path))
        try:
            return len(doc)
        finally:
            doc.close()
    from PIL import Image, ImageSequence
    with Image.open(path) as picture:   # a long picture is read in page-sized strips: each a page
        return sum(len(image.strips(f.convert("L"))) for f in ImageSequence.Iterator(picture))


if __name__ == "__main__":
    main()
