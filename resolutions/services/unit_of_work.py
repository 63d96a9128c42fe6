"""One commit point for every request and every command.

Use cases change rows and flush; they never commit. What the search index must follow
they note on the session (``changed(session).drafts.add(draft.id)``). The owner of the
session — the web request (web/__init__.py), a CLI command or one imported file
(``Database.unit_of_work()``) — ends it once: ``commit`` bumps the search generation and
logs the changes under it in the same transaction (store/search_state.py), commits, and
wakes the index worker; any error rolls everything back, changes and audit records alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..store import search_state

_KEY = "unit_of_work.changes"


@dataclass
class Changes:
    """What a transaction changed that the search index must follow."""
    drafts: set[int] = field(default_factory=set)
    publications: set[int] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.drafts or self.publications or self.removed)


def changed(session: Session) -> Changes:
    """The changes of the session's open unit of work, for a use case to add to."""
    return session.info.setdefault(_KEY, Changes())


def commit(session: Session) -> Changes:
    pending = session.info.pop(_KEY, None) or Changes()
    try:
        if pending:
            session.flush()
            search_state.record(session, pending.drafts, pending.publications, pending.removed)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return pending


def rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.rollback()
