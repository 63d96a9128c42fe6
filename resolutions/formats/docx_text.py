"""The text of a resolution in Word: one SingleTxt paragraph per paragraph, numbered by
Word's own numbering (docx_numbering.py), its opening in italics, its footnotes as real
Word footnotes, and a hidden bookmark carrying its paragraph id (docx_bookmarks.py).
The page around it (masthead, styles, running heads) is docx_writer.py's.

With ``against``, every difference from that text is a Word tracked change, as
domain/redline.py marks it: words as w:ins / w:del, whole paragraphs with their
paragraph marks tracked, moved paragraphs as w:moveFrom / w:moveTo inside named move
ranges, footnotes added or removed with their reference runs inside w:ins / w:del, a
paragraph that gains or loses its number (a lone operative paragraph) as w:pPrChange
and an opening whose italics changed as w:rPrChange. "Accept all" in Word then gives
``doc`` and "Reject all" gives ``against`` (tests/formats/test_docx_tracked.py).
"""
from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field
from typing import Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from ..domain.document import Document
from ..domain.redline import (DELETED, EQUAL, INSERTED, MOVED_FROM, MOVED_TO, MarkedParagraph,
                              compare_text, redline, unmarked)
from . import ooxml
from .docx_bookmarks import bookmark_name, write_variables
from .docx_numbering import add_numbering, number_properties

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
    writer = _Writer(document, inset, tracking)
    for para in marked:
        writer.paragraph(para)
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
    def __init__(self, document, inset, tracking: Tracking | None):
        self.document = document
        self.tracking = tracking
        self.footnotes = ooxml.Footnotes(document)
        self.num_id = add_numbering(document, inset, TAB_STEP)
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

    def paragraph(self, para: MarkedParagraph) -> None:
        element = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), self.style_id)
        ppr.append(style)
        element.append(ppr)
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        p = Paragraph(element, self.document._body)
        self._numbering(ppr, para.depth, para.numbered)
        author = self.author(para.id) if self.tracking else None
        if para.change in _MARK_TAGS:
            mark = OxmlElement("w:rPr")
            mark.append(self.marks.new(_MARK_TAGS[para.change], author))
            ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
        if para.numbered != para.was_numbered:
            self._numbering_change(ppr, para, author)

        name, key = bookmark_name(para.id, moved_from=para.change == MOVED_FROM)
        if key:
            self.variables[key] = para.id
        bookmark = self.marks.new("w:bookmarkStart", name=name)
        p._p.append(bookmark)
        move_range = None
        if para.move is not None and para.change in (MOVED_FROM, MOVED_TO):
            kind = "moveFrom" if para.change == MOVED_FROM else "moveTo"
            move_range = (kind, self.marks.new(f"w:{kind}RangeStart", author, name=f"move{para.move + 1}"))
            p._p.append(move_range[1])

        for segment in para.segments:
            tag = _wrapper_tag(para.change, segment.change)
            parent = self._wrapper(p, tag, author) if tag else None
            if segment.note is not None:
                self.footnotes.add(p, segment.note, parent=parent)
                continue
            run = _run(segment.text, segment.italic, deleted=tag == "w:del")
            (p._p if parent is None else parent).append(run)
            if parent is None and segment.italic != segment.was_italic:
                self._italic_change(run, segment.was_italic, author)

        if move_range is not None:
            end = OxmlElement(f"w:{move_range[0]}RangeEnd")
            end.set(qn("w:id"), move_range[1].get(qn("w:id")))
            p._p.append(end)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), bookmark.get(qn("w:id")))
        p._p.append(end)

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
