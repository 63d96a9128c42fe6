"""The drafts list in SQL: filters, sort and one page, in three queries whatever the page
size (count, rows, sponsors of those rows) — never one per row."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from ..domain import lifecycle
from .queries import JOIN
from .tables import (
    Delegation,
    Draft,
    Proposal,
    ProposalDelegation,
    Revision,
    SponsorshipEvent,
    User,
)

WITHDRAWN_PROPOSAL = "withdrawn"


def state_column() -> ColumnElement:
    """domain/lifecycle.state_of in SQL: the status while drafting, else the stage."""
    stage = func.coalesce(Draft.stage, lifecycle.DRAFTING)
    return case((stage == lifecycle.DRAFTING, Draft.status), else_=stage)


def sponsoring_clause(delegation_id: int) -> ColumnElement:
    """Drafts ``delegation_id`` sponsors now: its last word on them is "join"
    (store/queries.sponsors_now, in SQL)."""
    last = aliased(SponsorshipEvent)
    newest = (select(func.max(last.id)).where(last.draft_id == Draft.id, last.delegation_id == delegation_id)
              .correlate(Draft).scalar_subquery())
    return exists().where(SponsorshipEvent.id == newest, SponsorshipEvent.action == JOIN).correlate(Draft)


def proposing_clause(delegation_id: int) -> ColumnElement:
    """Drafts on which ``delegation_id`` makes (or made, and did not withdraw) a proposal."""
    return exists().where(Proposal.draft_id == Draft.id, Proposal.status != WITHDRAWN_PROPOSAL,
                          ProposalDelegation.proposal_id == Proposal.id,
                          ProposalDelegation.delegation_id == delegation_id)


def title_clause(text: str) -> ColumnElement:
    return Draft.title.icontains(text, autoescape=True)


_STATE_ORDER = case({state: i for i, state in enumerate(lifecycle.STATES)}, value=state_column(), else_=99)


def sort_columns(sort: str, descending: bool, changed_at) -> list:
    key = {"changed": changed_at, "title": func.lower(Draft.title), "session": Draft.session,
           "state": _STATE_ORDER}[sort]
    # ties: the newest change first, then the newest draft, so pages never overlap
    return [key.desc() if descending else key.asc(), changed_at.desc(), Draft.id.desc()]


def count(session: Session, where: Sequence[ColumnElement]) -> int:
    return session.scalar(select(func.count()).select_from(Draft).where(*where)) or 0


def page_rows(session: Session, where: Sequence[ColumnElement], sort: str, descending: bool,
              offset: int, limit: int) -> list:
    """One page of drafts with their penholder and last revision (time, author, delegation)."""
    pen, by = aliased(Delegation), aliased(Delegation)
    query: Select = (
        select(Draft.id, Draft.title, Draft.body, Draft.session, Draft.status, Draft.stage, Draft.symbol,
               Draft.current_revision, Draft.penholder_id, pen.name, Revision.created_at, User.email, by.name,
               state_column())
        .join(Revision, and_(Revision.draft_id == Draft.id, Revision.number == Draft.current_revision))
        .join(pen, pen.id == Draft.penholder_id)
        .join(User, User.id == Revision.author_id)
        .outerjoin(by, by.id == Revision.delegation_id)
        .where(*where)
        .order_by(*sort_columns(sort, descending, Revision.created_at))
        .offset(offset).limit(limit))
    return list(session.execute(query))


def sponsor_counts(session: Session, draft_ids: Sequence[int]) -> dict[int, int]:
    """draft id → how many delegations sponsor it now (the penholder included)."""
    if not draft_ids:
        return {}
    rows = session.execute(
        select(SponsorshipEvent.draft_id, func.count())
        .where(SponsorshipEvent.draft_id.in_(list(draft_ids)), SponsorshipEvent.action == JOIN,
               SponsorshipEvent.id.in_(_last_per_pair(draft_ids)))
        .group_by(SponsorshipEvent.draft_id))
    return dict(rows.all())


def _last_per_pair(draft_ids: Sequence[int]):
    """Each (draft, delegation)'s newest sponsorship event: its last word, join or withdraw."""
    inner = aliased(SponsorshipEvent)
    return (select(func.max(inner.id)).where(inner.draft_id.in_(list(draft_ids)))
            .group_by(inner.draft_id, inner.delegation_id))
