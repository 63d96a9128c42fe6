"""The one outline builder (domain/outline.py): the same item stream gives the same
document whatever reader produced it."""
from __future__ import annotations

from resolutions.domain import document
from resolutions.domain.outline import (ANNEX, CLOSING, FORMULA, HEADING, OPERATIVE, PREAMBULAR,
                                        TABLE, Item, Note, build)
from resolutions.domain.outline_marks import heading_pattern, number_of, sub_mark


def I(text, mark="", **kw):  # noqa: E743 - short on purpose: streams read like the page
    return Item(text=text, mark=mark, **kw)


def shape(paras, depth=0):
    """(kind, depth, text) of every block and subparagraph, in reading order."""
    out = []
    for p in paras:
        for d, sub in p.walk(depth):
            out.append((sub.kind, d, sub.text))
    return out


def test_plain_resolution_preamble_operative_subparagraphs_and_ids():
    out = build([
        I("The General Assembly,", role=FORMULA),
        I("Recalling its resolution 77/1,", italic=9),
        I("Noting with concern that:", italic=19),
        I("the first;", "(a)"),
        I("the second,", "(b)"),
        I("Decides to:", "1.", italic=7),
        I("Cooperate;", "(a)"),
        I("Report,", "(b)"),
        I("in writing;", "(i)"),
        I("orally;", "(ii)"),
        I("Requests the Secretary-General to report.", "2."),
        I("60th plenary meeting", role=CLOSING),
    ], "en")
    assert out.formula == "The General Assembly,"
    assert [p.text for p in out.preamble] == [
        "Recalling its resolution 77/1,", "Noting with concern that: (a) the first; (b) the second,"]
    assert [p.id for p in out.preamble] == ["pp1", "pp2"]
    assert out.preamble[0].opening_length == 9
    assert shape(out.operative) == [
        ("paragraph", 0, "Decides to:"), ("paragraph", 1, "Cooperate;"), ("paragraph", 1, "Report,"),
        ("paragraph", 2, "in writing;"), ("paragraph", 2, "orally;"),
        ("paragraph", 0, "Requests the Secretary-General to report.")]
    first = out.operative[0]
    assert [first.id, first.subparagraphs[1].id, first.subparagraphs[1].subparagraphs[1].id] == [
        "op1", "op1-b", "op1-b-ii"]
    assert out.operative[0].opening_length == 7 and out.operative[1].opening_length is None


def test_i_after_h_is_a_letter_unless_ii_follows():
    letters8 = [I(f"item {c};", f"({c})") for c in "abcdefgh"]
    as_letter = build([I("Decides:", "1.")] + letters8 + [I("item i;", "(i)"), I("item j.", "(j)")])
    assert [s.text for s in as_letter.operative[0].subparagraphs][-2:] == ["item i;", "item j."]
    as_roman = build([I("Decides:", "1.")] + letters8 + [I("first;", "(i)"), I("second.", "(ii)")])
    h = as_roman.operative[0].subparagraphs[-1]
    assert h.text == "item h;" and [s.text for s in h.subparagraphs] == ["first;", "second."]
    # A source's stated depth agrees: the sublist (i) under (h) followed by (j) is a letter.
    stated = build([I("Decides:", "1.")] + letters8 + [I("item i;", "(i)", depth=2), I("item j.", "(j)", depth=1)])
    assert len(stated.operative[0].subparagraphs) == 10


def test_footnotes_keep_their_place_and_get_ids():
    out = build([I("Recalling the Charter,", notes=(Note(21, "A/RES/1."),)),
                 I("Decides to act.", "1.", notes=(Note(6, "First."), Note(14, "Second.", id="src-fn"))),
                 I("Also decides.", "2.")])
    fn = out.operative[0].footnotes
    assert [(f.id, f.at, f.text) for f in fn] == [("op1-fn1", 6, "First."), ("src-fn", 14, "Second.")]
    assert out.preamble[0].footnotes[0].at == 21


def test_lone_operative_paragraph_without_a_number():
    out = build([I("Recalling its resolution 77/1,"), I("Noting the report,"),
                 I("Decides to include the item in the provisional agenda of its eightieth session.")])
    assert [p.text[:8] for p in out.preamble] == ["Recallin", "Noting t"]
    assert len(out.operative) == 1 and out.operative[0].kind == "paragraph"


def test_lead_in_and_unmarked_lines_and_continuations():
    out = build([I("Recalling,"), I("Decides on the following schedule:", "1."),
                 I("Monday, 9 June: opening;"), I("Tuesday, 10 June: closing;"),
                 I("Requests:", "2."), I("a report;", "(a)"), I("and also decides to remain seized.")])
    first, second = out.operative
    assert [s.text for s in first.subparagraphs] == ["Monday, 9 June: opening;", "Tuesday, 10 June: closing;"]
    assert second.subparagraphs[0].text == "a report; and also decides to remain seized."


def test_source_ids_kept_when_valid_and_unique():
    out = build([I("Recalling,", id="container_1", role=PREAMBULAR),
                 I("Decides.", "1.", id="para_2", role=OPERATIVE),
                 I("Also.", "2.", id="para_2", role=OPERATIVE),
                 I("Bad id.", "3.", id="has space", role=OPERATIVE)])
    assert [p.id for p in out.preamble + out.operative] == ["container_1", "para_2", "para_2-2", "op3"]


def test_sections_with_cross_headings_and_restart():
    out = build([
        I("Recalling,", role=PREAMBULAR),
        I("Activities of the Office", "I", role=HEADING, extra={"operative_part": True}),
        I("Recalling its resolutions,", role=PREAMBULAR),
        I("Reaffirms.", "1.", role=OPERATIVE), I("Requests.", "2.", role=OPERATIVE),
        I("Activities of the Committee", "II", role=HEADING),
        I("Recalling also,", role=PREAMBULAR),
        I("Notes.", "1.", role=OPERATIVE),
    ])
    assert [p.text for p in out.preamble] == ["Recalling,"]
    kinds = [(p.kind, p.numbering, p.restart) for p in out.operative]
    assert kinds == [("heading", "{I}", False), ("text", "", False), ("paragraph", "", False),
                     ("paragraph", "", False), ("heading", "{I}", True), ("text", "", False),
                     ("paragraph", "", False)]


def test_body_stream_sections_start_the_operative_part_at_the_numbered_heading():
    out = build([I("Recalling,"), I("Part I", "Part I", role=HEADING),
                 I("Budget", "Section 1", role=HEADING), I("Recalling its resolution,"),
                 I("Approves.", "1."), I("Other", "Section 2", role=HEADING), I("Decides.", "2.")])
    assert [p.text for p in out.preamble] == ["Recalling,"]
    heads = [(p.numbering, p.level, p.restart) for p in out.operative if p.kind == "heading"]
    assert heads == [("Part {I}", 1, False), ("Section {1}", 2, False), ("Section {1}", 2, False)]
    assert [p.kind for p in out.operative] == ["heading", "heading", "text", "paragraph", "heading", "paragraph"]


def test_annexes_and_tables():
    out = build([
        I("Decides.", "1."), I("Adopts the text annexed.", "2."),
        I("", "Annex", role=ANNEX), I("Declaration on something", role=HEADING),
        I("We, the Heads of State,"), I("Commit ourselves.", "1."),
        I("Appropriations", role=TABLE, rows=(("Section", "Amount"), ("1", "100")), header_rows=1),
    ])
    kinds = [p.kind for p in out.operative]
    assert kinds == ["paragraph", "paragraph", "annex", "text", "paragraph", "table"]
    annex = out.operative[2]
    assert annex.text == "Declaration on something" and annex.id == "ax1"
    table = out.operative[-1]
    assert table.rows == (("Section", "Amount"), ("1", "100")) and table.header_rows == 1
    doc = document.Document(body="GA", session=78, title="t", operative=out.operative)
    assert [len(blocks) for _, blocks in doc.annexes()] == [3]


def test_unnumbered_operative_paragraphs_among_numbered_ones_are_text():
    out = build([I("Recalling,"), I("Decides.", "1."), I("Chair's summary follows in full.", italic=0),
                 I("Requests.", "2.")])
    assert [p.kind for p in out.operative] == ["paragraph", "text", "paragraph"]


def test_decision_with_preambular_lead_in_and_lettered_operative_parts():
    out = build([I("Recalling its resolution 77/1:"), I("Expresses its appreciation;", "(a)"),
                 I("Decides to continue.", "(b)")])
    assert [p.text for p in out.preamble] == ["Recalling its resolution 77/1:"]
    assert [p.text for p in out.operative] == ["Expresses its appreciation;", "Decides to continue."]


def test_leading_unnumbered_comma_paragraphs_are_preambular():
    out = build([I("Recalling,", role=PREAMBULAR), I("Aiming to help,", role=OPERATIVE, italic=9),
                 I("Decides.", "1.", role=OPERATIVE)])
    assert [p.text for p in out.preamble] == ["Recalling,", "Aiming to help,"]


def test_marks():
    assert [heading_pattern(m) for m in ("II.", "Part II", "Section 3", "B.", "")] == [
        "{I}.", "Part {I}", "Section {1}", "{A}.", ""]
    assert heading_pattern("I.", {"{A}.": 8}) == "{A}."
    assert (number_of("12."), number_of("4 bis."), number_of("(a)")) == (12, 4, None)
    assert sub_mark("(iii)") == ("paren", "iii") and sub_mark("a.") == ("dot", "a") and sub_mark("(A)") is None


def test_an_unnumbered_heading_before_the_first_number_opens_the_operative_part():
    # A/80/L.15: "… architecture is aimed at …," then "Peacebuilding Commission", then "1. Reaffirms …".
    out = build([I("The General Assembly,", role=FORMULA),
                 I("Affirming that the review is aimed at peace,", italic=9),
                 I("Peacebuilding Commission", role=HEADING),
                 I("Reaffirms all relevant resolutions;", "1."), I("Recognizes the role;", "2.")], "en")
    assert [p.kind for p in out.preamble] == ["paragraph"]
    assert [(p.kind, p.text) for p in out.operative][:2] == [
        ("heading", "Peacebuilding Commission"), ("paragraph", "Reaffirms all relevant resolutions;")]


def test_a_lead_in_before_a_declarations_title_stays_operative():
    # A/RES/75/1: "Adopts the following declaration:", its title, then "1. We, the Heads of State …".
    out = build([I("The General Assembly,", role=FORMULA),
                 I("Adopts the following declaration:", italic=6),
                 I("Declaration on the commemoration of the seventy-fifth anniversary", role=HEADING),
                 I("We, the Heads of State and Government, gather;", "1."), I("Born out of the war;", "2.")], "en")
    assert out.preamble == ()
    assert [p.kind for p in out.operative][:3] == ["text", "heading", "paragraph"]


def test_arabic_and_chinese_section_numbers_stay_with_their_headings():
    # A/RES/78/247: "أولا" on a line of its own before "مكتب خدمات الرقابة الداخلية"; "一" (Chinese).
    for number, title in (("أولا", "مكتب خدمات الرقابة الداخلية"), ("ثانيا", "أنشطة اللجنة"), ("二", "独立审计")):
        out = build([I("Decides:", "1."), I(number, role=HEADING), I(title, role=HEADING),
                     I("Takes note;", "2.")], "ar")
        headings = [p for p in out.operative if p.kind == "heading"]
        assert [(h.text, h.numbering) for h in headings] == [(f"{number} {title}", "")]


def test_a_mark_no_pattern_prints_stays_in_the_headings_text():
    out = build([I("Decides:", "1."), I("Office of Internal Oversight", "ثانيا", role=HEADING),
                 I("Takes note;", "2.")], "ar")
    assert [p.text for p in out.operative if p.kind == "heading"] == ["ثانيا Office of Internal Oversight"]


def test_the_real_a_80_l15_opens_its_operative_part_with_its_first_heading():
    from resolutions.formats.pdf_reader import read_pdf

    from .corpus import CORPUS
    doc = read_pdf(CORPUS / "pdf" / "A_80_L.15.pdf").document
    assert doc.preamble[-1].kind == "paragraph" and doc.preamble[-1].text.startswith("Affirming that")
    assert (doc.operative[0].kind, doc.operative[0].text) == ("heading", "Peacebuilding Commission")
