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
from resolutions.services import drafts, uploads
from tests.conftest import commit, draft_json
from tests.formats.test_docx_revisions import ins, para, run, word_file
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
    for token in ("", "garbage", "a" * (uploads.MAX_TOKEN_BYTES + 1), None, 12):
        with pytest.raises(InvalidDocument, match="confirmation"):
            uploads.confirm(session, actors["jp"], shared.id, token, {}, [1], SECRET)


def test_a_hand_built_word_file_with_changes_only_is_not_a_draft_match(session, actors, shared):
    data = word_file(para(ins(run("Everything here is new."))))
    with pytest.raises(InvalidDocument):
        uploads.read_partner_file(session, actors["jp"], shared.id, data, "new.docx", SECRET)
