"""Rebuild progress, visible to every process: a small JSON file in the index folder.

The rebuilding process replaces ``rebuild.status`` atomically (at most every EVERY
seconds, and at each change of phase); any process reads it. Whether a rebuild is
running is not taken from the file (a killed process leaves it behind) but from
``rebuild.lock``: held only while a rebuild runs.

Time left: while indexing, from the rate so far; while still reading the entries (their
number not known yet), from the duration of the previous rebuild, carried in the file.
"""
from __future__ import annotations

import math
import os
import time
from pathlib import Path

from .files import is_locked, read_json, write_json
from .model import RebuildStatus

STATUS = "rebuild.status"
LOCK = "rebuild.lock"
EVERY = 0.5   # seconds between two writes of the same phase
RUNNING = ("reading", "indexing", "finishing")


class Recorder:
    """Written by the process that rebuilds."""

    def __init__(self, folder: Path):
        self.path = folder / STATUS
        previous = None
        try:
            old = read_json(self.path)
            previous = old.get("previous") if old.get("phase") != "done" else old.get("seconds")
        except (OSError, ValueError):
            pass
        now = time.time()
        self.data = {"phase": "reading", "done": 0, "total": None, "started": now, "updated": now,
                     "indexing_started": None, "previous": previous, "pid": os.getpid()}
        self._written = 0.0
        self._write(force=True)

    def _write(self, force: bool = False) -> None:
        now = time.time()
        if not force and now - self._written < EVERY:
            return
        self.data["updated"] = now
        try:
            write_json(self.path, self.data, sync=False)  # atomic, not durable: a courtesy
        except OSError:  # progress is a courtesy: never fail a rebuild over it
            return
        self._written = now

    def reading(self, n: int) -> None:
        self.data["read"] = n  # entries read so far: a heartbeat while their number is unknown
        self._write()

    def indexing(self, total: int) -> None:
        self.data.update(phase="indexing", total=total, indexing_started=time.time())
        self._write(force=True)

    def progress(self, done: int) -> None:
        self.data["done"] = done
        self._write(force=done == self.data["total"])

    def finishing(self) -> None:
        self.data["phase"] = "finishing"
        self._write(force=True)

    def finished(self, ok: bool) -> None:
        self.data["phase"] = "done" if ok else "failed"
        self.data["seconds"] = time.time() - self.data["started"]
        self._write(force=True)


def read(folder: Path) -> RebuildStatus | None:
    """The last recorded rebuild of ``folder`` (None: never rebuilt, or unreadable)."""
    try:
        data = read_json(folder / STATUS)
        running = is_locked(folder / LOCK)
        phase = str(data["phase"])
        done, total = int(data.get("done") or 0), data.get("total")
        started, updated = float(data["started"]), float(data["updated"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not running and phase in RUNNING:
        phase = "interrupted"  # the process died, or another rebuild has not written yet
    left = _seconds_left(data, phase, done, total, started, updated) if running else None
    return RebuildStatus(running=running, phase=phase, done=done, total=None if total is None else int(total),
                         started=started, updated=updated, seconds_left=left)


def _seconds_left(data: dict, phase: str, done: int, total, started: float, updated: float) -> float | None:
    now = time.time()
    indexing_started = data.get("indexing_started")
    if phase == "indexing" and total and done and indexing_started:
        rate = done / max(1e-3, updated - float(indexing_started))
        return max(1.0, (int(total) - done) / rate - (now - updated))
    previous = data.get("previous")
    if isinstance(previous, (int, float)):
        return max(1.0, previous - (now - started))
    if phase == "finishing":
        return 1.0
    return None


def message(status: RebuildStatus | None) -> str:
    if status is None or status.seconds_left is None:
        return "the search index is being rebuilt (time left not known yet)"
    return f"the search index is being rebuilt (about {math.ceil(status.seconds_left)} s left)"
