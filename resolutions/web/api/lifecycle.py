"""A draft's lifecycle over the API: read it, take a step (submit, issue, revise, …)."""
from __future__ import annotations

from flask import g, jsonify
from flask.typing import ResponseReturnValue

from ...domain.lifecycle import Lifecycle, Step, symbol_of
from ...domain.records import Vote
from ...formats.facts_json import dump_vote
from ...services import lifecycle
from ..context import db
from .base import bp, json_body


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def vote_json(vote: Vote | None) -> dict | None:
    return None if vote is None else {**dump_vote(vote), "summary": vote.summary()}


def step_json(step: Step) -> dict:
    return {"action": step.action, "at": step.at.isoformat(), "date": _day(step.date), "revision": step.revision,
            "symbol": step.symbol, "by": step.by, "summary": step.summary}


def lifecycle_json(life: Lifecycle) -> dict:
    action = life.action
    return {
        "state": life.state,
        "symbol": symbol_of(life),
        "issuances": [{"symbol": i.symbol, "revision": i.revision, "date": _day(i.date), "sponsors": list(i.sponsors)}
                      for i in life.issuances],
        "addenda": [{"symbol": a.symbol, "date": _day(a.date), "sponsors": list(a.sponsors)} for a in life.addenda],
        "sponsors": list(life.sponsors),  # of the text: at the first issuance and still sponsoring
        "additional_sponsors": list(life.additional_sponsors),
        "oral_revisions": [{"by": o.by, "date": _day(o.date), "paragraphs": list(o.paragraphs), "text": o.text,
                            "revision": o.revision} for o in life.oral_revisions],
        "action": None if action is None else {
            "kind": action.kind, "date": _day(action.date), "revision": action.revision,
            "vote": vote_json(action.vote), "symbol": action.symbol, "committee_line": action.committee_line},
        "submitted_revision": life.submitted_revision,
        "timeline": [step_json(s) for s in life.steps],
    }


@bp.get("/drafts/<int:draft_id>/lifecycle")
def get_lifecycle(draft_id: int) -> ResponseReturnValue:
    return jsonify(lifecycle_json(lifecycle.of(db(), g.actor, draft_id)))


@bp.post("/drafts/<int:draft_id>/lifecycle")
def act(draft_id: int) -> ResponseReturnValue:
    data = json_body()
    fields = {k: v for k, v in data.items() if k != "action"}
    return jsonify(lifecycle_json(lifecycle.act(db(), g.actor, draft_id, data.get("action"), fields)))
