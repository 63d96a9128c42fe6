"""The printing rules every export shares, each defined once: dates (domain/dates.py), the
enacting formula per language (bodies.toml, Body.formula), the sponsor line's parts
(domain/sponsors.py), the language-code tables (domain/languages.py), the page
(bodies.toml), the italic opening (domain/openings.printed_opening), and the Word file,
the Akoma Ntoso file and the compilation text agreeing on them."""
from __future__ import annotations

import datetime
import io
import locale

import docx
import pytest
from lxml import etree

from resolutions.domain.bodies import bodies, get_body
from resolutions.domain.dates import un_date
from resolutions.domain.document import OPERATIVE, Paragraph
from resolutions.domain.languages import BCP_47, CODES, FROM_ISO_639_2, ISO_639_2
from resolutions.domain.openings import printed_opening
from resolutions.domain.redline import unmarked
from resolutions.domain.sponsors import REVISED_DRAFT_RESOLUTION, sponsor_line, sponsor_parts
from resolutions.domain.validation import accept
from resolutions.formats import document_json
from resolutions.formats.akn_reader import read_akn
from resolutions.formats.akn_writer import AknFacts, write_akn
from resolutions.formats.docx_compilation import CompilationText, write_compilation
from resolutions.formats.docx_cover import ISSUED, Cover, printed_number
from resolutions.formats.docx_writer import write_docx
from tests.conftest import draft_json

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


def test_a_date_is_printed_the_un_way_whatever_the_locale():
    day = datetime.date(2025, 11, 5)
    assert un_date(day) == "5\u00a0November 2025"
    assert un_date(datetime.datetime(2026, 12, 1, 23, 59)) == "1\u00a0December 2026"
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C.UTF-8")
        assert un_date(day) == "5\u00a0November 2025"
    finally:
        locale.setlocale(locale.LC_TIME, before)


def test_the_sponsor_line_in_parts_and_whole():
    names = ["United States of America", "Japan", "Mexico"]
    assert sponsor_parts(names) == ("Japan, Mexico and United States of America:", "draft resolution")
    assert sponsor_line(names) == "Japan, Mexico and United States of America: draft resolution"
    assert sponsor_parts([], REVISED_DRAFT_RESOLUTION) == ("", "Revised draft resolution")
    assert sponsor_line([], REVISED_DRAFT_RESOLUTION) == "Revised draft resolution"  # was "Draft revised draft …"


def test_each_language_has_its_codes_in_one_table():
    assert set(ISO_639_2) == set(BCP_47) == set(CODES)
    assert all(FROM_ISO_639_2[ISO_639_2[code]] == code for code in CODES)
    assert FROM_ISO_639_2["fre"] == "fr" and BCP_47["zh"] == "zh-CN"


def test_every_body_has_its_page_and_its_formula_per_language():
    for body in bodies().values():
        assert body.page.width > 0 and body.page.frame > 0
        assert body.formula("en") == body.enacting_formula
    ga = get_body("GA")
    assert ga.formula("fr") == "L’Assemblée générale," and ga.formula("zh") == "大会，"
    assert get_body("CND").formula("fr") == "La Commission des stupéfiants,"


def _draft(language: str):
    return accept(document_json.load(draft_json(language=language)))


@pytest.mark.parametrize("language, formula", [("fr", "L’Assemblée générale,"), ("es", "La Asamblea General,"),
                                               ("en", "The General Assembly,")])
def test_the_word_file_and_the_akn_file_print_the_formula_of_the_drafts_language(language, formula):
    doc = _draft(language)
    texts = [p.text for p in docx.Document(io.BytesIO(write_docx(doc, ["Japan"]))).paragraphs]
    assert f"\t{formula}" in texts
    root = etree.fromstring(write_akn(doc, AknFacts()))
    assert "".join(root.find(".//a:preamble/a:formula", NS).itertext()) == formula
    compiled = write_compilation(CompilationText("GA", language, doc.title, "Japan", 1, 1,
                                                 datetime.date(2025, 11, 5), (), (), 0))
    lines = [p.text for p in docx.Document(io.BytesIO(compiled)).paragraphs]
    assert formula in lines and any("5\u00a0November 2025" in line for line in lines)


def test_the_word_file_and_the_akn_file_print_dates_and_numbers_alike():
    doc = _draft("en")
    day = datetime.date(2025, 12, 10)
    word = docx.Document(io.BytesIO(write_docx(doc, Cover("resolution", "A/RES/80/174", day, adopted_on=day,
                                                          number=printed_number("A/RES/80/174")))))
    texts = [p.text for p in word.paragraphs]
    assert any(t.endswith("\t10\u00a0December 2025") for t in texts)
    assert any(t.startswith("80/174.\t") for t in texts)
    root = etree.fromstring(write_akn(doc, AknFacts(symbol="A/RES/80/174", adopted=True, adopted_on=day)))
    assert root.find(".//a:preface//a:docNumber", NS).text == "80/174."
    assert root.find(".//a:conclusions//a:docDate", NS).text == "10\u00a0December 2025"
    this = root.find(".//a:FRBRWork/a:FRBRthis", NS).get("value")
    assert this == "/akn/un/statement/deliberation/unga/2025-12-10/80-174/!main/"


def test_a_revised_issued_l_says_revised_draft_resolution():
    word = docx.Document(io.BytesIO(write_docx(_draft("en"), Cover(ISSUED, "A/80/L.24/Rev.1",
                                                                    datetime.date(2025, 11, 5), ("Japan",)))))
    line = next(p.text for p in word.paragraphs if p.text.startswith("Japan:"))
    assert line == "Japan:* revised\u00a0draft\u00a0resolution"  # the asterisk: a custom-mark footnote


def test_a_subparagraphs_source_marked_opening_is_italic_in_every_export():
    """One rule (openings.printed_opening) for Word, Akoma Ntoso and tracked changes: a
    subparagraph's opening only when a source marked it, never a trailing space."""
    sub = Paragraph("s1", "Urges all States to act;", opening_length=6)
    top = Paragraph("p1", "Decides to act:", subparagraphs=(sub, Paragraph("s2", "Invites all to help.")))
    doc = _draft("en").with_changes(operative=(top, Paragraph("p2", "Requests a report.")))
    assert printed_opening(sub, OPERATIVE, 1) == 5  # "Urges", without its space
    assert printed_opening(doc.operative[0].subparagraphs[1], OPERATIVE, 1) == 0
    marked = {p.id: p for p in unmarked(doc)}
    assert [s.text for s in marked["s1"].segments if s.italic] == ["Urges"]
    (back,) = read_akn(write_akn(doc, AknFacts()))
    assert back.operative[0].subparagraphs[0].opening_length == 5
    runs = [p for p in docx.Document(io.BytesIO(write_docx(doc, ["Japan"]))).paragraphs if "Urges" in p.text][0].runs
    assert "".join(r.text for r in runs if r.italic) == "Urges"


def test_a_cnd_decision_is_a_decision_in_the_word_file_and_the_akn_file_alike():
    doc = accept(document_json.load({**draft_json(), "body": "CND", "session": 69}))
    day = datetime.date(2026, 3, 14)
    word = docx.Document(io.BytesIO(write_docx(doc, Cover("resolution", "decision 69/2", day, adopted_on=day))))
    printed = " ".join(p.text for p in word.paragraphs).replace("\n", " ")
    assert "Decision adopted by the Commission on Narcotic Drugs" in printed
    assert "Resolution adopted" not in printed
    root = etree.fromstring(write_akn(doc, AknFacts(symbol="decision 69/2", adopted=True, adopted_on=day)))
    [title] = root.iterfind(".//a:coverPage//a:docTitle", NS)
    assert title.text.startswith("Decision adopted by the Commission on Narcotic Drugs on 14")
