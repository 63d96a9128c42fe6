"""The reader of the UN's Akoma Ntoso XML, checked against the UN's own files.

Expected values come from the XML itself, read again here with the standard library
(an oracle that shares no code with the reader), or from the printed resolutions.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.numbering import heading_numbers, labels, marks
from resolutions.domain.validation import validate
from resolutions.formats.akn_reader import read_akn

from .corpus import AKN, AKN_NS, one, path, read, session_documents, session_files, xml


SYNTHETIC_DRUGS = ("78", "English", "131")  # A/RES/78/131, the corpus README's first example


def drugs():
    return one(78, "English", "131")


def oracle_paragraphs(root):
    """Preambular containers and mainBody paragraphs of a simple file, as the UN lists them."""
    preamble = root.find(f".//{AKN_NS}preamble")
    body = root.find(f".//{AKN_NS}mainBody")
    return preamble.findall(f"{AKN_NS}container"), body.findall(f"{AKN_NS}paragraph")


# -- one resolution, field by field


def test_cover_page_facts_of_78_131():
    doc = drugs()
    assert doc.symbol == "A/RES/78/131"
    assert (doc.body, doc.session, doc.language) == ("GA", 78, "en")
    assert doc.agenda_item == "125"
    assert doc.agenda_title == "Global health and foreign policy"
    assert doc.title == ("Enhancing action at the national, regional and international levels to address "
                         "the global public health and security challenges posed by synthetic drugs")


def test_paragraph_counts_of_78_131_match_the_xml():
    containers, paragraphs = oracle_paragraphs(xml(path(78, "English", "131")))
    doc = drugs()
    assert len(doc.preamble) == len(containers) == 18
    assert len(doc.operative) == len(paragraphs) == 9
    assert [p.id for p in doc.preamble] == [c.get("eId") for c in containers]
    assert [p.id for p in doc.operative] == [p.get("eId") for p in paragraphs]
    assert all(not p.subparagraphs for p in doc.operative)


def test_text_is_normalised_but_every_character_kept():
    doc = drugs()
    for _, _, para in doc.walk():
        assert para.text == para.text.strip()
        assert not re.search(r"[\t\n\r]|  ", para.text), para.id
    first = doc.preamble[0].text
    assert first.startswith("Recognizing that the world drug problem continues")
    # The UN writes non‑medical with a non-breaking hyphen (U+2011): kept as it is.
    assert "non\u2011medical and non\u2011scientific purposes," in first
    assert "non-medical" not in first


def test_openings_are_the_italic_spans_exactly():
    doc = drugs()
    opening = {p.id: p.text[:p.opening_length] for p in doc.preamble + doc.operative}
    assert opening["container_2"] == "Recognizing"           # tab outside the span
    assert opening["container_6"] == "Underscoring"          # tab inside the span
    assert opening["container_8"] == "Reaffirming also its unwavering commitment"
    assert opening["container_4"] == "Stressing with grave concern"
    assert opening["para_20"] == "Calls upon"
    assert opening["para_35"] == "Also encourages"
    assert all(p.opening_length for p in doc.preamble + doc.operative)


def _oracle_marker_prefixes(file: Path) -> list[str]:
    """For each footnote of the preamble and mainBody, the normalised text of its
    paragraph up to the marker, by a walk that only knows p, authorialNote and text."""
    root = xml(file)
    out = []
    for part in (root.find(f".//{AKN_NS}preamble"), root.find(f".//{AKN_NS}mainBody")):
        for p in part.iter(f"{AKN_NS}p"):
            if any(p is n_p for note in part.iter(f"{AKN_NS}authorialNote") for n_p in note.iter()):
                continue  # the note's own text
            pieces: list[str] = []

            def walk(el):
                pieces.append(el.text or "")
                for child in el:
                    if child.tag == f"{AKN_NS}authorialNote":
                        out.append(re.sub(r"[ \t\n\r]+", " ", "".join(pieces)).strip())
                    else:
                        walk(child)
                    pieces.append(child.tail or "")

            walk(p)
    return out


def test_footnotes_stand_right_after_the_punctuation_the_un_put_them_after():
    doc = drugs()
    notes = [(para, note) for _, _, para in doc.walk() for note in para.footnotes]
    assert len(notes) == 9
    assert [para.text[:note.at] for para, note in notes] == _oracle_marker_prefixes(path(78, "English", "131"))
    para, note = notes[0]
    assert para.text[:note.at].endswith("to Address and Counter the World Drug Problem of 2019,")
    assert para.text[note.at:].startswith(" Member States reaffirmed")
    assert note.text == ("See Official Records of the Economic and Social Council, 2019, Supplement No. 8 "
                         "(E/2019/28), chap. I, sect. B.")
    # After "Problem" the UN put the marker with no punctuation at all: no space slips in.
    assert [para.text[n.at - 8:n.at + 4] for n in para.footnotes][2] == " Problem and"
    assert [n.text for _, n in notes][7] == "Resolution 217 A (III)."


def test_no_footnote_marker_cuts_a_word_or_follows_a_space_anywhere_in_session_78():
    count = 0
    for _, doc in session_documents(78):
        for _, _, para in doc.walk():
            for note in para.footnotes:
                count += 1
                assert 0 < note.at <= len(para.text), para.id
                before = para.text[note.at - 1]
                after = para.text[note.at:note.at + 1]
                assert not before.isspace(), (doc.symbol, para.id)
                assert not (before.isalnum() and after.isalnum()), (doc.symbol, para.id)
    assert count > 3000


def test_ids_are_the_un_eids_and_stable_across_reads_and_languages():
    english = read_akn(path(78, "English", "131"))[0]
    assert english.paragraph_ids() == drugs().paragraph_ids()
    for language in ("French", "Spanish", "Russian", "Arabic", "Chinese"):
        assert one(78, language, "131").paragraph_ids() == english.paragraph_ids(), language
    ids = english.paragraph_ids()
    assert len(ids) == len(set(ids))


# -- several resolutions in one file


def test_a_collection_gives_one_document_per_resolution():
    first, second = read(AKN / "75" / "English" / "75_101A-B_E.xml")
    assert (first.symbol, second.symbol) == ("A/RES/75/101 A", "A/RES/75/101 B")
    assert first.title == "Information in the service of humanity"
    assert second.title == "United Nations global communications policies and activities"
    for doc in (first, second):
        assert (doc.session, doc.agenda_item, doc.agenda_title) == (75, "56", "Questions relating to information")
    # Resolution A: one unnumbered operative paragraph whose (a)–(f) the UN set as
    # paragraphs of their own, with (i)–(iv) under (e).
    assert (len(first.preamble), len(first.operative)) == (2, 1)
    subs = first.operative[0].subparagraphs
    assert [len(s.subparagraphs) for s in subs] == [0, 0, 0, 0, 4, 0]
    assert subs[0].text.startswith("To cooperate and interact")          # "(a)\t" taken off
    assert subs[4].subparagraphs[2].text.startswith("Assistance in establishing")
    assert [marks(first)[s.id] for s in subs] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert [marks(first)[s.id] for s in subs[4].subparagraphs] == ["(i)", "(ii)", "(iii)", "(iv)"]
    # Resolution B: section headings ("II", "General activities of …") are headings and
    # the operative numbering runs on through them, as the UN's does.
    numbered = {el.get("eId"): "".join(el.find(f"{AKN_NS}num").itertext()).strip()
                for el in xml(AKN / "75" / "English" / "75_101A-B_E.xml").iter(f"{AKN_NS}paragraph")
                if el.find(f"{AKN_NS}num") is not None and el.find(f"{AKN_NS}content") is not None}
    ours = marks(second)
    assert all(ours[pid] == num for pid, num in numbered.items() if pid in ours and num[0].isdigit())
    assert ours["para_27"] == "12."
    headings = [(p.numbering, p.text, p.restart) for p in second.operative if p.kind == "heading"]
    assert headings[:2] == [("{I}", "Introduction", False),
                            ("{I}", "General activities of the Department of Global Communications", False)]


@pytest.mark.parametrize("number, symbols", [
    ("80AB", ["A/RES/78/80 A", "A/RES/78/80 B"]),
])
def test_collections_of_session_78_in_every_language(number, symbols):
    for language in ("English", "French", "Arabic", "Chinese"):
        docs = read(path(78, language, number))
        assert [d.symbol for d in docs] == symbols, language


def test_a_file_of_three_resolutions():
    docs = read(next((AKN / "77" / "English").glob("A_RES_77_264 A-C-*.xml")))
    assert [d.symbol for d in docs] == ["A/RES/77/264 A", "A/RES/77/264 B", "A/RES/77/264 C"]


# -- other languages


def test_french_spanish_russian_arabic_chinese_read_like_the_english():
    english = drugs()
    expected = {"French": "fr", "Spanish": "es", "Russian": "ru", "Arabic": "ar", "Chinese": "zh"}
    for language, code in expected.items():
        doc = one(78, language, "131")
        assert doc.language == code
        assert (doc.symbol, doc.session, doc.agenda_item) == ("A/RES/78/131", 78, "125")
        assert (len(doc.preamble), len(doc.operative)) == (len(english.preamble), len(english.operative))
        assert sum(len(p.footnotes) for _, _, p in doc.walk()) == 9, language
    french = one(78, "French", "131")
    assert french.agenda_title == "Santé mondiale et politique étrangère"
    # "<span class="italic">Demande </span>aux États": the space is not part of the opening.
    assert french.operative[0].text[:french.operative[0].opening_length] == "Demande"
    assert french.preamble[2].text[:french.preamble[2].opening_length] == \
        "Appelant l’attention avec une vive inquiétude"
    russian = one(78, "Russian", "131")
    assert russian.preamble[0].text[:russian.preamble[0].opening_length] == "признавая"
    chinese = one(78, "Chinese", "131")   # Chinese openings are bold, not italic
    assert chinese.operative[0].text[:chinese.operative[0].opening_length] == "促请"


def test_arabic_marker_parentheses_are_dropped():
    doc = one(78, "Arabic", "37")
    notes = [(p, n) for _, _, p in doc.walk() for n in p.footnotes]
    assert notes
    for para, note in notes:
        assert "()" not in para.text
        assert para.text[note.at - 1:note.at] not in ("(", " ")


# -- the files that break the schema, and other oddities, as the UN publishes them

SCHEMA_BREAKERS = [
    (76, "English", "246"), (77, "English", "100"), (77, "English", "104"), (77, "English", "118"),
    (77, "English", "128"), (78, "Chinese", "253"), (78, "English", "253"), (78, "English", "69"),
]


@pytest.mark.parametrize("session, language, number", SCHEMA_BREAKERS)
def test_the_eight_files_that_break_the_schema_still_read(session, language, number):
    for doc in read(path(session, language, number)):
        validate(doc)
        assert doc.operative


def test_a_main_body_before_a_second_preamble_holds_preambular_text():
    doc = one(77, "English", "118")
    assert any(p.text.startswith("Calling attention also to the circumstances") for p in doc.preamble)
    first = next(p for p in doc.operative if p.kind == "paragraph")
    assert first.text.startswith("Reaffirms")
    assert doc.operative[0].kind == "heading" and doc.operative[0].text == "Achieving sustainable fisheries"


def test_an_unnumbered_comma_paragraph_opening_a_numbered_main_body_is_preambular():
    doc = one(78, "English", "127")
    assert doc.preamble[-1].text.startswith("Aiming to further strengthen links")
    assert marks(doc)[doc.operative[0].id] == "1."


def test_budget_sections_are_headings_with_their_own_preambular_text_and_restart():
    doc = one(78, "English", "253")
    texts = [p.text for p in doc.operative if p.kind == "text"]
    assert any(t.startswith("Recalling section II of its resolution 60/283") for t in texts)
    headings = [p for p in doc.operative if p.kind == "heading"]
    assert any(p.text == "Enterprise resource planning project, Umoja" for p in headings)
    assert not any(p.kind == "paragraph" and p.text in ("I", "Enterprise resource planning project, Umoja")
                   for p in doc.operative)
    assert sum(p.restart for p in headings) >= 1   # each section's paragraphs start at 1. again


def test_headings_set_as_paragraphs_are_headings():
    english = one(78, "English", "148")   # bold one-line preamble containers
    assert not any(p.text == "Transport and transit corridors" and p.kind != "heading" for p in english.preamble)
    assert any(p.text == "Transport and transit corridors" for p in english.preamble)
    chinese = one(78, "Chinese", "148")   # the same headings as plain text
    assert not any(p.text == "运输和过境走廊" and p.kind != "heading" for p in chinese.preamble)

    def kinds(doc):
        return [p.kind for p in doc.preamble]
    assert kinds(chinese) == kinds(english)


def test_the_rest_of_a_sentence_after_a_list_stays_with_the_list():
    op3 = one(78, "English", "29").operative[2]
    assert op3.subparagraphs[-1].text.endswith("; and demands that the perpetrators be held accountable;")


def test_lines_announced_by_a_colon_become_subparagraphs():
    doc = one(78, "English", "128")
    lead = next(p for p in doc.operative if p.id == "para_71")
    assert lead.text.endswith(":")
    assert [s.text.split(":")[0] for s in lead.subparagraphs] == [
        "Monday, 9\u00a0June", "Tuesday, 10\u00a0June", "Wednesday, 11\u00a0June",
        "Thursday, 12\u00a0June", "Friday, 13\u00a0June"]


def test_a_letter_the_un_marked_as_a_sublist_stays_a_letter():
    # A/RES/78/181 para 2: "(h)", then "(i)" in a sublist of (h), then "(j)".
    doc = one(78, "English", "181")
    op = next(p for p in doc.operative if p.id == "para_25")
    assert [marks(doc)[s.id] for s in op.subparagraphs][7:10] == ["(h)", "(i)", "(j)"]
    assert not op.subparagraphs[7].subparagraphs


# -- the whole corpus


@pytest.mark.parametrize("folder", sorted(f"{p.parent.name}/{p.name}" for p in AKN.glob("*/*") if p.is_dir())
                         if AKN.is_dir() else [])
def test_every_file_reads_and_every_resolution_validates(folder):
    session, language = folder.split("/")
    files = session_files(int(session), language)
    assert len(files) > 300
    documents = 0
    for file in files:
        for doc in read(file):
            documents += 1
            validate(doc)
            # Special and emergency special sessions (A/RES/S-32/1, A/RES/ES-11/6) sit among
            # the regular ones; three Arabic files of session 78 say session 77 on their cover.
            number = re.match(r"A/RES/(E?S-)?(\d+)/\d+", doc.symbol or "")
            assert number, file.name
            assert doc.session == int(number.group(2)), file.name
            assert number.group(1) or doc.session == int(session), file.name
            assert doc.title, file.name
            assert doc.preamble or doc.operative, file.name
    assert documents >= len(files)


# -- what is not an Akoma Ntoso file


@pytest.mark.parametrize("source, message", [
    (b"%PDF-1.7 not xml", "not well-formed XML"),
    ("<html><body>A/RES/78/131</body></html>", "not Akoma Ntoso 3.0"),
    (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/2.0"/>', "not Akoma Ntoso 3.0"),
    (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act/></akomaNtoso>',
     "no resolution"),
    (b"", "not well-formed XML"),
])
def test_what_is_not_an_akn_resolution_is_refused_with_a_clear_message(source, message):
    with pytest.raises(InvalidDocument) as refused:
        read_akn(source)
    assert message in str(refused.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InvalidDocument, match="cannot read"):
        read_akn(tmp_path / "absent.xml")


def test_a_word_file_is_not_xml(tmp_path):
    word = tmp_path / "draft.docx"
    word.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    with pytest.raises(InvalidDocument, match="not well-formed XML"):
        read_akn(word)


def test_entities_are_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx">'
            b'<!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]>'
            b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
            b'<statement name="resolution"><preface><p><docTitle>T &y;</docTitle></p></preface>'
            b'<preamble><container eId="c1"><p>Recalling &y; its resolution,</p></container></preamble>'
            b'</statement></akomaNtoso>')
    (doc,) = read_akn(bomb)
    assert "xxxxxxxxxx" not in doc.title + doc.preamble[0].text


def test_text_path_and_bytes_give_the_same_documents():
    file = path(78, "English", "131")
    from_path = read_akn(file)
    assert read_akn(str(file)) == from_path
    assert read_akn(file.read_bytes()) == from_path
    assert read_akn(file.read_text("utf-8")) == from_path


# -- headings, annexes and tables (issue #9; the shapes bench/structure_scan.py lists)


def test_sections_with_cross_headings_restart_their_numbering():
    doc = one(78, "English", "247")    # section + num "I" + subheading, crossHeading "#preamble"
    printed = marks(doc)
    headings = [p for p in doc.operative if p.kind == "heading"]
    assert [(printed[h.id], h.restart) for h in headings][:2] == [("I", False), ("II", True)]
    assert headings[0].text == "Activities of the Office of Internal Oversight Services"
    first_section = doc.operative[1:doc.operative.index(headings[1])]
    assert [p.kind for p in first_section[:3]] == ["text", "text", "paragraph"]
    assert first_section[0].text.startswith("Recalling its resolutions 48/218\u00a0B")
    after = doc.operative[doc.operative.index(headings[1]) + 1:]
    assert printed[next(p for p in after if p.kind == "paragraph").id] == "1."
    assert labels(doc)[next(p for p in after if p.kind == "paragraph").id] == "II OP1"


def test_budget_parts_and_sections_print_the_numbers_the_un_printed():
    doc = one(78, "English", "252")    # "Part II", "Section 3" (sections run on through parts)
    numbers = heading_numbers(doc)
    shown = [f"{numbers[p.id]} {p.text}".strip() for p in doc.operative if p.kind == "heading"]
    assert "Part II Political affairs" in shown and "Section 3 Political affairs" in shown
    # A number the count cannot give (a gap: "Section 11" after "Section 4") stays in the text.
    assert "Section 11 United Nations system support for the African Union’s Agenda 2063: The\u00a0Africa We Want" in shown
    (annex, blocks), = doc.annexes()
    assert annex.text == "Staffing table for 2024"
    table = next(b for b in blocks if b.kind == "table")
    assert table.header_rows == 2 and len(table.rows) > 30


def test_an_annex_holds_its_title_headings_and_own_numbering():
    doc = read(AKN / "78" / "English" / "A_RES_78_1_E.xml")[0]
    assert [p.kind for p in doc.main_operative()] == ["paragraph"]
    (annex, blocks), = doc.annexes()
    assert annex.text.startswith("Political Declaration adopted at the High-level Political Forum")
    printed = marks(doc)
    assert printed[annex.id] == "Annex"
    assert (blocks[0].kind, printed[blocks[0].id], blocks[0].text) == ("heading", "I.", "Our shared commitment")
    assert printed[blocks[1].id] == "1." and labels(doc)[blocks[1].id] == "Annex OP1"


def test_a_table_in_an_annex_with_its_header_rows_and_notes():
    doc = one(78, "English", "249")
    (annex, blocks), = doc.annexes()
    assert annex.text.startswith("Financing of the International Residual Mechanism")
    table = next(b for b in blocks if b.kind == "table")
    assert table.header_rows == 3 and table.rows[0][1] == "Gross"
    notes = [b.text for b in blocks if b.kind == "text"]
    assert notes[:2] == ["a See A/78/534.", "b See A/78/634."]   # one block each, not run together


def test_subheadings_of_a_flat_section_take_their_level_from_their_numbering():
    doc = read(AKN / "75" / "English" / "75_245_E.xml")[0]   # "Conditions of service …", "A", "Base/floor …"
    headings = [(p.numbering, p.level, p.text) for p in doc.operative if p.kind == "heading"]
    assert headings[:2] == [("", 1, "Conditions of service of staff in the Professional and higher categories"),
                            ("{A}", 2, "Base/floor salary scale")]


# -- review 1, finding 2: what our writer wrote reads back as it was


def _round_trip(preamble, operative):
    from resolutions.domain import document as D
    from resolutions.domain.validation import accept
    from resolutions.formats.akn_writer import write_akn
    doc = accept(D.Document("GA", 80, "Title", "12", "Agenda", tuple(preamble), tuple(operative), None, "en"))
    (back,) = read_akn(write_akn(doc))
    return [(part, p.kind, p.text, p.numbering) for part, _, p in back.walk()]


@pytest.mark.parametrize("last", ["Assembly", "The Assembly will remain seized of the matter"])
def test_a_short_numbered_paragraph_is_never_a_heading(last):
    from resolutions.domain import document as D
    walked = _round_trip([D.paragraph("Recalling its resolution 79/1,")],
                         [D.paragraph("Welcomes the report;"), D.paragraph(last)])
    assert walked[-1] == ("operative", "paragraph", last, "")


def test_a_short_preambular_paragraph_with_no_opening_stays_a_paragraph():
    from resolutions.domain import document as D
    walked = _round_trip([D.paragraph("Recalling its resolution 79/1,"), D.paragraph("Assembly")],
                         [D.paragraph("Welcomes the report;"), D.paragraph("Decides to remain seized;")])
    assert walked[1] == ("preamble", "paragraph", "Assembly", "")


def test_a_heading_number_left_in_its_text_is_its_mark():
    # A/RES/77/256 B: <subheading>\tA.\tBase/floor salary scale</subheading>, and
    # <paragraph><num>B.</num> with its words in a bold span.
    doc = next(d for d in read(path(77, "English", "256 A")) if d.symbol.endswith("B"))
    numbers = heading_numbers(doc)
    headings = [(numbers.get(p.id), p.text) for _, _, p in doc.walk() if p.kind == "heading"]
    assert ("A.", "Base/floor salary scale") in headings
    assert ("B.", "Evolution of the margin and margin management around the desirable midpoint") in headings
    assert all(text not in ("A.", "B.", "C.", "D.") for _, text in headings)


def test_an_arabic_number_left_in_the_text_numbers_the_paragraph():
    # A/RES/78/119 (Arabic): <paragraph> with no num, "\t6 –\t<span>تشجع</span> …".
    doc = one(78, "Arabic", "119")
    texts = [p.text for p in doc.operative if p.kind == "paragraph"]
    assert not any(re.match(r"\d{1,3} ?[-–]", t) for t in texts)
    assert any(t.startswith("تشجع الأمم المتحدة على مواصلة تعزيز") for t in texts)
    assert sum(p.kind == "text" for p in doc.operative) == 0


def test_a_lone_short_operative_paragraph_stays_a_paragraph():
    from resolutions.domain import document as D
    walked = _round_trip([D.paragraph("Recalling its resolution 79/1,")], [D.paragraph("Décide élan")])
    assert walked[-1] == ("operative", "paragraph", "Décide élan", "")


def test_a_heading_of_a_number_only_keeps_its_pattern():
    from resolutions.domain import document as D
    walked = _round_trip([D.paragraph("Recalling its resolution 79/1,")],
                         [D.paragraph("Welcomes the report;"), D.heading("", "{I}.", 1, False),
                          D.paragraph("Decides;"), D.heading("", "{I}.", 1, False), D.paragraph("Asks;")])
    assert [w for w in walked if w[1] == "heading"] == [("operative", "heading", "", "{I}.")] * 2


@pytest.mark.parametrize("language, first", [("Arabic", "أولا مكتب خدمات الرقابة الداخلية"),
                                             ("Chinese", "一 内部监督事务厅的活动")])
def test_arabic_and_chinese_section_numbers_stay_with_their_titles(language, first):
    # A/RES/78/247: "أولا" on a line of its own before its title; "一 …" in one line.
    headings = [p.text for p in one(78, language, "247").operative if p.kind == "heading"]
    assert headings[0] == first and len(headings) == 2
