"""The lifecycle on the draft page: the timeline, and one form per step the viewer may
take (the Secretariat issues and records action; the penholder submits and revises).

The forms post here; the fields become the same dictionary the API sends
(services/lifecycle.act), so both ways in are checked by the one use case. A refusal
shows the message with what was typed, so a long oral revision is never lost.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..domain import lifecycle as lc
from ..domain.amendments import markup_of
from ..domain.bodies import get_body
from ..domain.errors import DomainError
from ..domain.numbering import labels, spaced_label
from ..services import lifecycle
from .auth import current_actor
from .context import db

bp = Blueprint("lifecycle", __name__)

STEP_NAMES = {
    "created": "Created", "circulated": "Circulated", "submit": "Submitted", "issue": "Issued",
    "revise": "Revision submitted", "addendum": "Addendum", "oral_revision": "Oral revision",
    "adopt": "Adopted", "reject": "Rejected", "withdraw": "Withdrawn", "defer": "Action deferred",
}
STATE_NAMES = {"private": "Private", "circulated": "Circulated", "submitted": "Submitted for issuance",
               "issued": "Issued", "adopted": "Adopted", "rejected": "Rejected", "withdrawn": "Withdrawn",
               "deferred": "Action deferred"}
MAX_LINES = lc.MAX_VOTERS + 1  # a vote list longer than every Member State is refused by the use case


@bp.before_request
@login_required
def require_login():
    """Every lifecycle form needs a logged-in user."""


@bp.app_template_global()
def lifecycle_panel(draft_id: int, doc=None) -> dict:
    """The draft page's lifecycle block: the panel, and the paragraphs an oral revision may change."""
    panel = lifecycle.panel(db(), current_actor(), draft_id)
    paragraphs = []
    if doc is not None and lc.ORAL_REVISION in panel.actions:
        for pid, label in labels(doc).items():
            markup = markup_of(doc.find(pid))
            short = markup if len(markup) <= 70 else markup[:70] + "…"
            paragraphs.append({"id": pid, "label": f"{spaced_label(label)} — {short}", "markup": markup})
    body = get_body(doc.body) if doc is not None else None
    return {"panel": panel, "paragraphs": paragraphs, "symbol": lc.symbol_of(panel.life),
            "decisions": bool(body and body.decision_symbol), "step_names": STEP_NAMES, "state_names": STATE_NAMES}


def _names(raw: str) -> list[str]:
    """A vote list typed one delegation a line (commas inside names, "Korea, Republic of", stay)."""
    return [line.strip() for line in raw.splitlines()[:MAX_LINES] if line.strip()]


def fields_of(form) -> dict:
    """The form's fields as the API's JSON names them; only what was filled in."""
    fields: dict = {}
    for name in ("symbol", "date", "by", "text", "committee", "number"):
        value = form.get(name, "").strip()
        if value:
            fields[name] = value
    if form.get("decision") == "yes":
        fields["decision"] = True
    pid, wording = form.get("paragraph", ""), form.get("wording", "")
    if pid or wording.strip():
        fields["paragraphs"] = [{"id": pid, "text": wording}]
    mode = form.get("vote_mode")
    if mode == "without":
        fields["without_vote"] = True
    elif mode == "recorded":
        fields["vote"] = {key: _names(form.get(key, "")) for key in ("yes", "no", "abstain")}
    return fields


@bp.post("/drafts/<int:draft_id>/lifecycle")
def act(draft_id: int):
    action = request.form.get("action", "")
    try:
        life = lifecycle.act(db(), current_actor(), draft_id, action, fields_of(request.form))
    except DomainError as error:
        if error.status == 404:
            raise
        return render_template("lifecycle/refused.html", error=error.message, where=error.where,
                               draft_id=draft_id, action=action, form=request.form,
                               step_names=STEP_NAMES), error.status
    flash(life.steps[-1].summary + ".", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id) + "#lifecycle")
