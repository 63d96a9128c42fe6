"""Three-way merge of revisions (issue #7), on the UN's real texts.

The edits are real where the corpus has them: resolution 77/248 on oceans and the law of
the sea (the largest of the corpus) and its successor 78/69, aligned by id, give the
wording negotiated in a year; words and paragraphs inserted by the seeded scripts are
taken from the next resolution of the session. Nothing is invented, nothing copied.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace
from functools import cache

import pytest

from resolutions.domain import editing
from resolutions.domain.alignment import align_ids
from resolutions.domain.diff import diff_documents, tokens
from resolutions.domain.document import (
    MAX_DEPTH,
    OPERATIVE,
    PARAGRAPH,
    Document,
    Footnote,
    Paragraph,
)
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.footnote_markup import parse, render
from resolutions.domain.merge import Conflict, MergeResult, merge
from resolutions.domain.merge_text import hunks, merge_text
from resolutions.domain.validation import validate
from tests.domain import corpus

WORD = re.compile(r"\w")


# ------------------------------------------------------------------------ helpers

@cache
def oceans() -> tuple[Document, Document]:
    """A/RES/77/248, and A/RES/78/69 with the ids of the paragraphs it continues; their
    numbered paragraphs only (the scripts below move and nest any of them; merging
    headings, annexes and tables is tested in test_structure_blocks.py)."""
    old = _paragraphs_only(corpus.one(77, "English", "248"))
    return old, align_ids(old, _paragraphs_only(corpus.one(78, "English", "69")))


def _paragraphs_only(doc: Document) -> Document:
    return replace(doc, operative=tuple(p for p in doc.main_operative() if p.kind == PARAGRAPH))


def shown(p: Paragraph) -> str:
    return render(p.text, p.footnotes)


def outline(doc: Document) -> list[tuple]:
    return [(section, depth, p.id, shown(p), p.opening_length) for section, depth, p in doc.walk()]


def reworded(doc: Document, pid: str, markup: str) -> Document:
    """``pid`` given ``markup`` as the editor would save it: footnote ids kept in order, the
    italic opening kept while its words are."""
    old = doc.find(pid)
    text, notes = parse(markup.strip(), [n.id for n in old.footnotes])
    n = old.opening_length
    opening = n if n is not None and text[:n] == old.text[:n] else None
    return editing.change(doc, pid, text=text, footnotes=notes, opening_length=opening)


def spliced(markup: str, edits) -> str:
    """``markup`` with (start, end, tokens) edits over its tokens applied."""
    toks, out, at = tokens(markup), [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        out += toks[at:start] + list(new)
        at = end
    return "".join(out + toks[at:])


def moved_after(doc: Document, pid: str, anchor: str) -> Document:
    para = doc.find(pid)
    return editing.insert_after(editing.delete(doc, pid), anchor, para)


def changed_paragraphs(hunk_count):
    """(id, base markup, new markup, hunks) of 77/248 paragraphs reworded in 78/69 by
    ``hunk_count(n)`` separate edits, in reading order."""
    old, new = oceans()
    for _, _, p in old.walk():
        q = new.find(p.id)
        if q is not None and shown(p) != shown(q):
            found = hunks(tokens(shown(p)), tokens(shown(q)))
            if hunk_count(len(found)):
                yield p.id, shown(p), shown(q), found


def fresh(p: Paragraph, prefix: str) -> Paragraph:
    """A real paragraph from another resolution, under ids of its own in this one."""
    pid = f"{prefix}-{p.id}"
    return Paragraph(pid, p.text, tuple(Footnote(f"{pid}-fn{j}", n.at, n.text) for j, n in enumerate(p.footnotes)),
                     (), p.opening_length, p.source)


def clashing(markup: str, hunk) -> str:
    """``markup`` with the words one real edit ``hunk`` changed deleted (for an insertion:
    the words on both sides of its point): the same words changed differently."""
    start, end, _ = hunk
    return spliced(markup, [(start, end, [])] if start < end else [(start - 1, start + 1, [])])


def ids(result: MergeResult) -> list[tuple]:
    return [(c.paragraph, c.field, c.kind) for c in result.conflicts]


# ------------------------------------------------------------------------ merge_text

def test_merge_text_combines_different_words_and_refuses_the_same_ones():
    _, before, after, found = next(changed_paragraphs(lambda n: n >= 4))
    first, rest = found[:1], found[1:]
    theirs, yours = spliced(before, first), spliced(before, rest)
    assert merge_text(before, theirs, yours) == after
    assert merge_text(before, yours, theirs) == after
    start, end, _ = first[0]
    assert start < end
    deleted = spliced(before, [(start, end, [])])           # yours deletes the words theirs replaced
    assert merge_text(before, theirs, deleted) is None
    assert merge_text(before, theirs, theirs) == theirs     # the same change twice: once


def test_merge_text_insertions_at_one_point_conflict_unless_identical():
    _, base = oceans()
    words = [t for t in tokens(base.operative[0].text) if WORD.match(t)]
    text = base.operative[1].text
    toks = tokens(text)
    at = next(k for k, t in enumerate(toks) if k > 3 and WORD.match(t))
    theirs = "".join(toks[:at] + [words[1]] + toks[at:])
    yours = "".join(toks[:at] + [words[2]] + toks[at:])
    assert merge_text(text, theirs, yours) is None
    assert merge_text(text, theirs, theirs) == theirs
    # Next to each other but not at one point: both land.
    later = "".join(toks[:at + 1] + [words[2]] + toks[at + 1:])
    both = merge_text(text, theirs, later)
    assert both == "".join(toks[:at] + [words[1], toks[at], words[2]] + toks[at + 1:])
    # Touching what the other changed — before or after a word it replaced or deleted,
    # with no unchanged word between — is a conflict: one phrase reworded from both ends
    # is for a person to settle. One unchanged word between the two edits: both land.
    replaced = "".join(toks[:at] + [words[2]] + toks[at + 1:])
    assert merge_text(text, theirs, replaced) is None
    removed = "".join(toks[:at] + toks[at + 1:])
    assert merge_text(text, theirs, removed) is None
    before = "".join(toks[:at - 1] + [words[2]] + toks[at:])
    assert merge_text(text, theirs, before) is None
    apart = "".join(toks[:at - 2] + [words[2]] + toks[at - 1:])
    assert merge_text(text, theirs, apart) == "".join(toks[:at - 2] + [words[2]] + toks[at - 1:at] + [words[1]]
                                                      + toks[at:])


def test_tokens_rebuild_every_real_paragraph_exactly():
    old, new = oceans()
    for doc in (old, new):
        for _, _, p in doc.walk():
            assert "".join(tokens(shown(p))) == shown(p)


# ------------------------------------------------------------------------ paragraphs

def test_edits_of_different_paragraphs_combine():
    old, _ = oceans()
    (a, _, a_new, _), (b, _, b_new, _) = list(changed_paragraphs(lambda n: n == 1))[:2]
    result = merge(old, reworded(old, a, a_new), reworded(old, b, b_new))
    assert result.clean and result.conflicts == () and result.combined == 1
    assert shown(result.document.find(a)) == a_new and shown(result.document.find(b)) == b_new
    untouched = [row for row in outline(result.document) if row[2] not in (a, b)]
    assert untouched == [row for row in outline(old) if row[2] not in (a, b)]
    validate(result.document)


def test_edits_of_different_words_of_one_paragraph_combine():
    old, _ = oceans()
    merged = 0
    for pid, before, after, found in list(changed_paragraphs(lambda n: n >= 2))[:12]:
        half = len(found) // 2
        try:
            theirs = reworded(old, pid, spliced(before, found[:half]))
            yours = reworded(old, pid, spliced(before, found[half:]))
        except InvalidDocument:     # half an edit that crosses a footnote's brackets is no markup
            continue
        result = merge(old, theirs, yours)
        assert result.clean, (pid, ids(result))
        assert shown(result.document.find(pid)) == after.strip()
        merged += 1
    assert merged >= 8


def test_same_words_changed_differently_is_a_conflict_listing_the_three_texts():
    old, _ = oceans()
    pid, before, after, found = next(changed_paragraphs(lambda n: n == 1))
    theirs = reworded(old, pid, after)
    yours = reworded(old, pid, clashing(before, found[0]))
    result = merge(old, theirs, yours)
    assert not result.clean and result.document is None
    (c,) = result.conflicts
    assert (c.paragraph, c.field, c.kind) == (pid, "text", "both_changed")
    assert (c.base, c.theirs, c.yours) == (before, shown(theirs.find(pid)), shown(yours.find(pid)))
    assert re.fullmatch(r"(PP|OP)\d+", c.label)
    assert c.to_json() == {"paragraph": pid, "field": "text", "kind": "both_changed", "label": c.label,
                           "base": c.base, "theirs": c.theirs, "yours": c.yours}
    assert shown(result.proposed.find(pid)) == c.yours        # the editor offers yours
    validate(result.proposed)


def test_delete_against_edit_is_a_conflict_either_way():
    old, _ = oceans()
    (pid, before, after, _), (other, _, other_new, _) = list(changed_paragraphs(lambda n: n == 1))[:2]
    edited, deleted = reworded(old, pid, after), editing.delete(reworded(old, other, other_new), pid)
    theirs_deleted = merge(old, deleted, edited)
    assert ids(theirs_deleted) == [(pid, "text", "deleted_edited")]
    c = theirs_deleted.conflicts[0]
    assert (c.base, c.theirs, c.yours) == (before, None, after)
    yours_deleted = merge(old, edited, deleted)
    assert ids(yours_deleted) == [(pid, "text", "edited_deleted")]
    c = yours_deleted.conflicts[0]
    assert (c.base, c.theirs, c.yours) == (before, after, None)
    assert yours_deleted.proposed.find(pid) is None and theirs_deleted.proposed.find(pid) is not None


def test_both_deleting_a_paragraph_deletes_it_once_and_an_unedited_deletion_applies():
    old, _ = oceans()
    gone, also = old.operative[5].id, old.operative[9].id
    result = merge(old, editing.delete(old, gone), editing.delete(editing.delete(old, gone), also))
    assert result.clean and result.combined == 2
    assert result.document.find(gone) is None and result.document.find(also) is None
    assert len(result.document.operative) == len(old.operative) - 2


def test_identical_edits_on_both_sides_are_taken_once():
    old, new = oceans()
    pid, _, after, _ = next(changed_paragraphs(lambda n: n >= 3))
    added = fresh(next(p for p in new.operative if old.find(p.id) is None and not p.subparagraphs), "new")
    anchor = old.operative[12].id
    same = editing.insert_after(reworded(old, pid, after), anchor, added)
    result = merge(old, same, same)
    assert result.clean and outline(result.document) == outline(same)
    assert [p.id for p in result.document.operative].count(added.id) == 1


def test_one_side_unchanged_gives_the_other_side():
    old, new = oceans()
    result = merge(old, new, old)
    assert result.clean and result.document is new and result.combined == 0
    result = merge(old, old, new)      # a whole year of real changes, all yours
    assert result.clean and outline(result.document) == outline(new)
    validate(result.document)          # (78/69 numbers its footnotes afresh: ids kept unique)
    # combined: paragraphs added, deleted, changed or moved (as diff_documents counts them)
    # and document fields changed (agenda item, session, symbol).
    fields = [f for f in ("title", "agenda_item", "agenda_title", "session", "language", "body", "symbol")
              if getattr(old, f) != getattr(new, f)]
    assert result.combined == sum(diff_documents(old, new).summary.values()) + len(fields) == 274


def test_real_year_of_negotiation_combines_with_edits_of_other_paragraphs():
    """Theirs: everything 78/69 changed in 77/248 (rewordings, 32 new paragraphs, deletions,
    moves). Yours: seeded word edits and deletions of paragraphs theirs left alone."""
    old, new = oceans()
    rows = {row[2]: row for row in outline(new)}
    untouched = [p for row, (_, _, p) in zip(outline(old), old.walk())
                 if rows.get(p.id) == row and not p.subparagraphs]
    pool = [t for _, _, p in corpus.one(78, "English", "70").walk() for t in tokens(p.text) if WORD.match(t)]
    rng = random.Random(7)
    yours, expected = old, new
    for p in rng.sample(untouched, 12):
        toks = tokens(shown(p))
        k = rng.choice([i for i, t in enumerate(toks) if WORD.match(t) and 0 < i < len(toks) - 2])
        markup = spliced(shown(p), [(k, k + 1, [rng.choice(pool)])])
        yours, expected = reworded(yours, p.id, markup), reworded(expected, p.id, markup)
    for p in rng.sample([p for p in untouched if yours.find(p.id).text == p.text], 3):
        yours, expected = editing.delete(yours, p.id), editing.delete(expected, p.id)
    for a, b in ((new, yours), (yours, new)):
        result = merge(old, a, b)
        assert result.clean, ids(result)
        assert outline(result.document) == outline(expected)
    validate(result.document)


# ------------------------------------------------------------------------ structure

def test_a_move_on_one_side_is_applied_with_the_other_sides_edit():
    old, _ = oceans()
    ops = [p.id for p in old.operative]
    pid, _, after, _ = next(c for c in changed_paragraphs(lambda n: n == 1) if c[0] in ops[:-10])
    theirs = moved_after(old, pid, ops[ops.index(pid) + 6])
    yours = reworded(old, pid, after)
    for a, b in ((theirs, yours), (yours, theirs)):
        result = merge(old, a, b)
        assert result.clean
        assert [p.id for p in result.document.operative] == [p.id for p in theirs.operative]
        assert shown(result.document.find(pid)) == after


def test_both_moving_one_paragraph_to_different_places_is_a_conflict_and_alike_is_not():
    old, _ = oceans()
    ops = [p.id for p in old.operative]
    theirs, yours = moved_after(old, ops[3], ops[10]), moved_after(old, ops[3], ops[20])
    result = merge(old, theirs, yours)
    assert ids(result) == [(ops[3], "position", "both_moved")]
    assert result.conflicts[0].label == "OP11"              # where theirs put it
    assert [p.id for p in result.proposed.operative] == [p.id for p in yours.operative]
    assert merge(old, theirs, theirs).clean
    # A move each of two different paragraphs: both apply.
    both = merge(old, theirs, moved_after(old, ops[30], ops[40]))
    assert both.clean
    got = [p.id for p in both.document.operative]
    assert got.index(ops[3]) == got.index(ops[10]) + 1 and got.index(ops[30]) == got.index(ops[40]) + 1


def test_insertions_after_one_paragraph_on_both_sides_both_land_theirs_first():
    old, new = oceans()
    first, second = [fresh(p, "new") for p in new.operative if old.find(p.id) is None and not p.subparagraphs][:2]
    anchor = old.operative[7].id
    theirs, yours = editing.insert_after(old, anchor, first), editing.insert_after(old, anchor, second)
    for a, b, order in ((theirs, yours, [first.id, second.id]), (yours, theirs, [second.id, first.id])):
        result = merge(old, a, b)
        assert result.clean
        got = [p.id for p in result.document.operative]
        assert got[8:10] == order and got[:8] == [p.id for p in old.operative[:8]]
        assert got[10:] == [p.id for p in old.operative[8:]]


def test_subparagraph_added_on_one_side_while_the_other_edits_the_parents_wording():
    old, new = oceans()
    parent = next(p for p in old.operative if p.subparagraphs)
    sub = fresh(next(p for _, d, p in corpus.one(78, "English", "70").walk() if d == 1), "new")
    words = [t for t in tokens(new.operative[2].text) if WORD.match(t)]
    toks = tokens(parent.text)
    k = next(i for i, t in enumerate(toks) if i > 2 and WORD.match(t))
    yours = reworded(old, parent.id, "".join(toks[:k] + [words[3]] + toks[k:]))
    theirs = editing.add_subparagraph(old, parent.id, sub)
    result = merge(old, theirs, yours)
    assert result.clean
    merged = result.document.find(parent.id)
    assert merged.text == yours.find(parent.id).text
    assert [s.id for s in merged.subparagraphs] == [s.id for s in parent.subparagraphs] + [sub.id]
    validate(result.document)


def test_footnote_and_wording_edits_of_one_paragraph_combine_and_keep_footnote_ids():
    old, new = oceans()
    pid = "container_7"     # 78/69 changed only its footnote ("3−14 June" → "3–14 June")
    before, note_changed = old.find(pid), new.find(pid)
    assert before.text == note_changed.text and before.footnotes != note_changed.footnotes
    theirs = reworded(old, pid, shown(note_changed))
    toks = tokens(shown(before))
    k = next(i for i, t in enumerate(toks) if i > 2 and WORD.match(t))
    yours = reworded(old, pid, spliced(shown(before), [(k, k + 1, [])]))
    result = merge(old, theirs, yours)
    assert result.clean
    merged = result.document.find(pid)
    assert [n.text for n in merged.footnotes] == [n.text for n in note_changed.footnotes]
    assert [n.id for n in merged.footnotes] == [n.id for n in before.footnotes]
    assert merged.text == yours.find(pid).text
    assert [n.at for n in merged.footnotes] == [n.at for n in yours.find(pid).footnotes]
    # A footnote edited in the same words by both: a conflict on the paragraph.
    other = shown(before).replace("3−14", "14", 1)
    assert ids(merge(old, theirs, reworded(old, pid, other))) == [(pid, "text", "both_changed")]


def test_title_merges_by_words_and_conflicts_on_the_same_words():
    old, _ = oceans()
    fisheries = corpus.one(77, "English", "118").title      # "Sustainable fisheries, including …"
    head = fisheries.split(",")[0]
    theirs = old.with_changes(title=f"{head} and {old.title}")            # words before
    yours = old.with_changes(title=old.title.replace("the sea", "the sea, " + fisheries.split(", ")[1]))
    result = merge(old, theirs, yours)
    assert result.clean
    assert result.document.title == f"{head} and " + yours.title
    clash = old.with_changes(title=old.title.replace("Oceans", head))    # words at theirs' point
    conflicted = merge(old, theirs, clash)
    assert ids(conflicted) == [(None, "title", "both_changed")]
    c = conflicted.conflicts[0]
    assert (c.base, c.theirs, c.yours, c.label) == (old.title, theirs.title, clash.title, None)
    assert conflicted.proposed.title == clash.title
    sessions = merge(old, old.with_changes(session=78), old.with_changes(session=79))
    assert ids(sessions) == [(None, "session", "both_changed")]
    assert merge(old, old.with_changes(session=78), yours).document.session == 78


def test_combining_both_sides_into_an_invalid_tree_is_a_structure_conflict():
    old, _ = oceans()
    sub = fresh(next(p for _, d, p in corpus.one(78, "English", "70").walk() if d == 1), "new")
    target = old.operative[4]
    assert not target.subparagraphs
    # Theirs makes OP5 a preambular paragraph; yours gives it a subparagraph.
    theirs = replace(editing.delete(old, target.id), preamble=old.preamble + (target,))
    yours = editing.add_subparagraph(old, target.id, sub)
    validate(theirs), validate(yours)
    result = merge(old, theirs, yours)
    assert ids(result) == [(sub.id, "position", "structure")]
    validate(result.proposed)
    # Theirs deletes OP5; yours gives it a subparagraph: theirs deleted what yours edited.
    deleted = merge(old, editing.delete(old, target.id), yours)
    assert ids(deleted) == [(target.id, "text", "deleted_edited")]
    assert deleted.proposed.find(sub.id) is not None
    # Theirs nests OP6 … OP8 under OP5 as deep as the rules allow; yours gives OP8 a
    # subparagraph: one level too deep.
    assert not any(p.subparagraphs for p in old.operative[4:5 + MAX_DEPTH])
    deep_theirs = validate(replace(old, operative=_renested(old, MAX_DEPTH)))
    leaf = old.operative[4 + MAX_DEPTH]
    deeper = editing.add_subparagraph(old, leaf.id, sub)
    clash = merge(old, deep_theirs, deeper)
    assert ids(clash) == [(sub.id, "position", "structure")]
    assert validate(clash.proposed).find(sub.id) is not None


def _renested(doc: Document, levels: int) -> tuple[Paragraph, ...]:
    """``doc``'s operative paragraphs with OP5 … OP(5+levels) each the only subparagraph
    of the one before: a chain as deep as MAX_DEPTH allows."""
    ops = list(doc.operative)
    chain = ops[4:5 + levels]
    nested = chain[-1]
    for para in reversed(chain[:-1]):
        nested = replace(para, subparagraphs=(nested,))
    return tuple(ops[:4] + [nested] + ops[5 + levels:])


def test_conflicts_come_in_reading_order_fields_first():
    old, _ = oceans()
    (a, _, a_new, fa), (b, _, b_new, fb) = list(changed_paragraphs(lambda n: n == 1))[:2]
    head = corpus.one(77, "English", "118").title.split(",")[0]
    theirs = reworded(reworded(old, a, a_new), b, b_new).with_changes(title=old.title.replace("Oceans", head))
    yours = old.with_changes(title=old.title.removeprefix("Oceans "))
    for pid, hunk in ((b, fb[0]), (a, fa[0])):
        yours = reworded(yours, pid, clashing(shown(old.find(pid)), hunk))
    result = merge(old, theirs, yours)
    assert ids(result) == [(None, "title", "both_changed"), (a, "text", "both_changed"),
                           (b, "text", "both_changed")]
    assert all(isinstance(c, Conflict) for c in result.conflicts)


# ------------------------------------------------------------------------ seeded scripts

class Script:
    """Edits drawn on one base for two sides. Each edit claims what it depends on (the
    paragraph, its neighbours, the gap it fills, the token range it rewrites, with a
    margin), and no later edit of either side touches a claim: the two edit sets are
    disjoint, so the merge must equal applying both."""

    def __init__(self, base: Document, pool: Document, rng: random.Random):
        self.base, self.rng = base, rng
        self.words = [t.strip() for _, _, p in pool.walk() for t in tokens(p.text) if WORD.match(t)]
        self.pool = [p for _, _, p in pool.walk() if not p.subparagraphs and p.text]
        self.lists: dict[object, list[str]] = {}
        self.key, self.depth, self.section = {}, {}, {}
        for section, depth, p in base.walk():
            self.depth[p.id], self.section[p.id] = depth, section
            for s in p.subparagraphs:
                self.key[s.id] = p.id
            self.key.setdefault(p.id, (section,))
            self.lists.setdefault(self.key[p.id], []).append(p.id)
        self.all = list(self.key)
        self.reserved: set[str] = set()      # paragraphs some structural edit depends on
        self.locked: set[str] = set()        # in a deleted subtree: no word edits
        self.spans: dict[str, list] = {}     # id → base token ranges edited
        self.edits = ({}, {})                # per side: id → [(start, end, tokens)]
        self.ops = ([], [])                  # per side: structural edits, functions of a doc
        self.inserted = (Counter(), Counter())
        self.deleted = Counter()
        self.count = 0

    # -- word edits
    def word(self, side: int, pid: str | None = None, at: int | None = None, width: int = 0) -> bool:
        """Replace, insert or delete words of one paragraph (``at``/``width``: replace
        exactly those tokens, no questions asked)."""
        rng = self.rng
        other = [p for p in self.edits[1 - side] if p not in self.edits[side]]
        pid = pid or (rng.choice(other) if other and rng.random() < 0.4 else rng.choice(self.all))
        if pid in self.locked:
            return False
        toks = tokens(shown(self.base.find(pid)))
        inside = _in_footnote(toks)
        choices = [k for k, t in enumerate(toks) if WORD.match(t) and 0 < k < len(toks) - 2]
        if len(choices) < 6:
            return False
        k = at if at is not None else rng.choice(choices)
        kind = "replace" if width else rng.choice(["replace", "insert", "delete"])
        if kind == "delete" and inside[k]:
            kind = "replace"         # a footnote keeps its words (it must not become empty)
        end = k if kind == "insert" else k + (width or 1)
        if at is None and any(k < hi + 2 and lo < end + 2 for lo, hi in self.spans.get(pid, ())):
            return False
        avoid = {t.strip() for t in toks}
        if kind == "insert":
            new = [self._word(toks[k], avoid)]
        else:
            new = [] if kind == "delete" else [self._word(toks[j], avoid) for j in range(k, end)]
        self.spans.setdefault(pid, []).append((k, end))
        self.edits[side].setdefault(pid, []).append((k, end, new))
        self.deleted.update(toks[k:end])
        self.inserted[side].update(new)
        return True

    def _word(self, spacing: str, avoid: set[str]) -> str:
        """A real word from the pool, spaced like ``spacing``, none of ``avoid`` (the
        paragraph's own words: so that the diff of the edit is the edit)."""
        word = next(w for w in iter(lambda: self.rng.choice(self.words), None) if w not in avoid)
        space = spacing[len(spacing.rstrip()):]
        return word + (space or " ")

    # -- structural edits
    def free(self, *pids) -> bool:
        return all(p not in self.reserved for p in pids)

    def around(self, pid: str) -> list[str]:
        """``pid`` and its siblings right before and after it."""
        siblings = self.lists[self.key[pid]]
        k = siblings.index(pid)
        return siblings[max(0, k - 1):k + 2]

    def gap(self, anchor: str) -> list[str]:
        """``anchor`` and the sibling after it: the gap an insertion after it fills."""
        siblings = self.lists[self.key[anchor]]
        k = siblings.index(anchor)
        return siblings[k:k + 2]

    def subtree(self, pid: str) -> list[str]:
        return [p.id for _, p in self.base.find(pid).walk()]

    def delete(self, side: int, pid: str | None = None) -> bool:
        pid = pid or self.rng.choice(self.all)
        tree = self.subtree(pid)
        if not self.free(*self.around(pid), *tree) or any(p in self.spans for p in tree):
            return False
        self.reserved.update(self.around(pid), tree)
        self.locked.update(tree)
        self.ops[side].append(lambda doc: editing.delete(doc, pid))
        self.deleted.update(t for p in tree for t in tokens(shown(self.base.find(p))))
        return True

    def new_paragraph(self, side: int) -> Paragraph:
        self.count += 1
        new = fresh(self.rng.choice(self.pool), f"{'ty'[side]}{self.count}")
        self.inserted[side].update(tokens(shown(new)))
        return new

    def insert(self, side: int) -> bool:
        anchor = self.rng.choice(self.all)
        if not self.free(*self.gap(anchor)):
            return False
        self.reserved.update(self.gap(anchor))
        new = self.new_paragraph(side)
        self.ops[side].append(lambda doc: editing.insert_after(doc, anchor, new))
        return True

    def subparagraph(self, side: int) -> bool:
        parent = self.rng.choice(self.all)
        if self.section[parent] != OPERATIVE or self.depth[parent] >= MAX_DEPTH:
            return False
        claim = [parent, *self.lists.get(parent, [])[-1:]]
        if not self.free(*claim):
            return False
        self.reserved.update(claim)
        new = self.new_paragraph(side)
        self.ops[side].append(lambda doc: editing.add_subparagraph(doc, parent, new))
        return True

    def move(self, side: int) -> bool:
        """Move a paragraph after another: mostly among its siblings, sometimes to another
        level or section, as far as the rules allow."""
        pid = self.rng.choice(self.all)
        siblings = self.lists[self.key[pid]]
        k = siblings.index(pid)
        if self.rng.random() < 0.3:
            tree = set(self.subtree(pid))
            height = max(d for d, _ in self.base.find(pid).walk())
            targets = [a for a in self.all if a not in tree and a not in siblings and (
                self.depth[a] + height <= MAX_DEPTH if self.section[a] == OPERATIVE else height == 0)]
        else:
            targets = [a for j, a in enumerate(siblings) if j not in (k - 1, k)]
        if not targets:
            return False
        anchor = self.rng.choice(targets)
        claim = self.around(pid) + self.gap(anchor)
        if not self.free(*claim):
            return False
        self.reserved.update(claim)
        self.ops[side].append(lambda doc: moved_after(doc, pid, anchor))
        return True

    # -- the documents
    def apply(self, sides) -> Document:
        doc, edits = self.base, {}
        for side in sides:
            for pid, found in self.edits[side].items():
                edits.setdefault(pid, []).extend(found)
        for pid, found in edits.items():
            doc = reworded(doc, pid, spliced(shown(self.base.find(pid)), found))
        for side in sides:
            for op in self.ops[side]:
                doc = op(doc)
        return doc


def _in_footnote(toks: list[str]) -> list[bool]:
    out, depth = [], 0
    for k, t in enumerate(toks):
        if t.startswith("[") and (depth or (k and toks[k - 1].startswith("^"))):
            depth += 1
        elif t.startswith("]") and depth:
            depth -= 1
        out.append(depth > 0)
    return out


def all_tokens(doc: Document) -> Counter:
    return Counter(t for _, _, p in doc.walk() for t in tokens(shown(p)))


@cache
def bases() -> list[tuple[Document, Document]]:
    """(base, pool): real resolutions of session 78 of 20–200 paragraphs that validate
    (their numbered paragraphs, as oceans()), each with the next one of the session,
    whose words and paragraphs the scripts insert."""
    docs = []
    for _, doc in corpus.session_documents(78):
        size = sum(1 for _ in doc.walk())
        if 20 <= size <= 200:
            try:
                docs.append(validate(_paragraphs_only(doc)))
            except InvalidDocument:
                pass
    picked = docs[::max(1, len(docs) // 40)][:40]
    return [(doc, docs[(docs.index(doc) + 1) % len(docs)]) for doc in picked]


CASES = [(n, k) for n in range(40) for k in range(7)]


@pytest.mark.parametrize("case", [pytest.param(CASES[i::4], id=f"slice{i}") for i in range(4)])
def test_seeded_two_sided_scripts_merge_exactly_or_name_the_one_conflict(case):
    checked = conflicts = 0
    for n, k in case:
        base, pool = bases()[n % len(bases())]
        rng = random.Random(f"{base.symbol}/{k}")
        script = Script(base, pool, rng)
        overlap = k % 3 == 2
        target = kind = None
        if overlap:
            target, kind = _overlap(script, rng)
            if target is None:
                continue
        makers = [script.word] * 4 + [script.delete, script.insert, script.move, script.subparagraph]
        for side in (0, 1):
            for _ in range(rng.randint(1, 8)):
                rng.choice(makers)(side)
        theirs, yours = script.apply([0]), script.apply([1])
        result = merge(base, theirs, yours)
        if not overlap:
            expected = script.apply([0, 1])
            assert result.clean, (base.symbol, k, ids(result))
            assert outline(result.document) == outline(expected), (base.symbol, k)
            # Every word either side inserted is there once, every word either deleted gone.
            assert all_tokens(result.document) == (all_tokens(base) - script.deleted + script.inserted[0]
                                                   + script.inserted[1]), (base.symbol, k)
            assert (result.combined > 0) == (yours != base)
            validate(result.document)
            mirrored = merge(base, yours, theirs)
            assert mirrored.clean and outline(mirrored.document) == outline(expected), (base.symbol, k)
        else:
            assert ids(result) == [(target, "text", kind)], (base.symbol, k)
            c = result.conflicts[0]
            assert c.base == shown(base.find(target))
            assert c.theirs == (shown(theirs.find(target)) if theirs.find(target) else None)
            assert c.yours == (shown(yours.find(target)) if yours.find(target) else None)
            assert result.document is None
            validate(result.proposed)
            assert (result.proposed.find(target) is None) == (yours.find(target) is None)
            conflicts += 1
        checked += 1
    assert checked >= len(case) * 0.9 and conflicts >= len(case) // 5


def _overlap(script: Script, rng: random.Random) -> tuple[str | None, str | None]:
    """One paragraph both sides touch: the same words, or deleted on one side and edited on
    the other. Returns its id and the conflict expected."""
    for _ in range(20):
        pid = rng.choice(script.all)
        toks = tokens(shown(script.base.find(pid)))
        inside = _in_footnote(toks)
        words = [k for k, t in enumerate(toks) if WORD.match(t) and 0 < k < len(toks) - 4 and not inside[k]]
        if len(words) < 8 or not script.free(*script.around(pid), *script.subtree(pid)):
            continue
        kind = rng.choice(["both_changed", "deleted_edited", "edited_deleted"])
        at = next((w for w in words if w + 1 in words), None)
        if at is None:
            continue
        if kind == "both_changed":
            script.word(0, pid, at, width=2)
            script.word(1, pid, at + 1, width=1)
        else:
            deleter, editor = (0, 1) if kind == "deleted_edited" else (1, 0)
            script.word(editor, pid, at, width=1)
            del script.spans[pid]        # the deletion below is the point
            assert script.delete(deleter, pid)
        return pid, kind
    return None, None


def test_word_merging_has_a_budget_past_which_both_reworded_paragraphs_are_conflicts():
    """No save spends seconds matching words: past the budget, a paragraph both sides
    reworded goes to the user (who has a side-by-side resolver) instead."""
    from resolutions.domain import merge as merging
    base = oceans()[0]
    paras = [p for _, _, p in base.walk() if len(p.text.split()) > 12 and not p.footnotes][:40]
    theirs = yours = base
    for p in paras:
        words = p.text.split(" ")
        theirs = editing.change(theirs, p.id, text=" ".join(["Firmly"] + words))
        yours = editing.change(yours, p.id, text=" ".join(words + ["indeed"]))
    assert merging.merge(base, theirs, yours).clean
    budget, merging.WORD_MERGE_BUDGET = merging.WORD_MERGE_BUDGET, 3 * sum(len(p.text) for p in paras[:10]) + 600
    try:
        result = merging.merge(base, theirs, yours)
    finally:
        merging.WORD_MERGE_BUDGET = budget
    assert not result.clean
    assert 20 <= len(result.conflicts) <= 31 and all(c.kind == "both_changed" for c in result.conflicts)
