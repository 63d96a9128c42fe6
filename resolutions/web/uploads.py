"""Word uploads in the browser: a delegation's own .docx → a new draft; a partner's .docx
with tracked changes → a confirmation page (each change, each author's delegation) →
proposals on the compilation text. The file itself is never kept: the confirmation
carries the parsed changes in a signed token (services/uploads.py)."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from markupsafe import Markup

from ..domain.diff import word_diff
from ..domain.errors import DomainError, InvalidDocument
from ..domain.sponsors import join_names
from ..services import drafts, uploads
from . import rendering
from .auth import current_actor
from .context import db
from .query_args import whole_number

bp = Blueprint("uploads", __name__)

FLASHED_WARNINGS = 5     # the rest would overflow the session cookie; the count is said
FLASHED_CHARS = 300


@bp.before_request
@login_required
def require_login():
    """Every upload page needs a logged-in user."""


def _file() -> tuple[bytes, str]:
    """The uploaded file's bytes and name; the app's MAX_CONTENT_LENGTH has bounded them (413)."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidDocument("choose a Word (.docx) file to upload", "file")
    return upload.read(), upload.filename


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


# --- a new draft -------------------------------------------------------------------------------

@bp.get("/drafts/upload")
def new_form():
    return render_template("uploads/new.html", error=None)


@bp.post("/drafts/upload")
def new_draft():
    try:
        data, name = _file()
        result = uploads.new_draft(db(), current_actor(), data, name)
    except InvalidDocument as error:
        return render_template("uploads/new.html", error=error.message), 400
    flash(f"Draft created from {result.filename}. Check the text, then circulate it.", "info")
    if result.named_sponsors:
        flash(f"The file names {join_names(result.named_sponsors)} as "
              f"sponsor{'s' if len(result.named_sponsors) > 1 else ''}: they can join once you circulate it "
              "(nobody is joined on their behalf).", "info")
    if result.unknown_sponsors:
        flash(f"The sponsor line also names {join_names(result.unknown_sponsors)}, which match no delegation.",
              "warning")
    _flash_some(result.warnings, "Reading the file: {}", "… and {} more notes from reading the file.")
    return redirect(url_for("drafts.show", draft_id=result.draft.id))


def _flash_some(notes, each: str, rest: str) -> None:
    """The first FLASHED_WARNINGS ``notes`` (cut to FLASHED_CHARS), then how many more: the
    session cookie that carries flashes holds a few kilobytes."""
    for note in notes[:FLASHED_WARNINGS]:
        flash(each.format(note[:FLASHED_CHARS]), "warning")
    if len(notes) > FLASHED_WARNINGS:
        flash(rest.format(len(notes) - FLASHED_WARNINGS), "warning")


# --- a partner's file ---------------------------------------------------------------------------

@bp.get("/drafts/<int:draft_id>/upload")
def partner_form(draft_id: int):
    return _partner_page(draft_id)


def _partner_page(draft_id: int, error: str | None = None, status: int = 200):
    view = drafts.view(db(), current_actor(), draft_id)
    return render_template("uploads/partner.html", draft=view, error=error), status


@bp.post("/drafts/<int:draft_id>/upload")
def partner_file(draft_id: int):
    try:
        data, name = _file()
        found = uploads.read_partner_file(db(), current_actor(), draft_id, data, name, _secret())
    except InvalidDocument as error:
        return _partner_page(draft_id, error.message, 400)
    return _confirmation(found)


def _confirmation(found: uploads.PartnerFile, error: str | None = None, status: int = 200,
                  ticked: set[int] | None = None, mapping: dict[str, str] | None = None):
    return render_template("uploads/confirm.html", f=found, error=error, change_html=_change_html,
                           ticked=ticked, mapping=mapping or {a.name: a.delegation or "" for a in found.authors},
                           me=current_actor()), status


@bp.post("/drafts/<int:draft_id>/upload/confirm")
def confirm(draft_id: int):
    form = request.form
    token = form.get("token", "")
    mapping = dict(zip(form.getlist("author"), form.getlist("delegation")))
    chosen = {n for n in (whole_number(raw) for raw in form.getlist("change")) if n is not None}
    try:
        done = uploads.confirm(db(), current_actor(), draft_id, token, mapping, chosen, _secret())
    except DomainError as error:
        if error.status == 404:
            raise
        status = 400 if isinstance(error, InvalidDocument) else error.status
        if error.where == "token":
            return _partner_page(draft_id, error.message, status)
        found = uploads.pending(db(), current_actor(), draft_id, token, _secret())
        return _confirmation(found, error.message, status, ticked=chosen, mapping=mapping)
    made = len(done.made)
    if made:
        flash(f"{made} proposal{'s' if made != 1 else ''} made from the file.", "info")
    else:
        flash(f"No proposal was made from the file: none of the {len(done.skipped)} ticked "
              f"change{'s' if len(done.skipped) != 1 else ''} could be proposed, for the reasons below.", "warning")
    _flash_some(done.skipped, "Not proposed: {}", "… and {} more changes not proposed.")
    return redirect(url_for("negotiation.show", draft_id=draft_id))


def _change_html(change: uploads.Change) -> Markup:
    """The change as the words it strikes out and puts in."""
    return rendering.ops_html(word_diff(rendering.plain_text(change.old), rendering.plain_text(change.new)))
