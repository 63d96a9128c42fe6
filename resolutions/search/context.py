"""What each block of a document is indexed as, and where it stands (issue #9).

    indexed_text(block) -> str        a table: its title and cell texts; others: their text
    contexts(doc) -> {block id: str}  the nearest heading above and the annex title

Headings and annex titles are indexed as paragraphs of their own (searchable); every
paragraph carries, stored beside it, the context shown above its snippet: "Annex II:
Title — II. Heading" (the annex's title, then the nearest heading above it in the same
part). A heading's own context is its annex and the nearest heading of a higher level.
Subparagraphs share their paragraph's context.
"""
from __future__ import annotations

from ..domain import numbering
from ..domain.document import ANNEX, HEADING, TABLE, Document, Paragraph

CELL_SEPARATOR = " | "
CONTEXT_SEPARATOR = " — "


def indexed_text(block: Paragraph) -> str:
    """The text a block is found by: a table's title, then its rows (cells apart)."""
    if block.kind != TABLE:
        return block.text
    rows = [CELL_SEPARATOR.join(c for c in row if c.strip()) for row in block.rows]
    return "\n".join(t for t in (block.text, *rows) if t.strip())


def contexts(doc: Document) -> dict[str, str]:
    """Block id → its context ("" when none), for every paragraph of ``doc``."""
    out: dict[str, str] = {}
    blocks = (*doc.preamble, *doc.operative)
    if not any(b.kind in (HEADING, ANNEX) for b in blocks):
        return out
    shown = numbering.marks(doc)  # a heading's number ("II."), an annex's mark ("Annex II")
    annex = ""
    headings: dict[int, str] = {}   # level → the current heading of that level
    for part in (doc.preamble, doc.operative):
        headings.clear()
        for block in part:
            if block.kind == ANNEX:
                annex = ": ".join(t for t in (shown.get(block.id, ""), block.text.strip()) if t)
                headings.clear()
                out[block.id] = ""
                continue
            if block.kind == HEADING:
                above = [headings[lv] for lv in sorted(headings) if lv < block.level]
                out[block.id] = _join(annex, above[-1] if above else "")
                for lv in [lv for lv in headings if lv >= block.level]:
                    del headings[lv]
                headings[block.level] = " ".join(t for t in (shown.get(block.id, ""), block.text.strip()) if t)
                continue
            nearest = headings[max(headings)] if headings else ""
            context = _join(annex, nearest)
            for _, para in block.walk():
                out[para.id] = context
    return out


def _join(*parts: str) -> str:
    return CONTEXT_SEPARATOR.join(p for p in parts if p)
