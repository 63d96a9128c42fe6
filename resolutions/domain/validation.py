"""The one validation boundary: the rules every stored document keeps.

    accept(doc) -> Document            the door every document passes on its way in
                                       (API, forms, importers, start-from, restore): the
                                       document cleaned, or InvalidDocument (422) naming
                                       the field and the paragraph ("OP3 (a)")
    validate(doc) -> Document          the pure check: ``doc`` itself when accept would
                                       neither change nor refuse it; else InvalidDocument
                                       (for "this stored revision is damaged: …")
    problems(doc) -> list[Problem]     every problem, not only the first (for a doctor)
    repair(doc) -> (Document, [str])   what can be fixed without losing text, fixed;
                                       and what could not be
    accept_text(value, where, ...)     one string (a revision message) by the same rules
    is_valid_id(value) -> bool         the one shape of paragraph and footnote ids
    safe_id(raw, max_chars) -> str     an id from a file in that shape (for readers)

What accept() returns, the rest of the system takes: document_json round-trips it,
the Word writer writes it, the search index indexes it, diff compares it.

The rules:
- body one of bodies.toml, session within that body's range, language one of the
  UN's six (languages.py);
- text as text.py says: tab and newline kept, CR → newline, other control characters
  and Unicode non-characters removed, spaces/tabs/newlines at both ends trimmed; in
  one-line fields (title, agenda item and title, symbol, source) tabs and newlines
  become spaces; a lone surrogate is refused (only a broken client sends one);
- sizes within the limits below, nesting within MAX_DEPTH ((a) → (i) → a.), no
  subparagraphs under preambular paragraphs;
- ids: ID_RULE; paragraph ids unique among the document's paragraphs, footnote ids
  unique among its footnotes;
- footnote markers and the italic opening within their paragraph's text, footnotes in
  the order of their markers.

The checks never recurse deeper than MAX_DEPTH levels, however deep the input nests.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterator

from . import text as chars
from .bodies import bodies, get_body
from .document import MAX_DEPTH, OPERATIVE, PREAMBLE, Document, Footnote, Paragraph, new_id
from .errors import InvalidDocument
from .languages import CODES, is_language
from .numbering import subparagraph_mark

# Limits. The UN corpus (sessions 75–78, six languages) stays far inside every one:
# at most 454 paragraphs, 3,349 characters in a paragraph, 42 footnotes in one
# paragraph, 1,861 in a footnote, 448 in a title, 225,000 in a whole resolution.
MAX_PARAGRAPHS = 1_000              # paragraphs at every level, per document
MAX_PARAGRAPH_CHARS = 20_000
MAX_FOOTNOTES = 100                 # per paragraph
MAX_FOOTNOTE_CHARS = 5_000
MAX_TITLE_CHARS = 1_000
MAX_AGENDA_ITEM_CHARS = 50
MAX_AGENDA_TITLE_CHARS = 1_000
MAX_SYMBOL_CHARS = 100
MAX_SOURCE_CHARS = 200
MAX_DOCUMENT_CHARS = 2_000_000      # all text fields together
MAX_ID_CHARS = 64

ID_RULE = ("1–64 characters: letters and digits of any script, combining marks, typographic "
           "quotation marks (‘ ’ « »), and _ . : -; the first a letter or digit")
_ASCII_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}")
_ID_PUNCTUATION = frozenset("_.:-")
_ID_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Pi", "Pf"})

# What a problem takes to go away.
CLEAN = "clean"      # accept() fixes it on the way in (a removed character, trimmed spaces)
REPAIR = "repair"    # accept() refuses it; repair() fixes it without losing text
REFUSE = "refuse"    # nothing automatic can: a person has to decide


@dataclass(frozen=True)
class Problem:
    where: str | None
    message: str
    kind: str = REFUSE

    @property
    def repairable(self) -> bool:
        """True when repair() fixes it (and, for CLEAN problems, accept() too)."""
        return self.kind != REFUSE

    def error(self) -> InvalidDocument:
        return InvalidDocument(self.message, self.where)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def is_valid_id(value: object) -> bool:
    """Whether ``value`` has the one shape of paragraph and footnote ids (ID_RULE).

    It holds every id the readers give (the UN's eIds such as ``para_18_list_point_a``,
    ``para_21_list_point_أ``, ``para_32_list_point_أ_sublist_point_’1‘``; the PDF
    reader's ``op4``, ``pp2-fn1``) and every new_id(); it keeps out what would break a
    page, a URL or the editor's form: spaces, ``/ | < & " '``, control characters."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        return False
    if _ASCII_ID.fullmatch(value):
        return True
    if not value[0].isalnum():
        return False
    return all(ch.isalnum() or ch in _ID_PUNCTUATION or unicodedata.category(ch) in _ID_CATEGORIES
               for ch in value)


def safe_id(raw: str, max_chars: int = MAX_ID_CHARS) -> str:
    """``raw`` (an id from a file) in the one shape: each character an id cannot hold
    becomes "_", "id" goes before a first character that is not a letter or digit,
    and it is cut at ``max_chars``. "" when ``raw`` is empty. An id already of the
    shape and short enough comes back unchanged."""
    if is_valid_id(raw) and len(raw) <= max_chars:
        return raw
    out = "".join(ch if ch.isalnum() or ch in _ID_PUNCTUATION or unicodedata.category(ch) in _ID_CATEGORIES
                  else "_" for ch in raw[:max_chars])
    if out and not out[0].isalnum():
        out = f"id{out}"
    return out[:max_chars]


# --- the doors ------------------------------------------------------------------------

def accept(doc: Document) -> Document:
    """``doc`` cleaned (removals applied, ends trimmed, footnotes in marker order), or
    InvalidDocument for the first thing that cleaning cannot fix."""
    for problem in _problems(doc):
        if problem.kind != CLEAN:
            raise problem.error()
    return validate(_rebuild(doc, repair=False))


def validate(doc: Document) -> Document:
    """``doc`` unchanged if it keeps every rule exactly; else InvalidDocument naming the
    first broken rule (including what accept() would have cleaned)."""
    for problem in _problems(doc):
        raise problem.error()
    return doc


def problems(doc: Document) -> list[Problem]:
    """Every problem of ``doc`` in reading order (an empty list: ``doc`` is valid)."""
    return list(_problems(doc))


def repair(doc: Document) -> tuple[Document, list[str]]:
    """``doc`` with what can be fixed without losing text fixed: removed characters,
    trimmed ends, lone surrogates as U+FFFD, missing, malformed or repeated ids replaced
    by fresh ones, footnote markers and italic openings moved inside their paragraph,
    footnotes sorted, empty footnotes and empty paragraphs (no text, no notes, no
    subparagraphs) dropped. Returns it with the problems left, as sentences."""
    if not isinstance(doc, Document):
        return doc, [str(p) for p in _problems(doc)]
    fixed = _rebuild(doc, repair=True)
    return fixed, [str(p) for p in _problems(fixed)]


def accept_text(value: object, where: str, *, field: str = "the text", max_chars: int,
                multiline: bool = True, required: bool = False) -> str:
    """One string by the document's character rules: cleaned, or InvalidDocument when
    it is not text, holds a lone surrogate, is longer than ``max_chars`` once cleaned,
    or (if ``required``) is empty. For a revision message:
    ``accept_text(message, "message", field="the message", max_chars=500)``."""
    for problem in _text(where, value, field, max_chars, multiline=multiline, required=required):
        if problem.kind != CLEAN:
            raise problem.error()
    return chars.clean(value, multiline)


# --- the checks -----------------------------------------------------------------------

def _problems(doc: Document) -> Iterator[Problem]:
    if not isinstance(doc, Document):
        yield Problem("document", "this is not a document")
        return
    body = get_body(doc.body) if isinstance(doc.body, str) else None
    if body is None:
        shown = chars.preview(doc.body) if isinstance(doc.body, str) else "of no kind"
        yield Problem("body", f"unknown body {shown}; choose one of {', '.join(bodies())}")
    if not isinstance(doc.session, int) or isinstance(doc.session, bool):
        yield Problem("session", "the session must be a whole number, such as 80")
    elif body is not None and not body.session_min <= doc.session <= body.session_max:
        yield Problem("session", f"session {doc.session} is outside {body.session_min}–{body.session_max} "
                                 f"for the {body.name}")
    if not is_language(doc.language):
        shown = chars.preview(doc.language) if isinstance(doc.language, str) else "of no kind"
        yield Problem("language", f"unknown language {shown}; a document is in one of the UN's six languages "
                                  f"({', '.join(CODES)}), and which one cannot be guessed: set it")
    total = yield from _text("title", doc.title, "the title", MAX_TITLE_CHARS, multiline=False, required=True)
    total += yield from _text("agenda_item", doc.agenda_item, "the agenda item", MAX_AGENDA_ITEM_CHARS,
                              multiline=False)
    total += yield from _text("agenda_title", doc.agenda_title, "the agenda title", MAX_AGENDA_TITLE_CHARS,
                              multiline=False)
    if doc.symbol is not None:
        total += yield from _text("symbol", doc.symbol, "the symbol", MAX_SYMBOL_CHARS, multiline=False,
                                  blank=CLEAN)

    para_ids: dict[str, str] = {}
    note_ids: dict[str, str] = {}
    count = 0
    for section in (PREAMBLE, OPERATIVE):
        for item in _visit(getattr(doc, section), section, 0, section):
            if isinstance(item, Problem):
                yield item
                continue
            label, para = item
            count += 1
            total += yield from _paragraph(label, para, para_ids, note_ids)
    if count > MAX_PARAGRAPHS:
        yield Problem("document", f"the draft has {count:,} paragraphs; the limit is {MAX_PARAGRAPHS:,}")
    if total > MAX_DOCUMENT_CHARS:
        yield Problem("document", f"the document holds {total:,} characters of text; the limit is "
                                  f"{MAX_DOCUMENT_CHARS:,}")


def _visit(items, section: str, depth: int, label: str) -> Iterator[Problem | tuple[str, Paragraph]]:
    """(label, paragraph) in reading order, and the problems of the tree's shape. Never
    descends past MAX_DEPTH, nor into a preambular paragraph's subparagraphs."""
    if not isinstance(items, (tuple, list)):
        yield Problem(label, "the paragraphs must be a list")
        return
    if isinstance(items, list):
        yield Problem(label, "the paragraphs must be a tuple", CLEAN)
    for n, para in enumerate(items, 1):
        if depth == 0:
            own = f"{'PP' if section == PREAMBLE else 'OP'}{n}"
        else:
            own = f"{label} {subparagraph_mark(depth, n)}"
        if not isinstance(para, Paragraph):
            yield Problem(own, "this is not a paragraph")
            continue
        yield own, para
        subs = para.subparagraphs
        if not isinstance(subs, (tuple, list)):
            yield Problem(own, "the subparagraphs must be a list")
        elif not subs:
            if isinstance(subs, list):
                yield Problem(own, "the subparagraphs must be a tuple", CLEAN)
        elif section == PREAMBLE:
            yield Problem(own, "preambular paragraphs take no subparagraphs")
        elif depth >= MAX_DEPTH:
            yield Problem(own, "subparagraphs are nested too deep: (a), (i) and a. are the deepest levels")
        else:
            yield from _visit(subs, section, depth + 1, own)


def _paragraph(label: str, para: Paragraph, para_ids: dict, note_ids: dict) -> Iterator[Problem]:
    """The problems of one paragraph; returns the length of its cleaned text."""
    yield from _id(label, para.id, "the paragraph", para_ids)
    text = para.text
    size = yield from _text(label, text, "the paragraph", MAX_PARAGRAPH_CHARS, multiline=True, required=True)
    length = len(text) if isinstance(text, str) else 0

    opening = para.opening_length
    if opening is not None:
        if not isinstance(opening, int) or isinstance(opening, bool):
            yield Problem(label, "the length of the italic opening must be a whole number")
        elif not 0 <= opening <= length:
            yield Problem(label, "the italic opening runs past the paragraph's end", REPAIR)
    if para.source is not None:
        size += yield from _text(label, para.source, "the source", MAX_SOURCE_CHARS, multiline=False, blank=CLEAN)

    notes = para.footnotes
    if not isinstance(notes, (tuple, list)):
        yield Problem(label, "the footnotes must be a list")
        return size
    if isinstance(notes, list):
        yield Problem(label, "the footnotes must be a tuple", CLEAN)
    if len(notes) > MAX_FOOTNOTES:
        yield Problem(label, f"the paragraph has {len(notes):,} footnotes; the limit is {MAX_FOOTNOTES}")
    last, ordered = 0, True
    for k, note in enumerate(notes, 1):
        name = f"footnote {k}"
        if not isinstance(note, Footnote):
            yield Problem(label, f"{name} is not a footnote")
            continue
        yield from _id(label, note.id, name, note_ids)
        at = note.at
        if not isinstance(at, int) or isinstance(at, bool):
            yield Problem(label, f"the marker of {name} must stand at a whole-number offset")
        elif not 0 <= at <= length:
            yield Problem(label, f"the marker of {name} stands outside the paragraph's text", REPAIR)
        else:
            ordered, last = ordered and at >= last, at
        size += yield from _text(label, note.text, name, MAX_FOOTNOTE_CHARS, multiline=True, required=True,
                                 blank=REPAIR)
    if not ordered:
        yield Problem(label, "the footnotes are not in the order of their markers", CLEAN)
    return size


def _id(label: str, value: object, owner: str, seen: dict[str, str]) -> Iterator[Problem]:
    if not isinstance(value, str) or not value:
        yield Problem(label, f"{owner} has no id", REPAIR)
    elif not is_valid_id(value):
        yield Problem(label, f"{owner} has the id {chars.preview(value)}, which is not of the shape "
                             f"ids take ({ID_RULE})", REPAIR)
    elif value in seen:
        kind = "paragraph id" if owner == "the paragraph" else "footnote id"
        yield Problem(label, f"{kind} {chars.preview(value)} is used twice (first at {seen[value]})", REPAIR)
    else:
        seen[value] = label


def _text(where: str, value: object, field: str, limit: int, *, multiline: bool, required: bool = False,
          blank: str | None = None) -> Iterator[Problem]:
    """The problems of one text field; returns its cleaned length. ``required``: empty is
    refused; else ``blank`` is the kind of problem an empty value is (None: allowed;
    CLEAN: it becomes None, for the optional symbol and source)."""
    if not isinstance(value, str):
        yield Problem(where, f"{field} must be text")
        return 0
    at = chars.lone_surrogate(value)
    if at is not None:
        yield Problem(where, f"{field} holds a lone surrogate ({chars.code_point(value[at])}) at character "
                             f"{at + 1}: that is not text (a broken client sent it); send the text as UTF-8",
                      REPAIR)
    cleaned = chars.clean(value, multiline)
    if len(cleaned) > limit:
        yield Problem(where, f"{field} has {len(cleaned):,} characters; the limit is {limit:,}")
    if chars.is_blank(cleaned) and (required or blank is not None):
        if required:
            yield Problem(where, f"{field} is empty", blank or REFUSE)
        else:
            yield Problem(where, f"{field} is empty (it is dropped)", blank)
        return len(cleaned)
    why = chars.why_unclean(value, multiline)
    if why is not None:
        yield Problem(where, f"{field} {why}", CLEAN)
    return len(cleaned)


# --- cleaning and repairing ---------------------------------------------------------------

def _rebuild(doc: Document, *, repair: bool) -> Document:
    """``doc`` cleaned; with ``repair``, also with the REPAIR problems fixed. Leaves alone
    what it cannot fix (wrong types, nesting past MAX_DEPTH), for problems() to report."""
    taken = _all_ids(doc) if repair else set()
    para_ids: set[str] = set()
    note_ids: set[str] = set()

    def fresh(value, prefix: str, seen: set[str]) -> str:
        if repair and (not is_valid_id(value) or value in seen):
            value = new_id(prefix)
            while value in taken or value in seen:
                value = new_id(prefix)
        if isinstance(value, str):
            seen.add(value)
        return value

    def line(value, multiline: bool = False, optional: bool = False):
        if not isinstance(value, str):
            return value
        cleaned = chars.clean(chars.replace_surrogates(value) if repair else value, multiline)
        return None if optional and chars.is_blank(cleaned) else cleaned

    def note(fn: Footnote, length: int, move) -> Footnote | None:
        at = fn.at
        if isinstance(at, int) and not isinstance(at, bool):
            at = move(min(max(at, 0), length))
        body = line(fn.text, multiline=True)
        if repair and isinstance(body, str) and chars.is_blank(body):
            return None
        return Footnote(id=fresh(fn.id, "fn", note_ids), at=at, text=body)

    def paragraph(para: Paragraph, section: str, depth: int) -> Paragraph:
        text, length, move = para.text, 0, (lambda offset: offset)
        if isinstance(text, str):
            length = len(text)
            text, move = chars.clean_mapped(chars.replace_surrogates(text) if repair else text)
        pid = fresh(para.id, "p", para_ids)
        notes = para.footnotes
        if isinstance(notes, (tuple, list)):
            notes = [note(n, length, move) if isinstance(n, Footnote) else n for n in notes]
            notes = [n for n in notes if n is not None]
            if all(isinstance(n, Footnote) and isinstance(n.at, int) for n in notes):
                notes.sort(key=lambda n: n.at)
            notes = tuple(notes)
        opening = para.opening_length
        if isinstance(opening, int) and not isinstance(opening, bool):
            opening = move(min(max(opening, 0), length))
        subs = para.subparagraphs
        if isinstance(subs, (tuple, list)):
            if section == OPERATIVE and depth < MAX_DEPTH:
                subs = tree(subs, section, depth + 1)
            subs = tuple(subs)
        return replace(para, id=pid, text=text, footnotes=notes, opening_length=opening,
                       source=line(para.source, optional=True), subparagraphs=subs)

    def tree(items, section: str, depth: int):
        if not isinstance(items, (tuple, list)):
            return items
        out = [paragraph(p, section, depth) if isinstance(p, Paragraph) else p for p in items]
        if repair:
            out = [p for p in out if not _empty_leaf(p)]
        return tuple(out)

    return replace(doc, title=line(doc.title), agenda_item=line(doc.agenda_item),
                   agenda_title=line(doc.agenda_title), symbol=line(doc.symbol, optional=True),
                   preamble=tree(doc.preamble, PREAMBLE, 0), operative=tree(doc.operative, OPERATIVE, 0))


def _empty_leaf(para) -> bool:
    return (isinstance(para, Paragraph) and isinstance(para.text, str) and chars.is_blank(para.text)
            and not para.footnotes and not para.subparagraphs)


def _all_ids(doc: Document) -> set[str]:
    """Every id in ``doc`` at any depth, whatever else is wrong with it (no recursion)."""
    out: set[str] = set()
    stack = [p for items in (doc.preamble, doc.operative) if isinstance(items, (tuple, list)) for p in items]
    while stack:
        para = stack.pop()
        if not isinstance(para, Paragraph):
            continue
        out.add(para.id)
        if isinstance(para.footnotes, (tuple, list)):
            out.update(n.id for n in para.footnotes if isinstance(n, Footnote))
        if isinstance(para.subparagraphs, (tuple, list)):
            stack.extend(para.subparagraphs)
    return {i for i in out if isinstance(i, str)}
