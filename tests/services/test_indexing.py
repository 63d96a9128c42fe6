"""The index follows the database: after commits, at start-up, and after failures —
always from the index worker's thread, never inside a request."""
from __future__ import annotations

import shutil

from resolutions.formats import document_json
from resolutions.search import SearchQuery
from resolutions.services import drafts, indexing, searching
from tests.conftest import commit, draft_json


def test_a_commit_hands_its_changes_to_the_worker_and_searches_see_them(app, session, actors):
    database = app.extensions["resolutions.db"]
    created = drafts.create(session, actors["us"], document_json.load(draft_json(title="Quokka conservation")))
    assert searching.search(session, actors["us"], SearchQuery(text="quokka")).total == 0  # not committed yet
    commit(session)
    assert searching.search(session, actors["us"], SearchQuery(text="quokka")).total == 1
    drafts.save(session, actors["us"], created.id, 1, created.document.with_changes(title="Wombat conservation"))
    commit(session)
    assert searching.search(session, actors["us"], SearchQuery(text="wombat")).total == 1
    assert searching.search(session, actors["us"], SearchQuery(text="quokka")).total == 0
    assert database.wait_for_index()
    assert indexing.is_current(session)


def test_a_rolled_back_unit_of_work_reaches_neither_database_nor_index(app, session, actors):
    database = app.extensions["resolutions.db"]
    drafts.create(session, actors["us"], document_json.load(draft_json(title="Narwhal migration")))
    database.finish(session, ok=False)
    assert drafts.visible(session, actors["us"]) == []
    assert searching.search(session, actors["us"], SearchQuery(text="narwhal")).total == 0


def test_the_start_up_check_rebuilds_a_missing_index_once(app, session, actors):
    database = app.extensions["resolutions.db"]
    drafts.create(session, actors["us"], document_json.load(draft_json(title="Pangolin trafficking")))
    commit(session)
    assert database.wait_for_index()
    before = database.index_worker.rebuilds
    database.index_worker.recheck()  # in step: nothing to do
    assert database.wait_for_index()
    assert database.index_worker.rebuilds == before
    shutil.rmtree(database.search.folder)
    assert not indexing.is_current(session)
    database.index_worker.recheck()
    assert database.wait_for_index()
    assert database.index_worker.rebuilds == before + 1
    assert searching.search(session, actors["us"], SearchQuery(text="pangolin")).total == 1


def test_a_failing_index_update_loses_no_save_and_the_worker_repairs_it(app, session, actors, monkeypatch):
    database = app.extensions["resolutions.db"]
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    commit(session)
    assert database.wait_for_index()
    real_update = database.search.update

    def broken(*args, **kwargs):
        monkeypatch.setattr(database.search, "update", real_update)  # fails once, like a full disk
        raise OSError("disk full")
    monkeypatch.setattr(database.search, "update", broken)
    saved = drafts.save(session, actors["us"], created.id, 1, created.document.with_changes(title="Axolotl habitats"))
    commit(session)
    assert database.wait_for_index()
    assert saved.current_revision == 2
    assert drafts.view(session, actors["us"], created.id).document.title == "Axolotl habitats"
    assert indexing.is_current(session)  # the failed update made the worker check, and rebuild
    assert searching.search(session, actors["us"], SearchQuery(text="axolotl")).total == 1
