"""The index follows the database's change log: what another process (or machine)
commits, and what a process committed but died before indexing, reaches every index
without a rebuild."""
from __future__ import annotations

import threading
import time

from resolutions.formats import document_json
from resolutions.search import SearchQuery
from resolutions.services import drafts, indexing, searching
from resolutions.services.database import Database
from resolutions.services.index_worker import POLL_SECONDS
from resolutions.settings import Settings
from tests.conftest import draft_json


def _found(session, actor, word: str) -> int:
    return searching.search(session, actor, SearchQuery(text=word)).total


def _eventually(check, seconds: float = POLL_SECONDS * 4) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_another_machines_commits_reach_this_index_without_a_rebuild(app, database_url, tmp_path, actors):
    here = app.extensions["resolutions.db"]
    there = Database(Settings.from_env({}, data_dir=tmp_path / "other-machine", database_url=database_url,
                                       secret_key="test"))
    there.index_worker.start()
    assert there.wait_for_index(30)
    rebuilds = there.index_worker.rebuilds
    with here.unit_of_work() as session:  # committed by this "machine" only
        created = drafts.create(session, actors["us"], document_json.load(draft_json(title="Okapi corridors")))
        drafts.set_status(session, actors["us"], created.id, "circulated")
    with there.session() as session:
        assert _eventually(lambda: _found(session, actors["jp"], "okapi") == 1)
        assert there.index_worker.rebuilds == rebuilds  # caught up from the log, not rebuilt
    with here.unit_of_work() as session:  # and a change of audience follows the same way
        drafts.set_status(session, actors["us"], created.id, "private")
    with there.session() as session:
        assert _eventually(lambda: _found(session, actors["jp"], "okapi") == 0)
        assert _found(session, actors["us"], "okapi") == 1
    there.dispose()


def test_a_commit_whose_process_died_before_indexing_is_not_lost(app, session, actors, monkeypatch):
    database = app.extensions["resolutions.db"]
    monkeypatch.setattr(database.index_worker, "submit", lambda changes: None)  # dies right after COMMIT
    with database.unit_of_work() as work:
        drafts.create(work, actors["us"], document_json.load(draft_json(title="Quetzal habitats")))
    rebuilds = database.index_worker.rebuilds
    assert _eventually(lambda: _found(session, actors["us"], "quetzal") == 1)
    assert database.index_worker.rebuilds == rebuilds
    assert _found(session, actors["jp"], "quetzal") == 0  # still private


def _other_process(app, database_url, data_dir) -> Database:
    """A second app process: its own SearchIndex and IndexWorker, as a gunicorn worker has."""
    other = Database(Settings.from_env({}, data_dir=data_dir, database_url=database_url, secret_key="test"))
    other.index_worker.start()
    assert other.wait_for_index(30)
    return other


def test_a_save_is_found_at_once_by_a_search_in_another_process(app, database_url, tmp_path, actors):
    """Read-your-writes across processes sharing the data folder (gunicorn -w 4) and across
    machines with their own folders: no wait for a poll, the search catches the index up."""
    here = app.extensions["resolutions.db"]
    shared = _other_process(app, database_url, here.settings.data_dir)
    elsewhere = _other_process(app, database_url, tmp_path / "other-machine")
    try:
        for word, title in (("ocelot", "Ocelot corridors"), ("tapir", "Tapir habitats")):
            with here.unit_of_work() as session:
                drafts.create(session, actors["us"], document_json.load(draft_json(title=title)))
            for other in (shared, elsewhere):
                with other.session() as session:
                    found = searching.search(session, actors["us"], SearchQuery(text=word))
                    assert found.total == 1 and found.shortened is None
                    assert _found(session, actors["jp"], word) == 0  # still private
    finally:
        shared.dispose()
        elsewhere.dispose()


def test_a_change_is_read_once_when_two_processes_catch_up_together(app, database_url, actors, monkeypatch):
    """gunicorn -w 4: the saving worker catches up, and a search in another worker asks its
    own to as well. The second waits for the first (catchup.lock) and then finds nothing
    left, instead of loading the same draft again on the same cores."""
    here = app.extensions["resolutions.db"]
    monkeypatch.setattr(here.index_worker, "submit", lambda changes: None)  # we catch up by hand
    shared = _other_process(app, database_url, here.settings.data_dir)
    monkeypatch.setattr(shared.index_worker, "submit", lambda changes: None)
    loads, real_entries = [], indexing.draft_entries
    monkeypatch.setattr(indexing, "draft_entries", lambda *a, **k: loads.append(a[1]) or real_entries(*a, **k))
    real_update = type(here.search).update

    def slow_update(index, *a, **k):
        time.sleep(0.3)   # a writer in the middle of its commit
        return real_update(index, *a, **k)

    monkeypatch.setattr(type(here.search), "update", slow_update)
    try:
        with here.unit_of_work() as session:
            created = drafts.create(session, actors["us"], document_json.load(draft_json(title="Pangolin trade")))
        first = threading.Thread(target=lambda: _catch_up(shared))
        first.start()
        time.sleep(0.1)
        assert _catch_up(here)   # waits for the first, then has nothing to read
        first.join(10)
        assert loads == [{created.id}]
        with here.session() as session:
            assert indexing.is_current(session) and _found(session, actors["us"], "pangolin") == 1
    finally:
        shared.dispose()


def _catch_up(database: Database) -> bool:
    with database.session() as session:
        return indexing.catch_up(session, 300)
