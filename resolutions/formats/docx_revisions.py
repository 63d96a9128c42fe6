"""Word's "Accept all changes" and "Reject all changes", and who made which change.

    accept_all(data) -> bytes      the .docx with every tracked change accepted
    reject_all(data) -> bytes      the .docx with every tracked change rejected
    accept_by(data, authors) -> bytes   those authors' changes accepted, the others rejected
    tracked_changes(data) -> tuple[WordParagraph, ...]   per body paragraph: its changes

Revisions are resolved in the main document, footnotes, endnotes, headers, footers and
comments; every other part of the package is copied byte for byte. What is resolved:
inserted and deleted runs (w:ins, w:del; on reject w:delText becomes w:t again), moves
(w:moveFrom, w:moveTo and their range markers), paragraph marks inserted or deleted
(w:pPr/w:rPr/w:ins|w:del|w:moveFrom|w:moveTo: a removed mark joins its paragraph to the
next, which keeps its own properties, as Word does), table rows inserted or deleted,
and formatting changes (w:rPrChange, w:pPrChange and the table and section ones: accept
keeps the new formatting, reject restores the old). A footnote whose only reference
was removed is removed with it.

The package is checked first (docx_package.check_package: not-a-docx and zip bombs
are refused before anything is inflated); XML that cannot be parsed safely
(docx_package.parse_part: entities are never resolved, depth is libxml2's default
limit) is refused with InvalidDocument.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterable

from lxml import etree

from ..domain.errors import InvalidDocument
from .docx_package import WHERE, W, check_package, parse_part

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Content types of the parts that can hold tracked changes.
_REVISED_PARTS = ("document.main+xml", "template.main+xml", "document.macroEnabled.main+xml",
                  "footnotes+xml", "endnotes+xml", "header+xml", "footer+xml", "comments+xml")
_MAIN_PARTS = _REVISED_PARTS[:3]
_NOTE_PARTS = {"footnotes+xml": ("footnote", "footnoteReference"), "endnotes+xml": ("endnote", "endnoteReference")}

_MARK_PARENTS = {W + "rPr", W + "trPr"}   # where w:ins / w:del mark a paragraph mark or a row
_CHANGES = tuple(W + t for t in ("ins", "del", "moveFrom", "moveTo"))
REVISION_MARKS = _CHANGES   # a part holding none of these reads the same accepted or not
_REMOVING = {W + "del", W + "moveFrom"}    # accepted, these take their content out
_RANGES = tuple(W + n for n in (
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd"))
# A property change holds the old properties as its one child element.
_PROPERTY_CHANGES = tuple(W + n for n in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
    "tblGridChange", "tblPrExChange"))
# Children of a paragraph's w:pPr that w:pPrChange's old properties do not cover.
_PPR_KEPT = {W + "rPr", W + "sectPr", W + "pPrChange"}


def accept_all(data: bytes) -> bytes:
    """The same .docx with every tracked change accepted."""
    return _resolve(data, lambda author: True)


def reject_all(data: bytes) -> bytes:
    """The same .docx with every tracked change rejected."""
    return _resolve(data, lambda author: False)


def accept_by(data: bytes, authors: Iterable[str]) -> bytes:
    """The same .docx with the changes of ``authors`` accepted and every other one rejected:
    the text as one author (or one delegation's authors) would have it."""
    chosen = frozenset(a.strip() for a in authors)
    return _resolve(data, lambda author: author in chosen)


# --- the package -----------------------------------------------------------------------

def _resolve(data: bytes, accepts: Callable[[str], bool]) -> bytes:
    check_package(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        kinds = _revised_parts(package)
        roots = {name: parse_part(package.read(name), name) for name in kinds}
        main = next((n for n, k in kinds.items() if k in _MAIN_PARTS), None)
        referenced_before = _references(roots[main]) if main else {}
        for root in roots.values():
            _resolve_tree(root, accepts)
        if main:
            _drop_orphan_notes(roots, kinds, referenced_before, _references(roots[main]))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in package.infolist():
                body = (etree.tostring(roots[member.filename], xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
                        if member.filename in roots else package.read(member.filename))
                target.writestr(member, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _revised_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Part name → the kind of part (the end of its content type), for the parts that
    can hold revisions, from [Content_Types].xml."""
    types = parse_part(package.read("[Content_Types].xml"), "[Content_Types].xml")
    names = set(package.namelist())
    out = {}
    for override in types.iter(_CT + "Override"):
        name = (override.get("PartName") or "").lstrip("/")
        kind = next((k for k in _REVISED_PARTS if (override.get("ContentType") or "").endswith(k)), None)
        if kind and name in names:
            out[name] = kind
    return out


def _references(root) -> dict[str, set[str]]:
    return {ref: {el.get(W + "id") for el in root.iter(W + ref)}
            for ref in ("footnoteReference", "endnoteReference")}


def _drop_orphan_notes(roots, kinds, before, after) -> None:
    for name, kind in kinds.items():
        if kind not in _NOTE_PARTS:
            continue
        note_tag, ref = _NOTE_PARTS[kind]
        orphans = before[ref] - after[ref]
        for note in list(roots[name].iter(W + note_tag)):
            if note.get(W + "id") in orphans and note.get(W + "type") in (None, "normal"):
                note.getparent().remove(note)


# --- one part ----------------------------------------------------------------------------

def _resolve_tree(root, accepts: Callable[[str], bool]) -> None:
    def taken_out(el) -> bool:
        """Whether the change ``el`` takes its content out of the text."""
        removes = el.tag in _REMOVING
        return removes if accepts(_author(el)) else not removes

    # Rows and paragraph marks first, while their markers still say which they are.
    for tr in list(root.iter(W + "tr")):
        marker = _marker(tr.find(W + "trPr"), _CHANGES)
        if marker is not None and taken_out(marker):
            tr.getparent().remove(tr)
    joined = [p for p in root.iter(W + "p")
              if (marker := _marker(_mark_rpr(p), _CHANGES)) is not None and taken_out(marker)]
    # Removals before unwrapping: content inside a removed change goes with it, whatever
    # the change nested in it says.
    changes = list(root.iter(*_CHANGES))
    for el in changes:
        parent = el.getparent()
        if parent is not None and parent.tag in _MARK_PARENTS:
            parent.remove(el)
        elif taken_out(el):
            _remove(el)
    for el in changes:
        if el.getparent() is not None and el.getparent().tag not in _MARK_PARENTS:
            _unwrap(el)
    # Deleted text whose deletion was rejected reads as text again.
    for el in list(root.iter(W + "delText", W + "delInstrText")):
        el.tag = W + ("t" if el.tag == W + "delText" else "instrText")
        el.set(_XML_SPACE, "preserve")
    for p in joined:  # once their text is resolved: an emptied paragraph may go
        _join_with_next(p)
    for el in list(root.iter(*_RANGES)):
        _remove(el)
    for change in list(root.iter(*_PROPERTY_CHANGES)):
        if change.getparent() is None:
            continue
        if not accepts(_author(change)):
            _restore(change)
        _remove(change)


def _author(el) -> str:
    return (el.get(W + "author") or "").strip()


def _marker(props, tags):
    if props is None:
        return None
    return next((c for c in props if c.tag in tags), None)


def _mark_rpr(p):
    ppr = p.find(W + "pPr")
    return ppr.find(W + "rPr") if ppr is not None else None


def _join_with_next(p) -> None:
    """Remove ``p``'s paragraph mark: its content goes to the start of the next
    paragraph, which keeps its properties. With no paragraph after it, the mark stays
    unless nothing is left of the paragraph."""
    parent = p.getparent()
    if parent is None:
        return
    following = p.getnext()
    while following is not None and following.tag in _RANGES + (W + "bookmarkStart", W + "bookmarkEnd"):
        following = following.getnext()
    content = [c for c in p if c.tag != W + "pPr"]
    if following is not None and following.tag == W + "p":
        ppr = following.find(W + "pPr")
        at = 0 if ppr is None else following.index(ppr) + 1
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
        parent.remove(p)
    elif not _has_text(p) and sum(1 for c in parent if c.tag == W + "p") > 1:
        parent.remove(p)


def _has_text(p) -> bool:
    kept = (W + "t", W + "delText", W + "tab", W + "footnoteReference", W + "endnoteReference",
            W + "drawing", W + "object", W + "pict")
    return any(True for _ in p.iter(*kept))


def _remove(el) -> None:
    parent = el.getparent()
    if parent is not None:
        _keep_tail(el)
        parent.remove(el)


def _unwrap(el) -> None:
    parent = el.getparent()
    at = parent.index(el)
    _keep_tail(el)
    for offset, child in enumerate(list(el)):
        parent.insert(at + offset, child)
    parent.remove(el)


def _keep_tail(el) -> None:
    # WordprocessingML has no mixed content, but lxml keeps whitespace tails; keep them.
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent = el.getparent()
            parent.text = (parent.text or "") + el.tail


def _restore(change) -> None:
    """Put back the properties a formatting change replaced (its one child)."""
    props = change.getparent()
    old = next(iter(change), None)
    kept = _PPR_KEPT if props.tag == W + "pPr" else {change.tag}
    for child in list(props):
        if child.tag not in kept:
            props.remove(child)
    if old is None:
        return
    at = 0
    for child in list(old):
        props.insert(at, child)
        at += 1


# --- who changed what --------------------------------------------------------------------

@dataclass(frozen=True)
class TrackedChange:
    kind: str           # insert | delete | move_from | move_to | format | paragraph_insert | paragraph_delete
    author: str
    date: str | None    # as Word wrote it (ISO 8601), or None


@dataclass(frozen=True)
class WordParagraph:
    index: int                      # among the body's paragraphs (tables included), in order
    bookmarks: tuple[str, ...]      # names of the bookmarks starting in it (our paragraph ids)
    changes: tuple[TrackedChange, ...]

    @property
    def authors(self) -> tuple[str, ...]:
        """The distinct authors, in the order of their first change."""
        return tuple(dict.fromkeys(c.author for c in self.changes))


_KINDS = {"ins": "insert", "del": "delete", "moveFrom": "move_from", "moveTo": "move_to"}
_MARK_KINDS = {"ins": "paragraph_insert", "del": "paragraph_delete", "moveFrom": "paragraph_delete",
               "moveTo": "paragraph_insert"}


def tracked_changes(data: bytes) -> tuple[WordParagraph, ...]:
    """Every paragraph of the main document with its tracked changes, in order (a
    nested change counts once for each author)."""
    check_package(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        kinds = _revised_parts(package)
        main = next((n for n, k in kinds.items() if k in _MAIN_PARTS), None)
        if main is None:
            raise InvalidDocument("the package has no main document part (word/document.xml)", WHERE)
        root = parse_part(package.read(main), main)
        notes = {}  # (reference tag, id) → the changes inside that note
        for name, kind in kinds.items():
            if kind in _NOTE_PARTS:
                note_tag, ref = _NOTE_PARTS[kind]
                for note in parse_part(package.read(name), name).iter(W + note_tag):
                    notes[(ref, note.get(W + "id"))] = _changes_in(note)
    out = []
    for index, p in enumerate(root.iter(W + "p")):
        changes = _changes_in(p)
        for ref in p.iter(W + "footnoteReference", W + "endnoteReference"):
            changes.extend(notes.get((ref.tag[len(W):], ref.get(W + "id")), ()))
        bookmarks = tuple(b.get(W + "name") or "" for b in p.iter(W + "bookmarkStart"))
        out.append(WordParagraph(index, bookmarks, tuple(changes)))
    return tuple(out)


_CHANGE_TAGS = tuple(W + t for t in _KINDS) + _PROPERTY_CHANGES


def _changes_in(el) -> list[TrackedChange]:
    changes = []
    for change in el.iter(*_CHANGE_TAGS):
        local = change.tag[len(W):]
        if local in _KINDS:
            parent = change.getparent()
            on_mark = parent.tag == W + "rPr" and parent.getparent() is not None \
                and parent.getparent().tag == W + "pPr"
            kind = _MARK_KINDS[local] if on_mark else _KINDS[local]
        else:
            kind = "format"
        changes.append(TrackedChange(kind, (change.get(W + "author") or "").strip(), change.get(W + "date")))
    return changes
