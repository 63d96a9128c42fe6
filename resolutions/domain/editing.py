"""Structural edits of a document: move, insert, delete paragraphs and blocks.

Each returns a new Document; the editor applies them without JavaScript (one form
post per action) and the outline form is read back with ``from_outline``. Headings,
tables and annex breaks are blocks of a part like paragraphs (document.py): they move,
insert and delete the same way, but only at the top level and never with subparagraphs.
"""
from __future__ import annotations

from dataclasses import replace

from . import numbering
from .document import MAX_DEPTH, OPERATIVE, PARAGRAPH, PREAMBLE, Document, Paragraph
from .errors import InvalidDocument


def _edit_siblings(doc: Document, pid: str, edit) -> Document:
    """Apply ``edit(siblings, index) -> siblings`` to the list that holds ``pid``."""
    def walk(items: tuple[Paragraph, ...]) -> tuple[tuple[Paragraph, ...], bool]:
        for i, para in enumerate(items):
            if para.id == pid:
                return tuple(edit(list(items), i)), True
            subs, done = walk(para.subparagraphs)
            if done:
                items = items[:i] + (replace(para, subparagraphs=subs),) + items[i + 1:]
                return items, True
        return items, False

    for section in (PREAMBLE, OPERATIVE):
        items, done = walk(doc.section(section))
        if done:
            return replace(doc, **{section: items})
    raise InvalidDocument(f"there is no paragraph {pid!r} in this draft", "paragraph")


def _a(kind: str) -> str:
    """"a heading", "an annex": a kind of block in a sentence."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _where(n: int, para: Paragraph) -> str:
    """A block of the editor's outline as the delegate finds it: its first words, else its
    place (it has no label yet: the outline is not a document until it is read)."""
    words = " ".join(para.text.split())
    shown = words if len(words) <= 40 else words[:40].rstrip() + "…"
    return f"“{shown}”" if shown else f"block {n} ({_a(para.kind)}, still empty)"


def _swap(items: list, i: int, j: int) -> list:
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
    return items


def move_up(doc: Document, pid: str) -> Document:
    return _edit_siblings(doc, pid, lambda items, i: _swap(items, i, i - 1))


def move_down(doc: Document, pid: str) -> Document:
    return _edit_siblings(doc, pid, lambda items, i: _swap(items, i, i + 1))


def delete(doc: Document, pid: str) -> Document:
    return _edit_siblings(doc, pid, lambda items, i: items[:i] + items[i + 1:])


def insert_after(doc: Document, pid: str, new: Paragraph) -> Document:
    return _edit_siblings(doc, pid, lambda items, i: items[:i + 1] + [new] + items[i + 1:])


def add_subparagraph(doc: Document, pid: str, new: Paragraph) -> Document:
    where = next(((section, depth, p) for section, depth, p in doc.walk() if p.id == pid), None)
    label = numbering.labels(doc).get(pid, "paragraph") if where is not None else "paragraph"
    if where is not None and not where[2].is_prose:
        raise InvalidDocument(f"{_a(where[2].kind)} cannot hold subparagraphs", label)
    if where is not None and (where[0] == PREAMBLE or where[1] >= MAX_DEPTH):
        raise InvalidDocument("this paragraph cannot take a subparagraph "
                              "(preambular paragraphs take none; (a), (i) and a. are the deepest levels)", label)

    def add(items, i):
        items[i] = replace(items[i], subparagraphs=items[i].subparagraphs + (new,))
        return items
    return _edit_siblings(doc, pid, add)


def change(doc: Document, pid: str, **fields) -> Document:
    """The paragraph ``pid`` with some fields replaced (text, footnotes, source …)."""
    def edit(items, i):
        items[i] = replace(items[i], **fields)
        return items
    return _edit_siblings(doc, pid, edit)


def append(doc: Document, section: str, new: Paragraph) -> Document:
    return replace(doc, **{section: doc.section(section) + (new,)})


def from_outline(rows: list[tuple[str, int, Paragraph]]) -> tuple[tuple[Paragraph, ...], tuple[Paragraph, ...]]:
    """(section, depth, paragraph) rows in reading order → (preamble, operative).

    A row at depth d becomes a subparagraph of the nearest row above it at depth d-1;
    only prose blocks (numbered paragraphs and unnumbered text) take subparagraphs, and a
    subparagraph is always a numbered paragraph. Which kinds a part may hold is
    validation's to say (the same rules for every source).
    """
    sections: dict[str, list] = {PREAMBLE: [], OPERATIVE: []}
    # Each stack entry is [paragraph, children]; children are filled in, then frozen.
    stack: list[list] = []
    current = None

    def close_to(depth: int):
        while len(stack) > depth:
            para, children = stack.pop()
            built = replace(para, subparagraphs=tuple(children))
            (stack[-1][1] if stack else sections[current]).append(built)

    for n, (section, depth, para) in enumerate(rows, 1):
        if section not in sections:
            raise InvalidDocument(f"unknown section {section!r}", _where(n, para))
        if section != current:
            close_to(0)
            current = section
        if depth < 0 or depth > MAX_DEPTH or depth > len(stack):
            raise InvalidDocument("a subparagraph needs a paragraph above it, one level up", _where(n, para))
        if section == PREAMBLE and depth:
            raise InvalidDocument("preambular paragraphs do not take subparagraphs", _where(n, para))
        if depth and not stack[depth - 1][0].is_prose:
            raise InvalidDocument(f"{_a(stack[depth - 1][0].kind)} cannot hold subparagraphs", _where(n, para))
        if depth and para.kind != PARAGRAPH:
            raise InvalidDocument(f"{_a(para.kind)} cannot be a subparagraph", _where(n, para))
        close_to(depth)
        stack.append([para, []])
    close_to(0)
    return tuple(sections[PREAMBLE]), tuple(sections[OPERATIVE])
