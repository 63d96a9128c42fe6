"""Accept all / reject all on Word XML written the way Word writes tracked changes."""
from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from resolutions.domain.document import Footnote, Paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json, ooxml
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_revisions import accept_all, accept_by, reject_all, tracked_changes
from resolutions.formats.docx_text import Tracking
from resolutions.formats.docx_writer import write_docx
from tests.conftest import draft_json

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = 'w:date="2026-11-20T10:00:00Z"'


def run(text: str, deleted: bool = False, props: str = "") -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{props}<{tag} xml:space="preserve">{text}</{tag}></w:r>'


def ins(inner: str, author: str = "Jane Doe (Japan)", n: int = 1) -> str:
    return f'<w:ins w:id="{n}" w:author="{author}" {DATE}>{inner}</w:ins>'


def dele(inner: str, author: str = "Jane Doe (Japan)", n: int = 2) -> str:
    return f'<w:del w:id="{n}" w:author="{author}" {DATE}>{inner}</w:del>'


def para(inner: str, mark: str = "", ppr: str = "") -> str:
    rpr = f"<w:rPr>{mark}</w:rPr>" if mark else ""
    return f"<w:p {nsdecls('w')}><w:pPr>{ppr}{rpr}</w:pPr>{inner}</w:p>"


def mark(kind: str, author: str = "Jane Doe (Japan)") -> str:
    return f'<w:{kind} w:id="9" w:author="{author}" {DATE}/>'


def word_file(*paragraphs: str, notes: tuple[str, ...] = ()) -> bytes:
    """A python-docx document whose body is ``paragraphs`` (XML); ``notes`` are the
    texts of footnotes 1, 2 … as plain runs, which the paragraphs may reference."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != W + "sectPr":
            body.remove(child)
    sect = body.find(W + "sectPr")
    for xml in paragraphs:
        sect.addprevious(parse_xml(xml))
    if notes:
        footnotes = ooxml.Footnotes(document)
        scratch = document.add_paragraph()
        for text in notes:
            footnotes.add(scratch, text)
        body.remove(scratch._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def part(data: bytes, name: str = "word/document.xml"):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def texts(data: bytes) -> list[str]:
    body = part(data).find(W + "body")
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def leftovers(data: bytes) -> list[str]:
    names = ("ins", "del", "moveFrom", "moveTo", "delText", "rPrChange", "pPrChange",
             "moveFromRangeStart", "moveToRangeEnd")
    root = part(data)
    return [el.tag for el in root.iter(*(W + n for n in names))]


def ref(note_id: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def test_inserted_and_deleted_words():
    data = word_file(para(run("Welcomes ") + dele(run("the report", deleted=True)) + ins(run("the reports"))
                          + run(" of the Secretary-General,")))
    assert texts(accept_all(data)) == ["Welcomes the reports of the Secretary-General,"]
    assert texts(reject_all(data)) == ["Welcomes the report of the Secretary-General,"]
    assert leftovers(accept_all(data)) == [] and leftovers(reject_all(data)) == []


def test_rejected_deletion_becomes_plain_text_with_its_spaces():
    data = word_file(para(run("Calls") + dele(run(" upon all States", deleted=True)) + run(",")))
    rejected = reject_all(data)
    ts = list(part(rejected).iter(W + "t"))
    assert [t.text for t in ts] == ["Calls", " upon all States", ","]
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in ts[1:2])


def test_insertion_inside_a_deletion_of_another_author():
    # Mexico deletes words that Japan had inserted: Word nests the w:del in the w:ins.
    nested = ins(dele(run("firmly ", deleted=True), author="Mexico"), author="Japan")
    data = word_file(para(run("Condemns ") + nested + run("all acts,")))
    assert texts(accept_all(data)) == ["Condemns all acts,"]
    assert texts(reject_all(data)) == ["Condemns all acts,"]
    deleted_insertion = dele(ins(run("strongly ", deleted=True), author="Japan"), author="Mexico")
    data = word_file(para(run("Urges ") + deleted_insertion + run("States,")))
    assert texts(accept_all(data)) == ["Urges States,"]
    assert texts(reject_all(data)) == ["Urges States,"]  # inserted then deleted, either nesting


def test_whole_paragraph_inserted_with_its_mark():
    new = para(ins(run("Recalling its resolution 79/1,")), mark=mark("ins"))
    data = word_file(para(run("Reaffirming the Charter,")), new, para(run("Decides to remain seized,")))
    assert texts(accept_all(data)) == ["Reaffirming the Charter,", "Recalling its resolution 79/1,",
                                       "Decides to remain seized,"]
    assert texts(reject_all(data)) == ["Reaffirming the Charter,", "Decides to remain seized,"]


def test_whole_paragraph_deleted_keeps_the_next_paragraphs_properties():
    gone = para(dele(run("Noting the report,", deleted=True)), mark=mark("del"),
                ppr='<w:pStyle w:val="Heading1"/>')
    kept = para(run("Decides,"), ppr='<w:jc w:val="both"/>')
    data = word_file(gone, kept)
    accepted = accept_all(data)
    assert texts(accepted) == ["Decides,"]
    p = part(accepted).find(W + "body").find(W + "p")
    assert p.find(f"{W}pPr/{W}jc") is not None and p.find(f"{W}pPr/{W}pStyle") is None
    assert texts(reject_all(data)) == ["Noting the report,", "Decides,"]


def test_deleted_paragraph_mark_joins_two_paragraphs():
    data = word_file(para(run("Requests the Secretary-General"), mark=mark("del")),
                     para(run(" to report,")), para(run("Decides,")))
    assert texts(accept_all(data)) == ["Requests the Secretary-General to report,", "Decides,"]
    assert texts(reject_all(data)) == ["Requests the Secretary-General", " to report,", "Decides,"]


def test_paragraph_split_by_an_inserted_mark():
    # Enter pressed after "Welcomes," then text typed: Word marks the first paragraph's mark.
    data = word_file(para(run("Welcomes,"), mark=mark("ins")), para(ins(run("Notes,"))))
    assert texts(accept_all(data)) == ["Welcomes,", "Notes,"]
    assert texts(reject_all(data)) == ["Welcomes,"]


def test_chain_of_deleted_paragraphs():
    data = word_file(para(run("A"), mark=mark("del")), para(run("B"), mark=mark("del")), para(run("C")))
    assert texts(accept_all(data)) == ["ABC"]
    assert texts(reject_all(data)) == ["A", "B", "C"]


def test_last_inserted_paragraph_before_the_section_goes_on_reject():
    data = word_file(para(run("Decides,")), para(ins(run("Requests,")), mark=mark("ins")))
    assert texts(reject_all(data)) == ["Decides,"]
    assert texts(accept_all(data)) == ["Decides,", "Requests,"]


def test_moved_paragraph():
    moved_from = ('<w:moveFromRangeStart w:id="5" w:author="Japan" w:name="move1"/>'
                  + '<w:moveFrom w:id="6" w:author="Japan">' + run("Invites States,", deleted=False)
                  + "</w:moveFrom><w:moveFromRangeEnd w:id=\"5\"/>")
    moved_to = ('<w:moveToRangeStart w:id="7" w:author="Japan" w:name="move1"/>'
                + '<w:moveTo w:id="8" w:author="Japan">' + run("Invites States,")
                + "</w:moveTo><w:moveToRangeEnd w:id=\"7\"/>")
    data = word_file(para(moved_from, mark=mark("moveFrom", "Japan")), para(run("Decides,")),
                     para(moved_to, mark=mark("moveTo", "Japan")), para(run("Requests,")))
    accepted, rejected = accept_all(data), reject_all(data)
    assert texts(accepted) == ["Decides,", "Invites States,", "Requests,"]
    assert texts(rejected) == ["Invites States,", "Decides,", "Requests,"]
    assert leftovers(accepted) == [] and leftovers(rejected) == []


def test_formatting_changes():
    changed = ('<w:rPr><w:i/><w:rPrChange w:id="3" w:author="Japan" ' + DATE
               + '><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>')
    ppr_change = ('<w:jc w:val="center"/><w:pPrChange w:id="4" w:author="Japan" ' + DATE
                  + '><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrChange>')
    data = word_file(para(run("Welcoming", props=changed), ppr=ppr_change))
    accepted = part(accept_all(data)).find(f"{W}body/{W}p")
    assert accepted.find(f"{W}r/{W}rPr/{W}i") is not None and accepted.find(f"{W}r/{W}rPr/{W}b") is None
    assert accepted.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    rejected = part(reject_all(data)).find(f"{W}body/{W}p")
    assert rejected.find(f"{W}r/{W}rPr/{W}b") is not None and rejected.find(f"{W}r/{W}rPr/{W}i") is None
    assert rejected.find(f"{W}pPr/{W}jc").get(W + "val") == "both"
    assert rejected.find(f".//{W}pPrChange") is None and rejected.find(f".//{W}rPrChange") is None


def test_footnote_references_inside_changes():
    data = word_file(para(run("Recalling its resolutions,") + ins(ref(1)) + dele(ref(2))),
                     notes=("Resolution 79/1.", "Resolution 78/2."))
    accepted, rejected = accept_all(data), reject_all(data)

    def note_ids(d):
        return sorted(n.get(W + "id") for n in part(d, "word/footnotes.xml").iter(W + "footnote")
                      if n.get(W + "type") is None)

    assert note_ids(accepted) == ["1"] and note_ids(rejected) == ["2"]
    assert [r.get(W + "id") for r in part(accepted).iter(W + "footnoteReference")] == ["1"]
    assert [r.get(W + "id") for r in part(rejected).iter(W + "footnoteReference")] == ["2"]


def test_changes_inside_footnotes():
    data = word_file(para(run("Recalling,") + ref(1)), notes=("Resolution 79/1.",))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {m.filename: package.read(m.filename) for m in package.infolist()}
    members["word/footnotes.xml"] = members["word/footnotes.xml"].replace(
        b"Resolution 79/1.</w:t></w:r>",
        b"Resolution 79/1.</w:t></w:r>" + ins(run(" See also 80/2.")).encode()
        .replace(b"<w:ins ", b'<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, body in members.items():
            package.writestr(name, body)
    data = out.getvalue()

    def note_text(d):
        note = [n for n in part(d, "word/footnotes.xml").iter(W + "footnote") if n.get(W + "id") == "1"][0]
        return "".join(t.text or "" for t in note.iter(W + "t"))

    assert note_text(accept_all(data)) == "Resolution 79/1. See also 80/2."
    assert note_text(reject_all(data)) == "Resolution 79/1."
    (first,) = tracked_changes(data)
    assert first.authors == ("Jane Doe (Japan)",)


def test_other_parts_are_copied_byte_for_byte():
    data = word_file(para(ins(run("Notes,"))))
    with zipfile.ZipFile(io.BytesIO(data)) as before, zipfile.ZipFile(io.BytesIO(accept_all(data))) as after:
        assert before.namelist() == after.namelist()
        for name in before.namelist():
            if name != "word/document.xml":
                assert before.read(name) == after.read(name), name


def test_tracked_changes_per_paragraph_in_order():
    data = word_file(para(run("Welcomes,")),
                     para(ins(run("the"), author="Jane Doe (Japan)") + dele(run("a", True), author="Mexico")
                          + ins(run("b"), author="Jane Doe (Japan)")),
                     para(ins(run("New,")), mark=mark("ins", "Mexico")))
    first, second, third = tracked_changes(data)
    assert first.changes == () and first.authors == ()
    assert second.authors == ("Jane Doe (Japan)", "Mexico")
    assert [c.kind for c in second.changes] == ["insert", "delete", "insert"]
    assert second.changes[0].date == "2026-11-20T10:00:00Z"
    assert [c.kind for c in third.changes] == ["paragraph_insert", "insert"]
    assert third.authors == ("Mexico", "Jane Doe (Japan)")


def test_bookmarks_are_reported():
    bookmark = '<w:bookmarkStart w:id="0" w:name="p_abc"/><w:bookmarkEnd w:id="0"/>'
    (p,) = tracked_changes(word_file(para(bookmark + run("Decides,"))))
    assert p.bookmarks == ("p_abc",)


def test_result_reads_as_a_resolution():
    data = word_file(para(run("The General Assembly,")),
                     para(run("Recalling its resolution 79/1,")),
                     para(run("1.\tDecides to ") + dele(run("consider", True)) + ins(run("continue"))
                          + run(" the matter.")))
    assert read_docx(accept_all(data)).document.operative[0].text == "Decides to continue the matter."
    assert read_docx(reject_all(data)).document.operative[0].text == "Decides to consider the matter."


@pytest.mark.parametrize("resolve", [accept_all, reject_all, tracked_changes])
@pytest.mark.parametrize("bad, message", [(b"", "empty"), (b"%PDF-1.7 ...", "PDF"), (b"hello", "zip")])
def test_not_a_word_file(resolve, bad, message):
    with pytest.raises(InvalidDocument, match=message):
        resolve(bad)


def test_malformed_document_xml_is_refused():
    data = word_file(para(run("Decides,")))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {m.filename: package.read(m.filename) for m in package.infolist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, body in members.items():
            package.writestr(name, body)
    with pytest.raises(InvalidDocument, match="word/document.xml"):
        accept_all(out.getvalue())


def test_accept_by_one_author_rejects_the_others():
    data = word_file(para(run("Decides ") + ins(run("firmly "), author="Japan") + run("to ")
                          + dele(run("consider", True), author="Mexico") + ins(run("examine"), author="Mexico")
                          + run(" the matter,")),
                     para(ins(run("Requests,"), author="Japan"), mark=mark("ins", "Japan")))
    assert texts(accept_by(data, ["Japan"])) == ["Decides firmly to consider the matter,", "Requests,"]
    assert texts(accept_by(data, ["Mexico"])) == ["Decides to examine the matter,"]
    assert texts(accept_by(data, ["Japan", "Mexico"])) == texts(accept_all(data))
    assert texts(accept_by(data, [])) == texts(reject_all(data))


def test_table_rows_inserted_and_deleted():
    def row(text: str, marker: str) -> str:
        return (f"<w:tr><w:trPr>{marker}</w:trPr><w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>")

    table = (f"<w:tbl {nsdecls('w')}><w:tblPr/><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid>"
             + row("kept", "") + row("added", mark("ins")) + row("removed", mark("del")) + "</w:tbl>")
    data = word_file(para(run("Before,")), table, para(run("After,")))
    assert texts(accept_all(data)) == ["Before,", "kept", "added", "After,"]
    assert texts(reject_all(data)) == ["Before,", "kept", "removed", "After,"]


def test_our_own_tracked_export_accepts_to_the_new_text_and_rejects_to_the_old():
    old = document_json.load(draft_json())
    op = list(old.operative)
    op[0] = replace(op[0], text="Calls upon all Member States to carry out joint and coordinated actions at every level;",
                    footnotes=(Footnote("fn-1", 20, "See A/80/1."),))
    op.insert(2, Paragraph("p-new", "Decides to remain seized of the matter;"))
    op = [op[1], op[0]] + op[2:]   # and OP1 moved after OP2
    new = old.with_changes(operative=tuple(op), preamble=old.preamble[:1])
    data = write_docx(new, ["United States of America"], against=old,
                      tracking=Tracking("United States of America", datetime.datetime(2026, 11, 20, 10),
                                        {op[1].id: "Japan"}))

    def shape(doc):
        return [(p.id, p.text.replace("\u00a0", " "), [(n.at, n.text) for n in p.footnotes]) for _, _, p in doc.walk()]

    assert shape(read_docx(accept_all(data)).document) == shape(new)
    assert shape(read_docx(reject_all(data)).document) == shape(old)
    authors = {a for p in tracked_changes(data) for a in p.authors}
    assert authors == {"United States of America", "Japan"}
