"""What is new for a delegation: written when it happens (fan-out), read per user.

A use case that changes something others follow calls ``notify`` in the same unit of
work, naming who should hear of it; ``interested`` is the usual audience of a draft
(its sponsors, the penholder, and every delegation that proposed on it). The acting
delegation never notifies itself. Visibility is checked when reading (see listing
code), so a draft made private again stops showing in others' lists.

Reading: a user sees their delegation's notifications on drafts they can still see,
newest first, each with a sentence and the address of the exact place; read state is
per user (two members of one delegation each have their own). The Secretariat follows
no delegation, so it has none.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable
from urllib.parse import quote

from sqlalchemy import and_, func, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..store import queries
from ..store.tables import Draft, Notification, NotificationRead, Proposal, ProposalDelegation, UtcDateTime, utcnow
from . import policy
from .actors import Actor
from .errors import NotFound

# revision: a new revision of the text; decision: the penholder decided a proposal;
# reply: an answer to a comment; status: a paragraph's status or the draft's changed;
# proposal: a delegation proposed on (or joined a proposal to) the penholder's draft;
# comment: a new comment thread on the penholder's draft; lifecycle: the draft was
# submitted, issued, revised or acted on (detail "summary" says how).
KINDS = ("revision", "decision", "reply", "status", "proposal", "comment", "lifecycle")


def interested(session: Session, draft: Draft) -> set[int]:
    """The delegations that follow a draft: penholder, sponsors, and proposers."""
    proposers = session.scalars(select(ProposalDelegation.delegation_id).join(
        Proposal, Proposal.id == ProposalDelegation.proposal_id).where(Proposal.draft_id == draft.id))
    return {draft.penholder_id, *queries.current_sponsors(session, draft.id), *proposers}


def notify(session: Session, actor: Actor, draft: Draft, kind: str, detail: dict,
           delegation_ids: Iterable[int]) -> None:
    """One notification per delegation in ``delegation_ids``, except the actor's own.
    ``detail`` says where it points (revision, paragraph, proposal, comment) and what it says."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    for delegation_id in sorted(set(delegation_ids) - {actor.delegation_id}):
        session.add(Notification(delegation_id=delegation_id, draft_id=draft.id, kind=kind,
                                 detail={"by": actor.label, "by_delegation": actor.delegation_name or "Secretariat",
                                         **detail}))


# --- reading -------------------------------------------------------------------------

PER_PAGE = 50
FOR_DELEGATIONS = ("Notifications follow a delegation: new revisions, decisions, replies and status changes "
                   "reach the delegations concerned. The Secretariat, which belongs to none, has none.")


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: str
    draft_id: int
    draft_title: str
    at: datetime
    by: str        # the delegation that acted (or "Secretariat")
    text: str      # "Japan's proposal on OP3 was accepted in revision 6"
    url: str       # the exact place: a compare, a proposal, a paragraph, a comment
    read: bool


@dataclass(frozen=True)
class Listing:
    items: list[NotificationView]
    total: int     # of the list asked for (all, or unread only)
    unread: int
    page: int
    pages: int
    message: str | None = None  # why the list is empty by design (the Secretariat)
    newest: int | None = None   # the newest id: "mark all read" marks up to it, not what arrives later


def listing(session: Session, actor: Actor, *, unread_only: bool = False, page: int = 1,
            per_page: int = PER_PAGE) -> Listing:
    if actor.delegation_id is None:
        return Listing([], 0, 0, 1, 1, FOR_DELEGATIONS)
    per_page = max(1, min(per_page, 200))
    read = NotificationRead.id
    total, seen, newest = session.execute(_mine(actor, func.count(), func.count(read), func.max(Notification.id))).one()
    unread = total - seen
    wanted = unread if unread_only else total
    pages = max(1, -(-wanted // per_page))
    page = max(1, min(page, pages))
    query = _mine(actor, Notification, Draft.title, read)
    if unread_only:
        query = query.where(read.is_(None))
    rows = session.execute(query.order_by(Notification.id.desc()).offset((page - 1) * per_page).limit(per_page))
    return Listing([_view(actor, n, title, r is not None) for n, title, r in rows], wanted, unread, page, pages,
                   newest=newest)


def unread_count(session: Session, actor: Actor) -> int:
    """One small query (the navigation shows it on every page)."""
    if actor.delegation_id is None:
        return 0
    return session.scalar(_mine(actor, func.count()).where(NotificationRead.id.is_(None))) or 0


def open_one(session: Session, actor: Actor, notification_id: object) -> NotificationView:
    """The notification, marked read for this user: opening it is reading it."""
    found = None
    if isinstance(notification_id, int) and not isinstance(notification_id, bool) \
            and 0 < notification_id <= queries.MAX_ID and actor.delegation_id is not None:
        found = session.execute(_mine(actor, Notification, Draft.title, NotificationRead.id)
                                .where(Notification.id == notification_id)).first()
    if found is None:
        shown = notification_id if isinstance(notification_id, int) else "of that kind"
        raise NotFound(f"you have no notification {shown}", "notification")
    notification, title, _ = found
    _mark(session, actor, select(Notification.id).where(Notification.id == notification.id))
    return _view(actor, notification, title, True)


class BadBound(DomainError):
    """An ``up_to`` that is not a notification id (a page's form and the API alike): 400."""


def mark_all_read(session: Session, actor: Actor, up_to: object = None) -> int:
    """Marks the user's unread notifications read (only those up to ``up_to``, the newest
    the user saw, so one arriving meanwhile stays unread). Returns how many. ``up_to`` is
    None or a whole number no id exceeds (at most MAX_ID; zero or less marks nothing);
    anything else is refused, never read as "all"."""
    if up_to is not None and (not isinstance(up_to, int) or isinstance(up_to, bool) or up_to > queries.MAX_ID):
        shown = "" if isinstance(up_to, bool) or not isinstance(up_to, int) else " (that is past any id)"
        raise BadBound(f"up_to must be the id of the newest notification you saw, a whole number up to "
                       f"{queries.MAX_ID:,}{shown}, or left out", "up_to")
    if actor.delegation_id is None:
        return 0
    query = _mine(actor, Notification.id).where(NotificationRead.id.is_(None))
    if up_to is not None:
        query = query.where(Notification.id <= up_to)
    return _mark(session, actor, query)


def _mine(actor: Actor, *columns):
    """The actor's delegation's notifications on drafts the actor may still see, each
    joined with this user's read mark (NULL: unread)."""
    return (select(*columns).select_from(Notification)
            .join(Draft, Draft.id == Notification.draft_id)
            .outerjoin(NotificationRead, and_(NotificationRead.notification_id == Notification.id,
                                              NotificationRead.user_id == actor.user_id))
            .where(Notification.delegation_id == actor.delegation_id, policy.visible_clause(actor)))


def _mark(session: Session, actor: Actor, ids) -> int:
    """Read marks for the notifications ``ids`` selects; a mark already there (a second
    tab, a double click) is left alone rather than failing on the unique constraint."""
    rows = select(ids.subquery().c[0], literal(actor.user_id), literal(utcnow(), UtcDateTime()))
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (insert(NotificationRead).from_select(["notification_id", "user_id", "at"], rows.where(true()))
                 .on_conflict_do_nothing(index_elements=["notification_id", "user_id"]))
    # RETURNING counts what was written: an INSERT … SELECT's rowcount is not reliable on every driver
    return len(session.execute(statement.returning(NotificationRead.id)).all())


_DECISIONS = {"accept": "accepted", "reject": "rejected"}
_STATUSES = {"pending": "pending", "agreed_ad_ref": "agreed ad ref", "bracketed": "bracketed",
             "deleted": "deleted"}


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _view(actor: Actor, n: Notification, title: str, read: bool) -> NotificationView:
    detail = n.detail if isinstance(n.detail, dict) else {}
    by = detail.get("by_delegation") or detail.get("by") or "A delegation"
    return NotificationView(n.id, n.kind, n.draft_id, title, n.at, by, describe(n.kind, detail, by, actor),
                            target(n.kind, n.draft_id, detail), read)


def describe(kind: str, detail: dict, by: str, reader: Actor) -> str:
    """The sentence a delegate reads ("Japan's proposal on OP3 was accepted in revision 6")."""
    label = detail.get("label") if isinstance(detail.get("label"), str) else None
    on = f"on {label}" if label else "on a paragraph"
    revision = _int(detail.get("revision"))
    if kind == "revision":
        merged = _int(detail.get("merged_with"))
        return (f"{by} saved revision {revision}" if revision else f"{by} saved a new revision") + (
            f" (merged with revision {merged})" if merged else "")
    if kind == "decision":
        verdict = _DECISIONS.get(detail.get("decision"), "decided")
        if verdict == "accepted" and detail.get("with_changes"):  # when the decision says so
            verdict = "accepted with changes"
        text = f"{reader.delegation_name}'s proposal {on} was {verdict}"
        return text + (f" in revision {revision}" if revision and verdict != "rejected" else "")
    if kind == "status":
        status = _STATUSES.get(detail.get("status"), "changed")
        return f"{by} marked {label or 'a paragraph'} {status}"
    if kind == "reply":
        return f"{by} replied in a comment thread {on}"
    if kind == "comment":
        return f"{by} commented {on}"
    if kind == "lifecycle" and isinstance(detail.get("summary"), str):
        return detail["summary"]
    if kind == "proposal":
        joined = detail.get("joined") is True  # support() may say so; make() does not
        return f"{by} joined a proposal {on}" if joined else f"{by} made a proposal {on}"
    return f"{by}: {kind}"


def target(kind: str, draft_id: int, detail: dict) -> str:
    """The address of the exact place a notification is about (paths: the pages' own)."""
    base = f"/drafts/{draft_id}"
    revision, proposal, comment = (_int(detail.get(k)) for k in ("revision", "proposal", "comment"))
    paragraph = detail.get("paragraph") if isinstance(detail.get("paragraph"), str) else None
    if kind == "revision" and revision:
        return f"{base}/compare?from={revision - 1}&to={revision}" if revision > 1 else base
    if kind in ("decision", "proposal") and proposal:
        return f"{base}/compilation#proposal-{proposal}"
    if kind in ("reply", "comment") and comment:
        return f"{base}/compilation#comment-{comment}"
    if kind == "lifecycle":
        return f"{base}#lifecycle"
    if kind == "status" and paragraph:
        return f"{base}/compilation#para-{quote(paragraph, safe='')}"
    return f"{base}/compilation" if kind != "revision" else base
