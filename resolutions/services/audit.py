"""The audit trail: every state change and security event, recorded once, in the same
transaction as the change (so a rolled-back change leaves no record, and a recorded one
happened). Rows are only ever added.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.lifecycle import ACTIONS
from ..store import queries
from ..store.tables import AuditEvent, utcnow
from . import policy
from .actors import Actor
from .errors import Forbidden

COMMAND_LINE = "command line"

# Draft events appear in the draft's history; security events on the Secretariat's page.
DRAFT_EVENTS = ("draft.created", "draft.saved", "draft.restored", "draft.circulated", "draft.made_private",
                "sponsor.joined", "sponsor.withdrew",
                "proposal.made", "proposal.supported", "proposal.withdrawn", "proposal.decided",
                "paragraph.status", "comment.added", "comment.resolved",
                # the lifecycle (issue #8): one event per domain/lifecycle.py ACTIONS
                *(f"lifecycle.{action}" for action in ACTIONS))
SECURITY_EVENTS = ("login", "login.failed", "login.refused", "logout", "logout.everywhere", "password.changed",
                   "token.created", "token.revoked", "user.created", "user.disabled", "user.enabled")
SYSTEM_EVENTS = ("import.run", "backup.written", "backup.restored", "doctor.repaired")
EVENTS = DRAFT_EVENTS + SECURITY_EVENTS + SYSTEM_EVENTS


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    delegation: str | None
    event: str
    detail: dict
    address: str
    draft_id: int | None


def record(session: Session, actor: Actor | None, event: str, *, draft_id: int | None = None,
           detail: dict | None = None, who: str | None = None, address: str | None = None) -> None:
    """Add one event to the session's transaction. ``actor`` None: the command line, or
    ``who`` (an e-mail typed at a failed log-in)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    session.add(AuditEvent(
        user_id=actor.user_id if actor else None,
        actor=(actor.email if actor else (who or COMMAND_LINE))[:254],
        delegation=(actor.delegation_name or "Secretariat") if actor else None,
        event=event, draft_id=draft_id, detail=detail or {},
        address=(address if address is not None else (actor.address if actor else "cli"))[:64]))


def _view(row: AuditEvent) -> EventView:
    return EventView(row.at, row.actor, row.delegation, row.event, row.detail or {}, row.address, row.draft_id)


def of_draft(session: Session, actor: Actor, draft_id: int) -> list[EventView]:
    """A draft's events, oldest first, for whoever may see the draft."""
    policy.require(actor, policy.EVENTS, queries.draft(session, draft_id), draft_id)
    rows = session.scalars(select(AuditEvent).where(AuditEvent.draft_id == draft_id)
                           .order_by(AuditEvent.at, AuditEvent.id))
    return [_view(r) for r in rows]


def security(session: Session, actor: Actor | None, *, limit: int = 200, event: str | None = None,
             who: str | None = None) -> list[EventView]:
    """Security and system events, newest first: the Secretariat's (and the command line's) view."""
    if actor is not None and not actor.is_secretariat:
        raise Forbidden("only the Secretariat reads the security log", "audit")
    query = select(AuditEvent).where(AuditEvent.event.in_(SECURITY_EVENTS + SYSTEM_EVENTS))
    if event:
        query = query.where(AuditEvent.event == event)
    if who:
        query = query.where(AuditEvent.actor == who.strip().lower())
    rows = session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(max(1, min(limit, 5000))))
    return [_view(r) for r in rows]


def failures_since(session: Session, window: timedelta, *, who: str | None = None,
                   address: str | None = None) -> tuple[int, datetime | None]:
    """(failed log-ins in the last ``window`` for an e-mail or an address, the oldest's time)."""
    since = utcnow() - window
    query = select(func.count(), func.min(AuditEvent.at)).where(AuditEvent.event == "login.failed",
                                                                 AuditEvent.at >= since)
    query = query.where(AuditEvent.actor == who) if who is not None else query.where(AuditEvent.address == address)
    count, oldest = session.execute(query).one()
    return count or 0, oldest

