"""Amendments, compilation labels and negotiation brackets, on real wording."""
from __future__ import annotations

import pytest

from resolutions.domain import footnote_markup
from resolutions.domain.amendments import (AFTER, DELETE, INSERT, INSIDE, REPLACE, Amendment, PendingInsert, apply,
                                           carried, compilation_labels, in_un_style, markup_of, occurrences, ordinal,
                                           parse_brackets, render_brackets, valid_spans, what, with_brackets)
from resolutions.domain.document import Document, Footnote, Paragraph, paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.validation import accept

RECALLING = "Recalling its resolution 77/238 of 15 December 2022,"
CALLS = "Calls upon Member States to carry out coordinated actions at all levels;"
DECIDES = "Decides to convene a high-level meeting on synthetic drugs at its eighty-first session;"


def reference() -> Document:
    return Document(body="GA", session=80, title="Enhancing action to address the challenges posed by synthetic drugs",
                    preamble=(paragraph(RECALLING, id="pp1"),
                              paragraph("Reaffirming its commitment to the international drug control conventions,",
                                        id="pp2")),
                    operative=(paragraph(CALLS, id="op1"),
                               paragraph("Encourages Member States to:",
                                         paragraph("Share information on synthetic drugs;", id="op2a"),
                                         paragraph("Strengthen early warning systems;", id="op2b"), id="op2"),
                               paragraph(DECIDES, id="op3")))


# --- apply ----------------------------------------------------------------------------

def test_replace_the_whole_paragraph():
    doc = apply(reference(), Amendment(REPLACE, "op1", "Calls upon all Member States to act together;"))
    assert doc.find("op1").text == "Calls upon all Member States to act together;"
    assert doc.paragraph_ids() == reference().paragraph_ids()


def test_an_outdated_whole_replacement_keeps_the_edits_made_since():
    proposed = Amendment(REPLACE, "op1", "Calls upon Member States to carry out coordinated actions at the national "
                                         "and regional levels;")
    edited = "Calls upon all Member States to carry out coordinated actions at all levels;"  # the penholder, since
    merged = carried(proposed, CALLS, edited)
    assert merged.text == ("Calls upon all Member States to carry out coordinated actions at the national and "
                           "regional levels;")
    assert carried(proposed, CALLS, CALLS) == proposed  # not outdated: as proposed
    # both changed "all levels": a person decides
    assert carried(proposed, CALLS, "Calls upon Member States to carry out coordinated actions at every level;") is None


def test_only_a_whole_replacement_is_merged():
    edited = "Calls upon all Member States to carry out coordinated actions at all levels;"
    for amendment in (Amendment(REPLACE, "op1", "joint", replaces="coordinated"), Amendment(DELETE, "op1"),
                      Amendment(INSERT, "op1", "Urges Member States to share data;", position=AFTER,
                                new_paragraph_id="op1bis")):
        assert carried(amendment, CALLS, edited) == amendment


def test_replace_a_part_that_occurs_once():
    doc = apply(reference(), Amendment(REPLACE, "op1", "joint", replaces="coordinated"))
    assert doc.find("op1").text == "Calls upon Member States to carry out joint actions at all levels;"


@pytest.mark.parametrize("part, message", [("synthetic cannabinoids", "are not in the paragraph"),
                                           ("a", "occur"), ("", "are not in the paragraph")])
def test_a_part_not_found_or_ambiguous_is_refused_naming_the_paragraph(part, message):
    with pytest.raises(InvalidDocument) as refused:
        apply(reference(), Amendment(REPLACE, "op3", "x", replaces=part))
    assert message in refused.value.message and refused.value.where == "OP3"


def test_occurrences_count_overlaps():
    assert occurrences("aaa", "aa") == 2 and occurrences("abc", "d") == 0


def test_replace_keeps_footnotes_and_their_ids():
    para = Paragraph("pp1", "Recalling its resolution 60/1,", footnotes=(Footnote("fn1", 29, "Resolution 60/1."),))
    doc = reference().with_changes(preamble=(para,))
    changed = apply(doc, Amendment(REPLACE, "pp1", "Recalling also", replaces="Recalling"))
    assert changed.find("pp1").text == "Recalling also its resolution 60/1,"
    assert [(n.id, n.at, n.text) for n in changed.find("pp1").footnotes] == [("fn1", 34, "Resolution 60/1.")]


def test_delete_removes_the_paragraph_and_its_subparagraphs():
    doc = apply(reference(), Amendment(DELETE, "op2"))
    assert "op2" not in doc.paragraph_ids() and "op2a" not in doc.paragraph_ids()


def test_insert_after_and_inside():
    after = apply(reference(), Amendment(INSERT, "op1", "Urges Member States to act;", position=AFTER,
                                         new_paragraph_id="new1"))
    assert [p.id for p in after.operative] == ["op1", "new1", "op2", "op3"]
    inside = apply(reference(), Amendment(INSERT, "op2", "Exchange best practices;", position=INSIDE,
                                          new_paragraph_id="new2"))
    assert [p.id for p in inside.find("op2").subparagraphs] == ["op2a", "op2b", "new2"]
    first_sub = apply(reference(), Amendment(INSERT, "op3", "At the level of Heads of State;", position=INSIDE,
                                             new_paragraph_id="new3"))
    assert first_sub.find("op3").subparagraphs[0].id == "new3"


def test_insert_errors():
    with pytest.raises(InvalidDocument):  # preambular paragraphs take no subparagraphs
        apply(reference(), Amendment(INSERT, "pp1", "x", position=INSIDE, new_paragraph_id="n"))
    with pytest.raises(InvalidDocument):  # the id is taken
        apply(reference(), Amendment(INSERT, "op1", "x", position=AFTER, new_paragraph_id="op2"))
    with pytest.raises(InvalidDocument) as refused:
        apply(reference(), Amendment(INSERT, "op1", "x", position="before", new_paragraph_id="n"))
    assert refused.value.where == "position"
    with pytest.raises(InvalidDocument):  # an unclosed footnote
        apply(reference(), Amendment(INSERT, "op1", "Urges^[see A/78/1", position=AFTER, new_paragraph_id="n"))


def test_missing_paragraph_and_unknown_kind():
    with pytest.raises(InvalidDocument) as refused:
        apply(reference(), Amendment(DELETE, "nope"))
    assert refused.value.where == "paragraph"
    with pytest.raises(InvalidDocument):
        apply(reference(), Amendment("amend", "op1"))


def test_applied_documents_pass_the_document_rule():
    doc = apply(reference(), Amendment(INSERT, "op2b", "Promote research;^[See E/CN.7/2024/2.]", position=AFTER,
                                       new_paragraph_id="new4"))
    assert accept(doc) == doc
    assert doc.find("new4").footnotes[0].text == "See E/CN.7/2024/2."


# --- compilation labels --------------------------------------------------------------------

def test_new_paragraphs_are_bis_ter_and_reference_ones_keep_their_label():
    ref = reference()
    cur = apply(ref, Amendment(INSERT, "op1", "Urges;", position=AFTER, new_paragraph_id="n1"))
    cur = apply(cur, Amendment(INSERT, "n1", "Invites;", position=AFTER, new_paragraph_id="n2"))
    cur = apply(cur, Amendment(INSERT, "op2a", "Exchange;", position=AFTER, new_paragraph_id="n3"))
    cur = apply(cur, Amendment(INSERT, "pp1", "Noting,", position=AFTER, new_paragraph_id="n4"))
    labels = compilation_labels(ref, cur)
    assert labels["n1"] == "OP1 bis" and labels["n2"] == "OP1 ter"
    assert labels["op2"] == "OP2" and labels["op3"] == "OP3"  # not renumbered to OP4, OP5
    assert labels["n3"] == "OP2 (a) bis" and labels["op2b"] == "OP2 (b)"
    assert labels["n4"] == "PP1 bis" and labels["pp2"] == "PP2"


def test_pending_inserts_get_the_label_they_would_take():
    ref = reference()
    labels = compilation_labels(ref, ref, [PendingInsert("x1", "op3"), PendingInsert("x2", "op3"),
                                           PendingInsert("x3", "op2", INSIDE), PendingInsert("x4", "op3", INSIDE),
                                           PendingInsert("gone", "deleted-paragraph")])
    assert labels["x1"] == "OP3 bis" and labels["x2"] == "OP3 ter"
    assert labels["x3"] == "OP2 (b) bis"
    assert labels["x4"] == "OP3 (a)"  # a list that is new altogether counts from (a)
    assert "gone" not in labels


def test_deleted_and_moved_reference_paragraphs():
    ref = reference()
    cur = apply(ref, Amendment(DELETE, "op1"))
    cur = cur.with_changes(operative=(cur.operative[1], cur.operative[0]))  # OP3 moved before OP2
    labels = compilation_labels(ref, cur)
    assert labels["op3"] == "OP3" and labels["op2"] == "OP2" and "op1" not in labels


def test_a_new_first_paragraph_is_paragraph_zero():
    ref = reference()
    new = Paragraph("n0", "Guided by the Charter,")
    cur = ref.with_changes(preamble=(new, Paragraph("n00", "Mindful,")) + ref.preamble)
    labels = compilation_labels(ref, cur)
    assert labels["n0"] == "PP0" and labels["n00"] == "PP0 bis" and labels["pp1"] == "PP1"


def test_new_paragraph_with_its_own_subparagraphs():
    ref = reference()
    new = paragraph("Requests:", paragraph("a report;", id="s1"), paragraph("a meeting;", id="s2"), id="n1")
    cur = ref.with_changes(operative=ref.operative + (new,))
    labels = compilation_labels(ref, cur)
    assert (labels["n1"], labels["s1"], labels["s2"]) == ("OP3 bis", "OP3 bis (a)", "OP3 bis (b)")


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 9)] == ["bis", "ter", "quater", "quinquies", "decies"]
    assert ordinal(40) == "+41"


# --- brackets --------------------------------------------------------------------------------

def test_nested_brackets_are_spans_over_the_text():
    spans = parse_brackets("Decides [to convene [a] meeting]", "Decides to convene a meeting")
    assert spans == ((8, 28), (19, 20))
    assert render_brackets("Decides to convene a meeting", spans) == "Decides [to convene [a] meeting]"


def test_footnotes_are_not_brackets():
    markup = "Recalling its resolution 60/1,^[Resolution 60/1 [annex].] and others,"
    spans = parse_brackets("Recalling [its resolution 60/1,^[Resolution 60/1 [annex].]] and others,", markup)
    assert spans == ((10, len("Recalling its resolution 60/1,^[Resolution 60/1 [annex].]")),)
    assert valid_spans([list(s) for s in spans], markup)


@pytest.mark.parametrize("marked, words", [
    ("Decides [to convene a meeting", "never closed"),
    ("Decides] to convene a meeting", "closes no bracket"),
    ("Decides [] to convene a meeting", "hold nothing"),
    ("Decides [to convene a] meetings", "differs at character"),
    ("Decides to convene a meeting^[note", "never closed"),
])
def test_bad_brackets_are_refused(marked, words):
    with pytest.raises(InvalidDocument) as refused:
        parse_brackets(marked, "Decides to convene a meeting", "OP3")
    assert words in refused.value.message and refused.value.where == "OP3"


def test_adjacent_brackets_round_trip():
    text = "to convene a meeting"
    for spans in [((0, 2), (2, 10)), ((0, 20), (0, 2)), ((3, 10), (3, 10)), ((0, 20), (5, 12), (7, 9))]:
        marked = render_brackets(text, spans)
        assert parse_brackets(marked, text) == tuple(sorted(spans, key=lambda s: (s[0], -s[1])))


def test_valid_spans_rejects_what_no_longer_fits():
    assert not valid_spans([[0, 99]], "short")
    assert not valid_spans([[0, 3], [2, 5]], "overlapping")  # crossing, not nested
    assert not valid_spans("nonsense", "text")
    assert not valid_spans([[1, 5]], "a^[note] b")  # cuts into a footnote


def test_with_brackets_moves_markers_and_opening():
    text, notes = footnote_markup.parse("Decides to convene^[See A/78/1.] a meeting")
    para = Paragraph("op3", text, notes)
    spans = parse_brackets("Decides [to convene^[See A/78/1.] [a] meeting]", markup_of(para))
    shown = with_brackets(para, "operative", spans)
    assert shown.text == "Decides [to convene [a] meeting]"
    assert shown.footnotes[0].at == len("Decides [to convene") and shown.footnotes[0].id == notes[0].id
    assert shown.opening_length == len("Decides")
    whole = with_brackets(para, "operative", [(0, len(markup_of(para)))])
    assert whole.text.startswith("[Decides") and whole.opening_length == len("[Decides")


# --- words ---------------------------------------------------------------------------------

def test_un_style_lines_and_messages():
    assert in_un_style(DELETE, ["European Union", "United States of America"]) == "[delete] (EU, US)"
    assert in_un_style(INSERT, ["Mexico"], text="Urges;", label="OP3 bis") == "OP3 bis (Mexico)"
    assert in_un_style(REPLACE, ["Japan"], text="joint", replaces="coordinated") == "“coordinated” → “joint” (Japan)"
    assert what(DELETE, "OP3") == "delete OP3"
    assert what(INSERT, "OP3", position=AFTER, new_label="OP3 bis") == "insert OP3 bis after OP3"
    assert what(REPLACE, "OP1", replaces="coordinated") == "replace 'coordinated' in OP1"
