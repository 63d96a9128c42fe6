"""Drafts: immutable revisions, stale saves merged or their conflicts listed, permissions enforced."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update

from resolutions.domain import editing
from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.services import drafts
from resolutions.services.errors import Forbidden, MergeConflict, NotFound, StaleRevision
from resolutions.store.tables import Revision
from tests.conftest import draft_json


def edited(view, **changes):
    data = document_json.dump(view.document)
    data.update(changes)
    return document_json.load(data)


def test_create_makes_revision_one_with_author_and_penholder(draft, actors):
    assert draft.current_revision == 1
    assert draft.revision.author == "us@example.org"
    assert draft.revision.delegation == "United States of America"
    assert draft.penholder == "United States of America"
    assert draft.status == "private"


def test_every_save_appends_a_revision_and_keeps_the_old_text(session, actors, draft):
    second = drafts.save(session, actors["us"], draft.id, 1, edited(draft, title="A new title"), "Retitled")
    assert second.current_revision == 2
    assert drafts.view(session, actors["us"], draft.id, 1).document.title == draft.document.title
    assert drafts.view(session, actors["us"], draft.id, 2).document.title == "A new title"
    assert [r.number for r in drafts.history(session, actors["us"], draft.id)] == [2, 1]
    assert drafts.history(session, actors["us"], draft.id)[0].message == "Retitled"


def test_a_conflicting_stale_save_names_who_saved_lists_the_conflict_and_writes_nothing(session, actors, draft):
    drafts.save(session, actors["us"], draft.id, 1, edited(draft, title="First"))
    with pytest.raises(MergeConflict) as caught:
        drafts.save(session, actors["us"], draft.id, 1, edited(draft, title="Second"))
    assert caught.value.current_revision == 2
    assert "us@example.org (United States of America)" in caught.value.message
    assert [(c.paragraph, c.field) for c in caught.value.conflicts] == [(None, "title")]
    assert caught.value.proposed.title == "Second"  # the editor offers the user's side
    assert drafts.view(session, actors["us"], draft.id).document.title == "First"
    assert session.scalar(select(func.count()).select_from(Revision)) == 2


def test_a_stale_save_of_other_words_is_merged_and_says_with_what(session, actors, draft):
    base = draft.document
    first = base.operative[0]
    theirs = editing.change(base, first.id, text=first.text.replace("Member States", "all Member States"))
    drafts.save(session, actors["us"], draft.id, 1, theirs, "Theirs")
    yours = editing.change(base, first.id, text=first.text.replace("at all levels", "at every level"))
    merged = drafts.save(session, actors["us"], draft.id, 1, yours, "Yours")
    assert (merged.current_revision, merged.merged_with) == (3, 2)
    assert merged.document.operative[0].text == (
        "Calls upon all Member States to carry out coordinated actions at every level;")
    assert merged.revision.message == "Yours (merged with revision 2 by us@example.org (United States of America))"


def test_a_save_that_changes_nothing_writes_no_revision(session, actors, draft):
    same = drafts.save(session, actors["us"], draft.id, 1, draft.document, "Nothing")
    assert same.unchanged and same.current_revision == 1
    assert session.scalar(select(func.count()).select_from(Revision)) == 1


def test_restoring_from_a_stale_base_is_refused_not_merged(session, actors, draft):
    drafts.save(session, actors["us"], draft.id, 1, edited(draft, title="Changed"))
    drafts.save(session, actors["us"], draft.id, 2, edited(draft, title="Changed again"))
    with pytest.raises(StaleRevision):
        drafts.restore(session, actors["us"], draft.id, 1, 2)


def test_concurrent_saves_from_one_base_let_exactly_one_through(app, actors, draft):
    database = app.extensions["resolutions.db"]
    outcomes = []

    def save(title):
        try:
            with database.unit_of_work() as s:
                view = drafts.view(s, actors["us"], draft.id)
                drafts.save(s, actors["us"], draft.id, 1, edited(view, title=title))
            outcomes.append("saved")
        except StaleRevision:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(f"Title {i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    with database.session() as s:
        assert drafts.view(s, actors["us"], draft.id).current_revision == 2


def test_concurrent_saves_of_different_paragraphs_all_land(app, actors, draft):
    """Four members of the team save edits of four paragraphs from revision 1 at once:
    each save that finds itself overtaken merges again, and every edit is in the end."""
    database = app.extensions["resolutions.db"]
    base = draft.document
    targets = [p for _, _, p in base.walk()][:4]
    outcomes = []

    def save(para):
        with database.unit_of_work() as s:
            doc = editing.change(base, para.id, text=para.text.rstrip(",;.:") + " (revised)" + para.text[-1])
            outcomes.append(drafts.save(s, actors["us"], draft.id, 1, doc).current_revision)

    threads = [threading.Thread(target=save, args=(p,)) for p in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [2, 3, 4, 5]
    with database.session() as s:
        final = drafts.view(s, actors["us"], draft.id).document
    assert all(final.find(p.id).text.endswith("(revised)" + p.text[-1]) for p in targets)


def test_restore_creates_a_new_revision_with_the_old_text(session, actors, draft):
    drafts.save(session, actors["us"], draft.id, 1, edited(draft, title="Changed"))
    restored = drafts.restore(session, actors["us"], draft.id, 1, 2)
    assert restored.current_revision == 3
    assert restored.document.title == draft.document.title
    assert restored.revision.message == "Restored revision 1"


def test_invalid_documents_are_refused_and_nothing_is_written(session, actors, draft):
    for bad, where in [(edited(draft, title=" "), "title"),
                       (edited(draft, session=0), "session")]:
        with pytest.raises(InvalidDocument) as caught:
            drafts.save(session, actors["us"], draft.id, 1, bad)
        assert caught.value.where == where
    huge = edited(draft, operative=[{"text": "Decides " + "x" * 1_000_000}])
    with pytest.raises(InvalidDocument, match="limit is 20,000"):
        drafts.save(session, actors["us"], draft.id, 1, huge)
    assert drafts.view(session, actors["us"], draft.id).current_revision == 1


def test_unknown_revision_is_not_found(session, actors, draft):
    with pytest.raises(NotFound, match="no revision 7"):
        drafts.view(session, actors["us"], draft.id, 7)
    with pytest.raises(NotFound, match="no revision 9"):
        drafts.save(session, actors["us"], draft.id, 9, edited(draft, title="x"))


def test_private_draft_is_hidden_from_other_delegations_but_not_the_secretariat(session, actors, draft):
    with pytest.raises(NotFound):
        drafts.view(session, actors["jp"], draft.id)
    assert drafts.view(session, actors["sec"], draft.id).document.title == draft.document.title
    assert [d.id for d in drafts.visible(session, actors["jp"])] == []
    assert [d.id for d in drafts.visible(session, actors["sec"])] == [draft.id]


def test_circulated_draft_is_readable_by_all_but_editable_only_by_the_penholder(session, actors, draft):
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    assert drafts.view(session, actors["jp"], draft.id).can_edit is False
    with pytest.raises(Forbidden, match="United States of America"):
        drafts.save(session, actors["jp"], draft.id, 1, edited(draft, title="Hijacked"))
    with pytest.raises(Forbidden):
        drafts.set_status(session, actors["jp"], draft.id, "private")
    with pytest.raises(Forbidden):
        drafts.save(session, actors["sec"], draft.id, 1, edited(draft, title="Edited by the Secretariat"))


def test_the_secretariat_cannot_hold_the_pen(session, actors):
    with pytest.raises(Forbidden):
        drafts.create(session, actors["sec"], document_json.load(draft_json()))


def test_unicode_is_kept_exactly(session, actors, draft):
    text = "Recalling the work of «Организация Объединённых Наций», 联合国 and الأمم المتحدة,"
    saved = drafts.save(session, actors["us"], draft.id, 1,
                        edited(draft, preamble=[{"text": text}]))
    assert drafts.view(session, actors["us"], saved.id).document.preamble[0].text == text


def test_a_draft_keeps_the_language_it_was_created_in(session, actors):
    french = drafts.create(session, actors["us"], document_json.load(draft_json(
        language="fr", preamble=[{"text": "Rappelant sa résolution 77/238 du 15 décembre 2022,"}],
        operative=[{"text": "Prie le Secrétaire général de lui présenter un rapport."}])))
    assert drafts.view(session, actors["us"], french.id).document.language == "fr"
    with pytest.raises(InvalidDocument):
        drafts.create(session, actors["us"], document_json.load(draft_json(language="de")))


def test_a_finished_diff_is_reused_only_behind_the_policy_and_for_the_same_stored_texts(session, actors, draft):
    """compare() keeps finished diffs: another delegation still gets NotFound for a
    private draft, and a revision row repaired in place is compared afresh."""
    drafts.save(session, actors["us"], draft.id, 1, edited(draft, title="A new title"), "Retitled")
    first = drafts.compare(session, actors["us"], draft.id, 1, 2)
    assert drafts.compare(session, actors["us"], draft.id, 1, 2) is first  # the kept one
    assert [f.name for f in first.fields] == ["title"]
    with pytest.raises(NotFound):
        drafts.compare(session, actors["jp"], draft.id, 1, 2)
    repaired = document_json.dump(edited(draft, title="A repaired title"))
    session.execute(update(Revision).where(Revision.draft_id == draft.id, Revision.number == 2)
                    .values(document=repaired))
    again = drafts.compare(session, actors["us"], draft.id, 1, 2)
    assert again is not first
    assert "repaired" in "".join(o.text for f in again.fields for o in f.ops)
