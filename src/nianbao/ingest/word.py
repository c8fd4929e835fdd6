"""Word (.docx) reports: paragraphs and tables of the main document part, in document order.

Tables are read from the XML grid rather than python-docx's ``row.cells``, which repeats a
merged cell once per grid column it spans and once per row it spans. Here a merged cell's text
stands once, in its top-left grid position, and every position it covers is '' — the same shape
a Word table has when saved as text, so each value stays in its column and no label is counted
twice. Rows that start late or end early (``w:gridBefore``/``w:gridAfter``) are padded with ''.

Locations: a paragraph is "第{n}段" (n counts paragraphs with text, tables not included); a
table row is "表{t}第{r}行" (t counts the body's tables, r the rows of that table).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .document import IngestError, Line
from .limits import LIMITS, Limits
from .lines import Item, build, paragraph, row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_GRID = 200   # a row wider than this is damage, not a report table


def open_docx(data: bytes, limits: Limits = LIMITS):
    """The document's body element, or IngestError saying in plain words why the file is unreadable.

    Only the main document part is read (found through ``_rels/.rels``): pictures, fonts and
    embedded files are never decompressed. Its size is checked against ``Limits.docx_part_bytes``
    in the zip's directory and again while it is inflated (a directory can lie), and the number of
    parts against ``Limits.zip_members``: a small file that inflates to gigabytes is refused.
    """
    from lxml import etree

    if not data.startswith(b"PK"):
        raise IngestError("not a Word .docx file: it is not a zip container (an old .doc, or another "
                          "format renamed to .docx?)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            if len(parts) > limits.zip_members:
                raise IngestError(f"the Word file has {len(parts)} parts, more than the limit of "
                                  f"{limits.zip_members}: not read", "ingest.limit")
            rels = etree.fromstring(_part(zf, "_rels/.rels", limits), _parser())
            name = next((r.get("Target", "").lstrip("/") for r in rels
                         if r.get("Type", "").endswith("/officeDocument")), "word/document.xml")
            root = etree.fromstring(_part(zf, name, limits), _parser())
    except IngestError:
        raise
    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise IngestError(f"the Word file is damaged or truncated: its zip container cannot be read ({e})")
    except (KeyError, ValueError, NotImplementedError) as e:
        raise IngestError(f"the zip file is not a Word document ({e})")
    except Exception as e:  # lxml syntax errors and the like: a damaged document.xml
        raise IngestError(f"the Word file is damaged: {type(e).__name__}: {e}")
    body = root.find(f"{_W}body")
    if body is None:
        raise IngestError("the zip file is not a Word document (its main part has no document body)")
    return body


def _part(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """A part of the zip, inflated no further than ``Limits.docx_part_bytes``."""
    info = zf.getinfo(name)
    cap = limits.docx_part_bytes
    if info.file_size <= cap:
        with zf.open(info) as f:
            data = f.read(cap + 1)
        if len(data) <= cap:
            return data
    raise IngestError(f"the Word file's part {name} inflates to more than {cap // 2**20} MB "
                      f"(from {info.compress_size / 2**20:.1f} MB in the file: a decompression bomb?); not read", "ingest.limit")


def _parser():
    """Parsing as python-docx does (blank text dropped), never resolving entities or the network."""
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def read_docx(data: bytes, limits: Limits = LIMITS) -> list[Line]:
    items = list(body_items(open_docx(data, limits)))
    if not any(i.raw.strip() for i in items):
        raise IngestError("the Word file has no text (a scanned image pasted into Word needs OCR)", "ingest.needs_ocr")
    return build(items)


def body_items(body) -> list[Item]:
    out: list[Item] = []
    counter = {"p": 0, "t": 0}
    _walk(body, out, counter)
    return out


def _walk(element, out: list[Item], counter: dict) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}p":
            for text in _paragraph_lines(child):
                counter["p"] += 1
                out.append(paragraph(text, f"第{counter['p']}段"))
            for box in child.iter(f"{_W}txbxContent"):  # text boxes (titles are often put in one)
                if not _inside(box, child, _MC_FALLBACK):  # drawn twice: modern and fallback copy
                    _walk(box, out, counter)
        elif tag == f"{_W}tbl":
            counter["t"] += 1
            for r, cells in enumerate(table_grid(child), start=1):
                if any(cells):
                    out.append(row(cells, f"表{counter['t']}第{r}行"))
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            _walk(child, out, counter)  # content controls wrap ordinary paragraphs and tables


def _paragraph_lines(p) -> list[str]:
    """The paragraph's text, split at manual line breaks; tabs kept (they separate cells in
    tables typed as text). Deleted (tracked) text and field codes are not text."""
    parts = [""]
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}txbxContent", f"{_W}ptab"):
        if _inside(el, p, f"{_W}txbxContent"):
            continue
        if el.tag == f"{_W}t":
            parts[-1] += el.text or ""
        elif el.tag in (f"{_W}tab", f"{_W}ptab"):
            parts[-1] += "\t"
        elif el.tag in (f"{_W}br", f"{_W}cr") and el.get(f"{_W}type") in (None, "textWrapping"):
            parts.append("")
    return [part for part in parts if part.strip()]


def _inside(el, stop, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _cell_text(tc) -> str:
    """All text of a cell, nested tables included, its paragraphs joined by a space."""
    lines = []
    for p in tc.iter(f"{_W}p"):
        lines += [t.replace("\t", " ") for t in _paragraph_lines(p)]
    return " ".join(l.strip() for l in lines if l.strip())


def _int(value, default: int) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


def table_grid(tbl) -> list[list[str]]:
    """The table as a rectangular grid of strings, merged cells once at their top-left position.

    Grid columns far narrower than the others (slivers: a border drawn a hair off the one above
    it, common after a .doc conversion) are folded into the column after them, so that a table
    whose borders do not quite line up still reads with one position per real column. A sliver
    is kept when folding it would put two cells of one row in the same position.
    """
    placed: list[list[tuple[int, str]]] = []   # per row: (grid column where a cell starts, text)
    for tr in tbl.iterchildren(f"{_W}tr"):
        col = _row_property(tr, "gridBefore")
        starts: list[tuple[int, str]] = []
        for tc in _row_cells(tr):
            tcpr = tc.find(f"{_W}tcPr")
            span, merged = 1, False
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                span = max(1, _int(gs.get(f"{_W}val"), 1)) if gs is not None else 1
                for name in ("vMerge", "hMerge"):  # hMerge: legacy horizontal merge
                    m = tcpr.find(f"{_W}{name}")
                    merged = merged or (m is not None and (m.get(f"{_W}val") or "continue") == "continue")
            starts.append((col, "" if merged else _cell_text(tc)))
            col += span
            if col > _MAX_GRID:
                raise IngestError(f"a table row of the Word file is {col} cells wide: the file is damaged")
        placed.append(starts + [(col, None)])  # the row's end
    if not placed:
        return []
    width = max(max(c for c, _ in starts) for starts in placed)
    logical = _fold_slivers(tbl, width, placed)
    size = max(logical[:width], default=-1) + 1
    rows = []
    for starts in placed:
        cells = [""] * size
        for col, text in starts:
            if text:
                cells[logical[col]] = text
        rows.append(cells)
    return rows


def _fold_slivers(tbl, width: int, placed) -> list[int]:
    """Map each grid column to its position in the rows read (slivers fold into the next column)."""
    identity = list(range(width + 1))
    grid = tbl.find(f"{_W}tblGrid")
    widths = [_int(g.get(f"{_W}w"), 0) for g in grid.iterchildren(f"{_W}gridCol")] if grid is not None else []
    if len(widths) < width or not any(widths):
        return identity
    typical = sorted(widths)[len(widths) // 2]
    sliver = [w < 0.2 * typical for w in widths[:width]] + [False]
    if not any(sliver):
        return identity
    mapping, k = [], 0
    for c in range(width + 1):
        mapping.append(k)
        if not sliver[c]:
            k += 1
    for starts in placed:
        seen = [mapping[c] for c, text in starts[:-1]]
        if len(seen) != len(set(seen)):
            return identity
    return mapping


def _row_property(tr, name: str) -> int:
    trpr = tr.find(f"{_W}trPr")
    el = trpr.find(f"{_W}{name}") if trpr is not None else None
    return min(_int(el.get(f"{_W}val"), 0), _MAX_GRID) if el is not None else 0


def _row_cells(tr):
    """The row's cells, looking through content controls that wrap them."""
    for child in tr:
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            yield from (tc for tc in child.iter(f"{_W}tc"))
