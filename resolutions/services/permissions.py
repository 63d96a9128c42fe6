"""Who may see and change a draft.

A private draft is seen only by its penholder delegation and the Secretariat; once
circulated, every logged-in delegation sees it. Only the penholder edits. A draft
someone may not see does not exist for them (404); one they see but may not change
answers 403.
"""
from __future__ import annotations

from ..store.tables import Draft
from .actors import Actor
from .errors import Forbidden, NotFound

PRIVATE, CIRCULATED = "private", "circulated"


def can_view(actor: Actor, draft: Draft) -> bool:
    return (actor.is_secretariat or draft.status == CIRCULATED
            or draft.penholder_id == actor.delegation_id)


def can_edit(actor: Actor, draft: Draft) -> bool:
    return actor.delegation_id is not None and draft.penholder_id == actor.delegation_id


def require_view(actor: Actor, draft: Draft | None, draft_id: int) -> Draft:
    if draft is None or not can_view(actor, draft):
        raise NotFound(f"there is no draft {draft_id} you can see", "draft")
    return draft


def require_edit(actor: Actor, draft: Draft | None, draft_id: int) -> Draft:
    draft = require_view(actor, draft, draft_id)
    if not can_edit(actor, draft):
        raise Forbidden(f"only the penholder delegation ({draft.penholder.name}) can change this draft", "draft")
    return draft
