"""Negotiation over the API: proposals, decisions, the compilation text, paragraph statuses."""
from __future__ import annotations

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from ...services import compilation, proposal_views, proposals
from ...services.compilation import Row
from ...services.proposal_views import ProposalView
from ..context import db
from .base import bp, json_body


def proposal_json(p: ProposalView) -> dict:
    decided = None
    if p.decided_at is not None:
        decided = {"by": p.decided_by, "at": p.decided_at.isoformat(), "note": p.decision_note,
                   "text": p.decision_text, "revision": p.decided_revision}
    return {"id": p.id, "draft": p.draft_id, "kind": p.kind, "paragraph": p.paragraph_id, "label": p.label,
            "position": p.position, "text": p.text, "replaces": p.replaces, "new_paragraph": p.new_paragraph_id,
            "block": p.block,
            "new_label": p.new_label, "note": p.note, "status": p.status, "delegations": list(p.delegations),
            "summary": p.summary, "base_revision": p.base_revision, "paragraph_text": p.paragraph_text,
            "current_text": p.current_text, "outdated": p.outdated, "created_by": p.created_by,
            "created_at": p.created_at.isoformat(), "decision": decided}


def _row_json(row: Row) -> dict:
    return {"id": row.id, "section": row.section, "depth": row.depth, "label": row.label,
            "clean_label": row.clean_label, "text": row.markup, "status": row.status, "new": row.new,
            "brackets": [list(s) for s in row.brackets], "bracketed": row.bracketed_markup,
            "status_stale": row.status_stale,
            "proposals": [proposal_json(p) for p in (row.proposals or ((row.proposed,) if row.proposed else ()))]}


@bp.post("/drafts/<int:draft_id>/proposals")
def make_proposal(draft_id: int) -> ResponseReturnValue:
    data = json_body()
    made = proposals.make(db(), g.actor, draft_id, data.get("base_revision"), data.get("kind"),
                          data.get("paragraph"), data.get("text"), position=data.get("position"),
                          replaces=data.get("replaces"), note=data.get("note"), block=data.get("block"))
    return jsonify(proposal_json(made)), 201


@bp.get("/drafts/<int:draft_id>/proposals")
def list_proposals(draft_id: int) -> ResponseReturnValue:
    page = request.args.get("page", 1, type=int) or 1
    per_page = request.args.get("per_page", proposal_views.PER_PAGE, type=int) or proposal_views.PER_PAGE
    found = proposal_views.listing(db(), g.actor, draft_id, request.args.get("status"), page=page, per_page=per_page)
    return jsonify({"proposals": [proposal_json(p) for p in found.items], "total": found.total,
                    "page": found.page, "pages": found.pages, "per_page": found.per_page})


@bp.post("/drafts/<int:draft_id>/proposals/<int:proposal_id>/support")
def support_proposal(draft_id: int, proposal_id: int) -> ResponseReturnValue:
    return jsonify(proposal_json(proposals.support(db(), g.actor, draft_id, proposal_id)))


@bp.post("/drafts/<int:draft_id>/proposals/<int:proposal_id>/withdraw")
def withdraw_proposal(draft_id: int, proposal_id: int) -> ResponseReturnValue:
    return jsonify(proposal_json(proposals.withdraw(db(), g.actor, draft_id, proposal_id)))


@bp.post("/drafts/<int:draft_id>/proposals/<int:proposal_id>/decision")
def decide_proposal(draft_id: int, proposal_id: int) -> ResponseReturnValue:
    data = json_body()
    decided = proposals.decide(db(), g.actor, draft_id, proposal_id, data.get("decision"), data.get("text"),
                               data.get("note"))
    return jsonify(proposal_json(decided))


@bp.get("/drafts/<int:draft_id>/compilation")
def get_compilation(draft_id: int) -> ResponseReturnValue:
    found = compilation.view(db(), g.actor, draft_id, status=request.args.get("status") or None,
                             delegation=request.args.get("delegation") or None)
    return jsonify({"draft": found.draft_id, "title": found.title, "revision": found.revision,
                    "reference_revision": found.reference_revision, "counts": found.counts,
                    "stale_counts": found.stale,
                    "open_proposals": found.open_proposals, "delegations": found.delegations,
                    "paragraphs": [_row_json(r) for r in found.rows],
                    "orphans": [proposal_json(p) for p in found.orphans],
                    "decided": [proposal_json(p) for p in found.decided], "decided_total": found.decided_total})


@bp.post("/drafts/<int:draft_id>/paragraphs/<paragraph_id>/status")
def set_paragraph_status(draft_id: int, paragraph_id: str) -> ResponseReturnValue:
    data = json_body()
    done = compilation.set_status(db(), g.actor, draft_id, paragraph_id, data.get("status"), data.get("text"))
    return jsonify({"paragraph": done.paragraph, "label": done.label, "status": done.status,
                    "brackets": [list(s) for s in done.brackets], "bracketed": done.bracketed})
