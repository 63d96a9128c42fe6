"""What a tracked-changes file prints: the new text marked up against the old one.

    redline(against, doc) -> tuple[MarkedParagraph, ...]   in printed order
    accepted(marked) / rejected(marked)                     what "Accept all" / "Reject all" leave

Paragraphs are matched by id and placed as diff.diff_documents decides (same, changed,
added, deleted, moved: diff.moved_ids). Paragraphs that kept their place print once, with their words
marked (diff.word_diff, footnote markers taking part as tokens); deleted and moved-away
paragraphs print where they stood in the old text, added and moved-in ones where they
stand in the new text, so that dropping one side gives the other side's order exactly.
A moved paragraph prints twice: "moved_from" (the old words, those the move dropped
marked deleted) and "moved_to" (the new words, the ones it gained marked inserted).

Every block kind prints the same way (a heading's, annex's or table's title as its
words; only prose has an italic opening); ``kind`` says what it is, and a kept block
whose kind, level, numbering, restart or rows changed is ``restructured`` (a writer
shows the block as it is in the new text, diff.structure_changes says what changed).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .diff import DELETE, DELETED, INSERT, moved_ids, structure_changes, word_diff
from .document import PARAGRAPH, Document, Paragraph
from .numbering import marks
from .openings import printed_opening

# Paragraph-level changes.
NONE, INSERTED, MOVED_FROM, MOVED_TO = "none", "inserted", "moved_from", "moved_to"
# Segment-level changes: EQUAL, INSERTED, DELETED (the last two shared with paragraphs).
EQUAL = "equal"
_DROPPED_ON_ACCEPT = (DELETED, MOVED_FROM)
_DROPPED_ON_REJECT = (INSERTED, MOVED_TO)

# Footnote markers travel through the word diff as one character each, from a
# private-use plane (skipping any character the texts themselves hold).
_NOTE_BASE = 0xF0000


@dataclass(frozen=True)
class Segment:
    change: str                 # equal | inserted | deleted
    text: str = ""
    note: str | None = None     # a footnote marker standing here (its text), instead of text
    italic: bool = False        # in the text this segment belongs to (the new one for equal)
    was_italic: bool = False    # equal text: italic in the old text (a formatting change if it differs)


@dataclass(frozen=True)
class MarkedParagraph:
    id: str
    section: str
    depth: int
    change: str                 # none | inserted | deleted | moved_from | moved_to
    segments: tuple[Segment, ...]
    numbered: bool              # carries a number ("1.", "(a)") in the text it belongs to
    was_numbered: bool          # kept paragraphs: numbered in the old text
    move: int | None = None     # pairs a moved_from with its moved_to
    kind: str = PARAGRAPH       # the block's kind in the text it belongs to
    restructured: bool = False  # kept blocks: kind, level, numbering, restart or rows changed
    was_kind: str | None = None # kept blocks: the kind in the old text, when it differs

    @property
    def changed(self) -> bool:
        return (self.change != NONE or self.numbered != self.was_numbered or self.restructured
                or any(s.change != EQUAL or s.italic != s.was_italic for s in self.segments))


@dataclass(frozen=True)
class Printed:
    """One paragraph of a side: what accept-all or reject-all leaves."""

    id: str
    section: str
    depth: int
    text: str
    footnotes: tuple[tuple[int, str], ...]   # (offset, text)
    italic: int                               # length of the italic opening
    numbered: bool
    kind: str = PARAGRAPH


def redline(against: Document, doc: Document) -> tuple[MarkedParagraph, ...]:
    moved = moved_ids(against, doc)
    old = _places(against)
    new = _places(doc)
    old_only = [pid for pid in old if pid not in new or pid in moved]
    new_only = [pid for pid in new if pid not in old or pid in moved]
    moves = {pid: k for k, pid in enumerate(p for p in new if p in moved)}

    def marked(pid: str, change: str) -> MarkedParagraph:
        if change == DELETED:
            section, depth, para, numbered = old[pid]
            return MarkedParagraph(pid, section, depth, DELETED,
                                   _whole(para, section, depth, DELETED), numbered, numbered, kind=para.kind)
        if change == INSERTED:
            section, depth, para, numbered = new[pid]
            return MarkedParagraph(pid, section, depth, INSERTED,
                                   _whole(para, section, depth, INSERTED), numbered, numbered, kind=para.kind)
        o_section, o_depth, o_para, o_numbered = old[pid]
        n_section, n_depth, n_para, n_numbered = new[pid]
        segments = _compare(o_para, o_section, o_depth, n_para, n_section, n_depth)
        if change == MOVED_FROM:
            kept = tuple(_as_old(s) for s in segments if s.change != INSERTED)
            return MarkedParagraph(pid, o_section, o_depth, MOVED_FROM, kept, o_numbered, o_numbered,
                                   moves[pid], o_para.kind)
        if change == MOVED_TO:
            kept = tuple(s for s in segments if s.change != DELETED)
            return MarkedParagraph(pid, n_section, n_depth, MOVED_TO, kept, n_numbered, n_numbered,
                                   moves[pid], n_para.kind, bool(structure_changes(o_para, n_para)))
        return MarkedParagraph(pid, n_section, n_depth, NONE, segments, n_numbered, o_numbered,
                               kind=n_para.kind, restructured=bool(structure_changes(o_para, n_para)),
                               was_kind=o_para.kind if o_para.kind != n_para.kind else None)

    # Anchors (kept in place) stand in the same order on both sides; between two of
    # them go first what only the old side had there, then what only the new side has.
    out: list[MarkedParagraph] = []
    o = n = 0
    old_order, new_order = list(old), list(new)
    old_set, new_set = set(old_only), set(new_only)
    while o < len(old_order) or n < len(new_order):
        while o < len(old_order) and old_order[o] in old_set:
            pid = old_order[o]
            out.append(marked(pid, MOVED_FROM if pid in moves else DELETED))
            o += 1
        while n < len(new_order) and new_order[n] in new_set:
            pid = new_order[n]
            out.append(marked(pid, MOVED_TO if pid in moves else INSERTED))
            n += 1
        if o < len(old_order) and n < len(new_order):
            # Both at the same anchor.
            out.append(marked(new_order[n], NONE))
            o += 1
            n += 1
    return tuple(out)


def unmarked(doc: Document) -> tuple[MarkedParagraph, ...]:
    """``doc`` with nothing marked, in the same shape (the clean export)."""
    out = []
    for pid, (section, depth, para, numbered) in _places(doc).items():
        italic = _italic(para, section, depth)
        notes: dict[str, str] = {}
        segments = tuple(_pieces(_encode(para, notes, set(para.text)), EQUAL, notes,
                                 old=(0, italic), new=(0, italic)))
        out.append(MarkedParagraph(pid, section, depth, NONE, segments, numbered, numbered, kind=para.kind))
    return tuple(out)


def compare_text(old: str, new: str) -> tuple[Segment, ...]:
    """Two plain texts (a title) as equal, inserted and deleted words."""
    return tuple(Segment({INSERT: INSERTED, DELETE: DELETED}.get(op.op, EQUAL), op.text)
                 for op in word_diff(old, new))


def accepted(marked) -> tuple[Printed, ...]:
    """The text "Accept all" leaves: the new document."""
    return tuple(_side(p, INSERTED) for p in marked if p.change not in _DROPPED_ON_ACCEPT)


def rejected(marked) -> tuple[Printed, ...]:
    """The text "Reject all" leaves: the old document."""
    return tuple(_side(p, DELETED) for p in marked if p.change not in _DROPPED_ON_REJECT)


def printed(doc: Document) -> tuple[Printed, ...]:
    """``doc`` in the same shape, to compare a side with."""
    places = _places(doc)
    return tuple(Printed(pid, section, depth, para.text, tuple((n.at, n.text) for n in para.footnotes),
                         _italic(para, section, depth), numbered, para.kind)
                 for pid, (section, depth, para, numbered) in places.items())


# --- building blocks ---------------------------------------------------------------------

def _places(doc: Document) -> dict[str, tuple[str, int, Paragraph, bool]]:
    """id → (section, depth, paragraph, numbered: printed with a mark, numbering.marks), in reading order."""
    printed_marks = marks(doc)
    return {para.id: (section, depth, _opening_fixed(para, section, depth, doc.language), bool(printed_marks[para.id]))
            for section, depth, para in doc.walk()}


def _opening_fixed(para: Paragraph, section: str, depth: int, language: str) -> Paragraph:
    """The paragraph with the italic opening it prints in its document's language set,
    so that every later step (which sees the paragraph only) italicises the same words."""
    if not para.is_prose:
        return para
    return replace(para, opening_length=printed_opening(para, section, depth, language))


def _italic(para: Paragraph, section: str, depth: int) -> int:
    return printed_opening(para, section, depth) if para.is_prose else 0


def _whole(para: Paragraph, section: str, depth: int, change: str) -> tuple[Segment, ...]:
    italic = _italic(para, section, depth)
    notes: dict[str, str] = {}
    return tuple(_pieces(_encode(para, notes, set(para.text)), change, notes, old=(0, italic) if change == DELETED else None,
                         new=(0, italic) if change != DELETED else None))


def _compare(o_para, o_section, o_depth, n_para, n_section, n_depth) -> tuple[Segment, ...]:
    notes: dict[str, str] = {}   # footnote text → its character, for both sides
    taken = set(o_para.text) | set(n_para.text)
    old_text, new_text = _encode(o_para, notes, taken), _encode(n_para, notes, taken)
    old_italic, new_italic = _italic(o_para, o_section, o_depth), _italic(n_para, n_section, n_depth)
    out: list[Segment] = []
    o = n = 0
    for op in word_diff(old_text, new_text, markers=tuple(notes.values())):
        change = {INSERT: INSERTED, DELETE: DELETED}.get(op.op, EQUAL)
        pieces = list(_pieces(op.text, change, notes,
                              old=None if change == INSERTED else (o, old_italic),
                              new=None if change == DELETED else (n, new_italic)))
        out += pieces
        length = sum(len(p.text) for p in pieces)
        o += 0 if change == INSERTED else length
        n += 0 if change == DELETED else length
    return _merged(out)


def _encode(para: Paragraph, notes: dict[str, str], taken: set[str]) -> str:
    """The paragraph's text with one private-use character where each footnote marker
    stands; the same footnote text gets the same character on both sides."""
    out, last = [], 0
    for note in sorted(para.footnotes, key=lambda n: n.at):
        out.append(para.text[last:note.at])
        if note.text not in notes:
            code = _NOTE_BASE + len(notes)
            while chr(code) in taken:
                code += 1
            notes[note.text] = chr(code)
            taken.add(chr(code))
        out.append(notes[note.text])
        last = note.at
    out.append(para.text[last:])
    return "".join(out)


def _pieces(text: str, change: str, notes: dict[str, str], *, old, new):
    """``text`` (footnote characters inside) cut into segments where a footnote stands
    and where the italic opening ends on either side. ``old``/``new``: (offset, italic
    length) of the text's start on that side, or None when it is not on that side."""
    note_text = {ch: text for text, ch in notes.items()}
    start = 0  # offset in the plain text (footnote characters do not count)
    for piece in _split_notes(text, note_text):
        if piece in note_text:
            yield Segment(change, "", note_text[piece])
            continue
        cuts = {0, len(piece)}
        for side in (old, new):
            if side is not None and 0 < side[1] - (side[0] + start) < len(piece):
                cuts.add(side[1] - (side[0] + start))
        edges = sorted(cuts)
        for a, b in zip(edges, edges[1:]):
            was = old is not None and old[0] + start + a < old[1]
            now = new is not None and new[0] + start + a < new[1]
            yield Segment(change, piece[a:b], None, now if new else was, was if old else now)
        start += len(piece)


def _split_notes(text: str, note_text: dict[str, str]) -> list[str]:
    """Runs of text and single footnote characters, in order."""
    if not note_text:
        return [text] if text else []
    out: list[str] = []
    last = 0
    for k, ch in enumerate(text):
        if ch in note_text:
            if k > last:
                out.append(text[last:k])
            out.append(ch)
            last = k + 1
    if last < len(text):
        out.append(text[last:])
    return out


def _as_old(segment: Segment) -> Segment:
    """A moved-away paragraph prints its old words with their old italics."""
    return Segment(segment.change, segment.text, segment.note, segment.was_italic, segment.was_italic)


def _merged(segments: list[Segment]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for s in segments:
        last = out[-1] if out else None
        if (last is not None and s.note is None and last.note is None and s.text and last.text
                and (last.change, last.italic, last.was_italic) == (s.change, s.italic, s.was_italic)):
            out[-1] = Segment(s.change, last.text + s.text, None, s.italic, s.was_italic)
        else:
            out.append(s)
    return tuple(out)


def _side(p: MarkedParagraph, kept: str) -> Printed:
    text: list[str] = []
    notes: list[tuple[int, str]] = []
    italic = 0
    length = 0
    accept = kept == INSERTED
    for s in p.segments:
        if s.change not in (EQUAL, kept):
            continue
        if s.note is not None:
            notes.append((length, s.note))
            continue
        if (s.italic if accept else s.was_italic) and italic == length:
            italic += len(s.text)
        text.append(s.text)
        length += len(s.text)
    return Printed(p.id, p.section, p.depth, "".join(text), tuple(notes), italic,
                   p.numbered if accept else p.was_numbered, p.kind if accept or not p.was_kind else p.was_kind)

