"""One outline builder behind every reader.

Each reader (formats/akn_reader.py, pdf_reader.py, docx_reader.py) only extracts: it
turns its bytes into a stream of ``Item``s in reading order, each with the mark the
source printed, its text, what the source says about its style, its footnotes and
where it was found. ``build`` turns that one stream into the document's parts
(preamble, operative part with headings and annexes, paragraph tree), so that the
same text gives the same structure whatever the format it came in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# What an extractor knows for sure about an item (``Item.role``). "body" means it
# does not know: the builder decides from the mark, the text and the position.
BODY = "body"
FORMULA = "formula"        # "The General Assembly," — ends the cover, starts the preamble
PREAMBULAR = "preambular"  # the source marks it as preambular (AKN preamble, a section's crossHeading)
OPERATIVE = "operative"    # the source marks it as operative (AKN mainBody paragraph)
HEADING = "heading"        # a heading (AKN section num/heading, Word heading style, PDF bold centred line)
ANNEX = "annex"            # "Annex", "Annex II" (the annex's title follows as a HEADING or in ``text``)
TABLE = "table"            # ``rows`` hold the cells
CLOSING = "closing"        # "60th plenary meeting …": ends the text
ROLES = (BODY, FORMULA, PREAMBULAR, OPERATIVE, HEADING, ANNEX, TABLE, CLOSING)


@dataclass(frozen=True)
class Note:
    """A footnote whose marker stands at offset ``at`` of the item's text."""

    at: int
    text: str
    id: str | None = None


@dataclass(frozen=True)
class Item:
    text: str                        # the text, without its printed mark
    mark: str = ""                   # the mark as printed: "3.", "(a)", "(ii)", "a.", "I.", "A.", "Part I", "Section 2", "Annex II", ""
    role: str = BODY
    depth: int | None = None         # nesting the source states (AKN list depth, Word numbering level); None: unknown
    italic: int | None = None        # length of the italic opening, when the source marks it exactly
    styles: frozenset[str] = frozenset()   # what the source shows: "bold", "italic", "centred", "underline"
    notes: tuple[Note, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # tables only
    header_rows: int = 0
    id: str | None = None            # the source's own id (an AKN eId), kept when valid
    where: str = ""                  # for messages and debugging: "page 3", "paragraph 41"
    extra: dict = field(default_factory=dict, compare=False)  # reader-specific hints, never required
