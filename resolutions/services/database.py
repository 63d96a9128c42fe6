"""Opening the database and the search index for the web app and the command line,
and the unit of work every request and command runs in."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.orm import Session, sessionmaker

from ..search import SearchIndex
from ..settings import Settings
from ..store import migrate, search_state
from ..store.db import make_engine, session_factory
from . import delegations, unit_of_work
from .index_worker import IndexWorker
from .unit_of_work import Changes


class Database:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        # Each process keeps its own index under the data folder, caught up from the database.
        self.search = SearchIndex(settings.data_dir / "index")
        self.index_worker = IndexWorker(self.session, self.search)
        self._collecting: Changes | None = None

    def session(self) -> Session:
        session = self.sessions()
        session.info["search"] = self.search
        session.info["index_worker"] = self.index_worker
        return session

    def finish(self, session: Session, ok: bool) -> Changes:
        """End a unit of work: commit and hand the changes to the index, or roll back."""
        if not ok:
            unit_of_work.rollback(session)
            return Changes()
        changes = unit_of_work.commit(session)
        if changes and self._collecting is not None:
            self._collecting.drafts |= changes.drafts
            self._collecting.publications |= changes.publications
            self._collecting.removed |= changes.removed
        elif changes:
            self.index_worker.submit(changes)
        return changes

    @contextmanager
    def collecting_index_changes(self) -> Iterator[Changes]:
        """For a command that commits many units (an import): the index worker is woken
        once, afterwards (``index_worker.submit(collected)``), instead of after each unit;
        it then catches up, or rebuilds when that is cheaper (index_worker.CATCH_UP_LIMIT)."""
        self._collecting = collected = Changes()
        try:
            yield collected
        finally:
            self._collecting = None

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """``with database.unit_of_work() as session:`` — one commit at the end, or none."""
        session = self.session()
        try:
            yield session
        except BaseException:
            self.finish(session, ok=False)
            raise
        else:
            self.finish(session, ok=True)
        finally:
            session.close()

    def wait_for_index(self, timeout: float = 30.0) -> bool:
        return self.index_worker.wait(timeout)

    def initialise(self) -> int:
        """Create or migrate the schema, seed the delegations and trim the index's change
        log to its last 30 days; safe to re-run. Returns how many delegations were added."""
        migrate.upgrade(self.engine)
        with self.unit_of_work() as session:
            search_state.prune(session)  # an index further behind than the log rebuilds
            return delegations.seed(session)

    def is_initialised(self) -> bool:
        return migrate.is_initialised(self.engine)

    def dispose(self) -> None:
        self.index_worker.stop()
        self.engine.dispose()
