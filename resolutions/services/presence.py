"""Who else has a draft's editor open right now: each open editor beats every 20 s;
anyone seen within the last minute is "also editing". A heartbeat is a small upsert,
so it is cheap enough for every open editor of every delegate."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store import queries
from ..store.tables import EditorPresence, utcnow
from . import policy
from .actors import Actor

FRESH = timedelta(seconds=60)


@dataclass(frozen=True)
class Present:
    email: str
    delegation: str | None
    revision: int
    seen_at: datetime


def touch(session: Session, actor: Actor, draft_id: int, revision: int) -> list[Present]:
    """Record that ``actor`` edits the draft from ``revision``; return the others editing it."""
    draft = policy.require(actor, policy.EDIT, queries.draft(session, draft_id), draft_id)
    revision = revision if isinstance(revision, int) and 0 < revision <= queries.MAX_ID else draft.current_revision
    now = utcnow()
    row = session.scalar(select(EditorPresence).where(EditorPresence.draft_id == draft.id,
                                                      EditorPresence.user_id == actor.user_id))
    if row is None:
        try:
            with session.begin_nested():  # the same user's other tab may insert first
                session.add(EditorPresence(draft_id=draft.id, user_id=actor.user_id, revision=revision,
                                           seen_at=now))
        except IntegrityError:
            pass
    else:
        row.revision, row.seen_at = revision, now
    session.execute(delete(EditorPresence).where(EditorPresence.draft_id == draft.id,
                                                 EditorPresence.seen_at < now - FRESH))
    session.flush()
    others = session.scalars(select(EditorPresence).where(
        EditorPresence.draft_id == draft.id, EditorPresence.user_id != actor.user_id,
        EditorPresence.seen_at >= now - FRESH).order_by(EditorPresence.seen_at.desc()))
    return [Present(p.user.email, p.user.delegation.name if p.user.delegation else None, p.revision, p.seen_at)
            for p in others]
