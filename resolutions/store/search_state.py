"""The search generation and the change log the indexes follow.

Every transaction that changes what the index must follow bumps one number and writes
what it changed under that number. The UPDATE of the one search_state row serialises
those transactions (a row lock on PostgreSQL, the single writer on SQLite), so
generations commit in order and a reader never sees generation n+1 without n.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from .tables import SearchChange, SearchState, utcnow

KEEP = timedelta(days=30)  # an index further behind than this rebuilds


@dataclass
class Pending:
    """Entries changed between two generations."""
    drafts: set[int] = field(default_factory=set)
    publications: set[int] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    upto: int = 0              # the generation they bring an index to

    def __len__(self) -> int:
        return len(self.drafts) + len(self.publications) + len(self.removed)


def record(session: Session, drafts=(), publications=(), removed=()) -> int:
    """Bump the generation and log what it changed; returns the new generation."""
    session.execute(update(SearchState).where(SearchState.id == 1)
                    .values(generation=SearchState.generation + 1))
    number = generation(session)
    rows = ([{"generation": number, "draft_id": d} for d in sorted(drafts)]
            + [{"generation": number, "publication_id": p} for p in sorted(publications)]
            + [{"generation": number, "removed_key": k} for k in sorted(removed)])
    if rows:
        session.execute(insert(SearchChange), rows)
    return number


def generation(session: Session) -> int:
    return session.scalar(select(SearchState.generation).where(SearchState.id == 1)) or 0


def since(session: Session, after: int) -> Pending | None:
    """What changed after generation ``after``; None when the log no longer reaches back
    that far (pruned, or a database restored from elsewhere): only a rebuild can tell."""
    now = generation(session)
    pending = Pending(upto=now)
    if now <= after:
        return pending if now == after else None
    first = session.scalar(select(func.min(SearchChange.generation)).where(SearchChange.generation > after))
    if first != after + 1:
        return None
    rows = session.execute(select(SearchChange.draft_id, SearchChange.publication_id, SearchChange.removed_key)
                           .where(SearchChange.generation > after, SearchChange.generation <= now))
    for draft_id, publication_id, removed_key in rows:
        if draft_id is not None:
            pending.drafts.add(draft_id)
        if publication_id is not None:
            pending.publications.add(publication_id)
        if removed_key is not None:
            pending.removed.add(removed_key)
    return pending


def prune(session: Session) -> None:
    session.execute(delete(SearchChange).where(SearchChange.at < utcnow() - KEEP))
