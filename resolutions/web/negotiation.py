"""The compilation text's page and its forms: propose, support, withdraw, decide, set a
paragraph's status. Each form answers with a redirect to the place it changed
(#para-<id>, #proposal-<id>); a refusal shows the page again with the typed text in
its form and the reason beside it, so nothing written is lost."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from markupsafe import Markup

from ..domain import footnote_markup
from ..domain.amendments import REPLACE, short_name
from ..domain.diff import word_diff
from ..domain.document import HEADING, PARAGRAPH, TABLE, Paragraph
from ..domain.errors import DomainError, InvalidDocument
from ..domain.numbering import marks
from ..services import comments, compilation, proposal_views, proposals
from ..services.compilation import STATUS_NAMES, STATUSES
from . import rendering
from .auth import current_actor
from .context import db
from .editor_form import parse_rows
from .query_args import number_or_text

bp = Blueprint("negotiation", __name__)

@bp.before_request
@login_required
def require_login():
    """Every negotiation page needs a logged-in user."""


@bp.app_template_global()
def open_proposals(draft_id: int) -> int:
    """The number of open proposals on a draft, for the link on the draft's page."""
    return proposal_views.open_counts(db(), current_actor(), draft_id)


def _filters(source, prefix: str = "") -> dict:
    """The page's filters: from the query string, or (``prefix`` "f_") from a form's hidden
    fields, which must not be taken for the form's own (a status form has a "status")."""
    found = {name: source.get(prefix + name) for name in ("status", "delegation")}
    return {k: v for k, v in found.items() if isinstance(v, str) and v}


def _change_html(p) -> Markup:
    """A replacement as the words it changes in the paragraph now (<del>/<ins>)."""
    if p.kind != REPLACE or p.result is None or p.current_text is None:
        return Markup("")
    return rendering.ops_html(word_diff(rendering.plain_text(p.current_text), rendering.plain_text(p.result)))


def _text_html(markup: str, section: str = "operative", proposal=None) -> Markup:
    """Proposed wording (footnotes inline) rendered as the text would print it; the
    heading, table or annex a ``proposal`` inserts, as that block would print."""
    block = proposal.new_block if proposal is not None else None
    if block is not None:
        return rendering.block_html(block, section, mark=proposal.block_mark)
    try:
        text, notes = footnote_markup.parse(markup)
    except InvalidDocument:
        return Markup("{}").format(markup)
    return rendering.paragraph_html(Paragraph(id="proposed", text=text, footnotes=notes), section)


def _page(draft_id: int, *, error: str | None = None, typed: dict | None = None, status: int = 200,
          filters: dict | None = None):
    actor = current_actor()
    filters = _filters(request.args) if filters is None else filters
    found = compilation.view(db(), actor, draft_id, status=filters.get("status"),
                             delegation=filters.get("delegation"))
    threads = comments.threads(db(), actor, draft_id)
    numbers: dict[str, int] = {}
    for _, _, para in found.document.walk():
        for note in para.footnotes:
            numbers[note.id] = len(numbers) + 1
    printed = marks(found.document)
    html = {row.id: rendering.block_html(row.paragraph, row.section, numbers, printed.get(row.id, ""))
            for row in found.rows}
    return render_template(
        "negotiation/compilation.html", c=found, html=html, notes=rendering.footnotes(found.document),
        statuses=STATUSES, status_names=STATUS_NAMES, filters=filters, error=error, typed=typed or {},
        comments_by_paragraph=threads, me=actor, short_name=short_name, change_html=_change_html,
        text_html=_text_html), status


@bp.get("/drafts/<int:draft_id>/compilation")
def show(draft_id: int):
    return _page(draft_id)


def _back(draft_id: int, anchor: str, filters: dict):
    return redirect(url_for("negotiation.show", draft_id=draft_id, **filters) + f"#{anchor}")


def _refused(draft_id: int, error: DomainError, form_key: str, filters: dict):
    """The page again, the typed values back in the form named ``form_key``."""
    if error.status == 404:
        raise error
    typed = {"form": form_key, **request.form.to_dict()}
    return _page(draft_id, error=str(error), typed=typed, status=error.status, filters=filters)


@bp.post("/drafts/<int:draft_id>/compilation/proposals")
def propose(draft_id: int):
    form, filters = request.form, _filters(request.form, "f_")
    paragraph = form.get("paragraph", "")
    kind = form.get("kind", "")
    base = form.get("base_revision", "")
    text = form.get("text", "")
    try:
        made = proposals.make(
            db(), current_actor(), draft_id, number_or_text(base), kind,
            paragraph, None if kind == "delete" else text,
            position=(form.get("position") or "after") if kind == "insert" else None,
            replaces=(form.get("replaces") or "").strip() or None if kind == "replace" else None,
            note=form.get("note") or None, block=_block(form) if kind == "insert" else None)
    except DomainError as error:
        return _refused(draft_id, error, f"propose-{paragraph}", filters)
    flash(f"Proposal {made.id} made: {made.summary}", "info")
    return _back(draft_id, f"proposal-{made.id}", filters)


def _block(form) -> dict | None:
    """The new block an insertion form names (None: a numbered paragraph); its values as
    typed, for the service to refuse by name."""
    kind = form.get("block_kind") or PARAGRAPH
    if kind == PARAGRAPH:
        return None
    if kind == HEADING:
        return {"kind": kind, "level": number_or_text(form.get("level") or "1"),
                "numbering": (form.get("numbering") or "").strip(), "restart": bool(form.get("restart"))}
    if kind == TABLE:
        return {"kind": kind, "rows": [list(row) for row in parse_rows(form.get("rows") or "")],
                "header_rows": number_or_text(form.get("header_rows") or "0")}
    return {"kind": kind}


@bp.post("/drafts/<int:draft_id>/compilation/proposals/<int:proposal_id>/support")
def support(draft_id: int, proposal_id: int):
    filters = _filters(request.form, "f_")
    try:
        done = proposals.support(db(), current_actor(), draft_id, proposal_id)
    except DomainError as error:
        return _refused(draft_id, error, f"proposal-{proposal_id}", filters)
    flash(f"{current_actor().delegation_name} joined proposal {done.id}: {done.summary}", "info")
    return _back(draft_id, f"proposal-{done.id}", filters)


@bp.post("/drafts/<int:draft_id>/compilation/proposals/<int:proposal_id>/withdraw")
def withdraw(draft_id: int, proposal_id: int):
    filters = _filters(request.form, "f_")
    try:
        done = proposals.withdraw(db(), current_actor(), draft_id, proposal_id)
    except DomainError as error:
        return _refused(draft_id, error, f"proposal-{proposal_id}", filters)
    if done.status == proposal_views.WITHDRAWN:
        flash(f"Proposal {done.id} withdrawn.", "info")
        return _back(draft_id, f"para-{done.paragraph_id}", filters)
    flash(f"{current_actor().delegation_name} left proposal {done.id}; {', '.join(done.delegations)} "
          "still make it.", "info")
    return _back(draft_id, f"proposal-{done.id}", filters)


@bp.post("/drafts/<int:draft_id>/compilation/proposals/<int:proposal_id>/decision")
def decide(draft_id: int, proposal_id: int):
    form, filters = request.form, _filters(request.form, "f_")
    decision = form.get("decision", "")
    text = form.get("text") if decision == "accept" and form.get("with_changes") else None
    try:
        done = proposals.decide(db(), current_actor(), draft_id, proposal_id, decision, text,
                                form.get("note") or None)
    except DomainError as error:
        return _refused(draft_id, error, f"proposal-{proposal_id}", filters)
    if done.status == proposal_views.ACCEPTED:
        saved = (f" as revision {done.decided_revision}" if done.decided_revision
                 else "; the text already read so, no revision was needed")
        flash(f"Proposal {done.id} accepted{' with changes' if done.decision_text else ''}{saved}.", "info")
    else:
        flash(f"Proposal {done.id} rejected.", "info")
    anchor = done.new_paragraph_id if done.kind == "insert" and done.decided_revision else done.paragraph_id
    return _back(draft_id, f"para-{anchor}", filters)


@bp.post("/drafts/<int:draft_id>/compilation/paragraphs/<paragraph_id>/status")
def set_status(draft_id: int, paragraph_id: str):
    form, filters = request.form, _filters(request.form, "f_")
    status = form.get("status", "")
    text = (form.get("text") or "").strip() or None if status == compilation.BRACKETED else None
    try:
        done = compilation.set_status(db(), current_actor(), draft_id, paragraph_id, status, text)
    except DomainError as error:
        return _refused(draft_id, error, f"status-{paragraph_id}", filters)
    flash(f"{done.label} is now {STATUS_NAMES[done.status]}.", "info")
    return _back(draft_id, f"para-{done.paragraph}", filters)
