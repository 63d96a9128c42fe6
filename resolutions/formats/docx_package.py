"""The package around a Word file: what python-docx's default template leaves in an
export and what the file says about itself (docProps/app.xml); and, for reading any
.docx (docx_reader.py, docx_revisions.py), the Word namespace W, the safe XML parser and
check_package, which refuses what is not a .docx and zip bombs before inflating anything.

The template was saved by "Microsoft Macintosh Word" 14 with 0 words and carries a
thumbnail of an empty page (docProps/thumbnail.jpeg), a customXml bibliography item
and Word 2010's stylesWithEffects copy of its styles. A file we export names this
product, counts its words and carries none of those.
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from ..domain.errors import InvalidDocument

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


# --- reading a package: the XML plumbing of docx_reader and docx_revisions ------------------

WHERE = "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all members, as the zip declares them
MAX_RATIO = 100                            # uncompressed : compressed, for members ≥ RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5_000
# Entities are never resolved nor DTDs loaded (no billion laughs, no external entities);
# depth and size stay within libxml2's default limits. Comments and processing
# instructions carry nothing Word reads.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)


def parse_part(blob: bytes, name: str):
    """One XML part of the package, parsed safely; InvalidDocument naming the part if it
    is not well-formed."""
    try:
        return etree.fromstring(blob, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise InvalidDocument(f"{name} is not well-formed XML Word can read ({exc})", WHERE) from None


def check_package(data: bytes) -> None:
    """Refuse what is not a .docx, and zip bombs, from the zip's directory alone:
    nothing is inflated here."""
    if not data:
        raise InvalidDocument("the file is empty", WHERE)
    if data.startswith(b"%PDF"):
        raise InvalidDocument("this is a PDF, not a Word (.docx) file", WHERE)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidDocument("this is an old Word (.doc) file or an encrypted document; "
                              "save it as .docx without a password", WHERE)
    if not data.startswith(b"PK"):
        raise InvalidDocument("not a Word (.docx) file: it is not a zip package", WHERE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise InvalidDocument(f"not a Word (.docx) file: the zip package is damaged ({exc})", WHERE) from None
    if len(members) > MAX_MEMBERS:
        raise InvalidDocument(f"the package holds {len(members):,} parts; a Word file has a few dozen", WHERE)
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InvalidDocument(f"the package would unpack to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB; "
                                  "refused as a possible zip bomb", WHERE)
        if member.file_size >= RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise InvalidDocument(f"{member.filename} is compressed {ratio:,} to 1; "
                                  "refused as a possible zip bomb", WHERE)
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.endswith(".xml") and n.startswith("word/") for n in names):
        raise InvalidDocument("a zip file, but not a Word (.docx) document: it has no word/ part", WHERE)
