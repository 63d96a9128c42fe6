"""Read the UN's published PDF of a General Assembly resolution or draft (L document).

    read_pdf(source) -> PdfReading

``source`` is the PDF as bytes or a path. The reader only extracts; each step is its
own module:

- pdf_chars: PDFium characters → lines with positions and styles (italic, bold,
  superscript);
- pdf_cover: the first page (symbol, title, session, agenda, sponsors or the
  originating document); the masthead is not text;
- pdf_body: the body lines without page furniture (running headers, page and job
  numbers, barcode), and the footnotes below the separator;
- pdf_tables: runs of lines in columns → tables;
- pdf_items: lines → the printed items (paragraphs by indent and spacing, their marks;
  bold headings with their numbers, "Annex", tables) → ``domain.outline.Item``s, which
  ``domain.outline.build`` turns into the preamble, the operative part with its
  headings and the annexes, as for every reader (subparagraph levels, lists folded
  into preambular paragraphs, the lone operative paragraph, numbering restarts).

Not a PDF, an encrypted PDF that needs a password, a truncated or damaged file, a PDF
with no text layer (a scan), or one that is not a UN resolution raise
``InvalidDocument`` naming the problem. A PDF encrypted without a user password
(printing or copying restrictions only) opens like any other.

What the text layer cannot show: the non-breaking hyphen (U+2011), the no-break spaces
and the invisible format characters of the UN's XML come out as "-", " " and nothing
(except the few U+2011 that Word wrote as such). bench/pdf_accuracy.py measures the
reader against the UN's XML of the same resolutions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..domain import outline, symbols
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from .pdf_body import Body, furniture
from .pdf_chars import Page, extract_pages, load_pdf
from .pdf_cover import read_cover, symbol
from .pdf_items import outline_items, printed_items

RESOLUTION, DRAFT = "resolution", "draft"


@dataclass(frozen=True)
class PdfReading:
    document: Document
    kind: str                              # "resolution" | "draft"
    symbol: str
    sponsors: tuple[str, ...] = ()         # the sponsor line's names; () for A/RES
    originating_document: str | None = None  # "A/78/L.24", "A/78/481, para. 10" (A/RES only)
    sponsor_line: str = ""                 # as printed: "Italy and Turkmenistan: draft resolution"


def read_pdf(source: bytes | Path | str) -> PdfReading:
    pages = extract_pages(load_pdf(source))
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise InvalidDocument(
            "the PDF has no text layer (a scanned document?): there is no text to import; "
            "use the Word file or an OCR'd PDF", "pdf")
    body_size = _body_size(pages)
    first = [ln for ln in pages[0].lines if not furniture(ln)]
    try:
        parsed = symbols.parse(symbol(first))
    except InvalidDocument:
        raise InvalidDocument(
            "this does not look like a UN resolution or draft: no document symbol "
            "(A/RES/78/131, A/80/L.10 …) at the top of its first page", "pdf") from None
    kind = RESOLUTION if parsed.kind == symbols.ADOPTED else DRAFT
    cover = read_cover(first, body_size)
    body = Body(pages, body_size)
    printed = printed_items(body.lines(cover.body_start), body_size)
    parts = outline.build(outline_items(printed, body.footnotes), "en")
    preamble, operative = parts.preamble, parts.operative
    doc = Document(
        body=parsed.body,
        session=parsed.session or cover.session or 0,
        title=cover.title,
        agenda_item=cover.agenda_item,
        agenda_title=cover.agenda_title,
        preamble=preamble,
        operative=operative,
        symbol=parsed.text,
        language="en",
    )
    return PdfReading(document=doc, kind=kind, symbol=parsed.text,
                      sponsors=cover.sponsors if kind == DRAFT else (),
                      originating_document=cover.originating if kind == RESOLUTION else None,
                      sponsor_line=cover.sponsor_line if kind == DRAFT else "")


def _body_size(pages: list[Page]) -> float:
    """The type size of the text: the most common size of the roman characters, of
    those set in 9.5 points or more when a fair share is (the UN sets its text in 10
    points, footnotes in 8 and tables in 9; a budget resolution's tables may well hold
    more characters than its text)."""
    sizes = Counter()
    for page in pages:
        for line in page.lines:
            for ch in line.chars:
                if ch.c != " " and not ch.sup and not ch.bold:
                    sizes[round(ch.size * 2) / 2] += 1
    if not sizes:
        return 10.0
    most = sizes.most_common(1)[0][1]
    text = [(n, size) for size, n in sizes.items() if size >= 9.5 and n >= 0.05 * most]
    return max(text)[1] if text else sizes.most_common(1)[0][0]
