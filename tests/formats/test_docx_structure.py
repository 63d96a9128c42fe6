"""Headings, annexes and tables in the Word file (formats/docx_blocks.py), and the file
in the draft's language: read back with python-docx, opened by LibreOffice.

The shapes are the UN's: sections "I." / "II." restarting the operative numbering with
a section's own unnumbered "Recalling …" paragraph (A/RES/78/247), an annex with its
title and numbered paragraphs (A/RES/78/1), a budget table with a header row and
figures (A/RES/78/249). The French and Arabic drafts are the UN's own texts of
A/RES/78/249 (an annex with a table) read from ../shared/corpus/akn.
"""
from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from resolutions.domain import document as d
from resolutions.formats.docx_bookmarks import id_of_paragraph, read_variables
from resolutions.formats.docx_cover import ISSUED, Cover
from resolutions.formats.docx_writer import write_docx
from tests.domain.corpus import path, read

DAY = datetime.date(2023, 12, 5)
SPONSORS = ("Mexico", "Japan", "France")
ROWS = [["", "Gross", "Net of staff assessment"],
        ["Estimated appropriation for 2024", "63 930 800", "58 552 400"],
        ["Recommendations of the Fifth Committee", "(114 600)", "(120 300)"]]


def sectioned() -> d.Document:
    return d.Document(
        body="GA", session=78, title="Financing of the International Residual Mechanism", agenda_item="147",
        symbol="A/78/L.99",
        preamble=(d.paragraph("Recalling its resolution 77/265 of 30 December 2022,", id="pp1"),),
        operative=(
            d.heading("Activities of the Office", "{I}.", 1, True, id="h1"),
            d.paragraph("Recalling its resolution 48/218 B of 29 July 1994,", id="x1", kind=d.TEXT),
            d.paragraph("Takes note of the report;", id="op1"),
            d.paragraph("Decides to continue:", d.paragraph("its work;", id="op2a"), id="op2"),
            d.heading("Activities of the Committee", "{I}.", 1, True, id="h2"),
            d.paragraph("Welcomes the report;", id="op3"),
            d.heading("Budget", "{A}.", 2, id="h3"),
            d.paragraph("Requests the Secretary-General to report.", id="op4"),
            d.annex("Financing of the Mechanism for 2024", id="ax1"),
            d.paragraph("The appropriation is as follows;", id="a1"),
            d.table(ROWS, "Financing for 2024", 1, id="tb1"),
            d.paragraph("The amounts are net.", id="a2"),
        ))


def cover(language: str = "English") -> Cover:
    return Cover(ISSUED, "A/78/L.99", DAY, SPONSORS, language)


@pytest.fixture(scope="module")
def written() -> bytes:
    return write_docx(sectioned(), cover())


def word(data: bytes):
    return docx.Document(io.BytesIO(data))


def body_paragraphs(document) -> list:
    """The text's paragraphs from the title on (the masthead's lines left out)."""
    paragraphs = document.paragraphs
    start = next(k for k, p in enumerate(paragraphs) if p.style.name == "Resolution Title")
    return paragraphs[start:]


def test_headings_print_their_numbers_bold_in_words_own_heading_styles(written):
    document = word(written)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "I.\tActivities of the Office"), ("Heading 1", "II.\tActivities of the Committee"),
                        ("Heading 2", "A.\tBudget")]
    style = document.styles["Heading 1"]
    assert style.font.bold and style.font.size.pt == 14 and style.paragraph_format.keep_with_next
    assert not any(r.italic for p in document.paragraphs if p.style.name.startswith("Heading") for r in p.runs)


def test_operative_numbering_restarts_after_a_restarting_heading_and_in_the_annex(written):
    document = word(written)
    numbered = {}
    variables = read_variables(document.settings.element)
    for p in document.paragraphs:
        num = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is not None:
            numbered[id_of_paragraph(p._p, variables)] = (num.find(qn("w:numId")).get(qn("w:val")),
                                                          num.find(qn("w:ilvl")).get(qn("w:val")))
    # op1, op2 (and its subparagraph) in section I; op3, op4 in section II; a1, a2 in the annex.
    assert set(numbered) == {"op1", "op2", "op2a", "op3", "op4", "a1", "a2"}
    lists = [numbered[k][0] for k in ("op1", "op3", "a1")]
    assert len(set(lists)) == 3 and numbered["op2"][0] == numbered["op1"][0] == numbered["op2a"][0]
    assert numbered["op4"][0] == numbered["op3"][0] and numbered["a2"][0] == numbered["a1"][0]
    numbering = document.part.numbering_part.element
    for num_id in lists[1:]:
        num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        starts = num.findall(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert starts and all(s.get(qn("w:val")) == "1" for s in starts)
    # The section's own "Recalling …" paragraph is not numbered.
    recalling = next(p for p in document.paragraphs if p.text.startswith("Recalling its resolution 48/218"))
    assert recalling._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None


def test_the_annex_prints_its_word_over_its_title_and_every_block_carries_its_id(written):
    document = word(written)
    texts = [(p.style.name, p.text) for p in body_paragraphs(document)]
    at = texts.index(("Annex Heading", "Annex"))
    assert texts[at + 1] == ("Annex Title", "Financing of the Mechanism for 2024")
    assert ("Table Title", "Financing for 2024") in texts
    variables = read_variables(document.settings.element)
    ids = {id_of_paragraph(p._p, variables) for p in document.paragraphs} - {None}
    assert ids == {"pp1", "h1", "x1", "op1", "op2", "op2a", "h2", "op3", "h3", "op4", "ax1", "a1", "tb1", "a2"}


def test_a_table_is_a_word_table_with_its_header_repeated_and_figures_flush_right(written):
    document = word(written)
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == ROWS
    headers = [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.rows]
    assert headers == [True, False, False]
    figure = table.rows[1].cells[1].paragraphs[0]
    assert figure.paragraph_format.alignment is not None and figure.paragraph_format.alignment.name == "RIGHT"
    assert table.rows[1].cells[0].paragraphs[0].paragraph_format.alignment is None  # words: the style's left
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert [etree_name(b) for b in borders] == ["top", "bottom"]  # rules over and under, none between columns
    # The table stands inside the text column.
    indent = table._tbl.tblPr.find(qn("w:tblInd"))
    assert int(indent.get(qn("w:w"))) > 0


def etree_name(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


# --- the draft's language ----------------------------------------------------------------

@pytest.fixture(scope="module")
def french() -> tuple[d.Document, bytes]:
    (doc,) = read(path(78, "French", "249"))
    doc = doc.with_changes(symbol="A/78/L.99")
    return doc, write_docx(doc, cover("French"))


@pytest.fixture(scope="module")
def arabic() -> tuple[d.Document, bytes]:
    (doc,) = read(path(78, "Arabic", "249"))
    doc = doc.with_changes(symbol="A/78/L.99")
    return doc, write_docx(doc, cover("Arabic"))


def language_tags(document) -> dict[str, str]:
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return {k.rsplit("}", 1)[-1]: v for k, v in lang.attrib.items()}


def default_fonts(document) -> dict[str, str]:
    fonts = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    return {k.rsplit("}", 1)[-1]: v for k, v in fonts.attrib.items()}


def test_a_french_draft_prints_its_masthead_and_formula_in_french(french):
    doc, data = french
    document = word(data)
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in ("Nations Unies", "Assemblée générale", "Soixante-dix-huitième session",
                     "L’Assemblée générale"):
        assert expected in text
    assert "Point 145 de l’ordre du jour" in text.replace("\u00a0", " ")
    assert language_tags(document)["val"] == "fr-FR"
    assert default_fonts(document)["ascii"] == "Times New Roman"
    assert [p.text for p in document.paragraphs if p.style.name == "Annex Heading"] == ["Annexe"]
    (table,) = document.tables
    assert len(table.rows) == len(next(b for b in doc.operative if b.kind == d.TABLE).rows)


def test_an_arabic_draft_reads_from_the_right_in_the_uns_arabic_font(arabic):
    _, data = arabic
    document = word(data)
    normal = document.styles["Normal"].element
    assert normal.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert normal.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    assert language_tags(document)["bidi"] == "ar-SA"
    fonts = default_fonts(document)
    assert fonts["cs"] == "Simplified Arabic" and fonts["ascii"] == "Times New Roman"
    # Sizes hold for Arabic text too (w:szCs), not the template's 11 pt.
    size = document.styles["SingleTxt"].element.find(f"{qn('w:rPr')}/{qn('w:szCs')}")
    assert size is not None and size.get(qn("w:val")) == "20"
    (table,) = document.tables
    assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert "الجمعية العامة" in "\n".join(p.text for p in document.paragraphs)


def test_a_chinese_draft_sets_its_text_in_simsun():
    (doc,) = read(path(78, "Chinese", "249"))
    document = word(write_docx(doc.with_changes(symbol="A/78/L.99"), cover("Chinese")))
    assert default_fonts(document)["eastAsia"] == "SimSun"
    assert language_tags(document)["eastAsia"] == "zh-CN"


# --- LibreOffice opens them (one conversion for the three files) ----------------------------

def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; CI installs it (apt-get install {package})")
    return found


@pytest.fixture(scope="module")
def budget() -> bytes:
    """A/RES/78/253: 26 sections "I" … "XXVI" (numbers far wider than one tab step)."""
    (doc,) = read(path(78, "English", "253"))
    return write_docx(doc.with_changes(symbol="A/78/L.99"), cover())


def test_heading_numbers_hang_as_far_as_the_widest_number_needs(written, budget):
    from resolutions.formats.docx_blocks import NUMBER_GAP, number_width
    from resolutions.formats.docx_text import TAB_STEP

    def hangs(data):
        heads = [p for p in word(data).paragraphs if p.style.name == "Heading 1"]
        assert all(p._p.pPr.find(qn("w:tabs")) is None for p in heads)  # the tab stops at the indent
        assert word(data).styles["Heading 1"].element.pPr.find(qn("w:tabs")) is None
        return [p.text.split("\t")[0] for p in heads], {
            (int(p._p.pPr.find(qn("w:ind")).get(qn("w:left"))), int(p._p.pPr.find(qn("w:ind")).get(qn("w:hanging"))))
            for p in heads}
    step = round(TAB_STEP / 635)
    numbers, indents = hangs(budget)
    assert len(numbers) == 26 and numbers[-1] == "XXVI"
    ((left, hang),) = indents               # one for the level, so that the words align
    assert hang % step == 0 and hang / 20 >= number_width("XXIII", 14) + NUMBER_GAP
    assert hang / 20 < number_width("XXIII", 14) + NUMBER_GAP + step / 20
    # "I." and "II." fit one step, as the UN prints them
    assert {h for _, h in hangs(written)[1]} == {step}


@pytest.fixture(scope="module")
def printed(written, french, arabic, budget, tmp_path_factory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("structure")
    sources = []
    for name, data in (("sectioned", written), ("french", french[1]), ("arabic", arabic[1]), ("budget", budget)):
        source = tmp / f"{name}.docx"
        source.write_bytes(data)
        sources.append(str(source))
    run = subprocess.run([_tool("soffice", "libreoffice-writer-nogui"),
                          f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp), *sources],
                         capture_output=True, text=True, timeout=240)
    out = {}
    for name in ("sectioned", "french", "arabic", "budget"):
        pdf = tmp / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice made no PDF of {name}: {run.stdout}{run.stderr}"
        out[name] = subprocess.run([_tool("pdftotext", "poppler-utils"), "-layout", str(pdf), "-"],
                                   check=True, capture_output=True, text=True).stdout
    out["budget words"] = subprocess.run([_tool("pdftotext", "poppler-utils"), "-bbox", str(tmp / "budget.pdf"), "-"],
                                         check=True, capture_output=True, text=True).stdout
    return out


def test_libreoffice_prints_headings_numbers_annex_and_table(printed):
    lines = [" ".join(line.split()) for line in printed["sectioned"].splitlines()]
    lines = [line for line in lines if line]
    assert "I. Activities of the Office" in lines and "II. Activities of the Committee" in lines
    at = lines.index("II. Activities of the Committee")
    assert lines[at + 1].startswith("1. Welcomes")  # numbering started again
    annex = lines.index("Annex")
    assert lines[annex + 1] == "Financing of the Mechanism for 2024"
    assert lines[annex + 2].startswith("1. The appropriation")
    assert "Estimated appropriation for 2024 63 930 800 58 552 400" in lines
    assert any(line.startswith("2. The amounts are net.") for line in lines)


def test_libreoffice_prints_wide_section_numbers_clear_of_their_words(printed):
    # A/RES/78/253's "VIII", "XXIII": the words of every section heading start at one
    # place, past the widest number (before, "VIIIRevised" ran together)
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                       printed["budget words"])
    starts, gaps = set(), []
    for k, (x0, y0, x1, text) in enumerate(words[1:-1], start=1):
        nx0, ny0, _, following = words[k + 1]
        first_on_line = abs(float(words[k - 1][1]) - float(y0)) > 2
        if first_on_line and re.fullmatch(r"[IVX]+", text) and abs(float(ny0) - float(y0)) < 2 \
                and following[:1].isupper():     # a section number, then its title
            starts.add(round(float(nx0)))
            gaps.append(float(nx0) - float(x1))
    assert len(gaps) >= 26 and min(gaps) > 3 and max(starts) - min(starts) <= 1, (starts, min(gaps))


def test_libreoffice_prints_the_french_and_arabic_drafts(printed):
    french = " ".join(printed["french"].split())
    assert "Nations Unies" in french and "Annexe" in french
    arabic = printed["arabic"]
    assert "المرفق" in arabic or "ﺍﻟﻤﺮﻓﻖ" in arabic


# --- read back by the project's Word reader ------------------------------------------------

def _blocks(doc: d.Document) -> list[tuple]:
    return [(section, depth, p.id, p.kind, p.level if p.kind == d.HEADING else None,
             p.numbering, p.text, p.rows, p.header_rows) for section, depth, p in doc.walk()]


def test_the_word_reader_reads_the_same_blocks_back(written, french, arabic):
    from resolutions.formats.docx_reader import read_docx
    from resolutions.formats.docx_writer import typeset

    back = read_docx(written).document
    assert _blocks(back) == _blocks(typeset(sectioned()))
    for doc, data in (french, arabic):
        back = read_docx(data).document
        assert back.language == doc.language
        assert _blocks(back) == _blocks(typeset(doc))


# --- the compilation text prints each block as its kind ------------------------------------

def test_the_compilation_text_prints_headings_annexes_and_tables_as_such():
    """A/RES/78/247's section heading and A/RES/78/249's annex and budget table, as rows
    of a compilation text: one proposed (services/compilation.py passes the block)."""
    from resolutions.domain.numbering import labels
    from resolutions.formats.docx_compilation import CompilationText, Entry, write_compilation

    sections, budget = read(path(78, "English", "247"))[0], read(path(78, "English", "249"))[0]
    rows = []
    for doc, status in ((sections, "pending"), (budget, "proposed")):
        named = labels(doc)
        for section, depth, block in doc.walk():
            if block.kind in (d.HEADING, d.ANNEX, d.TABLE):
                rows.append(Entry(named[block.id], section, depth, block, status, status))
    deleted = next(e for e in rows if e.paragraph.kind == d.TABLE)
    rows.append(Entry("Table 2", "operative", 0, deleted.paragraph, "deleted", "deleted"))
    text = CompilationText("GA", "en", budget.title, "Japan", 2, 2, DAY, tuple(rows), (("pending", 2),), 0)
    document = word(write_compilation(text))
    lines = {p.text.split("\t")[0]: p for p in document.paragraphs if "\t" in p.text}
    heading = lines["Heading I"]
    assert heading.text == "Heading I\tActivities of the Office of Internal Oversight Services (pending)"
    assert [r.bold for r in heading.runs if r.text.startswith("Activities")] == [True]
    annex = lines["Annex"]
    assert annex.text.startswith("Annex\tFinancing of the International Residual Mechanism") and annex.runs[2].bold
    table_block = deleted.paragraph
    proposed, struck = document.tables
    assert [[c.text for c in row.cells][:2] for row in proposed.rows][:1] == [["", "Gross"]]
    assert len(proposed.rows) == len(table_block.rows)
    assert [c.text for c in proposed.rows[3].cells][:3] == ["Estimated appropriation for 2024a", "63 930 800",
                                                             "58 552 400"]  # the last spans the rest
    assert proposed.rows[3].cells[1].paragraphs[0].paragraph_format.alignment.name == "RIGHT"  # a figure
    header = [r for row in proposed.rows[:3] for c in row.cells for p in c.paragraphs for r in p.runs]
    assert header and all(r.bold for r in header)              # three header rows, as the UN's
    assert not any(r.bold for c in proposed.rows[3].cells for p in c.paragraphs for r in p.runs)
    assert all(r.font.strike for c in struck.rows[-1].cells for p in c.paragraphs for r in p.runs)
    # the table follows its row, before the next row
    body = list(document.element.body)
    assert body.index(proposed._tbl) == body.index(lines["Table 1"]._p) + 1
