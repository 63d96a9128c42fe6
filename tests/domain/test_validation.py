"""The one validation boundary (domain/validation.py): what every door lets in.

Each defect that once reproduced has its regression test here: a language the index
refuses, a 10,000-character id, a lone surrogate, control characters and U+FFFF that
broke the Word export, subparagraphs nested 500 deep. Then the limits, problems() and
repair(), and a loop over hostile strings: whatever accept() lets in must round-trip
through JSON, validate, export to Word (and read back), diff and pass the index's check.
"""
from __future__ import annotations

import datetime
import io
import json
from dataclasses import replace

import docx
import pytest

from resolutions.domain import languages, text
from resolutions.domain.diff import diff_documents
from resolutions.domain.document import MAX_DEPTH, Document, Footnote, Paragraph, new_id
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.validation import (CLEAN, ID_RULE, MAX_AGENDA_ITEM_CHARS, MAX_AGENDA_TITLE_CHARS,
                                           MAX_DOCUMENT_CHARS, MAX_FOOTNOTE_CHARS, MAX_FOOTNOTES, MAX_ID_CHARS,
                                           MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS, MAX_SOURCE_CHARS, MAX_SYMBOL_CHARS,
                                           MAX_TITLE_CHARS, REFUSE, REPAIR, accept, accept_text, is_valid_id,
                                           problems, repair, safe_id, validate)
from resolutions.formats import document_json
from resolutions.formats.docx_writer import write_docx

from .corpus import one, path, read, session_files


def fn(fid: str, at: int, body: str) -> Footnote:
    return Footnote(fid, at, body)


def sample(**changes) -> Document:
    """A small GA draft with every kind of field: two preambular paragraphs (one with a
    footnote), operative paragraphs three levels deep, a source, a symbol."""
    doc = Document(
        body="GA", session=80, title="Countering synthetic drug threats",
        agenda_item="125 (a)", agenda_title="Global health and foreign policy",
        preamble=(Paragraph("pp1", "Recalling its resolution 77/238 of 15 December 2022,"),
                  Paragraph("pp2", "Noting the Ministerial Declaration of 2019,",
                            footnotes=(fn("fn-1", 42, "See E/2019/28, chap. I, sect. B."),),
                            opening_length=6)),
        operative=(Paragraph("op1", "Decides to remain seized of the matter;", source="A/RES/78/131 OP 4"),
                   Paragraph("op2", "Urges Member States:", subparagraphs=(
                       Paragraph("op2-a", "to share information;", subparagraphs=(
                           Paragraph("op2-a-i", "on precursors;", subparagraphs=(
                               Paragraph("op2-a-i-a", "in particular fentanyl;"),)),)),
                       Paragraph("op2-b", "to cooperate."),))),
        symbol="A/80/L.99", language="en")
    return replace(doc, **changes)


def refused(doc) -> InvalidDocument:
    with pytest.raises(InvalidDocument) as caught:
        accept(doc)
    assert caught.value.status == 422
    return caught.value


def with_op1(**changes) -> Document:
    doc = sample()
    return replace(doc, operative=(replace(doc.operative[0], **changes),) + doc.operative[1:])


def test_a_clean_document_is_accepted_unchanged():
    doc = sample()
    assert accept(doc) == doc
    assert validate(doc) is doc
    assert problems(doc) == []
    assert repair(doc) == (doc, [])


@pytest.mark.parametrize("language", ["English", "Arabic", "Chinese", "Russian"])
def test_accept_returns_a_clean_document_itself_because_cleaning_would_change_nothing(language):
    """accept() skips cleaning when checking found nothing to clean: sound only if
    cleaning a document without problems gives it back, checked on real texts."""
    from resolutions.domain.validation import _rebuild

    checked = 0
    for file in session_files(78, language)[:40]:
        for doc in read(file):
            assert problems(doc) == [], file.name
            assert _rebuild(doc, repair=False) == doc, file.name
            assert accept(doc) is doc
            checked += 1
    assert checked >= 40


# --- languages ---------------------------------------------------------------------------

def test_the_six_languages_are_defined_once_in_the_uns_order_with_their_own_names():
    assert languages.CODES == ("ar", "zh", "en", "fr", "ru", "es")
    assert languages.LANGUAGES == {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français",
                                   "ru": "Русский", "es": "Español"}
    assert list(languages.ENGLISH_NAMES) == list(languages.CODES)
    for code in languages.CODES:
        assert accept(sample(language=code)).language == code


@pytest.mark.parametrize("language", ["xx", "", "EN", " en", "en-GB", "english", "zh-Hant", "en\x00", None, 7])
def test_a_language_the_index_does_not_know_is_refused(language):
    """Regression: "xx" and "" were saved, and then every index rebuild failed."""
    error = refused(sample(language=language))
    assert error.where == "language"
    assert "ar, zh, en, fr, ru, es" in error.message
    fixed, left = repair(sample(language=language))
    assert fixed.language == language
    assert left and "cannot be guessed" in left[0]


def test_the_search_index_takes_every_language_accept_lets_in():
    from resolutions.search.schema import check_entry
    for code in languages.CODES:
        check_entry(entry(accept(sample(language=code))))


def entry(doc: Document):
    from resolutions.search.model import IndexEntry
    return IndexEntry(key="draft:1", kind="draft", symbol="Draft 1", draft_id=1, body=doc.body,
                      session=doc.session, language=doc.language, title=doc.title,
                      date=datetime.date(2025, 11, 5), sponsors=(), subjects=(), agenda=doc.agenda_item,
                      visible_to=("all",), document=doc)


# --- ids -------------------------------------------------------------------------------------

REAL_IDS = [
    # The UN's eIds as the AKN reader keeps them, in every script the corpus uses.
    "container_3", "para_20", "para_18_list_point_a", "para_39_list_point_d_sublist_point_iii-fn1",
    "para_21_list_point_أ", "para_57_list_point_هـ", "para_8_list_point_أ-fn4",
    "para_32_list_point_أ_sublist_point_’1‘", "para_32_list_point_a_sublist_point_㈠",
    "para_92_list_point_а", "para_14_list_point_с_sublist_point_е",
    # Anonymous and repeated ones, the PDF reader's, and ours.
    "akn-3", "para_5-2", "pp1", "op12", "op12-fn3", "x.y:z",
]


@pytest.mark.parametrize("value", REAL_IDS + [new_id(), new_id("fn"), "a" * MAX_ID_CHARS])
def test_every_id_the_readers_and_new_id_make_has_the_shape(value):
    assert is_valid_id(value)


@pytest.mark.parametrize("value", ["", "p" * (MAX_ID_CHARS + 1), "p" * 10_000, "a b", "a/b", "a|b", "<b>", "a&b",
                                   'a"b', "a'b", "_a", "-a", ".a", "a\u200db", "a\x00", "a\t", "\ud800", "a\ufffe",
                                   "٠\u00a0", None, 7])
def test_ids_of_any_other_shape_are_refused(value):
    assert not is_valid_id(value)


def test_an_arabic_file_keeps_its_arabic_ids_and_validates():
    doc = one(78, "Arabic", "100")
    ids = doc.paragraph_ids()
    assert "para_21_list_point_أ" in ids
    assert all(is_valid_id(i) for i in ids)
    assert validate(doc) is doc


def test_the_akn_reader_puts_any_eid_in_the_shape():
    """A file whose eIds hold spaces, slashes or run to 200 characters still reads into
    ids accept() takes (the UN's own eIds come through unchanged)."""
    from resolutions.formats.akn_reader import read_akn
    raw = path(78, "English", "131").read_bytes()
    odd = (raw.replace(b'eId="container_2"', b'eId="container 2/&amp;x"')
              .replace(b'eId="container_3"', b'eId="' + b"c" * 200 + b'"')
              .replace(b'eId="container_4"', b'eId="_container_4"'))
    (real,), (doc,) = read_akn(raw), read_akn(odd)
    assert real.paragraph_ids()[:2] == ["container_2", "container_3"]
    ids = doc.paragraph_ids()
    assert ids[:3] == ["container_2__x", "c" * 48, "id_container_4"]
    assert [n.id for n in doc.preamble[1].footnotes] == [f"{'c' * 48}-fn{k}" for k in range(1, 5)]
    assert validate(doc) is doc


def test_a_10000_character_paragraph_id_is_refused_with_a_short_message():
    """Regression: it was saved, then broke pages and the index."""
    doc = sample()
    error = refused(replace(doc, preamble=(replace(doc.preamble[0], id="p" * 10_000),) + doc.preamble[1:]))
    assert error.where == "PP1" and "id" in error.message and ID_RULE in error.message
    assert len(str(error)) < 400


def test_a_bad_footnote_id_is_refused():
    doc = sample()
    bad = replace(doc.preamble[1], footnotes=(fn("fn 1/2", 42, "See."),))
    error = refused(replace(doc, preamble=(doc.preamble[0], bad)))
    assert error.where == "PP2" and "footnote 1" in error.message


def test_ids_used_twice_are_refused_where_the_second_stands():
    doc = sample()
    twice = replace(doc, operative=(doc.operative[0], replace(doc.operative[1], id="op1")))
    error = refused(twice)
    assert error.where == "OP2" and "used twice" in error.message and "OP1" in error.message
    notes = replace(doc, preamble=(replace(doc.preamble[0], footnotes=(fn("fn-1", 0, "One."),)), doc.preamble[1]))
    assert refused(notes).where == "PP2"
    # A footnote may share an id with a paragraph: they are two namespaces.
    assert accept(replace(doc, preamble=(replace(doc.preamble[0], footnotes=(fn("op1", 0, "One."),)),
                                         doc.preamble[1])))


def test_safe_id_puts_an_id_from_a_file_in_the_shape():
    assert safe_id("para_21_list_point_أ") == "para_21_list_point_أ"
    assert safe_id("a b/c") == "a_b_c"
    assert safe_id("{8F2C-11}") == "id_8F2C-11_"
    assert safe_id("x" * 100, 48) == "x" * 48
    assert safe_id("") == ""
    for raw in ["a b", "{GUID}", "_x", "p" * 500, "é", "a\x00b"]:
        assert is_valid_id(safe_id(raw, 48))


# --- characters ----------------------------------------------------------------------------

def test_a_lone_surrogate_is_refused_naming_the_field_and_the_paragraph():
    """Regression: a lone surrogate in a title made every page showing it answer 500."""
    doc = sample()
    cases = [
        (sample(title="Title \ud800"), "title", "the title"),
        (sample(agenda_item="12\udc00"), "agenda_item", "the agenda item"),
        (sample(agenda_title="\ud83d"), "agenda_title", "the agenda title"),
        (sample(symbol="A/80/L.1\ud800"), "symbol", "the symbol"),
        (with_op1(text="Decides \ud800;"), "OP1", "the paragraph"),
        (with_op1(source="A/RES/1 \udfff"), "OP1", "the source"),
        (replace(doc, preamble=(doc.preamble[0], replace(doc.preamble[1], footnotes=(fn("f", 1, "\ud800"),)))),
         "PP2", "footnote 1"),
    ]
    for bad, where, field in cases:
        error = refused(bad)
        assert (error.where, error.message.split(" holds")[0]) == (where, field)
        assert "surrogate" in error.message and "U+D" in error.message
    deep = doc.operative[1].subparagraphs[0].subparagraphs[0]
    nested = replace(doc, operative=(doc.operative[0], replace(doc.operative[1], subparagraphs=(
        replace(doc.operative[1].subparagraphs[0], subparagraphs=(replace(deep, text="on \ud800"),)),
        doc.operative[1].subparagraphs[1]))))
    assert refused(nested).where == "OP2 (a) (i)"


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f",
                                 "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff", "\U0010ffff"])
def test_control_characters_and_non_characters_are_removed_from_every_field(bad):
    """Regression: NUL, other controls and U+FFFF were saved, then the Word export answered 500."""
    doc = sample()
    dirty = replace(doc, title=f"Countering{bad} synthetic drug threats", agenda_item=f"125{bad} (a)",
                    agenda_title=f"Global health{bad} and foreign policy", symbol=f"A/80/{bad}L.99",
                    preamble=(replace(doc.preamble[0], text=f"Recalling{bad} its resolution 77/238 of "
                                                            "15 December 2022,"),
                              replace(doc.preamble[1], footnotes=(fn("fn-1", 42, f"See{bad} E/2019/28, chap. I, "
                                                                                 "sect. B."),))),
                    operative=(replace(doc.operative[0], source=f"A/RES/78/131{bad} OP 4"),) + doc.operative[1:])
    with pytest.raises(InvalidDocument, match="cannot be stored"):
        validate(dirty)
    assert accept(dirty) == doc
    assert [p.kind for p in problems(dirty)] == [CLEAN] * 7


def test_the_quick_check_for_plain_text_never_passes_what_cleaning_would_change():
    """text.is_plain is validation's fast path: for every code point, in the middle and at
    either end of a line, "plain" must mean clean() keeps it and nothing is refused."""
    passed = 0
    for point in [*range(0x10000), 0x1F44D, 0x1FFFE, 0x1FFFF, 0x20000, 0xF0000, 0x10FFFD, 0x10FFFF]:
        ch = chr(point)
        for value in (f"a{ch}b", f"{ch}ab", f"ab{ch}"):
            if text.is_plain(value):
                passed += 1
                assert text.clean(value) == value and text.clean(value, multiline=False) == value, hex(point)
                assert text.lone_surrogate(value) is None, hex(point)
    assert passed > 3 * 60_000  # and it does pass ordinary text, so the fast path is taken
    assert text.is_plain("Recalling its resolution 77/238,\u00a0noting «Устав» and 《宪章》")


def test_removing_characters_keeps_footnote_markers_and_the_italic_opening_in_place():
    para = Paragraph("op1", "\x00Deci\x00des, in 2019,\x7f and",
                     footnotes=(fn("a", 17, "First."), fn("b", 19, "Second.")), opening_length=9)
    cleaned = accept(sample(operative=(para,))).operative[0]
    assert cleaned.text == "Decides, in 2019, and"
    assert [(n.at, cleaned.text[:n.at]) for n in cleaned.footnotes] == [(15, "Decides, in 201"),
                                                                         (17, "Decides, in 2019,")]
    assert cleaned.text[:cleaned.opening_length] == "Decides"


def test_carriage_returns_become_newlines_and_ends_are_trimmed():
    raw = "  Decides:\r\nfirst;\rsecond;\tthird \n"
    para = Paragraph("op1", raw, footnotes=(fn("a", len(raw), "Note\r\n"),), opening_length=9)
    cleaned = accept(sample(operative=(para,), title="\tA title\r\non two lines ")).operative[0]
    assert cleaned.text == "Decides:\nfirst;\nsecond;\tthird"
    assert cleaned.footnotes == (fn("a", len(cleaned.text), "Note"),)
    assert cleaned.opening_length == 7
    assert accept(sample(title="\tA title\r\non two lines ")).title == "A title on two lines"
    assert accept(sample(agenda_item="12\t(a)\n")).agenda_item == "12 (a)"


def test_what_xml_can_hold_is_kept_exactly():
    kept = ("Recalling\tthe Charter —\n«Устав», 《宪章》 and الميثاق \u200f\u200e\u202b\u202c\u2066\u2069, "
            "👍🏽 👨‍👩‍👧, e\u0301, \ufeff\u200b\u200c\u200d, \u00a0\u3000\u2028, \ue000 \U000f0000 \U0010fffd \u0378")
    para = Paragraph("pp1", kept, footnotes=(fn("f", 9, kept),))
    doc = sample(title=kept.replace("\t", " ").replace("\n", " "), preamble=(para,))
    assert accept(doc) == doc


@pytest.mark.parametrize("blank", ["", " ", "\x00", "\t\n", "\u200b", "\ufeff\u200d", "\xa0", "\u3000", "\r\n"])
def test_text_that_shows_nothing_is_empty(blank):
    assert refused(sample(title=blank)).message == "the title is empty"
    assert refused(with_op1(text=blank)).message == "the paragraph is empty"


def test_an_empty_symbol_or_source_becomes_none():
    assert accept(sample(symbol="")).symbol is None
    assert accept(sample(symbol=" \x00 ")).symbol is None
    assert accept(with_op1(source="")).operative[0].source is None


def test_footnotes_are_put_in_the_order_of_their_markers():
    para = Paragraph("op1", "Decides, in 2019, and", footnotes=(fn("b", 17, "Second."), fn("a", 8, "First.")))
    doc = sample(operative=(para,))
    with pytest.raises(InvalidDocument, match="order"):
        validate(doc)
    assert [n.id for n in accept(doc).operative[0].footnotes] == ["a", "b"]


def test_accept_text_cleans_one_string_for_the_services():
    assert accept_text(" Fixed\x00 the\r\ntitle ", "message", field="the message", max_chars=500,
                       multiline=False) == "Fixed the title"
    assert accept_text("", "message", field="the message", max_chars=500) == ""
    with pytest.raises(InvalidDocument) as caught:
        accept_text("bad \ud800", "message", field="the message", max_chars=500)
    assert caught.value.where == "message" and "surrogate" in caught.value.message
    with pytest.raises(InvalidDocument, match="has 501 characters; the limit is 500"):
        accept_text("x" * 501, "message", field="the message", max_chars=500)
    with pytest.raises(InvalidDocument, match="must be text"):
        accept_text(["x"], "message", field="the message", max_chars=500)
    with pytest.raises(InvalidDocument, match="is empty"):
        accept_text("\x00", "q", max_chars=10, required=True)


# --- limits ------------------------------------------------------------------------------------

def _long(n: int) -> str:
    return ("Decides " + "x" * n)[:n]


@pytest.mark.parametrize("field, limit, where", [
    ("title", MAX_TITLE_CHARS, "title"), ("agenda_item", MAX_AGENDA_ITEM_CHARS, "agenda_item"),
    ("agenda_title", MAX_AGENDA_TITLE_CHARS, "agenda_title"), ("symbol", MAX_SYMBOL_CHARS, "symbol"),
    ("text", MAX_PARAGRAPH_CHARS, "OP1"), ("source", MAX_SOURCE_CHARS, "OP1"),
])
def test_each_text_field_is_accepted_up_to_its_limit_and_refused_past_it(field, limit, where):
    def doc(n):
        return with_op1(**{field: _long(n)}) if field in ("text", "source") else sample(**{field: _long(n)})
    assert accept(doc(limit)) == doc(limit)
    error = refused(doc(limit + 1))
    assert error.where == where and f"has {limit + 1:,} characters; the limit is {limit:,}" in error.message


def test_limits_on_footnotes():
    assert accept(with_op1(footnotes=(fn("f", 0, "x" * MAX_FOOTNOTE_CHARS),)))
    assert "limit is 5,000" in refused(with_op1(footnotes=(fn("f", 0, "x" * (MAX_FOOTNOTE_CHARS + 1)),))).message
    notes = tuple(fn(f"f{k}", 0, "Note.") for k in range(MAX_FOOTNOTES + 1))
    assert accept(with_op1(footnotes=notes[:-1]))
    error = refused(with_op1(footnotes=notes))
    assert error.where == "OP1" and f"{MAX_FOOTNOTES + 1} footnotes; the limit is {MAX_FOOTNOTES}" in error.message


def test_limits_on_paragraphs_and_on_the_whole_document():
    many = tuple(Paragraph(f"op{k}", "Decides;") for k in range(MAX_PARAGRAPHS))
    assert accept(sample(preamble=(), operative=many))
    error = refused(sample(preamble=(), operative=many + (Paragraph("one-more", "Decides;"),)))
    assert "1,001 paragraphs; the limit is 1,000" in error.message
    n = MAX_DOCUMENT_CHARS // MAX_PARAGRAPH_CHARS
    full = tuple(Paragraph(f"op{k}", _long(MAX_PARAGRAPH_CHARS)) for k in range(n + 1))
    assert "characters of text; the limit is 2,000,000" in refused(sample(preamble=(), operative=full)).message


def test_the_legacy_messages_are_kept():
    assert refused(sample(session=0)).where == "session"
    assert "unknown body" in refused(sample(body="UNSC")).message
    assert "limit is 20,000" in refused(with_op1(text="Decides " + "x" * 1_000_000)).message


# --- nesting --------------------------------------------------------------------------------------

def nested(levels: int) -> Paragraph:
    """An operative paragraph with ``levels`` levels of subparagraphs under it, built
    without recursion."""
    para = Paragraph("deepest", "Level;")
    for k in range(levels):
        para = Paragraph(f"level-{k}", "Level:", subparagraphs=(para,))
    return para


def test_subparagraphs_nest_three_levels_and_no_deeper():
    assert accept(sample(operative=(nested(MAX_DEPTH),)))
    error = refused(sample(operative=(nested(MAX_DEPTH + 1),)))
    assert error.where == "OP1 (a) (i) a." and "nested too deep" in error.message


def test_subparagraphs_nested_500_deep_are_refused_without_recursing():
    """Regression: such a document answered 500 (RecursionError)."""
    doc = sample(operative=(nested(5_000),))
    assert "nested too deep" in refused(doc).message
    assert [p.message for p in problems(doc)] == ["subparagraphs are nested too deep: (a), (i) and a. are "
                                                  "the deepest levels"]
    fixed, left = repair(doc)
    assert left == ["OP1 (a) (i) a.: subparagraphs are nested too deep: (a), (i) and a. are the deepest levels"]


def test_preambular_paragraphs_take_no_subparagraphs():
    doc = sample(preamble=(Paragraph("pp1", "Recalling:", subparagraphs=(Paragraph("pp1-a", "that;"),)),))
    error = refused(doc)
    assert error.where == "PP1" and "preambular" in error.message


def test_markers_and_openings_outside_the_paragraph_are_refused_and_repaired():
    doc = with_op1(footnotes=(fn("f", 999, "Note."),), opening_length=-1)
    assert refused(doc).where == "OP1"
    assert {p.kind for p in problems(doc)} == {REPAIR}
    fixed, left = repair(doc)
    assert left == []
    para = fixed.operative[0]
    assert para.footnotes[0].at == len(para.text) and para.opening_length == 0


def test_wrong_types_are_refused_not_crashed_on():
    for bad in [sample(title=None), sample(session="80"), sample(session=True), sample(body=None),
                sample(preamble=None), sample(preamble=("text",)), with_op1(text=b"Decides"),
                with_op1(footnotes=("note",)), with_op1(footnotes=(fn("f", "3", "x"),)),
                with_op1(opening_length=2.5), with_op1(subparagraphs=None)]:
        assert refused(bad).message
        assert any(p.kind == REFUSE for p in problems(bad))
    with pytest.raises(InvalidDocument):
        accept({"title": "a dict is not a document"})


# --- problems() and repair() -------------------------------------------------------------------------

def test_problems_lists_every_problem_in_reading_order_with_what_fixes_it():
    doc = sample()
    broken = replace(doc, title="Title\x00", language="xx", preamble=(
        replace(doc.preamble[0], id="bad id"),
        replace(doc.preamble[1], text="Noting the Ministerial \ud800 Declaration of 2019,")),
        operative=(replace(doc.operative[0], text=" "), replace(doc.operative[1], id="pp2")))
    found = [(p.where, p.kind, p.repairable) for p in problems(broken)]
    assert found == [("language", REFUSE, False), ("title", CLEAN, True), ("PP1", REPAIR, True),
                     ("PP2", REPAIR, True), ("OP1", REFUSE, False), ("OP2", REPAIR, True)]
    assert str(problems(broken)[0]).startswith("language: unknown language 'xx'")


def test_repair_fixes_what_loses_no_text_and_lists_the_rest():
    doc = sample()
    broken = replace(doc, title="Title\x00\r\n", symbol=" ", preamble=(
        replace(doc.preamble[0], id="bad id", text="Recalling \ud800 its resolution,"),
        replace(doc.preamble[1], footnotes=(fn("fn-1", 99, "See."), fn("fn-1", 0, "Also."), fn("fn-2", 3, " ")))),
        operative=(replace(doc.operative[0], id="pp2"), Paragraph("", "Decides;"), Paragraph("empty", "\x00"),
                   replace(doc.operative[1], text="x" * (MAX_PARAGRAPH_CHARS + 1))))
    fixed, left = repair(broken)
    assert left == [f"OP3: the paragraph has {MAX_PARAGRAPH_CHARS + 1:,} characters; the limit is "
                    f"{MAX_PARAGRAPH_CHARS:,}"]
    assert fixed.title == "Title" and fixed.symbol is None
    pp1, pp2 = fixed.preamble
    assert pp1.text == "Recalling \ufffd its resolution," and is_valid_id(pp1.id) and pp1.id != "bad id"
    assert [(n.id, n.at, n.text) for n in pp2.footnotes][0] == (pp2.footnotes[0].id, 0, "Also.")
    assert len(pp2.footnotes) == 2 and pp2.footnotes[1] == fn("fn-1", len(pp2.text), "See.")
    assert len({n.id for n in pp2.footnotes}) == 2
    op1, op2, op3 = fixed.operative  # the empty paragraph is gone, the long one is kept whole
    assert op1.id != "pp2" and is_valid_id(op1.id) and is_valid_id(op2.id)
    assert len(op3.text) == MAX_PARAGRAPH_CHARS + 1
    assert problems(replace(fixed, operative=(op1, op2))) == []


# --- the contract: what accept() lets in, everything else takes ------------------------------------------

HOSTILE = [
    "\x00", "nul\x00inside", "\x01\x02\x03\x1b[31mred", "\x7f\x85\x9f", "\ud800", "a\udfffb", "\ud83d",
    "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ufdd0", "\ufdef", "\ufeff", "\ufeffTitle", "\u200d",
    "a\u200db", "\u200b", "\u202eReversed", "\u200f\u200e", "\r\n", "line\r\nbreak", "\r", "lone\rreturn", "\t",
    " \n ", "", " ", "\xa0", "\u3000", "x" * 30_000, "😀" * 50, "👨‍👩‍👧", "e\u0301\u0301", "العربية", "中文",
    "\ue000", "\u0378", "\U000e0001", "^[not a note]", "]]", "<script>&amp;", "\\", '"', "\u2028\u2029",
    "Recalling\tthe Charter\nof the United Nations,",
]


def _pp(doc: Document, k: int, **changes) -> Document:
    paras = list(doc.preamble)
    paras[k] = replace(paras[k], **changes)
    return replace(doc, preamble=tuple(paras))


def placements(value: str) -> list[tuple[str, object]]:
    """(field, a change that puts ``value`` there); the changes compose."""
    return [
        ("title", lambda d: replace(d, title=value)),
        ("agenda_item", lambda d: replace(d, agenda_item=value)),
        ("agenda_title", lambda d: replace(d, agenda_title=value)),
        ("symbol", lambda d: replace(d, symbol=value)),
        ("text", lambda d: _pp(d, 0, text=f"Recalling {value} its resolution,")),
        ("whole text", lambda d: _pp(d, 1, text=value, footnotes=(), opening_length=None)),
        ("footnote", lambda d: _pp(d, 0, footnotes=(fn("fn-9", 9, value),))),
        ("source", lambda d: replace(d, operative=(replace(d.operative[0], source=value),) + d.operative[1:])),
        ("id", lambda d: _pp(d, 0, id=value)),
        ("footnote id", lambda d: replace(d, operative=(replace(d.operative[0], footnotes=(fn(value, 7, "Note."),)),)
                                          + d.operative[1:])),
    ]


def test_whatever_accept_lets_in_round_trips_validates_exports_diffs_and_indexes():
    from resolutions.search.schema import check_entry
    base = sample()
    accepted = 0
    for value in HOSTILE:
        everywhere = base
        for name, put in placements(value):
            doc = put(base)
            try:
                clean = accept(doc)
            except InvalidDocument as error:
                assert error.status == 422 and error.where and error.message, (name, value)
                continue
            accepted += 1
            everywhere = put(everywhere)
            label = (name, value[:20])
            assert validate(clean) is clean, label
            assert accept(clean) == clean, label
            for ascii_only in (True, False):
                wire = json.dumps(document_json.dump(clean), ensure_ascii=ascii_only)
                assert document_json.load(json.loads(wire)) == clean, label
            diff_documents(base, clean)
            diff_documents(clean, base)
            check_entry(entry(clean))
            for _, _, para in clean.walk():
                assert text.lone_surrogate(para.text) is None
                para.text.encode("utf-8")
        # Every field that took the value, at once, through the Word writer and back.
        clean = accept(everywhere)
        data = write_docx(clean, ["Japan"])
        assert docx.Document(io.BytesIO(data)).paragraphs, value[:20]
    assert accepted > len(HOSTILE) * 3  # most hostile strings are cleaned, not refused


def test_whatever_accept_lets_in_exports_to_word_and_reads_back():
    """One document holding every borderline character accept() allows, in every field."""
    allowed = [v for v in HOSTILE if v.strip() and text.lone_surrogate(v) is None and len(v) < 1000]
    joined = " ".join(allowed)
    doc = sample()
    pp1, pp2 = doc.preamble
    dirty = replace(doc, title=joined[:MAX_TITLE_CHARS], agenda_item="12\t(a)\x00", agenda_title=joined[:900],
                    symbol="A/80/L.1\uffff",
                    preamble=(replace(pp1, text=joined), replace(pp2, footnotes=(fn("fn-1", 7, joined),))),
                    operative=(replace(doc.operative[0], source=joined[:MAX_SOURCE_CHARS]),) + doc.operative[1:])
    clean = accept(dirty)
    data = write_docx(clean, ["Japan", "Côte d’Ivoire"])
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert any("العربية" in p and "中文" in p and "👨‍👩‍👧" in p for p in paragraphs)
    assert not any("\x00" in p or "\uffff" in p for p in paragraphs)
