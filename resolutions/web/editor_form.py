"""The editor's form, read back into a Document, and what the live editor is told about it.

The editor posts the draft as an outline: for each paragraph in reading order its
id, section, depth and text (footnotes inline as ``^[…]``), as repeated fields
``pid``/``psection``/``pdepth``/``ptext``. JavaScript only moves those blocks
around; without it, buttons named ``action`` ask the server to do the same. While a
delegate types, the page posts the same form to the check route and shows the
server's labels, italics and style warnings (``live``): the rules live only here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from werkzeug.datastructures import MultiDict

from ..domain import editing
from ..domain.document import OPERATIVE, PREAMBLE, Document, Paragraph, new_id
from ..domain.errors import InvalidDocument
from ..domain.footnote_markup import parse
from ..domain.validation import MAX_PARAGRAPHS
from . import rendering
from .query_args import whole_number

ACTIONS = {"up": editing.move_up, "down": editing.move_down, "delete": editing.delete}
OUTLINE_CHARS = 60
_INLINE_NOTE = re.compile(r"\^\[[^\]]*\]?")


def read(form: MultiDict, base: Document) -> Document:
    """The edited document; paragraphs keep the italic span a source marked (which the
    form does not show) from ``base`` by id."""
    ids, sections = form.getlist("pid"), form.getlist("psection")
    depths, texts, sources = form.getlist("pdepth"), form.getlist("ptext"), form.getlist("psource")
    if not len(ids) == len(sections) == len(depths) == len(texts) == len(sources):
        raise InvalidDocument("the editor's form arrived incomplete; reload the page", "document")
    # Refused before any parsing: the check route reads this form on every pause in typing.
    if len(ids) > MAX_PARAGRAPHS:
        raise InvalidDocument(f"a draft holds at most {MAX_PARAGRAPHS:,} paragraphs", "document")
    known = {p.id: p for _, _, p in base.walk()}
    rows = []
    for n, (pid, section, depth, markup, source) in enumerate(zip(ids, sections, depths, texts, sources), 1):
        if whole_number(depth, 2) is None:
            raise InvalidDocument("a paragraph's level is not a number from 0 to 3", f"paragraph {n}")
        old = known.get(pid) if pid else None
        text, notes = parse(markup.strip(), [f.id for f in old.footnotes] if old else (),
                            where=f"paragraph {n}")
        para = Paragraph(id=pid or new_id(), text=text, footnotes=notes, source=source.strip()[:200] or None)
        if old is not None:
            para = _keep_opening(old, para)
        rows.append((section, int(depth), para))
    preamble, operative = editing.from_outline(rows)
    session = form.get("session", str(base.session)).strip()
    if whole_number(session, 9) is None:
        raise InvalidDocument("the session must be a number, such as 80", "session")
    return replace(base, title=form.get("title", base.title).strip(),
                   agenda_item=form.get("agenda_item", base.agenda_item).strip(),
                   agenda_title=form.get("agenda_title", base.agenda_title).strip(),
                   session=int(session), preamble=preamble, operative=operative)


def _keep_opening(old: Paragraph, new: Paragraph) -> Paragraph:
    """A source's exact italic span stays only while the words it covers are unchanged."""
    opening = old.opening_length
    if opening is not None and old.text[:opening] != new.text[:opening]:
        opening = None
    return replace(new, opening_length=opening)


def apply_action(doc: Document, action: str) -> Document:
    """One structural edit named by a button: "up:ID", "add-sub:ID", "add:operative" …"""
    verb, _, target = action.partition(":")
    blank = Paragraph(id=new_id(), text="")
    if verb in ACTIONS:
        return ACTIONS[verb](doc, target)
    if verb == "add-after":
        return editing.insert_after(doc, target, blank)
    if verb == "add-sub":
        return editing.add_subparagraph(doc, target, blank)
    if verb == "add" and target in (PREAMBLE, OPERATIVE):
        return editing.append(doc, target, blank)
    raise InvalidDocument(f"unknown editor action {action!r}", "action")


def without_blanks(doc: Document) -> Document:
    """Paragraphs added but left empty are dropped on save rather than refused."""
    def keep(items):
        return tuple(replace(p, subparagraphs=keep(p.subparagraphs)) for p in items if p.text.strip())
    return replace(doc, preamble=keep(doc.preamble), operative=keep(doc.operative))


def opening_words(markup: str) -> str:
    """"Requests the Secretary-General to submit…": a paragraph's line in the outline.
    Takes the editor's markup (even half-typed) and leaves its footnotes out."""
    text = " ".join(_INLINE_NOTE.sub("", markup).split())
    if len(text) <= OUTLINE_CHARS:
        return text
    cut = text.rfind(" ", OUTLINE_CHARS // 2, OUTLINE_CHARS)
    return text[:cut if cut > 0 else OUTLINE_CHARS].rstrip(",;:") + "…"


def live(doc: Document) -> dict:
    """What the editor shows of each paragraph while the delegate types, as the server
    numbers, renders and style-checks it: the same rows as the saved draft's page."""
    return {"paragraphs": [{"id": row.id, "label": row.label, "mark": row.mark, "html": str(row.html),
                            "warnings": list(row.warnings), "outline": opening_words(row.markup)}
                           for row in rendering.rows(doc)],
            "document_warnings": rendering.document_warnings(doc)}


@dataclass(frozen=True)
class PlacedConflicts:
    """Where the editor shows the conflicts of a save that could not be merged: beside
    their paragraph, or at the top (document fields, paragraphs the proposal leaves out).
    ``reinstate``: for a paragraph only theirs kept, where theirs has it, to put it back —
    (section, depth, the ids before it in that section, nearest first)."""
    top: tuple = ()
    by_paragraph: dict = field(default_factory=dict)
    reinstate: dict = field(default_factory=dict)
    base_revision: int = 0
    saved_by: str = ""


NO_CONFLICTS = PlacedConflicts()
_BEFORE_KEPT = 40


def place_conflicts(conflicts, rows, theirs: Document, *, base_revision: int, saved_by: str) -> PlacedConflicts:
    shown = {row.id for row in rows}
    by_paragraph: dict[str, list] = {}
    top = []
    for conflict in conflicts:
        if conflict.paragraph in shown:
            by_paragraph.setdefault(conflict.paragraph, []).append(conflict)
        else:
            top.append(conflict)
    missing = {c.paragraph for c in top if c.paragraph is not None}
    reinstate, before, section_of = {}, [], None
    for section, depth, para in theirs.walk():
        if section != section_of:
            before, section_of = [], section
        if para.id in missing:
            reinstate[para.id] = (section, depth, " ".join(reversed(before[-_BEFORE_KEPT:])))
        before.append(para.id)
    return PlacedConflicts(tuple(top), by_paragraph, reinstate, base_revision, saved_by)
