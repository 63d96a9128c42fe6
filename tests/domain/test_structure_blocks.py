"""Headings, annexes and tables through the model: numbering, labels, JSON, validation,
diff, merge, redline, amendments and alignment (issue #9, contract §1).

The real shapes are built from the UN's own XML of two resolutions (read in place with
ElementTree, not with a reader, so that this checks the model alone):
- A/RES/78/247: sections "I", "II" (a subheading each), their "Recalling …" cross-headings
  (unnumbered text) and operative numbering restarting at 1 in each section;
- A/RES/78/252 (the programme budget): "Part I" … "Part XIII" with their titles, sections
  whose numbers skip ("Section 4", "Section 7", "Section 29A"), paragraphs 1–77 running on
  through them, and an annex holding a staffing table.
Every printed number the model computes must be the one the UN printed.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache

import pytest

from resolutions.domain import document as d
from resolutions.domain.alignment import align_ids
from resolutions.domain.amendments import AFTER, INSERT, REPLACE, Amendment, apply
from resolutions.domain.diff import ADDED, CHANGED, DELETED, SAME, diff_documents, row_changes
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.merge import merge
from resolutions.domain.numbering import heading_number, heading_numbers, labels, marks, spaced_label
from resolutions.domain.redline import accepted, printed, redline, rejected
from resolutions.domain.validation import accept, problems, repair
from resolutions.formats.document_json import dump, load
from tests.domain import corpus

NS = corpus.AKN_NS


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _own_text(el) -> str:
    """An element's words without its <num>."""
    return " ".join(" ".join(_text(c) for c in el if c.tag != f"{NS}num").split())


def _paragraph(el, pid: str) -> tuple[d.Paragraph, list[tuple[str, str]]]:
    """A numbered paragraph with its first-level list points; and (id, printed num) pairs."""
    printed = [(pid, _text(el.find(f"{NS}num")))]
    subs = []
    for k, point in enumerate(el.iter(f"{NS}point")):
        if point.find(f"{NS}num") is None or point.find(f"{NS}num").text.strip()[:1] != "(" \
                or not re.fullmatch(r"\([a-z]\)", _text(point.find(f"{NS}num"))):
            continue
        sid = f"{pid}-s{k}"
        subs.append(d.paragraph(_own_text(point), id=sid))
        printed.append((sid, _text(point.find(f"{NS}num"))))
    intro = el.find(f"{NS}content") or el.find(f"{NS}intro") or el
    return d.paragraph(_own_text(intro) or "text", *subs, id=pid), printed


def _pattern(mark: str, level: int, counts: dict) -> str:
    """The numbering pattern of a printed heading mark: placeholder if counting gives it,
    else the mark as it stands (budget sections skip numbers)."""
    for placeholder, rx in (("{I}", r"[IVXLC]+"), ("{1}", r"\d+")):
        m = re.fullmatch(rf"(.*?)({rx})", mark)
        if m:
            pattern = f"{m.group(1)}{placeholder}"
            n = counts.get((level, pattern), 0) + 1
            if heading_number(pattern, n) == mark:
                counts[(level, pattern)] = n
                for key in [k for k in counts if k[0] > level]:
                    del counts[key]
                return pattern
    return mark


@cache
def res_78_247() -> tuple[d.Document, dict[str, str]]:
    root = ET.parse(corpus.path(78, "English", "247")).getroot()
    blocks, printed = [], {}
    for s, section in enumerate(root.find(f".//{NS}mainBody").findall(f"{NS}section"), 1):
        num = _text(section.find(f"{NS}num"))
        hid = f"h{s}"
        blocks.append(d.heading(_text(section.find(f"{NS}subheading")), "{I}", restart=True, id=hid))
        printed[hid] = num
        for k, child in enumerate(section):
            if child.tag == f"{NS}crossHeading":
                blocks.append(d.paragraph(_text(child), kind=d.TEXT, id=f"{hid}-x{k}"))
            elif child.tag == f"{NS}paragraph":
                para, marks_ = _paragraph(child, f"{hid}-p{k}")
                blocks.append(para)
                printed.update(marks_)
    doc = d.Document("GA", 78, "Report of the Office of Internal Oversight Services", operative=tuple(blocks))
    return accept(doc), printed


@cache
def res_78_252() -> tuple[d.Document, dict[str, str]]:
    root = ET.parse(corpus.path(78, "English", "252")).getroot()
    preamble = tuple(d.paragraph(_text(c), id=f"pp{k}") for k, c in enumerate(root.find(f".//{NS}preamble"))
                     if c.tag == f"{NS}container")
    blocks, printed, counts = [], {}, {}
    heading_mark = re.compile(r"(Part [IVXLC]+|(?:Income s|S)ection \d+[A-Z]?)")
    body = root.find(f".//{NS}mainBody")
    children = list(body)
    k = 0
    while k < len(children):
        child = children[k]
        pid = child.get("eId")
        if child.get("class") == "H23" and heading_mark.fullmatch(_text(child)):
            mark = _text(child)
            level = 1 if mark.startswith("Part") else 2
            title = _text(children[k + 1])
            blocks.append(d.heading(title, _pattern(mark, level, counts), level, id=pid))
            printed[pid] = mark
            k += 2
            continue
        para, marks_ = _paragraph(child, pid)
        blocks.append(para)
        printed.update(marks_)
        k += 1
    annex = root.find(f".//{NS}attachment")
    titles = [_text(p) for p in annex.iter(f"{NS}paragraph")]
    rows = [[_text(cell) for cell in tr] for tr in annex.iter(f"{NS}tr")]
    blocks += [d.annex(titles[1], id="ax1"), d.table(rows, "", header_rows=1, id="tb1")]
    printed["ax1"] = titles[0]
    doc = d.Document("GA", 78, "Proposed programme budget for 2024", preamble=preamble, operative=tuple(blocks))
    return accept(doc), printed


# ------------------------------------------------------------------ numbering on real shapes

@pytest.mark.parametrize("build", [res_78_247, res_78_252])
def test_every_number_the_model_prints_is_the_one_the_un_printed(build):
    doc, printed = build()
    computed = marks(doc)
    assert len(printed) > 12
    assert {pid: computed[pid] for pid in printed} == printed


def test_sections_restart_the_numbering_and_labels_say_in_which_section():
    doc, _ = res_78_247()
    names = labels(doc)
    firsts = [names[b.id] for b in doc.operative if b.kind == d.PARAGRAPH and marks(doc)[b.id] == "1."]
    assert firsts == ["I OP1", "II OP1"]
    assert [names[b.id] for b in doc.operative if b.kind == d.HEADING] == ["Heading I", "Heading II"]
    texts = [names[b.id] for b in doc.operative if b.kind == d.TEXT]
    assert texts[:2] == ["Heading I text1", "Heading I text2"]
    assert spaced_label("II OP1 (a)") == "II OP 1 (a)"


def test_the_budget_runs_on_through_parts_and_skipping_sections():
    doc, printed = res_78_252()
    numbers = heading_numbers(doc)
    assert [numbers[b.id] for b in doc.operative if b.kind == d.HEADING][:4] == [
        "Part I", "Section 1", "Section 2", "Part II"]
    assert "Section 29A" in numbers.values() and "Part XIII" in numbers.values()
    ops = [marks(doc)[b.id] for b in doc.main_operative() if b.kind == d.PARAGRAPH]
    assert ops == [f"{n}." for n in range(1, 78)]
    names = labels(doc)
    assert len(set(names.values())) == len(names)
    assert names["ax1"] == "Annex" and marks(doc)["ax1"] == "Annex" and names["tb1"] == "Table 1"
    (annex, inside), = doc.annexes()
    assert annex.text == "Staffing table for 2024" and inside[0].rows[0][0] == "Category"
    assert load(dump(doc)) == doc


# ------------------------------------------------------------------ numbering rules

def _doc(*operative, preamble=(d.paragraph("Recalling its resolution 77/1,", id="pp1"),)):
    return d.Document("GA", 80, "A title", preamble=tuple(preamble), operative=tuple(operative))


def test_lone_operative_rule_counts_paragraphs_only():
    doc = _doc(d.heading("Recalling", id="h1"), d.paragraph("Decides to remain seized of the matter.", id="o1"),
               d.annex("Programme of action", id="ax1"), d.paragraph("One.", id="a1"))
    got = marks(doc)
    assert (got["h1"], got["o1"], got["ax1"], got["a1"]) == ("", "", "Annex", "1.")
    restarted = _doc(d.heading("", "{I}.", restart=True, id="h1"), d.paragraph("Decides.", id="o1"))
    assert marks(restarted)["o1"] == "1." and marks(restarted)["h1"] == "I."


def test_heading_numbers_count_per_level_pattern_and_part():
    doc = _doc(d.heading("One", "{I}.", id="h1"), d.heading("a", "{A}.", 2, id="h1a"),
               d.heading("b", "{A}.", 2, id="h1b"), d.heading("Two", "{I}.", id="h2"),
               d.heading("a", "{A}.", 2, id="h2a"), d.paragraph("Decides.", id="o1"),
               d.heading("Sub", "{1}.", 3, id="h3"), d.heading("Roman", "({i})", 3, id="h4"),
               d.annex("First", id="ax1"), d.heading("x", "Part {I}", id="p1"),
               d.annex("Second", id="ax2"), d.heading("y", "Part {I}", id="p2"), d.heading("z", "{a})", 2, id="p3"))
    got = heading_numbers(doc)
    assert got == {"h1": "I.", "h1a": "A.", "h1b": "B.", "h2": "II.", "h2a": "A.", "h3": "1.", "h4": "(i)",
                   "p1": "Part I", "p2": "Part I", "p3": "a)"}
    names = labels(doc)
    assert (names["h1a"], names["h2a"]) == ("Heading A", "II Heading A")
    assert (names["ax1"], names["ax2"], names["p2"]) == ("Annex I", "Annex II", "Annex II Part I")
    assert marks(doc)["ax2"] == "Annex II"
    assert len(set(names.values())) == len(names)


def test_annex_paragraphs_number_from_one_and_text_blocks_never():
    doc = _doc(d.paragraph("Decides.", id="o1"), d.paragraph("Requests.", id="o2"),
               d.annex("Declaration", id="ax1"), d.paragraph("Preamble of the annex", kind=d.TEXT, id="t1"),
               d.paragraph("Article one.", id="a1"), d.paragraph("Article two.", id="a2"),
               d.table([["a", "b"]], id="tb1"), d.paragraph("Notes", kind=d.TEXT, id="t2"))
    got, names = marks(doc), labels(doc)
    assert [got[i] for i in ("o1", "o2", "t1", "a1", "a2", "tb1", "t2")] == ["1.", "2.", "", "1.", "2.", "", ""]
    assert [names[i] for i in ("t1", "a1", "tb1", "t2")] == ["Annex text1", "Annex OP1", "Table 1",
                                                            "Annex OP2 text1"]


def test_annex_marks_are_in_the_documents_language_and_labels_stay_english():
    doc = replace(_doc(d.paragraph("Décide.", id="o1"), d.annex("Déclaration", id="ax1"),
                       d.paragraph("Un.", id="a1"), d.annex("Programme", id="ax2")), language="fr")
    assert (marks(doc)["ax1"], marks(doc)["ax2"]) == ("Annexe I", "Annexe II")
    assert (labels(doc)["ax2"], labels(doc)["a1"]) == ("Annex II", "Annex I OP1")
    assert [a.id for a, _ in doc.annexes()] == ["ax1", "ax2"] and [b.id for b in doc.main_operative()] == ["o1"]


def test_labels_stay_unique_when_a_heading_reads_like_a_paragraphs_label():
    sub = d.paragraph("its budget;", id="o3a")
    doc = _doc(d.paragraph("Decides.", id="o1"), d.heading("Budget", "OP2", id="h1"),
               d.paragraph("Requests.", id="o2"), d.paragraph("Invites:", sub, id="o3"),
               d.heading("", "OP3 (a)", id="h2"), d.heading("Staff", "Table 1", id="h3"),
               d.table([["a"]], id="tb1"), d.heading("", "OP2 text1", id="h4"),
               d.paragraph("Notes", kind=d.TEXT, id="t1"), d.annex("Programme", id="ax1"),
               d.heading("", "Annex", id="h5"), d.paragraph("One.", id="a1"))
    names = labels(doc)
    assert [names[i] for i in ("o1", "o2", "o3", "o3a", "tb1", "ax1", "a1")] == [
        "OP1", "OP2", "OP3", "OP3 (a)", "Table 1", "Annex", "Annex OP1"]
    assert [names[i] for i in ("h1", "h2", "h3", "h4", "t1", "h5")] == [
        "Heading OP2", "Heading OP3 (a)", "Heading Table 1", "Heading OP2 text1", "Heading OP2 text1 text1",
        "Annex Heading Annex"]
    assert marks(doc)["h1"] == "OP2" and len(set(names.values())) == len(names)


def test_labels_are_unique_for_every_pattern_whatever_the_order():
    patterns = ["{I}.", "{A}.", "", "Budget", "OP1", "OP1 (a)", "Annex", "Table 1", "OP2 text1", "{I}",
                "Heading {A}", "PH1", "A"]
    def blocks(part: str):
        for k, pattern in enumerate(patterns):
            yield d.heading("", pattern or "x", 1 + k % 3, restart=k % 2 == 0, id=f"{part}h{k}")
            yield d.paragraph("Decides:", d.paragraph("a;", d.paragraph("i;", id=f"{part}s{k}i"), id=f"{part}s{k}"),
                              id=f"{part}o{k}")
            yield d.paragraph("Notes", kind=d.TEXT, id=f"{part}t{k}")
    doc = _doc(*blocks("m"), d.table([["a"]], id="tb"), d.annex("x", id="ax"), *blocks("a"))
    names = labels(doc)
    assert len(names) == len(set(names.values())) == len(list(doc.walk()))


def test_sub_headings_restarting_in_two_sections_label_their_paragraphs_apart():
    doc = _doc(d.heading("One", "{I}.", id="h1"), d.heading("a", "{A}.", 2, restart=True, id="h1a"),
               d.paragraph("Decides.", d.paragraph("x;", id="p1a"), id="p1"),
               d.heading("Two", "{I}.", id="h2"), d.heading("a", "{A}.", 2, restart=True, id="h2a"),
               d.paragraph("Decides.", d.paragraph("x;", id="p2a"), id="p2"))
    names = labels(doc)
    assert [names[i] for i in ("p1", "p1a", "p2", "p2a")] == ["A OP1", "A OP1 (a)", "II A OP1", "II A OP1 (a)"]


def test_operative_heading_counts_start_again_after_the_preambles_own():
    """A/RES/78/247's sections print "I." and "II." whatever heading the preamble holds."""
    doc, printed = res_78_247()
    pre = (d.heading("Recalling", "{I}", id="ph1"), d.paragraph("Recalling its resolution 77/1,", id="pp1"),
           d.heading("Noting", "{I}", id="ph2"))
    with_preamble = accept(replace(doc, preamble=pre))
    numbers = heading_numbers(with_preamble)
    assert (numbers["ph1"], numbers["ph2"]) == ("I", "II")
    computed = marks(with_preamble)
    assert {pid: computed[pid] for pid in printed} == printed
    assert labels(with_preamble)["ph2"] == "PH2" and labels(with_preamble)["h1"] == "Heading I"


# ------------------------------------------------------------------ JSON

def test_json_dumps_the_new_fields_only_for_their_kinds_and_round_trips():
    doc = accept(_doc(d.heading("Activities", "{I}.", restart=True, id="h1"), d.paragraph("Decides.", id="o1"),
                      d.heading("Plain", id="h2"), d.annex("Title", id="ax1"),
                      d.table([["Category", "Total"], ["P-5", "12"], ["merged"]], "Posts", id="tb1"),
                      d.paragraph("Text", kind=d.TEXT, id="t1")))
    out = dump(doc)
    assert out["preamble"] == [{"id": "pp1", "text": "Recalling its resolution 77/1,"}]
    op = out["operative"]
    assert op[0] == {"id": "h1", "text": "Activities", "kind": "heading", "level": 1, "numbering": "{I}.",
                     "restart": True}
    assert op[1] == {"id": "o1", "text": "Decides."} and "restart" not in op[2]
    assert op[3] == {"id": "ax1", "text": "Title", "kind": "annex"}
    assert op[4]["rows"] == [["Category", "Total"], ["P-5", "12"], ["merged"]] and op[4]["header_rows"] == 1
    assert op[5] == {"id": "t1", "text": "Text", "kind": "text"}
    assert load(out) == doc


@pytest.mark.parametrize("block, where, words", [
    ({"kind": "chapter", "text": "x"}, "operative[0]", "unknown kind"),
    ({"kind": "table", "rows": [["a", 1]]}, "operative[0]", "every cell"),
    ({"kind": "table", "rows": "a|b"}, "operative[0]", "list of rows"),
    ({"kind": "heading", "text": "x", "level": "1"}, "operative[0]", "level"),
    ({"kind": "heading", "text": "x", "restart": "yes"}, "operative[0]", "restart"),
    ({"kind": "annex", "text": "x", "level": 2}, "operative[0]", "unknown annex field"),
    ({"text": "x", "rows": []}, "operative[0]", "unknown paragraph field"),
    ({"text": "x", "subparagraphs": [{"kind": "table", "rows": [["a"]]}]}, "operative[0].subparagraphs[0]",
     "always a paragraph"),
])
def test_json_refuses_malformed_blocks_naming_the_place(block, where, words):
    with pytest.raises(InvalidDocument) as caught:
        load({"body": "GA", "session": 80, "title": "t", "operative": [block]})
    assert caught.value.where == where and words in caught.value.message


# ------------------------------------------------------------------ validation

def test_validation_cleans_titles_to_one_line_and_cells_like_paragraphs():
    doc = accept(_doc(d.heading("Two\nlines\t", "Part {I}\n", id="h1"), d.annex(" Annex\x07 title ", id="ax1"),
                      d.table([("a\x00b ", "c\r\nd")], "T\nitle", id="tb1")))
    h, ax, tb = doc.operative
    assert (h.text, h.numbering, ax.text, tb.text, tb.rows) == ("Two lines", "Part {I}", "Annex title", "T itle",
                                                                (("ab", "c\nd"),))


@pytest.mark.parametrize("make, words", [
    (lambda: _doc(preamble=(d.annex("x"),)), "preamble holds paragraphs and headings only; an annex goes after"),
    (lambda: _doc(preamble=(d.table([["a"]]),)), "a table goes in the operative part"),
    (lambda: _doc(preamble=(d.paragraph("x", kind=d.TEXT),)), "preamble holds paragraphs and headings"),
    (lambda: _doc(preamble=(d.heading("x", restart=True),)), "cannot restart"),
    (lambda: _doc(d.paragraph("x", d.heading("y"))), "a subparagraph is always a paragraph"),
    (lambda: _doc(replace(d.table([["a"]]), subparagraphs=(d.paragraph("x"),))), "a table cannot hold subparagraphs"),
    (lambda: _doc(replace(d.heading("x"), footnotes=(d.Footnote("fn-1", 0, "n"),))), "a heading cannot hold footnotes"),
    (lambda: _doc(replace(d.annex("x"), opening_length=1)), "an annex has no italic opening"),
    (lambda: _doc(d.heading("x", "{I}.{A}")), "more than one number"),
    (lambda: _doc(d.heading("x", level=4)), "level is 1, 2 or 3"),
    (lambda: _doc(replace(d.paragraph("x"), numbering="{I}")), "only a heading has"),
    (lambda: _doc(replace(d.annex("x"), rows=(("a",),))), "only a table has rows"),
    (lambda: _doc(d.table([])), "a table has 1 to 200 rows"),
    (lambda: _doc(d.table([["a"], []])), "row 2 of the table has no cells"),
    (lambda: _doc(d.table([["a"]], header_rows=2)), "header rows"),
    (lambda: _doc(replace(d.paragraph("x"), kind="chapter")), "unknown kind 'chapter'"),
])
def test_validation_refuses_what_the_model_does_not_allow(make, words):
    with pytest.raises(InvalidDocument) as caught:
        accept(make())
    assert words in caught.value.message and caught.value.where


def test_places_are_the_labels_the_page_shows():
    doc = _doc(d.heading("I"), d.paragraph("a"), d.table([["a"] * 31]))
    with pytest.raises(InvalidDocument) as caught:
        accept(doc)
    assert caught.value.where == "Table 1" and "31 cells; the limit is 30" in caught.value.message
    with pytest.raises(InvalidDocument) as caught:
        accept(_doc(d.heading("I"), d.paragraph("a"), d.table([], "Scale of assessments")))
    assert (caught.value.where, caught.value.message) == ("Table 1", "a table has 1 to 200 rows; this one has 0")


def test_places_in_a_real_resolution_are_its_labels_even_with_broken_ids():
    """A/RES/78/247: section II's emptied paragraph 2 is "II OP2", not "operative block 18";
    a repeated id names the first place by its label; the annex table of A/RES/78/252 too."""
    doc, _ = res_78_247()
    names = labels(doc)
    at = next(k for k, b in enumerate(doc.operative) if names[b.id] == "II OP2")
    first = next(b for b in doc.operative if names[b.id] == "I OP1")

    def with_block(block):
        return replace(doc, operative=doc.operative[:at] + (block,) + doc.operative[at + 1:])

    emptied = with_block(replace(doc.operative[at], text=" "))
    assert [(p.where, p.message) for p in problems(emptied)] == [("II OP2", "the paragraph is empty")]
    twice = with_block(replace(doc.operative[at], id=first.id))
    assert [(p.where, p.message) for p in problems(twice)] == [
        ("II OP2", f"paragraph id '{first.id}' is used twice (first at I OP1)")]
    budget, _ = res_78_252()
    table = budget.operative[-1]
    wide = replace(budget, operative=budget.operative[:-1] + (replace(table, rows=table.rows + (("x",) * 31,)),))
    assert [p.where for p in problems(wide)] == ["Table 1"]


def test_places_fall_back_to_positions_where_the_tree_cannot_be_numbered():
    deep = d.paragraph("a", d.paragraph("b", d.paragraph("c", d.paragraph("d", d.paragraph("e")))))
    doc = _doc(d.heading("I"), deep)
    assert [p.where for p in problems(doc)] == ["operative block 2 (a) (i) a."]
    in_preamble = _doc(d.heading("I"), d.table([["a"] * 31]), preamble=(d.table([["a"]]),))
    assert [p.where for p in problems(in_preamble)] == ["preamble block 1", "Table 1"]


def test_repair_drops_an_empty_heading_but_keeps_a_numbered_one():
    doc = _doc(d.heading("", id="h1"), d.heading("", "{I}.", id="h2"), d.paragraph("Decides.", id="o1"))
    assert [p.where for p in problems(doc)] == ["Heading 1"]
    fixed, left = repair(doc)
    assert [b.id for b in fixed.operative] == ["h2", "o1"] and left == []


# ------------------------------------------------------------------ diff, redline, merge

def test_a_heading_edit_is_a_word_diff_and_a_pattern_change_a_change():
    old = accept(_doc(d.heading("Activities of the Office", "{I}.", id="h1"), d.paragraph("Decides.", id="o1")))
    new = replace(old, operative=(replace(old.operative[0], text="Activities of the Oversight Office",
                                          numbering="Part {I}"), old.operative[1]))
    change = diff_documents(old, new).paragraphs[1]
    assert change.status == CHANGED and change.kind == d.HEADING and change.fields == ("numbering",)
    assert [op.text for op in change.ops if op.op == "insert"] == ["Oversight "]
    restarted = replace(old, operative=(replace(old.operative[0], restart=True), old.operative[1]))
    only = diff_documents(old, restarted).paragraphs[1]
    assert only.status == CHANGED and only.fields == ("restart",) and not only.text_changed


def test_a_table_compares_cell_by_cell_where_rows_align():
    doc, _ = res_78_252()
    table = doc.operative[-1]
    rows = list(table.rows)
    rows[3] = (rows[3][0], "11", *rows[3][2:])
    rows.insert(5, ("New category", "1", "0", "1"))
    changes = row_changes(table.rows, tuple(rows))
    assert [c.status for c in changes].count(SAME) == len(table.rows) - 1
    changed = next(c for c in changes if c.status == CHANGED)
    assert [op.op for op in changed.cells[1]] == ["insert"] and changed.cells[0][0].op == "equal"
    assert [c.status for c in changes].count(ADDED) == 1
    new = replace(doc, operative=doc.operative[:-1] + (replace(table, rows=tuple(rows)),))
    block = diff_documents(doc, new).paragraphs[-1]
    assert block.status == CHANGED and block.fields == ("rows",) and block.rows == changes
    wider = row_changes((("a", "b"),), (("a", "b", "c"),))
    assert [c.status for c in wider] == [DELETED, ADDED]


def test_redline_marks_kinds_and_structure_and_both_sides_come_back():
    old = accept(_doc(d.heading("Activities", "{I}.", id="h1"), d.paragraph("Decides.", id="o1"),
                      d.table([["a", "b"]], id="tb1")))
    new = replace(old, operative=(replace(old.operative[0], kind=d.TEXT, numbering=""),
                                  old.operative[1], replace(old.operative[2], rows=(("a", "c"),))))
    marked = redline(old, new)
    by_id = {m.id: m for m in marked}
    assert by_id["h1"].kind == d.TEXT and by_id["h1"].was_kind == d.HEADING and by_id["h1"].changed
    assert by_id["tb1"].restructured and by_id["tb1"].kind == d.TABLE and not by_id["o1"].changed
    assert accepted(marked) == printed(new) and rejected(marked) == printed(old)
    assert all(not s.italic for m in marked if m.kind not in d.PROSE for s in m.segments)


def test_merge_takes_each_sides_fields_and_conflicts_on_one_field_changed_twice():
    base = accept(_doc(d.heading("Activities", "{I}.", id="h1"), d.paragraph("Decides to act.", id="o1"),
                       d.table([["a", "b"]], "Posts", id="tb1")))
    h, o, t = base.operative
    theirs = replace(base, operative=(replace(h, numbering="Part {I}"), o, replace(t, rows=(("a", "c"),))))
    yours = replace(base, operative=(replace(h, text="Activities of the Office", restart=True), o,
                                     replace(t, text="Posts in 2024")))
    result = merge(base, theirs, yours)
    assert result.clean
    mh, _, mt = result.document.operative
    assert (mh.text, mh.numbering, mh.restart) == ("Activities of the Office", "Part {I}", True)
    assert (mt.text, mt.rows) == ("Posts in 2024", (("a", "c"),))
    cells = merge(base, theirs, replace(yours, operative=(yours.operative[0], o, replace(t, rows=(("x", "b"),)))))
    assert cells.clean and cells.document.operative[2].rows == (("x", "c"),)    # one cell each: both land
    clash = replace(yours, operative=(replace(h, numbering="{A}."), o, replace(t, rows=(("a", "d"),))))
    conflicted = merge(base, theirs, clash)
    assert {(c.paragraph, c.field) for c in conflicted.conflicts} == {("h1", "numbering"), ("tb1", "rows")}
    numbering = next(c for c in conflicted.conflicts if c.field == "numbering")
    assert (numbering.base, numbering.theirs, numbering.yours) == ("{I}.", "Part {I}", "{A}.")


def test_two_delegations_editing_the_budget_table_merge_cell_by_cell():
    base, _ = res_78_252()
    table = base.operative[-1]

    def edited(r: int, c: int, value: str, rows=None):
        rows = [list(row) for row in (rows or table.rows)]
        rows[r][c] = value
        return tuple(tuple(row) for row in rows)

    theirs = replace(base, operative=base.operative[:-1] + (replace(table, rows=edited(5, 1, "99")),))
    yours = replace(base, operative=base.operative[:-1] + (replace(table, rows=edited(6, 2, "7")),))
    result = merge(base, theirs, yours)
    assert result.clean and result.document.operative[-1].rows == edited(6, 2, "7", edited(5, 1, "99"))
    grown = replace(base, operative=base.operative[:-1] + (replace(table, rows=table.rows + (("New",) * 4,)),))
    assert [(c.paragraph, c.field) for c in merge(base, theirs, grown).conflicts] == [("tb1", "rows")]


def test_merge_refuses_a_combination_no_rule_allows():
    base = accept(_doc(d.paragraph("Decides to act.", id="o1"), d.paragraph("Requests a report.", id="o2")))
    o1, o2 = base.operative
    theirs = replace(base, operative=(replace(o1, kind=d.TABLE, rows=(("a",),)), o2))
    yours = replace(base, operative=(replace(o1, subparagraphs=(d.paragraph("first", id="s1"),)), o2))
    result = merge(base, theirs, yours)
    assert not result.clean and result.document is None
    assert not problems(result.proposed)


# ------------------------------------------------------------------ amendments and alignment

def test_proposals_replace_a_headings_words_and_insert_blocks_of_any_kind():
    base = accept(_doc(d.heading("Activities", "{I}.", id="h1"), d.paragraph("Decides.", id="o1")))
    renamed = accept(apply(base, Amendment(REPLACE, "h1", "Oversight", replaces="Activities")))
    assert renamed.operative[0].text == "Oversight" and renamed.operative[0].numbering == "{I}."
    with_table = accept(apply(base, Amendment(INSERT, "o1", "Posts", position=AFTER, new_paragraph_id="tb9",
                                              block_kind=d.TABLE, block_fields=(("rows", [["a", "b"]]),
                                                                                ("header_rows", 1)))))
    assert with_table.operative[-1].rows == (("a", "b"),) and labels(with_table)["tb9"] == "Table 1"
    into_preamble = apply(base, Amendment(INSERT, "pp1", "Annex", position=AFTER, new_paragraph_id="ax9",
                                          block_kind=d.ANNEX))
    with pytest.raises(InvalidDocument, match="preamble holds paragraphs and headings only"):
        accept(into_preamble)
    with pytest.raises(InvalidDocument, match="takes level, numbering, restart"):
        apply(base, Amendment(INSERT, "o1", "x", position=AFTER, new_paragraph_id="h9", block_kind=d.HEADING,
                              block_fields=(("rows", ()),)))


def test_alignment_pairs_blocks_of_one_kind_and_keeps_their_fields():
    doc, _ = res_78_247()
    fresh = replace(doc, operative=tuple(replace(b, id=f"n{k}") for k, b in enumerate(doc.operative)))
    aligned = align_ids(doc, fresh)
    assert aligned == doc
