"""The first page of a Word export, one layout per stage of a draft's life.

``Cover`` says which page to print and what it needs; ``write_cover`` prints it into a
document whose page and styles docx_writer.start_document has set. The kinds, measured
on the UN's PDFs (../shared/corpus/pdf):

- "manuscript": what the penholder submits. No symbol yet, "Distr.: Limited", the plain
  sponsor line ("A and B: draft resolution").
- "issued": the L document or its Rev.: symbol, "Distr.: Limited", date, "Original: …",
  the sponsor line in bold ending ":* draft resolution", whose asterisk is a footnote
  "* Any changes to the list of sponsors will be reflected in the official record of
  the meeting." (A/80/L.1–L.15). Under a …/Rev.n symbol the line ends ":* revised draft
  resolution", as the Secretariat issues revisions.
- "addendum": …/Add.1, listing the sponsors who joined after issuance. There is no
  Add. PDF in the corpus: the wording follows the Secretariat's addenda as published
  ("Addendum", "Add the following to the list of sponsors of draft resolution …").
- "resolution": the adopted text: "Distr.: General", "Resolution adopted by the General
  Assembly on 10 December 2025", the committee line, "80/174." before the title, no
  sponsor line (A/RES/78/*).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Pt

from ..domain.bodies import Body, PageSetup
from ..domain.committees import adopted_by
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.sessions import session_heading
from ..domain.dates import un_date
from ..domain.sponsors import (DRAFT_RESOLUTION, REVISED_DRAFT_RESOLUTION, alphabetical, sponsor_line,
                               sponsor_parts)
from ..domain.symbols import is_adopted, resolution_number, revision_of
from ..domain.typography import bind, keep_phrase
from .ooxml import Footnotes, paragraph_border

MANUSCRIPT, ISSUED, ADDENDUM, RESOLUTION = "manuscript", "issued", "addendum", "resolution"
KINDS = (MANUSCRIPT, ISSUED, ADDENDUM, RESOLUTION)
SPONSORS = "Sponsor Line"   # paragraph styles, defined by docx_writer
TITLE = "Resolution Title"
HEADING = "Adoption Heading"
SPONSOR_NOTE = "Any changes to the list of sponsors will be reflected in the official record of the meeting."


@dataclass(frozen=True)
class Cover:
    """What the first page prints. ``sponsors`` are the sponsors at issuance (any
    order: they are printed alphabetically); ``author`` is the delegation named in
    the file's properties. An addendum lists ``additional_sponsors`` and names the
    L it ``adds_to``; a resolution prints ``adopted_on``, the ``committee_line`` and
    its ``number`` ("80/174."). A draft nobody sponsors may name who ``submitted_by``
    ("Draft resolution submitted by the President of the General Assembly", A/80/L.15)."""

    kind: str = MANUSCRIPT
    symbol: str = ""
    date: datetime.date | None = None
    sponsors: tuple[str, ...] = ()
    original_language: str = "English"
    author: str = ""
    additional_sponsors: tuple[str, ...] = ()
    adds_to: str = ""
    adopted_on: datetime.date | None = None
    committee_line: str = ""
    number: str = ""
    submitted_by: str = ""  # a draft with no sponsors: "the President of the General Assembly"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise InvalidDocument(f"unknown cover kind {self.kind!r} (one of {', '.join(KINDS)})", "kind")
        if self.kind == ADDENDUM and not self.additional_sponsors:
            raise InvalidDocument("an addendum lists the additional sponsors; there are none", "sponsors")
        if self.kind != RESOLUTION and is_adopted(self.symbol):
            # An A/RES symbol on a draft page would print "Distr.: Limited" and
            # ": draft resolution" under a resolution's symbol.
            raise InvalidDocument(f"{self.symbol} is an adopted resolution: print it as kind "
                                  f"'resolution', not {self.kind!r}", "kind")


    @property
    def draft_words(self) -> str:
        """"draft resolution", or "revised draft resolution" under a …/Rev.n symbol (the
        title block of an issued L/Rev.: "<sponsors>:* revised draft resolution")."""
        return REVISED_DRAFT_RESOLUTION if revision_of(self.symbol) else DRAFT_RESOLUTION


def printed_number(symbol: str) -> str:
    """The number an adopted text prints before its title: "80/174."; "" when it has none."""
    number = resolution_number(symbol)
    return f"{number}." if number else ""


def default_cover(symbol: str | None, sponsors, day: datetime.date,
                  original_language: str) -> Cover:
    """The cover write_docx(doc, sponsor names) prints: a resolution's page for an
    adopted symbol, an issued L for a draft symbol, the manuscript without one."""
    symbol = symbol or ""
    if is_adopted(symbol):
        return Cover(RESOLUTION, symbol, day, tuple(sponsors), original_language,
                     adopted_on=day, number=printed_number(symbol))
    kind = ISSUED if symbol else MANUSCRIPT
    return Cover(kind, symbol, day, tuple(sponsors), original_language)




# --- printing -------------------------------------------------------------------------
# Positions measured on A/80/L.10 and A/RES/78/131 (points; Letter, 60 pt margins):
# "United Nations" (14 pt) and the organ (20 pt bold) start at the text column, the
# distribution block 337 pt into the frame, the session block at the margin.
DISTRIBUTION_AT = 337.0
AGENDA_TITLE_WIDTH = 280.0
RULE_DROP = 82.0  # the thick rule: 86 pt under "Original: …", just over the session


def write_cover(document, cover: Cover, body: Body, doc: Document, page: PageSetup) -> None:
    """The masthead, the agenda block and the kind's heading (sponsor line, addendum's
    line or adoption line), down to where the title starts."""
    day = cover.date or datetime.date.today()
    _top_line(document, cover.symbol, page)
    lines = ["Distr.: General" if cover.kind == RESOLUTION else "Distr.: Limited", un_date(day)]
    if cover.kind != RESOLUTION:
        lines.append(f"Original: {cover.original_language}")
    # Without the "Original" line the rule keeps its place (A/RES/78/131).
    _organ_block(document, body.organ, lines, page, drop=RULE_DROP + (24 if cover.kind == RESOLUTION else 0))
    _agenda_block(document, body, doc, page)
    if cover.kind == RESOLUTION:
        _adoption(document, cover, body, day)
    elif cover.kind == ISSUED and cover.sponsors:
        _issued_sponsor_line(document, cover.sponsors, cover.draft_words)
    else:
        names, words = sponsor_parts(cover.sponsors, cover.draft_words)
        if cover.submitted_by and not cover.sponsors:
            document.add_paragraph(f"{words} submitted by {cover.submitted_by}", style=SPONSORS)
        else:
            line = keep_phrase(sponsor_line(cover.sponsors, cover.draft_words), words)
            document.add_paragraph(line, style=SPONSORS)


def write_addendum(document, cover: Cover) -> None:
    """After the title: "Addendum" and the sponsors who joined, in the UN's words."""
    heading = document.add_paragraph(style=SPONSORS)
    heading.add_run("Addendum")
    names = ", ".join(alphabetical(cover.additional_sponsors))
    line = document.add_paragraph(style="SingleTxt")
    line.add_run(bind(f"\tAdd the following to the list of sponsors of draft resolution "
                      f"{cover.adds_to}: {names}."))


def _issued_sponsor_line(document, sponsors, words: str) -> None:
    """"Italy and Turkmenistan:* draft resolution" (``words``: "revised draft resolution"
    on a Rev.), the asterisk a footnote with the Secretariat's note on later changes to the list."""
    names, words = sponsor_parts(sponsors, words)
    line = document.add_paragraph(style=SPONSORS)
    line.add_run(names)
    Footnotes(document).add(line, SPONSOR_NOTE, mark="*")
    line.add_run(" " + keep_phrase(words, words))


def _top_line(document, symbol: str, page: PageSetup) -> None:
    """"United Nations" at the text column, the symbol flush right (its first letter
    large, as on every UN masthead), a thin rule under them."""
    top = _plain(document, line=None)
    top.paragraph_format.left_indent = Pt(page.text_left)
    top.paragraph_format.tab_stops.add_tab_stop(Pt(page.frame), WD_TAB_ALIGNMENT.RIGHT)
    top.add_run("United Nations\t").font.size = Pt(14)
    if symbol:
        top.add_run(symbol[:1]).font.size = Pt(20)
        top.add_run(symbol[1:])
    # The rule spans the whole frame, so it is a line of its own at the margin.
    rule = _plain(document, line=1)
    paragraph_border(rule, "bottom", 0.75, space_pt=0)


def _organ_block(document, organ: str, lines: list[str], page: PageSetup, drop: float) -> None:
    """The organ in 20 pt bold, the distribution lines on its baseline at a tab stop
    (plain to edit, no table); "Original: …" a line further down."""
    for k, text in enumerate(lines):
        p = _plain(document, before=12.6 if k == 0 else (12 if k == 2 else 0), line=12)
        p.paragraph_format.left_indent = Pt(page.text_left)
        p.paragraph_format.tab_stops.add_tab_stop(Pt(DISTRIBUTION_AT))
        if k == 0:
            name = p.add_run(organ)
            name.bold, name.font.size = True, Pt(20)
        p.add_run(f"\t{text}")
    # The thick rule that closes the masthead.
    rule = _plain(document, before=drop, line=2)
    paragraph_border(rule, "bottom", 1.5)


def _agenda_block(document, body: Body, doc: Document, page: PageSetup) -> None:
    """Subsidiary organ (if any), session, agenda item and its title at the margin;
    the first line and the agenda title in bold."""
    lines = [body.subsidiary_of] if body.subsidiary_of else []
    lines.append(session_heading(doc.session))
    if doc.agenda_item:
        lines.append(bind(f"Agenda item {doc.agenda_item}"))
    for k, text in enumerate(lines):
        _plain(document, text, before=2 if k == 0 else 0, bold=k == 0)
    if doc.agenda_title:
        title = _plain(document, bind(doc.agenda_title), bold=True)
        # Measured: agenda titles wrap short of 280 pt from the margin (A/RES/78/1, 78/170).
        title.paragraph_format.right_indent = Pt(page.frame - AGENDA_TITLE_WIDTH)


def _adoption(document, cover: Cover, body: Body, day: datetime.date) -> None:
    """"Resolution adopted by the General Assembly" / "on 10 December 2025" (14 pt
    bold, broken before "on" as printed), then the committee line."""
    adopted = cover.adopted_on or day
    heading = document.add_paragraph(style=HEADING)
    heading.add_run(adopted_by(body, cover.symbol))
    heading.runs[0].add_break(WD_BREAK.LINE)
    heading.add_run(f"on {un_date(adopted)}")
    if cover.committee_line:
        # "[*without reference to a Main Committee (A/78/L.24)*]": italic inside the brackets.
        line = document.add_paragraph(style="SingleTxt")
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT  # one short line: justified, its words would spread
        text = bind(cover.committee_line)
        inner = text[1:-1] if text.startswith("[") and text.endswith("]") else None
        if inner is None:
            line.add_run(text)
        else:
            line.add_run("[")
            line.add_run(inner).italic = True
            line.add_run("]")


def _plain(document, text: str = "", *, before: float = 0, bold: bool = False,
           line: float | None = 12):
    """A Normal paragraph, for the first page's blocks outside the text column."""
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(0)
    if line is not None:
        fmt.line_spacing = Pt(line)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
    return p
