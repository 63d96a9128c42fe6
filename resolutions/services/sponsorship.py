"""Co-sponsors: the penholder is the first sponsor; once a draft is circulated any
delegation may join or withdraw, and every join and withdrawal is kept."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..domain.bodies import get_body
from ..domain.sponsors import alphabetical, sponsor_line
from ..store import queries
from ..store.queries import JOIN, WITHDRAW
from ..store.tables import Delegation, Draft, SponsorshipEvent
from . import audit, policy
from .actors import Actor
from .errors import Conflict, Forbidden
from .policy import CIRCULATED
from .unit_of_work import changed


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


def of(session: Session, actor: Actor, draft_id: int) -> Sponsorship:
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    return _sponsorship(session, draft)


def _sponsorship(session: Session, draft: Draft) -> Sponsorship:
    events = queries.sponsorship_events(session, draft.id)
    names = alphabetical(queries.sponsors_now(events).values())
    return Sponsorship(draft.penholder.name, names, sponsor_line(names),
                       [SponsorEvent(e.delegation.name, e.action, e.user.email, e.at) for e in events])


def join(session: Session, actor: Actor, draft_id: int) -> Sponsorship:
    draft, delegation = _acting_delegation(session, actor, draft_id)
    if draft.status != CIRCULATED:
        raise Conflict("delegations can join once the penholder circulates the draft", "status")
    body = get_body(draft.body)
    if body and delegation.kind not in body.sponsor_kinds:
        raise Forbidden(f"{delegation.name} cannot sponsor drafts of the {body.name}", "delegation")
    if delegation.id in queries.current_sponsors(session, draft.id):
        raise Conflict(f"{delegation.name} is already a sponsor", "delegation")
    return _record(session, actor, draft, delegation, JOIN)


def withdraw(session: Session, actor: Actor, draft_id: int) -> Sponsorship:
    draft, delegation = _acting_delegation(session, actor, draft_id)
    if delegation.id == draft.penholder_id:
        raise Conflict(f"{delegation.name} holds the pen and stays the first sponsor", "delegation")
    if delegation.id not in queries.current_sponsors(session, draft.id):
        raise Conflict(f"{delegation.name} is not a sponsor, so it cannot withdraw", "delegation")
    return _record(session, actor, draft, delegation, WITHDRAW)


def _record(session: Session, actor: Actor, draft: Draft, delegation: Delegation, action: str) -> Sponsorship:
    session.add(SponsorshipEvent(draft_id=draft.id, delegation_id=delegation.id, action=action,
                                 user_id=actor.user_id))
    audit.record(session, actor, "sponsor.joined" if action == JOIN else "sponsor.withdrew", draft_id=draft.id,
                 detail={"delegation": delegation.name})
    session.flush()
    changed(session).drafts.add(draft.id)  # the index lists sponsors
    return _sponsorship(session, draft)


def _acting_delegation(session: Session, actor: Actor, draft_id: int) -> tuple[Draft, Delegation]:
    draft = policy.require(actor, policy.SPONSOR, queries.draft(session, draft_id), draft_id)
    queries.lock(session, draft)  # the checks that follow see the draft as it is now, and stay true
    draft = policy.require(actor, policy.SPONSOR, draft, draft_id)  # it may have gone private meanwhile
    return draft, session.get(Delegation, actor.delegation_id)
