"""Read-only queries several use cases share; here so that no service imports another
only to read (that is how import circles start)."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain.records import ResolutionFacts
from ..formats import facts_json
from .tables import Draft, PublicationFacts, SponsorshipEvent

JOIN, WITHDRAW = "join", "withdraw"
MAX_ID = 2**31 - 1  # ids and revision numbers are 32-bit INTEGER columns


def draft(session: Session, draft_id) -> Draft | None:
    """The draft with this id; None for no such draft or an id no column can hold."""
    if not isinstance(draft_id, int) or isinstance(draft_id, bool) or not 0 < draft_id <= MAX_ID:
        return None
    return session.get(Draft, draft_id)


def sponsorship_events(session: Session, draft_id: int) -> list[SponsorshipEvent]:
    return list(session.scalars(select(SponsorshipEvent).where(SponsorshipEvent.draft_id == draft_id)
                                .order_by(SponsorshipEvent.at, SponsorshipEvent.id)))


def sponsors_now(events: Iterable[SponsorshipEvent]) -> dict[int, str]:
    """delegation id → name of everyone whose last word was "join"."""
    last: dict[int, SponsorshipEvent] = {}
    for event in events:
        last[event.delegation_id] = event
    return {d: e.delegation.name for d, e in last.items() if e.action == JOIN}


def current_sponsors(session: Session, draft_id: int) -> dict[int, str]:
    return sponsors_now(sponsorship_events(session, draft_id))


def lock(session: Session, draft: Draft) -> None:
    """Hold the draft's row until the transaction ends, then re-read it, so that a check
    made after this (no co-sponsors? still circulated?) cannot be overtaken by a change
    committing in between: a no-op UPDATE is a row lock on PostgreSQL and takes the write
    lock on SQLite."""
    session.execute(update(Draft).where(Draft.id == draft.id).values(status=Draft.status)
                    .execution_options(synchronize_session=False))
    session.refresh(draft)


def facts_by_symbol(session: Session, symbols: Iterable[str]) -> dict[str, ResolutionFacts]:
    rows = session.scalars(select(PublicationFacts).where(PublicationFacts.symbol.in_(list(symbols))))
    return {row.symbol: facts_json.load(row.facts) for row in rows}
