"""The search index's own thread, one per process: nothing index-related runs inside a
request.

The index follows the database's change log (store/search_state.py): every commit logs
what it changed under a new generation, and this thread brings the index from its
generation to the database's — when a commit of this process wakes it, and every few
second for what other machines committed. So a change is never lost,
even when the process that made it dies before indexing it.

At start, and whenever catching up is not enough (no index, a damaged one, a log that
no longer reaches back), it rebuilds — taking the index's rebuild lock *before*
checking again, so that of several processes starting together exactly one rebuilds and
the others then only catch up. Meanwhile searches use the last good index, or answer 503
with the time left when there is none. A search first brings the index to the
database's generation (``catch_up_to``): any save, made in any process or on any machine,
is found by the next search, which waits at most CATCH_UP_WAIT — never for a rebuild.
"""
from __future__ import annotations

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

POLL_SECONDS = 1.0      # how soon other machines' commits reach this index unasked (one indexed query)
CATCH_UP_WAIT = 1.0     # the longest a search waits for the index to reach the database
LOOK_AGAIN = 0.005      # seconds between a waiting search's looks at the index's generation
CATCH_UP_LIMIT = 300    # entries; past this one rebuild costs less than one large update


@dataclass(frozen=True)
class WorkerStatus:
    running: bool
    pending: bool             # commits of this process not yet in the index
    checking: bool            # a check or a rebuild is under way
    last_error: str | None    # the kind of the last failure (details are in the log)
    rebuilds: int             # rebuilds this process ran


class IndexWorker:
    def __init__(self, sessions: Callable[[], Session], search: SearchIndex):
        self._sessions = sessions
        self._search = search
        self._changed = threading.Condition()
        self._dirty = False         # a commit of this process is not in the index yet
        self._busy = False
        self._check_needed = True   # at start-up, and when catching up is not enough
        self._checking = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.rebuilds = 0
        self._reached_generation = 0  # the highest the index was seen at: generations only grow

    # -- the app's side ------------------------------------------------------------------
    def start(self) -> None:
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="index-worker", daemon=True)
                self._thread.start()
                # No wait at exit: what this process committed is in the change log, and the
                # next process to look catches up (a stopping server must not wait on a rebuild).

    def submit(self, changes: Changes) -> None:
        """A commit of this process changed searchable rows (they are in the change log)."""
        if not changes:
            return
        with self._changed:
            self._dirty = True
            self._changed.notify_all()
        self.start()

    def recheck(self) -> None:
        """Check the index again now, as at start-up (for tests and operators' scripts)."""
        with self._changed:
            self._check_needed = True
            self._changed.notify_all()
        self.start()

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until this process's commits are in the index and no check is pending;
        False on time-out."""
        with self._changed:
            if self._thread is None:
                return not self._dirty
            return self._changed.wait_for(self._idle, timeout)

    def catch_up_to(self, generation: int, timeout: float = CATCH_UP_WAIT) -> bool:
        """Before a search: bring the index to the database's ``generation`` (read by the
        caller) — whoever committed it, in any process or on any machine — and wait,
        bounded, for it. False when it is still behind: timed out, no index yet, or a
        rebuild under way (a search never waits for one; it does wait for the start-up
        check, which mostly only catches up)."""
        deadline = time.monotonic() + timeout
        if generation <= self._reached_generation or self._reached(generation):
            return True  # the first test spares the common case a read of the state file
        with self._changed:
            if self._checking and self._rebuilding():
                return False
            self._dirty = True   # another process may be writing it already: this costs one look
            self._changed.notify_all()
        self.start()
        with self._changed:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or (self._checking and self._rebuilding()):
                    return self._reached(generation)
                # woken when this thread finishes; the short step (one read of a small file)
                # sees another process's write within a few milliseconds
                self._changed.wait(min(left, LOOK_AGAIN))
                if self._reached(generation):
                    return True

    def _reached(self, generation: int) -> bool:
        reached = self._search.generation()  # the on-disk index, as another process may have moved it
        if reached is None:
            return False
        self._reached_generation = max(self._reached_generation, reached)
        return reached >= generation

    def _rebuilding(self) -> bool:
        rebuild = self._search.rebuild_status()
        return rebuild is not None and rebuild.running

    def status(self) -> WorkerStatus:
        with self._changed:
            return WorkerStatus(self._thread is not None and self._thread.is_alive(), self._dirty,
                                self._checking or (self._check_needed and self._thread is not None),
                                self.last_error, self.rebuilds)

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()

    # -- the thread ----------------------------------------------------------------------
    def _idle(self) -> bool:
        return not self._dirty and not self._busy and not self._check_needed

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._stopping or self._dirty or self._check_needed, POLL_SECONDS)
                if self._stopping:
                    return
                check, self._check_needed = self._check_needed, False
                self._dirty = False
                self._busy, self._checking = True, check
            try:
                if check:
                    self._check()
                else:
                    self._catch_up()
            finally:
                with self._changed:
                    self._busy = self._checking = False
                    self._changed.notify_all()

    def _catch_up(self) -> None:
        """The change log since the index's generation; a check when that is not enough."""
        try:
            with self._sessions() as session:
                caught_up = indexing.catch_up(session, CATCH_UP_LIMIT)
            self.last_error = None
        except Exception as error:  # noqa: BLE001 - the check repairs the index
            self.last_error = type(error).__name__
            log.exception("search index update failed; checking the index")
            caught_up = False
        if not caught_up:
            with self._changed:
                self._check_needed = True

    def _check(self) -> None:
        started = time.monotonic()
        try:
            with self._sessions() as session:
                if not self._search.verify() and indexing.catch_up(session, CATCH_UP_LIMIT):
                    self.last_error = None
                    return  # sound, and now current: no lock, no rebuild
                rebuilt = self._search.try_rebuild(
                    needed=lambda: self._needs_rebuild(session),
                    rebuild=lambda progress: self._rebuild(session, progress))
            if rebuilt:
                self.rebuilds += 1
                log.warning("search index rebuilt in %.1f s", time.monotonic() - started)
            self.last_error = None
        except Exception as error:  # noqa: BLE001 - searches answer 503 until a later check succeeds
            self.last_error = type(error).__name__
            log.exception("search index check failed")
            self._retry_later()

    def _needs_rebuild(self, session: Session) -> bool:
        """Asked once the rebuild lock is ours: another process may have just rebuilt."""
        session.rollback()  # see what was committed while we waited for the lock
        problems = self._search.verify()
        if problems:
            log.warning("search index missing or damaged (%s): rebuilding", "; ".join(problems[:3]))
            return True
        if not indexing.catch_up(session, CATCH_UP_LIMIT):
            log.warning("search index too far behind the database to catch up: rebuilding")
            return True
        return False

    def _rebuild(self, session: Session, progress) -> None:
        skipped = indexing.rebuild(session, progress)
        if skipped.rows:
            log.warning("%d stored rows could not be indexed; `flask --app app doctor` lists them",
                        len(skipped.rows))

    def _retry_later(self, delay: float = 30.0) -> None:
        def again():
            with self._changed:
                self._check_needed = True
                self._changed.notify_all()
        timer = threading.Timer(delay, again)
        timer.daemon = True
        timer.start()
