"""Three-way merge of revisions, so that a stale save is combined instead of refused.

Two members of a delegation edit from one revision; "theirs" is saved first, "yours"
arrives with the old base. Each side's changes are read against the base and only a
change both made to one thing conflicts: the same words of a paragraph (merge_text.py),
a paragraph one deleted and the other edited (its wording or source; a move is no
edit), a paragraph both moved to different places. The rest combines; no word either
side wrote is lost or doubled. Paragraphs are matched by their stable ids.

A paragraph's place is the list holding it (a section or a parent) and its rank there.
Each list is merged three-way: siblings on a longest run both sides kept in base order
are anchors; a paragraph one side added or moved lands after the anchor it follows on
that side (theirs' before yours' in one gap). Only paragraphs both sides reworded are
merged word by word, so the rest is linear in paragraphs. Inputs are valid documents
(validation.accept); so is the merge, or what would break a rule is a "structure"
conflict. Both sides changing a paragraph's ``source`` differently: yours wins.

A block's kind, heading level, numbering pattern, restart, a table's rows and header
rows (diff.STRUCTURE_FIELDS) are fields of the block: one side's change is taken, both
changing one field differently is a conflict on that field (``Conflict.field`` names
it; base/theirs/yours hold the field's values). Rows both sides edited merge cell by
cell while the table keeps its shape; else "rows" conflicts.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from .diff import STRUCTURE_FIELDS
from .document import MAX_DEPTH, OPERATIVE, PREAMBLE, PROSE, Document, Paragraph
from .footnote_markup import render
from .merge_text import fresh_footnote_id, merge_paragraph, merge_text
from .numbering import labels
from .validation import MAX_DOCUMENT_CHARS, MAX_PARAGRAPHS, problems

BOTH_CHANGED, DELETED_EDITED, EDITED_DELETED = "both_changed", "deleted_edited", "edited_deleted"
BOTH_MOVED, STRUCTURE = "both_moved", "structure"
TEXT, POSITION = "text", "position"
WORDED_FIELDS = ("title", "agenda_item", "agenda_title")
# Characters (base + theirs + yours) merged word by word in one merge. Typical stale saves
# use a few thousand; past this, a paragraph both reworded is left to the user as a
# conflict, so that no save can spend seconds matching words (a 20,000-character
# paragraph reworded on both sides costs ~0.1 s).
WORD_MERGE_BUDGET = 300_000
VALUE_FIELDS = ("session", "language", "body", "symbol")
_FIELDS = {name: k for k, name in enumerate(WORDED_FIELDS + VALUE_FIELDS + ("document",))}
T, Y = 0, 1    # theirs, yours


@dataclass(frozen=True)
class Conflict:
    paragraph: str | None   # paragraph id; None for a document field
    field: str              # "text", "position", or the document field's name
    kind: str               # both_changed | deleted_edited | edited_deleted | both_moved | structure
    base: str | None        # the paragraph in editor markup (footnotes inline as ^[...]), or the field
    theirs: str | None      # None where theirs has no such paragraph (deleted it)
    yours: str | None       # None where yours has no such paragraph (deleted it)
    label: str | None       # "OP3 (a)" as in theirs, else yours, else base; None for a field

    def to_json(self) -> dict:
        return {"paragraph": self.paragraph, "field": self.field, "kind": self.kind, "label": self.label,
                "base": self.base, "theirs": self.theirs, "yours": self.yours}


@dataclass(frozen=True)
class MergeResult:
    document: Document | None           # None iff there are conflicts
    conflicts: tuple[Conflict, ...]
    combined: int                       # paragraphs and fields yours changed (0: none)
    proposed: Document | None = None    # every conflict settled in yours' favour (== document if clean)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(base: Document, theirs: Document, yours: Document) -> MergeResult:
    """``yours`` (edited from ``base``) combined with ``theirs`` (saved from it meanwhile)."""
    if yours == base:
        return MergeResult(theirs, (), 0, theirs)
    sides = (_Side(base), _Side(theirs), _Side(yours))
    first = _Merge(*sides).run()
    if first.document is not None:
        return MergeResult(first.document, (), first.combined, first.document)
    return MergeResult(None, first.sorted_conflicts(), first.combined, _proposal(sides, first))


def _proposal(sides, first: _Merge) -> Document:
    """The merge with yours' side taken wherever the two conflict; what structure still
    refuses is decided by yours' tree too; yours as it is if that never settles."""
    forced: set[str] = set()
    attempt = first
    for _ in range(4):
        forced |= attempt.unsettled
        attempt = _Merge(*sides, prefer_yours=True, forced=frozenset(forced)).run()
        if attempt.document is not None:
            return attempt.document
    return sides[2].doc


class _Side:
    """One revision indexed by id: each paragraph, the list holding it, the lists."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.para: dict[str, Paragraph] = {}
        self.key: dict[str, object] = {}        # id → (section,) at the top, else the parent's id
        self.kids: dict[object, list[str]] = {}
        for section in (PREAMBLE, OPERATIVE):
            stack = [((section,), p) for p in reversed(doc.section(section))]
            while stack:
                key, p = stack.pop()
                self.para[p.id], self.key[p.id] = p, key
                self.kids.setdefault(key, []).append(p.id)
                stack.extend((p.id, s) for s in reversed(p.subparagraphs))
        self._labels = None

    def label(self, pid: str) -> str | None:
        if self._labels is None:
            self._labels = labels(self.doc)
        return self._labels.get(pid)

    def shown(self, pid: str) -> str | None:
        p = self.para.get(pid)
        return None if p is None else render(p.text, p.footnotes)


def _notes(p: Paragraph) -> tuple:
    return tuple((n.at, n.text) for n in p.footnotes)


def _same(a: Paragraph, b: Paragraph) -> bool:
    """The same wording (text and footnotes where they stand)."""
    return a is b or a.text == b.text and (a.footnotes == b.footnotes or _notes(a) == _notes(b))


def _edited(old: Paragraph, new: Paragraph) -> bool:
    return (not _same(old, new) or old.source != new.source
            or any(getattr(old, f) != getattr(new, f) for f in STRUCTURE_FIELDS))


def _merge_cells(b: tuple, t: tuple, y: tuple) -> tuple | None:
    """A table's rows both sides edited, merged cell by cell (merge_text) when all three
    have the same shape; None (a conflict) when a row or cell was added or removed, or
    both changed the same words of a cell."""
    if not len(b) == len(t) == len(y) or any(not len(rb) == len(rt) == len(ry) for rb, rt, ry in zip(b, t, y)):
        return None
    rows = []
    for rb, rt, ry in zip(b, t, y):
        cells = tuple(merge_text(cb, ct, cy) for cb, ct, cy in zip(rb, rt, ry))
        if any(c is None for c in cells):
            return None
        rows.append(cells)
    return tuple(rows)


def _pick(b, t, y, prefer_yours: bool = True):
    """(value, conflicted): one side changed → its value; both differently → yours or theirs."""
    if t == b or t == y:
        return y, False
    if y == b:
        return t, False
    return (y if prefer_yours else t), True


class _Merge:
    def __init__(self, base: _Side, theirs: _Side, yours: _Side, *, prefer_yours: bool = False,
                 forced: frozenset = frozenset()):
        self.b, self.t, self.y = base, theirs, yours
        self.prefer_yours, self.forced = prefer_yours, forced
        self.conflicts: dict[tuple, Conflict] = {}
        self.unsettled: set[str] = set()        # ids of conflicts preferring yours cannot settle
        self.touched: set[str] = set()          # paragraphs and fields yours changed
        self.content: dict[str, Paragraph] = {}  # id → merged paragraph (subparagraphs not yet set)
        self.home: dict[str, object] = {}       # id → the list it ends up in
        self.kids: dict[object, list[str]] = {}
        self.fresh: list[str] = []              # paragraphs whose wording was merged word by word
        self.restructured: list[str] = []       # blocks with fields from both sides
        self.budget = WORD_MERGE_BUDGET
        self.values: dict[str, object] = {}
        self.document: Document | None = None

    @property
    def combined(self) -> int:
        return len(self.touched)

    # ------------------------------------------------------------------ conflicts

    def conflict(self, pid: str | None, field: str, kind: str, settled: bool = True) -> None:
        if not settled:
            self.unsettled.add(pid)
        if (pid, field) in self.conflicts:
            return
        if pid is None:
            b, t, y = (None if v is None else str(v) for v in
                       (getattr(s.doc, field, None) for s in (self.b, self.t, self.y)))
            self.conflicts[(pid, field)] = Conflict(None, field, kind, b, t, y, None)
            return
        label = self.t.label(pid) or self.y.label(pid) or self.b.label(pid)
        self.conflicts[(pid, field)] = Conflict(pid, field, kind, self.b.shown(pid), self.t.shown(pid),
                                                self.y.shown(pid), label)

    def sorted_conflicts(self) -> tuple[Conflict, ...]:
        rank = {}
        for offset, side in enumerate((self.t, self.y, self.b)):
            for k, pid in enumerate(side.para):
                rank.setdefault(pid, (offset, k))
        return tuple(sorted(self.conflicts.values(), key=lambda c: (
            (0, _FIELDS.get(c.field, len(_FIELDS)), 0) if c.paragraph is None else
            (1, rank.get(c.paragraph, (3, 0)), c.field != TEXT))))

    # ------------------------------------------------------------------ the steps

    def run(self) -> _Merge:
        self.merge_fields()
        self.merge_paragraphs()
        for key in list(self.kids):
            self.kids[key] = self.order(key, self.kids[key])
        self.unique_footnote_ids()
        doc = self.build()
        if not self.conflicts or (self.prefer_yours and not self.unsettled):
            self.document = self.checked(doc)
        return self

    def merge_fields(self) -> None:
        for name in WORDED_FIELDS + VALUE_FIELDS:
            b, t, y = (getattr(s.doc, name) for s in (self.b, self.t, self.y))
            if y != b:
                self.touched.add(name)
            if name in WORDED_FIELDS:
                value = merge_text(b, t, y)
                if value is not None and (value.strip() or not t.strip() or not y.strip()):
                    self.values[name] = value.strip()
                    continue
                value, conflicted = (y if self.prefer_yours else t), True
            else:
                value, conflicted = _pick(b, t, y, self.prefer_yours)
            self.values[name] = value
            if conflicted:
                self.conflict(None, name, BOTH_CHANGED)

    def merge_paragraphs(self) -> None:
        b, t, y = self.b, self.t, self.y
        for pid in dict.fromkeys([*t.para, *y.para, *b.para]):
            pb, pt, py = b.para.get(pid), t.para.get(pid), y.para.get(pid)
            if (pb is None) != (py is None) or (pb and py and (_edited(pb, py) or y.key[pid] != b.key[pid])):
                self.touched.add(pid)
            if pid in self.forced:                   # yours' version decides, wholly
                if py is not None:
                    self.keep(pid, py, y.key[pid])
                continue
            if pt is not None and py is not None:
                if pb is None:
                    self.both_added(pid, pt, py)
                else:
                    self.keep(pid, self.wording(pid, pb, pt, py), self.where(pid))
            elif pb is None:
                side = t if pt is not None else y
                self.keep(pid, side.para[pid], side.key[pid])
            elif py is not None:                     # theirs deleted it
                if _edited(pb, py):
                    self.conflict(pid, TEXT, DELETED_EDITED)
                    self.keep(pid, py, y.key[pid])
            elif pt is not None and _edited(pb, pt):  # yours deleted what theirs edited
                self.conflict(pid, TEXT, EDITED_DELETED)
                if not self.prefer_yours:
                    self.keep(pid, pt, t.key[pid])

    def keep(self, pid: str, para: Paragraph, key) -> None:
        self.content[pid], self.home[pid] = para, key
        self.kids.setdefault(key, []).append(pid)

    def both_added(self, pid: str, pt: Paragraph, py: Paragraph) -> None:
        if _edited(pt, py):
            self.conflict(pid, TEXT, BOTH_CHANGED)
        key = self.t.key[pid]
        if key != self.y.key[pid]:
            self.conflict(pid, POSITION, BOTH_MOVED)
        if self.prefer_yours:
            pt, key = py, self.y.key[pid]
        self.keep(pid, pt, key)

    def where(self, pid: str):
        key, conflicted = _pick(self.b.key[pid], self.t.key[pid], self.y.key[pid], self.prefer_yours)
        if conflicted:
            self.conflict(pid, POSITION, BOTH_MOVED)
        return key

    def wording(self, pid: str, pb: Paragraph, pt: Paragraph, py: Paragraph) -> Paragraph:
        chosen = self.words(pid, pb, pt, py)
        fields = {}
        for name in STRUCTURE_FIELDS:
            b, t, y = (getattr(p, name) for p in (pb, pt, py))
            value, conflicted = _pick(b, t, y, self.prefer_yours)
            if conflicted and name == "rows" and (cells := _merge_cells(b, t, y)) is not None:
                value, conflicted = cells, False
            if conflicted and (pid, name) not in self.conflicts:
                self.conflicts[(pid, name)] = Conflict(pid, name, BOTH_CHANGED, str(b), str(t), str(y),
                                                       self.t.label(pid) or self.y.label(pid))
            if value != getattr(chosen, name):
                fields[name] = value
        if fields:
            self.restructured.append(pid)
            chosen = replace(chosen, **fields)
        return chosen

    def words(self, pid: str, pb: Paragraph, pt: Paragraph, py: Paragraph) -> Paragraph:
        source, _ = _pick(pb.source, pt.source, py.source)
        if _same(pb, py) or _same(pt, py):
            chosen = pt
        elif _same(pb, pt):
            chosen = py
        elif self._afford(pb, pt, py) and (merged := merge_paragraph(pb, pt, py)) is not None:  # both reworded it
            self.fresh.append(pid)
            chosen = replace(py, text=merged[0], footnotes=merged[1], subparagraphs=(), opening_length=merged[2])
        else:
            self.conflict(pid, TEXT, BOTH_CHANGED)
            chosen = py
        return chosen if chosen.source == source else replace(chosen, source=source)

    def _afford(self, *versions: Paragraph) -> bool:
        cost = sum(len(p.text) + sum(len(n.text) for n in p.footnotes) for p in versions)
        self.budget -= cost
        return self.budget >= 0

    def order(self, key, members: list[str]) -> list[str]:
        """The merged order of one list of siblings (see the module docstring)."""
        sides = (self.t, self.y)
        lists = [s.kids.get(key, ()) for s in sides]
        inside = set(members)
        base_at = {pid: k for k, pid in enumerate(self.b.kids.get(key, ()))
                   if pid in inside and all(s.key.get(pid) == key for s in sides)}
        chosen, maybe = [], []
        for ids in lists:
            kept = [pid for pid in ids if pid in base_at]
            on_one, on_any = _longest_increasing([base_at[pid] for pid in kept])
            chosen.append({kept[k] for k in on_one})
            maybe.append({kept[k] for k in on_any})
        stable = chosen[T] & chosen[Y]
        anchor: list[dict] = [{}, {}]
        for side, ids in enumerate(lists):
            last = None
            for pid in ids:
                anchor[side][pid] = last
                if pid in stable:
                    last = pid
        owner = {}
        for pid in members:
            if pid in stable:
                continue
            if pid in base_at:     # kept in this list by both, reordered by one or both
                if pid not in chosen[Y]:
                    self.touched.add(pid)
                sure = [s for s in (T, Y) if pid not in maybe[s]]    # off every longest run
                has, both = sure or [s for s in (T, Y) if pid not in chosen[s]], len(sure) == 2
            else:                  # added here, or moved here from another list
                has = [s for s in (T, Y) if sides[s].key.get(pid) == key]
                both = len(has) == 2
            if both and anchor[T][pid] != anchor[Y][pid] and pid not in self.forced:
                self.conflict(pid, POSITION, BOTH_MOVED)
            owner[pid] = Y if (self.prefer_yours and Y in has) or has == [Y] else T
        runs: dict[object, tuple[list, list]] = {}
        for side, ids in enumerate(lists):
            last = None
            for pid in ids:
                if pid in stable:
                    last = pid
                elif owner.get(pid) == side:
                    runs.setdefault(last, ([], []))[side].append(pid)
        out = []
        for at in [None] + sorted(stable, key=base_at.__getitem__):
            if at is not None:
                out.append(at)
            theirs_run, yours_run = runs.get(at, ((), ()))
            out.extend(theirs_run)
            out.extend(yours_run)
        return out

    def unique_footnote_ids(self) -> None:
        seen: set[str] = set()
        for pid, para in self.content.items():
            if any(n.id in seen for n in para.footnotes):
                notes = tuple(replace(n, id=fresh_footnote_id(seen)) if n.id in seen else n for n in para.footnotes)
                para = self.content[pid] = replace(para, footnotes=notes)
            seen.update(n.id for n in para.footnotes)

    def build(self) -> Document:
        """The tree from the merged lists; what no rule allows is a structure conflict."""
        reached: set[str] = set()

        def node(pid: str, section: str, depth: int) -> Paragraph:
            reached.add(pid)
            para, ids = self.content[pid], self.kids.get(pid, ())
            if ids and (section == PREAMBLE or depth >= MAX_DEPTH or para.kind not in PROSE):
                self.unsettled.add(pid)
                for sub in ids:
                    self.conflict(sub, POSITION, STRUCTURE, settled=False)
                    _reach(sub, self.kids, reached)
                return para if not para.subparagraphs else replace(para, subparagraphs=())
            subs = tuple(node(sub, section, depth + 1) for sub in ids)
            if len(subs) == len(para.subparagraphs) and all(a is b for a, b in zip(subs, para.subparagraphs)):
                return para
            return replace(para, subparagraphs=subs)

        tops = {s: tuple(node(pid, s, 0) for pid in self.kids.get((s,), ())) for s in (PREAMBLE, OPERATIVE)}
        for key, ids in self.kids.items():
            if isinstance(key, str) and key not in self.content and ids:
                kind = (EDITED_DELETED if key in self.t.para else DELETED_EDITED if key in self.y.para
                        else STRUCTURE)
                self.conflict(key, TEXT, kind, settled=False)
                self.unsettled.update(ids)
                for sub in ids:
                    _reach(sub, self.kids, reached)
        for pid in self.content.keys() - reached:       # a cycle: each moved under the other
            if self.home[pid] != self.b.key.get(pid):
                self.conflict(pid, POSITION, STRUCTURE, settled=False)
        v = self.values
        return Document(v["body"], v["session"], v["title"], v["agenda_item"], v["agenda_title"],
                        tops[PREAMBLE], tops[OPERATIVE], v["symbol"], v["language"])

    def checked(self, doc: Document) -> Document | None:
        """``doc`` if it keeps the rules. Both sides did; only merged wording, merged
        fields and the totals can be new, so only those are checked here."""
        size = sum(len(p.text) + len(p.source or "") + sum(len(n.text) for n in p.footnotes)
                   for p in self.content.values())
        size += sum(len(getattr(doc, f) or "") for f in (*WORDED_FIELDS, "symbol"))
        if len(self.content) > MAX_PARAGRAPHS or size > MAX_DOCUMENT_CHARS:
            self.conflict(None, "document", STRUCTURE, settled=False)
            return None
        # Merged wording is checked as plain paragraphs (so places read "OP3"); blocks with
        # fields from both sides in the whole document.
        fresh = [Paragraph(pid, p.text, p.footnotes, (), p.opening_length if p.kind in PROSE else None, p.source)
                 for pid in self.fresh for p in [self.content[pid]]]
        sample = replace(doc, preamble=(), operative=tuple(fresh))
        if self.restructured and problems(doc):
            for pid in self.restructured:
                self.conflict(pid, "kind", STRUCTURE, settled=False)
        for problem in problems(sample):
            where = problem.where or "document"
            if where.startswith("OP") and where[2:].isdigit():
                self.conflict(self.fresh[int(where[2:]) - 1], TEXT, STRUCTURE, settled=False)
            else:
                self.conflict(None, where if where in _FIELDS else "document", STRUCTURE, settled=False)
        return None if self.conflicts and not (self.prefer_yours and not self.unsettled) else doc


def _reach(pid: str, kids: dict, reached: set[str]) -> None:
    stack = [pid]
    while stack:
        p = stack.pop()
        if p not in reached:
            reached.add(p)
            stack.extend(kids.get(p, ()))


def _longest_increasing(seq: list[int]) -> tuple[list[int], set[int]]:
    """(positions on one longest increasing run of ``seq``, positions on any longest one).
    An element on none of them was surely moved; O(n log n)."""
    n = len(seq)
    if all(seq[k] < seq[k + 1] for k in range(n - 1)):
        return list(range(n)), set(range(n))
    ending, before, last = _patience(seq)
    starting = _patience([-v for v in reversed(seq)])[0][::-1]
    one, k = [], last[-1]
    while k >= 0:
        one.append(k)
        k = before[k]
    return one, {k for k in range(n) if ending[k] + starting[k] - 1 == len(last)}


def _patience(seq: list[int]) -> tuple[list[int], list[int], list[int]]:
    """Per element, the length of the longest increasing run ending at it and the element
    before it on one; and per length, the last element ending a run of it."""
    tails: list[int] = []
    last: list[int] = []
    before, ending = [], []
    for k, v in enumerate(seq):
        i = bisect_left(tails, v)
        tails[i:i + 1], last[i:i + 1] = [v], [k]
        before.append(last[i - 1] if i else -1)
        ending.append(i + 1)
    return ending, before, last
