"""Headings, annexes, tables and the language, read from Word files as delegations and
the Secretariat type them (made here with python-docx: Word's heading styles, centred
bold lines, "Annex" pages, tables with a repeated header row, language tags)."""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from resolutions.domain import numbering
from resolutions.domain.document import heading as doc_heading
from resolutions.domain.document import table as doc_table
from resolutions.domain.typography import bind
from resolutions.formats.akn_reader import read_akn
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_writer import write_docx

FORMULA = ("The General Assembly,", {"italic": True})


def _file(lines, *, default_language: str | None = None) -> bytes:
    """``lines``: text, or (text, options) with options style, bold, italic, centred,
    lang; ("TABLE", rows, header_rows) for a table whose header rows Word repeats."""
    document = docx.Document()
    if default_language:
        rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{default_language}" w:eastAsia="zh-CN" '
                             f'w:bidi="ar-SA"/>'))
    for line in lines:
        if isinstance(line, tuple) and line[0] == "TABLE":
            _table(document, line[1], line[2])
            continue
        text, options = (line, {}) if isinstance(line, str) else line
        p = document.add_paragraph(style=options.get("style"))
        if options.get("centred"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = options.get("bold")
        run.italic = options.get("italic")
        if options.get("lang"):
            run._r.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{options["lang"]}"/>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, rows, header_rows: int) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for k, row in enumerate(rows):
        for j, cell in enumerate(row):
            cell_text, bold = (cell, False) if isinstance(cell, str) else cell
            table.rows[k].cells[j].paragraphs[0].add_run(cell_text).bold = bold
        if k < header_rows:
            table.rows[k]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _kinds(doc):
    return [(p.kind, p.text) for p in doc.operative]


def test_word_heading_styles_make_headings_and_a_restart_after_a_section():
    # A/RES/78/247's shape: sections "I.", "II." with their own numbering from 1.
    doc = read_docx(_file([
        FORMULA, "Recalling its resolution 77/1,",
        ("I. Regular budget", {"style": "Heading 1"}),
        "1.\tDecides to approve the budget;", "2.\tRequests a report;",
        ("A. Posts", {"style": "Heading 2"}),
        "3.\tApproves the posts;",
        ("II. Peacekeeping", {"style": "Heading 1"}),
        "1.\tDecides to finance the operations.",
    ])).document
    assert _kinds(doc) == [
        ("heading", "Regular budget"), ("paragraph", "Decides to approve the budget;"),
        ("paragraph", "Requests a report;"), ("heading", "Posts"), ("paragraph", "Approves the posts;"),
        ("heading", "Peacekeeping"), ("paragraph", "Decides to finance the operations.")]
    headings = [p for p in doc.operative if p.kind == "heading"]
    assert [(h.numbering, h.level) for h in headings] == [("{I}.", 1), ("{A}.", 2), ("{I}.", 1)]
    assert [h.restart for h in headings] == [False, False, True]
    assert list(numbering.heading_numbers(doc).values())[:3] == ["I.", "A.", "II."]


def test_centred_bold_part_and_section_lines_are_headings_and_numbering_runs_on():
    # A/RES/78/252's shape: "Part I" and "Section 1" over their titles, operative numbers running on.
    centred = {"bold": True, "centred": True}
    doc = read_docx(_file([
        FORMULA, "Having considered the proposed programme budget,",
        ("Part I", centred), ("Overall policymaking, direction and coordination", centred),
        ("Section 1", centred), ("Overall policymaking", centred),
        "1.\tApproves the appropriation;",
        ("Section 2", centred), ("General Assembly affairs", centred),
        "2.\tNotes the report;",
        ("Section 3 of the report is noted as well.", {}),
    ])).document
    assert _kinds(doc) == [
        ("heading", "Overall policymaking, direction and coordination"), ("heading", "Overall policymaking"),
        ("paragraph", "Approves the appropriation;"), ("heading", "General Assembly affairs"),
        ("paragraph", "Notes the report;"), ("text", "Section 3 of the report is noted as well.")]
    headings = [p for p in doc.operative if p.kind == "heading"]
    assert [(h.numbering, h.level) for h in headings] == [("Part {I}", 1), ("Section {1}", 2), ("Section {1}", 2)]
    assert not any(h.restart for h in headings)
    assert list(numbering.heading_numbers(doc).values()) == ["Part I", "Section 1", "Section 2"]


def test_annexes_with_their_titles_paragraphs_and_a_table_with_its_header_row():
    doc = read_docx(_file([
        FORMULA, "Recalling its resolution 77/1,", "1.\tAdopts the texts annexed to the present resolution.",
        ("Annex I", {"bold": True, "centred": True}),
        ("Political declaration", {"bold": True, "centred": True}),
        "1.\tWe, Heads of State, commit ourselves;", "2.\tWe decide to meet again.",
        ("Annex II", {"bold": True, "centred": True}),
        ("Scale of assessments", {"bold": True, "centred": True}),
        ("TABLE", [["Member State", "Rate (%)"], ["Afghanistan", "0.006"], ["Albania", "0.008"]], 1),
    ])).document
    assert [(annex.text, [(p.kind, p.text) for p in blocks]) for annex, blocks in doc.annexes()] == [
        ("Political declaration", [("paragraph", "We, Heads of State, commit ourselves;"),
                                   ("paragraph", "We decide to meet again.")]),
        ("Scale of assessments", [("table", "")])]
    table = doc.annexes()[1][1][0]
    assert table.rows == (("Member State", "Rate (%)"), ("Afghanistan", "0.006"), ("Albania", "0.008"))
    assert table.header_rows == 1
    assert [p.text for p in doc.main_operative()] == ["Adopts the texts annexed to the present resolution."]


def test_the_meeting_line_closes_the_text_and_an_annex_may_follow_it():
    # An adopted resolution as the Secretariat issues it (A/RES/78/1): the annex after the date.
    doc = read_docx(_file([
        FORMULA, "Recalling its resolution 77/1,", "1.\tAdopts the declaration annexed to the present resolution.",
        "18th plenary meeting", "18 September 2023",
        ("Annex", {"bold": True}), ("Political declaration", {"bold": True}),
        "We, the Heads of State and Government, commit ourselves.",
    ])).document
    assert _kinds(doc) == [("paragraph", "Adopts the declaration annexed to the present resolution."),
                           ("annex", "Political declaration"),
                           ("text", "We, the Heads of State and Government, commit ourselves.")]


@pytest.mark.parametrize("first_row, repeated, expected", [
    ([("Item", True), ("Amount", True)], 0, 1),      # a bold first row reads as the header
    (["Item", "Amount"], 0, 0),                       # a plain one does not
    (["Item", "Amount"], 2, 2),                       # rows Word repeats on each page are headers
])
def test_the_header_rows_of_a_table(first_row, repeated, expected):
    doc = read_docx(_file([FORMULA, "Recalling its resolution 77/1,", "1.\tApproves the following:",
                           ("TABLE", [first_row, ["Posts", "12"], ["Travel", "3"]], repeated)])).document
    [table] = [p for p in doc.operative if p.kind == "table"]
    assert table.header_rows == expected and table.rows[1:] == (("Posts", "12"), ("Travel", "3"))


def test_a_masthead_table_above_the_formula_is_not_a_table_of_the_text():
    reading = read_docx(_file([
        ("TABLE", [["United Nations", "A/80/L.7"], ["General Assembly", "Distr.: Limited"]], 0),
        ("Eightieth session", {}), ("Agenda item 12", {}), ("Japan and Mexico: draft resolution", {}),
        ("A title", {"bold": True}), FORMULA, "Recalling its resolution 77/1,", "1.\tDecides to act.",
    ]))
    doc = reading.document
    assert reading.symbol == "A/80/L.7" and reading.sponsors == ("Japan", "Mexico")
    assert doc.title == "A title" and not [p for p in doc.operative if p.kind == "table"]


@pytest.mark.parametrize("lines, default, expected", [
    # No formula this tool knows: the language tags decide for Latin script …
    (["Recordando su resolución 77/1,", "1.\tDecide actuar."], "es-ES", "es"),
    (["Rappelant sa résolution 77/1,", "1.\tDécide d’agir."], "fr-FR", "fr"),
    ([("Rappelant sa résolution 77/1,", {"lang": "fr-FR"}), ("1.\tDécide d’agir.", {"lang": "fr-FR"})],
     "en-US", "fr"),
    # … the script where only one of the six languages writes it, whatever the tag says.
    (["Ссылаясь на свою резолюцию 77/1,", "1.\tпостановляет действовать."], "en-US", "ru"),
    (["إذ تشير إلى قرارها 77/1،", "1.\tتقرر أن تتصرف."], "en-US", "ar"),
    (["回顾其第77/1号决议，", "1.\t决定采取行动。"], "en-US", "zh"),
    (["Recalling its resolution 77/1,", "1.\tDecides to act."], None, "en"),
])
def test_the_language_comes_from_the_tags_and_the_script(lines, default, expected):
    assert read_docx(_file(lines, default_language=default)).document.language == expected


def test_the_enacting_formula_says_the_language_before_the_tags():
    doc = read_docx(_file([("L’Assemblée générale,", {"italic": True}), "Rappelant sa résolution 77/1,",
                           "1.\tDécide d’agir."], default_language="en-US")).document
    assert doc.language == "fr" and doc.body == "GA"


# --- real texts through our writer ------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "akn" / "78"


def _shape(doc):
    """Kind, place, depth, text and structure of every block. A table's short rows are
    compared without the empty cells Word needs to fill its grid."""
    out = []
    for section, depth, p in doc.walk():
        rows = tuple(tuple(row) for row in p.rows)
        width = max((len(r) for r in rows), default=0)
        rows = tuple(r + ("",) * (width - len(r)) for r in rows)
        out.append((section, depth, p.kind, bind(p.text), p.numbering, p.restart,
                    p.level if p.kind == "heading" else None, rows, p.header_rows))
    return out


@pytest.mark.parametrize("session, language, number, shapes", [
    (78, "English", "247", {"heading", "text"}),            # sections I, II …; numbering restarts in each
    (78, "English", "252", {"heading", "annex", "table"}),  # Part I … Section 1 …; numbers run on; budget table
    (78, "English", "249", {"annex", "table", "text"}),
    (78, "Spanish", "252", {"heading", "annex", "table"}),
    (78, "French", "249", {"annex", "table"}),
    (77, "English", "274", {"paragraph"}),                  # "Panel 1: …;" items of a list numbered by Word
])
def test_a_real_resolution_with_headings_annexes_and_tables_reads_back(session, language, number, shapes):
    [path] = (CORPUS.parent / str(session) / language).glob(f"A_RES_{session}_{number}-*.xml")
    [doc] = read_akn(path)
    assert shapes <= {p.kind for p in doc.operative}
    back = read_docx(write_docx(doc.with_changes(symbol=None), ["Japan"])).document
    assert back.language == doc.language
    assert _shape(back) == _shape(doc)
    assert list(numbering.heading_numbers(back).values()) == list(numbering.heading_numbers(doc).values())
    assert back.paragraph_ids() == doc.paragraph_ids()   # every block keeps its id (its bookmark)


# --- Word's own numbering ---------------------------------------------------------------

def _numbered(instances: list[bool], heading_format: str = "upperRoman") -> bytes:
    """Sections numbered by Word ("I." at level 0 of list 1) over paragraphs numbered by
    Word (list 2, then one more instance of its definition per section: True for one that
    restarts with w:startOverride, False for one that runs on)."""
    document = docx.Document()
    root = document.part.numbering_part.element
    root.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{heading_format}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    root.insert(1, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="81"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
    for k, restart in enumerate(instances):
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{81 + k}"><w:abstractNumId w:val="81"/>'
                              f'{override}</w:num>'))

    def numbered(text: str, num_id: int, bold: bool = False):
        p = document.add_paragraph()
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        p.add_run(text).bold = bold

    document.add_paragraph().add_run("The General Assembly,").italic = True
    document.add_paragraph("Recalling its resolution 77/1,")
    for k, _ in enumerate(instances):
        numbered(f"Section {k + 1} title", 80, bold=True)
        numbered(f"Decides {k + 1}a;", 81 + k)
        numbered(f"Decides {k + 1}b;", 81 + k)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("instances, restarts", [([False, True, True], [False, True, True]),
                                                 ([False, False, False], [False, False, False])])
def test_word_numbering_runs_on_across_list_instances_unless_one_restarts(instances, restarts):
    doc = read_docx(_numbered(instances)).document
    headings = [p for p in doc.operative if p.kind == "heading"]
    assert [h.text for h in headings] == ["Section 1 title", "Section 2 title", "Section 3 title"]
    assert [h.numbering for h in headings] == ["{I}."] * 3
    assert [h.restart for h in headings] == restarts
    assert [p.text for p in doc.operative if p.kind == "paragraph"] == [
        "Decides 1a;", "Decides 1b;", "Decides 2a;", "Decides 2b;", "Decides 3a;", "Decides 3b;"]
    assert list(numbering.heading_numbers(doc).values()) == ["I.", "II.", "III."]


def test_tracked_changes_to_headings_annexes_and_tables_are_read_as_accepted():
    # Word's "Accept all changes" on a file where a heading and a table were inserted and
    # an annex title and a table's rows edited: the reader gives the edited text's structure.
    [path] = (CORPUS / "English").glob("A_RES_78_249-*.xml")
    [old] = read_akn(path)
    old = old.with_changes(symbol=None)
    annex_at = next(k for k, p in enumerate(old.operative) if p.kind == "annex")
    table_at = next(k for k, p in enumerate(old.operative) if p.kind == "table")
    table = old.operative[table_at]
    edited = list(old.operative)
    edited[annex_at] = replace(edited[annex_at], text=edited[annex_at].text + " (revised)")
    edited[table_at] = replace(table, rows=(table.rows[0], ("Posts", "12", "10"), *table.rows[1:]))
    edited.insert(table_at + 1, doc_table([["Item", "Amount"], ["Travel", "3"]], id="t-new"))
    edited.insert(1, doc_heading("Financing", "{A}.", id="h-new"))
    new = old.with_changes(operative=tuple(edited))
    back = read_docx(write_docx(new, ["Japan"], against=old)).document
    assert _shape(back) == _shape(new)
    assert back.paragraph_ids() == new.paragraph_ids()


@pytest.mark.parametrize("name, level", [("_ H _Ch_G", 1), ("_ H_1_G", 1), ("_ H_2/3_G", 2), ("Heading 3", 3)])
def test_the_heading_styles_of_the_un_template_give_the_level(name, level):
    document = docx.Document()
    if name not in [s.name for s in document.styles]:
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph().add_run("The General Assembly,").italic = True
    document.add_paragraph("Recalling its resolution 77/1,")
    document.add_paragraph("1.\tDecides to act;")
    document.add_paragraph("A.\tFinancing", style=name)
    document.add_paragraph("2.\tRequests a report.")
    out = io.BytesIO()
    document.save(out)
    [heading] = [p for p in read_docx(out.getvalue()).document.operative if p.kind == "heading"]
    assert (heading.text, heading.numbering, heading.level) == ("Financing", "{A}.", level)
