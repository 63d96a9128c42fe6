"""The compilation text: the page delegations negotiate on (UN-FORMAT.md §3).

Every paragraph of the current revision with its compilation label (the text first
circulated is the reference: its paragraphs keep their labels, new ones are "OP3 bis"),
its status set by the penholder (pending when never set, agreed ad ref, bracketed — the
whole paragraph, or bracketed words, nested —, deleted), and under it the open proposals;
a proposed new paragraph stands where it would go ("OP3 bis (Mexico)"). A proposal whose
paragraph left the text is listed apart. Clean numbering stays in the draft and every
export: only this view shows bis/ter, and a "deleted" status only marks the paragraph
here (the penholder removes it by editing or by accepting a delete proposal).

A status holds for the wording it was set on (``ParagraphState.status_text``): once the
paragraph reads otherwise (an edit, an accepted proposal) the status is *stale*, still
counted under its name but flagged ("agreed ad ref — wording changed since"), and
brackets over the old words are shown around the whole paragraph, until the penholder
sets the status again. The page shows the RECENT_DECIDED most recent decided proposals.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain import amendments, footnote_markup
from ..domain.amendments import INSERT, PendingInsert, Span
from ..domain.document import Document, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.numbering import labels as clean_labels
from ..domain.text import preview
from ..domain.validation import MAX_PARAGRAPH_CHARS, accept_text
from ..store import queries
from ..store.tables import ParagraphState, utcnow
from . import audit, notifications, policy, proposal_views
from .actors import Actor
from .proposal_views import ProposalView

PENDING, AGREED, BRACKETED, DELETED = "pending", "agreed_ad_ref", "bracketed", "deleted"
STATUSES = (PENDING, AGREED, BRACKETED, DELETED)
STATUS_NAMES = {PENDING: "pending", AGREED: "agreed ad ref", BRACKETED: "bracketed", DELETED: "deleted"}
PROPOSED = "proposed"  # the status of a row that is a proposed new paragraph
STALE = "wording changed since"


@dataclass(frozen=True)
class Row:
    id: str
    section: str
    depth: int
    label: str                    # compilation label: "OP3", "OP3 bis"
    clean_label: str | None       # the label in the draft itself (None: a proposed paragraph)
    paragraph: Paragraph          # as shown: brackets in its text when bracketed
    markup: str                   # the paragraph's editable text now (without brackets)
    status: str                   # one of STATUSES, or PROPOSED
    brackets: tuple[Span, ...] = ()   # over ``markup``; empty with BRACKETED: the whole paragraph
    status_stale: bool = False    # set on an earlier wording (bracketed: the whole paragraph is shown so)
    new: bool = False             # not in the text first circulated
    proposals: tuple[ProposalView, ...] = ()
    proposed: ProposalView | None = None   # PROPOSED rows: the insertion itself

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def status_shown(self) -> str:
        """The status as the page shows it: "agreed ad ref — wording changed since" once stale."""
        return f"{self.status_name} — {STALE}" if self.status_stale else self.status_name

    @property
    def bracketed_markup(self) -> str | None:
        if self.status != BRACKETED:
            return None
        return amendments.render_brackets(self.markup, self.brackets or [(0, len(self.markup))])


@dataclass(frozen=True)
class Compilation:
    draft_id: int
    title: str
    penholder: str
    draft_status: str
    revision: int
    reference_revision: int
    rows: list[Row]
    orphans: list[ProposalView]   # open proposals on paragraphs no longer in the text
    counts: dict[str, int]        # per status, over every paragraph of the text (the stale ones included)
    open_proposals: int
    delegations: list[str]        # who has open proposals (for the filter)
    can_decide: bool
    can_propose: bool
    status_filter: str | None = None
    delegation_filter: str | None = None
    decided: list[ProposalView] = field(default_factory=list)  # the most recent accepted, rejected, withdrawn
    document: Document | None = field(default=None, repr=False)  # the current text (for its footnotes)
    stale: dict[str, int] = field(default_factory=dict)  # per status: how many of ``counts`` are stale
    decided_total: int = 0        # decided proposals there are (``decided`` holds the newest of them)
    can_moderate: bool = False    # set statuses, resolve threads (also while the text is frozen)


@dataclass(frozen=True)
class StatusView:
    paragraph: str
    label: str
    status: str
    brackets: tuple[Span, ...]
    bracketed: str | None         # the paragraph with its brackets, as markup


def view(session: Session, actor: Actor, draft_id: int, *, status: object = None,
         delegation: object = None) -> Compilation:
    """The compilation of the current revision; ``status`` keeps only paragraphs of that
    status (pending includes proposed new paragraphs), ``delegation`` only paragraphs
    with that delegation's open proposals, and only those proposals."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    if status is not None and status not in STATUSES:
        raise InvalidDocument(f"status must be one of {', '.join(STATUSES)}", "status")
    if delegation is not None and not isinstance(delegation, str):
        raise InvalidDocument("delegation must be a delegation's name", "delegation")
    snap = proposal_views.snapshot(session, actor, draft, delegation=delegation)
    texts, found, decided = snap.texts, snap.open, snap.decided
    doc = texts.current
    states = _states(session, draft.id)
    clean = clean_labels(doc)
    under: dict[str, list[ProposalView]] = {}
    inserts: dict[str, ProposalView] = {}
    orphans: list[ProposalView] = []
    for p in found:
        if p.kind == INSERT and p.new_label is not None:
            inserts[p.new_paragraph_id] = p
        elif p.kind != INSERT and p.in_text:
            under.setdefault(p.paragraph_id, []).append(p)
        else:
            orphans.append(p)

    pending = [PendingInsert(p.new_paragraph_id, p.paragraph_id, p.position or "after") for p in inserts.values()]
    virtual, _ = amendments.with_placeholders(doc, pending)
    reference_ids = texts.reference_labels.keys()
    rows, counts, stale = [], {s: 0 for s in STATUSES}, {s: 0 for s in STATUSES}
    for section, depth, para in virtual.walk():
        if para.id in inserts:
            rows.append(_proposed_row(section, depth, inserts[para.id]))
            continue
        row = _row(section, depth, para, texts.labels[para.id], clean.get(para.id), states.get(para.id),
                   para.id not in reference_ids, tuple(under.get(para.id, ())))
        counts[row.status] += 1
        stale[row.status] += row.status_stale
        rows.append(row)

    names = sorted({n for p in found for n in p.delegations})
    shown = [r for r in rows if _keep(r, status, delegation)]
    if delegation is not None:
        shown = [_only(r, delegation) for r in shown]
        orphans = [p for p in orphans if delegation in p.delegations]
    return Compilation(draft.id, doc.title, draft.penholder.name, draft.status, texts.revision,
                       texts.reference_revision, shown, orphans, counts, len(found), names,
                       policy.can(actor, policy.DECIDE, draft), policy.can(actor, policy.PROPOSE, draft),
                       status, delegation, decided, doc, stale, snap.decided_total,
                       can_moderate=policy.can(actor, policy.MODERATE, draft))


def set_status(session: Session, actor: Actor, draft_id: int, paragraph_id: object, status: object,
               text: object = None) -> StatusView:
    """The penholder sets a paragraph's status; ``text`` (bracketed only) is the paragraph
    with its brackets ("Decides [to convene [a] meeting]"); without it the whole
    paragraph is bracketed."""
    draft = policy.require(actor, policy.MODERATE, queries.draft(session, draft_id), draft_id)
    if status not in STATUSES:
        raise InvalidDocument(f"status must be one of {', '.join(STATUSES)}", "status")
    if text is not None and status != BRACKETED:
        raise InvalidDocument("bracketed text goes with the status \"bracketed\" only", "text")
    texts = proposal_views.negotiation_texts(session, actor, draft)
    para = texts.current.find(paragraph_id) if isinstance(paragraph_id, str) else None
    if para is None:
        shown = preview(paragraph_id) if isinstance(paragraph_id, str) else "of no kind"
        raise InvalidDocument(f"there is no paragraph {shown} in the current revision ({texts.revision})",
                              "paragraph")
    label = texts.labels[para.id]
    markup = amendments.markup_of(para)
    spans: tuple[Span, ...] = ()
    if text is not None:
        marked = accept_text(text, "text", field="the bracketed text", max_chars=2 * MAX_PARAGRAPH_CHARS,
                             required=True)
        spans = amendments.parse_brackets(marked, markup, label)
        if spans == ((0, len(markup)),):
            spans = ()  # the whole paragraph in brackets: the same as no markup at all
    queries.lock(session, draft)  # two members of the penholder's team setting one status
    state = session.scalar(select(ParagraphState).where(ParagraphState.draft_id == draft.id,
                                                        ParagraphState.paragraph_id == para.id))
    # a stored row that does not read right (brackets of no shape) differs from anything set now,
    # so setting the status writes it afresh
    before = (state.status, _stored_spans(state.brackets), state.status_text) if state else (PENDING, (), None)
    after = (status, spans, None if status == PENDING else markup)  # the wording the status is set on
    if before != after:
        if status == PENDING:
            session.execute(delete(ParagraphState).where(ParagraphState.id == state.id))
        elif state is None:
            session.add(ParagraphState(draft_id=draft.id, paragraph_id=para.id, status=status,
                                       brackets=[list(s) for s in spans], status_text=after[2],
                                       set_by=actor.user_id))
        else:
            state.status, state.brackets, state.status_text = status, [list(s) for s in spans], after[2]
            state.set_by, state.set_at = actor.user_id, utcnow()
        audit.record(session, actor, "paragraph.status", draft_id=draft.id, detail={
            "paragraph": para.id, "label": label, "status": status, "status_name": STATUS_NAMES[status],
            "revision": texts.revision, **({"brackets": [list(s) for s in spans]} if spans else {})})
        notifications.notify(session, actor, draft, "status",
                             {"paragraph": para.id, "label": label, "status": status},
                             notifications.interested(session, draft))
        session.flush()
    bracketed = amendments.render_brackets(markup, spans or [(0, len(markup))]) if status == BRACKETED else None
    return StatusView(para.id, label, status, spans, bracketed)


# --- helpers ---------------------------------------------------------------------------------

def _stored_spans(value: object) -> tuple[Span, ...] | None:
    """Stored brackets as sorted spans; None when they are not a list of [start, end] whole numbers."""
    if not isinstance(value, list):
        return None
    spans = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) for n in item)):
            return None
        spans.append((item[0], item[1]))
    return tuple(sorted(spans, key=lambda s: (s[0], -s[1])))


def _states(session: Session, draft_id: int) -> dict[str, ParagraphState]:
    return {s.paragraph_id: s for s in session.scalars(select(ParagraphState)
                                                       .where(ParagraphState.draft_id == draft_id))}


def _row(section: str, depth: int, para: Paragraph, label: str, clean: str | None, state: ParagraphState | None,
         new: bool, under: tuple[ProposalView, ...]) -> Row:
    markup = amendments.markup_of(para)
    status = state.status if state is not None and state.status in STATUSES else PENDING
    # set on other words than the paragraph's now: an agreement or a deletion mark was for those
    stale = status != PENDING and state.status_text is not None and state.status_text != markup
    spans: tuple[Span, ...] = ()
    shown = para
    if status == BRACKETED:
        stored = _stored_spans(state.brackets)
        if not stale and stored and amendments.valid_spans(stored, markup):
            spans = stored  # (brackets over old words mean nothing now: then the whole paragraph)
        shown = amendments.with_brackets(para, section, spans or [(0, len(markup))])
    return Row(para.id, section, depth, label, clean, shown, markup, status, spans, stale, new, under)


def _proposed_row(section: str, depth: int, proposal: ProposalView) -> Row:
    try:
        text, notes = footnote_markup.parse(proposal.text)
    except InvalidDocument:
        text, notes = proposal.text, ()
    para = proposal.new_block or Paragraph(id=proposal.new_paragraph_id, text=text, footnotes=notes)
    return Row(para.id, section, depth, proposal.new_label or proposal.label, None, para, proposal.text, PROPOSED,
               new=True, proposed=proposal)


def _keep(row: Row, status: str | None, delegation: str | None) -> bool:
    if status is not None and row.status != status and not (status == PENDING and row.status == PROPOSED):
        return False
    if delegation is not None:
        mine = [p for p in row.proposals + ((row.proposed,) if row.proposed else ()) if delegation in p.delegations]
        return bool(mine)
    return True


def _only(row: Row, delegation: str) -> Row:
    return replace(row, proposals=tuple(p for p in row.proposals if delegation in p.delegations))
