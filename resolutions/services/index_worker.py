"""Index updates off the request's path.

A save commits to the database and returns; this worker then brings the index up
to date in the background, one update at a time, merging whatever piled up while it
was busy. Searches in the same process wait for it first, so a delegate always finds
what they just saved. If the process dies with work pending, nothing is lost: the
database is the truth and the start-up check rebuilds an index that is behind.
"""
from __future__ import annotations

import atexit
import logging
import threading
from typing import Callable

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


class IndexWorker:
    def __init__(self, sessions: Callable[[], Session], apply: Callable[[Session, set, set, set], None]):
        self._sessions = sessions
        self._apply = apply
        self._changed = threading.Condition()
        self._drafts: set[int] = set()
        self._publications: set[int] = set()
        self._removed: set[str] = set()
        self._busy = False
        self._thread: threading.Thread | None = None

    def submit(self, drafts, publications, removed) -> None:
        with self._changed:
            self._drafts |= set(drafts)
            self._publications |= set(publications)
            self._removed |= set(removed)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="index-worker", daemon=True)
                self._thread.start()
                atexit.register(self.wait, 30.0)  # let pending updates land before the process ends
            self._changed.notify_all()

    def _pending(self) -> bool:
        return bool(self._drafts or self._publications or self._removed)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every submitted change is in the index; False on time-out."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._pending() and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(self._pending)
                work = self._drafts, self._publications, self._removed
                self._drafts, self._publications, self._removed = set(), set(), set()
                self._busy = True
            try:
                with self._sessions() as session:
                    self._apply(session, *work)
            except Exception:  # noqa: BLE001 - the start-up check repairs the index
                log.exception("background index update failed; the index will be rebuilt")
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()
