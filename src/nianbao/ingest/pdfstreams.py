"""A PDF opened and its streams decoded within limits: a 500 KB file must not inflate to gigabytes.

pdfminer inflates every stream it needs (page contents, fonts, object streams) whole, with
``zlib.decompress``, and after a damaged one retries byte by byte. While a PDF is read here,
pdfminer's zlib is one that stops at the limit (``Limits.pdf_stream_bytes`` for one stream; page
contents, which become characters, at ``Limits.pdf_content_bytes``) and salvages a damaged
stream's good part in one pass, and every decoded stream counts against
``Limits.pdf_decoded_bytes`` for the whole file. Reaching a limit is an IngestError naming it.

What a page draws is bounded as it is drawn, since a stream is decoded once however often it is
drawn: the contents a page runs, counting a stream or form each time it is run (a page that lists
one stream 20,000 times ran for minutes and took gigabytes), come to at most
``Limits.pdf_content_bytes``, and a page that draws more than ``Limits.pdf_page_chars`` characters
is stopped there (``Crowded``: the reader leaves the page out) rather than after every character
has been made (a 1 KB file took 44 s and 700 MB).
"""

from __future__ import annotations

import io
import threading
import zlib
from contextlib import contextmanager

from .document import IngestError
from .limits import Limits

_state = threading.local()   # the budget of the PDF this thread is reading, if any
_CHUNK = 2**20


def _current() -> _Budget | None:
    """The budget of the PDF this thread is reading (inside ``bounded``), else None."""
    return getattr(_state, "budget", None)


def wrapped(e: BaseException, kinds) -> BaseException | None:
    """``e``, or what it wraps (pdfplumber wraps whatever pdfminer raises), if of ``kinds``."""
    return next((x for x in (e, *e.args) if isinstance(x, kinds)), None)


class Crowded(Exception):
    """A page draws more characters than ``Limits.pdf_page_chars``: it is left out."""


class _Budget:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.total = 0
        self.cap = limits.pdf_stream_bytes    # of the stream being decoded
        self.drawn = 0                        # bytes of contents the page being read has run
        self.chars = 0                        # characters it has drawn
        self.resources = 0                    # fonts, colour spaces and forms it has set up
        self.paths = 0                        # lines and shapes it has drawn (beyond the limit: not kept)

    def run(self, n: int) -> None:
        self.drawn += n
        if self.drawn > self.limits.pdf_content_bytes:
            raise IngestError(f"a page of the PDF runs more than {self.limits.pdf_content_bytes // 2**20} MB of "
                              "contents (a stream or form drawn again and again?); not read", "ingest.limit")

    def set_up(self, n: int) -> None:
        self.resources += n
        if self.resources > self.limits.pdf_page_resources:
            raise IngestError(f"a page of the PDF sets up more than {self.limits.pdf_page_resources} fonts and "
                              "forms (a form drawn again and again?); not read", "ingest.limit")

    def char(self) -> None:
        self.chars += 1
        if self.chars > self.limits.pdf_page_chars:
            raise Crowded()

    def take(self, n: int) -> None:
        if n > self.cap:
            raise IngestError(f"a stream of the PDF inflates to more than {self.cap // 2**20} MB "
                              "(a decompression bomb?); not read", "ingest.limit")
        self.total += n
        if self.total > self.limits.pdf_decoded_bytes:
            raise IngestError(f"the PDF's streams inflate to more than {self.limits.pdf_decoded_bytes // 2**20} "
                              "MB in all; not read", "ingest.limit")


def _inflate(data: bytes) -> bytes:
    """zlib.decompress within the stream's limit; a damaged stream gives its readable start (as
    pdfminer's own fallback does) and never raises, so that fallback never runs."""
    budget = _current()
    if budget is None:
        return zlib.decompress(data)
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    try:
        for k in range(0, len(data), _CHUNK):
            piece = d.decompress(data[k:k + _CHUNK], budget.cap + 1 - size)
            out.append(piece)
            size += len(piece)
            if size > budget.cap or d.unconsumed_tail:
                budget.take(budget.cap + 1)   # raises: over the limit
    except zlib.error:
        if size == 0:
            return b""
    return b"".join(out)


class _Zlib:
    """What pdfminer's stream decoder sees as ``zlib`` (only ``decompress`` is changed)."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)
    decompress = staticmethod(_inflate)


def _content(stream) -> bool:
    """A page's contents or a form: what the interpreter turns into characters."""
    attrs = stream.attrs
    subtype = getattr(attrs.get("Subtype"), "name", None)
    if subtype is not None:
        return subtype == "Form"
    return "Type" not in attrs and not any(k in attrs for k in ("Length1", "Length2", "Length3"))


_installed = False


def _install() -> None:
    """Wrap pdfminer's stream decoding once; outside ``bounded`` it behaves as before."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    original = pdftypes.PDFStream.decode

    def decode(stream) -> None:
        budget = _current()
        if budget is None:
            return original(stream)
        limits = budget.limits
        budget.cap = limits.pdf_content_bytes if _content(stream) else limits.pdf_stream_bytes
        original(stream)
        budget.take(len(stream.data or b""))   # every filter's output, not only Flate's

    pdftypes.zlib = _Zlib
    pdftypes.PDFStream.decode = decode
    _install_drawing()
    _install_references()
    _install_widths()
    _install_cmaps()
    _installed = True


REFERENCE_HOPS = 64     # references followed to reach one object (a real file: one or two)


def _install_references() -> None:
    """An object that refers to itself, or a ring of them ('4 0 obj 4 0 R'), made pdfminer's
    ``resolve1`` loop for ever (a 487-byte file held a worker until its 600 s budget, found by
    fuzzing): ``PDFObjRef.resolve``, which that loop calls, follows a chain of references itself,
    and refuses the file after REFERENCE_HOPS of them."""
    from pdfminer import pdftypes

    resolve = pdftypes.PDFObjRef.resolve

    def bounded_resolve(self, default=None):
        obj = resolve(self, default)
        if _current() is None:
            return obj
        hops = 0
        while isinstance(obj, pdftypes.PDFObjRef):
            hops += 1
            if hops > REFERENCE_HOPS:
                raise IngestError("the PDF is damaged: its objects refer to each other in a ring; not read")
            obj = resolve(obj, default)
        return obj

    pdftypes.PDFObjRef.resolve = bounded_resolve


def _install_widths() -> None:
    """A font's widths are a map of every character a range names: '/W[0 4000000000 500]' in a
    1.7 KB file took a worker to 2.8 GB (found by fuzzing). While a PDF is read here, a font that
    names more than ``Limits.pdf_font_widths`` refuses the file before the map is made."""
    from pdfminer import pdffont
    from pdfminer.pdftypes import resolve1

    def counted(original, group: int):
        def widths(seq):
            budget = _current()
            if budget is not None:
                total, numbers = 0, []
                for v in seq:
                    v = resolve1(v)
                    if isinstance(v, list):
                        total, numbers = total + len(v), []
                    elif isinstance(v, (int, float)):
                        numbers.append(v)
                        if len(numbers) == group:       # first, last and the width(s) of a range
                            first, last = numbers[:2]
                            total += max(0, int(last) - int(first) + 1)
                            numbers = []
                    if total > budget.limits.pdf_font_widths:
                        raise IngestError(f"a font of the PDF gives widths for more than "
                                          f"{budget.limits.pdf_font_widths} characters; not read", "ingest.limit")
            return original(seq)
        return widths

    pdffont.get_widths = counted(pdffont.get_widths, 3)
    pdffont.get_widths2 = counted(pdffont.get_widths2, 5)


def _install_cmaps() -> None:
    """A font's character map is filled a code at a time from the ranges it names: one range over
    four billion codes (1.7 KB) took a worker past 4.8 GB, and a range whose codes each map to 900
    characters (1.8 KB) to 2.7 GB (both found by fuzzing). While a PDF is read here, a map may hold
    at most ``Limits.pdf_cmap_entries`` codes and ``Limits.pdf_cmap_bytes`` of codes and text."""
    from pdfminer.cmapdb import FileCMap, FileUnicodeMap

    def counted(original, data: int):
        def add(self, *args):
            budget = _current()
            if budget is not None:
                limits = budget.limits
                n = self.__dict__.get("_entries", 0) + 1
                size = self.__dict__.get("_bytes", 0) + (len(args[data]) if isinstance(args[data], (bytes, str)) else 1)
                self.__dict__.update(_entries=n, _bytes=size)
                if n > limits.pdf_cmap_entries or size > limits.pdf_cmap_bytes:
                    raise IngestError(f"a character map of the PDF maps more than {limits.pdf_cmap_entries} codes "
                                      f"or {limits.pdf_cmap_bytes // 2**20} MB; not read", "ingest.limit")
            return original(self, *args)
        return add

    FileUnicodeMap.add_cid2unichr = counted(FileUnicodeMap.add_cid2unichr, 1)     # (cid, text)
    FileCMap.add_code2cid = counted(FileCMap.add_code2cid, 0)                     # (code, cid)


def _install_drawing() -> None:
    """Count what each page runs and draws (see the module): pdfminer's interpreter runs a page's
    contents and every form it draws through ``render_contents``, and makes each character in
    ``render_char``."""
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1

    process_page, render_contents = PDFPageInterpreter.process_page, PDFPageInterpreter.render_contents
    render_char = PDFLayoutAnalyzer.render_char

    def page(self, page_obj):
        budget = _current()
        if budget is not None:
            budget.drawn = budget.chars = budget.resources = budget.paths = 0
        return process_page(self, page_obj)

    def contents(self, resources, streams, *args, **kwargs):
        budget = _current()
        if budget is not None:
            for stream in list_value(streams):
                stream = resolve1(stream)
                try:
                    data = stream.get_data() if isinstance(stream, PDFStream) else None
                except IngestError:
                    raise
                except Exception:       # damaged: the interpreter meets it as it did before
                    data = None
                budget.run(len(data or b""))
            # what pdfminer sets up for each run: a form without resources of its own gets the page's
            # (a page of 20,000 named forms drawing one 100,000 times ran for minutes)
            given = dict_value(resources) if resources else {}
            budget.set_up(sum(len(dict_value(given.get(k) or {})) for k in ("Font", "XObject", "ColorSpace")))
        return render_contents(self, resources, streams, *args, **kwargs)

    def char(self, *args, **kwargs):
        budget = _current()
        if budget is not None:
            budget.char()
        return render_char(self, *args, **kwargs)

    paint_path = PDFLayoutAnalyzer.paint_path

    def path(self, *args, **kwargs):
        budget = _current()
        if budget is not None:
            budget.paths += 1
            if budget.paths > budget.limits.pdf_page_paths:
                return None     # not kept: 300,000 tiny lines on a page took the table finder 10 minutes
        return paint_path(self, *args, **kwargs)

    PDFPageInterpreter.process_page = page
    PDFPageInterpreter.render_contents = contents
    PDFLayoutAnalyzer.render_char = char
    PDFLayoutAnalyzer.paint_path = path


def paths_left_out() -> bool:
    """Whether the page read last drew more lines and shapes than were kept."""
    budget = _current()
    return budget is not None and budget.paths > budget.limits.pdf_page_paths


@contextmanager
def bounded(limits: Limits):
    """Read a PDF inside this: its streams are decoded within ``limits``."""
    _install()
    _state.budget = _Budget(limits)
    try:
        yield
    finally:
        _state.budget = None


def page_list(pdf, limits: Limits) -> list:
    """The pages, refused beyond ``Limits.pdf_pages``: counted one by one up to the limit, since
    listing them all (as pdfplumber does) takes minutes for a hundred thousand."""
    from itertools import islice

    from pdfminer.pdfpage import PDFPage

    if sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), limits.pdf_pages + 1)) > limits.pdf_pages:
        raise IngestError(f"the PDF has more than {limits.pdf_pages} pages (the limit); not read", "ingest.limit")
    return pdf.pages


def looks_like(data: bytes) -> str:
    if data.startswith(b"PK"):
        return " (it is a zip file: a .docx renamed to .pdf?)"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return " (it is an old Office file: a .doc renamed to .pdf?)"
    if data[:512].lstrip().lower().startswith((b"<!doctype", b"<html")):
        return " (it is a web page, probably an error page saved instead of the report)"
    return ""


def open_pdf(data: bytes):
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        name = type(e).__name__
        cause = e.__cause__ or e.__context__
        if "Password" in name or (cause is not None and "Password" in type(cause).__name__):
            raise IngestError("the PDF is password-protected and cannot be read", "ingest.encrypted")
        raise IngestError(f"the PDF is damaged and cannot be opened ({name}: {e})")


def in_library(e: BaseException) -> bool:
    """Did the error arise inside the PDF library (a damaged file), not in this module (a bug)?"""
    tb = e.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and any(f"{sep}{lib}{sep}" in last for lib in ("pdfminer", "pdfplumber")
                                    for sep in ("/", "\\"))
