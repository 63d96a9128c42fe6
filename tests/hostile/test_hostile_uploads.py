"""Hostile Word files through the upload doors: each is refused with a 4xx naming the
problem, or read within bounded time; nothing reaches a 500."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from docx.oxml.ns import nsdecls
from lxml import etree

from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.formats.docx_revisions import accept_all, reject_all, tracked_changes
from resolutions.formats.docx_writer import write_docx
from resolutions.services import drafts, upload_tokens, uploads
from resolutions.services.errors import Conflict, Forbidden
from tests.conftest import commit, draft_json
from tests.domain import corpus
from tests.formats.test_docx_revisions import ins, para, run, word_file
from tests.services.test_uploads import edited_by, long_draft
from tests.services.word_edits import WordEdits

SECRET = "test-secret"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def with_document(data: bytes, document_xml: bytes) -> bytes:
    """``data`` with its word/document.xml replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = document_xml if member.filename == "word/document.xml" else source.read(member.filename)
            target.writestr(member.filename, body)
    return out.getvalue()


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def with_runs_after(data: bytes, containing: str, runs: str) -> bytes:
    """``data`` with ``runs`` (XML) at the end of the paragraph whose text holds ``containing``."""
    root = etree.fromstring(document_xml(data))
    p = next(p for p in root.iter(W + "p") if containing in "".join(t.text or "" for t in p.iter(W + "t")))
    for el in etree.fromstring(f"<x {nsdecls('w')}>{runs}</x>"):
        p.append(el)
    return with_document(data, etree.tostring(root))


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b" " * (4 * 1024 * 1024))
    return out.getvalue()


def deep_xml(data: bytes) -> bytes:
    xml = document_xml(data)
    nest = b"<w:customXml>" * 5000 + b"</w:customXml>" * 5000
    return with_document(data, xml.replace(b"<w:body>", b"<w:body><w:p>" + nest + b"</w:p>", 1))


def control_characters(data: bytes) -> bytes:
    xml = document_xml(data)
    return with_document(data, xml.replace(b"coordinated", b"coor\x01\x1bdinated", 1))


@pytest.fixture
def shared(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    return drafts.view(session, actors["us"], created.id)


HOSTILE = {
    "empty": (lambda good: b"", "the file is empty"),
    "pdf": (lambda good: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF"),
    "old word": (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Word (.doc)"),
    "zip bomb": (lambda good: zip_bomb(), "zip bomb"),
    "random zip": (lambda good: _zip({"a.txt": b"hello"}), "not a Word (.docx) document"),
    "deep xml": (deep_xml, "document.xml"),
    "control characters": (control_characters, "document.xml"),
    "truncated": (lambda good: good[: len(good) // 2], "damaged"),
}


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, body in members.items():
            package.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_through_the_formats(case, shared):
    make, message = HOSTILE[case]
    bad = make(write_docx(shared.document, [shared.penholder]))
    for resolve in (accept_all, reject_all, tracked_changes):
        with pytest.raises(InvalidDocument) as refused:
            resolve(bad)
        assert message.casefold() in refused.value.message.casefold() or refused.value.where == "docx"


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_through_the_pages(case, shared, browser_for):
    make, _ = HOSTILE[case]
    bad = make(write_docx(shared.document, [shared.penholder]))
    jp = browser_for("jp@example.org")
    for url in ("/drafts/upload", f"/drafts/{shared.id}/upload"):
        response = jp.post(url, {"file": (io.BytesIO(bad), "hostile.docx")}, content_type="multipart/form-data")
        assert response.status_code == 400, (url, response.status_code)
        assert "Not " in response.get_data(as_text=True)  # "Not uploaded: …" / "Not read: …"


def test_ten_thousand_tiny_changes_by_one_author(session, actors, shared):
    good = write_docx(shared.document, [shared.penholder])
    tiny = "".join(ins(run("x"), author="Jane Doe (Japan)", n=i) for i in range(10_000))
    data = with_runs_after(good, "Calls upon", tiny)
    started = time.perf_counter()
    found = uploads.read_partner_file(session, actors["jp"], shared.id, data, "tiny.docx", SECRET)
    elapsed = time.perf_counter() - started
    assert [c.label for c in found.changes] == ["OP1"] and "x" * 10_000 in found.changes[0].new
    assert elapsed < 10, elapsed


def test_too_many_tracked_changes_are_refused_before_reading(session, actors, shared):
    good = write_docx(shared.document, [shared.penholder])
    many = "".join(ins(run("x"), n=i) for i in range(uploads.MAX_TRACKED + 1))
    with pytest.raises(InvalidDocument, match="tracked changes; at most"):
        uploads.read_partner_file(session, actors["jp"], shared.id, with_runs_after(good, "Calls upon", many),
                                  "many.docx", SECRET)


def test_too_many_authors_are_refused(session, actors, shared):
    edits = WordEdits(write_docx(shared.document, [shared.penholder]))
    for n in range(uploads.MAX_AUTHORS + 1):
        edits.insert_paragraph(f"Author {n}", "Requests the Secretary-General", f"New paragraph {n}.")
    with pytest.raises(InvalidDocument, match="authors; at most"):
        uploads.read_partner_file(session, actors["jp"], shared.id, edits.bytes(), "crowd.docx", SECRET)


def test_too_many_changes_are_refused(session, actors, shared):
    edits = WordEdits(write_docx(shared.document, [shared.penholder]))
    for n in range(uploads.MAX_CHANGES + 1):
        edits.insert_paragraph("Jane Doe (Japan)", "Requests the Secretary-General", f"Also decides {n}.")
    with pytest.raises(InvalidDocument, match=f"more than {uploads.MAX_CHANGES} changes"):
        uploads.read_partner_file(session, actors["jp"], shared.id, edits.bytes(), "flood.docx", SECRET)


def test_a_token_of_garbage_or_huge_is_refused(session, actors, shared):
    for token in ("", "garbage", "a" * (upload_tokens.MAX_TOKEN_BYTES + 1), None, 12):
        with pytest.raises(InvalidDocument, match="confirmation"):
            uploads.confirm(session, actors["jp"], shared.id, token, {}, [1], SECRET)


def test_a_hand_built_word_file_with_changes_only_is_not_a_draft_match(session, actors, shared):
    data = word_file(para(ins(run("Everything here is new."))))
    with pytest.raises(InvalidDocument):
        uploads.read_partner_file(session, actors["jp"], shared.id, data, "new.docx", SECRET)


def test_a_crowd_of_authors_on_a_long_text_is_a_400_through_the_page(session, actors, browser_for):
    """The CPU one upload may take is bounded: 20 authors on 900 paragraphs are refused
    before any author's reading, with how many a text this long allows."""
    view = long_draft(session, actors, revisions=2)
    started = time.perf_counter()
    response = browser_for("us@example.org").post(
        f"/drafts/{view.id}/upload", {"file": (io.BytesIO(edited_by(view, 20)), "crowd.docx")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "changes by 20 authors on a text of 902 paragraphs" in page
    assert time.perf_counter() - started < 20


def test_a_replayed_confirmation_with_other_choices_is_refused(session, actors, shared):
    """A used confirmation cannot be stretched to the changes left out the first time."""
    data = (WordEdits(write_docx(shared.document, [shared.penholder]))
            .replace("Jane Doe (Japan)", "coordinated actions", "joint and coordinated actions")
            .delete_paragraph("Jane Doe (Japan)", "Requests the Secretary-General").bytes())
    found = uploads.read_partner_file(session, actors["jp"], shared.id, data, "p.docx", SECRET)
    first, second = (c.number for c in found.changes)
    made = uploads.confirm(session, actors["jp"], shared.id, found.token, {"Jane Doe (Japan)": "Japan"},
                           [first], SECRET).made
    commit(session)
    assert len(made) == 1
    with pytest.raises(Conflict, match="used up"):
        uploads.confirm(session, actors["jp"], shared.id, found.token, {"Jane Doe (Japan)": "Japan"}, [second],
                        SECRET)


def test_another_text_through_the_page_is_a_400_saying_it_is_not_a_copy(session, actors, shared, browser_for):
    """A real resolution's export, edited, posted on a draft it is not a copy of."""
    other = corpus.one(78, "English", "131")
    data = (WordEdits(write_docx(other.with_changes(symbol=None), ["Mexico"]))
            .delete_paragraph("Taro YAMADA", "Encourages enhanced cooperation and collaboration").bytes())
    response = browser_for("jp@example.org").post(
        f"/drafts/{shared.id}/upload", {"file": (io.BytesIO(data), "other.docx")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "the file is not a copy of this draft" in page
    assert "delete the paragraph" not in page


def test_a_forged_author_mapping_by_alias_is_refused_naming_the_author(session, actors, shared):
    """Japan maps an author to Mexico by one of its aliases: the one policy refuses it."""
    data = WordEdits(write_docx(shared.document, [shared.penholder])).replace(
        "<Author> & co", "coordinated actions", "joint actions").bytes()
    found = uploads.read_partner_file(session, actors["jp"], shared.id, data, "p.docx", SECRET)
    with pytest.raises(Forbidden, match=r"name of Mexico; you may make them for Japan \(choose Japan or no one "
                                        r"for <Author> & co\)"):
        uploads.confirm(session, actors["jp"], shared.id, found.token, {"<Author> & co": "MEXICO"}, [1], SECRET)


def test_a_text_too_long_to_match_by_wording_says_so_rather_than_offer_one_author():
    # ~1,000 paragraphs without our bookmarks: even one author is past one upload's work
    from resolutions.services.uploads import _Work
    with pytest.raises(InvalidDocument, match="cannot be matched by wording within one upload's work"):
        _Work().charge_authors(1, 1_000, aligned=True)
    _Work().charge_authors(1, 1_000, aligned=False)  # with bookmarks the same text is cheap
