"""Word diffs aligned by paragraph id, and the style warnings of UN-FORMAT.md §2."""
from __future__ import annotations

from resolutions.domain.diff import diff_documents, word_diff
from resolutions.domain.document import Document, Footnote, Paragraph
from resolutions.domain.style import check


def doc(pre, op, **kw):
    return Document("GA", 80, kw.pop("title", "T"), agenda_item="125",
                    preamble=tuple(Paragraph(i, t) for i, t in pre),
                    operative=tuple(Paragraph(i, t) for i, t in op), **kw)


def cut_positions(ops, side):
    """Offsets in the old (or new) text where one operation ends and another starts."""
    keep = {"old": ("equal", "delete"), "new": ("equal", "insert")}[side]
    cuts, at = [], 0
    for op in ops:
        if op.op in keep:
            at += len(op.text)
            cuts.append(at)
    return cuts[:-1]


def test_no_change_cuts_through_a_word():
    old = "the non‑medical and non-scientific use of drugs, including fentanyl analogues"
    new = "the non‑scientific and non-medical use of synthetic drugs, including analogues of fentanyl"
    ops = word_diff(old, new)
    assert "".join(o.text for o in ops if o.op != "insert") == old
    assert "".join(o.text for o in ops if o.op != "delete") == new
    for text, side in ((old, "old"), (new, "new")):
        for cut in cut_positions(ops, side):
            assert not (text[cut - 1].isalnum() and text[cut].isalnum()), (side, text[:cut])


def test_replaced_word_shows_as_delete_and_insert():
    ops = word_diff("Calls upon Member States to act;", "Urges Member States to act;")
    assert [(o.op, o.text) for o in ops] == [("delete", "Calls upon"), ("insert", "Urges"),
                                             ("equal", " Member States to act;")]


def test_moved_paragraphs_are_moved_not_deleted_and_inserted():
    old = doc([("a", "Recalling,"), ("b", "Noting,")], [("c", "Decides;"), ("d", "Requests.")])
    new = doc([("b", "Noting,"), ("a", "Recalling,")], [("c", "Decides firmly;"), ("e", "Invites.")])
    diff = diff_documents(old, new)
    assert diff.summary == {"added": 1, "deleted": 1, "changed": 1, "moved": 1}
    statuses = {p.id: p.status for p in diff.paragraphs}
    assert statuses == {"a": "same", "b": "moved", "c": "changed", "d": "deleted", "e": "added"} or \
        statuses == {"a": "moved", "b": "same", "c": "changed", "d": "deleted", "e": "added"}
    assert diff.summary_line() == "1 added, 1 deleted, 1 changed, 1 moved"


def test_renumbering_alone_is_not_a_change():
    old = doc([], [("x", "Decides;"), ("y", "Requests;"), ("z", "Invites.")])
    new = doc([], [("y", "Requests;"), ("z", "Invites.")])
    diff = diff_documents(old, new)
    assert diff.summary == {"added": 0, "deleted": 1, "changed": 0, "moved": 0}
    assert [(p.old_label, p.new_label) for p in diff.paragraphs if p.status == "same"] == [("OP2", "OP1"), ("OP3", "OP2")]


def test_footnote_changes_show_in_the_diff():
    old = doc([("a", "Recalling the Convention,")], [])
    new = old.with_changes(preamble=(Paragraph("a", "Recalling the Convention,", (Footnote("f", 25, "Treaty Series."),)),))
    change = diff_documents(old, new).paragraphs[0]
    assert change.status == "changed"
    assert any(o.op == "insert" and "Treaty Series." in o.text for o in change.ops)


def test_a_footnote_added_after_a_word_changes_only_the_marker():
    """"substances" gains a footnote: the compare page (and review rows, and redline)
    show the marker inserted, not the word deleted and inserted again."""
    text = "Concerned about new psychoactive substances and their effects,"
    old = doc([("a", text)], [])
    at = len("Concerned about new psychoactive substances")
    new = old.with_changes(preamble=(Paragraph("a", text, (Footnote("f", at, "See E/2019/28."),)),))
    ops = diff_documents(old, new).paragraphs[0].ops
    assert [(o.op, o.text) for o in ops] == [
        ("equal", "Concerned about new psychoactive substances"), ("insert", "^[See E/2019/28.]"),
        ("equal", " and their effects,")]
    # and a marker taken away, with a word changed beside it
    back = word_diff("of substances^[See E/2019/28.] and drugs", "of compounds and drugs")
    assert [(o.op, o.text) for o in back] == [("equal", "of "), ("delete", "substances^[See E/2019/28.]"),
                                              ("insert", "compounds"), ("equal", " and drugs")]


def test_style_warnings():
    d = doc([("a", "Recalling its resolution 77/1"), ("b", "Frobnicating the matter,")],
            [("c", "Decides to act."), ("d", "Requests OP3 bis.")])
    found = {(w.paragraph_id, w.message) for w in check(d)}
    assert ("a", "A preambular paragraph ends with a comma.") in found
    assert ("b", "“Frobnicating” is not a usual preambular opening; check the wording.") in found
    assert ("c", "This paragraph should end with “;”.") in found
    assert any(pid == "d" and "bis/ter" in m for pid, m in found)
    assert check(doc([("a", "Recalling its resolution 77/1,")], [("c", "Decides to act.")])) == []
    assert [w.message for w in check(d.with_changes(agenda_item=""))][0].startswith("No agenda item")


def test_subparagraph_punctuation():
    lead = Paragraph("p", "Encourages Member States to:", subparagraphs=(
        Paragraph("s1", "Share information;"), Paragraph("s2", "Cooperate.")))
    assert check(Document("GA", 80, "T", agenda_item="1", operative=(lead,))) == []
    bad = lead.__class__("p", "Encourages Member States to", subparagraphs=lead.subparagraphs)
    assert [w.paragraph_id for w in check(Document("GA", 80, "T", agenda_item="1", operative=(bad,)))] == ["p"]
