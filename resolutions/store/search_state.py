"""The search generation: one number bumped in every transaction that changes what the
index must follow, so that a process can tell whether its index is behind."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .tables import SearchState


def bump(session: Session) -> None:
    session.execute(update(SearchState).where(SearchState.id == 1)
                    .values(generation=SearchState.generation + 1))


def generation(session: Session) -> int:
    return session.scalar(select(SearchState.generation).where(SearchState.id == 1)) or 0
