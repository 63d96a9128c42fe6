"""The Word manuscript, read back the way a delegate and the Secretariat will see it.

The text is real: A/RES/78/131 (preamble with its footnotes, operative paragraphs),
and the subparagraphs of A/80/L.15, plus one paragraph in Arabic, Chinese and
Russian script. Expected numbers and italics are written out by hand here rather
than recomputed with the domain's own functions.
"""
from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from resolutions.domain.footnote_markup import parse
from resolutions.formats.document_json import load
from resolutions.domain.typography import bind
from resolutions.domain.bodies import get_body
from resolutions.formats.docx_cover import ISSUED, SPONSOR_NOTE, Cover
from resolutions.formats.docx_writer import write_docx
from tests.conftest import TODAY

SYMBOL = "A/78/L.24"
DAY = datetime.date(2023, 12, 5)
SPONSORS = ["United States of America", "Japan", "Albania", "North Macedonia", "Montenegro", "Jordan"]
TITLE = ("Enhancing action at the national, regional and international levels to address the "
         "global public health and security challenges posed by synthetic drugs")
ODS = "Official Records of the Economic and Social Council"


def noted(markup: str, **extra) -> dict:
    """A JSON paragraph from the editor's inline footnote markup (``text^[note]``)."""
    text, notes = parse(markup)
    return {"text": text, "footnotes": [{"at": n.at, "text": n.text} for n in notes], **extra}


GA = {
    "body": "GA", "session": 78, "agenda_item": "125",
    "agenda_title": "Global health and foreign policy",
    "title": TITLE,
    "preamble": [
        "Recognizing that the world drug problem continues to constitute a serious threat to public "
        "health and security and to the well-being of humanity, and recognizing in particular the "
        "significant challenges posed by the illicit manufacture of and trafficking in synthetic "
        "drugs, as well as their distribution, consumption and use for non\u2011medical and "
        "non\u2011scientific purposes,",
        noted(
            "Recalling that, in the Ministerial Declaration on Strengthening Our Actions at the "
            "National, Regional and International Levels to Accelerate the Implementation of Our "
            "Joint Commitments to Address and Counter the World Drug Problem of 2019,"
            f"^[See {ODS}, 2019, Supplement No. 8 (E/2019/28), chap. I, sect. B.] Member States "
            "reaffirmed their shared commitment to effectively addressing and countering the world "
            "drug problem, including accelerating the implementation of existing drug policy "
            "commitments contained in the outcome document of the thirtieth special session of the "
            "General Assembly, held in 2016, entitled \u201cOur joint commitment to effectively "
            "addressing and countering the world drug problem\u201d,^[Resolution S-30/1, annex.] "
            "and in the Political Declaration and Plan of Action of 2009,"
            "^[Ibid., 2009, Supplement No. 8 (E/2009/28), chap. I, sect. C.] and that Member States "
            "have recognized those documents as complementary and mutually reinforcing,"),
        "Stressing with grave concern the increase in the number of overdose deaths associated with "
        "the use of synthetic drugs, and the urgent need to raise awareness of and improve access to "
        "the prevention and treatment of drug overdose,",
        # The UN's XML marks the italics exactly; "its unwavering commitment" is not a listed phrase.
        noted(
            "Reaffirming also its unwavering commitment to ensuring that all aspects of demand "
            "reduction and related measures, supply reduction and related measures, and international "
            "cooperation are addressed in full conformity with the purposes and principles of the "
            "Charter of the United Nations, international law and the Universal Declaration of Human "
            "Rights,^[Resolution 217 A (III).] with full respect for the sovereignty and territorial "
            "integrity of States,", opening_length=42),
        "Welcoming the translation of the Synthetic Drug Strategy into all official languages, so "
        "that \u201csynthetic drugs\u201d reads \u0627\u0644\u0645\u062e\u062f\u0631\u0627\u062a "
        "\u0627\u0644\u0627\u0635\u0637\u0646\u0627\u0639\u064a\u0629 in Arabic, \u5408\u6210"
        "\u6bd2\u54c1 in Chinese and \u0441\u0438\u043d\u0442\u0435\u0442\u0438\u0447\u0435\u0441"
        "\u043a\u0438\u0435 \u043d\u0430\u0440\u043a\u043e\u0442\u0438\u043a\u0438 in Russian,",
    ],
    "operative": [
        "Calls upon Member States, consistent with the principle of common and shared "
        "responsibility, to carry out coordinated actions at the national, regional and "
        "international levels to address, in accordance with domestic law and circumstances, the "
        "global public health and security challenges posed by the illicit manufacture of and "
        "trafficking in synthetic drugs;",
        "Also encourages Member States to continue to collect and share information, in accordance "
        "with domestic law, on the adverse impacts and risks to public health and safety posed by new "
        "psychoactive substances, using chemical and toxicological data, data from hospitals and "
        "treatment and toxicology centres and data reported by individuals;",
        {"text": "Reaffirms all relevant resolutions relating to the mandate of the Peacebuilding "
                 "Commission, and, mindful of the important role of the Commission, also reaffirms "
                 "the need to strengthen its fulfilment by:",
         "subparagraphs": [
             "Requesting the Peacebuilding Commission to establish a detailed, predictable and "
             "flexible annual programme of work reflecting, inter alia, its country-specific, "
             "regional and thematic issues;",
             {"text": "Requesting the Peacebuilding Commission, in line with its mandate, to serve "
                      "as a platform to support Member States, upon their request, to strengthen "
                      "their national peacebuilding and sustaining peace efforts by:",
              "subparagraphs": [
                  "Assisting Member States in building their national capacities to promote, "
                  "develop, where they do not exist, and implement their voluntary and nationally "
                  "owned prevention and peacebuilding strategies;",
                  "Inviting international financial institutions and regional development banks "
                  "to engage in relevant country-specific discussions, upon request by the country "
                  "concerned;",
              ]},
         ]},
        "Encourages enhanced cooperation and collaboration within the United Nations system in "
        "accordance with established mandates, and invites the International Narcotics Control "
        "Board and the World Health Organization to continue to undertake their treaty-mandated roles.",
    ],
}

# What is printed before each paragraph, and which words stand in italics, in reading order.
EXPECTED = [
    ("\t", "Recognizing"),
    ("\t", "Recalling"),
    ("\t", "Stressing with grave concern"),
    ("\t", "Reaffirming also its unwavering commitment"),
    ("\t", "Welcoming"),
    ("\t1.\t", "Calls upon"),
    ("\t2.\t", "Also encourages"),
    ("\t3.\t", "Reaffirms"),
    ("\t(a)\t", ""),
    ("\t(b)\t", ""),
    ("(i)\t", ""),
    ("(ii)\t", ""),
    ("\t4.\t", "Encourages"),
]
FOOTNOTES = [
    f"See {ODS}, 2019, Supplement No. 8 (E/2019/28), chap. I, sect. B.",
    "Resolution S-30/1, annex.",
    "Ibid., 2009, Supplement No. 8 (E/2009/28), chap. I, sect. C.",
    "Resolution 217 A (III).",
]
W_TEXT = (qn("w:t"), qn("w:tab"))


@pytest.fixture(scope="module")
def document():
    return load(GA)


@pytest.fixture(scope="module")
def manuscript(document) -> bytes:
    return write_docx(document, Cover(ISSUED, SYMBOL, DAY, tuple(SPONSORS)))


@pytest.fixture(scope="module")
def word(manuscript):
    return docx.Document(io.BytesIO(manuscript))


def source_paragraphs(document):
    return [para for _, _, para in document.walk()]


def body_paragraphs(word):
    """The resolution's text as printed: everything after the enacting formula."""
    texts = [p.text for p in word.paragraphs]
    start = texts.index("\tThe General Assembly,") + 1
    return word.paragraphs[start:]


def footnotes_part(word):
    return word.part.part_related_by(RT.FOOTNOTES)


def footnotes_xml(word):
    return parse_xml(footnotes_part(word).blob)  # python-docx loads it as a plain part


def reference_offsets(paragraph) -> list[tuple[int, int]]:
    """(character offset, footnote id) of each footnote reference, counting text and tabs."""
    offset, out = 0, []
    for node in paragraph._p.iter(qn("w:t"), qn("w:tab"), qn("w:footnoteReference")):
        if node.tag == qn("w:footnoteReference"):
            out.append((offset, int(node.get(qn("w:id")))))
        else:
            offset += len(node.text or "") if node.tag == qn("w:t") else 1
    return out


def test_title_formula_and_paragraphs_read_back_in_order(word, document):
    texts = [p.text for p in word.paragraphs]
    start = texts.index(TITLE)
    expected = [TITLE, "\tThe General Assembly,"] + [
        bind(para.text) for para in source_paragraphs(document)]  # marks: Word numbering
    assert texts[start:] == expected
    assert len(source_paragraphs(document)) == len(EXPECTED)


def test_italics_stand_exactly_on_the_opening_phrases(word):
    formula = next(p for p in word.paragraphs if p.text == "\tThe General Assembly,")
    assert [(r.text, bool(r.italic)) for r in formula.runs] == [
        ("\t", False), ("The General Assembly", True), (",", False)]
    for paragraph, (lead, opening) in zip(body_paragraphs(word), EXPECTED):
        italic = "".join(r.text for r in paragraph.runs if r.italic)
        assert italic == opening, paragraph.text[:60]
        assert paragraph.text.startswith(opening)


def test_times_new_roman_throughout_at_ten_points_justified(word):
    roots = [word.element, footnotes_xml(word)] + [
        h.part.element for h in (word.sections[0].header, word.sections[0].even_page_footer)]
    fonts = {value for root in roots for el in root.iter(qn("w:rFonts")) for value in el.attrib.values()}
    defaults = word.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    fonts |= set(defaults.attrib.values())
    section = word.sections[0]
    printed = [*word.paragraphs, *section.header.paragraphs, *section.even_page_footer.paragraphs]
    styles = [p.style for p in printed] + [word.styles["footnote text"]]
    for style in styles:
        while style is not None:
            fonts |= {v for el in style.element.iter(qn("w:rFonts")) for v in el.attrib.values()}
            style = style.base_style
    assert fonts == {"Times New Roman"}
    assert set(defaults.attrib) == {qn(f"w:{s}") for s in ("ascii", "hAnsi", "eastAsia", "cs")}

    text_style = body_paragraphs(word)[0].style
    assert text_style.font.size == Pt(10)
    assert text_style.paragraph_format.line_spacing == Pt(12)
    assert text_style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert text_style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert {p.style.name for p in body_paragraphs(word)} == {text_style.name}


def test_footnotes_are_word_footnotes_anchored_where_they_stand(word, document):
    part = footnotes_part(word)
    assert part.content_type == CT.WML_FOOTNOTES
    notes = footnotes_xml(word).findall(qn("w:footnote"))
    separators = {n.get(qn("w:type")): n.get(qn("w:id")) for n in notes if n.get(qn("w:type"))}
    assert separators == {"separator": "-1", "continuationSeparator": "0"}
    texts = {int(n.get(qn("w:id"))): "".join(t.text for t in n.iter(qn("w:t")))
             for n in notes if not n.get(qn("w:type"))}
    # Note 1 is the sponsor line's asterisk; the text's notes follow, as printed (bound spaces).
    assert texts == {1: "*" + SPONSOR_NOTE, **{k: bind(t) for k, t in enumerate(FOOTNOTES, 2)}}

    anchors = []
    for paragraph, (lead, _), para in zip(body_paragraphs(word), EXPECTED, source_paragraphs(document)):
        found = reference_offsets(paragraph)
        assert [at for at, _ in found] == [n.at for n in para.footnotes]
        anchors += [note_id for _, note_id in found]
    assert anchors == [2, 3, 4, 5]
    # The marker follows the punctuation: "…of 2019,¹ Member States…".
    recalling = body_paragraphs(word)[1]
    assert recalling.text[reference_offsets(recalling)[0][0] - 5:][:5] == "2019,"

    reference = word.styles.element.xpath('w:style[@w:styleId="FootnoteReference"]')[0]
    assert reference.xpath("w:rPr/w:vertAlign/@w:val") == ["superscript"]
    for ref in word.element.body.iter(qn("w:footnoteReference")):
        if ref.get(qn("w:customMarkFollows")):
            continue  # the sponsor line's "*" prints on the line
        assert ref.getparent().xpath("w:rPr/w:rStyle/@w:val") == ["FootnoteReference"]


def test_masthead_agenda_and_sponsor_line(word):
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == f"United Nations\t{SYMBOL}"
    assert texts[1] == ""  # the rule under the top line, across the frame
    assert texts[2:5] == ["General Assembly\tDistr.: Limited", "\t5\u00a0December 2023", "\tOriginal: English"]
    organ = word.paragraphs[2].runs[0]
    assert organ.bold and organ.font.size >= Pt(18)
    sponsor = ("Albania, Japan, Jordan, Montenegro, North Macedonia and United States of America:* "
               "draft\u00a0resolution")
    block = texts[texts.index("Seventy-eighth session"):texts.index(TITLE)]
    assert block == ["Seventy-eighth session", "Agenda item 125", "Global health and foreign policy", sponsor]
    by_text = {p.text: p for p in word.paragraphs}
    for bold in ("Seventy-eighth session", "Global health and foreign policy", sponsor, TITLE):
        paragraph = by_text[bold]
        assert all(r.bold or paragraph.style.font.bold for r in paragraph.runs), bold


def test_later_pages_carry_the_symbol_and_page_x_of_y(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert word.settings.odd_and_even_pages_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    assert section.first_page_footer.paragraphs[0].text == ""
    for header, footer in ((section.header, section.footer),
                           (section.even_page_header, section.even_page_footer)):
        assert header.paragraphs[0].text == SYMBOL
        fields = [t.text.strip() for t in footer.paragraphs[0]._p.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"]
        assert footer.paragraphs[0].text == "1/1"  # cached results until Word updates them
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_page_size_and_margins_come_from_the_body(document, word):
    """One source for the page: bodies.toml, GA on US Letter, CND on A4."""
    section, ga = word.sections[0], get_body("GA").page
    assert (section.page_width.pt, section.page_height.pt) == (ga.width, ga.height) == (612, 792)
    assert (section.left_margin.pt, section.top_margin.pt, section.footer_distance.pt) == (ga.left, ga.top, ga.footer)
    cnd = get_body("CND").page
    a4 = docx.Document(io.BytesIO(write_docx(document.with_changes(body="CND"), SPONSORS))).sections[0]
    assert (round(a4.page_width.cm, 1), round(a4.page_height.cm, 1)) == (21.0, 29.7)
    assert (a4.left_margin.pt, a4.top_margin.pt) == (cnd.left, cnd.top)


def test_no_author_is_claimed(word):
    props = word.core_properties
    assert props.author == "" and props.last_modified_by == "" and props.comments == ""
    assert props.title == TITLE


def test_cnd_masthead_formula_and_a_lone_operative_paragraph():
    cnd = load({
        "body": "CND", "session": 68, "agenda_item": "5",
        "agenda_title": "Implementation of the international drug control treaties",
        "title": "Promoting the availability of internationally controlled substances",
        "preamble": ["Recalling its resolution 67/1 of 22 March 2024,"],
        "operative": ["Decides to continue its consideration of the matter at its sixty-ninth session."],
    })
    today = TODAY
    word = docx.Document(io.BytesIO(write_docx(cnd, Cover(sponsors=("Austria",), original_language="Spanish"))))
    texts = [p.text for p in word.paragraphs]
    assert texts[:5] == [
        "United Nations\t", "", "Economic and Social Council\tDistr.: Limited",
        f"\t{today.day}\u00a0{today:%B} {today.year}", "\tOriginal: Spanish"]
    start = texts.index("Commission on Narcotic Drugs")
    assert texts[start:start + 3] == ["Commission on Narcotic Drugs", "Sixty-eighth session", "Agenda item 5"]
    assert word.paragraphs[start].runs[0].bold and not word.paragraphs[start + 1].runs[0].bold
    assert texts[-3:] == ["\tThe Commission on Narcotic Drugs,", "Recalling its resolution 67/1 of 22\u00a0March 2024,",
                          "Decides to continue its consideration of the matter at its sixty-ninth session."]
    assert "Austria: draft\u00a0resolution" in texts
    assert (word.sections[0].page_width.pt, word.sections[0].page_height.pt) == (595.3, 841.9)  # A4
    assert word.sections[0].header.paragraphs[0].text == ""


# --- what LibreOffice prints (one conversion for the module) ------------------------

def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; CI installs it (apt-get install {package}). "
                    "The printed layout cannot be checked without it.")
    return path


@pytest.fixture(scope="module")
def pdf(manuscript, tmp_path_factory):
    soffice = _tool("soffice", "libreoffice-writer-nogui")
    tmp = tmp_path_factory.mktemp("pdf")
    source = tmp / "draft.docx"
    source.write_bytes(manuscript)
    profile = (tmp / "profile").as_uri()  # own profile: no clash with a running LibreOffice
    run = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp), str(source)],
                         capture_output=True, text=True, timeout=180)
    pdf = tmp / "draft.pdf"
    assert pdf.exists(), f"LibreOffice made no PDF: {run.stdout}{run.stderr}"
    return pdf


def pdf_text(pdf, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run([_tool("pdftotext", "poppler-utils"), *pages, str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_libreoffice_prints_title_text_and_footnotes(pdf):
    text = pdf_text(pdf)
    for expected in [TITLE, "Seventy-eighth session", "5 December 2023", *FOOTNOTES,
                     "\u0441\u0438\u043d\u0442\u0435\u0442\u0438\u0447\u0435\u0441\u043a\u0438\u0435"]:
        assert expected in text
    assert text.index("Recognizing that") < text.index("Calls upon Member States")


def test_libreoffice_prints_symbol_and_page_number_on_page_two(pdf):
    total = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        [_tool("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout).group(1))
    assert total >= 2
    page_two = pdf_text(pdf, 2)
    assert SYMBOL in page_two and f"2/{total}" in page_two
    assert "United Nations" not in page_two.split(SYMBOL)[0]  # the masthead is page 1 only


# --- the compilation text's proposals ----------------------------------------------------

def test_a_replacement_in_the_compilation_text_marks_only_the_words_it_changes():
    from resolutions.domain.document import Paragraph
    from resolutions.formats.docx_compilation import CompilationText, Entry, Proposed, write_compilation

    now = "Calls upon Member States to act^[See E/2023/28.] at the national level;"
    replacing = Proposed("“Calls upon … level;” (Japan, Mexico)", "replace", now,
                         "Urges Member States to act^[See E/2023/28.] at the national and regional levels;",
                         ("Japan", "Mexico"))
    deleting = Proposed("[delete] (EU)", "delete", now, now, ("European Union",))
    entry = Entry("OP1", "operative", 0, Paragraph("o1", "Calls upon Member States to act at the national level;"),
                  "pending", "pending", (replacing, deleting, "“old” → “new” (Peru)"))
    text = CompilationText("GA", "en", "Sport", "Japan", 2, 1, datetime.date(2026, 12, 1), (entry,),
                           (("pending", 1),), 3)
    word = docx.Document(io.BytesIO(write_compilation(text)))
    lines = [p for p in word.paragraphs if p.text.startswith("Proposal: ")]
    assert [p.text for p in lines[1:]] == ["Proposal: [delete] (EU)", "Proposal: “old” → “new” (Peru)"]
    runs = [(r.text, "ins" if r.bold and r.underline else "del" if r.font.strike else "")
            for r in lines[0].runs[1:]]
    assert "".join(t for t, _ in runs) == ("Calls uponUrges Member States to act at the national "
                                           "leveland regional levels; (Japan, Mexico)")
    assert [(t, how) for t, how in runs if how] == [("Calls upon", "del"), ("Urges", "ins"),
                                                    ("level", "del"), ("and regional levels", "ins")]
    # Plain formatting for the room to read: nothing in it is a tracked change.
    assert word.element.body.find(f".//{qn('w:ins')}") is None
    assert word.element.body.find(f".//{qn('w:del')}") is None
