"""A draft as a Word manuscript in the UN layout (UN-FORMAT.md §5).

First page: masthead ("United Nations", symbol, organ, distribution block), the
session and agenda item, the sponsor line, the title; then the enacting formula and
the paragraphs, with their opening phrases in italics and real Word footnotes. Later
pages carry the symbol in the header and "2/5" in the footer, on the outer side as
the Secretariat prints them. Everything the text says comes from the document and
the body's data; only the layout lives here.
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from ..domain.bodies import Body, get_body
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.sessions import session_heading
from ..domain.sponsors import sponsor_line
from . import ooxml
from .docx_text import TAB_STEP, TEXT, write_text

FONT = "Times New Roman"
SPONSORS = "Sponsor Line"
TITLE = "Resolution Title"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class PageLayout:
    """Page size and margins in centimetres. UN-FORMAT.md §5 leaves them unconfirmed,
    so they are a setting; ``text_inset`` narrows the body text inside the margins
    on both sides, as in the issued documents."""

    width: float = 21.0
    height: float = 29.7
    top: float = 2.0
    bottom: float = 2.5
    left: float = 2.1
    right: float = 2.1
    header: float = 1.2  # from the page's top edge to the header
    footer: float = 1.2  # from the page's bottom edge to the footer
    text_inset: float = 2.235

    @property
    def frame(self) -> float:
        """Width between the margins, which the masthead spans."""
        return self.width - self.left - self.right


A4 = PageLayout()
# New York documents are printed on US Letter.
LETTER = PageLayout(width=21.59, height=27.94, left=2.12, right=2.12)


def write_docx(doc: Document, sponsors: list[str], *, symbol: str | None = None,
               date: datetime.date | None = None, layout: PageLayout | None = None,
               original_language: str = "English") -> bytes:
    """The .docx bytes of ``doc``. ``symbol`` defaults to the document's own (blank
    if it has none yet: the Secretariat assigns it); ``date`` defaults to today."""
    body = get_body(doc.body)
    if body is None:
        raise InvalidDocument(f"unknown body {doc.body!r}", "body")
    symbol = symbol if symbol is not None else doc.symbol or ""
    layout = layout or A4

    document = docx.Document()
    _page_setup(document.sections[0], layout)
    _define_styles(document, layout)
    _masthead(document, body, symbol, date or datetime.date.today(), original_language, layout)
    _agenda_block(document, body, doc, layout)
    document.add_paragraph(sponsor_line(sponsors), style=SPONSORS)
    document.add_paragraph(doc.title, style=TITLE)
    _enacting_formula(document, body.enacting_formula)
    write_text(document, doc, Cm(layout.text_inset))
    _running_heads(document, symbol)
    _properties(document, doc)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _format_date(day: datetime.date) -> str:
    """The date as the UN prints it, "5 November 2025", whatever the process locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- page and styles --------------------------------------------------------------

def _page_setup(section, layout: PageLayout) -> None:
    section.page_width, section.page_height = Cm(layout.width), Cm(layout.height)
    section.top_margin, section.bottom_margin = Cm(layout.top), Cm(layout.bottom)
    section.left_margin, section.right_margin = Cm(layout.left), Cm(layout.right)
    section.header_distance, section.footer_distance = Cm(layout.header), Cm(layout.footer)


def _define_styles(document, layout: PageLayout) -> None:
    styles = document.styles
    # The template's defaults name theme fonts (Calibri): replace them at the root.
    ooxml.set_font(ooxml.default_run_properties(styles), FONT)
    _font(styles["Normal"], 10)
    _spacing(styles["Normal"], after=0, line=None)

    inset = Cm(layout.text_inset)
    text = _add_style(styles, TEXT, 10)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    text.paragraph_format.left_indent = text.paragraph_format.right_indent = inset
    _spacing(text, after=6, line=12)
    # Word measures tab stops from the margin, not from the indent.
    for k in range(1, 7):
        text.paragraph_format.tab_stops.add_tab_stop(inset + TAB_STEP * k)

    sponsors = _add_style(styles, SPONSORS, 10, base=text, bold=True)
    sponsors.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    sponsors.paragraph_format.keep_with_next = True
    _spacing(sponsors, before=12, after=12, line=12)

    title = _add_style(styles, TITLE, 12, base=text, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.right_indent = inset + Cm(1.27)  # titles wrap short of the text
    title.paragraph_format.keep_with_next = True
    _spacing(title, after=12, line=14)

    for name in ("Header", "Footer"):
        _font(styles[name], 9, bold=True)

    # Word's own footnote styles (builtin), so that notes added in Word match ours.
    note = _add_style(styles, "footnote text", 9, builtin=True)
    note.style_id = ooxml.FOOTNOTE_TEXT
    note.paragraph_format.left_indent = inset
    note.paragraph_format.right_indent = inset
    note.paragraph_format.first_line_indent = -Cm(0.3)
    note.paragraph_format.tab_stops.add_tab_stop(inset)
    _spacing(note, after=0, line=None)

    reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
    reference.style_id = ooxml.FOOTNOTE_REFERENCE
    reference.font.superscript = True


def _add_style(styles, name: str, size: float, base=None, bold: bool = False,
               builtin: bool = False):
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
    style.base_style = base or styles["Normal"]
    _font(style, size, bold)
    return style


def _font(style, size: float, bold: bool = False) -> None:
    ooxml.set_font(style.element.get_or_add_rPr(), FONT)
    style.font.size = Pt(size)
    if bold:
        style.font.bold = True


def _spacing(style, *, before: float = 0, after: float, line: float | None) -> None:
    """Space around in points; ``line`` exact in points, or None for single."""
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing, fmt.line_spacing_rule = Pt(line), WD_LINE_SPACING.EXACTLY


# --- first page ---------------------------------------------------------------------

def _masthead(document, body: Body, symbol: str, day: datetime.date,
              original_language: str, layout: PageLayout) -> None:
    _top_line(document, symbol, layout)
    _organ_and_distribution(document, body.organ, day, original_language, layout)
    # The thick rule that closes the masthead; the text begins under it.
    rule = _plain(document, before=36)
    rule.paragraph_format.line_spacing = Pt(2)
    ooxml.paragraph_border(rule, "bottom", 1.5)


def _top_line(document, symbol: str, layout: PageLayout) -> None:
    """The top line: "United Nations" left, the symbol flush right, a thin rule under."""
    top = _plain(document)
    top.paragraph_format.tab_stops.add_tab_stop(Cm(layout.frame), WD_TAB_ALIGNMENT.RIGHT)
    ooxml.paragraph_border(top, "bottom", 0.75)
    top.add_run("United Nations\t").font.size = Pt(12)
    if symbol:
        # The symbol's first letter is set large, as on every UN masthead.
        top.add_run(symbol[:1]).font.size = Pt(20)
        top.add_run(symbol[1:])


def _organ_and_distribution(document, organ: str, day: datetime.date,
                            original_language: str, layout: PageLayout) -> None:
    """The organ large and bold; the distribution block on its baseline, at ~2/3 of
    the frame, as a tab stop rather than a table so the text stays plain to edit."""
    block = Cm(layout.frame * 0.68)
    lines = [("Distr.: Limited", 0), (_format_date(day), 0), (f"Original: {original_language}", 10)]
    for k, (line, before) in enumerate(lines):
        p = _plain(document, before=before)
        p.paragraph_format.tab_stops.add_tab_stop(block)
        if k == 0:
            name = p.add_run(organ)
            name.bold, name.font.size = True, Pt(20)
        p.add_run(f"\t{line}")


def _agenda_block(document, body: Body, doc: Document, layout: PageLayout) -> None:
    """Subsidiary organ (if any), session, agenda item and title, at the left margin;
    the first line and the agenda title in bold."""
    lines = [body.subsidiary_of] if body.subsidiary_of else []
    lines.append(session_heading(doc.session))
    if doc.agenda_item:
        lines.append(f"Agenda item {doc.agenda_item}")
    for k, line in enumerate(lines):
        _plain(document, line, before=4 if k == 0 else 0, bold=k == 0)
    if doc.agenda_title:
        title = _plain(document, doc.agenda_title, bold=True)
        title.paragraph_format.right_indent = Cm(layout.frame / 2)


def _plain(document, text: str = "", *, before: float = 0, bold: bool = False):
    """A Normal paragraph, for the first-page blocks that sit outside the text inset."""
    p = document.add_paragraph()
    if before:
        p.paragraph_format.space_before = Pt(before)
    if text:
        run = p.add_run(text)
        if bold:
            run.bold = True
    return p


def _enacting_formula(document, formula: str) -> None:
    """The body's name in italics, its comma roman: "*The General Assembly*,"."""
    name = formula.rstrip(",:; ")
    p = document.add_paragraph("\t", style=TEXT)
    p.paragraph_format.keep_with_next = True
    p.add_run(name).italic = True
    p.add_run(formula[len(name):])


# --- later pages and metadata -------------------------------------------------------

def _running_heads(document, symbol: str) -> None:
    """Symbol in the header, "2/5" in the footer, on the outer side of each page; the
    first page has the masthead instead."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    # Defined (and empty) rather than left to each reader's notion of a missing one.
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    document.settings.odd_and_even_pages_header_footer = True
    for header, footer, side in ((section.header, section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                 (section.even_page_header, section.even_page_footer,
                                  WD_ALIGN_PARAGRAPH.LEFT)):
        head = header.paragraphs[0]
        head.text, head.alignment = symbol, side
        ooxml.paragraph_border(head, "bottom", 0.5, space_pt=2)
        page = footer.paragraphs[0]
        page.alignment = side
        ooxml.add_field(page, "PAGE")
        page.add_run("/")
        ooxml.add_field(page, "NUMPAGES")


def _properties(document, doc: Document) -> None:
    """Title only: the template's "python-docx" author and comment go, and no author
    is claimed for the delegation's text."""
    props = document.core_properties
    props.title = doc.title[:255]  # Word's core properties stop at 255 characters
    props.author = props.last_modified_by = props.comments = ""
    props.keywords = props.subject = ""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1
