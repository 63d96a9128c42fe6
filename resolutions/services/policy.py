"""Who may see and do what with a draft: the one place the rule is written.

A draft has one *audience*: ``"all"`` once circulated, else ``"delegation:<penholder>"``.
A reader holds *tokens*: the Secretariat holds every token (``None``), a delegate holds
``"all"`` and ``"delegation:<own>"``. The Python check, the SQL clause and the search
index's filter are all "the draft's audience is among the reader's tokens", so they
cannot disagree. A draft someone may not see does not exist for them (404); one they see
but may not change answers 403.

Making a circulated draft private again is refused while other delegations co-sponsor it:
they signed on to a text and never lose sight of it (see ``require_make_private``).

Negotiation: whoever sees a draft may comment (the Secretariat too); delegations propose
wording once it is circulated; the penholder decides proposals (DECIDE), sets paragraph
statuses and resolves comments (MODERATE, also while the text is submitted, not after action); a proposal is
withdrawn only by its own delegations.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, String, case, cast, literal, true

from ..domain import lifecycle
from ..store.tables import Delegation, Draft
from .actors import Actor
from .errors import Conflict, Forbidden, NotFound

PRIVATE, CIRCULATED = "private", "circulated"
EVERYONE = "all"

# Actions on a draft. Reading ones need only the audience; changing ones need the pen.
VIEW, EXPORT, HISTORY, EVENTS = "view", "export", "history", "events"
EDIT, RESTORE, SET_STATUS = "edit", "restore", "set_status"
DECIDE = "decide"    # decide proposals (an accepted one changes the text)
MODERATE = "moderate"  # set paragraph statuses, resolve comments: the text stays as it is
SPONSOR = "sponsor"  # join or withdraw, as the acting delegation
PROPOSE = "propose"  # make or support a proposal, as the acting delegation, on a circulated draft
COMMENT = "comment"  # anyone who sees the draft, the Secretariat included
READ_ACTIONS = (VIEW, EXPORT, HISTORY, EVENTS, COMMENT)
PEN_ACTIONS = (EDIT, RESTORE, SET_STATUS, DECIDE, MODERATE)
ACTIONS = READ_ACTIONS + PEN_ACTIONS + (SPONSOR, PROPOSE)
# Held back by the lifecycle: the text is frozen once submitted and once acted on;
# proposals, new sponsors and MODERATE stop once action is taken (domain/lifecycle.py).
# While the text is only submitted MODERATE stays open: statuses and resolved threads
# leave the frozen text as it is, and the negotiation may go on until action.
FROZEN_ACTIONS = (EDIT, RESTORE, DECIDE)
# The stages a write of the text compares in its compare-and-set (store/revisions.advance):
# those in which FROZEN_ACTIONS are not held back.
EDITABLE_STAGES = lifecycle.unfrozen_stages()


def delegation_token(delegation_id: int) -> str:
    return f"delegation:{delegation_id}"


def audience(status: str, penholder_id: int) -> str:
    return EVERYONE if status == CIRCULATED else delegation_token(penholder_id)


def tokens(actor: Actor) -> frozenset[str] | None:
    """What this actor may read; None: everything (the Secretariat)."""
    if actor.is_secretariat:
        return None
    own = (delegation_token(actor.delegation_id),) if actor.delegation_id is not None else ()
    return frozenset((EVERYONE, *own))


def audience_clause() -> ColumnElement:
    """``audience`` as SQL over the drafts table."""
    return case((Draft.status == CIRCULATED, literal(EVERYONE)),
                else_=literal("delegation:") + cast(Draft.penholder_id, String))


def visible_clause(actor: Actor) -> ColumnElement:
    """The drafts ``actor`` may see, as a WHERE clause."""
    allowed = tokens(actor)
    return true() if allowed is None else audience_clause().in_(sorted(allowed))


def pen_clause(actor: Actor) -> ColumnElement:
    """The drafts whose pen ``actor``'s delegation holds, as a WHERE clause."""
    return Draft.penholder_id == actor.delegation_id


def can(actor: Actor, action: str, draft: Draft) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    allowed = tokens(actor)
    if allowed is not None and audience(draft.status, draft.penholder_id) not in allowed:
        return False
    return _role_allows(actor, action, draft) and held(action, draft) is None


def held(action: str, draft: Draft) -> str | None:
    """Why the lifecycle holds ``action`` back now (the text is submitted, or was acted
    on); None when it does not. Reading is never held."""
    if action in FROZEN_ACTIONS:
        return lifecycle.frozen(draft.stage or lifecycle.DRAFTING, draft.current_revision, draft.symbol)
    if action in (PROPOSE, SPONSOR, MODERATE):
        return lifecycle.closed(draft.stage or lifecycle.DRAFTING, draft.symbol,
                                lifecycle.SPONSORSHIP if action == SPONSOR else lifecycle.PROPOSALS)
    return None


def held_for(actor: Actor, action: str, draft: Draft) -> str | None:
    """``held`` for an actor whose role could take ``action`` (the penholder, for an edit)."""
    return held(action, draft) if _role_allows(actor, action, draft) else None


def _role_allows(actor: Actor, action: str, draft: Draft) -> bool:
    if action in PEN_ACTIONS:
        return actor.delegation_id is not None and draft.penholder_id == actor.delegation_id
    if action == SPONSOR:
        return actor.delegation_id is not None
    if action == PROPOSE:
        return actor.delegation_id is not None and draft.status == CIRCULATED
    return True


def require(actor: Actor, action: str, draft: Draft | None, draft_id: int) -> Draft:
    """The draft if ``actor`` may do ``action`` to it: else 404 (cannot see it) or 403."""
    if draft is None or not can(actor, VIEW, draft):
        raise NotFound(f"there is no draft {draft_id} you can see", "draft")
    if _role_allows(actor, action, draft) and (reason := held(action, draft)):
        raise Conflict(reason, "draft")
    if not can(actor, action, draft):
        if action == SPONSOR:
            raise Forbidden("only delegations sponsor drafts; the Secretariat records them", "delegation")
        if action == PROPOSE:
            raise Forbidden("only delegations propose wording; the Secretariat may comment"
                            if actor.delegation_id is None else
                            "proposals open once the penholder circulates the draft", "draft")
        raise Forbidden(f"only the penholder delegation ({draft.penholder.name}) can change this draft", "draft")
    return draft


def require_make_private(draft: Draft, cosponsors: list[str]) -> None:
    """Co-sponsors never lose sight of a text they sponsor; a submitted text is the
    Secretariat's to issue, so it never goes back to private either."""
    if (draft.stage or lifecycle.DRAFTING) != lifecycle.DRAFTING:
        raise Conflict(f"the draft is {draft.stage}{f' as {draft.symbol}' if draft.symbol else ''}; "
                       "it stays circulated", "status")
    if cosponsors:
        names = ", ".join(cosponsors)
        raise Conflict(f"{names} co-sponsor{'s' if len(cosponsors) == 1 else ''} this draft; it stays circulated "
                       "until they withdraw", "status")


def require_withdraw(actor: Actor, delegation_ids: list[int]) -> None:
    """A proposal is withdrawn by the delegations that make it, no one else."""
    if actor.delegation_id not in delegation_ids:
        raise Forbidden("only the delegations that make a proposal can withdraw it", "proposal")


def can_join(actor: Actor, draft: Draft, delegation_ids) -> bool:
    """Whether ``actor``'s delegation may join a proposal made by ``delegation_ids``: any
    proposing delegation not in it yet, except the penholder, who decides proposals."""
    return (can(actor, PROPOSE, draft) and actor.delegation_id not in delegation_ids
            and actor.delegation_id != draft.penholder_id)


def require_join(actor: Actor, draft: Draft, delegation_ids) -> None:
    if actor.delegation_id == draft.penholder_id:
        raise Forbidden("the penholder decides proposals rather than joining them", "proposal")
    if actor.delegation_id in delegation_ids:
        raise Conflict(f"{actor.delegation_name} already makes this proposal", "proposal")


def lifecycle_role(actor: Actor, draft: Draft) -> str:
    """The actor's part in a draft's lifecycle: the Secretariat, the penholder, or a delegation."""
    if actor.is_secretariat:
        return lifecycle.SECRETARIAT
    return lifecycle.PENHOLDER if actor.delegation_id == draft.penholder_id else lifecycle.DELEGATION


def require_lifecycle(actor: Actor, action: str, draft: Draft | None, draft_id: int) -> Draft:
    """The draft if ``actor`` may take lifecycle ``action`` on it now: 404 when they
    cannot see it, 403 when their role may not take it, 409 when its state does not fit."""
    draft = require(actor, VIEW, draft, draft_id)
    state = lifecycle.state_of(draft.status, draft.stage or lifecycle.DRAFTING)
    refused = lifecycle.refusal(action, state, lifecycle_role(actor, draft))
    if refused is not None:
        raise (Forbidden if refused.kind == "role" else Conflict)(refused.message, "action")
    return draft


def may_attribute(actor: Actor, draft: Draft, delegation_id: int) -> bool:
    """Whether ``actor`` may make a proposal in the name of ``delegation_id`` (the changes of
    an uploaded Word file): its own delegation's, always; any delegation's when ``actor``
    holds the pen, who compiles what partners sent by e-mail."""
    return can(actor, PROPOSE, draft) and (delegation_id == actor.delegation_id
                                           or actor.delegation_id == draft.penholder_id)


def require_attribution(actor: Actor, draft: Draft, delegation: Delegation | None) -> Delegation:
    """``delegation``, if ``actor`` may make a proposal in its name. The actor stays who
    they are (the audit trail names their user and delegation, "on behalf of" this one)."""
    if delegation is None:
        raise NotFound("there is no such delegation", "delegation")
    if not may_attribute(actor, draft, delegation.id):
        raise Forbidden(f"only the penholder ({draft.penholder.name}) may make proposals in the name of "
                        f"{delegation.name}; you may make them for {actor.delegation_name or 'no delegation'}",
                        "delegation")
    return delegation


def require_create(actor: Actor) -> None:
    """Drafts are tabled by delegations: whoever creates one holds its pen."""
    if actor.delegation_id is None:
        raise Forbidden("drafts are tabled by delegations; the Secretariat cannot hold the pen", "draft")


def penholders_own_changes(actor: Actor, draft: Draft, delegation_id: int) -> str | None:
    """Why changes in the name of ``delegation_id`` are not made proposals (None: they may
    be): the penholder's own changes are not proposals, since the penholder decides
    proposals and writes its own wording into the text."""
    if delegation_id != draft.penholder_id:
        return None
    return ("your own changes: make them in the editor" if actor.delegation_id == draft.penholder_id
            else "the penholder's changes are not proposals")
