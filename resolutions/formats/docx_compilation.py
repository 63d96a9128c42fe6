"""The compilation text as delegations circulate it, in Word (UN-FORMAT.md §3).

Every paragraph under its compilation label ("PP2", "OP3 bis") with its status
(pending, agreed ad ref, bracketed, deleted; "proposed" for a new paragraph someone
proposes), its brackets in the text, and under it the open proposals in the room's
shorthand ("[delete] (EU, US)", "“new words” (Japan)"). A replacement that still applies
prints as the paragraph would read with it, the words it adds in bold underlined and the
ones it drops struck through (plain formatting, not tracked changes: the room reads it,
nobody accepts it), as the negotiation page marks them. A heading or an annex prints its
words in bold; a table its title in bold, then its cells as a Word table (header rows
bold) under the label's column; struck through, like a paragraph, when deleted. The labels, statuses and
proposal lines come made from the compilation view (services/compilation.py): this
module only lays them out, on the body's page (docx_writer.start_document / finish).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from ..domain import footnote_markup
from ..domain.amendments import REPLACE, short_name
from ..domain.bodies import get_body
from ..domain.dates import un_date
from ..domain.diff import DELETE, EQUAL, INSERT, word_diff
from ..domain.document import ANNEX, HEADING, TABLE, Paragraph
from ..domain.errors import InvalidDocument
from . import docx_blocks, ooxml
from .docx_text import TEXT
from .docx_writer import enacting_formula, finish, start_document

# The label column: wide enough for "OP12 quater" at 10 pt; deeper levels step in.
LABEL_COLUMN = Cm(2.6)
DEPTH_STEP = Cm(0.8)
DELETED = "deleted"


@dataclass(frozen=True)
class Proposed:
    """An open proposal as the compilation text needs it: ``line`` in the room's shorthand;
    for a replacement, the paragraph's text ``now`` and as it ``would_read`` if accepted
    (markup, footnotes inline; None when it no longer applies) and who proposes it."""
    line: str
    kind: str = ""
    now: str | None = None
    would_read: str | None = None
    delegations: tuple[str, ...] = ()

    @property
    def marks_words(self) -> bool:
        return (self.kind == REPLACE and self.now is not None and self.would_read is not None
                and self.now != self.would_read)


@dataclass(frozen=True)
class Entry:
    """One row of the compilation text."""
    label: str                    # "OP3 bis"
    section: str                  # "preamble" | "operative"
    depth: int
    paragraph: Paragraph          # as shown: with its brackets when bracketed
    status: str                   # the status as shown: "agreed ad ref — wording changed since"
    status_code: str              # pending | agreed_ad_ref | bracketed | deleted | proposed
    proposals: tuple[str | Proposed, ...] = ()   # the open proposals on it


@dataclass(frozen=True)
class CompilationText:
    body: str
    language: str
    title: str
    penholder: str
    revision: int
    reference_revision: int
    date: datetime.date
    entries: tuple[Entry, ...]
    counts: tuple[tuple[str, int], ...]     # (status name, paragraphs) in the page's order
    open_proposals: int
    orphans: tuple[str, ...] = ()  # "OP4: [delete] (Japan)", on paragraphs no longer in the text


def write_compilation(text: CompilationText) -> bytes:
    """The .docx bytes of the compilation text ``text``."""
    body = get_body(text.body)
    if body is None:
        raise InvalidDocument(f"unknown body {text.body!r}", "body")
    document = start_document(text.body, text.language)
    _heading(document, text)
    enacting_formula(document, body.formula(text.language), indent=False)
    footnotes = ooxml.Footnotes(document)
    for entry in text.entries:
        _entry(document, entry, footnotes, right_to_left=text.language == "ar")
    if not text.entries:
        document.add_paragraph("The draft has no paragraphs yet.", style=TEXT)
    if text.orphans:
        _bold_line(document, "Open proposals on paragraphs no longer in the text", before=12)
        for line in text.orphans:
            document.add_paragraph(line, style=TEXT)
    return finish(document, title=f"Compilation text: {text.title}", author=text.penholder)


def _heading(document, text: CompilationText) -> None:
    _bold_line(document, "Compilation text", size=14)
    _bold_line(document, text.title, size=12)
    facts = (f"Revision {text.revision} of the draft · penholder {text.penholder} · "
             f"{un_date(text.date)}")
    document.add_paragraph(facts, style=TEXT)
    if text.reference_revision != text.revision:
        document.add_paragraph(f"Labels follow revision {text.reference_revision}, the text first circulated: "
                               "new paragraphs are “bis”, “ter”. The draft itself keeps clean numbering.",
                               style=TEXT)
    counts = " · ".join(f"{name} {n}" for name, n in text.counts)
    document.add_paragraph(f"{counts} · open proposals {text.open_proposals}", style=TEXT)


def _bold_line(document, line: str, *, size: float | None = None, before: float = 0):
    p = document.add_paragraph(style=TEXT)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if before:
        p.paragraph_format.space_before = Pt(before)
    run = p.add_run(line)
    run.bold = True
    if size:
        run.font.size = Pt(size)
    return p


def _entry(document, entry: Entry, footnotes: ooxml.Footnotes, *, right_to_left: bool = False) -> None:
    """"OP3 bis<tab>text … (agreed ad ref)", the label hanging in its column, then the
    proposals on it one a line, under the text."""
    p = document.add_paragraph(style=TEXT)
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    indent = fmt.left_indent if fmt.left_indent is not None else document.styles[TEXT].paragraph_format.left_indent
    start = (indent or 0) + DEPTH_STEP * entry.depth + LABEL_COLUMN
    fmt.left_indent, fmt.first_line_indent = start, -LABEL_COLUMN
    # the text style's tab stops would catch the tab after the label short of the column
    for stop in document.styles[TEXT].paragraph_format.tab_stops:
        if stop.position < start:
            fmt.tab_stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    fmt.tab_stops.add_tab_stop(start)
    p.add_run(entry.label).bold = True
    p.add_run("\t")
    block, struck = entry.paragraph, entry.status_code == DELETED
    if block.kind in (HEADING, ANNEX, TABLE):   # words in bold, never an opening in italics
        if block.text:
            words = p.add_run(block.text)
            words.bold, words.font.strike = True, struck
    else:
        _runs(p, block, footnotes, struck=struck)
    status = p.add_run(f" ({entry.status})")
    status.italic = True
    if block.kind == TABLE and block.rows:
        _table(document, p, block, start, struck, right_to_left)
    for line in entry.proposals:
        q = document.add_paragraph(style=TEXT)
        q.paragraph_format.left_indent = start
        q.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        q.paragraph_format.space_after = Pt(3)
        q.add_run("Proposal: ").italic = True
        if isinstance(line, Proposed) and line.marks_words:
            _changed_words(q, line)
        else:
            q.add_run(line.line if isinstance(line, Proposed) else line)


def _table(document, after, block: Paragraph, start, struck: bool, right_to_left: bool) -> None:
    """``block``'s cells as a Word table (docx_blocks.table) under the text column at
    ``start``, placed after the paragraph ``after``, a short empty line after it."""
    section = document.sections[0]
    right = document.styles[TEXT].paragraph_format.right_indent or 0
    width = (section.page_width - section.left_margin - section.right_margin - start - right) / 12700
    texts = [list(row) or [""] for row in block.rows]
    header_rows = min(block.header_rows, len(texts))
    style_id = document.styles[docx_blocks.TABLE_TEXT].style_id
    tbl, _, cells = docx_blocks.table(texts, inset=start / 12700, width=width, header_rows=header_rows,
                                      right_to_left=right_to_left,
                                      style_id=style_id, flush_right=docx_blocks.figure_cells(texts, header_rows))
    for i, row in enumerate(cells):
        for j, element in enumerate(row):
            if j < len(texts[i]) and texts[i][j]:
                run = DocxParagraph(element, document._body).add_run(texts[i][j])
                run.bold, run.font.strike = i < header_rows, struck
    after._p.addnext(tbl)
    tbl.addnext(docx_blocks.spacer(style_id))


def _changed_words(q, proposed: Proposed) -> None:
    """The paragraph as the replacement would leave it, its changes marked in plain
    formatting, then who proposes it: "(Japan, Mexico)"."""
    for op in word_diff(_plain(proposed.now), _plain(proposed.would_read)):
        words = op.text.rstrip() if op.op != EQUAL else op.text
        run = q.add_run(words)
        if op.op == INSERT:
            run.bold = run.underline = True
        elif op.op == DELETE:
            run.font.strike = True
        if len(words) < len(op.text):
            q.add_run(op.text[len(words):])  # the space after a changed word stays unmarked
    if proposed.delegations:
        q.add_run(f" ({', '.join(short_name(d) for d in proposed.delegations)})")


def _plain(markup: str) -> str:
    # The words only, as the negotiation page compares them (footnotes left out).
    try:
        return footnote_markup.parse(markup)[0]
    except InvalidDocument:
        return markup


def _runs(p, para: Paragraph, footnotes: ooxml.Footnotes, *, struck: bool) -> None:
    """The text, each footnote marker where it stands; struck through when the paragraph is marked deleted."""
    text = para.text
    cuts = sorted({0, len(text), *(min(max(n.at, 0), len(text)) for n in para.footnotes)})
    for start, end in zip(cuts, cuts[1:] + [None]):
        for note in (n for n in para.footnotes if min(max(n.at, 0), len(text)) == start):
            footnotes.add(p, note.text)
        if end is not None and end > start:
            run = p.add_run(text[start:end])
            run.font.strike = struck
