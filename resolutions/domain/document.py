"""The one document model shared by drafts, past resolutions and every format.

A resolution is a title, preambular paragraphs and operative paragraphs; operative
paragraphs (and their subparagraphs) may hold subparagraphs. Every paragraph carries
a stable id that survives edits, moves and renumbering: diffs, precedents and
exports attach to ids, while printed numbers are computed (see numbering.py).

The blocks of both parts are ``Paragraph`` objects of one of five kinds, so that
every feature that walks paragraphs (diff, merge, proposals, comments, search) sees
headings, annexes and tables too:

- ``paragraph``: a numbered paragraph (in the preamble: a preambular paragraph);
- ``text``: an unnumbered paragraph in the operative part or an annex (a section's
  own "Recalling …" paragraphs, an annex's prose);
- ``heading``: a heading between paragraphs, at ``level`` 1–3, printed with the
  number its ``numbering`` pattern computes ("{I}." → "II.", "Part {I}",
  "Section {1}", "{A}."; "" for none; a pattern with no placeholder prints as it is,
  for numbers a count cannot give: "Section 29A"); ``restart`` starts operative numbering at 1
  again after it (the UN's sectioned resolutions do; budgets run on);
- ``table``: ``rows`` of cell texts, the first ``header_rows`` of them a header;
  its ``text`` is the table's title (may be empty);
- ``annex``: starts an annex; ``text`` is the annex's title. Everything after the
  first annex in the operative part belongs to an annex (numbering.py), so a
  document is: preamble, operative part, then annexes in order.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Callable, Iterator

PREAMBLE = "preamble"
OPERATIVE = "operative"

# Deepest subparagraph level: (a) → (i) → a.
MAX_DEPTH = 3

PARAGRAPH = "paragraph"
TEXT = "text"
HEADING = "heading"
TABLE = "table"
ANNEX = "annex"
KINDS = (PARAGRAPH, TEXT, HEADING, TABLE, ANNEX)
# Kinds whose text is prose (footnotes, italic openings, subparagraphs).
PROSE = (PARAGRAPH, TEXT)
MAX_HEADING_LEVEL = 3


def new_id(prefix: str = "p") -> str:
    """A short random id ("p-3f9a0c12be", "fn-…"); only needs to be unique within one
    document. Always of the shape validation.is_valid_id accepts."""
    return f"{prefix}-{secrets.token_hex(5)}"


@dataclass(frozen=True)
class Footnote:
    """A footnote whose marker stands at character offset ``at`` of its paragraph."""

    id: str
    at: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str
    footnotes: tuple[Footnote, ...] = ()
    subparagraphs: tuple["Paragraph", ...] = ()
    # Length of the italic opening phrase when a source marked it exactly (the UN's
    # XML does); None means "detect it" (see openings.py).
    opening_length: int | None = None
    # Where agreed language came from, e.g. "A/RES/78/131 OP 4"; kept across edits.
    source: str | None = None
    kind: str = PARAGRAPH
    # Headings only: level 1–3, the numbering pattern, and whether operative
    # numbering restarts after it.
    level: int = 1
    numbering: str = ""
    restart: bool = False
    # Tables only: rows of cell texts; the first ``header_rows`` rows are headers.
    rows: tuple[tuple[str, ...], ...] = ()
    header_rows: int = 0

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE

    def walk(self, depth: int = 0) -> Iterator[tuple[int, "Paragraph"]]:
        """This paragraph and its subparagraphs in reading order, as (depth, paragraph).
        Iterative, so that even a tree nested far past MAX_DEPTH (which validation
        refuses) cannot exhaust Python's stack."""
        stack = [(depth, self)]
        while stack:
            level, para = stack.pop()
            yield level, para
            stack.extend((level + 1, sub) for sub in reversed(para.subparagraphs))


@dataclass(frozen=True)
class Document:
    """A resolution's text and the facts printed above it."""

    body: str
    session: int
    title: str
    agenda_item: str = ""
    agenda_title: str = ""
    preamble: tuple[Paragraph, ...] = ()
    operative: tuple[Paragraph, ...] = ()
    symbol: str | None = None
    language: str = "en"

    def section(self, name: str) -> tuple[Paragraph, ...]:
        return self.preamble if name == PREAMBLE else self.operative

    def walk(self) -> Iterator[tuple[str, int, Paragraph]]:
        """Every paragraph in reading order as (section, depth, paragraph)."""
        for name in (PREAMBLE, OPERATIVE):
            for top in self.section(name):
                for depth, para in top.walk():
                    yield name, depth, para

    def paragraph_ids(self) -> list[str]:
        return [p.id for _, _, p in self.walk()]

    def annexes(self) -> list[tuple[Paragraph, tuple[Paragraph, ...]]]:
        """Each annex of the operative part as (its annex block, the blocks in it)."""
        out: list[tuple[Paragraph, list[Paragraph]]] = []
        for block in self.operative:
            if block.kind == ANNEX:
                out.append((block, []))
            elif out:
                out[-1][1].append(block)
        return [(annex, tuple(blocks)) for annex, blocks in out]

    def main_operative(self) -> tuple[Paragraph, ...]:
        """The operative part up to its first annex."""
        for i, block in enumerate(self.operative):
            if block.kind == ANNEX:
                return self.operative[:i]
        return self.operative

    def find(self, paragraph_id: str) -> Paragraph | None:
        return next((p for _, _, p in self.walk() if p.id == paragraph_id), None)

    def with_changes(self, **changes) -> "Document":
        return replace(self, **changes)


def with_ids(doc: Document, wanted: Callable[[Paragraph], str | None], taken: set[str]) -> Document:
    """``doc`` with each paragraph (at every level) given the id ``wanted`` names for it;
    where it names none, the paragraph keeps its own id unless ``taken`` (ids that stand
    for other paragraphs) holds it, and then gets a fresh one. ``taken`` grows as ids
    are given. Texts, footnotes and order are untouched."""
    def rebuild(para: Paragraph) -> Paragraph:
        pid = wanted(para)
        if pid is None:
            pid = para.id if para.id not in taken else new_id()
            taken.add(pid)
        return replace(para, id=pid, subparagraphs=tuple(rebuild(s) for s in para.subparagraphs))
    return doc.with_changes(preamble=tuple(rebuild(p) for p in doc.preamble),
                            operative=tuple(rebuild(p) for p in doc.operative))


def paragraph(text: str, *subparagraphs: Paragraph, id: str | None = None, **kw) -> Paragraph:
    """Convenience constructor used by tests, the demo and importers."""
    return Paragraph(id=id or new_id(), text=text, subparagraphs=tuple(subparagraphs), **kw)


def heading(text: str, numbering: str = "", level: int = 1, restart: bool = False,
            id: str | None = None) -> Paragraph:
    return Paragraph(id=id or new_id("h"), text=text, kind=HEADING, level=level,
                     numbering=numbering, restart=restart)


def annex(title: str, id: str | None = None) -> Paragraph:
    return Paragraph(id=id or new_id("ax"), text=title, kind=ANNEX)


def table(rows, title: str = "", header_rows: int = 1, id: str | None = None) -> Paragraph:
    return Paragraph(id=id or new_id("t"), text=title, kind=TABLE,
                     rows=tuple(tuple(r) for r in rows), header_rows=header_rows)
