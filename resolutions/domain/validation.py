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
  the order of their markers;
- blocks (document.py): the preamble holds paragraphs and headings, a subparagraph is a
  paragraph; only prose has footnotes, an italic opening and subparagraphs; only a heading
  a level, a pattern (≤ 1 placeholder) and restart (not in the preamble); only a table
  rows (ragged: merged cells; cells cleaned like paragraphs); titles are one line.
Places are the labels the pages show ("OP3 (a)", "Table 1", numbering.labels_by_place);
in a part too broken to number, "OP3" or (other kinds there) "operative block 7".

The checks never recurse deeper than MAX_DEPTH levels, however deep the input nests.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from . import text as chars
from .bodies import bodies, get_body
from .document import (ANNEX, HEADING, KINDS, MAX_DEPTH, MAX_HEADING_LEVEL, OPERATIVE, PARAGRAPH, PREAMBLE,
                       PROSE, TABLE, Document, Footnote, Paragraph, new_id)
from .errors import InvalidDocument
from .ids import ID_RULE, MAX_ID_CHARS, is_valid_id, safe_id  # noqa: F401 (the ids' rule, re-exported)
from .languages import CODES, is_language
from .numbering import labels_by_place, placeholder_count, subparagraph_mark

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
MAX_TABLE_ROWS = 200
MAX_TABLE_CELLS = 30                # per row
MAX_CELL_CHARS = 5_000
MAX_NUMBERING_CHARS = 50            # a heading's numbering pattern ("Part {I}")

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


# --- the doors ------------------------------------------------------------------------

def accept(doc: Document) -> Document:
    """``doc`` cleaned (removals applied, ends trimmed, footnotes in marker order), or
    InvalidDocument for the first thing that cleaning cannot fix."""
    clean = True
    for problem in _problems(doc):
        if problem.kind != CLEAN:
            raise problem.error()
        clean = False
    # nothing to clean: cleaning would give ``doc`` back (a stored revision, read on every
    # page, is checked once instead of three times)
    return doc if clean else validate(_rebuild(doc, repair=False))


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
    names = labels_by_place(doc)
    for section in (PREAMBLE, OPERATIVE):
        for item in _visit(getattr(doc, section), section, 0, section, names):
            if isinstance(item, Problem):
                yield item
                continue
            label, para, depth = item
            count += 1
            total += yield from _block(label, para, section, depth)
            total += yield from _paragraph(label, para, para_ids, note_ids)
    if count > MAX_PARAGRAPHS:
        yield Problem("document", f"the draft has {count:,} paragraphs; the limit is {MAX_PARAGRAPHS:,}")
    if total > MAX_DOCUMENT_CHARS:
        yield Problem("document", f"the document holds {total:,} characters of text; the limit is "
                                  f"{MAX_DOCUMENT_CHARS:,}")


def _visit(items, section: str, depth: int, label: str, names: dict[str, str],
           place: str = "") -> Iterator[Problem | tuple[str, Paragraph, int]]:
    """(label, paragraph, depth) in reading order, and the problems of the tree's shape.
    Never descends past MAX_DEPTH, nor into the subparagraphs of a preambular paragraph
    or of a block that takes none. ``names``: numbering.labels_by_place."""
    if not isinstance(items, (tuple, list)):
        yield Problem(label, "the paragraphs must be a list")
        return
    if isinstance(items, list):
        yield Problem(label, "the paragraphs must be a tuple", CLEAN)
    plain = all(getattr(p, "kind", PARAGRAPH) == PARAGRAPH for p in items)
    for n, para in enumerate(items, 1):
        if depth == 0 and not plain:
            own = f"{section} block {n}"
        elif depth == 0:
            own = f"{'PP' if section == PREAMBLE else 'OP'}{n}"
        else:
            own = f"{label} {subparagraph_mark(depth, n)}"
        here = f"{place or section[0]}-{n}"   # "o-7-2", as labels_by_place names places
        own = names.get(here, own)
        if not isinstance(para, Paragraph):
            yield Problem(own, "this is not a paragraph")
            continue
        yield own, para, depth
        subs = para.subparagraphs
        if not isinstance(subs, (tuple, list)):
            yield Problem(own, "the subparagraphs must be a list")
        elif not subs:
            if isinstance(subs, list):
                yield Problem(own, "the subparagraphs must be a tuple", CLEAN)
        elif para.kind not in PROSE:
            yield Problem(own, f"{_a(_kind_name(para.kind))} cannot hold subparagraphs")
        elif section == PREAMBLE:
            yield Problem(own, "preambular paragraphs take no subparagraphs")
        elif depth >= MAX_DEPTH:
            yield Problem(own, "subparagraphs are nested too deep: (a), (i) and a. are the deepest levels")
        else:
            yield from _visit(subs, section, depth + 1, own, names, here)


def _kind_name(kind: object) -> str:
    return kind if isinstance(kind, str) and kind in KINDS else "block of no known kind"


def _a(name: str) -> str:
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _block(label: str, para: Paragraph, section: str, depth: int) -> Iterator[Problem]:
    """The problems of a block's kind, its place and its kind's own fields; returns the
    cleaned length of its table cells and numbering pattern."""
    kind = para.kind
    if kind not in KINDS:
        shown = chars.preview(kind) if isinstance(kind, str) else "of no kind"
        yield Problem(label, f"unknown kind {shown}; a block is one of {', '.join(KINDS)}")
        return 0
    name, size = _kind_name(kind), 0
    if depth and kind != PARAGRAPH:
        yield Problem(label, f"a subparagraph is always a paragraph, not {_a(name)}")
    elif section == PREAMBLE and kind not in (PARAGRAPH, HEADING):
        yield Problem(label, f"the preamble holds paragraphs and headings only; {_a(name)} goes "
                             f"{'after' if kind == ANNEX else 'in'} the operative part")
    if kind not in PROSE:
        if para.footnotes:
            yield Problem(label, f"{_a(name)} cannot hold footnotes")
        if para.opening_length is not None:
            yield Problem(label, f"{_a(name)} has no italic opening")
    if kind != HEADING and (para.level != 1 or para.numbering != "" or para.restart is not False):
        yield Problem(label, f"only a heading has a level, a numbering pattern or restart, not {_a(name)}")
    if kind != TABLE and (para.rows != () or para.header_rows != 0):
        yield Problem(label, f"only a table has rows, not {_a(name)}")
    if kind == HEADING:
        size = yield from _heading(label, para, section)
    elif kind == TABLE:
        size = yield from _table(label, para)
    return size


def _heading(label: str, para: Paragraph, section: str) -> Iterator[Problem]:
    level, pattern = para.level, para.numbering
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= MAX_HEADING_LEVEL:
        yield Problem(label, f"a heading's level is 1, 2 or 3, not {chars.preview(str(level))}")
    if not isinstance(para.restart, bool):
        yield Problem(label, "a heading's restart must be true or false")
    elif para.restart and section == PREAMBLE:
        yield Problem(label, "a heading in the preamble cannot restart the operative numbering")
    size = yield from _text(label, pattern, "the numbering pattern", MAX_NUMBERING_CHARS, multiline=False)
    if isinstance(pattern, str) and placeholder_count(pattern) > 1:
        yield Problem(label, f"the numbering pattern {chars.preview(pattern)} holds more than one number; "
                             "it takes one of {I} {A} {1} {a} {i}, or none")
    if isinstance(pattern, str) and chars.is_blank(pattern) and isinstance(para.text, str) \
            and chars.is_blank(para.text):
        yield Problem(label, "the heading is empty: give it a text or a numbering pattern", REPAIR)
    return size


def _table(label: str, para: Paragraph) -> Iterator[Problem]:
    rows, size = para.rows, 0
    if not isinstance(rows, (tuple, list)) or not all(isinstance(r, (tuple, list)) for r in rows):
        yield Problem(label, "a table's rows must be a list of rows, each a list of cells")
        return 0
    if not rows or len(rows) > MAX_TABLE_ROWS:
        yield Problem(label, f"a table has 1 to {MAX_TABLE_ROWS} rows; this one has {len(rows):,}")
        return 0
    if isinstance(rows, list) or any(isinstance(r, list) for r in rows):
        yield Problem(label, "a table's rows must be tuples", CLEAN)
    for r, row in enumerate(rows, 1):
        if not row:
            yield Problem(label, f"row {r} of the table has no cells")
        elif len(row) > MAX_TABLE_CELLS:
            yield Problem(label, f"row {r} of the table has {len(row):,} cells; the limit is {MAX_TABLE_CELLS}")
            continue
        for c, cell in enumerate(row, 1):
            size += yield from _text(label, cell, f"row {r}, cell {c}", MAX_CELL_CHARS, multiline=True)
    header = para.header_rows
    if not isinstance(header, int) or isinstance(header, bool) or not 0 <= header <= len(rows):
        yield Problem(label, f"a table's header rows are a number from 0 to its {len(rows)} rows")
    return size


def _paragraph(label: str, para: Paragraph, para_ids: dict, note_ids: dict) -> Iterator[Problem]:
    """The problems of one paragraph; returns the length of its cleaned text."""
    yield from _id(label, para.id, "the paragraph", para_ids)
    text = para.text
    prose = para.kind in PROSE
    size = yield from _text(label, text, _TEXT_NAMES.get(para.kind, "the paragraph"),
                            MAX_PARAGRAPH_CHARS if prose else MAX_TITLE_CHARS, multiline=prose,
                            required=prose)
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


_TEXT_NAMES = {HEADING: "the heading", TABLE: "the table's title", ANNEX: "the annex's title"}


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
    plain = chars.is_plain(value)  # most text: one quick scan instead of four
    at = None if plain else chars.lone_surrogate(value)
    if at is not None:
        yield Problem(where, f"{field} holds a lone surrogate ({chars.code_point(value[at])}) at character "
                             f"{at + 1}: that is not text (a broken client sent it); send the text as UTF-8",
                      REPAIR)
    cleaned = value if plain else chars.clean(value, multiline)
    if len(cleaned) > limit:
        yield Problem(where, f"{field} has {len(cleaned):,} characters; the limit is {limit:,}")
    if chars.is_blank(cleaned) and (required or blank is not None):
        if required:
            yield Problem(where, f"{field} is empty", blank or REFUSE)
        else:
            yield Problem(where, f"{field} is empty (it is dropped)", blank)
        return len(cleaned)
    why = None if plain else chars.why_unclean(value, multiline)
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
            text, move = chars.clean_mapped(chars.replace_surrogates(text) if repair else text,
                                            para.kind in PROSE)
        kind_fields = {}
        if para.kind == HEADING:
            kind_fields["numbering"] = line(para.numbering)
        elif para.kind == TABLE and isinstance(para.rows, (tuple, list)) and len(para.rows) <= MAX_TABLE_ROWS:
            kind_fields["rows"] = tuple(tuple(line(c, multiline=True) for c in row)
                                        if isinstance(row, (tuple, list)) else row for row in para.rows)
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
            if section == OPERATIVE and depth < MAX_DEPTH and para.kind in PROSE:
                subs = tree(subs, section, depth + 1)
            subs = tuple(subs)
        return replace(para, id=pid, text=text, footnotes=notes, opening_length=opening,
                       source=line(para.source, optional=True), subparagraphs=subs, **kind_fields)

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
    if not isinstance(para, Paragraph):
        return False
    blank_heading = para.kind == HEADING and isinstance(para.numbering, str) and chars.is_blank(para.numbering)
    return ((para.kind in PROSE or blank_heading) and isinstance(para.text, str) and chars.is_blank(para.text)
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
