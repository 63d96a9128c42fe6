"""A document diff as a reader reviews it: footnotes as footnotes, unchanged runs folded.

diff.py compares paragraphs in the editor's inline form, so a footnote is a
``^[…]`` piece of the word operations. Here those operations are split back into
the paragraph's own text (with a numbered marker where each footnote stands) and
the footnotes' texts, each with its own word operations; a footnote typed in is
"added", one taken out "deleted". ``review_rows`` then keeps the changed paragraphs
with a little context around each and folds every longer unchanged run into a Gap,
for the compare page and any other page that shows a long diff.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import count

from .diff import ADDED, CHANGED, DELETE, DELETED, EQUAL, INSERT, SAME, DocumentDiff, ParagraphChange, WordOp

OLD, NEW = "old", "new"


@dataclass(frozen=True)
class Note:
    """One footnote of the compared paragraph; ``ops`` diff its text."""
    number: int
    status: str          # ADDED, DELETED, CHANGED or SAME
    ops: tuple[WordOp, ...]

    def text(self, side: str = NEW) -> str:
        drop = DELETE if side == NEW else INSERT
        return "".join(op.text for op in self.ops if op.op != drop)


@dataclass(frozen=True)
class Marker:
    """Where a footnote's marker stands in the paragraph's text, on both sides or,
    when an edit moved it past other words, on one (the other side has its own)."""
    note: Note
    sides: frozenset[str] = frozenset((OLD, NEW))


Piece = WordOp | Marker


@dataclass(frozen=True)
class ParagraphView:
    change: ParagraphChange
    label: str                     # "OP3 → OP5" when the number changed, else "OP4"
    pieces: tuple[Piece, ...]
    notes: tuple[Note, ...]
    position: int | None = None    # 1, 2 … among the changes; None when unchanged

    @property
    def id(self) -> str:
        return self.change.id

    @property
    def status(self) -> str:
        return self.change.status


@dataclass(frozen=True)
class Gap:
    """A run of unchanged paragraphs left out of a changes-only view."""
    paragraphs: tuple[ParagraphView, ...]

    @property
    def span(self) -> str:
        first, last = self.paragraphs[0].label, self.paragraphs[-1].label
        return first if first == last else f"{first}–{last}"


def number_label(change: ParagraphChange) -> str:
    old, new = change.old_label, change.new_label
    if old is None or new is None or old == new:
        return new or old or ""
    return f"{old} → {new}"


def paragraph_views(diff: DocumentDiff) -> list[ParagraphView]:
    """Every paragraph of the diff, footnotes numbered in reading order across it
    (so a number means the same note whether or not unchanged runs are folded)."""
    views, numbers, changes = [], count(1), count(1)
    for change in diff.paragraphs:
        pieces, notes = split_footnotes(change.ops, numbers)
        views.append(ParagraphView(change, number_label(change), pieces, notes,
                                   None if change.status == SAME else next(changes)))
    return views


def review_rows(diff: DocumentDiff, context: int = 2, everything: bool = False) -> list[ParagraphView | Gap]:
    """The paragraphs to show: all of them, or each change with ``context`` unchanged
    paragraphs either side and the runs between folded into Gaps. A run of one is
    shown rather than folded, since its fold would take as much room."""
    views = paragraph_views(diff)
    if everything:
        return list(views)
    changed = [i for i, v in enumerate(views) if v.status != SAME]
    keep = [False] * len(views)
    for i in changed:
        for k in range(max(0, i - context), min(len(views), i + context + 1)):
            keep[k] = True
    out: list[ParagraphView | Gap] = []
    run: list[ParagraphView] = []
    for view, kept in zip(views, keep):
        if kept:
            out.extend(_fold(run))
            run = []
            out.append(view)
        else:
            run.append(view)
    out.extend(_fold(run))
    return out


def _fold(run: list[ParagraphView]) -> list[ParagraphView | Gap]:
    return [Gap(tuple(run))] if len(run) > 1 else list(run)


# --- footnotes out of the word operations -------------------------------------------

def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ``^[…]`` in ``text``, brackets nested as
    footnote_markup.parse reads them; an unclosed one is left as text."""
    spans, i = [], 0
    while (start := text.find("^[", i)) >= 0:
        depth, k = 1, start + 2
        while k < len(text) and depth:
            depth += {"[": 1, "]": -1}.get(text[k], 0)
            k += 1
        if depth:
            break
        spans.append((start, k))
        i = k
    return spans


class _Side:
    """Footnote spans of one side's text, with the cut points a piece must not cross:
    each span's start, the end of its ``^[``, the start of its ``]`` and its end."""

    def __init__(self, text: str):
        self.spans = _spans(text)
        self.starts = [s for s, _ in self.spans]
        self.cuts = sorted({c for s, e in self.spans for c in (s, s + 2, e - 1, e)}) + [len(text) + 1]

    def next_cut(self, at: int) -> int:
        return self.cuts[bisect_right(self.cuts, at)]

    def where(self, at: int) -> tuple[int | None, bool]:
        """(index of the footnote holding offset ``at`` or None, whether it is a delimiter)."""
        k = bisect_right(self.starts, at) - 1
        if k < 0 or at >= self.spans[k][1]:
            return None, False
        start, end = self.spans[k]
        return k, at < start + 2 or at == end - 1


class _NoteBuilder:
    def __init__(self, number: int):
        self.number, self.ops, self.sides = number, [], set()


@dataclass
class _Place:
    builder: _NoteBuilder
    sides: set[str]


def split_footnotes(ops, numbers) -> tuple[tuple[Piece, ...], tuple[Note, ...]]:
    """Word operations over inline markup → (text pieces with Markers, the Notes).
    ``numbers`` yields the next footnote number. Every character of ``ops`` lands
    once in the text or in a note (twice when it moved between them: deleted from
    one, inserted in the other)."""
    if not any("^[" in op.text for op in ops):
        return tuple(ops), ()  # the common case: no footnote, nothing to split
    old_text = "".join(op.text for op in ops if op.op != INSERT)
    new_text = "".join(op.text for op in ops if op.op != DELETE)
    old, new = _Side(old_text), _Side(new_text)
    pieces = list(_cut(ops, old, new))
    pairs = _pairs(pieces)

    def find(key):
        return pairs.get(key, key)

    body: list = []
    groups: dict[tuple[str, int], _NoteBuilder] = {}

    def note(key) -> _NoteBuilder:
        side, root = key[0], find(key)
        if root not in groups:
            groups[root] = _NoteBuilder(next(numbers))
        builder = groups[root]
        if side not in builder.sides:  # its marker stands where the note first shows
            builder.sides.add(side)
            last = body[-1] if body else None
            if isinstance(last, _Place) and last.builder is builder:
                last.sides.add(side)
            else:
                body.append(_Place(builder, {side}))
        return builder

    def place(target: list, op: str, text: str) -> None:
        if target and isinstance(target[-1], WordOp) and target[-1].op == op:
            target[-1] = WordOp(op, target[-1].text + text)
        else:
            target.append(WordOp(op, text))

    for op, text, (o_note, o_delim), (n_note, n_delim) in pieces:
        o_home = note((OLD, o_note)) if o_note is not None else None
        n_home = note((NEW, n_note)) if n_note is not None else None
        if op == EQUAL and o_home is n_home and not o_delim and not n_delim:
            place(o_home.ops if o_home else body, EQUAL, text)
            continue
        if op != INSERT and not o_delim:
            place(o_home.ops if o_home else body, DELETE, text)
        if op != DELETE and not n_delim:
            place(n_home.ops if n_home else body, INSERT, text)

    notes = {b: _freeze(b) for b in groups.values()}
    pieces = [Marker(notes[p.builder], frozenset(p.sides)) if isinstance(p, _Place) else p for p in body]
    return _settle(pieces), tuple(sorted(notes.values(), key=lambda n: n.number))


def _settle(pieces: list) -> tuple[Piece, ...]:
    """A footnote typed in or taken out right after a word cuts that word's token
    ("countries␣" becomes "countries" + "^["), so the word shows deleted and inserted
    again. Where the words deleted and inserted between two unchanged runs are the
    same, show them unchanged with the markers where each side had them."""
    out: list = []
    group: list = []
    for piece in pieces + [None]:
        if piece is not None and (isinstance(piece, Marker) or piece.op != EQUAL):
            group.append(piece)
            continue
        for settled in (_same_words(group) or group) + ([piece] if piece else []):
            if isinstance(settled, WordOp) and out and isinstance(out[-1], WordOp) and out[-1].op == settled.op:
                out[-1] = WordOp(settled.op, out[-1].text + settled.text)
            else:
                out.append(settled)
        group = []
    return tuple(out)


def _same_words(group: list) -> list | None:
    old = "".join(p.text for p in group if isinstance(p, WordOp) and p.op == DELETE)
    new = "".join(p.text for p in group if isinstance(p, WordOp) and p.op == INSERT)
    if not old or old != new:
        return None
    at: list[tuple[int, Marker]] = []
    o = n = 0
    for p in group:
        if isinstance(p, Marker):
            where = {o if OLD in p.sides else n, n if NEW in p.sides else o}
            if len(where) > 1:
                return None  # one marker, two places: leave the edit as the diff saw it
            at.append((where.pop(), p))
        elif p.op == DELETE:
            o += len(p.text)
        else:
            n += len(p.text)
    out: list = []
    last = 0
    for pos, marker in at:
        if pos > last:
            out.append(WordOp(EQUAL, old[last:pos]))
        out.append(marker)
        last = pos
    if last < len(old):
        out.append(WordOp(EQUAL, old[last:]))
    return out


def _pairs(pieces) -> dict[tuple[str, int], tuple[str, int]]:
    """A footnote kept from old to new shares unchanged characters with itself. Each
    old footnote pairs with the new one it shares most with, one to one, so that each
    side still shows exactly its own footnotes when an edit splits or joins two."""
    shared: dict[tuple[int, int], int] = {}
    for op, text, (o_note, _), (n_note, _) in pieces:
        if op == EQUAL and o_note is not None and n_note is not None:
            shared[o_note, n_note] = shared.get((o_note, n_note), 0) + len(text)
    out: dict[tuple[str, int], tuple[str, int]] = {}
    for (o_note, n_note), _ in sorted(shared.items(), key=lambda kv: -kv[1]):
        if (OLD, o_note) not in out and (NEW, n_note) not in out:
            out[OLD, o_note] = out[NEW, n_note] = (OLD, o_note)
    return out


def _freeze(b: _NoteBuilder) -> Note:
    if b.sides == {NEW}:
        status = ADDED
    elif b.sides == {OLD}:
        status = DELETED
    else:
        status = CHANGED if any(op.op != EQUAL for op in b.ops) else SAME
    return Note(b.number, status, tuple(b.ops))


def _cut(ops, old: _Side, new: _Side):
    """The operations cut so that no piece crosses a footnote's edge or delimiter:
    yields (op, text, (old note, is delimiter), (new note, is delimiter))."""
    o = n = 0
    for op in ops:
        text, i = op.text, 0
        while i < len(text):
            step = len(text) - i
            if op.op != INSERT:
                step = min(step, old.next_cut(o) - o)
            if op.op != DELETE:
                step = min(step, new.next_cut(n) - n)
            yield (op.op, text[i:i + step],
                   old.where(o) if op.op != INSERT else (None, False),
                   new.where(n) if op.op != DELETE else (None, False))
            i += step
            o += step if op.op != INSERT else 0
            n += step if op.op != DELETE else 0
