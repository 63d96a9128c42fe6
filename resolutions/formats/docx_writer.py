"""A draft as a Word file in the UN layout (UN-FORMAT.md §5).

The page comes from the body's configuration (data/bodies.toml: US Letter for the GA,
A4 for the CND); the first page from a ``Cover`` (docx_cover.py: the manuscript, the
issued L or Rev., the addendum, the adopted resolution); the text from docx_text.py,
with tracked changes when a text to compare ``against`` is given. Later pages carry
the symbol in bold 8.5 pt over a rule and "2/5" in the footer, on the outer side as
the Secretariat prints them. ``start_document`` and ``finish`` are the same page and
properties for other Word exports (the compilation text).
"""
from __future__ import annotations

import datetime
import io
from dataclasses import replace
from typing import Sequence

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt

from ..domain import dates
from ..domain.bodies import Body, PageSetup, get_body
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.languages import ENGLISH_NAMES, is_language
from ..domain.typography import bind
from . import docx_blocks, docx_package, ooxml
from .docx_cover import (ADDENDUM, HEADING, RESOLUTION, SPONSORS, TITLE, Cover, default_cover,
                         left_to_right, write_addendum, write_cover)
from .docx_text import TAB_STEP, TEXT, Tracking, write_text, write_tracked

FONT = "Times New Roman"
# The fonts the UN sets each script in: Latin and Cyrillic in Times New Roman, Chinese
# in SimSun (w:eastAsia), Arabic in Simplified Arabic (w:cs, the complex-script font).
EAST_ASIAN_FONT = "SimSun"
ARABIC_FONT = "Simplified Arabic"
# The issued documents set their letters wider than the font's own advance (measured
# on A/80/L.10: 0.25 pt a letter fits their line breaks best), which decides where lines break.
LETTER_SPACING = 0.25
TITLE_LETTER_SPACING = 0.25  # the 12 pt titles, measured the same way
HEADER_DROP, HEADER_GAP = 21.0, 11.7
# The first page's foot is kept free where the Secretariat prints the job number and
# barcode (A/80/L.15: its text and notes end 70 pt above the page's edge).
FIRST_PAGE_FOOT = 36.0


def write_docx(doc: Document, cover: Cover | Sequence[str], *, against: Document | None = None,
               tracking: Tracking | None = None) -> bytes:
    """The .docx bytes of ``doc`` under ``cover`` (docx_cover.py: the page its kind
    prints). Given sponsor names instead of a Cover (the short form tests and benches
    use), the cover follows the document's own symbol (docx_cover.default_cover), dated
    today. With ``against``, every difference from it is a Word tracked change, by
    ``tracking``'s authors (default: the cover's author, now)."""
    body = _body(doc.body)
    if not isinstance(cover, Cover):
        cover = default_cover(doc.symbol, cover, dates.today(),
                              ENGLISH_NAMES.get(doc.language, "English"))
    page = body.page
    document = start_document(doc.body, doc.language)
    shown = typeset(doc)
    before = typeset(against) if against is not None else None
    if before is not None and tracking is None:
        tracking = Tracking.now(cover.author)
    write_cover(document, cover, body, shown, page)
    _title(document, shown.title, cover.number if cover.kind == RESOLUTION else "",
           before.title if before is not None else None, tracking)
    if cover.kind == ADDENDUM:
        write_addendum(document, cover)
    else:
        enacting_formula(document, body.formula(doc.language))
        write_text(document, shown, Pt(page.text_left), against=before, tracking=tracking)
    _running_heads(document, left_to_right(cover.symbol, doc.language),
                   doc.title if cover.kind == RESOLUTION else "")
    if doc.language == "ar":
        headers = [rel.target_part.element for rel in document.part.rels.values()
                   if rel.reltype in (RT.HEADER, RT.FOOTER, RT.FOOTNOTES)]
        for root in (document.element, document.styles.element, *headers):
            ooxml.complex_script_emphasis(root)
    return finish(document, title=doc.title, author=cover.author)


def start_document(body_code: str, language: str):
    """A python-docx Document on ``body_code``'s page (bodies.toml), with the UN's
    styles and ``language``'s tags, and nothing in it yet."""
    body = _body(body_code)
    if not is_language(language):
        raise InvalidDocument(f"unknown language {language!r}", "language")
    page = body.page
    document = docx.Document()
    docx_package.drop_template_leftovers(document)
    _page_setup(document.sections[0], page)
    if language == "ar":
        ooxml.right_to_left_section(document.sections[0]._sectPr)
    _define_styles(document, page, language)
    return document


def finish(document, *, title: str, author: str) -> bytes:
    """The saved bytes, with honest properties: this product as the application, the
    words counted, ``author`` (the delegation) and ``title``, no template leftovers."""
    props = document.core_properties
    props.title = title[:255]  # Word's core properties stop at 255 characters
    props.author = props.last_modified_by = author[:255]
    props.comments = props.keywords = props.subject = props.category = ""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1
    docx_package.write_app_properties(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def typeset(doc: Document) -> Document:
    """``doc`` as printed: non-breaking spaces where the UN keeps words together (in
    dates, before units, after "No."). One character for one, so offsets hold."""
    def para(p):
        return replace(p, text=bind(p.text), subparagraphs=tuple(para(s) for s in p.subparagraphs),
                       footnotes=tuple(replace(n, text=bind(n.text)) for n in p.footnotes),
                       rows=tuple(tuple(bind(cell) for cell in row) for row in p.rows))
    return doc.with_changes(title=bind(doc.title), preamble=tuple(para(p) for p in doc.preamble),
                            operative=tuple(para(p) for p in doc.operative))


def _body(code: str) -> Body:
    body = get_body(code)
    if body is None:
        raise InvalidDocument(f"unknown body {code!r}", "body")
    return body


# --- page and styles --------------------------------------------------------------

def _page_setup(section, page: PageSetup) -> None:
    section.page_width, section.page_height = Pt(page.width), Pt(page.height)
    section.top_margin, section.bottom_margin = Pt(page.top), Pt(page.bottom)
    section.left_margin, section.right_margin = Pt(page.left), Pt(page.right)
    section.header_distance, section.footer_distance = Pt(page.header), Pt(page.footer)


def _define_styles(document, page: PageSetup, language: str) -> None:
    styles = document.styles
    # The template's defaults name theme fonts (Calibri): replace them at the root.
    defaults = ooxml.default_run_properties(styles)
    ooxml.set_font(defaults, FONT, **_script_fonts(language))
    ooxml.set_language(defaults, language)
    _font(styles["Normal"], 10)
    ooxml.character_spacing(styles["Normal"].element.get_or_add_rPr(), LETTER_SPACING)
    _spacing(styles["Normal"], after=0, line=None)
    styles["Normal"].paragraph_format.widow_control = True  # no lone first or last line
    if language == "ar":
        ooxml.right_to_left(styles["Normal"].element.get_or_add_pPr())
        ooxml.right_to_left_runs(styles["Normal"].element.get_or_add_rPr())

    left, right = Pt(page.text_left), Pt(page.text_right)
    text = _add_style(styles, TEXT, 10)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    text.paragraph_format.left_indent, text.paragraph_format.right_indent = left, right
    _spacing(text, after=6, line=12)
    # Word measures tab stops from the margin, not from the indent.
    for k in range(1, 7):
        text.paragraph_format.tab_stops.add_tab_stop(left + TAB_STEP * k)

    sponsors = _add_style(styles, SPONSORS, 10, base=text, bold=True)
    sponsors.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    sponsors.paragraph_format.keep_with_next = True
    _spacing(sponsors, before=18, after=13, line=12)

    heading = _add_style(styles, HEADING, 14, base=sponsors, bold=True)
    _spacing(heading, before=18, after=12, line=15.2)

    title = _add_style(styles, TITLE, 12, base=text, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.keep_with_next = True
    _spacing(title, after=10.6, line=13.6)
    ooxml.character_spacing(title.element.get_or_add_rPr(), TITLE_LETTER_SPACING)

    for name in ("Header", "Footer"):
        _font(styles[name], 8.5, bold=True)
    _block_styles(styles, page, text)

    # Word's own footnote styles (builtin), so that notes added in Word match ours:
    # 8.5 pt on 10.5 pt lines, the number hanging before the text column.
    note = _add_style(styles, "footnote text", 8.5, builtin=True)
    note.style_id = ooxml.FOOTNOTE_TEXT
    note.paragraph_format.left_indent, note.paragraph_format.right_indent = left, right
    note.paragraph_format.first_line_indent = -Pt(6)
    note.paragraph_format.tab_stops.add_tab_stop(left)
    _spacing(note, after=0, line=10.5)

    reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
    reference.style_id = ooxml.FOOTNOTE_REFERENCE
    reference.font.superscript = True


def _block_styles(styles, page: PageSetup, text) -> None:
    """Headings, annex heads and tables (docx_blocks.py), measured on A/RES/78/1 and
    78/249: bold at the text column, the number hanging one tab step before the words."""
    left = Pt(page.text_left)
    for level, name in docx_blocks.HEADING_STYLES.items():
        heading = styles[name]  # Word's own, so that the navigation pane lists them
        heading.base_style = styles["Normal"]
        _font(heading, docx_blocks.HEADING_SIZES[level], bold=True)
        heading.font.color.rgb = None
        heading.font.italic = False
        fmt = heading.paragraph_format
        fmt.left_indent, fmt.first_line_indent = left + TAB_STEP, -TAB_STEP
        fmt.right_indent = Pt(page.text_right)  # no tab stop: the number's tab stops at the
        fmt.keep_with_next = True                # hanging indent, widened for wide numbers (docx_blocks)
        size = docx_blocks.HEADING_SIZES[level]
        _spacing(heading, before=12 if level == 1 else 6, after=12 if level == 1 else 6, line=size + 1.2)
    for name in (docx_blocks.ANNEX_MARK, docx_blocks.ANNEX_TITLE):
        annex = _add_style(styles, name, 14, bold=True)
        annex.paragraph_format.left_indent = left
        annex.paragraph_format.right_indent = Pt(page.text_right)
        annex.paragraph_format.keep_with_next = True
        _spacing(annex, before=24 if name == docx_blocks.ANNEX_MARK else 0, after=6, line=15.2)
    title = _add_style(styles, docx_blocks.TABLE_TITLE, 10, base=text, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.keep_with_next = True
    cell = _add_style(styles, docx_blocks.TABLE_TEXT, 9)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _spacing(cell, before=1, after=1, line=10.5)


def _script_fonts(language: str) -> dict[str, str]:
    return {"east_asia": EAST_ASIAN_FONT if language == "zh" else FONT,
            "complex_script": ARABIC_FONT if language == "ar" else FONT}


def _add_style(styles, name: str, size: float, base=None, bold: bool = False,
               builtin: bool = False):
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
    style.base_style = base or styles["Normal"]
    _font(style, size, bold)
    return style


def _font(style, size: float, bold: bool = False) -> None:
    """The style's size and weight for every script (w:sz and w:szCs: Arabic text takes
    the complex-script size), in the document's fonts (the defaults', w:docDefaults)."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:  # theme fonts (Word's heading styles) would win over the defaults
        fonts.getparent().remove(fonts)
    style.font.size = Pt(size)
    if bold:
        style.font.bold = True
    ooxml.complex_script_size(style.element.get_or_add_rPr(), size, bold)


def _spacing(style, *, before: float = 0, after: float, line: float | None) -> None:
    """Space around in points; ``line`` exact in points, or None for single."""
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing, fmt.line_spacing_rule = Pt(line), WD_LINE_SPACING.EXACTLY


# --- the text's head ------------------------------------------------------------------

def _title(document, title: str, number: str, old: str | None, tracking: Tracking | None) -> None:
    """The title in bold; an adopted resolution's number ("80/174.") hangs before it.
    A title changed since ``old`` shows its changes as tracked changes."""
    p = document.add_paragraph(style=TITLE)
    if number:
        # As on A/RES/78/*: the number 12.8 pt into the margin side, the title at the column.
        p.paragraph_format.first_line_indent = -Pt(50.7)
        p.add_run(f"{number}\t")
    if old is not None and old != title and tracking is not None:
        write_tracked(document, p, old, title, tracking)
    else:
        p.add_run(title)


def enacting_formula(document, formula: str, *, indent: bool = True):
    """The body's name in italics, its comma roman: "*The General Assembly*,", "*大会*，"
    (after a tab, as the text's paragraphs start, unless ``indent`` is False)."""
    name = formula.rstrip(",:; ，،")
    p = document.add_paragraph("\t" if indent else "", style=TEXT)
    p.paragraph_format.keep_with_next = True
    p.add_run(name).italic = True
    p.add_run(formula[len(name):])
    return p


# --- later pages ------------------------------------------------------------------------

def _running_heads(document, symbol: str, title: str = "") -> None:
    """Symbol in the header over a rule, "2/5" in the footer, on the outer side of
    each page (an adopted resolution's title on the inner side); the first page has
    the masthead instead."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    # Defined (and empty) rather than left to each reader's notion of a missing one.
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    _blank(section.first_page_header.paragraphs[0], 1)
    _blank(section.first_page_footer.paragraphs[0], FIRST_PAGE_FOOT)
    document.settings.odd_and_even_pages_header_footer = True
    frame = section.page_width - section.left_margin - section.right_margin
    for header, footer, side in ((section.header, section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                 (section.even_page_header, section.even_page_footer,
                                  WD_ALIGN_PARAGRAPH.LEFT)):
        head = header.paragraphs[0]
        if title and side == WD_ALIGN_PARAGRAPH.RIGHT:
            head.paragraph_format.tab_stops.add_tab_stop(frame, WD_TAB_ALIGNMENT.RIGHT)
            head.text = f"{bind(title)}\t{symbol}"
        elif title:
            head.paragraph_format.tab_stops.add_tab_stop(frame, WD_TAB_ALIGNMENT.RIGHT)
            head.text = f"{symbol}\t{bind(title)}"
        else:
            head.text, head.alignment = symbol, side
        ooxml.paragraph_border(head, "bottom", 0.5, space_pt=2)
        # The symbol sits lower than the first page's top margin (where the masthead
        # begins), and the text of later pages starts well under it.
        head.paragraph_format.space_before = Pt(HEADER_DROP)
        head.paragraph_format.space_after = Pt(HEADER_GAP)
        page = footer.paragraphs[0]
        page.alignment = side
        ooxml.add_field(page, "PAGE")
        page.add_run("/")
        ooxml.add_field(page, "NUMPAGES")



def _blank(paragraph, height: float) -> None:
    """An empty header or footer line exactly ``height`` points high."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing, fmt.line_spacing_rule = Pt(height), WD_LINE_SPACING.EXACTLY
