"""The marked-up text a tracked-changes file prints (domain/redline.py).

The property on real texts: every resolution of session 78 that continues one of
session 77 (same title), given the old text's paragraph ids as a draft started from it
would have them, marked up against the old one — taking the equal and inserted parts
gives the new text exactly, the equal and deleted parts the old text exactly (words,
footnotes at their offsets, italic openings, order, sections, depths, numbering).
"""
from __future__ import annotations

from collections import Counter

import pytest

from resolutions.domain.alignment import align_ids
from resolutions.domain.document import Document, Footnote, Paragraph
from resolutions.domain.redline import (DELETED, EQUAL, INSERTED, MOVED_FROM, MOVED_TO, NONE, accepted,
                                        compare_text, printed, redline, rejected, unmarked)

from .corpus import recurring_pairs


def doc(pre=(), op=()) -> Document:
    return Document("GA", 80, "T", preamble=tuple(pre), operative=tuple(op))


def para(pid, text, *subs, notes=(), opening=None) -> Paragraph:
    return Paragraph(pid, text, tuple(Footnote(f"fn{k}", at, t) for k, (at, t) in enumerate(notes)),
                     tuple(subs), opening)


def shown(p) -> list[tuple[str, str]]:
    """(change, text) with neighbours of one change joined (italics cut segments too)."""
    out: list[tuple[str, str]] = []
    for s in p.segments:
        text = s.text if s.note is None else f"^[{s.note}]"
        if out and out[-1][0] == s.change:
            out[-1] = (s.change, out[-1][1] + text)
        else:
            out.append((s.change, text))
    return out


def test_accept_gives_the_new_text_and_reject_the_old_on_real_recurring_pairs():
    pairs = recurring_pairs()
    assert len(pairs) >= 100
    kinds: Counter = Counter()
    for old, new in pairs:
        new = align_ids(old, new)
        marked = redline(old, new)
        assert accepted(marked) == printed(new), new.title
        assert rejected(marked) == printed(old), old.title
        kinds.update(p.change for p in marked)
        kinds.update(f"note {s.change}" for p in marked for s in p.segments if s.note)
    # The pairs exercise every kind of change, footnotes included.
    for kind in (INSERTED, DELETED, MOVED_FROM, MOVED_TO, NONE, "note inserted", "note deleted"):
        assert kinds[kind] > 10, kind
    assert kinds[MOVED_FROM] == kinds[MOVED_TO]


def test_changed_words_are_marked_inside_their_paragraph():
    old = doc(op=[para("a", "Calls upon Member States to act fast;"), para("b", "Decides to remain seized.")])
    new = doc(op=[para("a", "Urges Member States to act now fast;"), para("b", "Decides to remain seized.")])
    a, b = redline(old, new)
    assert a.change == NONE and shown(a) == [
        (DELETED, "Calls upon"), (INSERTED, "Urges"), (EQUAL, " Member States to act "),
        (INSERTED, "now "), (EQUAL, "fast;")]
    assert not b.changed and shown(b) == [(EQUAL, "Decides to remain seized.")]


def test_footnotes_added_removed_and_rewritten_are_markers_inserted_and_deleted():
    old = doc(pre=[para("p", "Recalling its resolution 77/1, and 77/2,", notes=[(29, "Of 1 May."), (40, "Old.")])])
    new = doc(pre=[para("p", "Recalling its resolution 77/1, and 77/2,", notes=[(29, "Of 1 May."), (40, "New."),
                                                                               (22, "Added.")])])
    (p,) = redline(old, new)
    assert [(s.change, s.note) for s in p.segments if s.note] == [
        (INSERTED, "Added."), (EQUAL, "Of 1 May."), (DELETED, "Old."), (INSERTED, "New.")]
    assert accepted([p])[0].footnotes == ((22, "Added."), (29, "Of 1 May."), (40, "New."))
    assert rejected([p])[0].footnotes == ((29, "Of 1 May."), (40, "Old."))


def test_a_footnote_added_after_a_word_marks_only_the_footnote():
    # Rev.1 OP5 of the delegate trial: the word before a new marker showed deleted and inserted.
    text = "Urges States to control substances and their precursors;"
    at = text.index(" and")
    plain = doc(op=[para("a", text), para("b", "Decides to remain seized.")])
    noted = doc(op=[para("a", text, notes=[(at, "See E/2023/28.")]), para("b", "Decides to remain seized.")])
    for old, new, change in ((plain, noted, INSERTED), (noted, plain, DELETED)):
        a, _ = redline(old, new)
        assert shown(a) == [(EQUAL, "Urges States to control substances"), (change, "^[See E/2023/28.]"),
                            (EQUAL, " and their precursors;")]
        assert accepted([a]) == printed(new)[:1] and rejected([a]) == printed(old)[:1]
    # With words changed around it, the words are marked and the note still alone.
    changed = doc(op=[para("a", "Urges States to control substances, and all their precursors;",
                           notes=[(at, "See E/2023/28.")]), para("b", "Decides to remain seized.")])
    a, _ = redline(plain, changed)
    assert [(c, t) for c, t in shown(a) if c != EQUAL] == [
        (INSERTED, "^[See E/2023/28.],"), (INSERTED, " all")]
    assert accepted([a]) == printed(changed)[:1] and rejected([a]) == printed(plain)[:1]


def test_a_moved_paragraph_prints_twice_its_old_and_new_words_on_their_side():
    old = doc(op=[para("a", "Welcomes the report;"), para("b", "Requests a study;"), para("c", "Decides to act.")])
    new = doc(op=[para("b", "Requests a short study;"), para("a", "Welcomes the report;"),
                  para("c", "Decides to act.")])
    marked = redline(old, new)
    assert [(p.id, p.change) for p in marked] == [
        ("b", MOVED_TO), ("a", NONE), ("b", MOVED_FROM), ("c", NONE)]
    moved_to, moved_from = marked[0], marked[2]
    assert moved_to.move == moved_from.move is not None
    assert shown(moved_to) == [(EQUAL, "Requests a "), (INSERTED, "short "), (EQUAL, "study;")]
    assert shown(moved_from) == [(EQUAL, "Requests a study;")]


def test_deleted_paragraphs_print_where_they_stood_and_inserted_where_they_stand():
    old = doc(op=[para("a", "One;", para("a1", "first;"), para("a2", "second;")), para("c", "Three.")])
    new = doc(op=[para("a", "One;", para("a2", "second;")), para("n", "New;"), para("c", "Three.")])
    marked = redline(old, new)
    assert [(p.id, p.depth, p.change) for p in marked] == [
        ("a", 0, NONE), ("a1", 1, DELETED), ("a2", 1, NONE), ("n", 0, INSERTED), ("c", 0, NONE)]
    assert shown(marked[1]) == [(DELETED, "first;")]


def test_a_lone_operative_paragraph_gains_its_number_when_a_second_one_comes():
    old = doc(pre=[para("p", "Recalling,")], op=[para("a", "Decides to act.")])
    new = doc(pre=[para("p", "Recalling,")], op=[para("a", "Decides to act;"), para("b", "Requests more.")])
    pre, a, b = redline(old, new)
    assert (pre.numbered, pre.was_numbered) == (False, False)
    assert (a.numbered, a.was_numbered) == (True, False) and a.changed
    assert b.numbered and b.change == INSERTED
    assert [p.numbered for p in accepted([pre, a, b])] == [False, True, True]
    assert [p.numbered for p in rejected([pre, a, b])] == [False, False]


def test_an_opening_that_changes_its_italics_is_a_formatting_change():
    # "Recalling" is the opening; "Recalling also" widens it without a word changing.
    old = doc(pre=[para("p", "Recalling also its resolution,", opening=9)])
    new = doc(pre=[para("p", "Recalling also its resolution,", opening=14)])
    (p,) = redline(old, new)
    assert [(s.text, s.italic, s.was_italic) for s in p.segments] == [
        ("Recalling", True, True), (" also", True, False), (" its resolution,", False, False)]
    assert accepted([p])[0].italic == 14 and rejected([p])[0].italic == 9


def test_private_use_characters_in_the_text_are_text_not_footnotes():
    text = "Notes the sign \U000f0000 and \U000f0001,"
    old = doc(pre=[para("p", text, notes=[(len(text), "A.")])])
    new = doc(pre=[para("p", text + " too", notes=[(len(text), "B.")])])
    (p,) = redline(old, new)
    assert accepted([p]) == printed(new) and rejected([p]) == printed(old)


def test_the_clean_text_marks_nothing_and_titles_compare_by_words():
    new = align_ids(*recurring_pairs()[0])
    marked = unmarked(new)
    assert accepted(marked) == rejected(marked) == printed(new)
    assert not any(p.changed for p in marked)
    assert [(s.change, s.text) for s in compare_text("Oceans and the law of the sea",
                                                     "Oceans and the law of the high seas")] == [
        (EQUAL, "Oceans and the law of the "), (DELETED, "sea"), (INSERTED, "high seas")]


@pytest.mark.parametrize("old_ops, new_ops", [((), ("a",)), (("a",), ()), ((), ())])
def test_empty_sides(old_ops, new_ops):
    old = doc(op=[para(i, f"Decides {i}.") for i in old_ops])
    new = doc(op=[para(i, f"Decides {i}.") for i in new_ops])
    marked = redline(old, new)
    assert accepted(marked) == printed(new) and rejected(marked) == printed(old)
