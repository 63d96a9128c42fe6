"""The index follows the database: after saves, at start-up, and after failures."""
from __future__ import annotations

import shutil

from resolutions.formats import document_json
from resolutions.search import SearchQuery
from resolutions.services import drafts, indexing, searching
from tests.conftest import draft_json


def test_a_save_returns_before_the_index_catches_up_and_searches_see_it(app, session, actors):
    database = app.extensions["resolutions.db"]
    created = drafts.create(session, actors["us"], document_json.load(draft_json(title="Quokka conservation")))
    assert searching.search(session, actors["us"], SearchQuery(text="quokka")).total == 1
    doc = created.document.with_changes(title="Wombat conservation")
    drafts.save(session, actors["us"], created.id, 1, doc)
    assert searching.search(session, actors["us"], SearchQuery(text="wombat")).total == 1
    assert searching.search(session, actors["us"], SearchQuery(text="quokka")).total == 0
    assert database.wait_for_index()
    assert indexing.is_current(session)


def test_the_start_up_check_rebuilds_a_missing_or_stale_index(app, session, actors):
    database = app.extensions["resolutions.db"]
    drafts.create(session, actors["us"], document_json.load(draft_json(title="Pangolin trafficking")))
    database.wait_for_index()
    assert database.ensure_index() is False  # in step: nothing to do
    shutil.rmtree(database.search.folder)
    assert not indexing.is_current(session)
    assert database.ensure_index() is True
    assert searching.search(session, actors["us"], SearchQuery(text="pangolin")).total == 1


def test_a_failing_index_loses_no_save(app, session, actors, monkeypatch):
    database = app.extensions["resolutions.db"]
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    database.wait_for_index()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(database.search, "update", broken)
    saved = drafts.save(session, actors["us"], created.id, 1, created.document.with_changes(title="Axolotl habitats"))
    database.wait_for_index()
    assert saved.current_revision == 2
    assert drafts.view(session, actors["us"], created.id).document.title == "Axolotl habitats"
    monkeypatch.undo()
    assert not indexing.is_current(session)  # behind: the generation says so
    assert database.ensure_index() is True
    assert searching.search(session, actors["us"], SearchQuery(text="axolotl")).total == 1
