"""Limits: how much work one input may cause, in one place (issue 20: bounded work everywhere).

A report is a few pages: tens of KB of text, a few hundred table cells. Every limit below is far
above any real report and far below what would take a machine down, so a file that reaches one
is damaged or hostile. Reaching a limit never stops the build: the file becomes an ``errors`` row
naming the limit (``IngestError``), or, where only a part is dropped, a note that becomes a
``source.unreadable`` finding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Word (.docx, and .doc/.wps after conversion): a zip of XML parts
    zip_members: int = 2_000                 # parts in the container (a report has about 15-40)
    docx_part_bytes: int = 64 * 2**20        # the main document part, decompressed (a report's: < 2 MB)
    # PDF
    pdf_pages: int = 500                     # a report has 3-30 pages; a county's bundle of all its towns, 200
    pdf_stream_bytes: int = 64 * 2**20       # one stream, decoded (an embedded CJK font: up to ~20 MB)
    pdf_content_bytes: int = 4 * 2**20       # one page's contents, decoded (a dense page: ~100 KB; every
                                             # byte may become a character of about 1 KB in memory)
    pdf_decoded_bytes: int = 512 * 2**20     # all streams of the file, decoded
    pdf_page_chars: int = 200_000            # characters on one page (a dense page: ~3,000)
    pdf_page_paths: int = 10_000             # lines and shapes read on one page, the rest left out (a table: ~600)
    pdf_page_resources: int = 100_000        # fonts, colour spaces and forms set up for one page, again for each
                                             # form drawn (a page: tens; a form drawn 1,000 times: ~50,000)
    pdf_font_widths: int = 262_144           # widths one font gives (a CID is two bytes: 65,536 at most)
    pdf_cmap_entries: int = 1_114_112        # codes one character map maps (all of Unicode)
    pdf_cmap_bytes: int = 16 * 2**20         # bytes of codes and of the text they map to, in one map
                                             # (all of Unicode, two bytes each way: 4.5 MB)
    pdf_seconds: float = 40.0                # reading the pages, checked between pages
    # web pages
    html_elements: int = 200_000             # elements of the page (a portal page: 1,000-5,000)
    html_table_cells: int = 100_000          # grid positions of one table, spans expanded (a report's: ~300)
    html_tag_chars: int = 16_384             # one start tag with its attributes, beyond which they are dropped
                                             # (a real tag: < 1 KB; libxml2 is quadratic in a tag's attributes)
    # any format, after reading
    line_chars: int = 200_000                # one line (a paragraph) is cut here, with a note
    number_digits: int = 15                  # digits of a printed number (beyond: not a count or amount)
    glued_states: int = 20_000               # steps of the search for a split of glued digits
    prose_facts: int = 1_000                 # figures and claims read from the prose (an overview: 5-40)


LIMITS = Limits()
