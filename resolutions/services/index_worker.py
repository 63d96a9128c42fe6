"""The search index's own thread, one per process: nothing index-related runs inside a
request.

At start it checks the index (integrity, count, generation) and, if it is missing,
damaged or behind, rebuilds it — taking the index's rebuild lock *before* re-checking,
so that of several processes starting together exactly one rebuilds and the others find
the new index current. Meanwhile searches use the last good index, or answer 503 with
the time left when there is none. Then it applies the changes each commit hands it, one
update at a time, merging whatever piled up while it was busy. Searches in the process
wait (briefly) for its own recent saves, never for a rebuild. If the process dies with
work pending, nothing is lost: the database is the truth and the next start-up check
catches up.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session

from ..search import SearchIndex
from . import indexing
from .unit_of_work import Changes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerStatus:
    running: bool
    pending: int              # entries waiting to be indexed
    checking: bool            # the start-up check or a rebuild is under way
    last_error: str | None
    rebuilds: int             # rebuilds this process ran


class IndexWorker:
    def __init__(self, sessions: Callable[[], Session], search: SearchIndex):
        self._sessions = sessions
        self._search = search
        self._changed = threading.Condition()
        self._work = Changes()
        self._busy = False
        self._check_needed = True   # at start-up, and after a failed update
        self._checking = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.rebuilds = 0

    # -- the app's side ------------------------------------------------------------------
    def start(self) -> None:
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="index-worker", daemon=True)
                self._thread.start()
                atexit.register(self.wait, 30.0)  # let pending updates land before the process ends

    def submit(self, changes: Changes) -> None:
        with self._changed:
            self._work.drafts |= changes.drafts
            self._work.publications |= changes.publications
            self._work.removed |= changes.removed
            self._changed.notify_all()
        self.start()

    def recheck(self) -> None:
        """Run the start-up check again (an operator's request, or after a failure)."""
        with self._changed:
            self._check_needed = True
            self._changed.notify_all()
        self.start()

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every submitted change is in the index (and the start-up check is
        done); False on time-out."""
        with self._changed:
            if self._thread is None:
                return not self._work
            return self._changed.wait_for(self._idle, timeout)

    def wait_for_own_saves(self, timeout: float = 2.0) -> None:
        """Before a search: let this process's recent saves reach the index — unless a
        rebuild is under way, which a search never waits for."""
        with self._changed:
            self._changed.wait_for(lambda: self._checking or self._idle(), timeout)

    def status(self) -> WorkerStatus:
        with self._changed:
            pending = len(self._work.drafts) + len(self._work.publications) + len(self._work.removed)
            return WorkerStatus(self._thread is not None and self._thread.is_alive(), pending,
                                self._checking or (self._check_needed and self._thread is not None),
                                self.last_error, self.rebuilds)

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()

    # -- the thread ----------------------------------------------------------------------
    def _idle(self) -> bool:
        return not self._work and not self._busy and not self._check_needed

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._stopping or self._work or self._check_needed)
                if self._stopping:
                    return
                check, self._check_needed = self._check_needed, False
                work, self._work = self._work, Changes()
                self._busy, self._checking = True, check
            try:
                if check:
                    self._check()
                if work:
                    self._update(work)
            finally:
                with self._changed:
                    self._busy = self._checking = False
                    self._changed.notify_all()

    def _check(self) -> None:
        started = time.monotonic()
        try:
            with self._sessions() as session:
                rebuilt = self._search.try_rebuild(
                    needed=lambda: self._needs_rebuild(session),
                    rebuild=lambda progress: self._rebuild(session, progress))
            if rebuilt:
                self.rebuilds += 1
                log.warning("search index rebuilt in %.1f s", time.monotonic() - started)
            self.last_error = None
        except Exception as error:  # noqa: BLE001 - searches answer 503 until a later check succeeds
            self.last_error = f"index check failed: {error}"
            log.exception("search index check failed")
            self._retry_later()

    def _needs_rebuild(self, session: Session) -> bool:
        problems = self._search.verify()
        if problems:
            log.warning("search index damaged (%s): rebuilding", "; ".join(problems[:3]))
            return True
        if not indexing.is_current(session):
            log.warning("search index missing or behind the database: rebuilding")
            return True
        return False

    def _rebuild(self, session: Session, progress) -> None:
        skipped = indexing.rebuild(session, progress)
        if skipped.rows:
            log.warning("%d stored rows could not be indexed; `flask --app app doctor` lists them",
                        len(skipped.rows))

    def _update(self, work: Changes) -> None:
        try:
            with self._sessions() as session:
                indexing.apply(session, work.drafts, work.publications, work.removed)
            self.last_error = None
        except Exception as error:  # noqa: BLE001 - the check below repairs the index
            self.last_error = f"index update failed: {error}"
            log.exception("background index update failed; checking the index")
            with self._changed:
                self._check_needed = True

    def _retry_later(self, delay: float = 30.0) -> None:
        def again():
            with self._changed:
                self._check_needed = True
                self._changed.notify_all()
        timer = threading.Timer(delay, again)
        timer.daemon = True
        timer.start()
