"""Use cases of a draft: create, save, restore, read its history, compare, circulate.

Every save appends an immutable revision (a full snapshot). A save names the
revision it started from; if someone saved in between, the two are merged three-way
(domain/merge.py) and the merge is saved on top, or, when both changed the same words,
nothing is written and the conflicts are reported. A save that changes nothing writes
nothing. Every change is recorded in the audit trail; nothing here commits (see
unit_of_work.py).
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from ..domain import dates, lifecycle
from ..domain.bodies import get_body
from ..domain.diff import DocumentDiff, diff_documents
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.merge import merge
from ..domain.validation import accept, accept_text
from ..formats import document_json
from ..store import queries, revisions
from ..store.tables import Delegation, Draft, Revision, SponsorshipEvent
from . import audit, notifications, policy
from .actors import Actor
from .errors import Conflict, MergeConflict, NotFound, StaleRevision
from .policy import CIRCULATED, PRIVATE
from .unit_of_work import changed

MAX_MESSAGE = 500
MAX_NUMBER = queries.MAX_ID
# A save retries its merge when yet another save lands between reading and writing.
MERGE_ATTEMPTS = 3


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
    stage: str = lifecycle.DRAFTING   # the lifecycle (domain/lifecycle.py): drafting, submitted, issued …
    symbol: str | None = None  # the symbol it was issued or adopted under
    state: str = lifecycle.PRIVATE    # domain/lifecycle.py STATES: the status while drafting, else the stage


@dataclass(frozen=True)
class DraftView:
    id: int
    status: str
    penholder: str
    current_revision: int
    revision: RevisionInfo
    document: Document
    can_edit: bool
    merged_with: int | None = None  # a save merged with this revision, saved meanwhile by someone else
    unchanged: bool = False         # a save that changed nothing: no revision was written
    held: str | None = None         # why the penholder cannot edit now (submitted, adopted …): domain/lifecycle.py


def _info(rev: Revision) -> RevisionInfo:
    return RevisionInfo(rev.number, rev.parent_number, rev.author.email,
                        rev.delegation.name if rev.delegation else None, rev.created_at, rev.message)


def _load(session: Session, draft_id: int) -> Draft | None:
    return queries.draft(session, draft_id)


def _revision(session: Session, draft: Draft, number: int) -> Revision:
    rev = (session.scalar(select(Revision).where(Revision.draft_id == draft.id, Revision.number == number))
           if isinstance(number, int) and 0 < number <= MAX_NUMBER else None)
    if rev is None:
        raise NotFound(f"draft {draft.id} has no revision {number}; it has 1 to {draft.current_revision}",
                       "revision")
    return rev


def _message(message: str | None, default: str) -> str:
    if message is None:
        return default
    return accept_text(message, "message", field="the message", max_chars=MAX_MESSAGE, multiline=False) or default


def _append_revision(session: Session, actor: Actor, draft: Draft, base: int, doc: Document,
                     message: str, *, editing: bool = True) -> int:
    """Write revision ``base + 1`` if ``base`` is still current and, when ``editing``, the
    text is not frozen (one compare-and-set), else raise _Overtaken."""
    stages = policy.EDITABLE_STAGES if editing else None
    if base >= MAX_NUMBER or not revisions.advance(session, draft, base, stages):
        raise _Overtaken()
    session.add(Revision(draft_id=draft.id, number=base + 1, parent_number=base or None,
                         author_id=actor.user_id, delegation_id=actor.delegation_id,
                         message=message, document=document_json.dump(doc)))
    return base + 1


class _Overtaken(Exception):
    """Another save moved the draft on between reading its current revision and writing."""


def _saved_by(session: Session, draft: Draft, number: int) -> str:
    latest = _info(_revision(session, draft, number))
    return f"{latest.author} ({latest.delegation or 'Secretariat'})"


def current_session(body: str, today: date | None = None) -> int | None:
    """The session a new draft for ``body`` is for: bodies.toml's rule over today's
    date (UTC), or its explicit `current_session`; None for an unknown body."""
    found = get_body(body)
    return found.session_on(today or dates.today()) if found else None


def create(session: Session, actor: Actor, doc: Document, message: str | None = None, *,
           base_publication_id: int | None = None) -> DraftView:
    policy.require_create(actor)
    doc = accept(doc)
    message = _message(message, "Created")
    draft = Draft(body=doc.body, title=doc.title, session=doc.session, penholder_id=actor.delegation_id,
                  status=PRIVATE, current_revision=0, created_by=actor.user_id, base_publication_id=base_publication_id)
    session.add(draft)
    session.flush()
    _append_revision(session, actor, draft, 0, doc, message, editing=False)
    session.add(SponsorshipEvent(draft_id=draft.id, delegation_id=actor.delegation_id,
                                 action="join", user_id=actor.user_id))
    audit.record(session, actor, "draft.created", draft_id=draft.id,
                 detail={"revision": 1, "message": message, "title": doc.title[:200]})
    session.flush()
    changed(session).drafts.add(draft.id)
    return view(session, actor, draft.id)


def save(session: Session, actor: Actor, draft_id: int, base_revision: int, doc: Document,
         message: str | None = None, *, event: str = "draft.saved", merge_stale: bool = True,
         detail: dict | None = None, told: frozenset[int] = frozenset()) -> DraftView:
    """Save ``doc``, edited from ``base_revision``, as the next revision. A stale base is
    merged with what was saved meanwhile (unless ``merge_stale`` is False: restoring an
    old text is a decision made on the current one); conflicts raise MergeConflict.
    ``detail`` joins the audit record; delegations in ``told`` hear of this revision
    through their own notification (a decision on their proposal), not a second one."""
    draft = policy.require(actor, policy.EDIT, _load(session, draft_id), draft_id)
    if doc.body != draft.body:
        raise InvalidDocument(f"this draft belongs to {draft.body}; its body cannot change", "body")
    if not isinstance(base_revision, int) or isinstance(base_revision, bool) or base_revision < 1:
        raise InvalidDocument("base_revision must be the number of the revision you edited", "base_revision")
    doc = accept(doc)
    message = _message(message, "")
    for _ in range(MERGE_ATTEMPTS):
        current = session.scalar(select(Draft.current_revision).where(Draft.id == draft.id))
        if base_revision > current:
            raise NotFound(f"draft {draft.id} has no revision {base_revision}; the newest is {current}",
                           "base_revision")
        merged_with, result = None, doc
        if base_revision < current:
            if not merge_stale:
                raise StaleRevision(current, _saved_by(session, draft, current), base_revision)
            result, merged_with = _merged(session, draft, base_revision, current, doc), current
        if _unchanged(session, draft, current, result):
            return replace(view(session, actor, draft_id), unchanged=True)
        try:
            number = _append_revision(session, actor, draft, current, result,
                                      _merge_message(message, merged_with, session, draft))
        except _Overtaken:
            # another save, or a submission (the text froze after the check above): asked
            # again on the draft as it now is, the policy answers 409 for the latter
            session.refresh(draft)
            policy.require(actor, policy.EDIT, draft, draft_id)
            continue
        break
    else:
        raise StaleRevision(current, _saved_by(session, draft, current), base_revision)
    draft.title, draft.session = result.title, result.session  # the listing reads these columns
    audit.record(session, actor, event, draft_id=draft_id,
                 detail={"revision": number, "message": message, **({"merged_with": merged_with} if merged_with else {}),
                         **(detail or {})})
    notifications.notify(session, actor, draft, "revision", {"revision": number, "merged_with": merged_with},
                         notifications.interested(session, draft) - told)
    session.flush()
    changed(session).drafts.add(draft_id)
    return replace(view(session, actor, draft_id), merged_with=merged_with)


def record_revision(session: Session, actor: Actor, draft: Draft, doc: Document, message: str) -> int:
    """A revision the lifecycle writes on the current one (an oral revision the
    Secretariat applies, under the draft's lock): only who may record an oral revision
    now may write one."""
    policy.require_lifecycle(actor, lifecycle.ORAL_REVISION, draft, draft.id)
    doc = accept(doc)
    try:
        number = _append_revision(session, actor, draft, draft.current_revision, doc, message)
    except _Overtaken:
        session.refresh(draft)
        if reason := policy.held(policy.EDIT, draft):
            raise Conflict(reason, "draft") from None
        raise StaleRevision(draft.current_revision, _saved_by(session, draft, draft.current_revision),
                            draft.current_revision) from None
    draft.title, draft.session = doc.title, doc.session
    session.flush()
    changed(session).drafts.add(draft.id)
    return number


def _merged(session: Session, draft: Draft, base: int, current: int, yours: Document) -> Document:
    """``yours`` (edited from ``base``) merged with the current revision, or MergeConflict."""
    base_doc = _stored_document(draft.id, _revision(session, draft, base))
    theirs = _stored_document(draft.id, _revision(session, draft, current))
    result = merge(base_doc, theirs, yours)
    if not result.clean:
        raise MergeConflict(current, _saved_by(session, draft, current), base, result.conflicts, result.proposed)
    return accept(result.document)


def _unchanged(session: Session, draft: Draft, current: int, doc: Document) -> bool:
    stored = session.scalar(select(Revision.document).where(Revision.draft_id == draft.id,
                                                           Revision.number == current))
    return stored == document_json.dump(doc)


def _merge_message(message: str, merged_with: int | None, session: Session, draft: Draft) -> str:
    if merged_with is None:
        return message
    note = f"merged with revision {merged_with} by {_saved_by(session, draft, merged_with)}"
    return f"{message} ({note})" if message else note[0].upper() + note[1:]


def restore(session: Session, actor: Actor, draft_id: int, number: int, base_revision: int) -> DraftView:
    """Make an old revision's text current again, as a new revision."""
    draft = policy.require(actor, policy.RESTORE, _load(session, draft_id), draft_id)
    old = _revision(session, draft, number)
    doc = _stored_document(draft.id, old)
    return save(session, actor, draft_id, base_revision, doc, f"Restored revision {number}",
                event="draft.restored", merge_stale=False)


def view(session: Session, actor: Actor, draft_id: int, number: int | None = None) -> DraftView:
    draft = policy.require(actor, policy.VIEW, _load(session, draft_id), draft_id)
    rev = _revision(session, draft, draft.current_revision if number is None else number)
    return DraftView(draft.id, draft.status, draft.penholder.name, draft.current_revision,
                     _info(rev), _stored_document(draft.id, rev), policy.can(actor, policy.EDIT, draft),
                     held=policy.held_for(actor, policy.EDIT, draft))


@dataclass(frozen=True)
class DraftHeader:
    """What the history and compare pages show of a draft, read from columns: they work
    even when the current revision is damaged (that is where one restores an older one)."""
    id: int
    title: str
    status: str
    penholder: str
    current_revision: int
    can_edit: bool
    held: str | None = None  # as DraftView.held


def header(session: Session, actor: Actor, draft_id: int) -> DraftHeader:
    draft = policy.require(actor, policy.HISTORY, _load(session, draft_id), draft_id)
    return DraftHeader(draft.id, draft.title, draft.status, draft.penholder.name, draft.current_revision,
                       policy.can(actor, policy.EDIT, draft), policy.held_for(actor, policy.EDIT, draft))


def history(session: Session, actor: Actor, draft_id: int) -> list[RevisionInfo]:
    draft = policy.require(actor, policy.HISTORY, _load(session, draft_id), draft_id)
    revs = session.scalars(select(Revision).where(Revision.draft_id == draft.id)
                           .order_by(Revision.number.desc()))
    return [_info(r) for r in revs]


# Finished diffs, keyed by the digests of both stored texts (a row repaired in place is
# compared afresh); looked up only after the policy check, so caching never widens access.
_DIFFS: OrderedDict[tuple, DocumentDiff] = OrderedDict()
_DIFFS_KEPT = 64


def compare(session: Session, actor: Actor, draft_id: int, a: int, b: int) -> DocumentDiff:
    draft = policy.require(actor, policy.HISTORY, _load(session, draft_id), draft_id)
    texts = _stored_texts(session, draft, (a, b))
    key = (draft.id, a, b, texts[a][0], texts[b][0])
    with _READ_LOCK:
        if key in _DIFFS:
            _DIFFS.move_to_end(key)
            return _DIFFS[key]
    old, new = (_read_document(draft.id, n, *texts[n]) for n in (a, b))
    diff = diff_documents(old, new)
    with _READ_LOCK:
        _DIFFS[key] = diff
        while len(_DIFFS) > _DIFFS_KEPT:
            _DIFFS.popitem(last=False)
    return diff


def _stored_texts(session: Session, draft: Draft, numbers: tuple[int, ...]) -> dict[int, tuple[bytes, str]]:
    """number → (digest, JSON text) of these revisions, read in one query as the stored
    text: digesting it costs a quarter of re-encoding the decoded JSON, and a cache hit
    skips decoding altogether. A missing number raises as _revision does."""
    wanted = [n for n in numbers if isinstance(n, int) and 0 < n <= MAX_NUMBER]
    rows = dict(session.execute(select(Revision.number, cast(Revision.document, Text))
                                .where(Revision.draft_id == draft.id, Revision.number.in_(wanted)))
                .all()) if wanted else {}
    for n in numbers:
        if n not in rows:
            _revision(session, draft, n)  # raises NotFound, naming the revisions there are
    # SQL NULL reads as JSON null: a damaged row, said so by _read_document
    return {n: (_digest(rows[n] or "null"), rows[n] or "null") for n in numbers}


def set_status(session: Session, actor: Actor, draft_id: int, status: str) -> DraftView:
    if status not in (PRIVATE, CIRCULATED):
        raise InvalidDocument(f"status must be {PRIVATE!r} or {CIRCULATED!r}", "status")
    draft = policy.require(actor, policy.SET_STATUS, _load(session, draft_id), draft_id)
    queries.lock(session, draft)  # a delegation joining meanwhile must not slip past the check below
    if status == draft.status:
        return view(session, actor, draft_id)
    if status == PRIVATE:
        others = [name for d, name in queries.current_sponsors(session, draft.id).items() if d != draft.penholder_id]
        policy.require_make_private(draft, sorted(others))
    draft.status = status
    audit.record(session, actor, "draft.circulated" if status == CIRCULATED else "draft.made_private",
                 draft_id=draft_id, detail={"revision": draft.current_revision})
    session.flush()
    changed(session).drafts.add(draft_id)
    return view(session, actor, draft_id)


def visible(session: Session, actor: Actor) -> list[DraftSummary]:
    """The drafts this actor may see, newest change first. Reads columns only: a damaged
    revision shows up on its own page, never here."""
    query = (select(Draft.id, Draft.body, Draft.session, Draft.title, Draft.status, Delegation.name,
                    Draft.current_revision, Revision.created_at, Draft.penholder_id, Draft.stage, Draft.symbol)
             .join(Revision, (Revision.draft_id == Draft.id) & (Revision.number == Draft.current_revision))
             .join(Delegation, Delegation.id == Draft.penholder_id)
             .where(policy.visible_clause(actor))
             .order_by(Revision.created_at.desc(), Draft.id.desc()))
    return [DraftSummary(i, body, number, title, status, pen, current, at, pen_id == actor.delegation_id, stage, symbol,
                         lifecycle.state_of(status, stage or lifecycle.DRAFTING))
            for i, body, number, title, status, pen, current, at, pen_id, stage, symbol in session.execute(query)]


class DamagedRevision(InvalidDocument):
    """A stored revision that this version cannot read (written by hand or by an older
    version): only its own pages fail, naming it; `flask --app app doctor` repairs it.
    409: the request is sound, the stored state conflicts with it."""
    status = 409


# Reading a revision (JSON → Document → the validation rule) costs ~70 ms on a
# 450-paragraph text, and the live check, compare, merges and the compilation read the
# same few again and again. The key is a digest of the stored JSON itself (~1 ms), so a
# row changed in place (doctor, a restore under a running process) is read afresh.
_READ: OrderedDict[tuple, Document] = OrderedDict()
_READ_KEPT = 32
_READ_LOCK = threading.Lock()


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _stored_document(draft_id: int, rev: Revision) -> Document:
    return _read_document(draft_id, rev.number, _digest(json.dumps(rev.document, ensure_ascii=False)),
                          rev.document)


def _read_document(draft_id: int, number: int, digest: bytes, stored: dict | str) -> Document:
    """Revision ``number``'s Document from its stored JSON (decoded, or the text itself)."""
    key = (draft_id, number, digest)
    with _READ_LOCK:
        if key in _READ:
            _READ.move_to_end(key)
            return _READ[key]
    # accept(), not validate(): what cleaning fixes (spaces an older version kept) still
    # reads; `doctor` reports such rows by the strict rule.
    try:
        doc = accept(document_json.load(json.loads(stored) if isinstance(stored, str) else stored))
    except (InvalidDocument, ValueError) as error:
        raise DamagedRevision(f"revision {number} of draft {draft_id} is damaged ({error}); "
                              "an administrator can repair it with `flask --app app doctor --repair`",
                              "revision") from None
    with _READ_LOCK:
        _READ[key] = doc
        while len(_READ) > _READ_KEPT:
            _READ.popitem(last=False)
    return doc
