"""Opening the database and the search index for the web app and the command line."""
from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from ..search import SearchIndex
from ..settings import Settings
from ..store import migrate
from ..store.db import make_engine, session_factory
from . import delegations, indexing
from .index_worker import IndexWorker


class Database:
    def __init__(self, settings: Settings):
        self.engine = make_engine(settings.database_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        # Each process keeps its own index under the data folder, caught up from the database.
        self.search = SearchIndex(settings.data_dir / "index")
        self.index_worker = IndexWorker(self._plain_session, indexing.apply)

    def _plain_session(self) -> Session:
        session = self.sessions()
        session.info["search"] = self.search
        return session

    def session(self) -> Session:
        """A session whose saves reach the index through the background worker."""
        session = self._plain_session()
        session.info["index_worker"] = self.index_worker
        return session

    def wait_for_index(self, timeout: float = 30.0) -> bool:
        return self.index_worker.wait(timeout)

    def initialise(self) -> int:
        """Create or migrate the schema and seed the delegations; safe to re-run.
        Returns how many delegations were added."""
        migrate.upgrade(self.engine)
        with self.session() as session:
            return delegations.seed(session)

    def ensure_index(self) -> bool:
        """The start-up check: rebuild the index if it does not match the database."""
        with self._plain_session() as session:
            return indexing.ensure_current(session)

    def dispose(self) -> None:
        self.engine.dispose()
