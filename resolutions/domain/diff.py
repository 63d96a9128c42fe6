"""Compare two versions of a document: paragraphs aligned by id, words inside them.

Paragraphs are matched by their stable id, so a paragraph that moved is reported
as moved (not as deleted + inserted) and its number change is not a text change.
Inside a paragraph, difflib's matcher runs over whole tokens (words, numbers,
punctuation marks) so that no change ever cuts through a word, and diff-match-patch's
semantic clean-up groups the result.

Every block kind is compared the same way: a heading's or annex's text, a table's title
are words like a paragraph's. A change of kind, level, numbering pattern, restart or
header rows is a change (``ParagraphChange.fields`` names it). A table is compared as
its title and rows in one text (one line a row, cells between " | ") so that every page
showing ops shows a cell's edit, and row by row (``rows``): rows aligned as sequences,
a replaced row with as many cells compared cell by cell, any other row added or deleted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

from .document import PARAGRAPH, TABLE, Document, Paragraph
from .footnote_markup import render
from .numbering import labels

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, DELETED, CHANGED, MOVED, SAME = "added", "deleted", "changed", "moved", "same"

# A word keeps its inner hyphens and apostrophes (non‑medical, Côte d’Ivoire); any
# other mark is a token of its own. Each token carries the spaces after it.
_TOKEN = re.compile(r"(?:[\w]+(?:[-‑'’][\w]+)*|[^\w\s])\s*|\s+")
# Words, runs of spaces and single marks: the tokens a replacement is compared again in
# when a footnote marker stands in it (_notes_apart).
_FINE_TOKEN = re.compile(r"\w+(?:[-‑'’]\w+)*|\s+|.", re.DOTALL)
# Where a footnote stands in the editor's inline markup ("substances^[See …]"); redline
# passes its own one-character markers instead.
NOTE_MARKERS = ("^[",)


@dataclass(frozen=True)
class WordOp:
    op: str
    text: str


# The fields of a block besides its words whose change is a change of the block.
STRUCTURE_FIELDS = ("kind", "level", "numbering", "restart", "header_rows", "rows")
CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class RowChange:
    """One row of a compared table: each cell's word operations."""
    status: str                           # SAME, CHANGED, ADDED or DELETED
    cells: tuple[tuple["WordOp", ...], ...]


@dataclass(frozen=True)
class ParagraphChange:
    id: str
    status: str
    section: str
    depth: int
    old_label: str | None
    new_label: str | None
    old_text: str | None
    new_text: str | None
    ops: tuple[WordOp, ...] = ()
    kind: str = PARAGRAPH                 # the block's kind (in the new text, else the old)
    fields: tuple[str, ...] = ()          # STRUCTURE_FIELDS that differ
    rows: tuple[RowChange, ...] = ()      # tables only

    @property
    def text_changed(self) -> bool:
        return any(op.op != EQUAL for op in self.ops)


@dataclass(frozen=True)
class FieldChange:
    name: str
    ops: tuple[WordOp, ...]


@dataclass
class DocumentDiff:
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for p in self.paragraphs if p.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in (ADDED, DELETED, CHANGED, MOVED)}

    def summary_line(self) -> str:
        s = self.summary
        return (f"{s[ADDED]} added, {s[DELETED]} deleted, {s[CHANGED]} changed, {s[MOVED]} moved"
                + (f"; {', '.join(f.name for f in self.fields)} changed" if self.fields else ""))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _code_point(n: int) -> str:
    # One character per distinct token, past the control characters, around surrogates.
    n += 0x100
    return chr(n if n < 0xD800 else n + 0x800)


# The codes of the first tokens, made once: most paragraphs have far fewer distinct tokens.
_CODES = "".join(_code_point(k) for k in range(4096))

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 0  # a timeout silently degrades to "delete all, insert all"


def word_diff(old: str, new: str, markers: tuple[str, ...] = NOTE_MARKERS) -> tuple[WordOp, ...]:
    """Word-level operations turning ``old`` into ``new``; a footnote marker (any of
    ``markers``) added or removed beside a word changes only the marker."""
    if old == new:
        return (WordOp(EQUAL, old),) if old else ()
    old_tokens, new_tokens = tokens(old), tokens(new)
    # One character per distinct token, numbered in order of first appearance (old, then
    # new); built by dict and map rather than token by token.
    distinct = dict.fromkeys(old_tokens + new_tokens)
    codes = (dict(zip(distinct, _CODES)) if len(distinct) <= len(_CODES)
             else {tok: _code_point(k) for k, tok in enumerate(distinct)})
    word_of = {code: tok for tok, code in codes.items()}
    diffs = _token_diffs("".join(map(codes.__getitem__, old_tokens)), "".join(map(codes.__getitem__, new_tokens)))
    _dmp.diff_cleanupSemantic(diffs)
    ops = []
    names = {0: EQUAL, 1: INSERT, -1: DELETE}
    for op, chars in diffs:
        text = "".join(map(word_of.__getitem__, chars))
        if ops and ops[-1].op == names[op]:
            ops[-1] = WordOp(names[op], ops[-1].text + text)
        else:
            ops.append(WordOp(names[op], text))
    return tuple(_joined(_notes_apart(_trailing_space_outside(ops), markers)))


def _common_prefix(a: str, b: str) -> int:
    """The length of the common start of ``a`` and ``b``, by halving (slices compare in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the common end of ``a`` and ``b``, at most ``limit``."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:len(a) - lo] == b[len(b) - mid:len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _token_diffs(a: str, b: str) -> list[tuple[int, str]]:
    """diff-match-patch's (op, chars) list for two token-encoded texts, found by
    difflib's matcher: diff-match-patch's pure-Python bisection is many times slower on
    reworded paragraphs. Common ends are cut first (most paragraphs change in the middle)."""
    head = _common_prefix(a, b)
    tail = _common_suffix(a, b, min(len(a), len(b)) - head)
    diffs: list[tuple[int, str]] = [(0, a[:head])] if head else []
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, mid_a, mid_b).get_opcodes():
        if tag == "equal":
            diffs.append((0, mid_a[a0:a1]))
            continue
        if a1 > a0:
            diffs.append((-1, mid_a[a0:a1]))
        if b1 > b0:
            diffs.append((1, mid_b[b0:b1]))
    if tail:
        diffs.append((0, a[len(a) - tail:]))
    return diffs


def _joined(ops: list[WordOp]) -> list[WordOp]:
    """Neighbouring operations of one kind as one (the fine diff of a marker can leave two)."""
    out: list[WordOp] = []
    for op in ops:
        if out and out[-1].op == op.op:
            out[-1] = WordOp(op.op, out[-1].text + op.text)
        elif op.text:
            out.append(op)
    return out


def _trailing_space_outside(ops: list[WordOp]) -> list[WordOp]:
    """A replaced word keeps its following space on both sides: show it as unchanged
    ("eighty-first" → "eighty-second", not "eighty-first␣" → "eighty-second␣")."""
    out: list[WordOp] = []
    i = 0
    while i < len(ops):
        pair = ops[i:i + 2]
        if len(pair) == 2 and {pair[0].op, pair[1].op} == {DELETE, INSERT}:
            a, b = pair
            space = a.text[len(a.text.rstrip()):]
            if space and b.text.endswith(space) and a.text.strip() and b.text.strip():
                out += [WordOp(a.op, a.text[:-len(space)]), WordOp(b.op, b.text[:-len(space)])]
                if i + 2 < len(ops) and ops[i + 2].op == EQUAL:
                    ops[i + 2] = WordOp(EQUAL, space + ops[i + 2].text)
                else:
                    out.append(WordOp(EQUAL, space))
                i += 2
                continue
        out.append(ops[i])
        i += 1
    return out


def _notes_apart(ops: list[WordOp], markers: tuple[str, ...]) -> list[WordOp]:
    """The word diff with a footnote marker added or removed next to a word as that
    marker alone. tokens() keeps a word with the space after it, so a marker put
    after "substances" makes "substances␣" into "substances" + "¹␣" and the word would
    show deleted and inserted again; a replacement with a marker in it is compared again
    with spaces and markers as tokens of their own."""
    out: list[WordOp] = []
    i = 0
    while i < len(ops):
        pair = ops[i:i + 2]
        if (len(pair) == 2 and {pair[0].op, pair[1].op} == {DELETE, INSERT}
                and any(m in op.text for op in pair for m in markers)):
            old = next(op.text for op in pair if op.op == DELETE)
            new = next(op.text for op in pair if op.op == INSERT)
            out += _fine_diff(old, new)
            i += 2
        else:
            out.append(ops[i])
            i += 1
    return out


# Tokens × tokens past which a replacement is not compared finely: the matcher without
# autojunk is quadratic on spaces, and a marker beside a word only matters in a short edit
# (one long replacement in A/RES/77/254 took 60 ms; of the 277 fine comparisons the 475
# recurring pairs of the corpus make, 5 are past this).
FINE_LIMIT = 40_000


def _fine_diff(old: str, new: str) -> list[WordOp]:
    """``old`` → ``new`` over _FINE_TOKEN tokens; spaces alone between two changes are
    not kept as equal (that would cut one replacement into many)."""
    a, b = _FINE_TOKEN.findall(old), _FINE_TOKEN.findall(new)
    if len(a) * len(b) > FINE_LIMIT:  # a reworded passage, not a marker moved: keep it whole
        return [WordOp(DELETE, old), WordOp(INSERT, new)]
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[WordOp] = []
    gone: list[str] = []
    came: list[str] = []

    def flush():
        if gone:
            out.append(WordOp(DELETE, "".join(gone)))
        if came:
            out.append(WordOp(INSERT, "".join(came)))
        gone.clear()
        came.clear()

    for k, (tag, a0, a1, b0, b1) in enumerate(blocks):
        kept = "".join(a[a0:a1])
        inner = 0 < k < len(blocks) - 1
        if tag == "equal" and not (inner and kept.isspace()):
            flush()
            out.append(WordOp(EQUAL, kept))
        else:
            gone += a[a0:a1]
            came += b[b0:b1]
    flush()
    return out


def _shown(para: Paragraph) -> str:
    # Footnotes are compared where they stand, in the editor's inline form; a table's
    # rows follow its title, a line each.
    if para.kind == TABLE:
        return "\n".join([para.text, *(CELL_SEPARATOR.join(row) for row in para.rows)])
    return render(para.text, para.footnotes)


def structure_changes(old: Paragraph, new: Paragraph) -> tuple[str, ...]:
    """The STRUCTURE_FIELDS in which two versions of a block differ."""
    return tuple(name for name in STRUCTURE_FIELDS if getattr(old, name) != getattr(new, name))


def row_changes(old: tuple[tuple[str, ...], ...], new: tuple[tuple[str, ...], ...]) -> tuple[RowChange, ...]:
    """Rows of two tables aligned: kept rows SAME, a replaced row with the same number of
    cells CHANGED cell by cell, other rows DELETED and ADDED."""
    out: list[RowChange] = []

    def whole(row, status, op):
        out.append(RowChange(status, tuple(((WordOp(op, c),) if c else ()) for c in row)))

    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for row in new[b0:b1]:
                whole(row, SAME, EQUAL)
            continue
        gone, came = list(old[a0:a1]), list(new[b0:b1])
        while gone and came and len(gone[0]) == len(came[0]):
            a, b = gone.pop(0), came.pop(0)
            out.append(RowChange(CHANGED, tuple(word_diff(x, y, ()) for x, y in zip(a, b))))
        for row in gone:
            whole(row, DELETED, DELETE)
        for row in came:
            whole(row, ADDED, INSERT)
    return tuple(out)


def _rows(old: Paragraph | None, new: Paragraph | None) -> tuple[RowChange, ...]:
    if (old is None or old.kind != TABLE) and (new is None or new.kind != TABLE):
        return ()
    return row_changes(old.rows if old is not None else (), new.rows if new is not None else ())


def _positions(doc: Document) -> dict[str, tuple[str, int, Paragraph, str | None]]:
    """id → (section, depth, paragraph, parent id)."""
    out = {}
    for section in ("preamble", "operative"):
        for top in doc.section(section):
            _collect(top, section, 0, None, out)
    return out


def _collect(para, section, depth, parent, out):
    out[para.id] = (section, depth, para, parent)
    for sub in para.subparagraphs:
        _collect(sub, section, depth + 1, para.id, out)


def moved_ids(old: Document, new: Document) -> set[str]:
    """The ids of the paragraphs in both texts that left their place (what
    diff_documents reports as moved), without comparing any words."""
    return _moved(_positions(old), _positions(new))


def _moved(old_pos, new_pos) -> set[str]:
    common_old = [i for i in old_pos if i in new_pos]
    common_new = [i for i in new_pos if i in old_pos]
    # Paragraphs on the longest common subsequence of ids stayed put; others moved, as
    # did those now under another parent or in the other part.
    matcher = SequenceMatcher(None, common_old, common_new, autojunk=False)
    in_place = {common_new[b.b + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    return {pid for pid in common_new
            if pid not in in_place or (old_pos[pid][0], old_pos[pid][3]) != (new_pos[pid][0], new_pos[pid][3])}


def diff_documents(old: Document, new: Document) -> DocumentDiff:
    old_pos, new_pos = _positions(old), _positions(new)
    old_order, new_order = list(old_pos), list(new_pos)
    moved_away = _moved(old_pos, new_pos)
    old_labels, new_labels = labels(old), labels(new)

    result = DocumentDiff()
    for name in ("title", "agenda_item", "agenda_title"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            result.fields.append(FieldChange(name, word_diff(before, after)))

    def deleted(pid: str) -> ParagraphChange:
        section, depth, para, _ = old_pos[pid]
        return ParagraphChange(pid, DELETED, section, depth, old_labels[pid], None,
                               _shown(para), None, (WordOp(DELETE, _shown(para)),), para.kind,
                               rows=_rows(para, None))

    # Walk the new order; deleted paragraphs appear where they stood in the old order.
    pending_deleted = [i for i in old_order if i not in new_pos]
    old_index = {pid: k for k, pid in enumerate(old_order)}
    for pid in new_order:
        section, depth, para, _ = new_pos[pid]
        if pid in old_pos:
            while pending_deleted and old_index[pending_deleted[0]] < old_index[pid]:
                result.paragraphs.append(deleted(pending_deleted.pop(0)))
            o_para = old_pos[pid][2]
            if o_para == para:  # unchanged (most of a revision): no words to compare
                shown = _shown(para)
                ops, fields, rows = ((WordOp(EQUAL, shown),) if shown else ()), (), _rows(para, para)
                o_shown = shown
            else:
                o_shown, shown = _shown(o_para), _shown(para)
                ops = word_diff(o_shown, shown)
                fields = structure_changes(o_para, para)
                rows = _rows(o_para, para)
            edited = fields or any(op.op != EQUAL for op in ops)
            status = MOVED if pid in moved_away else CHANGED if edited else SAME
            result.paragraphs.append(ParagraphChange(
                pid, status, section, depth, old_labels[pid], new_labels[pid],
                o_shown, shown, ops, para.kind, fields, rows))
        else:
            result.paragraphs.append(ParagraphChange(
                pid, ADDED, section, depth, None, new_labels[pid], None, _shown(para),
                (WordOp(INSERT, _shown(para)),), para.kind, rows=_rows(None, para)))
    result.paragraphs.extend(deleted(pid) for pid in pending_deleted)
    return result
