"""Proposals (amendments) by delegations, and the penholder's decisions on them: the use
cases that change them (make, support, withdraw, decide) and the checks they need. What
they read as (views, listings, the compilation's snapshot, labels) is in proposal_views.py.

A delegation that sees a circulated draft proposes, per paragraph, on the revision it
reads: replace the paragraph's text (or a part of it), delete it, or insert a new
paragraph after it or inside it; an insertion may instead make a heading, a table, an annex
or an unnumbered text paragraph (``block``, proposal_blocks.py), which stands only where the
document's rules let it (never inside a paragraph) and an annex only at the end of a part,
where it moves no block into it. Other delegations join a proposal ("EU, US: delete");
each of its delegations may leave it, and when the last leaves it is withdrawn. The
penholder accepts it (as proposed, or with a compromise text: a new revision whose
message names the proposal and its delegations) or rejects it, with a note; a decision
is final (409 after). A proposal made on an older revision is carried forward while its
paragraph reads as it did then, and is "outdated" once the paragraph changed or left
the text. An outdated replacement of the whole paragraph is merged with the edits made
since (amendments.carried), so that accepting it never quietly undoes them; where both
changed the same words, only "accept with changes" puts it in.

A delegation holds at most MAX_OPEN_PER_DELEGATION open proposals on a draft (made or
joined), so that one cannot fill the draft's MAX_OPEN and lock the others out. A proposal
made in another delegation's name (a partner's Word file, which only the penholder may
attribute so) uses up no delegation's room: the partner never chose it, and the penholder,
who decides proposals rather than making its own, compiles many partners' files; the
draft's MAX_OPEN still bounds them.

Every change to a draft's proposals first locks the draft (queries.lock), so two
decisions, or a withdrawal and a decision, cannot cross. Nothing here commits (see
unit_of_work.py).
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import amendments
from ..domain.amendments import AFTER, DELETE, INSERT, KINDS, POSITIONS, REPLACE, Amendment
from ..domain.document import ANNEX, PROSE, Document, new_id
from ..domain.errors import InvalidDocument
from ..domain.numbering import labels as clean_labels
from ..domain.text import preview
from ..domain.validation import MAX_PARAGRAPH_CHARS, accept, accept_text, is_valid_id
from ..store import queries
from ..store.tables import Delegation, Draft, Proposal, ProposalDelegation, User, utcnow
from . import audit, drafts, notifications, policy, proposal_blocks, proposal_views
from .actors import Actor
from .errors import Conflict
from .proposal_views import ACCEPTED, CHANGED_SINCE, OPEN, REJECTED, WITHDRAWN, ProposalView, Texts

ACCEPT, REJECT = "accept", "reject"
DECISIONS = (ACCEPT, REJECT)
MAX_NOTE_CHARS = 2_000
MAX_OPEN = 1_000  # open proposals a draft holds; a script cannot bury the penholder past this
MAX_OPEN_PER_DELEGATION = 100  # open proposals one delegation makes or joins on a draft: the others keep room


# --- the use cases ---------------------------------------------------------------------------

def make(session: Session, actor: Actor, draft_id: int, base_revision: object, kind: object,
         paragraph_id: object, text: object = None, *, position: object = None, replaces: object = None,
         note: object = None, attributed_to: int | None = None, block: object = None) -> ProposalView:
    """A new proposal by the actor's delegation on ``paragraph_id`` as it reads in ``base_revision``;
    by delegation ``attributed_to`` instead when the actor may make it in its name (uploads.py).
    An insertion's ``block`` ({"kind": "heading", "level": 1, "numbering": "{I}."} …) makes that
    block of ``text`` instead of a numbered paragraph."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    credited = (actor.delegation_id, actor.delegation_name)
    if attributed_to is not None:
        partner = policy.require_attribution(actor, draft, session.get(Delegation, attributed_to))
        credited = (partner.id, partner.name)
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
    if kind != INSERT and block is not None:
        raise InvalidDocument("a block goes with an insertion only", "block")
    block_kind, block_fields = proposal_blocks.parts(block)
    amendment = _checked(kind, paragraph_id, text, position, replaces, block_kind in PROSE)
    if block_kind == ANNEX and amendment.position == AFTER:  # inside a paragraph: validation refuses it
        _require_end_of_part(base, paragraph_id)
    if amendment.replaces is not None and amendment.text == amendments.markup_of(target):
        raise InvalidDocument("the text holds the whole paragraph; give only the words that take the place of "
                              f"{preview(amendment.replaces)}", "text")
    note = _note(note)
    if kind == INSERT:
        amendment = Amendment(INSERT, paragraph_id, amendment.text, position=amendment.position,
                              new_paragraph_id=_fresh_id(session, draft, base, current),
                              block_kind=block_kind, block_fields=block_fields)
    result = accept(amendments.apply(base, amendment))  # the one document rule, on the text it amends
    if kind == REPLACE and result == base:
        raise InvalidDocument("the proposal changes nothing: the paragraph reads so already", "text")
    stored_block, wording = None, amendment.text
    if kind == INSERT:  # the new block as validation cleaned it (a table's cells, a heading on one line)
        made_block = result.find(amendment.new_paragraph_id)
        stored_block = proposal_blocks.stored(made_block)
        wording = wording if made_block.is_prose else made_block.text

    queries.lock(session, draft)
    policy.require(actor, policy.PROPOSE, draft, draft_id)  # again: it may have been made private meanwhile
    if credited[0] == actor.delegation_id:
        _require_room(session, actor, draft)
    open_rows = proposal_views.rows_of(session, draft.id, OPEN)
    if len(open_rows) >= MAX_OPEN:
        raise Conflict(f"draft {draft.id} holds {len(open_rows):,} open proposals, the most it takes; the "
                       "penholder must decide some first", "proposal")
    twin = next((r for r in open_rows if _same(r, amendment, wording, stored_block)), None)
    if twin is not None:
        raise Conflict(f"proposal {twin.id} ({_names(twin)}) proposes this already; join it instead", "proposal")
    row = Proposal(draft_id=draft.id, base_revision=base_revision, kind=kind, paragraph_id=paragraph_id,
                   position=amendment.position, text=wording, replaces=amendment.replaces,
                   new_paragraph_id=amendment.new_paragraph_id, block=stored_block,
                   paragraph_text=amendments.markup_of(target),
                   note=note, status=OPEN, created_by=actor.user_id)
    row.delegations.append(ProposalDelegation(delegation_id=credited[0], user_id=actor.user_id))
    session.add(row)
    session.flush()
    texts = proposal_views.negotiation_texts(session, actor, draft, open_rows + [row])
    view = proposal_views.view_of(session, actor, draft, row, texts)
    on_behalf = {"on_behalf_of": credited[1]} if credited[0] != actor.delegation_id else {}
    audit.record(session, actor, "proposal.made", draft_id=draft.id, detail={
        "proposal": row.id, "kind": kind, "paragraph": paragraph_id, "label": view.label,
        "revision": base_revision, "delegation": actor.delegation_name, "summary": view.summary[:200], **on_behalf,
        **({"block": stored_block["kind"]} if stored_block else {})})
    notifications.notify(session, actor, draft, "proposal",  # the partner hears of what was made in its name
                         {"proposal": row.id, "paragraph": paragraph_id, "label": view.label, **on_behalf},
                         {draft.penholder_id, credited[0]})
    session.flush()
    return view


def support(session: Session, actor: Actor, draft_id: int, proposal_id: object) -> ProposalView:
    """The actor's delegation joins an open proposal."""
    draft = policy.require(actor, policy.PROPOSE, queries.draft(session, draft_id), draft_id)
    queries.lock(session, draft)
    policy.require(actor, policy.PROPOSE, draft, draft_id)  # again, on the draft as the lock re-read it
    row = _open(proposal_views.proposal_of(session, draft, proposal_id))
    policy.require_join(actor, draft, _ids(row))
    _require_room(session, actor, draft)
    row.delegations.append(ProposalDelegation(delegation_id=actor.delegation_id, user_id=actor.user_id))
    session.flush()
    view = proposal_views.view_of(session, actor, draft, row)
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
    policy.require(actor, policy.PROPOSE, draft, draft_id)  # again, on the draft as the lock re-read it
    row = _open(proposal_views.proposal_of(session, draft, proposal_id))
    policy.require_withdraw(actor, _ids(row))
    closed = len(row.delegations) == 1
    if closed:
        row.status, row.decided_by, row.decided_at = WITHDRAWN, actor.user_id, utcnow()
    else:
        row.delegations.remove(next(d for d in row.delegations if d.delegation_id == actor.delegation_id))
    session.flush()
    view = proposal_views.view_of(session, actor, draft, row)
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
    row = _open(proposal_views.proposal_of(session, draft, proposal_id))
    texts = proposal_views.negotiation_texts(session, actor, draft)
    label = proposal_views.label_of(session, draft, row, texts)  # as the room knew it when deciding
    revision = None
    if decision == ACCEPT:
        if texts.current.find(row.paragraph_id) is None:
            raise Conflict(f"{label} is no longer in the text (revision "
                           f"{texts.revision}); reject the proposal, or edit the text", "proposal")
        if _in_already(row, texts, changed_text):
            result = texts.current
        else:
            amendment = proposal_views.amendment_of(row, changed_text)
            if changed_text is None:
                current = amendments.markup_of(texts.current.find(row.paragraph_id))
                amendment = amendments.carried(amendment, row.paragraph_text, current)
                if amendment is None:
                    raise Conflict(f"{label}: {CHANGED_SINCE} (proposal {row.id} rewrites the paragraph as it "
                                   f"read in revision {row.base_revision}, and words it changes were edited "
                                   "since)", "proposal")
            result = accept(amendments.apply(texts.current, amendment))
        if result != texts.current:
            message = _message(row, texts, changed_text is not None)
            # its delegations hear of this revision through the decision below, not twice
            saved = drafts.save(session, actor, draft.id, texts.revision, result, message,
                                told=frozenset(_ids(row)), detail={"proposal": row.id})
            revision = None if saved.unchanged else saved.current_revision
    row.status = ACCEPTED if decision == ACCEPT else REJECTED
    row.decided_by, row.decided_at, row.decision_note = actor.user_id, utcnow(), note
    row.decision_text, row.decided_revision = changed_text, revision
    session.flush()
    view = proposal_views.view_of(session, actor, draft, row, texts if revision is None else None)
    audit.record(session, actor, "proposal.decided", draft_id=draft.id, detail={
        "proposal": row.id, "decision": decision, "with_changes": changed_text is not None, "revision": revision,
        "outcome": "rejected" if decision == REJECT else "accepted with changes" if changed_text else "accepted",
        "paragraph": row.paragraph_id, "label": label, "note": note[:200], "delegation": _names(row)[:200]})
    notifications.notify(session, actor, draft, "decision", {
        "proposal": row.id, "decision": decision, "revision": revision, "paragraph": row.paragraph_id,
        "label": label, "with_changes": changed_text is not None}, _ids(row))
    session.flush()
    return view


# --- helpers ---------------------------------------------------------------------------------

def _checked(kind: str, paragraph_id: str, text: object, position: object, replaces: object,
             prose: bool = True) -> Amendment:
    """The proposal's fields by the document's character rules, per kind; a new block that
    is not prose (a table's or an annex's title, a heading) may be without words."""
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
    wording = accept_text("" if text is None and (part is not None or not prose) else text, "text",
                          field="the proposed text", max_chars=MAX_PARAGRAPH_CHARS, required=part is None and prose)
    return Amendment(kind, paragraph_id, wording, replaces=part, position=position if kind == INSERT else None)


def _require_end_of_part(doc: Document, paragraph_id: str) -> None:
    """A new annex goes after the last block of the operative part or of an annex: anywhere
    else, the blocks after it would quietly move into it (and lose their numbers)."""
    ids = [block.id for block in doc.operative]
    at = ids.index(paragraph_id) if paragraph_id in ids else None
    if at is not None and at + 1 < len(ids) and doc.operative[at + 1].kind != ANNEX:
        label = clean_labels(doc).get(paragraph_id, "this block")
        raise InvalidDocument(f"a new annex goes at the end of the operative part or of an annex, not after {label}: "
                              "the blocks after it would move into the annex", label)


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


def _in_already(row: Proposal, texts: Texts, changed_text: str | None) -> bool:
    """Whether the paragraph already reads as the proposal would have made it (the penholder
    typed it in): accepting it then changes nothing, even where its words cannot apply again."""
    para = texts.current.find(row.paragraph_id)
    if changed_text is not None or para is None:
        return False
    return proposal_views.reads_already(row, amendments.markup_of(para))


def _same(row: Proposal, amendment: Amendment, text: str, block: dict | None) -> bool:
    return (row.kind, row.paragraph_id, row.text, row.replaces, row.position, row.block) == (
        amendment.kind, amendment.paragraph_id, text, amendment.replaces, amendment.position, block)


def _require_room(session: Session, actor: Actor, draft: Draft) -> None:
    """Conflict once the actor's delegation holds MAX_OPEN_PER_DELEGATION open proposals on the
    draft: those its users made or joined in its own name."""
    held = session.scalar(select(func.count()).select_from(ProposalDelegation)
                          .join(Proposal, Proposal.id == ProposalDelegation.proposal_id)
                          .join(User, User.id == ProposalDelegation.user_id)
                          .where(Proposal.draft_id == draft.id, Proposal.status == OPEN,
                                 User.delegation_id == actor.delegation_id,
                                 ProposalDelegation.delegation_id == actor.delegation_id)) or 0
    if held >= MAX_OPEN_PER_DELEGATION:
        raise Conflict(f"{actor.delegation_name} already makes or joins {held:,} open proposals on draft "
                       f"{draft.id}, the most one delegation may hold ({MAX_OPEN_PER_DELEGATION:,} per draft); "
                       "withdraw some, or wait for the penholder's decisions", "proposal")


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
    if row.kind == INSERT and row.block:  # "insert heading OP3 bis after OP3"
        words = words.replace("insert ", f"insert {row.block['kind']} ", 1)
    return f"Accepted proposal {row.id}{' with changes' if with_changes else ''} ({shown}): {words}"[:500]
