"""Does an edit cut through a word? Checked on every diff the benchmark computes.

An edit's boundaries are where it starts and ends in the text it belongs to (old text
for a deletion, new text for an insertion) and the point where it stands in the other
text. A boundary cuts a word when the characters on both sides of it are alphanumeric.
"""
from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

EQUAL, INSERT, DELETE = 0, 1, -1


@dataclass
class CutCount:
    edits: int = 0          # non-equal operations
    cutting: int = 0        # of which at least one boundary cuts a word
    boundaries: int = 0     # boundaries checked
    violations: int = 0     # boundaries that cut a word
    paragraphs: int = 0     # paragraphs whose text changed
    mismatches: int = 0     # ops that do not rebuild the old and new texts (must be 0)

    def add(self, other: "CutCount") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _cuts(text: str, k: int) -> bool:
    return 0 < k < len(text) and text[k - 1].isalnum() and text[k].isalnum()


def count_cuts(ops: list[tuple[int, str]], old: str, new: str) -> CutCount:
    """``ops`` as (EQUAL/INSERT/DELETE, text) pairs turning ``old`` into ``new``."""
    c = CutCount()
    rebuilt_old = "".join(t for op, t in ops if op != INSERT)
    rebuilt_new = "".join(t for op, t in ops if op != DELETE)
    if rebuilt_old != old or rebuilt_new != new:
        c.mismatches += 1
    if old == new:
        return c
    c.paragraphs = 1
    po = pn = 0
    for op, text in ops:
        n = len(text)
        if op == EQUAL:
            po += n
            pn += n
            continue
        if op == DELETE:
            points = [(old, po), (old, po + n), (new, pn)]
            po += n
        else:
            points = [(new, pn), (new, pn + n), (old, po)]
            pn += n
        bad = sum(_cuts(t, k) for t, k in points)
        c.edits += 1
        c.boundaries += len(points)
        c.violations += bad
        c.cutting += bad > 0
    return c


_CODES = {"equal": EQUAL, "insert": INSERT, "delete": DELETE}


def ours(diff) -> CutCount:
    """Every paragraph of a DocumentDiff that exists on both sides."""
    total = CutCount()
    for p in diff.paragraphs:
        if p.old_text is None or p.new_text is None:
            continue
        total.add(count_cuts([(_CODES[o.op], o.text) for o in p.ops], p.old_text, p.new_text))
    return total


def character_mode(diff) -> CutCount:
    """The same paragraph pairs through plain diff-match-patch: diff_main (defaults,
    character mode) then diff_cleanupSemantic."""
    dmp = diff_match_patch()
    total = CutCount()
    for p in diff.paragraphs:
        if p.old_text is None or p.new_text is None:
            continue
        ops = dmp.diff_main(p.old_text, p.new_text)
        dmp.diff_cleanupSemantic(ops)
        total.add(count_cuts(ops, p.old_text, p.new_text))
    return total
