"""The editor's form, read back into a Document.

The editor posts the draft as an outline: for each paragraph in reading order its
id, section, depth and text (footnotes inline as ``^[…]``), as repeated fields
``pid``/``psection``/``pdepth``/``ptext``. JavaScript only moves those blocks
around; without it, buttons named ``action`` ask the server to do the same.
"""
from __future__ import annotations

from dataclasses import replace

from werkzeug.datastructures import MultiDict

from ..domain import editing
from ..domain.document import OPERATIVE, PREAMBLE, Document, Paragraph, new_id
from ..domain.errors import InvalidDocument
from ..domain.footnote_markup import parse

ACTIONS = {"up": editing.move_up, "down": editing.move_down, "delete": editing.delete}


def read(form: MultiDict, base: Document) -> Document:
    """The edited document; paragraphs keep the italic span a source marked (which the
    form does not show) from ``base`` by id."""
    ids, sections = form.getlist("pid"), form.getlist("psection")
    depths, texts, sources = form.getlist("pdepth"), form.getlist("ptext"), form.getlist("psource")
    if not len(ids) == len(sections) == len(depths) == len(texts) == len(sources):
        raise InvalidDocument("the editor's form arrived incomplete; reload the page", "document")
    rows = []
    for n, (pid, section, depth, markup, source) in enumerate(zip(ids, sections, depths, texts, sources), 1):
        if not depth.isdecimal():
            raise InvalidDocument("a paragraph's level is not a number", f"paragraph {n}")
        old = base.find(pid) if pid else None
        text, notes = parse(markup.strip(), [f.id for f in old.footnotes] if old else (),
                            where=f"paragraph {n}")
        para = Paragraph(id=pid or new_id(), text=text, footnotes=notes, source=source.strip()[:200] or None)
        if old is not None:
            para = _keep_opening(old, para)
        rows.append((section, int(depth), para))
    preamble, operative = editing.from_outline(rows)
    session = form.get("session", str(base.session)).strip()
    if not session.isdecimal():
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
