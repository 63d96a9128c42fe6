"""The PDF reader's headings, annexes and tables (issue #9).

The UN's own PDFs in ../shared/corpus/pdf: the L drafts of session 80 (headings in the
operative part, declarations in an annex with their own headings). A resolution with
sections, a budget table and an annex, written by our Word writer and printed by
LibreOffice, is read back with the same structure (one conversion, a few seconds).
"""
from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from resolutions.domain import document as d
from resolutions.domain.numbering import heading_numbers
from resolutions.formats.docx_writer import write_docx
from resolutions.formats.pdf_reader import read_pdf
from resolutions.formats.pdf_tables import split_tables
from resolutions.formats.pdf_chars import Char, Line
from tests.conftest import SHARED_CORPUS

PDFS = SHARED_CORPUS / "pdf"


def headings(doc) -> list[tuple[str, str]]:
    numbers = heading_numbers(doc)
    return [(numbers[p.id], p.text) for _, _, p in doc.walk() if p.kind == d.HEADING]


# ---------------------------------------------------------------------------- the UN's drafts


def test_a_declaration_in_an_annex_keeps_its_numbered_headings():
    doc = read_pdf(PDFS / "A_80_L.4.pdf").document
    [(annex, blocks)] = doc.annexes()
    assert annex.text == "Awaza Political Declaration"
    assert headings(doc) == [
        ("I.", "Global context and shared commitments"),
        ("II.", "Implementation of the Awaza Programme of Action for Landlocked Developing Countries "
                "for the Decade 2024–2034"),
        ("III.", "Conclusion and call to action")]
    # Subheadings in italics are paragraphs of text, as in the UN's XML.
    assert [b.kind for b in blocks if b.text == "Partnerships and support mechanisms"] == [d.TEXT]
    # The annex's paragraphs are numbered from 1 on; the main text keeps its own two.
    assert len(doc.main_operative()) == 2
    assert sum(b.kind == d.PARAGRAPH for b in blocks) == 25


def test_bold_headings_between_operative_paragraphs_and_numbering_running_on():
    doc = read_pdf(PDFS / "A_80_L.15.pdf").document
    assert [t for _, t in headings(doc)] == [
        "Peacebuilding Commission", "Peacebuilding financing",
        "Department of Political and Peacebuilding Affairs/Peacebuilding Support Office"]
    numbered = [p for p in doc.main_operative() if p.kind == d.PARAGRAPH]
    assert len(numbered) == 30
    assert numbered[12].text.startswith("Calls for the full implementation of relevant resolutions on financing")


# ---------------------------------------------------------------------------- printed by us


@cache
def _printed(tmp: Path) -> Path:
    doc = d.Document(
        body="GA", session=77, symbol="A/RES/77/999", title="Questions relating to the programme budget",
        preamble=(d.paragraph("Recalling its resolution 76/245 of 24 December 2021,", id="pp1"),),
        operative=(
            d.heading("Organizational resilience management system", "{I}", id="h1"),
            d.paragraph("Takes note of the report of the Secretary-General;", id="op1"),
            d.paragraph("Endorses the conclusions and recommendations contained in the report of the "
                        "Advisory Committee on Administrative and Budgetary Questions;", id="op2"),
            d.heading("Financing of the Mechanism", "{I}", restart=True, id="h2"),
            d.paragraph("Decides to appropriate the amounts set out in the table below:", id="op3"),
            d.table([("Section", "Gross", "Net"),
                     ("Overall policymaking", "86 769 400", "80 100 200"),
                     ("Political affairs", "839 094 400", "801 000 000"),
                     ("Total", "925 863 800", "881 100 200")], id="t1"),
            d.paragraph("Requests the Secretary-General to report thereon at its seventy-eighth session.",
                        id="op4"),
            d.annex("Staffing table for 2023", id="ax1"),
            d.paragraph("The staffing table is as follows.", kind=d.TEXT, id="ax1-p1"),
        ))
    docx = tmp / "printed.docx"
    docx.write_bytes(write_docx(doc, []))
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(docx)],
                   capture_output=True, timeout=300, check=False)
    return tmp / "printed.pdf"


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    if not shutil.which("soffice"):
        pytest.fail("LibreOffice (soffice) is needed to print the test document")
    pdf = _printed(tmp_path_factory.mktemp("printed"))
    assert pdf.exists(), "LibreOffice made no PDF"
    return pdf


def test_sections_that_restart_numbering_a_table_and_an_annex_read_back(printed):
    doc = read_pdf(printed).document
    assert headings(doc) == [("I", "Organizational resilience management system"),
                             ("II", "Financing of the Mechanism")]
    kinds = [b.kind for b in doc.operative]
    assert kinds == ["heading", "paragraph", "paragraph", "heading", "paragraph", "table", "paragraph",
                     "annex", "text"]
    second = doc.operative[3]
    assert second.restart
    [table] = [b for b in doc.operative if b.kind == d.TABLE]
    assert table.rows == (("Section", "Gross", "Net"), ("Overall policymaking", "86 769 400", "80 100 200"),
                          ("Political affairs", "839 094 400", "801 000 000"),
                          ("Total", "925 863 800", "881 100 200"))
    assert table.header_rows == 1
    [(annex, blocks)] = doc.annexes()
    assert annex.text == "Staffing table for 2023"
    assert [b.text for b in blocks] == ["The staffing table is as follows."]


# ---------------------------------------------------------------------------- table rows


def _line(y: float, *cells: tuple[float, str], size: float = 9.0) -> Line:
    chars = []
    for x, text in cells:
        for k, c in enumerate(text):
            chars.append(Char(c, x + k * 5, x + k * 5 + 4.5, y, size, False, False, False))
    return Line(chars, y, size).finish()


def test_columns_of_figures_are_a_table_and_a_mark_with_its_text_is_not():
    body = [(0, _line(700, (72, "1."), (108, "Decides as follows:"), size=10.0)),
            (0, _line(680, (72, "Overall policymaking,"), (300, "86 769 400"), (400, "80 100 200"))),
            (0, _line(670, (72, "direction and coordination"))),
            (0, _line(660, (72, "Political affairs"), (300, "839 094 400"), (400, "801 000 000"))),
            (0, _line(640, (72, "2."), (108, "Requests the Secretary-General"), size=10.0))]
    parts = split_tables(body, 10.0)
    assert [type(p).__name__ for p in parts] == ["list", "Table", "list"]
    assert parts[1].rows == [["Overall policymaking, direction and coordination", "86 769 400", "80 100 200"],
                             ["Political affairs", "839 094 400", "801 000 000"]]
    assert parts[1].header_rows == 0
