"""The package around a Word export: what python-docx's default template leaves in it
and what the file says about itself (docProps/app.xml).

The template was saved by "Microsoft Macintosh Word" 14 with 0 words and carries a
thumbnail of an empty page (docProps/thumbnail.jpeg), a customXml bibliography item
and Word 2010's stylesWithEffects copy of its styles. A file we export names this
product, counts its words and carries none of those.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

APPLICATION = "Resolutions"
_APP_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
# Parts of the template the document does not need (relationship types, by their ends).
_LEFTOVERS = ("/metadata/thumbnail", "/customXml", "/stylesWithEffects")


def drop_template_leftovers(document) -> None:
    """Unlink the thumbnail, the customXml item and stylesWithEffects; python-docx
    saves only the parts still linked, so they leave the file."""
    for source in (document.part.package, document.part):
        for rel_id, rel in list(source.rels.items()):
            if rel.reltype.endswith(_LEFTOVERS):
                source.rels.pop(rel_id)


def word_count(document) -> tuple[int, int]:
    """(words, characters without spaces) of the main text and its footnotes, as
    Word counts them: runs of non-space characters; deleted text does not count."""
    texts = [t.text or "" for t in document.element.body.iter(qn("w:t"))]
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            texts += [t.text or "" for t in rel.target_part.element.iter(qn("w:t"))
                      if not set(t.text or "") <= {"_"}]  # the separator rule is no word
    joined = " ".join(texts)
    return len(joined.split()), len(re.sub(r"\s", "", joined))


def write_app_properties(document) -> None:
    """docProps/app.xml naming this product, with the document's own counts."""
    words, characters = word_count(document)
    paragraphs = sum(1 for p in document.paragraphs if p.text.strip())
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{escape(APPLICATION)}</Application><DocSecurity>0</DocSecurity>"
        f"<Words>{words}</Words><Characters>{characters}</Characters><Paragraphs>{paragraphs}</Paragraphs>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>")
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rel_id)
    part = Part(PackURI("/docProps/app.xml"), _APP_CONTENT_TYPE, xml.encode("utf-8"), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
