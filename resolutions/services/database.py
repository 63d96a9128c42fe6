"""Opening the database for the web app and the command line."""
from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from ..settings import Settings
from ..store import migrate
from ..store.db import make_engine, session_factory
from . import delegations


class Database:
    def __init__(self, settings: Settings):
        self.engine = make_engine(settings.database_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)

    def session(self) -> Session:
        return self.sessions()

    def initialise(self) -> int:
        """Create or migrate the schema and seed the delegations; safe to re-run.
        Returns how many delegations were added."""
        migrate.upgrade(self.engine)
        with self.session() as session:
            return delegations.seed(session)

    def dispose(self) -> None:
        self.engine.dispose()
