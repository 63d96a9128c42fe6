"""What a draft's proposals read as: each one's view (its label, whether it is outdated, what
accepting it would put in now, what the reader may do with it), the full list and one page of
it, the compilation's snapshot, and the texts a negotiation is read against. The use cases
that change proposals are in proposals.py, which builds on this module (never the reverse);
the statuses live here because every view reads them.

A proposal made on an older revision is "outdated" once its paragraph changed or left the
text; an outdated replacement of the whole paragraph is shown merged with the edits made
since (amendments.carried), or with no result where both changed the same words.

An insertion makes a numbered paragraph, or the block its ``block`` names (issue #9): a
heading, a table, an annex or an unnumbered text paragraph, stored as validation accepted
it and read back as the amendment's block kind and fields (proposal_blocks.py). Its
summary names the kind ("Heading OP3 bis (Mexico)") and its view carries the block as it
would stand, with the number a heading or annex would print with (new_block, block_mark).

Labels are those of the compilation text (compilation_labels: "OP3 bis"), read against the
text as first circulated (reference_revision), whose labels are cached: a revision never
changes. Nothing here writes.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..domain import amendments
from ..domain.amendments import DELETE, INSERT, REPLACE, Amendment, PendingInsert
from ..domain.document import ANNEX, HEADING, Document, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.numbering import labels as clean_labels, marks
from ..store import queries
from ..store.tables import AuditEvent, Delegation, Draft, Proposal, ProposalDelegation, User
from . import drafts, policy, proposal_blocks
from .actors import Actor
from .errors import NotFound

OPEN, ACCEPTED, REJECTED, WITHDRAWN = "open", "accepted", "rejected", "withdrawn"
STATUSES = (OPEN, ACCEPTED, REJECTED, WITHDRAWN)
RECENT_DECIDED = 50  # decided proposals the compilation shows (newest first); the list pages through all
PER_PAGE, MAX_PER_PAGE = 50, 200


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
    block: dict | None = None   # insert: the new block's kind and fields (None: a numbered paragraph)
    block_mark: str = ""        # open insert of a heading or annex: the number it would print with ("II.")

    @property
    def new_block(self) -> Paragraph | None:
        """The heading, table, annex or text block an insertion makes, as it would stand
        (None: a numbered paragraph, or no insertion)."""
        if self.kind != INSERT or not self.block:
            return None
        return proposal_blocks.paragraph(self.block, self.text, self.new_paragraph_id or "proposed")

    @property
    def in_text(self) -> bool:
        return self.current_text is not None

    @property
    def accept_refusal(self) -> str | None:
        """Why a plain "accept" is refused now (None: it is not); "accept with changes" still works."""
        if self.status != OPEN:
            return None
        if not self.in_text:
            return "its paragraph is no longer in the text: reject it, or edit the text"
        if self.result is None and self.kind == REPLACE:
            return (CHANGED_SINCE if self.replaces is None else
                    "the words it replaces no longer stand once in the paragraph; accept with changes")
        return None

    @property
    def accept_text(self) -> str:
        """Where "accept with changes" starts: the wording accepting would put in now; where it
        cannot apply, the proposed wording (of a whole paragraph) or the paragraph as it is."""
        if self.result is not None:
            return self.result
        if self.kind == REPLACE and self.replaces is None:
            return self.text
        return self.current_text if self.current_text is not None else self.text


CHANGED_SINCE = "the paragraph changed since; accept with changes"


@dataclass(frozen=True)
class Snapshot:
    """What the compilation reads, once: the texts, every open proposal (oldest first) and
    the most recent decided ones (newest first) of ``decided_total``."""
    texts: Texts
    open: list[ProposalView]
    decided: list[ProposalView]
    decided_total: int


@dataclass(frozen=True)
class ProposalPage:
    items: list[ProposalView]
    total: int
    page: int
    pages: int
    per_page: int


# --- the reads -------------------------------------------------------------------------------

def of_draft(session: Session, actor: Actor, draft_id: int, status: object = None) -> list[ProposalView]:
    """Every proposal of the draft, oldest first (``status``: only those open, accepted …).
    For scripts and commands; a request pages through them (listing)."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    _status(status)
    rows = rows_of(session, draft.id, status)
    opened = rows if status == OPEN else [r for r in rows if r.status == OPEN] if status is None else None
    return _views(session, actor, draft, rows, negotiation_texts(session, actor, draft, opened))


def listing(session: Session, actor: Actor, draft_id: int, status: object = None, *, page: object = 1,
            per_page: object = PER_PAGE) -> ProposalPage:
    """One page of the draft's proposals, oldest first; ``per_page`` at most MAX_PER_PAGE,
    a page past the last gives the last."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    _status(status)
    for name, value in (("page", page), ("per_page", per_page)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidDocument(f"{name} must be a whole number", name)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    where = [Proposal.draft_id == draft.id] + ([Proposal.status == status] if status is not None else [])
    total = session.scalar(select(func.count()).select_from(Proposal).where(*where)) or 0
    pages = max(1, -(-total // per_page))
    page = max(1, min(page, pages))
    rows = list(session.scalars(_loading(select(Proposal).where(*where).order_by(Proposal.id))
                                .offset((page - 1) * per_page).limit(per_page)))
    items = _views(session, actor, draft, rows, negotiation_texts(session, actor, draft))
    return ProposalPage(items, total, page, pages, per_page)


def one(session: Session, actor: Actor, draft_id: int, proposal_id: object) -> ProposalView:
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    return view_of(session, actor, draft, proposal_of(session, draft, proposal_id))


def snapshot(session: Session, actor: Actor, draft: Draft, *, delegation: str | None = None,
             decided: int | None = None) -> Snapshot:
    """The texts, the open proposals and the ``decided`` most recent decided ones (only
    those ``delegation`` takes part in, when given) for the compilation text, read once:
    its cost follows the open proposals, never the draft's whole history (``decided``:
    RECENT_DECIDED unless given). ``draft`` must already have passed the policy."""
    decided = RECENT_DECIDED if decided is None else decided
    opened = rows_of(session, draft.id, OPEN)
    texts = negotiation_texts(session, actor, draft, opened)
    where = [Proposal.draft_id == draft.id, Proposal.status != OPEN]
    if delegation is not None:
        where.append(Proposal.id.in_(select(ProposalDelegation.proposal_id).join(Delegation)
                                     .where(Delegation.name == delegation)))
    total = session.scalar(select(func.count()).select_from(Proposal).where(*where)) or 0
    newest = func.coalesce(Proposal.decided_at, Proposal.created_at)
    recent = list(session.scalars(_loading(select(Proposal).where(*where)).order_by(newest.desc(), Proposal.id.desc())
                                  .limit(max(0, decided)))) if total else []
    views = _views(session, actor, draft, opened + recent, texts)
    return Snapshot(texts, views[:len(opened)], views[len(opened):], total)


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
        open_rows = rows_of(session, draft.id, OPEN)
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


def accepted_between(session: Session, actor: Actor, draft_id: int, a: int, b: int) -> list[tuple[int, int]]:
    """(revision, proposal id) of the revisions after ``a`` up to ``b`` that accepting a
    proposal wrote, oldest first: a compare page links each back to its proposal."""
    draft = policy.require(actor, policy.HISTORY, queries.draft(session, draft_id), draft_id)
    low, high = sorted((a, b))
    rows = session.execute(select(Proposal.decided_revision, Proposal.id).where(
        Proposal.draft_id == draft.id, Proposal.status == ACCEPTED,
        Proposal.decided_revision > low, Proposal.decided_revision <= high).order_by(Proposal.decided_revision))
    return [(revision, pid) for revision, pid in rows]


# --- what proposals.py builds on too ---------------------------------------------------------

def proposal_of(session: Session, draft: Draft, proposal_id: object) -> Proposal:
    """The draft's proposal ``proposal_id``; 404 for any other id (another draft's too)."""
    row = None
    if isinstance(proposal_id, int) and not isinstance(proposal_id, bool) and 0 < proposal_id <= queries.MAX_ID:
        row = session.get(Proposal, proposal_id)
    if row is None or row.draft_id != draft.id:
        raise NotFound(f"draft {draft.id} has no proposal {proposal_id!r}"[:200], "proposal")
    return row


def rows_of(session: Session, draft_id: int, status: str | None = None) -> list[Proposal]:
    """The draft's proposals (``status``: only those), oldest first, with their delegations loaded."""
    query = _loading(select(Proposal).where(Proposal.draft_id == draft_id).order_by(Proposal.id))
    if status is not None:
        query = query.where(Proposal.status == status)
    return list(session.scalars(query))


def view_of(session: Session, actor: Actor, draft: Draft, row: Proposal, texts: Texts | None = None,
            people: dict[int, str] | None = None, made: dict[int, str] | None = None) -> ProposalView:
    """How ``row`` reads to ``actor``; ``texts``, ``people`` and ``made`` save reading them again per row."""
    texts = texts or negotiation_texts(session, actor, draft)
    people = people if people is not None else _emails(session, {u for u in (row.created_by, row.decided_by) if u})
    names = tuple(d.delegation.name for d in row.delegations)
    ids = tuple(d.delegation_id for d in row.delegations)
    para = texts.current.find(row.paragraph_id)
    current = amendments.markup_of(para) if para is not None else None
    is_open = row.status == OPEN
    label = label_of(session, draft, row, texts, made)
    new_label = texts.labels.get(row.new_paragraph_id) if row.new_paragraph_id else None
    proposing = is_open and policy.can(actor, policy.PROPOSE, draft)
    summary = amendments.in_un_style(row.kind, names, text=row.text, replaces=row.replaces, label=new_label)
    word = proposal_blocks.word(row.block) if row.kind == INSERT else None
    if word and not summary.startswith(word):
        summary = f"{word} {summary}"  # "Heading OP3 bis (Mexico)"
    return ProposalView(
        row.id, row.draft_id, row.kind, row.paragraph_id, label, row.position, row.text, row.replaces,
        row.new_paragraph_id, new_label, row.note, row.status, names, ids, row.base_revision, row.paragraph_text,
        current, is_open and current != row.paragraph_text, summary,
        people.get(row.created_by, ""), row.created_at, _result(row, current) if is_open else None,
        people.get(row.decided_by) if row.decided_by else None, row.decided_at, row.decision_note or "",
        row.decision_text, row.decided_revision,
        can_support=is_open and policy.can_join(actor, draft, ids),
        can_withdraw=proposing and actor.delegation_id in ids,
        can_decide=is_open and policy.can(actor, policy.DECIDE, draft),
        block=row.block if row.kind == INSERT else None, block_mark=_block_mark(row, texts) if is_open else "")


def label_of(session: Session, draft: Draft, row: Proposal, texts: Texts,
             made: dict[int, str] | None = None) -> str:
    """The paragraph's label now, or the one it had when the proposal was made once it left the text."""
    if row.paragraph_id in texts.labels:
        return texts.labels[row.paragraph_id]
    made = _labels_when_made(session, draft.id) if made is None else made
    return made.get(row.id, "a paragraph no longer in the text")


def amendment_of(row: Proposal, changed_text: str | None) -> Amendment:
    """The proposal as an amendment; with ``changed_text``, the penholder's wording instead of its own."""
    if row.kind == INSERT:  # the penholder's wording goes into the block proposed
        kind, fields = proposal_blocks.parts(row.block)
        return Amendment(INSERT, row.paragraph_id, row.text if changed_text is None else changed_text,
                         position=row.position, new_paragraph_id=row.new_paragraph_id, block_kind=kind,
                         block_fields=fields)
    if changed_text is None:
        return Amendment(row.kind, row.paragraph_id, row.text, replaces=row.replaces, position=row.position,
                         new_paragraph_id=row.new_paragraph_id)
    return Amendment(REPLACE, row.paragraph_id, changed_text)  # the penholder's wording of the whole paragraph


def reads_already(row: Proposal, current: str) -> bool:
    """Whether ``current`` already reads as the replacement would have made the paragraph (typed in)."""
    if row.kind != REPLACE:
        return False
    try:
        wanted = amendments.new_wording(row.paragraph_text, amendment_of(row, None))
    except InvalidDocument:
        return False
    return current == wanted


# --- helpers ---------------------------------------------------------------------------------

def _views(session: Session, actor: Actor, draft: Draft, rows: list[Proposal], texts: Texts) -> list[ProposalView]:
    people = _emails(session, {u for r in rows for u in (r.created_by, r.decided_by) if u})
    made = _labels_when_made(session, draft.id) if any(texts.current.find(r.paragraph_id) is None for r in rows) else {}
    return [view_of(session, actor, draft, r, texts, people, made) for r in rows]


def _loading(query):
    return query.options(selectinload(Proposal.delegations).selectinload(ProposalDelegation.delegation))


def _status(status: object) -> None:
    if status is not None and status not in STATUSES:
        raise InvalidDocument(f"status must be one of {', '.join(STATUSES)}", "status")


def _labels_when_made(session: Session, draft_id: int) -> dict[int, str]:
    """Proposal id → the label its paragraph had when it was made (from the audit record)."""
    events = session.scalars(select(AuditEvent.detail).where(AuditEvent.draft_id == draft_id,
                                                             AuditEvent.event == "proposal.made"))
    return {d["proposal"]: d["label"] for d in events
            if isinstance(d, dict) and isinstance(d.get("proposal"), int) and isinstance(d.get("label"), str)}


def _block_mark(row: Proposal, texts: Texts) -> str:
    """The number an inserted heading or annex would print with in the current text ("II.",
    "Annex II"); "" for other blocks, or where it cannot go now."""
    if row.kind != INSERT or (row.block or {}).get("kind") not in (HEADING, ANNEX):
        return ""
    try:
        placed = amendments.apply(texts.current, amendment_of(row, None))
    except InvalidDocument:
        return ""
    return marks(placed).get(row.new_paragraph_id or "", "")


def _emails(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())


def _result(row: Proposal, current: str | None) -> str | None:
    """The wording accepting would put in now: the prefill of "accept with changes"."""
    if row.kind == INSERT:
        return row.text
    if current is None:
        return None
    if row.kind == DELETE or reads_already(row, current):
        return current
    carried = amendments.carried(amendment_of(row, None), row.paragraph_text, current)
    if carried is None:
        return None  # its words and the edits made since collide: the penholder writes the text
    try:
        return amendments.new_wording(current, carried)
    except InvalidDocument:
        return None  # the words it replaces are no longer there once: the penholder writes the text
