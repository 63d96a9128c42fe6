"""Akoma Ntoso out (issue #8, point 5): every export validates against the OASIS schema
and reads back, with formats/akn_reader.py, as the document it was written from.

The UN's own files of sessions 75–78 are the main test: each is read, written back and
read again, and must come back exactly (paragraphs, structure, ids, footnote texts and
offsets, openings, cover facts) — while 8 of the UN's originals do not validate, every
one of our exports must.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import replace

import pytest
from lxml import etree

from resolutions.domain.document import Document, Footnote, Paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.records import Vote
from resolutions.domain.validation import accept
from resolutions.formats import document_json
from resolutions.formats.akn_reader import AKN_NS, read_akn
from resolutions.domain.openings import printed_opening
from resolutions.formats.akn_writer import AknFacts, validate, write_akn
from tests.conftest import draft_json
from tests.domain.corpus import session_files, read

NS = {"a": AKN_NS}
LANGUAGES = ("Arabic", "Chinese", "French", "Russian", "Spanish")


def round_trip(doc: Document, facts: AknFacts | None = None) -> tuple[Document, etree._Element]:
    data = write_akn(doc, facts)
    validate(data)
    (back,) = read_akn(data)
    return back, etree.fromstring(data)


def as_written(doc: Document) -> Document:
    """``doc`` as the reader gives it back: each opening as the writer writes it (an
    unknown (None) opening of a top-level paragraph detected, a subparagraph's roman
    unless marked), footnote ids named after their paragraph ("op2-fn1"), as the reader
    names every footnote (it reads no footnote ids)."""
    def fix(para: Paragraph, section: str, depth: int) -> Paragraph:
        notes = tuple(replace(n, id=f"{para.id}-fn{k}") for k, n in enumerate(para.footnotes, 1))
        return replace(para, opening_length=printed_opening(para, section, depth), footnotes=notes,
                       subparagraphs=tuple(fix(s, section, depth + 1) for s in para.subparagraphs))
    return replace(doc, preamble=tuple(fix(p, "preamble", 0) for p in doc.preamble),
                   operative=tuple(fix(p, "operative", 0) for p in doc.operative))


def differences(a: Document, b: Document) -> list[str]:
    out = [f"{name}: {getattr(a, name)!r} ≠ {getattr(b, name)!r}"
           for name in ("body", "session", "title", "agenda_item", "agenda_title", "symbol", "language")
           if getattr(a, name) != getattr(b, name)]
    walked_a, walked_b = list(a.walk()), list(b.walk())
    if len(walked_a) != len(walked_b):
        out.append(f"{len(walked_a)} paragraphs ≠ {len(walked_b)}")
    for (s1, d1, p1), (s2, d2, p2) in zip(walked_a, walked_b):
        if (s1, d1, p1.id, p1.text, p1.footnotes, p1.opening_length) != (s2, d2, p2.id, p2.text, p2.footnotes,
                                                                         p2.opening_length):
            out.append(f"{p1.id} ({s1}, depth {d1}) came back as {p2.id} ({s2}, depth {d2}): "
                       f"{p1.text!r} {p1.footnotes} {p1.opening_length} ≠ {p2.text!r} {p2.footnotes} {p2.opening_length}")
            break
    return out


# --- the UN's corpus -------------------------------------------------------------------

@pytest.mark.parametrize("session", [75, 76, 77, 78])
def test_every_english_resolution_validates_and_reads_back_exactly(session):
    files = session_files(session)
    assert len(files) > 250
    exact = 0
    for path in files:
        for doc in read(path):
            back, _ = round_trip(doc, AknFacts(symbol=doc.symbol, adopted=True))
            assert back == doc, (path.name, differences(doc, back))
            exact += 1
    assert exact >= len(files)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_other_five_languages_of_session_78_validate_and_read_back(language):
    files = session_files(78, language)[::4]
    assert len(files) > 60
    for path in files:
        for doc in read(path):
            back, _ = round_trip(doc, AknFacts(symbol=doc.symbol, adopted=True))
            assert back == doc, (path.name, differences(doc, back))


def test_the_shape_is_the_one_the_un_publishes():
    (doc,) = read(session_files(78)[0].parent / "A_RES_78_131-2325898E.xml")
    facts = AknFacts(symbol="A/RES/78/131", adopted=True, date=datetime.date(2023, 12, 21),
                     adopted_on=datetime.date(2023, 12, 18), meeting="48th plenary meeting",
                     originating_document="A/78/L.24", sponsors=("Albania", "Japan"),
                     additional_sponsors=("Austria",), vote=Vote("without vote"))
    _, root = round_trip(doc, facts)
    st = root.find("a:statement", NS)
    assert st.get("name") == "resolution"
    assert [etree.QName(c).localname for c in st] == ["meta", "coverPage", "preface", "preamble", "mainBody",
                                                      "conclusions"]
    assert st.find(".//a:FRBRManifestation/a:FRBRthis", NS).get("value") == \
        "/akn/un/statement/deliberation/unga/2023-12-18/78-131/eng@/!main.xml"
    assert st.find(".//a:FRBRlanguage", NS).get("language") == "eng"
    cover = st.find("a:coverPage", NS)
    assert cover.find(".//a:docNumber", NS).text == "A/RES/78/131"
    assert cover.find(".//a:docStatus", NS).text == "Distr.: General"
    assert cover.find(".//a:session", NS).get("value") == "78"
    assert cover.find(".//a:session", NS).text == "Seventy-eighth session"
    assert cover.find(".//a:inline[@name='agenda item']", NS).get("title") == "125"
    proponent = cover.find(".//a:docProponent", NS)
    assert "".join(proponent.itertext()) == "[without reference to a Main Committee (A/78/L.24)]"
    assert proponent.find("a:inline[@name='originating document']", NS).text == "A/78/L.24"
    assert st.find("a:preface//a:docNumber", NS).text == "78/131."
    formula = st.find("a:preamble/a:formula", NS)
    assert formula.get("name") == "enactingFormula" and "".join(formula.itertext()) == "The General Assembly,"
    first = st.find("a:preamble/a:container", NS)
    assert first.get("eId") == "container_2" and first.find("a:p/a:span", NS).text == "Recognizing"
    assert first.find("a:p/a:span", NS).get("class") == "italic"
    op = st.find("a:mainBody/a:paragraph", NS)
    assert op.get("eId") == "para_20" and op.find("a:num", NS).text == "1."
    note = st.find(".//a:authorialNote", NS)
    assert (note.get("marker"), note.get("placement")) == ("1", "bottom")
    steps = [(s.get("outcome"), s.get("as"), s.get("by")) for s in st.iterfind(".//a:workflow/a:step", NS)]
    assert steps == [("draftResolution", "A/78/L.24", "Albania, Japan"),
                     ("draftResolutionAdditionalSponsors", None, "Austria"), ("adopted", None, "")]
    event = st.find("a:conclusions//a:event", NS)
    assert event.find("a:location", NS).text == "48th plenary meeting"
    assert event.find("a:docDate", NS).get("date") == "2023-12-18"


def test_a_recorded_vote_and_a_committee_report():
    (doc,) = read(session_files(78)[0].parent / "A_RES_78_131-2325898E.xml")
    vote = Vote("recorded", 2, 1, 0, ("JAPAN", "MEXICO"), ("X",), ())
    facts = AknFacts(symbol="A/RES/78/131", adopted=True, adopted_on=datetime.date(2023, 12, 18),
                     committee="Third Committee", originating_document="A/78/481, para. 10", vote=vote)
    _, root = round_trip(doc, facts)
    counts = {c.get("refersTo"): (c.get("value"), [o.text for o in c.iter(f"{{{AKN_NS}}}organization")])
              for c in root.iterfind(".//a:voting/a:count", NS)}
    assert counts == {"#inFavour": ("2", ["JAPAN", "MEXICO"]), "#against": ("1", ["X"]), "#abstaining": ("0", [])}
    proponent = root.find(".//a:docProponent", NS)
    assert proponent.get("refersTo") == "#thirdCommittee"
    assert "".join(proponent.itertext()) == "[on the report of the Third Committee (A/78/481, para. 10)]"


# --- drafts ------------------------------------------------------------------------------

def draft_doc(**overrides) -> Document:
    return accept(document_json.load(draft_json(**overrides)))


def test_a_plain_draft_reads_back_with_its_ids_and_openings():
    doc = draft_doc()
    facts = AknFacts(symbol=None, date=datetime.date(2025, 10, 1), sponsors=("Japan",), draft_id=7, revision=3)
    back, root = round_trip(doc, facts)
    assert back == as_written(doc), differences(as_written(doc), back)
    assert [p.opening_length for p in back.preamble] == [len("Recognizing"), len("Recalling")]
    this = root.find(".//a:FRBRExpression/a:FRBRthis", NS).get("value")
    assert this == "/akn/un/statement/draft/unga/2025-10-01/draft-7/eng@rev3!main/"
    assert root.find(".//a:docStatus", NS).text == "Distr.: Limited"
    assert root.find(".//a:conclusions", NS) is None and root.find(".//a:preface//a:docNumber", NS) is None


def test_an_issued_draft_carries_its_symbol():
    doc = replace(draft_doc(), symbol="A/80/L.24/Rev.1")
    back, root = round_trip(doc, AknFacts(symbol="A/80/L.24/Rev.1", date=datetime.date(2025, 11, 3), revision=5))
    assert back.symbol == "A/80/L.24/Rev.1"
    assert root.find(".//a:FRBRWork/a:FRBRuri", NS).get("value") == \
        "/akn/un/statement/draft/unga/2025-11-03/a-80-l.24-rev.1/"


def test_subparagraphs_three_deep_and_footnotes_everywhere():
    def note(i: int, at: int, text: str) -> Footnote:
        return Footnote(f"fn-{i}", at, text)
    deep = Paragraph("op2-a-i-a", "To report on it;", footnotes=(note(1, 9, "See A/80/1."),))
    sub_i = Paragraph("op2-a-i", "In the field,", subparagraphs=(deep, Paragraph("op2-a-i-b", "and at home;")))
    sub_a = Paragraph("op2-a", "To act:", subparagraphs=(sub_i, Paragraph("op2-a-ii", "Elsewhere;")))
    op2 = Paragraph("op2", "Requests the Secretary-General:", opening_length=8,
                    subparagraphs=(sub_a, Paragraph("op2-b", "To inform;", footnotes=(note(2, 10, "Ibid."),))))
    recalling = "Recalling also its resolution 78/131 of 18 December 2023, and 79/1,"
    pp = Paragraph("pp1", recalling, opening_length=14,
                   footnotes=(note(3, 9, "Inside the italics."), note(4, recalling.index(" and"), "Two notes"),
                              note(5, recalling.index(" and"), "at one place."), note(6, len(recalling), "The end.")))
    op1 = Paragraph("op1", "Decides to remain seized of the matter.", opening_length=7)
    doc = accept(Document("GA", 80, "A test of depth", preamble=(pp,), operative=(op1, op2)))
    back, root = round_trip(doc)
    assert back == as_written(doc), differences(as_written(doc), back)
    assert [n.text for n in root.iterfind(".//a:point/a:num", NS)] == ["(a)", "(i)", "a.", "b.", "(ii)", "(b)"]
    assert root.find(".//a:container//a:span/a:authorialNote", NS) is not None  # a note inside the opening
    assert [n.get("marker") for n in root.iter(f"{{{AKN_NS}}}authorialNote")] == ["1", "2", "3", "4", "5", "6"]


def test_a_lone_operative_paragraph_is_unnumbered():
    doc = draft_doc(operative=[{"text": "Decides to include in the provisional agenda of its eighty-first "
                                        "session the item entitled “Global health”."}])
    back, root = round_trip(doc)
    assert back == as_written(doc)
    assert root.find(".//a:mainBody/a:paragraph/a:num", NS) is None


def test_a_draft_with_no_operative_paragraph_yet_still_validates():
    doc = draft_doc(operative=[])
    back, _ = round_trip(doc)
    assert back.operative == () and len(back.preamble) == 2


def test_a_cnd_draft():
    doc = draft_doc(body="CND", session=69, agenda_item="", agenda_title="")
    back, root = round_trip(doc, AknFacts(symbol="E/CN.7/2026/L.5", date=datetime.date(2026, 3, 10)))
    assert "".join(root.find(".//a:formula", NS).itertext()) == "The Commission on Narcotic Drugs,"
    assert root.find(".//a:FRBRWork/a:FRBRthis", NS).get("value").startswith("/akn/un/statement/draft/cnd/2026-03-10/")
    assert back.symbol == "E/CN.7/2026/L.5" and back.session == 69 and back.body == "CND"
    assert back == replace(as_written(doc), symbol="E/CN.7/2026/L.5")


def test_an_adopted_cnd_resolution_prints_no_committee_line():
    doc = draft_doc(body="CND", session=69, agenda_item="", agenda_title="")
    facts = AknFacts(symbol="resolution 69/3", adopted=True, adopted_on=datetime.date(2026, 3, 14))
    back, root = round_trip(doc, facts)
    assert back.body == "CND" and back.symbol == "resolution 69/3"
    assert root.find(".//a:preface//a:docNumber", NS).text == "69/3."
    assert root.find(".//a:docProponent", NS) is None
    # dates as every export prints them (domain/dates.un_date): the day bound to its month
    assert root.find(".//a:coverPage//a:docTitle", NS).text == \
        "Resolution adopted by the Commission on Narcotic Drugs on 14\u00a0March 2026"


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "zh"])
def test_a_draft_in_each_other_language(language):
    doc = draft_doc(language=language)
    back, root = round_trip(doc)
    assert back == as_written(doc)
    assert root.find(".//a:FRBRlanguage", NS).get("language") == {"fr": "fra", "es": "spa", "ru": "rus",
                                                                  "ar": "ara", "zh": "zho"}[language]


def test_ids_that_another_element_already_holds_are_kept_as_wid():
    """A paragraph and a footnote may share an id in the model, and a paragraph may be
    called "ga" (a TLC's eId); eIds must be unique, so the second goes to wId."""
    pp = Paragraph("ga", "Recalling its resolutions,", opening_length=9, footnotes=(Footnote("same", 25, "A note."),))
    op = Paragraph("same", "Decides to act.", opening_length=7)
    doc = accept(Document("GA", 80, "Clashing ids", preamble=(pp,), operative=(op,)))
    back, root = round_trip(doc)
    assert [p.id for _, _, p in back.walk()] == ["ga", "same"]
    assert root.find(".//a:container", NS).get("wId") == "ga"
    assert root.find(".//a:authorialNote", NS).get("eId") == "same"
    assert root.find(".//a:mainBody/a:paragraph", NS).get("wId") == "same"


def test_every_odd_but_accepted_character_validates():
    """What validation.accept lets in (text.py), XML can carry: markup characters, CDATA
    ends, right-to-left and zero-width marks, combining marks, emoji, private use,
    no-break spaces, non-characters and controls removed on the way in."""
    odd = ("Recalling <b>&amp; \"quotes\" 'apostrophes' ]]> \u200f\u200e\u200b\u2060 e\u0301 🇺🇳 \ue000 "
           "\u00a0\u202f\u3000 \ufeff \u2028\u2029 \U0010fffd tab\there\nnewline \x00\x1b\x7f\x85\ufffe\uffff,")
    doc = accept(Document("GA", 80, "Odd <title> & ]]>", preamble=(Paragraph("pp1", odd, opening_length=9),),
                          operative=(Paragraph("op1", "Decides\u00a0— \U0001f600.", opening_length=7),)))
    assert "\x00" not in doc.preamble[0].text and "\ufffe" not in doc.preamble[0].text
    back, _ = round_trip(doc)
    # The reader turns each run of ASCII white space (the tab and newline here) into one space.
    assert back.preamble[0].text == re.sub(r"[ \t\n]+", " ", doc.preamble[0].text)
    assert back.title == doc.title and back.operative == doc.operative


def test_a_document_that_bypassed_validation_is_refused_not_crashed():
    doc = Document("GA", 80, "Broken", operative=(Paragraph("op1", "Decides \x00 to act."),))
    with pytest.raises(InvalidDocument, match="XML cannot carry"):
        write_akn(doc)


def test_validate_names_what_the_schema_rejects():
    data = write_akn(draft_doc()).replace(b'<mainBody xml:lang="en">', b'<mainBody xml:lang="en"><bogus/>')
    with pytest.raises(InvalidDocument, match="not valid Akoma Ntoso 3.0 at /akomaNtoso/statement/mainBody/bogus: "):
        validate(data)


# --- headings, annexes, tables; the text's language (issue #9) ------------------------------

def structured_doc(language: str = "en") -> Document:
    from resolutions.domain import document as d
    return Document(
        body="GA", session=78, title="Financing of the Mechanism", agenda_item="147", language=language,
        preamble=(Paragraph("pp1", "Recalling its resolution 77/265 of 30 December 2022,"),),
        operative=(
            d.heading("Activities of the Office", "{I}.", 1, True, id="h1"),
            Paragraph("x1", "Recalling its resolution 48/218 B of 29 July 1994,", kind="text"),
            Paragraph("op1", "Takes note of the report;"),
            Paragraph("op2", "Decides to continue;"),
            d.heading("Activities of the Committee", "{I}.", 1, True, id="h2"),
            d.heading("Budget", "{A}.", 2, id="h3"),
            Paragraph("op3", "Welcomes the report;"),
            d.table([["", "Gross"], ["Appropriation", "63 930 800"]], "", 1, id="tb0"),
            d.annex("Financing of the Mechanism for 2024", id="ax1"),
            Paragraph("a1", "The appropriation is as follows:"),
            d.table([["", "Gross", "Net"], ["Appropriation", "63 930 800", "58 552 400"]], "Budget", 1, id="tb1"),
            d.annex("Second annex", id="ax2"),
            Paragraph("b1", "The second annex's paragraph.", kind="text"),
        ))


def test_headings_annexes_and_tables_take_the_uns_shape_and_validate():
    _, root = round_trip(structured_doc())
    body = root.find(".//a:statement/a:mainBody", NS)
    sections = body.findall("a:section", NS)
    assert [(s.get("eId"), s.find("a:num", NS).text, s.find("a:heading", NS).text) for s in sections] == [
        ("h1", "I.", "Activities of the Office"), ("h2", "II.", "Activities of the Committee")]
    assert sections[0].find("a:crossHeading", NS).get("eId") == "x1"
    assert [p.find("a:num", NS).text for p in sections[0].findall("a:paragraph", NS)] == ["1.", "2."]
    sub = sections[1].find("a:subsection", NS)
    assert (sub.get("eId"), sub.find("a:num", NS).text) == ("h3", "A.")
    assert sub.find("a:paragraph/a:num", NS).text == "1."   # numbering restarted after section II
    table = sub.find("a:hcontainer[@name='table']/a:content/a:table", NS)  # no container in a section
    assert [[c.findtext("a:p", namespaces=NS) or "" for c in tr] for tr in table] == [["", "Gross"],
                                                                                      ["Appropriation", "63 930 800"]]
    assert [etree.QName(c).localname for c in table[0]] == ["th", "th"]
    docs = root.findall(".//a:attachments/a:attachment/a:doc[@name='annex']", NS)
    assert len(docs) == 2
    heads = [[p.findtext("a:subheading", namespaces=NS) for p in doc.findall("a:mainBody/a:paragraph", NS)][:2]
             for doc in docs]
    assert heads[0] == ["Annex I", "Financing of the Mechanism for 2024"]
    assert docs[0].find("a:mainBody/a:container[@name='table']/a:p", NS).text == "Budget"
    assert docs[1].find(".//a:FRBRManifestation/a:FRBRthis", NS).get("value").endswith("/!main/annex_2.xml")


def test_headings_annexes_and_tables_read_back_as_written():
    doc = structured_doc()
    back, _ = round_trip(doc)
    kinds = [(p.id, p.kind, p.level if p.kind == "heading" else None, p.text) for p in back.operative]
    assert kinds == [(p.id, p.kind, p.level if p.kind == "heading" else None, p.text) for p in doc.operative]
    tables = {p.id: (p.rows, p.header_rows) for p in back.operative if p.kind == "table"}
    assert tables == {p.id: (p.rows, p.header_rows) for p in doc.operative if p.kind == "table"}


def test_a_french_draft_is_written_in_french():
    doc = structured_doc("fr")
    _, root = round_trip(doc, AknFacts(date=datetime.date(2023, 12, 5)))
    assert root.find(".//a:FRBRlanguage", NS).get("language") == "fra"
    assert root.find(".//a:mainBody", NS).get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    cover = root.find(".//a:coverPage", NS)
    assert cover.find(".//a:session", NS).text == "Soixante-dix-huitième session"
    assert cover.find(".//a:docStatus", NS).text == "Distr. limitée"
    assert "Point 147 de l’ordre du jour" in "".join(cover.itertext()).replace("\u00a0", " ")
    heads = [p.findtext("a:subheading", namespaces=NS)
             for p in root.findall(".//a:attachments//a:mainBody/a:paragraph", NS)]
    assert "Annexe I" in heads and "Annexe II" in heads
