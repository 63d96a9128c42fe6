"""Rules every stored document keeps; breaking one is refused with its place named."""
from __future__ import annotations

from .bodies import get_body, bodies
from .document import MAX_DEPTH, Document
from .errors import InvalidDocument
from .numbering import labels

MAX_PARAGRAPH_CHARS = 20_000   # the longest paragraph in the UN corpus is under 8,000
MAX_PARAGRAPHS = 1_000
MAX_TITLE_CHARS = 1_000
MAX_FOOTNOTE_CHARS = 5_000


def validate(doc: Document) -> Document:
    body = get_body(doc.body)
    if body is None:
        raise InvalidDocument(f"unknown body {doc.body!r}; choose one of {', '.join(bodies())}", "body")
    if not body.session_min <= doc.session <= body.session_max:
        raise InvalidDocument(
            f"session {doc.session} is outside {body.session_min}–{body.session_max} for the {body.name}", "session")
    if not doc.title.strip():
        raise InvalidDocument("the title is empty", "title")
    if len(doc.title) > MAX_TITLE_CHARS:
        raise InvalidDocument(f"the title is longer than {MAX_TITLE_CHARS} characters", "title")
    if len(doc.agenda_item) > 50 or len(doc.agenda_title) > MAX_TITLE_CHARS:
        raise InvalidDocument("the agenda item is too long", "agenda_item")
    names = labels(doc)
    seen: set[str] = set()
    count = 0
    for section, depth, para in doc.walk():
        where = names.get(para.id, para.id)
        count += 1
        if not para.id or para.id in seen:
            raise InvalidDocument(f"paragraph id {para.id!r} is missing or used twice", where)
        seen.add(para.id)
        if depth > MAX_DEPTH or (section == "preamble" and depth > 0):
            raise InvalidDocument("subparagraphs are nested too deep", where)
        if len(para.text) > MAX_PARAGRAPH_CHARS:
            raise InvalidDocument(
                f"the paragraph has {len(para.text):,} characters; the limit is {MAX_PARAGRAPH_CHARS:,}", where)
        if not para.text.strip():
            raise InvalidDocument("the paragraph is empty", where)
        if para.opening_length is not None and not 0 <= para.opening_length <= len(para.text):
            raise InvalidDocument("the italic opening runs past the paragraph's end", where)
        for note in para.footnotes:
            if not 0 <= note.at <= len(para.text):
                raise InvalidDocument("a footnote marker stands outside the paragraph", where)
            if not note.text.strip() or len(note.text) > MAX_FOOTNOTE_CHARS:
                raise InvalidDocument("a footnote is empty or too long", where)
    if count > MAX_PARAGRAPHS:
        raise InvalidDocument(f"the draft has {count} paragraphs; the limit is {MAX_PARAGRAPHS}")
    return doc
