"""Word files with tracked changes against an earlier text (formats/docx_text.py).

The property on real texts: last session's resolution (A/RES/77/…) as the base, this
session's resolution of the same title (A/RES/78/…) as the draft, given the base's
paragraph ids as a draft started from it has them. Written with write_docx(…, against=
base), "Accept all" (formats.docx_revisions) read back with the project's reader gives
exactly the draft, "Reject all" exactly the base: words, footnotes at their offsets,
italic openings, sections, depths and paragraph ids (from the bookmarks). Plus the
WordprocessingML itself, python-docx opening every file, and LibreOffice printing both
the deleted and the inserted words.
"""
from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from collections import Counter

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from resolutions.domain.alignment import align_ids
from resolutions.domain.document import Document, Footnote, Paragraph
from resolutions.domain.redline import redline
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_revisions import accept_all, reject_all
from resolutions.formats.docx_text import Tracking, write_tracked
from resolutions.formats.docx_cover import Cover
from resolutions.formats.docx_writer import typeset, write_docx

from ..domain.corpus import recurring_pairs

WHEN = datetime.datetime(2026, 11, 20, 14, 30, 5, tzinfo=datetime.timezone.utc)
STAMP = "2026-11-20T14:30:05Z"
PAIRS = 24


def shape(doc: Document) -> list[tuple]:
    return [(section, depth, p.id, p.text, [(n.at, n.text) for n in p.footnotes],
             p.opening_length if depth == 0 else None)
            for section, depth, p in doc.walk()]


def changes(old: Document, new: Document) -> int:
    return sum(p.changed for p in redline(old, new))


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, Document, Document]]:
    """The PAIRS real pairs with the most changed paragraphs (moves, deletions,
    footnotes added and removed among them), ids carried over from the base."""
    aligned = [(new.symbol or new.title, old, align_ids(old, new)) for old, new in recurring_pairs()]
    aligned.sort(key=lambda t: changes(t[1], t[2]), reverse=True)
    return aligned[:PAIRS]


def tracked(old: Document, new: Document, **authors) -> bytes:
    return write_docx(new, Cover(sponsors=("Japan",)), against=old,
                      tracking=Tracking("Japan", WHEN, authors.get("authors", {})))


def test_accept_all_gives_the_draft_and_reject_all_the_base_on_real_pairs(pairs):
    assert len(pairs) >= 20
    seen: Counter = Counter()
    for name, old, new in pairs:
        data = tracked(old, new)
        docx.Document(io.BytesIO(data))  # python-docx opens it
        accepted = read_docx(accept_all(data)).document
        rejected = read_docx(reject_all(data)).document
        assert shape(accepted) == shape(typeset(new)), name
        assert shape(rejected) == shape(typeset(old)), name
        assert accepted.title == new.title
        seen.update(p.change for p in redline(old, new))
    assert seen["moved_to"] > 0 and seen["deleted"] > 0 and seen["inserted"] > 0


def body_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return (etree.fromstring(package.read("word/document.xml")),
                etree.fromstring(package.read("word/numbering.xml")))


def W(tag: str) -> str:
    return qn(f"w:{tag}")


def test_the_xml_holds_real_revisions_with_authors_and_dates(pairs):
    # The most changed pair that also moves paragraphs (the most changed of all,
    # A/RES/78/128, gained three annexes and moves nothing).
    name, old, new = next(p for p in pairs if any(m.change == "moved_from" for m in redline(p[1], p[2])))
    partner = next(p.id for p in redline(old, new) if p.changed and p.change == "none")
    data = tracked(old, new, authors={partner: "European Union, Japan"})
    root, _ = body_xml(data)
    revisions = list(root.iter(W("ins"), W("del"), W("moveFrom"), W("moveTo"),
                               W("moveFromRangeStart"), W("moveToRangeStart")))
    assert {r.get(W("date")) for r in revisions} == {STAMP}
    assert {r.get(W("author")) for r in revisions} == {"Japan", "European Union, Japan"}
    # Deleted words are w:delText inside w:del, never w:t.
    assert any(True for _ in root.iter(W("delText")))
    assert not [t for d in root.iter(W("del")) for t in d.iter(W("t"))]
    # Whole paragraphs: their marks are tracked too.
    marks = Counter(m.tag for m in root.iterfind(f".//{W('pPr')}/{W('rPr')}/*"))
    assert marks[W("ins")] and marks[W("del")] and marks[W("moveFrom")] == marks[W("moveTo")] > 0
    # Moves: named ranges, one From and one To per name, closed by an end of the same id.
    starts = {tag: Counter(el.get(W("name")) for el in root.iter(W(f"{tag}RangeStart")))
              for tag in ("moveFrom", "moveTo")}
    assert starts["moveFrom"] == starts["moveTo"] and set(starts["moveFrom"].values()) == {1}
    for tag in ("moveFrom", "moveTo"):
        ids = {el.get(W("id")) for el in root.iter(W(f"{tag}RangeStart"))}
        assert ids == {el.get(W("id")) for el in root.iter(W(f"{tag}RangeEnd"))}
    # Footnotes added and removed: their reference runs inside w:ins / w:del.
    assert root.xpath("//w:ins//w:footnoteReference", namespaces={"w": qn("w:t")[1:].split("}")[0]})
    assert any(True for d in root.iter(W("del")) for _ in d.iter(W("footnoteReference")))
    # One id space for revisions and bookmarks.
    ids = [el.get(W("id")) for el in root.iter(W("ins"), W("del"), W("moveFrom"), W("moveTo"),
                                               W("moveFromRangeStart"), W("moveToRangeStart"),
                                               W("bookmarkStart"), W("rPrChange"), W("pPrChange"))]
    assert len(ids) == len(set(ids))


def test_operative_paragraphs_are_numbered_by_word_and_carry_their_ids(pairs):
    # The most changed pair of plain paragraphs (headings, annexes and tables:
    # tests/formats/test_docx_structure.py).
    name, old, new = next(p for p in pairs if all(b.kind == "paragraph" for _, _, b in p[2].walk()))
    data = write_docx(new, ["Japan"])
    root, numbering = body_xml(data)
    assert not any(True for _ in root.iter(W("ins"), W("del"), W("moveFrom"), W("moveTo")))
    # One list of four levels: "1.", "(a)", "(i)", "a.", each followed by a tab.
    ours = [a for a in numbering.iter(W("abstractNum"))
            if [lv.find(W("lvlText")).get(W("val")) for lv in a.iter(W("lvl"))] == ["%1.", "(%2)", "(%3)", "%4."]]
    assert len(ours) == 1
    assert [lv.find(W("numFmt")).get(W("val")) for lv in ours[0].iter(W("lvl"))] == [
        "decimal", "lowerLetter", "lowerRoman", "lowerLetter"]
    assert {lv.find(W("suff")).get(W("val")) for lv in ours[0].iter(W("lvl"))} == {"tab"}
    # No number typed: the marks come from numPr, at the paragraph's depth.
    text = [p for p in root.iter(W("p")) if p.find(f"{W('pPr')}/{W('pStyle')}") is not None
            and p.find(f"{W('pPr')}/{W('pStyle')}").get(W("val")) == "SingleTxt"][1:]  # after the formula
    walked = list(new.walk())
    assert len(text) == len(walked)
    for p, (section, depth, para) in zip(text, walked):
        level = p.find(f"{W('pPr')}/{W('numPr')}/{W('ilvl')}")
        assert (level.get(W("val")) if level is not None else None) == (str(depth) if section == "operative" else None)
        assert not "".join(t.text for t in p.iter(W("t"))).startswith(("1.", "(a)", "\t"))
    back = read_docx(data).document
    assert shape(back) == shape(typeset(new))


def test_a_lone_operative_paragraph_is_unnumbered_and_its_number_change_tracked():
    one = Document("GA", 80, "T", preamble=(Paragraph("p", "Recalling its resolution,", opening_length=9),),
                   operative=(Paragraph("a", "Decides to act.", subparagraphs=(Paragraph("a1", "first;"),),
                                        opening_length=7),))
    two = one.with_changes(operative=one.operative + (Paragraph("b", "Requests more.", opening_length=8),))
    root, _ = body_xml(write_docx(one, []))
    levels = [p.find(f"{W('pPr')}/{W('numPr')}/{W('ilvl')}") for p in root.iter(W("p"))]
    assert [lv.get(W("val")) for lv in levels if lv is not None] == ["1"]  # only (a)
    data = tracked(one, two)
    root, _ = body_xml(data)
    assert len(list(root.iter(W("pPrChange")))) == 1
    assert shape(read_docx(accept_all(data)).document) == shape(two)
    assert shape(read_docx(reject_all(data)).document) == shape(one)


def test_changed_italics_and_footnote_text_round_trip():
    old = Document("GA", 80, "T", preamble=(
        Paragraph("p", "Recalling also its resolution 77/1,", (Footnote("f", 35, "Of 1 May 2023."),), (),
                  opening_length=9),))
    new = old.with_changes(preamble=(
        Paragraph("p", "Recalling also its resolution 77/1,", (Footnote("f", 35, "Of 2 May 2023."),), (),
                  opening_length=14),))
    data = tracked(old, new)
    root, _ = body_xml(data)
    assert len(list(root.iter(W("rPrChange")))) == 1
    assert shape(read_docx(accept_all(data)).document) == shape(typeset(new))
    assert shape(read_docx(reject_all(data)).document) == shape(typeset(old))


def test_a_footnote_added_after_a_word_is_only_its_reference_inserted():
    text = "Urges States to control substances and their precursors;"
    at = text.index(" and")
    plain = Paragraph("a", text, opening_length=5)
    noted = Paragraph("a", text, (Footnote("f", at, "See E/2023/28."),), opening_length=5)
    last = Paragraph("b", "Decides to remain seized.", opening_length=7)
    old = Document("GA", 80, "T", operative=(plain, last))
    new = old.with_changes(operative=(noted, last))
    for before, after, tag in ((old, new, "ins"), (new, old, "del")):
        data = tracked(before, after)
        root, _ = body_xml(data)
        marked = list(root.iter(W("ins"), W("del")))
        assert [el.tag for el in marked] == [W(tag)]  # one revision: the reference run, no word
        assert marked[0].find(f".//{W('footnoteReference')}") is not None
        assert not "".join(t.text for t in marked[0].iter(W("t"), W("delText")))
        assert shape(read_docx(accept_all(data)).document) == shape(typeset(after))
        assert shape(read_docx(reject_all(data)).document) == shape(typeset(before))


def test_a_tracked_title_for_the_layout():
    document = docx.Document()
    paragraph = document.add_paragraph()
    write_tracked(document, paragraph, "Oceans and the law of the sea", "Oceans and the law of the high seas",
                  Tracking("Japan", WHEN))
    p = paragraph._p
    assert "".join(t.text for t in p.iter(W("delText"))) == "sea"
    assert "".join(t.text for d in p.iter(W("ins")) for t in d.iter(W("t"))) == "high seas"
    assert {el.get(W("author")) for el in p.iter(W("ins"), W("del"))} == {"Japan"}


# --- what LibreOffice prints (one conversion) ------------------------------------------

def test_libreoffice_prints_the_changes(pairs, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is not installed; CI installs it (apt-get install libreoffice-writer-nogui)")
    name, old, new = pairs[-1]
    source = tmp_path / "tracked.docx"
    source.write_bytes(tracked(old, new))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=180)
    pdf = tmp_path / "tracked.pdf"
    assert pdf.exists(), "LibreOffice made no PDF"
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    marked = redline(old, new)
    deleted = max((s.text.strip() for p in marked for s in p.segments if s.change == "deleted"), key=len)
    inserted = max((s.text.strip() for p in marked for s in p.segments if s.change == "inserted"), key=len)
    for words in (deleted, inserted):
        assert " ".join(words.replace("\u00a0", " ").split()[:6]) in text.replace("\u00a0", " ")


def test_headings_annexes_and_tables_are_tracked_like_the_text():
    from resolutions.domain import document as d
    rows = [["", "Gross"], ["Appropriation", "63 930 800"], ["Revised estimates", "3 704 800"]]
    old = Document("GA", 78, "Financing", preamble=(Paragraph("p", "Recalling its resolution,"),), operative=(
        d.heading("Activities of the Office", "{I}.", 1, True, id="h1"),
        Paragraph("a", "Decides to act."),
        d.annex("Financing for 2024", id="ax"),
        d.table(rows, "Budget", 1, id="t1"),
        d.table([["x", "y"], ["1", "2"]], "", 1, id="t2"),
    ))
    new = old.with_changes(operative=(
        d.heading("Activities of the Office of Internal Oversight", "{I}.", 1, True, id="h1"),
        Paragraph("a", "Decides to act."),
        d.annex("Financing for 2024", id="ax"),
        d.table([rows[0], ["Appropriation", "63 930 900"]], "Budget", 1, id="t1"),
        d.annex("Second annex", id="ax2"),
        Paragraph("b", "Requests more."),
    ))
    data = tracked(old, new)
    word = docx.Document(io.BytesIO(data))
    heading = next(p for p in word.paragraphs if p.style.name == "Heading 1")
    inserted = "".join(t.text for ins in heading._p.iter(W("ins")) for t in ins.iter(W("t")))
    assert "Internal Oversight" in inserted  # the heading's words tracked like a paragraph's

    def every_word(p) -> str:
        return "".join(t.text for t in p._p.iter(W("t")))

    # The new annex: both its paragraphs' marks inserted, its words inside w:ins.
    second = [p for p in word.paragraphs if every_word(p) in ("Annex II", "Second annex")]
    assert [p.style.name for p in second] == ["Annex Heading", "Annex Title"]
    assert all(p._p.find(f"{W('pPr')}/{W('rPr')}/{W('ins')}") is not None for p in second)
    assert all(p._p.find(f"{W('ins')}/{W('r')}") is not None for p in second)
    kept, dropped = word.tables
    # A changed cell: its old words deleted, its new ones inserted; a row gone: deleted whole.
    cell = kept.rows[1].cells[1]._tc
    assert "".join(t.text for t in cell.iter(W("delText"))) and "".join(
        t.text for ins in cell.iter(W("ins")) for t in ins.iter(W("t")))
    assert kept.rows[2]._tr.find(f"{W('trPr')}/{W('del')}") is not None
    # A table deleted whole: every row deleted.
    assert all(r._tr.find(f"{W('trPr')}/{W('del')}") is not None for r in dropped.rows)

    def texts(blob: bytes) -> list:
        document = docx.Document(io.BytesIO(blob))
        return ([p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Annex Heading", "Annex Title")],
                [[c.text for c in row.cells] for t in document.tables for row in t.rows])

    assert texts(accept_all(data)) == (
        ["I.\tActivities of the Office of Internal Oversight", "Annex I", "Financing for 2024", "Annex II",
         "Second annex"], [rows[0], ["Appropriation", "63 930 900"]])
    assert texts(reject_all(data)) == (
        ["I.\tActivities of the Office", "Annex", "Financing for 2024"], rows + [["x", "y"], ["1", "2"]])
