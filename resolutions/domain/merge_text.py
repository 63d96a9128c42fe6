"""Three-way merge of one string, or one paragraph's wording, by words (for merge.py).

Two delegates edit one paragraph from the same revision. Each side's edits are read as
hunks over the base's tokens (diff.tokens: words, numbers and marks, each carrying the
spaces after it, so no edit cuts through a word). Hunks of the two sides combine when at
least one word the base had stays unchanged between them. They conflict when they overlap
or touch in the base — one rewording "strengthen" while the other adds words right after
it does not mean the sum of both, as a delegate trial showed ("reinforce and expand") —
and even then not when both sides wrote the same thing there. Every hunk is applied once or the merge is refused, so no
word inserted by either side is lost or doubled and no word deleted by either comes back.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from .alignment import similarity
from .diff import tokens
from .document import Footnote, Paragraph, new_id
from .errors import InvalidDocument
from .footnote_markup import parse, render

THEIRS, YOURS = 0, 1


def merge_text(base: str, theirs: str, yours: str) -> str | None:
    """``base`` with the word edits of both ``theirs`` and ``yours``; None when they
    edit the same words differently (a conflict)."""
    if theirs == yours or yours == base:
        return theirs
    if theirs == base:
        return yours
    merged = merge_tokens(tokens(base), tokens(theirs), tokens(yours))
    return None if merged is None else "".join(merged)


def merge_paragraph(base: Paragraph, theirs: Paragraph, yours: Paragraph
                    ) -> tuple[str, tuple[Footnote, ...], int | None] | None:
    """(text, footnotes, opening_length) of a paragraph both sides reworded, or None on a
    conflict. Merged in the editor's markup, so that footnotes take part; a footnote keeps
    the id it has on a side where its text is the same (one both edited: the id of the
    closest); the italic opening stays while its words are those of a side that had it."""
    merged = merge_text(*(render(p.text, p.footnotes) for p in (base, theirs, yours)))
    if merged is None or not merged.strip():
        return None
    try:
        text, notes = parse(merged.strip())
    except InvalidDocument:          # brackets of a footnote broken between the two
        return None
    offered = [n for p in (base, theirs, yours) for n in p.footnotes]
    used: set[str] = set()
    ids: list[str | None] = []
    for note in notes:
        fid = next((n.id for n in offered if n.text == note.text and n.id not in used), None)
        ids.append(fid)
        used.add(fid)
    for k, note in enumerate(notes):
        if ids[k] is None:
            left = [n for n in offered if n.id not in used]
            ids[k] = max(left, key=lambda n: similarity(n.text, note.text)).id if left else fresh_footnote_id(used)
            used.add(ids[k])
    opening = next((p.opening_length for p in (yours, theirs, base) if p.opening_length is not None
                    and text[:p.opening_length] == p.text[:p.opening_length]), None)
    return text, tuple(Footnote(fid, n.at, n.text) for fid, n in zip(ids, notes)), opening


def fresh_footnote_id(taken: set[str]) -> str:
    fid = new_id("fn")
    while fid in taken:
        fid = new_id("fn")
    return fid


def hunks(base: list[str], side: list[str]) -> list[tuple[int, int, list[str]]]:
    """The edits turning ``base`` into ``side``: (start, end, replacement) over base
    token positions, in order, never overlapping. An insertion has start == end."""
    lo, n, m = 0, len(base), len(side)
    while lo < n and lo < m and base[lo] == side[lo]:
        lo += 1
    hi_b, hi_s = n, m
    while hi_b > lo and hi_s > lo and base[hi_b - 1] == side[hi_s - 1]:
        hi_b, hi_s = hi_b - 1, hi_s - 1
    if lo == hi_b and lo == hi_s:
        return []
    if lo == hi_b or lo == hi_s:          # a pure insertion or deletion: no matching needed
        return [(lo, hi_b, side[lo:hi_s])]
    matcher = SequenceMatcher(None, base[lo:hi_b], side[lo:hi_s], autojunk=False)
    return [(lo + i1, lo + i2, side[lo + j1:lo + j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def merge_tokens(base: list[str], theirs: list[str], yours: list[str]) -> list[str] | None:
    """The token-level merge behind merge_text; None on a conflict."""
    edits = sorted([(s, e > s, THEIRS, e, r) for s, e, r in hunks(base, theirs)]
                   + [(s, e > s, YOURS, e, r) for s, e, r in hunks(base, yours)],
                   key=lambda h: h[:3])
    out: list[str] = []
    done = 0          # base tokens before this are in ``out`` (copied or replaced)
    k = 0
    while k < len(edits):
        # A cluster: edits that overlap or touch one another in the base, with no word
        # left as it was between them. Two delegates rewording one phrase from either end
        # ("strengthen" → "reinforce", and "and expand" added after it) do not mean the
        # sum of both: only edits with an unchanged word between them combine.
        cluster = [edits[k]]
        lo, hi = edits[k][0], edits[k][3]
        k += 1
        while k < len(edits):
            start, _, _, end, replacement = edits[k]
            if start <= hi:
                cluster.append(edits[k])
                hi = max(hi, end)
                k += 1
            else:
                break
        out.extend(base[done:lo])
        theirs_part = _apply(base, lo, hi, [h for h in cluster if h[2] == THEIRS])
        yours_part = _apply(base, lo, hi, [h for h in cluster if h[2] == YOURS])
        if theirs_part is None:
            out.extend(yours_part)
        elif yours_part is None or theirs_part == yours_part:   # equal: both wrote it, once
            out.extend(theirs_part)
        else:
            return None
        done = hi
    out.extend(base[done:])
    return out


def _apply(base: list[str], lo: int, hi: int, edits) -> list[str] | None:
    """base[lo:hi] with one side's ``edits`` (all inside it) applied; None without edits."""
    if not edits:
        return None
    out, at = [], lo
    for start, _, _, end, replacement in edits:
        out.extend(base[at:start])
        out.extend(replacement)
        at = end
    out.extend(base[at:hi])
    return out
