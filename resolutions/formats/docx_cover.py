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

from ..domain import dates, wording
from ..domain.bodies import Body, PageSetup
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.languages import ENGLISH_NAMES
from ..domain.sponsors import DRAFT_RESOLUTION, REVISED_DRAFT_RESOLUTION, alphabetical
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
    line or adoption line), down to where the title starts, in the words of the
    document's language (domain/wording.py: the Arabic, Chinese and Russian mastheads
    keep the English distribution lines, as the UN prints them)."""
    language = doc.language
    words = wording.words(language)
    day = cover.date or dates.today()
    _top_line(document, left_to_right(cover.symbol, language), page, words["united_nations"])
    lines = [words["distr_general" if cover.kind == RESOLUTION else "distr_limited"],
             wording.masthead_date(day, language)]
    if cover.kind != RESOLUTION:
        lines.append(words["original"].format(language=_language_name(cover.original_language, language)))
    lines = [left_to_right(line, language) for line in lines]
    # Without the "Original" line the rule keeps its place (A/RES/78/131).
    organ = words["general_assembly"] if body.code == "GA" else body.organ
    _organ_block(document, organ, lines, page, drop=RULE_DROP + (24 if cover.kind == RESOLUTION else 0))
    _agenda_block(document, body, doc, page)
    revised = cover.draft_words == REVISED_DRAFT_RESOLUTION
    if cover.kind == RESOLUTION:
        _adoption(document, cover, body, day, language)
    elif cover.kind == ISSUED and cover.sponsors:
        _issued_sponsor_line(document, cover.sponsors, revised, language)
    else:
        names, what = wording.sponsor_parts(cover.sponsors, language, revised)
        if cover.submitted_by and not cover.sponsors:
            document.add_paragraph(f"{what} submitted by {cover.submitted_by}", style=SPONSORS)
        else:
            line = keep_phrase(wording.sponsor_line(cover.sponsors, language, revised), what)
            document.add_paragraph(line, style=SPONSORS)


def left_to_right(text: str, language: str) -> str:
    """``text`` as one left-to-right run in an Arabic document: the masthead's English
    lines and the symbol, between left-to-right marks (U+200E), which keep "5 December
    2023" from printing as "December 2023 5" in a right-to-left paragraph."""
    return f"\u200e{text}\u200e" if language == "ar" and text else text


def _language_name(original: str, language: str) -> str:
    """"Original: English" / "Original : français": the text's own language by the name
    its masthead gives it (wording's "language_name"); any other name as given."""
    if original == ENGLISH_NAMES.get(language):
        return wording.words(language)["language_name"]
    return original


def write_addendum(document, cover: Cover) -> None:
    """After the title: "Addendum" and the sponsors who joined, in the UN's words."""
    heading = document.add_paragraph(style=SPONSORS)
    heading.add_run("Addendum")
    names = ", ".join(alphabetical(cover.additional_sponsors))
    line = document.add_paragraph(style="SingleTxt")
    line.add_run(bind(f"\tAdd the following to the list of sponsors of draft resolution "
                      f"{cover.adds_to}: {names}."))


def _issued_sponsor_line(document, sponsors, revised: bool, language: str) -> None:
    """"Italy and Turkmenistan:* draft resolution" ("revised draft resolution" on a
    Rev.), the asterisk a footnote with the Secretariat's note on later changes to the list."""
    names, words = wording.sponsor_parts(sponsors, language, revised)
    line = document.add_paragraph(style=SPONSORS)
    line.add_run(names)
    Footnotes(document).add(line, SPONSOR_NOTE, mark="*")
    space = "" if names.endswith("：") else " "  # Chinese sets no space after its colon
    line.add_run(space + keep_phrase(words, words))


def _top_line(document, symbol: str, page: PageSetup, united_nations: str) -> None:
    """"United Nations" at the text column, the symbol flush right (its first letter
    large, as on every UN masthead), a thin rule under them."""
    top = _plain(document, line=None)
    top.paragraph_format.left_indent = Pt(page.text_left)
    top.paragraph_format.tab_stops.add_tab_stop(Pt(page.frame), WD_TAB_ALIGNMENT.RIGHT)
    top.add_run(f"{united_nations}\t").font.size = Pt(14)
    if symbol:
        lead = len(symbol) - len(symbol.lstrip("\u200e"))  # a left-to-right mark stays before the letter
        top.add_run(symbol[:lead + 1]).font.size = Pt(20)
        top.add_run(symbol[lead + 1:])
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
    lines.append(wording.session_line(doc.language, doc.session))
    if doc.agenda_item:
        lines.append(bind(wording.agenda_line(doc.language, doc.agenda_item, body.code)))
    for k, text in enumerate(lines):
        _plain(document, text, before=2 if k == 0 else 0, bold=k == 0)
    if doc.agenda_title:
        title = _plain(document, bind(doc.agenda_title), bold=True)
        # Measured: agenda titles wrap short of 280 pt from the margin (A/RES/78/1, 78/170).
        title.paragraph_format.right_indent = Pt(page.frame - AGENDA_TITLE_WIDTH)


def _adoption(document, cover: Cover, body: Body, day: datetime.date, language: str) -> None:
    """"Resolution adopted by the General Assembly" / "on 10 December 2025" (14 pt
    bold, broken before "on" as printed: before the word that leads to the date in
    any language that has one), then the committee line."""
    adopted = cover.adopted_on or day
    line = wording.adopted_line(language, body, adopted, cover.symbol)
    date = wording.un_date(adopted, language)
    at = line.rfind(date)
    cut = line.rstrip().rfind(" ", 0, at - 1) if at > 0 else -1
    heading = document.add_paragraph(style=HEADING)
    heading.add_run(line[:cut] if cut > 0 else line)
    if cut > 0:
        heading.runs[0].add_break(WD_BREAK.LINE)
        heading.add_run(line[cut + 1:])
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
