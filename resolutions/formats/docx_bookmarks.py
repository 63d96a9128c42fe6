"""Paragraph ids carried in Word as hidden bookmarks, so that a file we export and a
delegate edits maps back to our paragraphs.

A Word bookmark name starts with a letter (or "_", which hides it from Word's
Bookmark dialog), holds only letters, digits and "_", is at most 40 characters and is
compared without regard to case. Paragraph ids are longer and richer (validation.py:
up to 64 characters of any script, ``_ . : -``), so a name says how it encodes its id:

    _PL<id>      the id itself: lower-case ASCII letters, digits and "_" only (≤ 37)
    _PE<escaped> the id escaped: "__" for "_", "_h" "-", "_d" ".", "_c" ":", "_u" + the
                 letter for a capital, "_x" + hex + "_" for any other character
    _PH<hash>    an id too long for either: a hash, looked up in the document variable
                 (w:docVars in settings.xml) of the same name, which holds the id

The second letter is "M" instead of "P" on the old copy of a moved paragraph (names
are unique in a document, and both copies carry the id).
"""
from __future__ import annotations

import hashlib
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..domain.validation import is_valid_id

MAX_NAME = 40
_PREFIX = 3
_LITERAL = re.compile(r"[a-z0-9_]+")
_ESCAPES = {"_": "__", "-": "_h", ".": "_d", ":": "_c"}
_UNESCAPES = {v[1]: k for k, v in _ESCAPES.items()}
_VARIABLE = "ParagraphId_"
# Children of w:settings that follow w:docVars (ECMA-376 CT_Settings).
_AFTER_DOC_VARS = (
    "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


def bookmark_name(paragraph_id: str, *, moved_from: bool = False) -> tuple[str, str | None]:
    """(bookmark name, hash key of the document variable to write or None)."""
    role = "M" if moved_from else "P"
    room = MAX_NAME - _PREFIX
    if _LITERAL.fullmatch(paragraph_id) and len(paragraph_id) <= room:
        return f"_{role}L{paragraph_id}", None
    escaped = "".join(_escape(ch) for ch in paragraph_id)
    if len(escaped) <= room:
        return f"_{role}E{escaped}", None
    key = hashlib.sha1(paragraph_id.encode("utf-8")).hexdigest()[:room]
    return f"_{role}H{key}", key


def _escape(ch: str) -> str:
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if "A" <= ch <= "Z":
        return "_u" + ch.lower()
    return f"_x{ord(ch):x}_"


def paragraph_id(name: str, variables: dict[str, str]) -> str | None:
    """The id a bookmark name encodes, or None (not ours, or damaged)."""
    if len(name) < _PREFIX + 1 or name[0] != "_" or name[1] not in "PM":
        return None
    form, body = name[2], name[_PREFIX:]
    if form == "L":
        found = body if _LITERAL.fullmatch(body) else None
    elif form == "E":
        found = _unescape(body)
    elif form == "H":
        found = variables.get(body.lower())
    else:
        return None
    return found if found and is_valid_id(found) else None


def _unescape(body: str) -> str | None:
    out, i = [], 0
    try:
        while i < len(body):
            ch = body[i]
            if ch != "_":
                out.append(ch)
                i += 1
                continue
            code = body[i + 1]
            if code in _UNESCAPES:
                out.append(_UNESCAPES[code])
                i += 2
            elif code == "u":
                out.append(body[i + 2].upper())
                i += 3
            elif code == "x":
                end = body.index("_", i + 2)
                out.append(chr(int(body[i + 2:end], 16)))
                i = end + 1
            else:
                return None
    except (IndexError, ValueError, OverflowError):
        return None
    return "".join(out)


def write_variables(settings, variables: dict[str, str]) -> None:
    """Hash key → id, as document variables Word keeps when it saves the file."""
    if not variables:
        return
    holder = settings.find(qn("w:docVars"))
    if holder is None:
        holder = settings.insert_element_before(OxmlElement("w:docVars"), *_AFTER_DOC_VARS)
    for key, pid in variables.items():
        var = OxmlElement("w:docVar")
        var.set(qn("w:name"), _VARIABLE + key)
        var.set(qn("w:val"), pid)
        holder.append(var)


def read_variables(settings_root) -> dict[str, str]:
    """The hash keys and ids written by write_variables (settings.xml's root)."""
    if settings_root is None:
        return {}
    out = {}
    for var in settings_root.iter(qn("w:docVar")):
        name = var.get(qn("w:name")) or ""
        if name.startswith(_VARIABLE):
            out[name[len(_VARIABLE):].lower()] = var.get(qn("w:val")) or ""
    return out


_TEXT = {qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:footnoteReference")}
_START, _END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")


def id_of_paragraph(p, variables: dict[str, str]) -> str | None:
    """The id of a Word paragraph (w:p) from our bookmark at its start. Word, and
    docx_revisions, move an emptied paragraph's content (its bookmark too) to the
    start of the next one: a bookmark that closes before any text is passed over, and
    of those left the last one before the text wins."""
    open_ids: dict[str, str] = {}   # bookmark w:id → paragraph id, still open
    for el in p.iter(_START, _END, *_TEXT):
        if el.tag == _START:
            found = paragraph_id(el.get(qn("w:name")) or "", variables)
            if found:
                open_ids[el.get(qn("w:id")) or ""] = found
        elif el.tag == _END:
            open_ids.pop(el.get(qn("w:id")) or "", None)
        else:
            break
    return list(open_ids.values())[-1] if open_ids else None
