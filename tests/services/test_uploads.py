"""Word uploads: a delegation's own file → a new draft; a partner's tracked file → proposals."""
from __future__ import annotations

import datetime
import time
from dataclasses import replace

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.formats.docx_text import Tracking
from resolutions.formats.docx_writer import write_docx
from resolutions.services import drafts, proposal_views, uploads
from resolutions.services.errors import Forbidden, NotFound
from tests.conftest import commit, draft_json
from tests.domain import corpus
from tests.services.word_edits import WordEdits

SECRET = "test-secret"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def shared(session, actors):
    """A circulated United States draft (DraftView), committed."""
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    return drafts.view(session, actors["us"], created.id)


def texts(paragraphs) -> list[str]:
    # The writer binds numbers to their words with no-break spaces ("articles 12").
    return [p.text.replace("\u00a0", " ") for p in paragraphs]


def exported(view) -> bytes:
    return write_docx(view.document, [view.penholder])


def two_authors(view) -> bytes:
    """Japan's Jane Doe rewrites OP1 and adds a paragraph; Mexico's delegate deletes OP3."""
    return (WordEdits(exported(view))
            .replace("Jane Doe (Japan)", "coordinated actions", "joint and coordinated actions")
            .insert_paragraph("Jane Doe (Japan)", "Strengthen early warning", "Train forensic laboratories;")
            .delete_paragraph("Delegación de México", "Requests the Secretary-General")
            .bytes())


def test_new_draft_from_a_real_resolution_exported_to_word(session, actors):
    resolution = corpus.one(78, "English", "131")
    # as the L document a delegation would start from
    data = write_docx(resolution.with_changes(symbol=None), ["Japan", "Mexico", "United States of America", "Atlantis"],
                      symbol="A/78/L.24")
    result = uploads.new_draft(session, actors["us"], data, "C:\\Users\\jane\\draft.docx")
    doc = result.draft.document
    assert result.draft.penholder == "United States of America" and result.draft.status == "private"
    assert texts(doc.operative) == texts(resolution.operative)
    assert texts(doc.preamble) == texts(resolution.preamble)
    assert doc.title == resolution.title and doc.symbol is None
    assert result.named_sponsors == ("Japan", "Mexico")
    assert result.unknown_sponsors == ("Atlantis",)
    assert any("A/78/L.24" in w for w in result.warnings)
    assert result.draft.revision.message == "Uploaded from draft.docx"


def test_the_secretariat_does_not_upload_drafts(session, actors, shared):
    with pytest.raises(Forbidden):
        uploads.new_draft(session, actors["sec"], exported(shared), "x.docx")


def test_partner_file_with_two_authors_becomes_proposals(session, actors, shared):
    found = uploads.read_partner_file(session, actors["us"], shared.id, two_authors(shared), "partners.docx", SECRET)
    assert found.revision == shared.current_revision and found.warnings == ()
    by_kind = {c.kind: c for c in found.changes}
    assert set(by_kind) == {"replace", "insert", "delete"}
    op1, op2b, op3 = (shared.document.operative[0], shared.document.operative[1].subparagraphs[1],
                      shared.document.operative[2])
    assert by_kind["replace"].paragraph_id == op1.id and by_kind["replace"].label == "OP1"
    assert "joint and coordinated actions" in by_kind["replace"].new
    assert (by_kind["insert"].paragraph_id, by_kind["insert"].position) == (op2b.id, "after")
    assert by_kind["delete"].paragraph_id == op3.id
    guesses = {a.name: a.delegation for a in found.authors}
    assert guesses == {"Jane Doe (Japan)": "Japan", "Delegación de México": "Mexico"}

    done = uploads.confirm(session, actors["us"], shared.id, found.token,
                           {"Jane Doe (Japan)": "Japan", "Delegación de México": "Mexico"},
                           [c.number for c in found.changes], SECRET)
    commit(session)
    assert done.skipped == ()
    listed = proposal_views.of_draft(session, actors["us"], shared.id)
    made = {v.kind: v for v in done.made}
    assert [d for d in made["replace"].delegations] == ["Japan"]
    assert [d for d in made["insert"].delegations] == ["Japan"]
    assert [d for d in made["delete"].delegations] == ["Mexico"]
    assert all(v.note == "From partners.docx, uploaded by us@example.org" for v in done.made)
    assert sorted(v.id for v in listed) == sorted(v.id for v in done.made)


def without_bookmarks(data: bytes) -> bytes:
    """The file as a partner who pasted the text into a document of their own sends it."""
    edits = WordEdits(data)
    for mark in list(edits.root.iter(W + "bookmarkStart", W + "bookmarkEnd")):
        mark.getparent().remove(mark)
    return edits.bytes()


def test_without_our_bookmarks_paragraphs_are_matched_by_wording(session, actors, shared):
    data = without_bookmarks(two_authors(shared))
    found = uploads.read_partner_file(session, actors["us"], shared.id, data, "retyped.docx", SECRET)
    by_kind = {c.kind: c for c in found.changes}
    assert by_kind["replace"].paragraph_id == shared.document.operative[0].id
    assert by_kind["delete"].paragraph_id == shared.document.operative[2].id
    assert by_kind["insert"].paragraph_id == shared.document.operative[1].subparagraphs[1].id


def test_our_tracked_export_edited_further_by_a_partner(session, actors, shared):
    """The penholder's own tracked export (its changes since revision 1 by the penholder) that
    Japan edited on: only Japan's changes are proposals."""
    old = shared.document
    changed = old.with_changes(operative=(replace(old.operative[0], text=old.operative[0].text.replace(
        "at all levels", "at the national, regional and international levels")),) + old.operative[1:])
    saved = drafts.save(session, actors["us"], shared.id, shared.current_revision, changed)
    commit(session)
    data = write_docx(saved.document, [shared.penholder], against=old,
                      tracking=Tracking("United States of America", datetime.datetime(2026, 11, 20, 10)))
    data = WordEdits(data).replace("Japan", "Share information", "Exchange information").bytes()
    found = uploads.read_partner_file(session, actors["us"], shared.id, data, "tracked.docx", SECRET)
    assert found.revision == shared.current_revision  # what the file's changes rejected read as
    assert {a.name: a.delegation for a in found.authors} == {"United States of America": "United States of America",
                                                            "Japan": "Japan"}
    done = uploads.confirm(session, actors["us"], shared.id, found.token,
                           {a.name: a.delegation for a in found.authors}, [c.number for c in found.changes], SECRET)
    assert [(v.label, v.delegations) for v in done.made] == [("OP2 (a)", ("Japan",))]
    assert any("make them in the editor" in s for s in done.skipped)


def test_a_delegation_attributes_changes_to_itself_only(session, actors, shared):
    found = uploads.read_partner_file(session, actors["jp"], shared.id, two_authors(shared), "p.docx", SECRET)
    assert found.choices == ("Japan",)
    assert {a.name: a.delegation for a in found.authors}["Delegación de México"] is None
    with pytest.raises(Forbidden, match="Japan only"):
        uploads.confirm(session, actors["jp"], shared.id, found.token, {"Delegación de México": "Mexico"},
                        [c.number for c in found.changes], SECRET)
    done = uploads.confirm(session, actors["jp"], shared.id, found.token, {"Jane Doe (Japan)": "Japan"},
                           [c.number for c in found.changes], SECRET)
    assert len(done.made) == 2 and len(done.skipped) == 1 and "no delegation chosen" in done.skipped[0]


def test_penholders_own_changes_are_not_proposals(session, actors, shared):
    data = WordEdits(exported(shared)).replace("Pen Holder", "coordinated", "concerted").bytes()
    found = uploads.read_partner_file(session, actors["us"], shared.id, data, "mine.docx", SECRET)
    done = uploads.confirm(session, actors["us"], shared.id, found.token,
                           {"Pen Holder": "United States of America"}, [1], SECRET)
    assert done.made == () and "make them in the editor" in done.skipped[0]


def test_a_file_of_an_older_revision_proposes_on_that_revision(session, actors, shared):
    old = drafts.view(session, actors["us"], shared.id)
    data = WordEdits(exported(old)).replace("Jane Doe (Japan)", "Share information", "Exchange data").bytes()
    doc = old.document
    edited = doc.with_changes(preamble=(doc.preamble[0].__class__(doc.preamble[0].id, "Deeply concerned that the "
                                        "world drug problem continues to constitute a serious threat,"),
                                        doc.preamble[1]))
    drafts.save(session, actors["us"], shared.id, old.current_revision, edited)
    commit(session)
    found = uploads.read_partner_file(session, actors["us"], shared.id, data, "late.docx", SECRET)
    assert found.revision == old.current_revision and found.current_revision == old.current_revision + 1
    done = uploads.confirm(session, actors["us"], shared.id, found.token, {"Jane Doe (Japan)": "Japan"}, [1], SECRET)
    assert done.made[0].base_revision == old.current_revision


def test_ids_by_bookmark_when_the_reading_has_them(shared):
    base = shared.document
    # A reading that kept our ids (the bookmarks of our export) is taken as it is ...
    assert uploads._with_ids_of(base, base) is base

    # ... one with ids of its own is aligned by wording.
    def renamed(p):
        return replace(p, id="x" + p.id[1:], subparagraphs=tuple(renamed(s) for s in p.subparagraphs))

    own = base.with_changes(preamble=tuple(map(renamed, base.preamble)), operative=tuple(map(renamed, base.operative)))
    assert uploads._with_ids_of(base, own).paragraph_ids() == base.paragraph_ids()


def test_no_break_spaces_of_the_writer_are_not_changes():
    assert uploads._like("of 15 December 2022,", "of 15\u00a0December 2022,") == "of 15 December 2022,"
    assert (uploads._like("of 15 December 2022,", "of 15\u00a0December 2023, and 5\u00a0per cent")
            == "of 15 December 2023, and 5\u00a0per cent")
    assert uploads._like("article\u00a012", "article\u00a012 bis") == "article\u00a012 bis"


def test_a_file_without_tracked_changes_is_refused(session, actors, shared):
    with pytest.raises(InvalidDocument, match="no tracked changes"):
        uploads.read_partner_file(session, actors["jp"], shared.id, exported(shared), "clean.docx", SECRET)


def test_a_file_of_another_text_is_refused(session, actors, shared):
    other = document_json.load(draft_json(
        preamble=[{"text": "Bearing in mind the situation of small island developing States,"}],
        operative=[{"text": "Invites donors to fund resilient ports and harbours."}]))
    data = WordEdits(write_docx(other, ["Fiji"])).replace("A", "resilient", "sturdy").bytes()
    with pytest.raises(InvalidDocument, match="matches none"):
        uploads.read_partner_file(session, actors["jp"], shared.id, data, "other.docx", SECRET)


def test_a_private_draft_is_not_found_by_others(session, actors, draft):
    with pytest.raises(NotFound):
        uploads.read_partner_file(session, actors["jp"], draft.id, exported(draft), "x.docx", SECRET)


def test_the_token_is_bound_to_user_and_draft_and_signed(session, actors, shared):
    found = uploads.read_partner_file(session, actors["jp"], shared.id, two_authors(shared), "p.docx", SECRET)
    with pytest.raises(InvalidDocument, match="another user"):
        uploads.confirm(session, actors["mx"], shared.id, found.token, {}, [1], SECRET)
    with pytest.raises(InvalidDocument, match="altered"):
        uploads.confirm(session, actors["jp"], shared.id, found.token[:-3] + "AAA", {}, [1], SECRET)
    with pytest.raises(InvalidDocument, match="altered"):
        uploads.confirm(session, actors["jp"], shared.id, found.token, {}, [1], "another-secret")
    with pytest.raises(InvalidDocument, match="tick at least one"):
        uploads.confirm(session, actors["jp"], shared.id, found.token, {}, [], SECRET)
    again = uploads.pending(session, actors["jp"], shared.id, found.token, SECRET)
    assert [c.new for c in again.changes] == [c.new for c in found.changes]


def test_an_expired_token(session, actors, shared, monkeypatch):
    found = uploads.read_partner_file(session, actors["jp"], shared.id, two_authors(shared), "p.docx", SECRET)
    monkeypatch.setattr(uploads, "TOKEN_MAX_AGE", -1)
    with pytest.raises(InvalidDocument, match="expired"):
        uploads.confirm(session, actors["jp"], shared.id, found.token, {}, [1], SECRET)


def test_the_largest_real_resolution_as_a_partner_file(session, actors):
    """A/RES/78/69 (418 paragraphs, 190,000 characters): two authors' changes read in bounded time."""
    largest = max(corpus.session_files(78), key=lambda p: p.stat().st_size)
    (resolution, *_) = corpus.read(largest)
    created = drafts.create(session, actors["us"], resolution.with_changes(symbol=None))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    data = (WordEdits(write_docx(created.document, [created.penholder]))
            .replace("Jane Doe (Japan)", "Member States", "all Member States")
            .insert_paragraph("Delegación de México", "Decides", "Decides also to act.")
            .bytes())
    started = time.perf_counter()
    found = uploads.read_partner_file(session, actors["us"], created.id, data, "big.docx", SECRET)
    elapsed = time.perf_counter() - started
    print(f"\nread_partner_file on {largest.name}: {elapsed * 1000:.0f} ms")
    assert [(c.kind, c.author) for c in found.changes] == [("replace", "Jane Doe (Japan)"),
                                                           ("insert", "Delegación de México")]
    assert elapsed < 10
