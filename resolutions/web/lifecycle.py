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
        noted = 0  # footnotes are numbered through the document, as printed
        for pid, label in labels(doc).items():
            para = doc.find(pid)
            shown = _with_markers(para.text, [n.at for n in para.footnotes], noted)
            noted += len(para.footnotes)
            short = shown if len(shown) <= 70 else shown[:70] + "…"
            paragraphs.append({"id": pid, "label": f"{spaced_label(label)} — {short}", "markup": markup_of(para)})
    body = get_body(doc.body) if doc is not None else None
    return {"panel": panel, "paragraphs": paragraphs, "symbol": lc.symbol_of(panel.life),
            "decisions": bool(body and body.decision_symbol), "step_names": lc.STEP_NAMES, "state_names": lc.STATE_NAMES,
            "orals": _oral_details(panel.life, doc), "issued_as": _issued_as(panel.life)}


def _with_markers(text: str, at: list[int], before: int) -> str:
    """A paragraph's plain text with its footnote markers as "[1]" (numbered on from
    ``before``): a choice in a list shows no editing markup."""
    out, last = [], 0
    for n, offset in enumerate(sorted(at), start=before + 1):
        out += [text[last:offset], f"[{n}]"]
        last = offset
    return "".join(out) + text[last:]


def _oral_details(life: lc.Lifecycle, doc=None) -> dict[int, dict]:
    """Oral revisions by the revision each made: who read it out, the paragraphs it changed
    (labelled as in the text shown) and the statement, for the timeline."""
    names = labels(doc) if doc is not None else {}
    return {o.revision: {"by": o.by, "text": o.text,
                         "paragraphs": [spaced_label(names[pid]) if pid in names else "a paragraph no longer in the text"
                                        for pid in o.paragraphs]}
            for o in life.oral_revisions}


def _issued_as(life: lc.Lifecycle) -> dict[int, str]:
    """revision → the symbol it was last issued under."""
    return {i.revision: i.symbol for i in life.issuances}


@bp.app_template_global()
def issued_revisions(draft_id: int) -> dict[int, str]:
    """For the Export menu outside the draft page (the editor): revision → its issued symbol."""
    return _issued_as(lifecycle.of(db(), current_actor(), draft_id))


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


# The API's names of a refused field → the form fields that hold it.
_FORM_FIELDS = {"vote.yes": ("yes",), "vote.no": ("no",), "vote.abstain": ("abstain",),
                "vote": ("vote_mode", "yes", "no", "abstain"), "without_vote": ("vote_mode",),
                "paragraphs": ("paragraph", "wording"), "number": ("number",), "symbol": ("symbol", "number")}


def culprits(where: str | None) -> frozenset[str]:
    """The form fields a refusal names ("vote.yes,vote.abstain" → yes, abstain), to mark
    only those on the page that shows it again."""
    out: set[str] = set()
    for part in (where or "").split(","):
        part = part.strip()
        if part.startswith("paragraphs["):  # the form sends one paragraph: its id and its wording
            part = "paragraph" if part.endswith(".id") else "wording" if part.endswith(".text") else "paragraphs"
        out.update(_FORM_FIELDS.get(part, (part,)))
    return frozenset(out)


@bp.post("/drafts/<int:draft_id>/lifecycle")
def act(draft_id: int):
    action = request.form.get("action", "")
    try:
        life = lifecycle.act(db(), current_actor(), draft_id, action, fields_of(request.form))
    except DomainError as error:
        if error.status == 404:
            raise
        return render_template("lifecycle/refused.html", error=error.message, culprits=culprits(error.where),
                               draft_id=draft_id, action=action, form=request.form,
                               step_names=lc.STEP_NAMES), error.status
    flash(life.steps[-1].summary + ".", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id) + "#lifecycle")
