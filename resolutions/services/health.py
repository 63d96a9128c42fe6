"""What a load balancer (and an operator) needs to know: is the database reachable, is
this process's search index current, is its index worker keeping up."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import indexing


@dataclass(frozen=True)
class Health:
    ok: bool                     # the database answers: this process can serve requests
    status: str                  # "ok" | "degraded" (search behind or rebuilding) | "down"
    database: dict
    index: dict
    worker: dict

    def as_dict(self) -> dict:
        return asdict(self)


def check(session: Session) -> Health:
    """Nothing here counts drafts or saves: how far the index is behind, not where."""
    try:
        session.execute(text("SELECT 1"))
        db_generation = indexing.generation(session)
    except Exception as error:  # noqa: BLE001 - reported, not raised: this is the health check
        return Health(False, "down", {"reachable": False, "error": type(error).__name__}, {}, {})
    search = indexing.index_of(session)
    state = search.state() if search is not None else None
    rebuilding = search.rebuild_status() if search is not None else None
    running = rebuilding is not None and rebuilding.running
    index = {"present": state is not None,
             "current": state is not None and state.generation == db_generation,
             "behind_by": max(0, db_generation - state.generation) if state is not None else None,
             "rebuilding": running,
             "seconds_left": round(rebuilding.seconds_left) if running and rebuilding.seconds_left else None}
    worker_status = session.info.get("index_worker").status() if session.info.get("index_worker") else None
    worker = asdict(worker_status) if worker_status else {}
    status = "ok" if index["current"] and not worker.get("last_error") else "degraded"
    return Health(True, status, {"reachable": True}, index, worker)
