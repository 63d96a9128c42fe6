"""Use cases of a draft: create, save, restore, read its history, compare, circulate.

Every save appends an immutable revision (a full snapshot). A save names the
revision it started from; if someone saved in between, it is refused and nothing is
written (automatic merging comes later).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.diff import DocumentDiff, diff_documents
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.validation import validate
from ..formats import document_json
from ..store import revisions
from ..store.tables import Delegation, Draft, Revision, SponsorshipEvent
from . import indexing
from .actors import Actor
from .errors import Forbidden, NotFound, StaleRevision
from .permissions import CIRCULATED, PRIVATE, can_edit, require_edit, require_view

MAX_MESSAGE = 500
MAX_NUMBER = 2**31 - 1  # ids and revision numbers are 32-bit INTEGER columns


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    parent: int | None
    author: str
    delegation: str | None
    created_at: datetime
    message: str


@dataclass(frozen=True)
class DraftSummary:
    id: int
    body: str
    session: int
    title: str
    status: str
    penholder: str
    current_revision: int
    updated_at: datetime
    mine: bool


@dataclass(frozen=True)
class DraftView:
    id: int
    status: str
    penholder: str
    current_revision: int
    revision: RevisionInfo
    document: Document
    can_edit: bool


def _info(rev: Revision) -> RevisionInfo:
    return RevisionInfo(rev.number, rev.parent_number, rev.author.email,
                        rev.delegation.name if rev.delegation else None, rev.created_at, rev.message)


def _load(session: Session, draft_id: int) -> Draft | None:
    if not isinstance(draft_id, int) or not 0 < draft_id <= MAX_NUMBER:
        return None
    return session.get(Draft, draft_id)


def _revision(session: Session, draft: Draft, number: int) -> Revision:
    rev = (session.scalar(select(Revision).where(Revision.draft_id == draft.id, Revision.number == number))
           if isinstance(number, int) and 0 < number <= MAX_NUMBER else None)
    if rev is None:
        raise NotFound(f"draft {draft.id} has no revision {number}; it has 1 to {draft.current_revision}",
                       "revision")
    return rev


def _message(message: str | None, default: str) -> str:
    if message is not None and not isinstance(message, str):
        raise InvalidDocument("the message must be text", "message")
    message = (message or "").strip() or default
    if len(message) > MAX_MESSAGE:
        raise InvalidDocument(f"the message is longer than {MAX_MESSAGE} characters", "message")
    return message


def _append_revision(session: Session, actor: Actor, draft: Draft, base: int, doc: Document,
                     message: str) -> int:
    number = base + 1
    if base >= MAX_NUMBER or not revisions.advance(session, draft, base):
        current = session.scalar(select(Draft.current_revision).where(Draft.id == draft.id))
        if base > current:
            raise NotFound(f"draft {draft.id} has no revision {base}; the newest is {current}", "base_revision")
        latest = _info(_revision(session, draft, current))
        raise StaleRevision(current, f"{latest.author} ({latest.delegation or 'Secretariat'})", base)
    session.add(Revision(draft_id=draft.id, number=number, parent_number=base or None,
                         author_id=actor.user_id, delegation_id=actor.delegation_id,
                         message=message, document=document_json.dump(doc)))
    return number


def create(session: Session, actor: Actor, doc: Document, message: str | None = None, *,
           base_publication_id: int | None = None) -> DraftView:
    if actor.delegation_id is None:
        raise Forbidden("drafts are tabled by delegations; the Secretariat cannot hold the pen", "draft")
    validate(doc)
    with indexing.transaction(session) as changed:
        draft = Draft(body=doc.body, penholder_id=actor.delegation_id, status=PRIVATE,
                      current_revision=0, created_by=actor.user_id, base_publication_id=base_publication_id)
        session.add(draft)
        session.flush()
        _append_revision(session, actor, draft, 0, doc, _message(message, "Created"))
        session.add(SponsorshipEvent(draft_id=draft.id, delegation_id=actor.delegation_id,
                                     action="join", user_id=actor.user_id))
        changed.drafts.add(draft.id)
    return view(session, actor, draft.id)


def save(session: Session, actor: Actor, draft_id: int, base_revision: int, doc: Document,
         message: str | None = None) -> DraftView:
    draft = require_edit(actor, _load(session, draft_id), draft_id)
    if doc.body != draft.body:
        raise InvalidDocument(f"this draft belongs to {draft.body}; its body cannot change", "body")
    if not isinstance(base_revision, int) or isinstance(base_revision, bool) or base_revision < 1:
        raise InvalidDocument("base_revision must be the number of the revision you edited", "base_revision")
    validate(doc)
    message = _message(message, "")
    with indexing.transaction(session) as changed:
        _append_revision(session, actor, draft, base_revision, doc, message)
        changed.drafts.add(draft_id)
    return view(session, actor, draft_id)


def restore(session: Session, actor: Actor, draft_id: int, number: int, base_revision: int) -> DraftView:
    """Make an old revision's text current again, as a new revision."""
    draft = require_edit(actor, _load(session, draft_id), draft_id)
    old = _revision(session, draft, number)
    doc = document_json.load(old.document)
    return save(session, actor, draft_id, base_revision, doc, f"Restored revision {number}")


def view(session: Session, actor: Actor, draft_id: int, number: int | None = None) -> DraftView:
    draft = require_view(actor, _load(session, draft_id), draft_id)
    rev = _revision(session, draft, draft.current_revision if number is None else number)
    return DraftView(draft.id, draft.status, draft.penholder.name, draft.current_revision,
                     _info(rev), document_json.load(rev.document), can_edit(actor, draft))


def history(session: Session, actor: Actor, draft_id: int) -> list[RevisionInfo]:
    draft = require_view(actor, _load(session, draft_id), draft_id)
    revs = session.scalars(select(Revision).where(Revision.draft_id == draft.id)
                           .order_by(Revision.number.desc()))
    return [_info(r) for r in revs]


def compare(session: Session, actor: Actor, draft_id: int, a: int, b: int) -> DocumentDiff:
    draft = require_view(actor, _load(session, draft_id), draft_id)
    old, new = (document_json.load(_revision(session, draft, n).document) for n in (a, b))
    return diff_documents(old, new)


def set_status(session: Session, actor: Actor, draft_id: int, status: str) -> DraftView:
    if status not in (PRIVATE, CIRCULATED):
        raise InvalidDocument(f"status must be {PRIVATE!r} or {CIRCULATED!r}", "status")
    draft = require_edit(actor, _load(session, draft_id), draft_id)
    with indexing.transaction(session) as changed:
        draft.status = status
        changed.drafts.add(draft_id)
    return view(session, actor, draft_id)


def visible(session: Session, actor: Actor) -> list[DraftSummary]:
    """The drafts this actor may see, newest change first."""
    query = (select(Draft, Revision, Delegation)
             .join(Revision, (Revision.draft_id == Draft.id) & (Revision.number == Draft.current_revision))
             .join(Delegation, Delegation.id == Draft.penholder_id)
             .order_by(Revision.created_at.desc()))
    if not actor.is_secretariat:
        query = query.where((Draft.status == CIRCULATED) | (Draft.penholder_id == actor.delegation_id))
    return [DraftSummary(d.id, d.body, r.document.get("session", 0), r.document.get("title", ""),
                         d.status, pen.name, d.current_revision, r.created_at,
                         d.penholder_id == actor.delegation_id)
            for d, r, pen in session.execute(query)]
