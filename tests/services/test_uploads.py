"""Word uploads: a delegation's own file → a new draft; a partner's tracked file → proposals."""
from __future__ import annotations

import datetime
import time
from dataclasses import replace

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.languages import ENGLISH_NAMES
from resolutions.formats import document_json
from resolutions.formats.docx_text import Tracking
from resolutions.formats.docx_writer import write_docx
from resolutions.domain.document import Document, paragraph
from resolutions.services import (audit, drafts, policy, proposal_views, proposals, upload_spacing, upload_tokens,
                                   uploads)
from resolutions.store import queries
from resolutions.services.errors import Conflict, Forbidden, NotFound
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
    data = write_docx(resolution.with_changes(symbol="A/78/L.24"),
                      ["Japan", "Mexico", "United States of America", "Atlantis"])
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


@pytest.mark.parametrize("language", ["French", "Arabic"])
def test_an_uploaded_file_gives_a_draft_in_the_files_language(session, actors, language):
    resolution = corpus.one(78, language, "249")   # with its annex and budget table
    result = uploads.new_draft(session, actors["us"], write_docx(resolution.with_changes(symbol=None), []),
                               "projet.docx")
    doc = result.draft.document
    assert doc.language == resolution.language != "en"
    assert [p.kind for p in doc.operative] == [p.kind for p in resolution.operative]
    assert texts(doc.operative) == texts(resolution.operative)
    assert any(f"read as a text in {ENGLISH_NAMES[doc.language]}" in w for w in result.warnings)


def test_the_secretariat_does_not_upload_drafts(session, actors, shared):
    """One rule, one wording (policy.require_create) for a typed draft and an uploaded one."""
    refusals = []
    for create in (lambda: uploads.new_draft(session, actors["sec"], exported(shared), "x.docx"),
                   lambda: drafts.create(session, actors["sec"], shared.document)):
        with pytest.raises(Forbidden) as refused:
            create()
        refusals.append(refused.value.message)
    assert refusals == ["drafts are tabled by delegations; the Secretariat cannot hold the pen"] * 2


def test_whose_changes_are_not_proposals(session, actors, shared):
    """policy.penholders_own_changes: the penholder's, said to the penholder and to others."""
    draft = queries.draft(session, shared.id)
    us, jp = actors["us"], actors["jp"]
    assert policy.penholders_own_changes(us, draft, us.delegation_id) == "your own changes: make them in the editor"
    assert policy.penholders_own_changes(jp, draft, us.delegation_id) == "the penholder's changes are not proposals"
    assert policy.penholders_own_changes(us, draft, jp.delegation_id) is None


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
    with pytest.raises(Forbidden, match=r"only the penholder \(United States of America\) may make proposals in the "
                                        r"name of Mexico; you may make them for Japan \(choose Japan or no one for "
                                        r"Delegación de México\)"):
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
    assert upload_spacing.like("of 15 December 2022,", "of 15\u00a0December 2022,") == "of 15 December 2022,"
    assert (upload_spacing.like("of 15 December 2022,", "of 15\u00a0December 2023, and 5\u00a0per cent")
            == "of 15 December 2023, and 5\u00a0per cent")
    assert upload_spacing.like("article\u00a012", "article\u00a012 bis") == "article\u00a012 bis"


def test_a_file_without_tracked_changes_is_refused(session, actors, shared):
    with pytest.raises(InvalidDocument, match="no tracked changes"):
        uploads.read_partner_file(session, actors["jp"], shared.id, exported(shared), "clean.docx", SECRET)


def test_a_file_of_another_text_is_refused(session, actors, shared):
    other = document_json.load(draft_json(
        preamble=[{"text": "Bearing in mind the situation of small island developing States,"}],
        operative=[{"text": "Invites donors to fund resilient ports and harbours."}]))
    data = WordEdits(write_docx(other, ["Fiji"])).replace("A", "resilient", "sturdy").bytes()
    with pytest.raises(InvalidDocument, match="not a copy of this draft: .* it has 0 of the 7 paragraphs of revision 1"):
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
    monkeypatch.setattr(upload_tokens, "TOKEN_MAX_AGE", -1)
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


# --- review findings: bounded work, e-mail guesses, attribution, single-use tokens -------------

def word_of(n: int) -> str:
    """A made-up word of its own for paragraph ``n`` (letters only: the writer binds numbers)."""
    letters = "".join("bcdfghjklmnpqrstvwxz"[n // 20 ** k % 20] for k in range(3))
    return "zo" + letters


def long_draft(session, actors, revisions: int):
    """A circulated draft of 900 operative paragraphs, saved until it has ``revisions``
    revisions (each changes one paragraph at the end)."""
    doc = document_json.load(draft_json())
    operative = tuple(paragraph(f"Calls upon States to consider the {word_of(n)} question in good faith;")
                      for n in range(900))
    view = drafts.create(session, actors["us"], doc.with_changes(operative=operative))
    drafts.set_status(session, actors["us"], view.id, "circulated")
    for r in range(revisions - 1):
        ops = list(view.document.operative)
        ops[-1 - r] = replace(ops[-1 - r], text=ops[-1 - r].text + " now")
        view = drafts.save(session, actors["us"], view.id, view.current_revision,
                           view.document.with_changes(operative=tuple(ops)))
    commit(session)
    return view


def edited_by(view, authors: int) -> bytes:
    """The Word export of ``view`` with one tracked change by each of ``authors`` authors."""
    edits = WordEdits(exported(view))
    for a in range(authors):
        edits.replace(f"Author {a} (Japan)", word_of(a * 40), word_of(a * 40) + " revised")
    return edits.bytes()


@pytest.fixture
def work(monkeypatch):
    """What read_partner_file does: whole-file readings, paragraph pairs aligned by wording,
    and whole-document Document.find walks."""
    done = {"readings": 0, "pairs": 0, "finds": 0}

    def counted(name, key, size):
        real = getattr(uploads, name)

        def wrapper(*args, **kwargs):
            done[key] += size(*args)
            return real(*args, **kwargs)
        monkeypatch.setattr(uploads, name, wrapper)

    counted("accept_by", "readings", lambda *a: 1)
    counted("align_ids", "pairs", lambda old, new, *a: len(old.paragraph_ids()) * len(new.paragraph_ids()))
    real_find = Document.find

    def find(self, pid):
        done["finds"] += 1
        return real_find(self, pid)
    monkeypatch.setattr(Document, "find", find)
    return done


def test_many_authors_on_a_long_draft_are_refused_before_their_readings(session, actors, work):
    """20 authors × 900 paragraphs took 19 s of CPU (found 18,000 times); now the upload
    says how many authors a text this long allows, before reading any of them."""
    view = long_draft(session, actors, revisions=1)
    started = time.perf_counter()
    with pytest.raises(InvalidDocument, match=r"changes by 20 authors on a text of 902 paragraphs; one upload "
                                              r"reads the changes of at most \d+ authors"):
        uploads.read_partner_file(session, actors["us"], view.id, edited_by(view, 20), "crowd.docx", SECRET)
    assert work["readings"] == 0 and time.perf_counter() - started < 20


def test_a_long_draft_of_an_older_revision_within_the_budget(session, actors, work):
    """Five authors on 900 paragraphs, the file made from revision 1 of 3: every author read
    once, every revision compared, and no paragraph looked up by walking the document."""
    view = long_draft(session, actors, revisions=3)
    first = drafts.view(session, actors["us"], view.id, 1)
    found = uploads.read_partner_file(session, actors["us"], view.id, edited_by(first, 5), "five.docx", SECRET)
    assert found.revision == 1 and len(found.changes) == 5 and found.warnings == ()
    assert work["readings"] == 5 and work["pairs"] == 0 and work["finds"] == 0


def test_a_long_file_without_bookmarks_compares_what_the_budget_allows(session, actors, work):
    """Matched by wording (quadratic), a 900-paragraph file can be compared with the newest
    revision only: the uploader is told, and the work stays within MAX_WORK."""
    view = long_draft(session, actors, revisions=3)
    first = drafts.view(session, actors["us"], view.id, 1)
    started = time.perf_counter()
    found = uploads.read_partner_file(session, actors["us"], view.id, without_bookmarks(edited_by(first, 1)),
                                      "retyped.docx", SECRET)
    assert found.revision == 3 and [c.label for c in found.changes] == ["OP1"]
    assert any("compared with revisions 3–3 only" in w for w in found.warnings)
    assert work["pairs"] + work["readings"] * 902 * uploads.READING_COST <= uploads.MAX_WORK
    assert time.perf_counter() - started < 30


def test_an_email_address_names_only_the_uploaders_own_delegation(session, actors, shared):
    """The author field must not look up other delegations' accounts: Japan learns nothing of
    mx@example.org, and neither does the penholder, who could choose Mexico."""
    data = (WordEdits(exported(shared)).replace("mx@example.org", "coordinated actions", "joint actions")
            .replace("jp@example.org", "Share information", "Exchange information").bytes())
    found = uploads.read_partner_file(session, actors["jp"], shared.id, data, "p.docx", SECRET)
    assert {a.name: a.delegation for a in found.authors} == {"mx@example.org": None, "jp@example.org": "Japan"}
    assert all("Mexico" not in repr(a) for a in found.authors)
    again = uploads.pending(session, actors["jp"], shared.id, found.token, SECRET)
    assert {a.name: a.delegation for a in again.authors} == {"mx@example.org": None, "jp@example.org": "Japan"}
    penholder = uploads.read_partner_file(session, actors["us"], shared.id, data, "p.docx", SECRET)
    assert {a.name: a.delegation for a in penholder.authors} == {"mx@example.org": None, "jp@example.org": None}


def test_changes_made_for_partners_are_audited_as_the_uploader(session, actors, shared):
    found = uploads.read_partner_file(session, actors["us"], shared.id, two_authors(shared), "p.docx", SECRET)
    done = uploads.confirm(session, actors["us"], shared.id, found.token,
                           {"Jane Doe (Japan)": "Japan", "Delegación de México": "Mexico"},
                           [c.number for c in found.changes], SECRET)
    commit(session)
    assert sorted(v.delegations for v in done.made) == [("Japan",), ("Japan",), ("Mexico",)]
    made = [e for e in audit.of_draft(session, actors["us"], shared.id) if e.event == "proposal.made"]
    assert sorted((e.actor, e.delegation, e.detail["delegation"], e.detail["on_behalf_of"]) for e in made) == [
        ("us@example.org", "United States of America", "United States of America", "Japan")] * 2 + [
        ("us@example.org", "United States of America", "United States of America", "Mexico")]


def test_proposals_made_for_a_partner_use_up_no_delegations_room(session, actors, shared, monkeypatch):
    """The per-delegation cap counts what a delegation made in its own name: the penholder's
    uploads in Mexico's name use up neither Mexico's room nor the penholder's (only the
    draft's own cap bounds them), and Mexico keeps its room for its own proposals."""
    monkeypatch.setattr(proposals, "MAX_OPEN_PER_DELEGATION", 1)
    data = (WordEdits(exported(shared)).delete_paragraph("Delegación de México", "Requests the Secretary-General")
            .replace("Delegación de México", "coordinated actions", "joint actions").bytes())
    found = uploads.read_partner_file(session, actors["us"], shared.id, data, "mx.docx", SECRET)
    done = uploads.confirm(session, actors["us"], shared.id, found.token, {"Delegación de México": "Mexico"},
                           [c.number for c in found.changes], SECRET)
    assert [v.delegations for v in done.made] == [("Mexico",), ("Mexico",)] and not done.skipped
    own = proposals.make(session, actors["mx"], shared.id, shared.current_revision, "replace",
                         shared.document.operative[0].id, "Mexico's own wording.")
    assert own.delegations == ("Mexico",)


def test_a_confirmation_is_used_once(session, actors, shared):
    """Rejected proposals cannot be made again by posting the same confirmation."""
    found = uploads.read_partner_file(session, actors["jp"], shared.id, two_authors(shared), "p.docx", SECRET)
    everything = [c.number for c in found.changes]
    done = uploads.confirm(session, actors["jp"], shared.id, found.token, {"Jane Doe (Japan)": "Japan"},
                           everything, SECRET)
    commit(session)
    for view in done.made:
        proposals.decide(session, actors["us"], shared.id, view.id, "reject", note="No.")
    commit(session)
    with pytest.raises(Conflict, match="confirmed already") as refused:
        uploads.confirm(session, actors["jp"], shared.id, found.token, {"Jane Doe (Japan)": "Japan"},
                        everything, SECRET)
    assert refused.value.where == "token"
    assert proposal_views.of_draft(session, actors["us"], shared.id, "open") == []
    # the file uploaded again is a new confirmation, for the penholder to decide again
    fresh = uploads.read_partner_file(session, actors["jp"], shared.id, two_authors(shared), "p.docx", SECRET)
    again = uploads.confirm(session, actors["jp"], shared.id, fresh.token, {"Jane Doe (Japan)": "Japan"},
                            [c.number for c in fresh.changes], SECRET)
    assert len(again.made) == 2
