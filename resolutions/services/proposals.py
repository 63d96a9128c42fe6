"""Proposals (amendments) by delegations, and the penholder's decisions on them.

A delegation that sees a circulated draft proposes, per paragraph, on the revision it
reads: replace the paragraph's text (or a part of it), delete it, or insert a new
paragraph after it or inside it. Other delegations join a proposal ("EU, US: delete");
each of its delegations may leave it, and when the last leaves it is withdrawn. The
penholder accepts it (as proposed, or with a compromise text: a new revision whose
message names the proposal and its delegations) or rejects it, with a note; a decision
is final (409 after). A proposal made on an older revision is carried forward while its
paragraph reads as it did then, and is "outdated" once the paragraph changed or left
the text (it is still shown, against the new text).

Labels are those of the compilation text (compilation_labels: "OP3 bis"), read against
the text as first circulated. Every change to a draft's proposals first locks the draft
(queries.lock), so two decisions, or a withdrawal and a decision, cannot cross. Nothing
here commits (see unit_of_work.py).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..domain import amendments
from ..domain.amendments import DELETE, INSERT, KINDS, POSITIONS, REPLACE, Amendment, PendingInsert
from ..domain.document import Document, new_id
from ..domain.errors import InvalidDocument
from ..domain.numbering import labels as clean_labels
from ..domain.text import preview
from ..domain.validation import MAX_PARAGRAPH_CHARS, accept, accept_text, is_valid_id
from ..store import queries
from ..store.tables import AuditEvent, Draft, Proposal, ProposalDelegation, User, utcnow
from . import audit, drafts, notifications, policy
from .actors import Actor
from .errors import Conflict, NotFound

OPEN, ACCEPTED, REJECTED, WITHDRAWN = "open", "accepted", "rejected", "withdrawn"
STATUSES = (OPEN, ACCEPTED, REJECTED, WITHDRAWN)
ACCEPT, REJECT = "accept", "reject"
DECISIONS = (ACCEPT, REJECT)
MAX_NOTE_CHARS = 2_000
MAX_OPEN = 1_000  # open proposals a draft holds; a script cannot bury the penholder past this


@dataclass(frozen=True)
class Texts:
    """What a negotiation is read against: the current text, the labels of the text as
    first circulated (the reference), and the compilation labels."""
    current: Document
    revision: int
    reference_labels: dict[str, str]
    reference_revision: int
    labels: dict[str, str]


@dataclass(frozen=True)
class ProposalView:
    id: int
    draft_id: int
    kind: str
    paragraph_id: str
    label: str                  # the paragraph's compilation label (the one it had, once it left the text)
    position: str | None
    text: str
    replaces: str | None
    new_paragraph_id: str | None
    new_label: str | None       # insert: the new paragraph's label ("OP3 bis")
    note: str
    status: str
    delegations: tuple[str, ...]
    delegation_ids: tuple[int, ...]
    base_revision: int
    paragraph_text: str         # the paragraph's markup on the revision the proposal was made on
    current_text: str | None    # and now (None: it left the text)
    outdated: bool
    summary: str                # as a compilation text prints it: "[delete] (EU, US)"
    created_by: str
    created_at: datetime
    result: str | None          # open: the wording that would go in if accepted now (None: cannot apply)
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str = ""
    decision_text: str | None = None
    decided_revision: int | None = None
    can_support: bool = False
    can_withdraw: bool = False
    can_decide: bool = False

    @property
    def in_text(self) -> bool:
        return self.current_text is not None


# --- the use cases ---------------------------------------------------------------------------

def make(session: Session, actor: Actor, draft_id: int, base_revision: object, kind: object,
         paragraph_id: object, text: object = None, *, position: object = None, replaces: object = None,
         note: object = None) -> ProposalView:
    """A new proposal by the actor's delegation on ``paragraph_id`` as it reads in ``base_revision``."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    if not isinstance(base_revision, int) or isinstance(base_revision, bool) or base_revision < 1:
        raise InvalidDocument("base_revision must be the number of the revision you read", "base_revision")
    if kind not in KINDS:
        raise InvalidDocument(f"kind must be one of {', '.join(KINDS)}", "kind")
    if not isinstance(paragraph_id, str) or not is_valid_id(paragraph_id):
        raise InvalidDocument("paragraph must be the id of one of the draft's paragraphs", "paragraph")
    base = drafts.view(session, actor, draft_id, base_revision).document  # 404 past the newest
    current = base if base_revision == draft.current_revision else drafts.view(session, actor, draft_id).document
    target = base.find(paragraph_id)
    if target is None:
        raise InvalidDocument(f"there is no paragraph {preview(paragraph_id)} in revision {base_revision}",
                              "paragraph")
    if current.find(paragraph_id) is None:
        raise Conflict(f"this paragraph has left the text since revision {base_revision} (the current one is "
                       f"{draft.current_revision}): reload the compilation and propose on what it says now",
                       "paragraph")
    amendment = _checked(kind, paragraph_id, text, position, replaces)
    if amendment.replaces is not None and amendment.text == amendments.markup_of(target):
        raise InvalidDocument("the text holds the whole paragraph; give only the words that take the place of "
                              f"{preview(amendment.replaces)}", "text")
    note = _note(note)
    if kind == INSERT:
        amendment = Amendment(INSERT, paragraph_id, amendment.text, position=amendment.position,
                              new_paragraph_id=_fresh_id(session, draft, base, current))
    result = accept(amendments.apply(base, amendment))  # the one document rule, on the text it amends
    if kind == REPLACE and result == base:
        raise InvalidDocument("the proposal changes nothing: the paragraph reads so already", "text")

    queries.lock(session, draft)
    open_rows = _rows(session, draft.id, OPEN)
    if len(open_rows) >= MAX_OPEN:
        raise Conflict(f"draft {draft.id} holds {len(open_rows):,} open proposals, the most it takes; the "
                       "penholder must decide some first", "proposal")
    twin = next((r for r in open_rows if _same(r, amendment)), None)
    if twin is not None:
        raise Conflict(f"proposal {twin.id} ({_names(twin)}) proposes this already; join it instead", "proposal")
    row = Proposal(draft_id=draft.id, base_revision=base_revision, kind=kind, paragraph_id=paragraph_id,
                   position=amendment.position, text=amendment.text, replaces=amendment.replaces,
                   new_paragraph_id=amendment.new_paragraph_id, paragraph_text=amendments.markup_of(target),
                   note=note, status=OPEN, created_by=actor.user_id)
    row.delegations.append(ProposalDelegation(delegation_id=actor.delegation_id, user_id=actor.user_id))
    session.add(row)
    session.flush()
    texts = negotiation_texts(session, actor, draft, open_rows + [row])
    view = _view(session, actor, draft, row, texts)
    audit.record(session, actor, "proposal.made", draft_id=draft.id, detail={
        "proposal": row.id, "kind": kind, "paragraph": paragraph_id, "label": view.label,
        "revision": base_revision, "delegation": actor.delegation_name, "summary": view.summary[:200]})
    notifications.notify(session, actor, draft, "proposal",
                         {"proposal": row.id, "paragraph": paragraph_id, "label": view.label}, {draft.penholder_id})
    session.flush()
    return view


def support(session: Session, actor: Actor, draft_id: int, proposal_id: object) -> ProposalView:
    """The actor's delegation joins an open proposal."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    queries.lock(session, draft)
    row = _open(_proposal(session, draft, proposal_id))
    if actor.delegation_id in _ids(row):
        raise Conflict(f"{actor.delegation_name} already makes proposal {row.id}", "proposal")
    row.delegations.append(ProposalDelegation(delegation_id=actor.delegation_id, user_id=actor.user_id))
    session.flush()
    view = _view(session, actor, draft, row)
    audit.record(session, actor, "proposal.supported", draft_id=draft.id, detail={
        "proposal": row.id, "paragraph": row.paragraph_id, "label": view.label,
        "delegation": actor.delegation_name})
    notifications.notify(session, actor, draft, "proposal",
                         {"proposal": row.id, "paragraph": row.paragraph_id, "label": view.label, "joined": True},
                         {draft.penholder_id})
    session.flush()
    return view


def withdraw(session: Session, actor: Actor, draft_id: int, proposal_id: object) -> ProposalView:
    """The actor's delegation leaves an open proposal it makes; the last to leave withdraws it."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    queries.lock(session, draft)
    row = _open(_proposal(session, draft, proposal_id))
    policy.require_withdraw(actor, _ids(row))
    closed = len(row.delegations) == 1
    if closed:
        row.status, row.decided_by, row.decided_at = WITHDRAWN, actor.user_id, utcnow()
    else:
        row.delegations.remove(next(d for d in row.delegations if d.delegation_id == actor.delegation_id))
    session.flush()
    view = _view(session, actor, draft, row)
    audit.record(session, actor, "proposal.withdrawn", draft_id=draft.id, detail={
        "proposal": row.id, "paragraph": row.paragraph_id, "label": view.label,
        "delegation": actor.delegation_name, "closed": closed})
    session.flush()
    return view


def decide(session: Session, actor: Actor, draft_id: int, proposal_id: object, decision: object,
           text: object = None, note: object = None) -> ProposalView:
    """The penholder's decision. ``accept`` puts the proposal in the current text as a new
    revision; with ``text`` (accepted with changes), that wording goes in instead: the
    paragraph's whole new text (replace, delete) or the new paragraph's (insert)."""
    draft = policy.require(actor, policy.DECIDE, queries.draft(session, draft_id), draft_id)
    if decision not in DECISIONS:
        raise InvalidDocument(f"decision must be {ACCEPT!r} or {REJECT!r}", "decision")
    note = _note(note)
    if decision == REJECT and text is not None:
        raise InvalidDocument("a rejection takes a note, not a text", "text")
    changed_text = None if text is None else accept_text(
        text, "text", field="the text", max_chars=MAX_PARAGRAPH_CHARS, required=True)
    queries.lock(session, draft)
    row = _open(_proposal(session, draft, proposal_id))
    texts = negotiation_texts(session, actor, draft)
    label = _label(session, draft, row, texts)  # as the room knew it when deciding
    revision = None
    if decision == ACCEPT:
        if texts.current.find(row.paragraph_id) is None:
            raise Conflict(f"{label} is no longer in the text (revision "
                           f"{texts.revision}); reject the proposal, or edit the text", "proposal")
        result = texts.current if _in_already(row, texts, changed_text) else accept(
            amendments.apply(texts.current, _amendment(row, changed_text)))
        if result != texts.current:
            message = _message(row, texts, changed_text is not None)
            saved = drafts.save(session, actor, draft.id, texts.revision, result, message)
            revision = None if saved.unchanged else saved.current_revision
    row.status = ACCEPTED if decision == ACCEPT else REJECTED
    row.decided_by, row.decided_at, row.decision_note = actor.user_id, utcnow(), note
    row.decision_text, row.decided_revision = changed_text, revision
    session.flush()
    view = _view(session, actor, draft, row, texts if revision is None else None)
    audit.record(session, actor, "proposal.decided", draft_id=draft.id, detail={
        "proposal": row.id, "decision": decision, "with_changes": changed_text is not None, "revision": revision,
        "outcome": "rejected" if decision == REJECT else "accepted with changes" if changed_text else "accepted",
        "paragraph": row.paragraph_id, "label": label, "note": note[:200], "delegation": _names(row)[:200]})
    notifications.notify(session, actor, draft, "decision", {
        "proposal": row.id, "decision": decision, "revision": revision, "paragraph": row.paragraph_id,
        "label": label, "with_changes": changed_text is not None}, _ids(row))
    session.flush()
    return view


def of_draft(session: Session, actor: Actor, draft_id: int, status: object = None) -> list[ProposalView]:
    """The draft's proposals, oldest first (``status``: only those open, accepted …)."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    if status is not None and status not in STATUSES:
        raise InvalidDocument(f"status must be one of {', '.join(STATUSES)}", "status")
    return snapshot(session, actor, draft, status)[1]


def one(session: Session, actor: Actor, draft_id: int, proposal_id: object) -> ProposalView:
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    return _view(session, actor, draft, _proposal(session, draft, proposal_id))


def snapshot(session: Session, actor: Actor, draft: Draft, status: str | None = None
             ) -> tuple[Texts, list[ProposalView]]:
    """The texts and the proposals (for the compilation text), read once. ``draft`` must
    already have passed the policy."""
    rows = _rows(session, draft.id, status)
    opened = rows if status == OPEN else [r for r in rows if r.status == OPEN]
    texts = negotiation_texts(session, actor, draft, opened if status in (None, OPEN) else None)
    people = _emails(session, {u for r in rows for u in (r.created_by, r.decided_by) if u})
    made = _labels_when_made(session, draft.id) if any(texts.current.find(r.paragraph_id) is None for r in rows) else {}
    return texts, [_view(session, actor, draft, r, texts, people, made) for r in rows]


def negotiation_texts(session: Session, actor: Actor, draft: Draft, open_rows: list[Proposal] | None = None
                      ) -> Texts:
    current = drafts.view(session, actor, draft.id)
    reference_number = reference_revision(session, draft)
    if reference_number == current.current_revision:
        fixed = clean_labels(current.document)
    else:
        key = (draft.id, draft.created_at, reference_number)
        fixed = _REFERENCE_LABELS.get(key)
        if fixed is None:
            fixed = clean_labels(drafts.view(session, actor, draft.id, reference_number).document)
            with _REFERENCE_LOCK:
                if len(_REFERENCE_LABELS) >= 256:
                    _REFERENCE_LABELS.pop(next(iter(_REFERENCE_LABELS)))
                _REFERENCE_LABELS[key] = fixed
    if open_rows is None:
        open_rows = _rows(session, draft.id, OPEN)
    pending = [PendingInsert(r.new_paragraph_id, r.paragraph_id, r.position or "after")
               for r in open_rows if r.kind == INSERT and r.new_paragraph_id]
    labels = amendments.labels_against(fixed, current.document, pending)
    return Texts(current.document, current.current_revision, fixed, reference_number, labels)


# (draft id, created at, revision) → that revision's labels. A revision never changes, so
# this only saves reading it again; the creation time keeps a restored database's draft
# of the same id from reading another's labels.
_REFERENCE_LABELS: dict[tuple, dict[str, str]] = {}
_REFERENCE_LOCK = threading.Lock()


def reference_revision(session: Session, draft: Draft) -> int:
    """The revision current when the draft was first circulated (the current one before)."""
    detail = session.scalar(select(AuditEvent.detail).where(AuditEvent.draft_id == draft.id,
                                                            AuditEvent.event == "draft.circulated")
                            .order_by(AuditEvent.at, AuditEvent.id).limit(1))
    number = detail.get("revision") if isinstance(detail, dict) else None
    valid = isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= draft.current_revision
    return number if valid else draft.current_revision


def open_counts(session: Session, actor: Actor, draft_id: int) -> int:
    """How many proposals are open on a draft (for its page)."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    return session.scalar(select(func.count()).select_from(Proposal)
                          .where(Proposal.draft_id == draft.id, Proposal.status == OPEN)) or 0


# --- helpers ---------------------------------------------------------------------------------

def _checked(kind: str, paragraph_id: str, text: object, position: object, replaces: object) -> Amendment:
    """The proposal's fields by the document's character rules, per kind."""
    if kind != INSERT and position is not None:
        raise InvalidDocument("position goes with an insertion only", "position")
    if kind != REPLACE and replaces is not None:
        raise InvalidDocument("replaces goes with a replacement only", "replaces")
    if kind == DELETE:
        if text not in (None, ""):
            raise InvalidDocument("a deletion takes no text (say why in the note)", "text")
        return Amendment(DELETE, paragraph_id)
    if kind == INSERT:
        position = "after" if position is None else position
        if position not in POSITIONS:
            raise InvalidDocument(f"position must be one of {', '.join(POSITIONS)}", "position")
    part = None if replaces is None else accept_text(replaces, "replaces", field="the words to replace",
                                                      max_chars=MAX_PARAGRAPH_CHARS, required=True)
    # a part may be replaced by nothing (words struck out); a whole paragraph or a new one may not
    wording = accept_text("" if text is None and part is not None else text, "text", field="the proposed text",
                          max_chars=MAX_PARAGRAPH_CHARS, required=part is None)
    return Amendment(kind, paragraph_id, wording, replaces=part, position=position if kind == INSERT else None)


def _note(note: object) -> str:
    return "" if note is None else accept_text(note, "note", field="the note", max_chars=MAX_NOTE_CHARS)


def _fresh_id(session: Session, draft: Draft, *docs: Document) -> str:
    """An id for a new paragraph that no text of the draft and no other proposal uses."""
    taken = {pid for doc in docs for pid in doc.paragraph_ids()}
    taken |= set(session.scalars(select(Proposal.new_paragraph_id).where(Proposal.draft_id == draft.id,
                                                                          Proposal.new_paragraph_id.is_not(None))))
    pid = new_id()
    while pid in taken:
        pid = new_id()
    return pid


def _amendment(row: Proposal, changed_text: str | None) -> Amendment:
    if changed_text is None:
        return Amendment(row.kind, row.paragraph_id, row.text, replaces=row.replaces, position=row.position,
                         new_paragraph_id=row.new_paragraph_id)
    if row.kind == INSERT:
        return Amendment(INSERT, row.paragraph_id, changed_text, position=row.position,
                         new_paragraph_id=row.new_paragraph_id)
    return Amendment(REPLACE, row.paragraph_id, changed_text)  # the penholder's wording of the whole paragraph


def _in_already(row: Proposal, texts: Texts, changed_text: str | None) -> bool:
    """Whether the paragraph already reads as the proposal would have made it (the penholder
    typed it in): accepting it then changes nothing, even where its words cannot apply again."""
    para = texts.current.find(row.paragraph_id)
    if changed_text is not None or row.kind != REPLACE or para is None:
        return False
    try:
        wanted = amendments.new_wording(row.paragraph_text, _amendment(row, None))
    except InvalidDocument:
        return False
    return amendments.markup_of(para) == wanted


def _same(row: Proposal, amendment: Amendment) -> bool:
    return (row.kind, row.paragraph_id, row.text, row.replaces, row.position) == (
        amendment.kind, amendment.paragraph_id, amendment.text, amendment.replaces, amendment.position)


def _rows(session: Session, draft_id: int, status: str | None = None) -> list[Proposal]:
    query = (select(Proposal).where(Proposal.draft_id == draft_id)
             .options(selectinload(Proposal.delegations).selectinload(ProposalDelegation.delegation))
             .order_by(Proposal.id))
    if status is not None:
        query = query.where(Proposal.status == status)
    return list(session.scalars(query))


def _proposal(session: Session, draft: Draft, proposal_id: object) -> Proposal:
    row = None
    if isinstance(proposal_id, int) and not isinstance(proposal_id, bool) and 0 < proposal_id <= queries.MAX_ID:
        row = session.get(Proposal, proposal_id)
    if row is None or row.draft_id != draft.id:
        raise NotFound(f"draft {draft.id} has no proposal {proposal_id!r}"[:200], "proposal")
    return row


def _open(row: Proposal) -> Proposal:
    if row.status != OPEN:
        when = f" on {row.decided_at.strftime('%d %b %Y %H:%M')} UTC" if row.decided_at else ""
        raise Conflict(f"proposal {row.id} was {row.status}{when}; that is final (make a new proposal)",
                       "proposal")
    return row


def _ids(row: Proposal) -> list[int]:
    return [d.delegation_id for d in row.delegations]


def _names(row: Proposal) -> str:
    return ", ".join(d.delegation.name for d in row.delegations)


def _message(row: Proposal, texts: Texts, with_changes: bool) -> str:
    """"Accepted proposal 12 (European Union, United States of America): delete OP3"."""
    names = [d.delegation.name for d in row.delegations]
    shown = ", ".join(names)
    if len(shown) > 300:
        shown = ", ".join(names[:5]) + f" and {len(names) - 5} others"
    label = texts.labels.get(row.paragraph_id, "a paragraph")
    words = amendments.what(row.kind, label, replaces=row.replaces, position=row.position,
                            new_label=texts.labels.get(row.new_paragraph_id or ""))
    return f"Accepted proposal {row.id}{' with changes' if with_changes else ''} ({shown}): {words}"[:500]


def _label(session: Session, draft: Draft, row: Proposal, texts: Texts, made: dict[int, str] | None = None) -> str:
    if row.paragraph_id in texts.labels:
        return texts.labels[row.paragraph_id]
    made = _labels_when_made(session, draft.id) if made is None else made
    return made.get(row.id, "a paragraph no longer in the text")


def _labels_when_made(session: Session, draft_id: int) -> dict[int, str]:
    """Proposal id → the label its paragraph had when it was made (from the audit record)."""
    events = session.scalars(select(AuditEvent.detail).where(AuditEvent.draft_id == draft_id,
                                                             AuditEvent.event == "proposal.made"))
    return {d["proposal"]: d["label"] for d in events
            if isinstance(d, dict) and isinstance(d.get("proposal"), int) and isinstance(d.get("label"), str)}


def _emails(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())


def _view(session: Session, actor: Actor, draft: Draft, row: Proposal, texts: Texts | None = None,
          people: dict[int, str] | None = None, made: dict[int, str] | None = None) -> ProposalView:
    texts = texts or negotiation_texts(session, actor, draft)
    people = people if people is not None else _emails(session, {u for u in (row.created_by, row.decided_by) if u})
    names = tuple(d.delegation.name for d in row.delegations)
    ids = tuple(d.delegation_id for d in row.delegations)
    para = texts.current.find(row.paragraph_id)
    current = amendments.markup_of(para) if para is not None else None
    is_open = row.status == OPEN
    label = _label(session, draft, row, texts, made)
    new_label = texts.labels.get(row.new_paragraph_id) if row.new_paragraph_id else None
    proposing = is_open and policy.can(actor, policy.PROPOSE, draft)
    return ProposalView(
        row.id, row.draft_id, row.kind, row.paragraph_id, label, row.position, row.text, row.replaces,
        row.new_paragraph_id, new_label, row.note, row.status, names, ids, row.base_revision, row.paragraph_text,
        current, is_open and current != row.paragraph_text,
        amendments.in_un_style(row.kind, names, text=row.text, replaces=row.replaces, label=new_label),
        people.get(row.created_by, ""), row.created_at, _result(row, current) if is_open else None,
        people.get(row.decided_by) if row.decided_by else None, row.decided_at, row.decision_note or "",
        row.decision_text, row.decided_revision,
        can_support=proposing and actor.delegation_id not in ids,
        can_withdraw=proposing and actor.delegation_id in ids,
        can_decide=is_open and policy.can(actor, policy.DECIDE, draft))


def _result(row: Proposal, current: str | None) -> str | None:
    """The wording accepting would put in now: the prefill of "accept with changes"."""
    if row.kind == INSERT:
        return row.text
    if current is None:
        return None
    if row.kind == DELETE:
        return current
    try:
        return amendments.new_wording(current, _amendment(row, None))
    except InvalidDocument:
        return None  # the words it replaces are no longer there once: the penholder writes the text
