"""Draft pages: list, create, read, edit, history, compare, sponsors, export."""
from __future__ import annotations

import re
import secrets
from dataclasses import replace

from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file,
                   url_for)
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.bodies import bodies
from ..domain import editing
from ..domain.document import KINDS, Document, new_id
from ..domain.errors import DomainError, InvalidDocument
from ..domain.footnote_markup import parse as parse_footnote_markup, render as footnote_markup
from ..domain.languages import DEFAULT as DEFAULT_LANGUAGE, LANGUAGES
from ..domain.validation import MAX_DOCUMENT_CHARS
from ..services import agreed_language, audit, drafts, export, presence, proposal_views, publications, sponsorship
from ..services.errors import Conflict, Forbidden, MergeConflict, StaleRevision
from . import draft_list, editor_form, rendering, review
from . import lifecycle as lifecycle_view
from .context import db
from .auth import current_actor
from .query_args import export_args, whole_number

bp = Blueprint("drafts", __name__)

# The editor's unsaved-edit backups (static/editor-backup.js) name their editor with this id;
# the cookie names the last editors whose save landed.
_EDITOR_SESSION = re.compile(r"[A-Za-z0-9_-]{8,32}")
LANDED_COOKIE = "editor-saved"
LANDED_KEPT = 8
# Two bytes a character: the form of a document at the size limit in a Latin script fits,
# and the longest UN resolution (225,000 characters) in any script, urlencoded.
CHECK_MAX_BYTES = 2 * MAX_DOCUMENT_CHARS


@bp.before_request
@login_required
def require_login():
    """Every draft page needs a logged-in user."""


class NewDraftForm(FlaskForm):
    body = SelectField("Body", choices=[SelectChoice(code, b.name) for code, b in bodies().items()])
    session = IntegerField("Session", validators=[DataRequired(), NumberRange(1, 200)])
    agenda_item = StringField("Agenda item", validators=[Optional(), Length(max=50)])
    agenda_title = StringField("Agenda item title", validators=[Optional(), Length(max=1000)])
    title = StringField("Title", validators=[DataRequired(), Length(max=1000)])
    # the text's language: its masthead, session line, formula and sponsor line follow it
    language = SelectField("Language", default=DEFAULT_LANGUAGE,
                           choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()])


bp.add_url_rule("/", "index", draft_list.index)  # the drafts list (web/draft_list.py)


@bp.route("/drafts/new", methods=["GET", "POST"])
def new():
    form = NewDraftForm()
    if request.method == "GET" and form.session.data is None:
        # the current session of the body the form opens with (bodies.toml's rule)
        form.session.data = drafts.current_session(form.body.data or next(iter(bodies())))
    if form.validate_on_submit():
        doc = Document(body=form.body.data, session=form.session.data, title=form.title.data.strip(),
                       agenda_item=(form.agenda_item.data or "").strip(),
                       agenda_title=(form.agenda_title.data or "").strip(), language=form.language.data)
        try:
            created = drafts.create(db(), current_actor(), doc)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash("Draft created. Add its paragraphs, then save.", "info")
            return redirect(url_for("drafts.edit", draft_id=created.id))
    status = 400 if request.method == "POST" else 200
    return render_template("drafts/new.html", form=form, current_sessions={
        code: drafts.current_session(code) for code in bodies()}), status


def _page(draft_id: int, number: int | None = None):
    """The revision shown, its sponsors, and the lifecycle panel (web/lifecycle.py)."""
    view = drafts.view(db(), current_actor(), draft_id, number)
    return view, sponsorship.of(db(), current_actor(), draft_id), lifecycle_view.lifecycle_panel(draft_id, view.document)


@bp.route("/drafts/<int:draft_id>")
@bp.route("/drafts/<int:draft_id>/revisions/<int:number>")
def show(draft_id: int, number: int | None = None):
    view, sponsors, lp = _page(draft_id, number)
    cover = rendering.draft_cover(lp["panel"].life, view.document, view.revision.number, sponsors.sponsors)
    return render_template("drafts/show.html", draft=view, doc=view.document, sponsors=sponsors,
                           rows=rendering.rows(view.document), notes=rendering.footnotes(view.document),
                           doc_warnings=rendering.document_warnings(view.document),
                           me=current_actor(), lp=lp, cover=cover)


def _editable(draft):
    """``draft`` (a DraftView or a DraftHeader) if the actor may edit it."""
    if not draft.can_edit:
        if draft.held:  # the lifecycle holds the text (submitted, adopted …): 409 saying so
            raise Conflict(draft.held[0].upper() + draft.held[1:] + ".", "draft")
        raise Forbidden(f"Only the penholder delegation ({draft.penholder}) can edit this draft.")
    return draft


def _revision_field(form) -> int:
    return whole_number(form.get("base_revision")) or 0


def _base_document(view: drafts.DraftView, base_revision: int) -> Document:
    if base_revision in (0, view.current_revision):
        return view.document
    return _revision_document(view.id, base_revision)


def _revision_document(draft_id: int, number: int) -> Document:
    return drafts.view(db(), current_actor(), draft_id, number).document


def _text_language(draft_id: int, number: int) -> str:
    """The language of a revision's text, for the lang and dir of the pages that show it;
    English when it cannot be read (history and compare still open on a damaged one)."""
    try:
        return _revision_document(draft_id, number).language
    except DomainError:
        return "en"


def _editor_session(form=None) -> str:
    """The id of one open editor: its unsaved-edit backup in the browser carries it, and a
    save that lands names it in a cookie so that the backup is dropped (static/editor-backup.js)."""
    posted = (form or {}).get("editor_session", "")
    return posted if _EDITOR_SESSION.fullmatch(posted) else secrets.token_urlsafe(9)


def _editor(view, rows, *, error: str | None = None, base_revision: int, doc: Document,
            message: str = "", status: int = 200, precedents: dict | None = None, form=None,
            undo: dict | None = None, conflicts: editor_form.PlacedConflicts = editor_form.NO_CONFLICTS):
    """The editor page. ``form`` is the posted form when the page shows text not yet saved."""
    return render_template(
        "drafts/edit.html", draft=view, doc=doc, rows=rows, error=error, base_revision=base_revision,
        message=message, precedents=precedents or {}, undo=undo, doc_warnings=rendering.document_warnings(doc),
        outline={row.id: editor_form.opening_words(row.markup) for row in rows},
        present=presence.touch(db(), current_actor(), view.id, base_revision),
        editor_session=_editor_session(form), unsaved=form is not None, me=current_actor(),
        conflicts=conflicts, heading_patterns=editor_form.heading_patterns,
        new_table_cells=rendering.table_text(editor_form.NEW_TABLE_ROWS)), status


def _use_agreed_language(doc: Document, target: str) -> tuple[Document, dict]:
    """"use:PID|A/RES/78/131|en|para_26": that paragraph's wording replaces PID's,
    and the paragraph remembers where it came from. Also PID's wording and source before,
    which the page carries for its no-JavaScript "Undo" (``undo:PID``)."""
    pid, symbol, language, source_id = (target.split("|") + ["", "", ""])[:4]
    before = _paragraph(doc, pid)
    agreed, source = publications.paragraph(db(), current_actor(), symbol, language or "en", source_id)
    # fresh footnote ids: the same agreed paragraph may be used twice in one draft
    notes = tuple(replace(note, id=new_id("fn")) for note in agreed.footnotes)
    undo = {"pid": pid, "text": footnote_markup(before.text, before.footnotes), "source": before.source or ""}
    return editing.change(doc, pid, text=agreed.text, footnotes=notes,
                          opening_length=agreed.opening_length, source=source), undo


def _undo_agreed_language(doc: Document, pid: str, form) -> Document:
    """"undo:PID": PID's wording and source as they were before "Use this wording"
    (the hidden fields of its .precedents panel); its italic opening comes back from the
    base on the next read, as for any wording typed back."""
    before = _paragraph(doc, pid)
    text, notes = parse_footnote_markup(form.get("undo_text", "").strip(), [f.id for f in before.footnotes],
                                        where="the wording to put back")
    return editing.change(doc, pid, text=text, footnotes=notes, opening_length=None,
                          source=form.get("undo_source", "").strip()[:200] or None)


def _paragraph(doc: Document, pid: str):
    found = doc.find(pid)
    if found is None:
        raise InvalidDocument(f"there is no paragraph {pid!r} in this draft", "paragraph")
    return found


def _raw_rows(form) -> list[rendering.Row]:
    """The posted blocks exactly as typed, for when they cannot be read as a document."""
    fields = list(zip(*(form.getlist(name) for name in editor_form.BLOCK_FIELDS)))
    kinds = list(zip(*(form.getlist(name) for name in editor_form.KIND_FIELDS)))
    if len(kinds) != len(fields):  # a form without kinds (or a broken one): paragraphs
        kinds = [("paragraph", "1", "", "0", "", "0")] * len(fields)
    return [rendering.Row(pid, section, whole_number(depth, 2) or 0, text, source=source or None,
                          kind=kind if kind in KINDS else "paragraph", level=whole_number(level, 1) or 1,
                          numbering=numbering, restart=restart == "1", cells=cells,
                          header_rows=whole_number(header, 2) or 0)
            for (pid, section, depth, text, source), (kind, level, numbering, restart, cells, header)
            in zip(fields, kinds)]


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
def edit(draft_id: int):
    actor = current_actor()
    view = _editable(drafts.view(db(), actor, draft_id))
    if request.method == "GET":
        return _editor(view, rendering.rows(view.document), base_revision=view.current_revision,
                       doc=view.document)

    form = request.form
    base_revision = _revision_field(form)
    message = form.get("message", "")
    doc = None
    try:
        doc = editor_form.read(form, _base_document(view, base_revision))
        action = form.get("action", "save")
        verb, _, target = action.partition(":")
        if verb == "precedents":
            near = {target: agreed_language.suggestions(db(), actor, _paragraph(doc, target).text, doc.language)}
            return _editor(view, rendering.rows(doc), base_revision=base_revision, doc=doc, message=message,
                           precedents=near, form=form)
        undo = None
        if verb == "use":
            doc, undo = _use_agreed_language(doc, target)
        elif verb == "undo":
            doc = _undo_agreed_language(doc, target, form)
        elif action != "save":
            doc = editor_form.apply_action(doc, action)
        if action != "save":
            return _editor(view, rendering.rows(doc), base_revision=base_revision, doc=doc, message=message,
                           form=form, undo=undo)
        message = agreed_language.revision_note(message, _base_document(view, base_revision), doc)
        saved = drafts.save(db(), actor, draft_id, base_revision, editor_form.without_blanks(doc), message)
    except MergeConflict as conflict:
        # The merge with every conflict settled the user's way, on the newest revision:
        # choosing a side (or editing) and saving again lands on that revision.
        rows = rendering.rows(conflict.proposed)
        theirs = _base_document(view, conflict.current_revision)
        placed = editor_form.place_conflicts(conflict.conflicts, rows, theirs, base_revision=base_revision,
                                             saved_by=conflict.saved_by)
        return _editor(view, rows, error=conflict.message, base_revision=conflict.current_revision,
                       doc=conflict.proposed, message=message, status=conflict.status, form=form,
                       conflicts=placed)
    except DomainError as error:
        # Whatever went wrong, the delegate's text goes back into the editor untouched.
        shown = rendering.rows(doc) if doc is not None else _raw_rows(form)
        # "paragraph 3: …" helps a delegate; "base_revision: …" on a stale save does not.
        shown_error = error.message if isinstance(error, StaleRevision) else str(error)
        return _editor(view, shown, error=shown_error, base_revision=base_revision,
                       doc=doc or view.document, message=message, status=error.status, form=form)
    flash(_saved_message(saved), "info")
    response = redirect(url_for("drafts.show", draft_id=draft_id))
    _remember_landed(response, draft_id, form.get("editor_session", ""))
    return response


def _saved_message(saved: drafts.DraftView) -> str:
    if saved.unchanged:
        return f"Nothing to save: the text is the same as revision {saved.current_revision}."
    if saved.merged_with:
        by = drafts.view(db(), current_actor(), saved.id, saved.merged_with).revision
        return (f"Saved revision {saved.current_revision} (merged with revision {saved.merged_with}, "
                f"saved by {by.author} ({by.delegation or 'Secretariat'})).")
    return f"Saved revision {saved.current_revision}."


def _remember_landed(response, draft_id: int, editor_session: str) -> None:
    """Name the editor whose save landed, for its backup to be dropped on the next visit
    (the page after a save is the draft's, which runs no editor script)."""
    if not _EDITOR_SESSION.fullmatch(editor_session):
        return
    landed = [s for s in request.cookies.get(LANDED_COOKIE, "").split(".") if _EDITOR_SESSION.fullmatch(s)]
    response.set_cookie(LANDED_COOKIE, ".".join([*landed, editor_session][-LANDED_KEPT:]),
                        max_age=30 * 24 * 3600, path=f"/drafts/{draft_id}/", samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=False)


@bp.route("/drafts/<int:draft_id>/check", methods=["POST"])
def check(draft_id: int):
    """The editor's form as typed → each paragraph's label, mark, rendered text and style
    warnings, as the saved draft will show them (JSON); writes nothing. It runs on every
    pause in typing, so its work is bounded by the document limits before anything is
    read (size, then the number of paragraphs in editor_form.read) and it renders without
    the full validation of a save (validation.accept), which stays the save's."""
    if (request.content_length or 0) > CHECK_MAX_BYTES:
        return jsonify(error="This draft is too long to check while typing; saving checks it."), 413
    try:
        header = _editable(drafts.header(db(), current_actor(), draft_id))  # columns only
        number = _revision_field(request.form) or header.current_revision
        doc = editor_form.read(request.form, _revision_document(draft_id, number))
    except DomainError as error:
        return jsonify(error=str(error)), error.status
    return jsonify(editor_form.live(doc))


@bp.route("/drafts/<int:draft_id>/presence", methods=["POST"])
def presence_beat(draft_id: int):
    """The open editor's heartbeat (every 20 s): who else is editing, and the newest revision."""
    try:
        others = presence.touch(db(), current_actor(), draft_id, _revision_field(request.form))
        current = drafts.header(db(), current_actor(), draft_id).current_revision
    except DomainError as error:
        return jsonify(error=str(error)), error.status
    return jsonify(current_revision=current,
                   present=[{"email": p.email, "delegation": p.delegation, "revision": p.revision,
                             "seen_at": p.seen_at.isoformat()} for p in others])


@bp.route("/drafts/<int:draft_id>/history")
def history(draft_id: int):
    view = drafts.header(db(), current_actor(), draft_id)
    revisions = drafts.history(db(), current_actor(), draft_id)
    events = audit.of_draft(db(), current_actor(), draft_id)
    return render_template("drafts/history.html", draft=view, revisions=revisions,
                           timeline=rendering.timeline(revisions, events),
                           language=_text_language(draft_id, view.current_revision))


@bp.route("/drafts/<int:draft_id>/revisions/<int:number>/restore", methods=["POST"])
def restore(draft_id: int, number: int):
    restored = drafts.restore(db(), current_actor(), draft_id, number,
                              whole_number(request.form.get("base_revision")) or 0)
    flash(f"Revision {number} restored as revision {restored.current_revision}.", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/compare")
def compare(draft_id: int):
    view = drafts.header(db(), current_actor(), draft_id)
    a = request.args.get("from", type=int) or max(view.current_revision - 1, 1)
    b = request.args.get("to", type=int) or view.current_revision
    layout = "side" if request.args.get("view") == "side" else "inline"
    diff = drafts.compare(db(), current_actor(), draft_id, a, b)
    # A long draft opens on its changes; ?all=1 shows every paragraph (no JavaScript needed).
    page = review.compare_page(diff, show_all=request.args.get("all") == "1")
    accepted = proposal_views.accepted_between(db(), current_actor(), draft_id, a, b)
    return render_template("drafts/compare.html", draft=view, diff=diff, page=page, a=a, b=b, layout=layout,
                           language=_text_language(draft_id, b),
                           revisions=drafts.history(db(), current_actor(), draft_id), accepted=accepted)


@bp.route("/drafts/<int:draft_id>/status", methods=["POST"])
def status(draft_id: int):
    updated = drafts.set_status(db(), current_actor(), draft_id, request.form.get("status", ""))
    flash("The draft is circulated: every delegation can now read it and co-sponsor it."
          if updated.status == "circulated" else "The draft is private again.", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/sponsors", methods=["POST"])
def sponsors(draft_id: int):
    action = request.form.get("action")
    if action not in ("join", "withdraw"):
        abort(400, "Choose to join or to withdraw.")
    result = getattr(sponsorship, action)(db(), current_actor(), draft_id)
    flash(f"Sponsors now: {result.line}", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.app_template_global()
def export_menu(draft_id: int, revision: int) -> export.ExportMenu:
    """The Export menu's choices for a draft's page and its editor (templates/drafts/_export.html)."""
    return export.menu(db(), current_actor(), draft_id, revision)


@bp.route("/drafts/<int:draft_id>/export.docx")
def export_docx(draft_id: int):
    """?revision=&against=&kind=, or the Export menu's ?choice=&earlier= (services/export.py)."""
    number, kind, against = export_args(request.args)
    exported = export.docx(db(), current_actor(), draft_id, number, against=against, kind=kind)
    return send_file(exported.stream(), as_attachment=True, download_name=exported.filename,
                     mimetype=export.DOCX_MIME)
