"""Co-sponsors: the penholder is the first sponsor; once a draft is circulated any
delegation may join or withdraw, and every join and withdrawal is kept."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.bodies import get_body
from ..domain.sponsors import alphabetical, sponsor_line
from ..store.tables import Delegation, Draft, SponsorshipEvent
from . import indexing
from .actors import Actor
from .errors import Conflict, Forbidden
from .permissions import CIRCULATED, require_view

JOIN, WITHDRAW = "join", "withdraw"


@dataclass(frozen=True)
class SponsorEvent:
    delegation: str
    action: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Sponsorship:
    penholder: str
    sponsors: list[str]        # alphabetical, as printed
    line: str                  # "Japan, Mexico and United States of America: draft resolution"
    events: list[SponsorEvent]  # oldest first


def _events(session: Session, draft_id: int) -> list[SponsorshipEvent]:
    return list(session.scalars(select(SponsorshipEvent).where(SponsorshipEvent.draft_id == draft_id)
                                .order_by(SponsorshipEvent.at, SponsorshipEvent.id)))


def _current(events: list[SponsorshipEvent]) -> dict[int, str]:
    """delegation id → name of everyone whose last word was "join"."""
    last: dict[int, SponsorshipEvent] = {}
    for event in events:
        last[event.delegation_id] = event
    return {d: e.delegation.name for d, e in last.items() if e.action == JOIN}


def current_sponsors(session: Session, draft_id: int) -> list[str]:
    return alphabetical(_current(_events(session, draft_id)).values())


def of(session: Session, actor: Actor, draft_id: int) -> Sponsorship:
    draft = require_view(actor, session.get(Draft, draft_id), draft_id)
    return _sponsorship(session, draft)


def _sponsorship(session: Session, draft: Draft) -> Sponsorship:
    events = _events(session, draft.id)
    names = alphabetical(_current(events).values())
    return Sponsorship(draft.penholder.name, names, sponsor_line(names),
                       [SponsorEvent(e.delegation.name, e.action, e.user.email, e.at) for e in events])


def join(session: Session, actor: Actor, draft_id: int) -> Sponsorship:
    draft, delegation = _acting_delegation(session, actor, draft_id)
    if draft.status != CIRCULATED:
        raise Conflict("delegations can join once the penholder circulates the draft", "status")
    body = get_body(draft.body)
    if body and delegation.kind not in body.sponsor_kinds:
        raise Forbidden(f"{delegation.name} cannot sponsor drafts of the {body.name}", "delegation")
    with indexing.transaction(session) as changed:
        if delegation.id in _current(_events(session, draft.id)):
            raise Conflict(f"{delegation.name} is already a sponsor", "delegation")
        session.add(SponsorshipEvent(draft_id=draft.id, delegation_id=delegation.id, action=JOIN,
                                     user_id=actor.user_id))
        changed.drafts.add(draft.id)
    return _sponsorship(session, draft)


def withdraw(session: Session, actor: Actor, draft_id: int) -> Sponsorship:
    draft, delegation = _acting_delegation(session, actor, draft_id)
    if delegation.id == draft.penholder_id:
        raise Conflict(f"{delegation.name} holds the pen and stays the first sponsor", "delegation")
    with indexing.transaction(session) as changed:
        if delegation.id not in _current(_events(session, draft.id)):
            raise Conflict(f"{delegation.name} is not a sponsor, so it cannot withdraw", "delegation")
        session.add(SponsorshipEvent(draft_id=draft.id, delegation_id=delegation.id, action=WITHDRAW,
                                     user_id=actor.user_id))
        changed.drafts.add(draft.id)
    return _sponsorship(session, draft)


def _acting_delegation(session: Session, actor: Actor, draft_id: int) -> tuple[Draft, Delegation]:
    draft = require_view(actor, session.get(Draft, draft_id), draft_id)
    if actor.delegation_id is None:
        raise Forbidden("only delegations sponsor drafts; the Secretariat records them", "delegation")
    return draft, session.get(Delegation, actor.delegation_id)
