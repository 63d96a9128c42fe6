"""WordprocessingML that python-docx has no API for: fonts, borders, fields, footnotes.

Each helper writes the element where the schema wants it: Word reports a file as
corrupt when children of ``w:pPr`` or ``w:settings`` are out of order.
"""
from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from ..domain import footnote_italics
from ..domain.languages import BCP_47

FOOTNOTE_TEXT = "FootnoteText"
FOOTNOTE_REFERENCE = "FootnoteReference"

# Children of w:pPr that must follow w:pBdr (ECMA-376 CT_PPrBase).
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)
# Children of w:settings that must follow w:footnotePr (ECMA-376 CT_Settings).
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


def set_font(rpr, name: str, *, east_asia: str | None = None, complex_script: str | None = None) -> None:
    """Use ``name`` for every script, or ``east_asia`` for Chinese and ``complex_script``
    for Arabic where given. Theme attributes would override them, so they go."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for script, font in (("w:ascii", name), ("w:hAnsi", name), ("w:eastAsia", east_asia or name),
                         ("w:cs", complex_script or name)):
        fonts.set(qn(script), font)


def paragraph_border(paragraph, side: str, width_pt: float, space_pt: int = 1) -> None:
    """A single rule on one ``side`` ("top", "bottom") of a paragraph."""
    _border(paragraph._p.get_or_add_pPr(), side, width_pt, space_pt)


def default_run_properties(styles):
    """The document-wide run defaults (w:docDefaults), which python-docx does not expose."""
    return styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]


def _border(ppr, side: str, width_pt: float, space_pt: int) -> None:
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = ppr.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_BORDERS)
    rule = OxmlElement(f"w:{side}")
    rule.set(qn("w:val"), "single")
    rule.set(qn("w:sz"), str(round(width_pt * 8)))  # eighths of a point
    rule.set(qn("w:space"), str(space_pt))
    rule.set(qn("w:color"), "auto")
    borders.append(rule)


def add_field(paragraph, instruction: str, shown: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES); ``shown`` stands until the reader updates it."""
    p = paragraph._p
    p.append(_fld_char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    p.append(_run(code))
    p.append(_fld_char("separate"))
    result = OxmlElement("w:t")
    result.text = shown
    p.append(_run(result))
    p.append(_fld_char("end"))


def _fld_char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return _run(char)


def _run(child, style_id: str | None = None):
    run = OxmlElement("w:r")
    if style_id:
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), style_id)
        rpr.append(style)
        run.append(rpr)
    run.append(child)
    return run


# The issued documents' separator: a short rule (18 underscores of 8 pt, ~72 pt long)
# indented about 40 pt from the margin, not Word's default line of a third of the column.
SEPARATOR_INDENT_TWIPS = 800
_RULE = "__________________"
_SEPARATOR_PARAGRAPH = (
    f'<w:p><w:pPr><w:spacing w:before="120" w:after="80" w:line="240" w:lineRule="auto"/>'
    f'<w:ind w:left="{SEPARATOR_INDENT_TWIPS}"/></w:pPr>'
    f'<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>{_RULE}</w:t></w:r></w:p>')
_FOOTNOTES_XML = f"""<w:footnotes {nsdecls('w')}>
  <w:footnote w:type="separator" w:id="-1">{_SEPARATOR_PARAGRAPH}</w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">{_SEPARATOR_PARAGRAPH}</w:footnote>
</w:footnotes>"""


class Footnotes:
    """The document's footnotes part (word/footnotes.xml), created empty but for the
    separator lines that Word expects as footnotes -1 and 0. Made again for the same
    document, it is the same part (the cover's sponsor footnote and the text's notes
    share it), numbered on."""

    def __init__(self, document):
        existing = _footnotes_part(document)
        if existing is not None:
            self._root = existing.element
            self._next_id = 1 + max((int(n.get(qn("w:id"))) for n in self._root.findall(qn("w:footnote"))),
                                    default=0)
            return
        self._root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._root,
                       document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        _declare_separators(document.settings.element)
        self._next_id = 1

    def add(self, paragraph, text: str, parent=None, *, mark: str | None = None) -> int:
        """Put ``text`` in a new footnote whose marker ends ``paragraph`` so far, or
        ends ``parent`` (an element inside it, such as a tracked insertion). ``mark``
        ("*") prints that mark instead of the number (Word's custom mark)."""
        note_id = self._next_id
        self._next_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(note_id))
        note.append(_footnote_paragraph(text, mark))
        self._root.append(note)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(note_id))
        at = paragraph._p if parent is None else parent
        if mark is None:
            at.append(_run(reference, FOOTNOTE_REFERENCE))
        else:
            # The issued sponsor line prints its asterisk on the line, not raised.
            reference.set(qn("w:customMarkFollows"), "1")
            run = _run(reference)
            run.append(_text(mark))
            at.append(run)
        return note_id


def _footnotes_part(document):
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            if not isinstance(part, XmlPart):
                # python-docx loads a footnotes part it did not make as plain bytes.
                return None
            return part
    return None


def _text(value: str):
    node = OxmlElement("w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = value
    return node


def _footnote_paragraph(text: str, mark: str | None = None):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), FOOTNOTE_TEXT)
    ppr.append(style)
    p.append(ppr)
    if mark is None:
        p.append(_run(OxmlElement("w:footnoteRef"), FOOTNOTE_REFERENCE))
    else:
        # As Word writes a custom-mark note: the mark itself as text in the reference
        # style, and no w:footnoteRef (that would print the note's number as well).
        # LibreOffice (7.4) also prints its own label there, so it shows the mark
        # twice; it does the same with the files it writes itself.
        p.append(_run(_text(mark), FOOTNOTE_REFERENCE))
    p.append(_run(OxmlElement("w:tab")))
    for piece, italic in footnote_italics.split(text):
        run = _run(_text(piece))
        if italic:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:i"))
            run.insert(0, rpr)
        p.append(run)
    return p


def _declare_separators(settings) -> None:
    # Word lists the separator footnotes in settings too (as Word and Pandoc write it).
    # Numbering runs on through the document, as on the issued L and A/RES documents
    # (A/80/L.10 prints notes 2 and 3 on its second page).
    declared = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        declared.append(note)
    settings.insert_element_before(declared, *_AFTER_FOOTNOTE_PR)


def set_language(rpr, language: str) -> None:
    """Tag ``rpr`` (the document defaults) with ``language``: w:val for Latin and
    Cyrillic text, w:eastAsia for Chinese, w:bidi for Arabic; the others keep the
    UN's English defaults so that mixed text is still checked sensibly."""
    tag = BCP_47[language]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.attrib.clear()
    lang.set(qn("w:val"), tag if language not in ("zh", "ar") else "en-US")
    lang.set(qn("w:eastAsia"), tag if language == "zh" else "zh-CN")
    lang.set(qn("w:bidi"), tag if language == "ar" else "ar-SA")


def right_to_left(ppr) -> None:
    """Arabic paragraphs read from the right (w:bidi, in its schema place)."""
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BORDERS[_AFTER_BORDERS.index("w:bidi") + 1:])


def right_to_left_runs(rpr) -> None:
    """Runs of right-to-left text (w:rtl): Arabic words read from the right and take
    the complex-script font and size."""
    if rpr.find(qn("w:rtl")) is None:
        rpr.insert_element_before(OxmlElement("w:rtl"),
                                  *_AFTER_CHARACTER_SPACING[_AFTER_CHARACTER_SPACING.index("w:rtl") + 1:])


# Children of w:sectPr that follow w:bidi (ECMA-376 CT_SectPr).
_AFTER_SECTION_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def right_to_left_section(sect_pr) -> None:
    """A section laid out from the right (w:bidi on w:sectPr): columns, page numbers
    and the gutter on the Arabic side."""
    if sect_pr.find(qn("w:bidi")) is None:
        sect_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_SECTION_BIDI)


# Children of w:rPr that follow w:spacing (ECMA-376 CT_RPr).
_AFTER_CHARACTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def character_spacing(rpr, points: float) -> None:
    """Letters set ``points`` further apart (negative: closer), in twentieths of a point."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = rpr.insert_element_before(OxmlElement("w:spacing"), *_AFTER_CHARACTER_SPACING)
    spacing.set(qn("w:val"), str(round(points * 20)))


# Children of w:rPr in schema order (ECMA-376 CT_RPr), for those written here.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
              "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
              "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", *_AFTER_CHARACTER_SPACING)


def complex_script_size(rpr, points: float, bold: bool = False) -> None:
    """The size (and bold) of right-to-left text, which Word and LibreOffice take from
    w:szCs / w:bCs rather than w:sz / w:b: an Arabic text otherwise prints at the
    template's 11 pt whatever the style says."""
    for tag in (("w:bCs",) if bold else ()) + ("w:szCs",):
        if rpr.find(qn(tag)) is None:
            rpr.insert_element_before(OxmlElement(tag), *_RPR_ORDER[_RPR_ORDER.index(tag) + 1:])
    rpr.find(qn("w:szCs")).set(qn("w:val"), str(round(points * 2)))


def complex_script_emphasis(root) -> None:
    """Every bold or italic run and style under ``root`` made bold or italic for
    right-to-left text too (w:bCs, w:iCs): Word and LibreOffice ignore w:b and w:i on
    Arabic, so without them an Arabic masthead, opening or heading prints plain."""
    for tag, twin in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
        for mark in root.iter(qn(tag)):
            rpr = mark.getparent()
            if rpr.find(qn(twin)) is not None:
                continue
            added = OxmlElement(twin)
            if mark.get(qn("w:val")) is not None:
                added.set(qn("w:val"), mark.get(qn("w:val")))
            mark.addnext(added)
