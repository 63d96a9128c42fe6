"""The issued layout, checked against the UN's own PDFs (../shared/corpus/pdf).

Real L documents are read with the PDF reader, written again as kind "issued" with
their symbol, date and sponsors, printed by LibreOffice, and the first page's line
breaks compared with the original's. The geometry is read back from the XML. One
LibreOffice run for the module.
"""
from __future__ import annotations

import datetime
import difflib
import io
import re
import shutil
import subprocess
import zipfile

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.footnote_italics import split
from resolutions.domain.typography import NBSP, bind
from resolutions.formats.docx_cover import SPONSOR_NOTE, Cover, default_cover
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_revisions import accept_all, reject_all
from resolutions.formats.docx_writer import write_docx
from resolutions.formats.pdf_reader import read_pdf
from tests.conftest import SHARED_CORPUS

PDF = SHARED_CORPUS / "pdf"
# L documents whose whole text the PDF reader takes in (A/80/L.8 has an annex it drops).
ISSUED = ("A_80_L.10", "A_80_L.15", "A_80_L.2", "A_80_L.6")
DATE = re.compile(r"(\d{1,2}) (January|February|March|April|May|June|July|August|September"
                  r"|October|November|December) (\d{4})")
COMMITTEE = "[without reference to a Main Committee (A/78/L.24)]"


def first_page_lines(path) -> list[tuple[float, float, str]]:
    """(y, x, text) of each printed line of page 1; superscripts join their line."""
    page = pdfium.PdfDocument(str(path))[0].get_textpage()
    out: list[list] = []
    for i in range(page.count_chars()):
        ch = page.get_text_range(i, 1)
        if ch in "\r\n":
            continue
        x0, y0, _, _ = page.get_charbox(i)
        if out and (abs(out[-1][0] - y0) < 6 or ch == " "):
            out[-1][2].append(ch)
        else:
            out.append([y0, x0, [ch]])
    return [(y, x, "".join(chars).strip()) for y, x, chars in out]


def text_lines(path) -> list[str]:
    """The text column's lines from the sponsor line down to the footnote rule, spaces
    dropped (the two PDFs space differently, not the words)."""
    lines = first_page_lines(path)
    start = next(k for k, (_, _, t) in enumerate(lines) if re.search(r"[Dd]raft.resolution", t))
    out = []
    for _, x, text in lines[start:]:
        if text.startswith("___"):
            break
        if x >= 100 and text:
            out.append(re.sub(r"\s", "", text))
    return out


def recreate(name: str) -> bytes:
    reading = read_pdf(PDF / f"{name}.pdf")
    page_one = pdfium.PdfDocument(str(PDF / f"{name}.pdf"))[0].get_textpage()
    day = datetime.datetime.strptime(" ".join(DATE.search(page_one.get_text_range()).groups()),
                                     "%d %B %Y").date()
    submitted = reading.sponsor_line.partition(" submitted by ")[2]
    cover = Cover("issued", reading.symbol, day, tuple(reading.sponsors), submitted_by=submitted)
    return write_docx(reading.document, cover)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (CI installs it): the layout cannot be checked")
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{name: (our .docx, our PDF)} for the L documents and one adopted resolution."""
    tmp = tmp_path_factory.mktemp("layout")
    files = {name: recreate(name) for name in ISSUED}
    files["resolution"] = resolution_docx()
    for name, data in files.items():
        (tmp / f"{name}.docx").write_bytes(data)
    run = subprocess.run([_tool("soffice"), f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                          "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
                          *(str(tmp / f"{n}.docx") for n in files)],
                         capture_output=True, text=True, timeout=300)
    for name in files:
        assert (tmp / f"{name}.pdf").exists(), f"LibreOffice made no PDF of {name}: {run.stderr}"
    return {name: (data, tmp / f"{name}.pdf") for name, data in files.items()}


def resolution_docx() -> bytes:
    reading = read_pdf(PDF / "A_RES_78_131.pdf")
    cover = Cover("resolution", "A/RES/78/131", datetime.date(2023, 12, 21),
                  adopted_on=datetime.date(2023, 12, 18), committee_line=COMMITTEE,
                  number="78/131.", author="United States of America")
    return write_docx(reading.document, cover)


def test_first_page_breaks_lines_where_the_issued_documents_do(printed):
    matched = total = 0
    for name in ISSUED:
        theirs, ours = text_lines(PDF / f"{name}.pdf"), text_lines(printed[name][1])
        blocks = difflib.SequenceMatcher(None, theirs, ours, autojunk=False).get_matching_blocks()
        same = sum(b.size for b in blocks)
        assert same >= len(theirs) * 0.6, (name, same, len(theirs))
        matched, total = matched + same, total + len(theirs)
    # Measured: 91 of 111 lines identical (LibreOffice with Liberation Serif, metric-
    # compatible with Times New Roman; Word's own justification differs a little).
    assert total > 100 and matched / total >= 0.78, (matched, total)


def test_first_page_stands_where_the_issued_one_does(printed):
    """The masthead, the session block and the sponsor line at the original's height."""
    ours = {t.split()[0]: y for y, _, t in first_page_lines(printed["A_80_L.10"][1]) if t}
    theirs = {t.split()[0]: y for y, _, t in first_page_lines(PDF / "A_80_L.10.pdf") if t}
    for word in ("United", "Eightieth", "Agenda", "Italy"):
        assert abs(ours[word] - theirs[word]) < 3, word


def test_geometry_read_back_from_the_xml(printed):
    word = docx.Document(io.BytesIO(printed["A_80_L.10"][0]))
    section = word.sections[0]
    assert (section.page_width.pt, section.page_height.pt) == (612, 792)
    assert (section.left_margin.pt, section.right_margin.pt) == (60, 60)
    text = word.styles["SingleTxt"]
    # The column from 123.5 pt to 491 pt; "1." at 147 pt and its text at 171 pt.
    assert section.left_margin.pt + text.paragraph_format.left_indent.pt == 123.5
    assert section.page_width.pt - section.right_margin.pt - text.paragraph_format.right_indent.pt == 491
    stops = [round(section.left_margin.pt + s.position.pt, 1) for s in text.paragraph_format.tab_stops]
    assert stops[:2] == [147.2, 171.0]
    assert text.font.size.pt == 10 and text.paragraph_format.line_spacing.pt == 12
    assert text.paragraph_format.space_after.pt == 6
    assert word.styles["Resolution Title"].font.size.pt == 12
    assert word.styles["footnote text"].font.size.pt == 8.5
    assert word.styles["Header"].font.size.pt == 8.5 and word.styles["Header"].font.bold
    assert section.even_page_header.paragraphs[0].text == "A/80/L.10"


def test_sponsor_line_asterisk_is_a_custom_mark_footnote_on_a_short_rule(printed):
    word = docx.Document(io.BytesIO(printed["A_80_L.10"][0]))
    line = next(p for p in word.paragraphs if "draft" in p.text)
    assert line.text == f"Italy and Turkmenistan:* draft{NBSP}resolution"
    reference = line._p.find(f".//{qn('w:footnoteReference')}")
    assert reference.get(qn("w:customMarkFollows")) == "1"
    notes = parse_xml(word.part.part_related_by(RT.FOOTNOTES).blob)
    by_id = {n.get(qn("w:id")): n for n in notes.findall(qn("w:footnote"))}
    note = by_id[reference.get(qn("w:id"))]
    assert "".join(t.text for t in note.iter(qn("w:t"))) == "*" + SPONSOR_NOTE
    # Word's own shape for a custom mark: the mark as text in the reference style, no
    # w:footnoteRef (which would print a number beside it).
    assert note.find(f".//{qn('w:footnoteRef')}") is None
    mark = note.find(f"{qn('w:p')}/{qn('w:r')}")
    assert mark.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "FootnoteReference"
    assert mark.find(qn("w:t")).text == "*"
    separator = by_id["-1"]
    assert separator.get(qn("w:type")) == "separator"
    assert separator.find(f".//{qn('w:ind')}").get(qn("w:left")) == "800"  # 40 pt
    assert set("".join(t.text for t in separator.iter(qn("w:t")))) == {"_"}
    # What LibreOffice prints under the rule.
    page = pdfium.PdfDocument(str(printed["A_80_L.10"][1]))[0].get_textpage().get_text_range()
    assert SPONSOR_NOTE in " ".join(page.split())


def test_a_revision_prints_revised_draft_resolution():
    reading = read_pdf(PDF / "A_80_L.10.pdf")
    for symbol, words in (("A/80/L.10/Rev.1", "revised draft resolution"), ("A/80/L.10", "draft resolution")):
        cover = Cover("issued", symbol, datetime.date(2025, 11, 20), tuple(reading.sponsors))
        assert cover.draft_words == words
        word = docx.Document(io.BytesIO(write_docx(reading.document, cover)))
        line = next(p for p in word.paragraphs if p.style.name == "Sponsor Line")
        assert line.text == f"Italy and Turkmenistan:* {words.replace(' ', NBSP)}"
    bare = Cover("issued", "A/80/L.15/Rev.2", submitted_by="the President of the General Assembly")
    word = docx.Document(io.BytesIO(write_docx(read_pdf(PDF / "A_80_L.15.pdf").document, bare)))
    assert any(p.text == "Revised draft resolution submitted by the President of the General Assembly"
               for p in word.paragraphs)


def test_resolution_page_as_adopted(printed):
    data, pdf = printed["resolution"]
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts[0] == "United Nations\tA/RES/78/131"
    assert texts[2] == "General Assembly\tDistr.: General"
    assert not any("Original:" in t or "draft" in t.casefold() for t in texts)
    assert f"Resolution adopted by the General Assembly\non 18{NBSP}December 2023" in texts
    assert COMMITTEE in texts
    assert any(t.startswith("78/131.\tEnhancing action") for t in texts)
    printed_text = " ".join(pdfium.PdfDocument(str(pdf))[0].get_textpage().get_text_range().split())
    assert "Distr.: General" in printed_text and "Limited" not in printed_text
    assert "78/131." in printed_text and "without reference to a Main Committee" in printed_text


def test_an_adopted_symbol_never_prints_as_a_draft():
    assert default_cover("A/RES/80/174", ["Japan"], datetime.date(2025, 12, 10), "English").kind == "resolution"
    with pytest.raises(InvalidDocument, match="adopted resolution"):
        Cover("issued", "A/RES/80/174")


def test_addendum_lists_the_additional_sponsors(printed):
    reading = read_pdf(PDF / "A_80_L.10.pdf")
    cover = Cover("addendum", "A/80/L.10/Add.1", datetime.date(2025, 11, 12), tuple(reading.sponsors),
                  additional_sponsors=("Peru", "Chile"), adds_to="A/80/L.10")
    texts = [p.text for p in docx.Document(io.BytesIO(write_docx(reading.document, cover))).paragraphs]
    assert texts[0] == "United Nations\tA/80/L.10/Add.1" and "Addendum" in texts
    assert texts[-1] == "\tAdd the following to the list of sponsors of draft resolution A/80/L.10: Chile, Peru."
    with pytest.raises(InvalidDocument, match="additional sponsors"):
        Cover("addendum", "A/80/L.10/Add.1")


def test_properties_are_honest_and_the_template_is_gone(printed):
    data, _ = printed["resolution"]
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    assert not [n for n in names if "thumbnail" in n or n.startswith("customXml") or "stylesWithEffects" in n]
    app = package.read("docProps/app.xml").decode()
    assert "<Application>Resolutions</Application>" in app and "Microsoft" not in app
    assert int(re.search(r"<Words>(\d+)</Words>", app).group(1)) > 500
    core = package.read("docProps/core.xml").decode()
    assert "python-docx" not in core and "United States of America" in core
    assert "thumbnail" not in package.read("_rels/.rels").decode()


def test_language_tags_follow_the_draft():
    reading = read_pdf(PDF / "A_80_L.15.pdf")
    for code, tag, attribute in (("en", "en-US", "val"), ("fr", "fr-FR", "val"),
                                 ("zh", "zh-CN", "eastAsia"), ("ar", "ar-SA", "bidi")):
        word = docx.Document(io.BytesIO(write_docx(reading.document.with_changes(language=code), [])))
        lang = word.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
        assert lang.get(qn(f"w:{attribute}")) == tag
        bidi = word.styles["Normal"].element.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
        assert (bidi is not None) == (code == "ar")


def test_every_export_reads_back_with_the_same_text(printed):
    for name in ISSUED:
        data, _ = printed[name]
        original = read_pdf(PDF / f"{name}.pdf").document
        reading = read_docx(data)
        assert reading.symbol == original.symbol or reading.symbol == name.replace("_", "/")
        ours = [p.text for _, _, p in reading.document.walk()]
        # As printed: the same words, spaces bound where the UN binds them.
        assert ours == [bind(p.text) for _, _, p in original.walk()], name
        assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_footnote_italics_are_printed(printed):
    text = "United Nations, Treaty Series, vol. 1019, No. 14956."
    assert split(text) == [("United Nations, ", False), ("Treaty Series", True), (", vol. 1019, No. 14956.", False)]
    word = docx.Document(io.BytesIO(printed["resolution"][0]))
    notes = parse_xml(word.part.part_related_by(RT.FOOTNOTES).blob)
    italic = ["".join(t.text for t in r.iter(qn("w:t"))) for r in notes.iter(qn("w:r"))
              if r.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None]
    assert italic and all(re.search(r"Official Records|Treaty Series|Supplement No", t) for t in italic)


def test_a_changed_title_is_tracked_and_accept_or_reject_gives_either_title():
    old = read_pdf(PDF / "A_80_L.15.pdf").document
    new = old.with_changes(title="2025 review of the peacebuilding architecture of the United Nations")
    data = write_docx(new, Cover("issued", "A/80/L.15/Rev.1", datetime.date(2025, 11, 25)),
                      against=old)
    title = next(p for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "Resolution Title")
    assert title._p.find(qn("w:ins")) is not None and title._p.find(qn("w:del")) is not None
    assert read_docx(accept_all(data)).document.title == new.title
    assert read_docx(reject_all(data)).document.title == old.title
