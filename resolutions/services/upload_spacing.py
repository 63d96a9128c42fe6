"""No-break spaces in a Word file read back (services/uploads.py): our writer binds words
with them (domain/typography.py) where the stored text has plain spaces, so a partner's
file reads differently from the draft in places nobody changed."""
from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from ..domain.document import Document, Paragraph
from ..domain.typography import NBSP


def unbound(text: str) -> str:
    """``text`` with plain spaces for no-break ones."""
    return text.replace(NBSP, " ")


def spaced_like(reference: Document, read: Document) -> Document:
    """``read`` with ``reference``'s own spaces wherever its words are the reference's: our
    writer binds words with no-break spaces (domain/typography.py) that the stored text
    has as plain spaces, and a file read back must not propose them as changes."""
    known = {p.id: p for _, _, p in reference.walk()}

    def fix(p: Paragraph) -> Paragraph:
        ref = known.get(p.id)
        subs = tuple(fix(sub) for sub in p.subparagraphs)
        if ref is None:
            return replace(p, subparagraphs=subs)
        notes = tuple(replace(n, text=like(r.text, n.text)) for n, r in zip(p.footnotes, ref.footnotes))
        return replace(p, text=like(ref.text, p.text), footnotes=notes + p.footnotes[len(notes):],
                       subparagraphs=subs)

    return read.with_changes(preamble=tuple(fix(p) for p in read.preamble),
                             operative=tuple(fix(p) for p in read.operative))


def like(reference: str, text: str) -> str:
    """``text`` with ``reference``'s characters in the stretches where the two agree but for
    no-break spaces (binding replaces one space by one character, so offsets hold)."""
    if NBSP not in text and NBSP not in reference:
        return text
    plain_ref, plain = unbound(reference), unbound(text)
    if plain_ref == plain:
        return reference
    out = list(text)
    for block in SequenceMatcher(None, plain_ref, plain, autojunk=False).get_matching_blocks():
        out[block.b:block.b + block.size] = reference[block.a:block.a + block.size]
    return "".join(out)
