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


def set_font(rpr, name: str) -> None:
    """Use ``name`` for every script. Theme attributes would override it, so they go."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


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


_FOOTNOTES_XML = f"""<w:footnotes {nsdecls('w')}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""


class Footnotes:
    """The document's footnotes part (word/footnotes.xml), created empty but for the
    separator lines that Word expects as footnotes -1 and 0."""

    def __init__(self, document):
        self._root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._root,
                       document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        _declare_separators(document.settings.element)
        self._next_id = 1

    def add(self, paragraph, text: str, parent=None) -> int:
        """Put ``text`` in a new footnote whose marker ends ``paragraph`` so far, or
        ends ``parent`` (an element inside it, such as a tracked insertion)."""
        note_id = self._next_id
        self._next_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(note_id))
        note.append(_footnote_paragraph(text))
        self._root.append(note)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(note_id))
        (paragraph._p if parent is None else parent).append(_run(reference, FOOTNOTE_REFERENCE))
        return note_id


def _footnote_paragraph(text: str):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), FOOTNOTE_TEXT)
    ppr.append(style)
    p.append(ppr)
    p.append(_run(OxmlElement("w:footnoteRef"), FOOTNOTE_REFERENCE))
    p.append(_run(OxmlElement("w:tab")))
    body = OxmlElement("w:t")
    body.set(qn("xml:space"), "preserve")
    body.text = text
    p.append(_run(body))
    return p


def _declare_separators(settings) -> None:
    # Word lists the separator footnotes in settings too (as Word and Pandoc write it).
    declared = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        declared.append(note)
    settings.insert_element_before(declared, *_AFTER_FOOTNOTE_PR)
