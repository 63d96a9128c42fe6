"""Numbering, sessions, sponsor lines, footnote markup and structural edits."""
from __future__ import annotations

import pytest

from resolutions.domain import editing
from resolutions.domain.document import Document, Paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.footnote_markup import parse, render
from resolutions.domain.numbering import labels, marks
from resolutions.domain.sessions import session_heading
from resolutions.domain.sponsors import sponsor_line


def P(pid, text="Decides;", *subs):
    return Paragraph(pid, text, subparagraphs=tuple(subs))


@pytest.fixture
def doc():
    return Document("GA", 80, "Title", preamble=(P("pp1", "Recalling,"), P("pp2", "Noting,")),
                    operative=(P("op1"), P("op2", "Urges:", P("a", "x;", P("a-i"), P("a-ii", "y;", P("deep"))),
                                           P("b")), P("op3")))


def test_labels_and_marks(doc):
    assert labels(doc) == {"pp1": "PP1", "pp2": "PP2", "op1": "OP1", "op2": "OP2", "a": "OP2 (a)",
                           "a-i": "OP2 (a) (i)", "a-ii": "OP2 (a) (ii)", "deep": "OP2 (a) (ii) a.",
                           "b": "OP2 (b)", "op3": "OP3"}
    assert [marks(doc)[k] for k in ("pp1", "op1", "op2", "a", "a-ii", "deep", "b")] == \
        ["", "1.", "2.", "(a)", "(ii)", "a.", "(b)"]


def test_a_lone_operative_paragraph_is_not_numbered():
    assert marks(Document("GA", 80, "T", operative=(P("only"),)))["only"] == ""


def test_numbering_follows_moves(doc):
    moved = editing.move_up(doc, "op3")
    assert labels(moved)["op3"] == "OP2" and labels(moved)["op2"] == "OP3"
    assert labels(moved)["a"] == "OP3 (a)"
    assert labels(editing.move_down(doc, "a"))["a"] == "OP2 (b)"


@pytest.mark.parametrize("n, words", [(1, "First"), (12, "Twelfth"), (20, "Twentieth"), (68, "Sixty-eighth"),
                                      (78, "Seventy-eighth"), (80, "Eightieth"), (101, "One hundred and first")])
def test_session_in_words(n, words):
    assert session_heading(n) == f"{words} session"


def test_sponsor_line_the_un_way():
    assert sponsor_line(["United States of America", "Mexico", "Japan"]) == \
        "Japan, Mexico and United States of America: draft resolution"
    assert sponsor_line(["Türkiye", "Côte d’Ivoire", "Cuba", "Tunisia"]) == \
        "Côte d’Ivoire, Cuba, Tunisia and Türkiye: draft resolution"
    assert sponsor_line(["Italy", "Turkmenistan"]) == "Italy and Turkmenistan: draft resolution"


def test_footnote_markup_round_trip():
    text, notes = parse("adopted in 2019,^[See E/2019/28, chap. I [B].] Member States")
    assert text == "adopted in 2019, Member States"
    assert notes[0].at == len("adopted in 2019,") and notes[0].text == "See E/2019/28, chap. I [B]."
    assert render(text, notes) == "adopted in 2019,^[See E/2019/28, chap. I [B].] Member States"
    kept = parse("a^[one] b^[two]", keep_ids=["fn-1"])[1]
    assert kept[0].id == "fn-1" and kept[1].id != "fn-1"


@pytest.mark.parametrize("bad", ["text ^[never closed", "empty ^[ ] note"])
def test_bad_footnote_markup_is_refused(bad):
    with pytest.raises(InvalidDocument):
        parse(bad, where="PP1")


def test_structural_edits(doc):
    added = editing.insert_after(doc, "op1", P("new"))
    assert [p.id for p in added.operative] == ["op1", "new", "op2", "op3"]
    assert [p.id for p in editing.add_subparagraph(doc, "op3", P("s")).operative[2].subparagraphs] == ["s"]
    assert [p.id for p in editing.delete(doc, "op2").operative] == ["op1", "op3"]
    assert editing.move_up(doc, "pp1") == doc  # already first: nothing moves
    with pytest.raises(InvalidDocument, match="no paragraph 'ghost'"):
        editing.delete(doc, "ghost")


def test_outline_rows_rebuild_the_tree(doc):
    rows = [(section, depth, para) for section, depth, para in doc.walk()]
    flat = [(s, d, Paragraph(p.id, p.text)) for s, d, p in rows]
    preamble, operative = editing.from_outline(flat)
    assert Document("GA", 80, "Title", preamble=preamble, operative=operative) == doc
    with pytest.raises(InvalidDocument, match="one level up"):
        editing.from_outline([("operative", 0, P("x")), ("operative", 2, P("y"))])
    with pytest.raises(InvalidDocument, match="preambular paragraphs do not take"):
        editing.from_outline([("preamble", 0, P("x")), ("preamble", 1, P("y"))])
