"""Word's styles as the reader needs them: italic, bold, automatic numbering, heading
level (Word's "heading 1–9", the UN template's "_ H_1_G" / "_ H_2/3_G" and "HCh", or
w:outlineLvl) and centring by style id, each following basedOn; and the parts of the
package (footnotes, numbering, headers) as XML roots."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .docx_numbering import num_pr
from .docx_package import W, XML_PARSER


def flag(rpr, tag: str) -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(W + tag)
    if el is None:
        return None
    return el.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def val(parent, tag: str) -> str | None:
    el = parent.find(W + tag) if parent is not None else None
    return el.get(W + "val") if el is not None else None


# Heading style names: Word's builtin "heading 1" and the UN template's "_ H_1_G",
# "_ H_2/3_G" (style ids "H1G", "H23G"); the chapter heading "HCh" is level 1.
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_UN_HEADING = re.compile(r"^_?\s*H\s*_*\s*(Ch|[1-9])(?![a-z])", re.I)


@dataclass(frozen=True)
class _Style:
    based: str | None
    italic: bool | None
    bold: bool | None
    numbering: tuple | None
    heading: int | None       # 1-based heading level, from the name or w:outlineLvl
    centred: bool | None
    name: str


class Styles:
    """Italic, bold, numbering, heading level and alignment by style id, following basedOn."""

    def __init__(self, root):
        self.raw: dict[str, _Style] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if not sid:
                continue
            rpr, ppr = style.find(W + "rPr"), style.find(W + "pPr")
            self.raw[sid] = _Style(
                val(style, "basedOn"), flag(rpr, "i"), flag(rpr, "b"),
                num_pr(ppr.find(W + "numPr")) if ppr is not None else None,
                heading_level(val(style, "name") or "", val(ppr, "outlineLvl")),
                is_centred(val(ppr, "jc")), val(style, "name") or sid)

    def _first(self, sid: str | None, attr: str):
        seen = set()
        while sid and sid in self.raw and sid not in seen:
            seen.add(sid)
            value = getattr(self.raw[sid], attr)
            if value is not None:
                return value
            sid = self.raw[sid].based
        return None

    def italic(self, sid: str | None) -> bool | None:
        return self._first(sid, "italic")

    def bold(self, sid: str | None) -> bool | None:
        return self._first(sid, "bold")

    def numbering(self, sid: str | None):
        return self._first(sid, "numbering")

    def heading(self, sid: str | None) -> int | None:
        return self._first(sid, "heading")

    def centred(self, sid: str | None) -> bool:
        return bool(self._first(sid, "centred"))

    def name(self, sid: str | None) -> str:
        """The style's own name ("Annex Title"), not its base's."""
        found = self.raw.get(sid or "")
        return found.name if found else ""


def heading_level(name: str, outline: str | None) -> int | None:
    m = _HEADING_NAME.match(name.strip())
    if m:
        return int(m[1])
    m = _UN_HEADING.match(name.strip())
    if m:
        return 1 if m[1].lower() == "ch" else int(m[1])
    if outline is not None and outline.isdigit() and int(outline) < 9:
        return int(outline) + 1
    return None


def is_centred(jc: str | None) -> bool | None:
    return None if jc is None else jc == "center"


def part_roots(word, reltype: str) -> list:
    roots = []
    for rel in word.part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        try:
            roots.append(etree.fromstring(rel.target_part.blob, XML_PARSER))
        except etree.XMLSyntaxError:
            continue
    return roots
