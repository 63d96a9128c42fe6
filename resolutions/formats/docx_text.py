"""The text of a resolution in Word: one SingleTxt paragraph per paragraph, numbered by
Word's own numbering (docx_numbering.py), its opening in italics, its footnotes as real
Word footnotes, and a hidden bookmark carrying its paragraph id (docx_bookmarks.py);
headings, annex heads and tables as docx_blocks.py lays them out, each bookmarked too,
the numbers starting again at 1 where numbering.marks restarts them (a restarting
heading, each annex). The page around it (masthead, styles, running heads) is
docx_writer.py's.

With ``against``, every difference from that text is a Word tracked change, as
domain/redline.py marks it: words as w:ins / w:del, whole paragraphs with their
paragraph marks tracked, moved paragraphs as w:moveFrom / w:moveTo inside named move
ranges, footnotes added or removed with their reference runs inside w:ins / w:del, a
paragraph that gains or loses its number (a lone operative paragraph) as w:pPrChange
and an opening whose italics changed as w:rPrChange; a heading's or annex title's words
like a paragraph's, a heading number or annex word that changed ("Annex" → "Annex I")
as its words, a table inserted or deleted row by row (w:trPr/w:ins, w:del) and a kept
table's cells word by word. "Accept all" in Word then gives
``doc`` and "Reject all" gives ``against`` (tests/formats/test_docx_tracked.py).
"""
from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from ..domain.document import ANNEX, HEADING, TABLE, Document
from ..domain.redline import (DELETED, EQUAL, INSERTED, MOVED_FROM, MOVED_TO, NONE, MarkedParagraph,
                              Segment, compare_text, redline, unmarked)
from . import docx_blocks, ooxml
from .docx_blocks import Sides
from .docx_bookmarks import bookmark_name, write_variables
from .docx_numbering import add_numbering, number_properties, restarted

# The UN's SingleTxt style: text inset 1267 twips from each margin, tab stops every
# 475 twips after it (mark at the first, text at the second).
TAB_STEP = Cm(0.838)
TEXT = "SingleTxt"
# Who a tracked change is by when the caller names nobody.
DEFAULT_AUTHOR = "Resolutions"

# The revision and bookmark elements whose w:id must be unique in the document.
_ANNOTATIONS = tuple(qn(f"w:{t}") for t in (
    "ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart", "bookmarkStart",
    "rPrChange", "pPrChange", "commentRangeStart"))


@dataclass(frozen=True)
class Tracking:
    """Who made the tracked changes and when: ``author`` (the penholder) unless
    ``authors`` names the delegations behind a paragraph's changes (paragraph id → name)."""

    author: str
    date: datetime.datetime
    authors: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def now(cls, author: str) -> Tracking:
        """Every change by ``author``, dated now (to the second, as Word writes dates)."""
        return cls(author or DEFAULT_AUTHOR, datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0))


def write_text(document, doc: Document, inset, *, against: Document | None = None,
               tracking: Tracking | None = None) -> None:
    """Every paragraph of ``doc`` in the SingleTxt style, its text ``inset`` from the margins;
    with ``against``, every difference from it as a Word tracked change."""
    if against is not None and tracking is None:
        tracking = Tracking.now(DEFAULT_AUTHOR)
    marked = redline(against, doc) if against is not None else unmarked(doc)
    writer = _Writer(document, inset, tracking, Sides.of(doc, against), doc.language)
    for para in marked:
        writer.block(para)
    write_variables(document.settings.element, writer.variables)


def write_tracked(document, paragraph, old: str, new: str, tracking: Tracking) -> None:
    """The runs of ``new`` (a title) into a python-docx ``paragraph``, its differences
    from ``old`` as tracked changes by ``tracking.author``; call it before write_text."""
    marks = _Marks(document, tracking)
    for segment in compare_text(old, new):
        run = paragraph.add_run(segment.text)
        if segment.change != EQUAL:
            wrapper = marks.new("w:ins" if segment.change == INSERTED else "w:del", tracking.author)
            run._r.addprevious(wrapper)
            wrapper.append(run._r)
            if segment.change == DELETED:
                _as_deleted(run._r)


# --- the writer ----------------------------------------------------------------------------

class _Marks:
    """Revision attributes, with w:ids above any already in the document."""

    def __init__(self, document, tracking: Tracking | None):
        self.tracking = tracking
        used = (int(el.get(qn("w:id"))) for el in document.element.body.iter(*_ANNOTATIONS)
                if (el.get(qn("w:id")) or "").lstrip("-").isdigit())
        self._next = max(used, default=0) + 1
        date = tracking.date if tracking else None
        if date is not None and date.tzinfo is not None:
            date = date.astimezone(datetime.timezone.utc)
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else ""

    def next_id(self) -> str:
        value = self._next
        self._next += 1
        return str(value)

    def new(self, tag: str, author: str | None = None, **attributes):
        el = OxmlElement(tag)
        el.set(qn("w:id"), self.next_id())
        if author is not None:
            el.set(qn("w:author"), author)
            el.set(qn("w:date"), self.date)
        for name, value in attributes.items():
            el.set(qn(f"w:{name}"), value)
        return el


# Where each segment goes: (paragraph change, segment change) → wrapper tag, or None.
def _wrapper_tag(paragraph_change: str, change: str) -> str | None:
    if change == INSERTED:
        return "w:ins"
    if change == DELETED:
        return "w:del"
    return {MOVED_FROM: "w:moveFrom", MOVED_TO: "w:moveTo"}.get(paragraph_change)


_MARK_TAGS = {INSERTED: "w:ins", DELETED: "w:del", MOVED_FROM: "w:moveFrom", MOVED_TO: "w:moveTo"}


class _Writer:
    def __init__(self, document, inset, tracking: Tracking | None, sides: Sides, language: str):
        self.document = document
        self.tracking = tracking
        self.sides = sides
        self.inset = inset
        self.right_to_left = language == "ar"
        self.footnotes = ooxml.Footnotes(document)
        self.num_id = add_numbering(document, inset, TAB_STEP, language)
        self.restart = False  # a restarting heading or an annex came: numbers start again at 1
        self.marks = _Marks(document, tracking)
        self.variables: dict[str, str] = {}
        # Looked up once: python-docx resolves a style name by scanning every style.
        self.style_id = document.styles[TEXT].style_id
        # Paragraphs go before the body's closing w:sectPr, found once (python-docx
        # looks for it again on every paragraph).
        body = document.element.body
        self.end = body.find(qn("w:sectPr"))
        self.body = body

    def author(self, pid: str) -> str:
        return self.tracking.authors.get(pid, self.tracking.author)

    def block(self, para: MarkedParagraph) -> None:
        """One block of the text: a paragraph, or a heading, an annex's head, a table."""
        block = self.sides.block(para)
        if not block.is_prose:  # a heading's or title's words are never an italic opening
            para = replace(para, segments=tuple(replace(s, italic=False, was_italic=False)
                                                for s in para.segments))
        on_new_side = para.change not in (DELETED, MOVED_FROM)
        if block.kind in (HEADING, ANNEX) and on_new_side and (block.kind == ANNEX or block.restart):
            self.restart = True
        if block.kind == HEADING:
            number = self.mark(para, "\t")
            style = docx_blocks.HEADING_STYLES[min(max(block.level, 1), 3)]
            self.paragraph(para, _style_id(self.document, style), head=number,
                           indent=self.sides.heading_indent(block.level, self.inset, TAB_STEP) if number
                           else (_indent(self.inset, 0),))
        elif block.kind == ANNEX:
            self.annex(para)
        elif block.kind == TABLE:
            self.table(para)
        else:
            self.paragraph(para)

    def mark(self, para: MarkedParagraph, after: str = "") -> tuple[Segment, ...]:
        """A heading's number or an annex's "Annex II" (numbering.marks) as segments,
        followed by ``after``: tracked when the number changed ("Annex" → "Annex I"
        once a second annex comes), so that either side prints its own."""
        new = self.sides.mark(para)
        if para.change == NONE and self.sides.old:
            old = self.sides.old_marks.get(para.id, new)
            if old != new:
                return compare_text(old and old + after, new and new + after)
        whole = para.change if para.change in (INSERTED, DELETED) else EQUAL
        return (Segment(whole, new + after),) if new else ()

    def paragraph(self, para: MarkedParagraph, style_id: str | None = None, *,
                  head: tuple[Segment, ...] = (), segments: tuple[Segment, ...] | None = None,
                  bookmark: bool = True, close: bool = True, indent=None):
        """A w:p in ``style_id`` (default SingleTxt, numbered as marked) holding
        ``para``'s segments (or ``segments``) after ``head`` (a heading's typed
        number), ``indent`` (a tuple of w:ind) over the style's; its id bookmarked unless
        ``bookmark`` is False. Returns the bookmark's start, left open when ``close`` is
        False (the caller closes it further on)."""
        element = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id or self.style_id)
        ppr.append(style)
        if indent is not None:  # a heading: at the column, or hanging as wide as its number
            ppr.extend(indent)
        element.append(ppr)
        self._place(element)
        p = Paragraph(element, self.document._body)
        prose = style_id is None
        if prose:
            if para.numbered and self.restart:
                self.num_id, self.restart = restarted(self.document, self.num_id), False
            self._numbering(ppr, para.depth, para.numbered)
        author = self.author(para.id) if self.tracking else None
        if para.change in _MARK_TAGS:
            mark = OxmlElement("w:rPr")
            mark.append(self.marks.new(_MARK_TAGS[para.change], author))
            ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
        if prose and para.numbered != para.was_numbered:
            self._numbering_change(ppr, para, author)

        start = self._bookmark(p, para) if bookmark else None
        move_range = None
        if para.move is not None and para.change in (MOVED_FROM, MOVED_TO):
            kind = "moveFrom" if para.change == MOVED_FROM else "moveTo"
            move_range = (kind, self.marks.new(f"w:{kind}RangeStart", author, name=f"move{para.move + 1}"))
            p._p.append(move_range[1])

        self.segments(p, head + (para.segments if segments is None else segments), para.change, author)

        if move_range is not None:
            end = OxmlElement(f"w:{move_range[0]}RangeEnd")
            end.set(qn("w:id"), move_range[1].get(qn("w:id")))
            p._p.append(end)
        if start is not None and close:
            self.close_bookmark(p._p, start)
        return start

    def segments(self, p, segments, change: str, author: str | None) -> None:
        """The runs of ``segments`` into ``p`` (a python-docx Paragraph), each inside
        the w:ins / w:del / w:move… its change calls for."""
        for segment in segments:
            tag = _wrapper_tag(change, segment.change)
            parent = self._wrapper(p, tag, author) if tag else None
            if segment.note is not None:
                self.footnotes.add(p, segment.note, parent=parent)
                continue
            run = _run(segment.text, segment.italic, deleted=tag == "w:del")
            (p._p if parent is None else parent).append(run)
            if parent is None and segment.italic != segment.was_italic:
                self._italic_change(run, segment.was_italic, author)

    def _place(self, element) -> None:
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)

    def _bookmark(self, p, para: MarkedParagraph):
        name, key = bookmark_name(para.id, moved_from=para.change == MOVED_FROM)
        if key:
            self.variables[key] = para.id
        start = self.marks.new("w:bookmarkStart", name=name)
        p._p.append(start)
        return start

    @staticmethod
    def close_bookmark(p_element, start) -> None:
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        p_element.append(end)

    # -- annexes and tables

    def annex(self, para: MarkedParagraph) -> None:
        """"Annex II" over the annex's title: two paragraphs, one bookmark spanning both."""
        word = self.mark(para)
        has_title = any(s.text or s.note for s in para.segments)
        start = self.paragraph(para, _style_id(self.document, docx_blocks.ANNEX_MARK), segments=word,
                               close=not has_title)
        if has_title:
            self.paragraph(para, _style_id(self.document, docx_blocks.ANNEX_TITLE), bookmark=False)
            last = self.end.getprevious() if self.end is not None else self.body[-1]
            self.close_bookmark(last, start)

    def table(self, para: MarkedParagraph) -> None:
        """The title (if any) as a bold line, then the table. Inserted or deleted whole:
        every row tracked; kept: each cell's words compared with the old cell's."""
        block = self.sides.block(para)
        old = self.sides.old.get(para.id) if para.change not in (INSERTED, DELETED, MOVED_FROM, MOVED_TO) else None
        titled = bool(block.text or (old is not None and old.text))
        if titled:
            self.paragraph(para, _style_id(self.document, docx_blocks.TABLE_TITLE))
        rows = docx_blocks.aligned_rows(block, old)
        page = self.document.sections[0]
        width = (page.page_width - page.left_margin - page.right_margin - 2 * self.inset) / 12700
        texts = [[docx_blocks.cell_text(cells, j) for j in range(max(len(cells), 1))] for _, cells in rows]
        header_rows = min(block.header_rows, len(rows))
        tbl, trs, cell_ps = docx_blocks.table(
            texts, inset=self.inset / 12700, width=width,
            header_rows=header_rows, right_to_left=self.right_to_left,
            style_id=_style_id(self.document, docx_blocks.TABLE_TEXT),
            flush_right=docx_blocks.figure_cells(texts, header_rows))
        self._place(tbl)
        author = self.author(para.id) if self.tracking else None
        # A table without a title carries its id in its first cell.
        start = self._bookmark(Paragraph(cell_ps[0][0], self.document._body), para) \
            if cell_ps and not titled else None
        whole = {INSERTED: INSERTED, MOVED_TO: INSERTED, DELETED: DELETED, MOVED_FROM: DELETED}.get(para.change)
        for (row_change, cells), tr, ps in zip(rows, trs, cell_ps):
            change = whole or row_change
            if change != EQUAL:
                docx_blocks.track_row(tr, self.marks.new(_MARK_TAGS[change], author))
            for j, p_element in enumerate(ps):
                p = Paragraph(p_element, self.document._body)
                self.segments(p, docx_blocks.cell_segments(cells, j, change), change, author)
        if start is not None:
            self.close_bookmark(cell_ps[0][0], start)
        # Two tables in a row would be one table to Word: a short empty line parts them.
        self._place(docx_blocks.spacer(_style_id(self.document, docx_blocks.TABLE_TEXT)))

    def _wrapper(self, p, tag: str, author: str):
        """The w:ins / w:del / w:move… the next segment goes in: the last one if it is
        of the same kind, so that a run of segments is one revision."""
        last = p._p[-1] if len(p._p) else None
        if last is not None and last.tag == qn(tag):
            return last
        wrapper = self.marks.new(tag, author)
        p._p.append(wrapper)
        return wrapper

    def _numbering(self, ppr, depth: int, numbered: bool) -> None:
        if numbered:
            ppr.append(number_properties(depth, self.num_id))
        else:
            # Unnumbered (preambular, lone operative): the first line one tab step in.
            ppr.append(_first_line_indent())

    def _numbering_change(self, ppr, para: MarkedParagraph, author: str | None) -> None:
        """A paragraph numbered on one side only: the old numbering as a w:pPrChange."""
        old = OxmlElement("w:pPr")
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            old.append(copy.deepcopy(style))
        old.append(number_properties(para.depth, self.num_id) if para.was_numbered else _first_line_indent())
        change = self.marks.new("w:pPrChange", author)
        change.append(old)
        ppr.append(change)

    def _italic_change(self, run, was_italic: bool, author: str | None) -> None:
        """Italics that differ from the old text's: the old run properties as w:rPrChange."""
        rpr = run.get_or_add_rPr()
        old = OxmlElement("w:rPr")
        if was_italic:
            old.append(OxmlElement("w:i"))
        change = self.marks.new("w:rPrChange", author)
        change.append(old)
        rpr.append(change)


def _style_id(document, name: str) -> str:
    return document.styles[name].style_id


def _indent(left, first_line):
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(round(left / 635)))  # EMU → twips
    ind.set(qn("w:firstLine"), str(round(first_line / 635)))
    return ind


def _first_line_indent():
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLine"), str(round(TAB_STEP / 635)))  # EMU → twips
    return ind


def _run(text: str, italic: bool, *, deleted: bool = False):
    """A w:r of ``text`` (tabs and line breaks as w:tab, w:br), built directly: python-
    docx's run text setter walks the text a character at a time."""
    run = OxmlElement("w:r")
    if italic:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:i"))
        run.append(rpr)
    tag = "w:delText" if deleted else "w:t"
    for piece in _BREAKS.split(text):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece:
            el = OxmlElement(tag)
            el.text = piece
            el.set(qn("xml:space"), "preserve")
            run.append(el)
    return run


_BREAKS = re.compile(r"(\t|\n)")


def _as_deleted(run) -> None:
    """Deleted text is w:delText, not w:t (ECMA-376 §17.13.5.14)."""
    for text in run.iter(qn("w:t")):
        text.tag = qn("w:delText")
