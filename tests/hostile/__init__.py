"""The hostile corpus (issue 20): one small corpus per class of hostile input, written at test time.

Nothing here is committed as data: each case writes its files (a few of them hundreds of MB once
decompressed, none more than a few MB on disk) into a fresh folder when the test or the benchmark
runs. A case is a corpus folder with one hostile file (or one hostile config file beside a good
report), built alone by ``tests/test_hostile.py`` and measured by ``benchmarks/hostile.py``.

The readers and the extractor are bounded in ingest/ and extract/; the pipeline (listing,
manifest, corrections, names, CSV, the worker's budget) in pipeline/, describe/ and tables/.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import render

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
BASE_NAME = "003_ae53f9282b2209bb.txt"   # 张巷镇 2021: one table cell per line
BASE = (CORPUS / BASE_NAME).read_text(encoding="utf-8")
BASE_ID = "zhangxiangzhen-fengchengshi-2021"
OUTSIDE = "OUTSIDE-THE-CORPUS-5f1c9e"    # the text of a file beside the corpus: must never be published
REGULATIONS = "\t规章\n\t0\n\t0\n\t0\n"   # a row of table 二 in BASE
LICENSING = "\t行政许可\n\t1\n"
ADDRESS = "地址：丰城市张巷镇人民政府"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]      # writes the case into a folder: corpus/ (and corrections/, outside)
    expect: str | None = None         # "report": the file must be published; "error": refused
    reason: str | None = None         # a word the error row's reason must contain
    contains: str | None = None       # a text some build/*.csv must contain (a finding's rule)
    logged: str | None = None         # a text the build's output must contain (a skipped dot-file)
    unprivileged: bool = False        # built without root's power to read any file (chmod 000)


def corpus(root: Path) -> Path:
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "outside.txt").write_text(base_with(ADDRESS, f"地址：{OUTSIDE}"), encoding="utf-8")
    return folder


def text(name: str, body: str | Callable[[], str], encoding: str = "utf-8") -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (corpus(root) / name).write_bytes((body() if callable(body) else body).encode(encoding))
    return make


def base_with(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


# --- 1. glued digits, 2. bombs, 5. slow patterns, 8. huge cells and text nodes -----------------

def docx_bytes(body: str = BASE) -> bytes:
    out = io.BytesIO()
    render.to_docx(render.parse(body), out)
    return out.getvalue()


def rezip(data: bytes, extra: Callable[[zipfile.ZipFile], None], replace: dict[str, Callable] | None = None
          ) -> bytes:
    """The zip ``data`` with members replaced (name -> writer(zip)) and ``extra`` members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if replace and info.filename in replace:
                replace[info.filename](dst)
            else:
                dst.writestr(info, src.read(info.filename))
        extra(dst)
    return out.getvalue()


def stream_member(zf: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int, tail: bytes) -> None:
    """A member of ``size`` bytes written in chunks (never held in memory whole)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as f:
        f.write(head)
        chunk = filler * (2**20 // len(filler))
        written = len(head)
        while written < size:
            f.write(chunk)
            written += len(chunk)
        f.write(tail)


def docx_xml_bomb(root: Path) -> None:
    """A .docx of about 600 KB whose document.xml is 200 MB (one paragraph repeated)."""
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    cut = xml.index(b"<w:sectPr")
    para = "<w:p><w:r><w:t>望远镇不断扩大重点领域公开范围，细化公开内容。</w:t></w:r></w:p>".encode()
    bomb = rezip(data, lambda zf: None, {"word/document.xml": lambda zf: stream_member(
        zf, "word/document.xml", xml[:cut], para, 200 * 10**6, xml[cut:])})
    (corpus(root) / "bomb.docx").write_bytes(bomb)


def docx_media_bomb(root: Path) -> None:
    """A good .docx with a 2 GiB picture in it (zeros: a few MB compressed), linked from the text."""
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels")
        types = z.read("[Content_Types].xml")
    rel = (b'<Relationship Id="rIdBomb" Target="media/image1.png" '
           b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>')
    png = b'<Default Extension="png" ContentType="image/png"/>'
    bomb = rezip(data, lambda zf: stream_member(zf, "word/media/image1.png", b"\x89PNG\r\n\x1a\n",
                                                b"\0" * 4096, 2 * 2**30, b""), {
        "word/_rels/document.xml.rels": lambda zf: zf.writestr(
            "word/_rels/document.xml.rels", rels.replace(b"</Relationships>", rel + b"</Relationships>")),
        "[Content_Types].xml": lambda zf: zf.writestr(
            "[Content_Types].xml", types if b'Extension="png"' in types else types.replace(b"<Default", png + b"<Default", 1)),
    })
    (corpus(root) / "media.docx").write_bytes(bomb)


def pdf(pages: list[bytes] | None = None, contents: bytes = b"", count: int = 1, raw: bool = False,
        contents_object: bytes | None = None) -> bytes:
    """A minimal PDF: ``count`` pages sharing one content stream (Flate-compressed unless ``raw``),
    or sharing ``contents_object`` in its place (object 4)."""
    stream = contents if raw else zlib.compress(contents, 9)
    objects = [b"<</Type/Catalog/Pages 2 0 R>>",
               b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % (5 + k) for k in range(count))
               + b"]/Count %d>>" % count,
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
               contents_object or b"<</Length %d%s>>\nstream\n" % (len(stream), b"" if raw else b"/Filter/FlateDecode")
               + stream + b"\nendstream"]
    objects += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
                b"/Contents 4 0 R>>"] * count
    return pdf_of(objects)


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGE_TEXT = b"BT /F1 12 Tf 72 760 Td (2021 annual report page) Tj ET\n"


def pdf_flate_bomb(root: Path) -> None:
    """About 500 KB: a content stream that inflates to 500 MB (text, then spaces)."""
    z = zlib.compressobj(9)
    parts = [z.compress(PAGE_TEXT)]
    block = b" " * 2**20
    parts += [z.compress(block) for _ in range(500)]
    parts.append(z.flush())
    (corpus(root) / "bomb.pdf").write_bytes(pdf(contents=b"".join(parts), raw=True)
                                            .replace(b"/Length", b"/Filter/FlateDecode/Length", 1))


def pdf_pages(root: Path) -> None:
    """20,000 pages of one line each (one shared content stream: 1.5 MB)."""
    (corpus(root) / "pages.pdf").write_bytes(pdf(contents=PAGE_TEXT, count=20_000))


def pdf_contents_repeated(root: Path) -> None:
    """120 KB: a page whose contents list one 1 KB stream 20,000 times (22 MB to run)."""
    data = pdf(contents=PAGE_TEXT * 20).replace(b"/Contents 4 0 R", b"/Contents[" + b"4 0 R " * 20_000 + b"]")
    (corpus(root) / "repeated.pdf").write_bytes(data)


def pdf_one_string(root: Path) -> None:
    """4 KB: a page that draws three million characters in one string (3 MB of contents)."""
    (corpus(root) / "string.pdf").write_bytes(pdf(contents=b"BT /F1 1 Tf 0 0 Td (" + b"1" * 3_000_000 + b") Tj ET\n"))


def pdf_font_widths(root: Path) -> None:
    """1 KB: a CID font whose widths name four billion characters ('/W[0 4000000000 500]')."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[5 0 R]/Count 1>>",
               b"<</Type/Font/Subtype/Type0/BaseFont/XYZ/Encoding/Identity-H/DescendantFonts[6 0 R]>>",
               b"<</Length 35>>\nstream\nBT /F1 12 Tf 72 760 Td <0001> Tj ET\nendstream",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>/Contents 4 0 R>>",
               b"<</Type/Font/Subtype/CIDFontType2/BaseFont/XYZ/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)"
               b"/Supplement 0>>/FontDescriptor 7 0 R/W[0 4000000000 500]>>",
               b"<</Type/FontDescriptor/FontName/XYZ/Flags 4/FontBBox[0 0 1000 1000]/ItalicAngle 0/Ascent 800"
               b"/Descent -200/CapHeight 700/StemV 80>>"]
    (corpus(root) / "widths.pdf").write_bytes(pdf_of(objects))


def pdf_forms_drawn(root: Path) -> None:
    """250 KB: a page naming one empty form 20,000 times and drawing it 100,000 times (each drawing
    set up the page's 20,000 names again)."""
    names = b"".join(b"/X%d 6 0 R" % k for k in range(20_000))
    draws = zlib.compress(b"/X0 Do\n" * 100_000, 9)
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[5 0 R]/Count 1>>",
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
               b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(draws) + draws + b"\nendstream",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>/XObject<<"
               + names + b">>>>/Contents 4 0 R>>",
               b"<</Type/XObject/Subtype/Form/BBox[0 0 1 1]/Length 0>>\nstream\n\nendstream"]
    (corpus(root) / "forms.pdf").write_bytes(pdf_of(objects))


def pdf_cmap_range(root: Path) -> None:
    """1 KB: a font whose character map maps one range of four billion codes."""
    (corpus(root) / "cmap.pdf").write_bytes(cmap_pdf(b"<00000000> <FFFFFFFF> <0041>"))


def pdf_cmap_targets(root: Path) -> None:
    """4 KB: a font whose character map maps a million codes to 900 characters each."""
    (corpus(root) / "targets.pdf").write_bytes(cmap_pdf(b"<00000000> <0010FFFF> <" + b"0041" * 899 + b"0000>"))


def cmap_pdf(bfrange: bytes) -> bytes:
    """A PDF of one CID font whose ToUnicode character map is one ``bfrange``."""
    cmap = (b"/CIDInit/ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00000000> <FFFFFFFF> "
            b"endcodespacerange 1 beginbfrange " + bfrange + b" endbfrange endcmap end end")
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[5 0 R]/Count 1>>",
               b"<</Type/Font/Subtype/Type0/BaseFont/XYZ/Encoding/Identity-H/DescendantFonts[6 0 R]/ToUnicode 7 0 R>>",
               b"<</Length 35>>\nstream\nBT /F1 12 Tf 72 760 Td <0001> Tj ET\nendstream",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>/Contents 4 0 R>>",
               b"<</Type/Font/Subtype/CIDFontType2/BaseFont/XYZ/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)"
               b"/Supplement 0>>>>",
               b"<</Length %d>>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    return pdf_of(objects)


def image_needle(root: Path) -> None:
    """A picture one pixel wide and 20 million tall (a few KB): it was cut into ten million strips."""
    from PIL import Image
    buf = io.BytesIO()
    Image.new("L", (1, 20_000_000), 255).save(buf, "PNG")
    (corpus(root) / "needle.png").write_bytes(buf.getvalue())


def pdf_reference_ring(root: Path) -> None:
    """500 bytes: the page's contents are an object that refers to itself ('4 0 obj 4 0 R')."""
    (corpus(root) / "ring.pdf").write_bytes(pdf(contents_object=b"4 0 R"))


def html(body_before: str = "", body_after: str = "", report: str = BASE) -> bytes:
    page = render.to_html(render.parse(report)).decode("utf-8")
    at = page.index("<body>") + len("<body>")
    end = page.rindex("</body>")
    return (page[:at] + body_before + page[at:end] + body_after + page[end:]).encode("utf-8")


def html_spans(root: Path) -> None:
    """108 KB of cells spanning 100 rows and 100 columns each, in the article."""
    row = "<tr>" + '<td rowspan="100" colspan="100">1</td>' * 100 + "</tr>"
    page = html().decode("utf-8").replace("</table>", f"</table><table>{row * 28}</table>", 1)
    (corpus(root) / "spans.html").write_bytes(page.encode("utf-8"))


def html_headings(root: Path) -> None:
    """20,000 headings before the article (each was compared with every element before it)."""
    (corpus(root) / "headings.html").write_bytes(html(body_before="<h2>Contents</h2>\n" * 20_000))


def html_text_node(root: Path) -> None:
    """A text node of 12 MB (libxml2 stops at 10 MB) before the report's tables."""
    filler = "望远镇不断扩大重点领域公开范围" * 270_000
    heading = "<p style=\"text-indent:2em\">二、主动公开政府信息情况"
    page = html().decode("utf-8").replace(heading, f"<p>{filler}</p>\n{heading}", 1)
    (corpus(root) / "textnode.html").write_bytes(page.encode("utf-8"))


def html_tag_attributes(root: Path) -> None:
    """4.7 MB: the report's first paragraph tag carries 400,000 attributes (libxml2 compares each
    with those before it: past the time budget)."""
    attributes = " ".join(f'a{i}="x"' for i in range(400_000))
    (corpus(root) / "attributes.html").write_bytes(html().replace(b"<p ", f"<p {attributes} ".encode(), 1))


# --- 3. one bad line aborts the build -----------------------------------------------------------

def signed(date: str) -> str:
    return BASE.rstrip("\n") + f"\n\n张巷镇人民政府\n{date}\n"


def unreadable(root: Path) -> None:
    path = corpus(root) / "locked.txt"
    path.write_text(BASE, encoding="utf-8")
    path.chmod(0)


def manifest(rows: str, header: str = "file,source_url,retrieved_on,year") -> Callable[[Path], None]:
    def make(root: Path) -> None:
        folder = corpus(root)
        (folder / "report.txt").write_text(BASE, encoding="utf-8")
        (folder / "manifest.csv").write_text(f"{header}\n{rows}\n", encoding="utf-8")
    return make


def corrections(body: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (corpus(root) / "report.txt").write_text(BASE, encoding="utf-8")
        folder = root / "corrections"
        folder.mkdir()
        (folder / f"{BASE_ID}.yaml").write_bytes(f"report_id: {BASE_ID}\ncorrections:\n{body}".encode(encoding))
    return make


CELL = "table: applications, row: granted, column: total"


# --- 7, 8. the corpus listing ------------------------------------------------------------------

def symlink_out(root: Path) -> None:
    (corpus(root) / "link.txt").symlink_to(root / "outside.txt")


def dangling(root: Path) -> None:
    folder = corpus(root)
    (folder / "report.txt").write_text(BASE, encoding="utf-8")
    (folder / "gone.txt").symlink_to(root / "no-such-file.txt")


def fifo(root: Path) -> None:
    folder = corpus(root)
    (folder / "report.txt").write_text(BASE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")


def dot_names(root: Path) -> None:
    folder = corpus(root)
    (folder / "report.txt").write_text(BASE, encoding="utf-8")
    (folder / ".hidden.txt").write_text(BASE.replace("张巷镇", "石门乡"), encoding="utf-8")
    (folder / ".folder").mkdir()
    (folder / ".folder" / "inside.txt").write_text(BASE, encoding="utf-8")


# --- 4. formulas ---------------------------------------------------------------------------------

FORMULA_ADDRESS = "地址：=cmd|' /C calc'!A0"
FORMULA_ROW = '\n\t＝HYPERLINK("http://example.invalid","行政检查")\n\t2\n'


def formula_name(root: Path) -> None:
    (corpus(root) / "=HYPERLINK(1).txt").write_text(BASE, encoding="utf-8")


NO_TOWNSHIP = BASE.replace("张巷镇", "本机关")
LONG_NAME = "庄" * 80 + ".txt"   # 244 bytes in UTF-8; its id (from the name: no township) is 480
GLUED_24 = "0" + "1" * 23
GLUED_71 = " ".join(["12"] * 24)

CASES: list[Case] = [
    # 1. glued digits
    Case("glued_24_bytes", text("glued.txt", base_with(REGULATIONS, f"\t规章\n\t{GLUED_24}\n")), expect="report",
         contains="table.glued_digits"),
    Case("glued_71_bytes", text("glued.txt", base_with(REGULATIONS, f"\t规章\n\t{GLUED_71}\n")), expect="report",
         contains="table.glued_digits"),
    Case("glued_in_table_three", text("glued.txt", base_with("\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n",
                                                             f"\t{GLUED_24}{GLUED_24}\n")), expect="report"),
    # 2. bombs
    Case("docx_document_bomb", docx_xml_bomb, expect="error", reason="MB"),
    Case("docx_media_bomb", docx_media_bomb, expect="report"),
    Case("pdf_flate_bomb", pdf_flate_bomb, expect="error", reason="MB"),
    Case("pdf_many_pages", pdf_pages, expect="error", reason="pages"),
    Case("pdf_contents_repeated", pdf_contents_repeated, expect="error", reason="MB of contents"),
    Case("pdf_one_string", pdf_one_string, expect="error", reason="characters"),
    Case("pdf_reference_ring", pdf_reference_ring, expect="error", reason="ring"),
    Case("pdf_font_widths", pdf_font_widths, expect="error", reason="widths"),
    Case("pdf_forms_drawn", pdf_forms_drawn, expect="error", reason="fonts and forms"),
    Case("pdf_cmap_range", pdf_cmap_range, expect="error", reason="character map"),
    Case("pdf_cmap_targets", pdf_cmap_targets, expect="error", reason="character map"),
    Case("image_needle", image_needle, expect="error", reason="no text"),
    Case("html_cell_spans", html_spans, expect="error", reason="cells"),
    Case("html_many_headings", html_headings, expect="report"),
    Case("html_text_node_10mb", html_text_node, expect="report", contains="source.unreadable"),
    Case("html_tag_attributes", html_tag_attributes, expect="report"),
    # 5. slow on small inputs
    Case("bookmark_runs", text("bookmark.txt", base_with(ADDRESS, ADDRESS + "[bookmark:" * 100_000)),
         expect="report"),
    Case("email_digits", text("digits.txt", base_with(ADDRESS, ADDRESS + "1" * 300_000)), expect="report"),
    Case("township_repeated", text("towns.txt", base_with(ADDRESS, ADDRESS + "丰城市张巷镇" * 50_000)), expect="report"),
    Case("punctuation_run", text("dots.txt", base_with(ADDRESS, ADDRESS + "，。、" * 200_000)), expect="report"),
    Case("spaces_line", text("spaces.txt", base_with(ADDRESS, ADDRESS + "\n" + " " * 100_000 + "x")), expect="report"),
    Case("prose_figures_repeated", text("figures.txt", base_with(ADDRESS, ADDRESS + "\n本年共收到政府信息公开申请0件。"
                                                                 * 100_000)), expect="report", contains="只读入前"),
    # 8. a huge number
    Case("digits_5000", text("digits.txt", base_with(LICENSING, "\t行政许可\n\t" + "1" * 5000 + "\n")),
         expect="report", contains="table.glued_digits"),
    Case("prose_digits_5000", text("prose.txt", base_with(ADDRESS, ADDRESS + "。本年共收到政府信息公开申请"
                                                      + "1" * 5000 + "件")), expect="report"),
    # 3. one bad line aborts the build
    Case("date_feb_30", text("date.txt", signed("2021年2月30日")),
         expect="report"),
    Case("date_month_13", text("date.txt", signed("2021年13月1日")),
         expect="report"),
    Case("date_chinese_numerals", text("date.txt", signed("二〇二一年二三月一日")), expect="report"),
    Case("long_file_name", text(LONG_NAME, NO_TOWNSHIP), expect="report"),
    Case("unreadable_file", unreadable, expect="error",
         unprivileged=True),
    Case("manifest_no_file_column", manifest("x,2021-03-01,2021", header="source_url,retrieved_on,year"), contains="manifest.invalid"),
    Case("manifest_bad_date", manifest("report.txt,,2021/3/1,"),
         contains="manifest.invalid"),
    Case("manifest_year_overflow", manifest("report.txt,,,99999999999999999999"),
         contains="manifest.invalid"),
    Case("manifest_year_negative", manifest("report.txt,,,-5"),
         contains="manifest.invalid"),
    Case("corrections_no_such_cell", corrections("  - {table: applications, row: nothing, column: total, "
                                                 "value: 1, reason: r}\n"), contains="correction.stale"),
    Case("corrections_no_such_table", corrections("  - {table: nothing, row: granted, column: total, "
                                                  "value: 1, reason: r}\n"), contains="correction.stale"),
    Case("corrections_text_value", corrections(f"  - {{{CELL}, value: three, reason: r}}\n"), contains="correction.invalid"),
    Case("corrections_list_value", corrections(f"  - {{{CELL}, value: [1, 2], reason: r}}\n"), contains="correction.invalid"),
    Case("corrections_mapping_value", corrections(f"  - {{{CELL}, value: {{a: 1}}, reason: r}}\n"), contains="correction.invalid"),
    Case("corrections_not_a_mapping", corrections("  - just a string\n"), contains="correction.invalid"),
    Case("corrections_gbk", corrections(f"  - {{{CELL}, value: 5, reason: 原文误印}}\n", "gbk"), contains="correction.invalid"),
    Case("corrections_true", corrections(f"  - {{{CELL}, value: true, reason: r}}\n"), contains="correction.invalid"),
    Case("corrections_nan", corrections(f"  - {{{CELL}, value: .nan, reason: r}}\n"), contains="correction.invalid"),
    # 4. formulas
    Case("formula_address", text("address.txt", base_with(ADDRESS, FORMULA_ADDRESS)), expect="report"),
    Case("formula_local_row", text("row.txt", base_with(LICENSING, LICENSING + FORMULA_ROW)), expect="report"),
    Case("formula_file_name", formula_name, expect="report"),
    Case("formula_manifest", manifest('report.txt,"=HYPERLINK(""http://example.invalid"")",,'), expect="report"),
    Case("formula_correction_reason", corrections(f"  - {{{CELL}, value: 999, reason: '=1+1'}}\n"), contains="correction.applied"),
    # 7, 8. the listing
    Case("symlink_outside", symlink_out, expect="error"),
    Case("dangling_link", dangling),
    Case("fifo", fifo),
    Case("dot_names", dot_names, logged=".hidden.txt"),
]
