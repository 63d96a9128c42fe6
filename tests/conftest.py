"""Fixtures in the habit of Flask's tutorial: app, client, and logged-in delegates.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL is set
(.ci/run does both). One database per run, migrated with Alembic; each test starts
from the seeded delegations and four users, with no drafts.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update
from werkzeug.datastructures import MultiDict

from resolutions.domain import dates
from resolutions.formats import document_json
from resolutions.services import accounts, corpus_import, drafts
from resolutions.services.database import Database
from resolutions.settings import Settings, database_url as normalise_url
from resolutions.store.tables import (ApiToken, AuditEvent, Base, Comment, Draft, EditorPresence, LifecycleEvent,
                                      Notification,
                                      NotificationRead, ParagraphState, Proposal, ProposalDelegation, Publication,
                                      PublicationFacts, Revision, SponsorshipEvent, User, UserSession)
from resolutions.web import create_app

SHARED_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PASSWORD = "correct horse battery"
USERS = {  # e-mail → delegation (None: Secretariat)
    "us@example.org": "United States of America",
    "jp@example.org": "Japan",
    "mx@example.org": "Mexico",
    "eu@example.org": "European Union",
    "sec@example.org": None,
}

TODAY = dates.today()  # the run's day: a run that crosses midnight still sees one "today"


@pytest.fixture(scope="session", autouse=True)
def one_day_per_run():
    """Every "today" of the app (a step's default date, a cover's date, a new draft's
    session) reads ``dates.today``: fixed here, so a test comparing with TODAY holds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dates, "today", lambda: TODAY)
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    return normalise_url(url) if url else f"sqlite:///{tmp_path_factory.mktemp('db')}/test.sqlite3"


@pytest.fixture(scope="session")
def database(database_url, tmp_path_factory):
    db = Database(Settings.from_env({}, data_dir=tmp_path_factory.mktemp("seed"), database_url=database_url,
                                    secret_key="test"))
    with db.engine.begin() as conn:  # a PostgreSQL test database may hold an older run
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.initialise()
    with db.unit_of_work() as session:
        for email, delegation in USERS.items():
            accounts.create_user(session, email, PASSWORD, delegation=delegation, secretariat=delegation is None)
    yield db
    db.dispose()


@pytest.fixture
def app(database, database_url, tmp_path):
    with database.session() as session:
        # children before parents: comments reply to comments, so replies go first
        session.execute(update(Comment).values(reply_to=None))
        for table in (AuditEvent, UserSession, SponsorshipEvent, NotificationRead, Notification, Comment,
                      ProposalDelegation, Proposal, ParagraphState, EditorPresence, LifecycleEvent, Revision, Draft,
                      ApiToken,
                      Publication, PublicationFacts):
            session.execute(delete(table))
        session.execute(delete(User).where(User.email.not_in(list(USERS))))
        session.execute(update(User).values(disabled_at=None, password_changed_at=None))
        session.commit()
    app = create_app({"data_dir": tmp_path, "database_url": database_url, "secret_key": "test-secret",
                      "secure_cookies": False, "TESTING": True})
    app.extensions["resolutions.db"].index_worker.start()  # as the first request would
    app.extensions["resolutions.db"].wait_for_index()
    yield app
    app.extensions["resolutions.db"].wait_for_index()
    app.extensions["resolutions.db"].dispose()


@pytest.fixture
def session(app):
    """A session for calling use cases directly; ``commit(session)`` ends its unit of work
    as a request would (commit, then hand the changes to the index worker)."""
    with app.extensions["resolutions.db"].session() as s:
        s.info["database"] = app.extensions["resolutions.db"]
        yield s


def commit(session) -> None:
    session.info["database"].finish(session, ok=True)


@pytest.fixture
def actors(session):
    return {email.split("@")[0]: accounts.actor_by_email(session, email) for email in USERS}


class Browser:
    """A test client that logs in and posts forms with their CSRF token, as a browser would."""

    def __init__(self, client):
        self.client = client
        self.logged_in = False

    def login(self, email: str) -> "Browser":
        token = self.csrf("/login")
        response = self.client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, response.data
        self.logged_in = True
        return self

    def csrf(self, url: str | None = None) -> str:
        page = self.client.get(url or ("/drafts/new" if self.logged_in else "/login")).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post(self, url: str, data: dict | list, **kw):
        data = list(data.items()) if isinstance(data, dict) else list(data)
        return self.client.post(url, data=MultiDict([*data, ("csrf_token", self.csrf())]), **kw)

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)


@pytest.fixture
def browser_for(app):
    def make(email: str | None) -> Browser:
        b = Browser(app.test_client())
        return b.login(email) if email else b
    return make


@pytest.fixture
def api_for(app, session):
    """A JSON client for a user, authenticated with a fresh API token."""
    def make(email: str):
        token = accounts.issue_token(session, email)
        commit(session)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        class Api:
            def get(self, url, **kw):
                return client.get(url, headers=headers, **kw)

            def post(self, url, json=None, **kw):
                return client.post(url, json=json, headers=headers, **kw)

            def put(self, url, json=None, **kw):
                return client.put(url, json=json, headers=headers, **kw)
        return Api()
    return make


@pytest.fixture
def us(api_for):
    """API clients of three delegations: the penholder of the drafts below, and two others."""
    return api_for("us@example.org")


@pytest.fixture
def jp(api_for):
    return api_for("jp@example.org")


@pytest.fixture
def eu(api_for):
    return api_for("eu@example.org")


@pytest.fixture
def circulated(us):
    """A draft the United States made through the API and circulated: every delegation reads it."""
    created = us.post("/api/drafts", json=draft_json()).json
    assert us.post(f"/api/drafts/{created['id']}/status", json={"status": "circulated"}).status_code == 200
    return created


@pytest.fixture
def draft(session, actors):
    """A private draft of the United States (penholder), committed; a DraftView."""
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    commit(session)
    return created


@pytest.fixture
def colleague(session):
    """A second member of the penholder's delegation (two people on one text)."""
    accounts.create_user(session, "us2@example.org", PASSWORD, delegation="United States of America")
    commit(session)
    return accounts.actor_by_email(session, "us2@example.org")


@pytest.fixture
def circulated_view(session, actors):
    """The same, made through the services: the DraftView of a circulated United States draft."""
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    return drafts.view(session, actors["us"], created.id)


def operative_id(draft, n: int) -> str:
    """The id of OP n of a DraftView."""
    return draft.document.operative[n - 1].id


def draft_json(**overrides) -> dict:
    """A small GA draft in the API's shape, with wording from real resolutions."""
    doc = {
        "body": "GA", "session": 80, "agenda_item": "125", "agenda_title": "Global health and foreign policy",
        "title": "Enhancing action to address the challenges posed by synthetic drugs",
        "preamble": [
            {"text": "Recognizing that the world drug problem continues to constitute a serious threat to public health,"},
            {"text": "Recalling its resolution 77/238 of 15 December 2022,"},
        ],
        "operative": [
            {"text": "Calls upon Member States to carry out coordinated actions at all levels;"},
            {"text": "Encourages Member States to:", "subparagraphs": [
                {"text": "Share information on synthetic drugs;"},
                {"text": "Strengthen early warning systems;"},
            ]},
            {"text": "Requests the Secretary-General to report at its eighty-first session."},
        ],
    }
    doc.update(overrides)
    return doc


def import_real_files(session, tmp_path, files, symbol: str = "A/RES/78/131"):
    """Import ``files`` of the shared corpus with the real importer, with the UN's metadata
    line for ``symbol`` (of session 78), and wait until the search index holds them (a
    search waits at most a second for it, and never for the rebuild of a fresh data folder:
    on a loaded machine it answered "may miss changes" without the last files); returns
    the import summary."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in files:
        found = path if path.exists() else next(path.parent.glob(path.name.split("-")[0] + "-*"))
        (folder / found.name).write_bytes(found.read_bytes())
    lines = [line for line in (SHARED_CORPUS / "metadata/78.jsonl").read_text("utf-8").splitlines()
             if f'"symbol": "{symbol}"' in line]
    (folder / "78.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    database = session.info["database"]
    summary = corpus_import.import_path(database.unit_of_work, folder)
    assert summary.failed == [], summary.failed
    assert database.wait_for_index(120), "the search index did not catch up with the import"
    return summary
