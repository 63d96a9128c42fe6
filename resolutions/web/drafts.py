"""Draft pages: list, create, read, edit, history, compare, sponsors, export."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.bodies import bodies
from ..domain import editing
from ..domain.document import Document, new_id
from ..domain.errors import DomainError, InvalidDocument
from ..services import audit, drafts, export, publications, searching, sponsorship
from ..services.errors import StaleRevision
from . import editor_form, rendering
from .context import db
from .auth import current_actor
from .query_args import revision_arg

bp = Blueprint("drafts", __name__)


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


@bp.route("/")
def index():
    return render_template("drafts/index.html", drafts=drafts.visible(db(), current_actor()))


@bp.route("/drafts/new", methods=["GET", "POST"])
def new():
    form = NewDraftForm()
    if form.validate_on_submit():
        doc = Document(body=form.body.data, session=form.session.data, title=form.title.data.strip(),
                       agenda_item=(form.agenda_item.data or "").strip(),
                       agenda_title=(form.agenda_title.data or "").strip())
        try:
            created = drafts.create(db(), current_actor(), doc)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash("Draft created. Add its paragraphs, then save.", "info")
            return redirect(url_for("drafts.edit", draft_id=created.id))
    status = 400 if request.method == "POST" else 200
    return render_template("drafts/new.html", form=form), status


def _page(draft_id: int, number: int | None = None):
    view = drafts.view(db(), current_actor(), draft_id, number)
    return view, sponsorship.of(db(), current_actor(), draft_id)


@bp.route("/drafts/<int:draft_id>")
@bp.route("/drafts/<int:draft_id>/revisions/<int:number>")
def show(draft_id: int, number: int | None = None):
    view, sponsors = _page(draft_id, number)
    return render_template("drafts/show.html", draft=view, doc=view.document, sponsors=sponsors,
                           rows=rendering.rows(view.document), notes=rendering.footnotes(view.document),
                           doc_warnings=rendering.document_warnings(view.document),
                           me=current_actor())


def _editor(view, rows, *, error: str | None = None, base_revision: int, doc: Document,
            message: str = "", status: int = 200, precedents: dict | None = None):
    return render_template("drafts/edit.html", draft=view, doc=doc, rows=rows, error=error,
                           base_revision=base_revision, message=message, precedents=precedents or {},
                           doc_warnings=rendering.document_warnings(doc)), status


def _use_agreed_language(doc: Document, target: str) -> Document:
    """"use:PID|A/RES/78/131|en|para_26": that paragraph's wording replaces PID's,
    and the paragraph remembers where it came from."""
    pid, symbol, language, source_id = (target.split("|") + ["", "", ""])[:4]
    agreed, source = publications.paragraph(db(), current_actor(), symbol, language or "en", source_id)
    # fresh footnote ids: the same agreed paragraph may be used twice in one draft
    notes = tuple(replace(note, id=new_id("fn")) for note in agreed.footnotes)
    return editing.change(doc, pid, text=agreed.text, footnotes=notes,
                          opening_length=agreed.opening_length, source=source)


def _raw_rows(form) -> list[rendering.Row]:
    """The posted paragraphs exactly as typed, for when they cannot be read as a document."""
    fields = zip(form.getlist("pid"), form.getlist("psection"), form.getlist("pdepth"), form.getlist("ptext"),
                 form.getlist("psource"))
    return [rendering.Row(pid, section, int(depth) if depth.isdecimal() else 0, text, source=source or None)
            for pid, section, depth, text, source in fields]


@bp.route("/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
def edit(draft_id: int):
    actor = current_actor()
    view = drafts.view(db(), actor, draft_id)
    if not view.can_edit:
        abort(403, f"Only the penholder delegation ({view.penholder}) can edit this draft.")
    if request.method == "GET":
        return _editor(view, rendering.rows(view.document), base_revision=view.current_revision,
                       doc=view.document)

    form = request.form
    base_number = form.get("base_revision", "")
    base_revision = int(base_number) if base_number.isdecimal() else 0
    message = form.get("message", "")
    doc = None
    try:
        base_doc = drafts.view(db(), actor, draft_id, base_revision).document if base_revision else view.document
        doc = editor_form.read(form, base_doc)
        action = form.get("action", "save")
        verb, _, target = action.partition(":")
        if verb == "precedents":
            found = doc.find(target)
            if found is None:
                raise InvalidDocument(f"there is no paragraph {target!r} in this draft", "paragraph")
            near = {target: searching.precedents(db(), actor, found.text, doc.language).results}
            return _editor(view, rendering.rows(doc), base_revision=base_revision, doc=doc, message=message,
                           precedents=near)
        if verb == "use":
            doc = _use_agreed_language(doc, target)
        elif action != "save":
            doc = editor_form.apply_action(doc, action)
        if action != "save":
            return _editor(view, rendering.rows(doc), base_revision=base_revision, doc=doc, message=message)
        saved = drafts.save(db(), actor, draft_id, base_revision, editor_form.without_blanks(doc), message)
    except DomainError as error:
        # Whatever went wrong, the delegate's text goes back into the editor untouched.
        shown = rendering.rows(doc) if doc is not None else _raw_rows(form)
        # "paragraph 3: …" helps a delegate; "base_revision: …" on a stale save does not.
        shown_error = error.message if isinstance(error, StaleRevision) else str(error)
        return _editor(view, shown, error=shown_error, base_revision=base_revision,
                       doc=doc or view.document, message=message, status=error.status)
    flash(f"Saved revision {saved.current_revision}.", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/history")
def history(draft_id: int):
    view = drafts.header(db(), current_actor(), draft_id)
    revisions = drafts.history(db(), current_actor(), draft_id)
    events = audit.of_draft(db(), current_actor(), draft_id)
    return render_template("drafts/history.html", draft=view, revisions=revisions,
                           timeline=rendering.timeline(revisions, events))


@bp.route("/drafts/<int:draft_id>/revisions/<int:number>/restore", methods=["POST"])
def restore(draft_id: int, number: int):
    base = request.form.get("base_revision", "")
    restored = drafts.restore(db(), current_actor(), draft_id, number, int(base) if base.isdecimal() else 0)
    flash(f"Revision {number} restored as revision {restored.current_revision}.", "info")
    return redirect(url_for("drafts.show", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/compare")
def compare(draft_id: int):
    view = drafts.header(db(), current_actor(), draft_id)
    a = request.args.get("from", type=int) or max(view.current_revision - 1, 1)
    b = request.args.get("to", type=int) or view.current_revision
    layout = "side" if request.args.get("view") == "side" else "inline"
    diff = drafts.compare(db(), current_actor(), draft_id, a, b)
    return render_template("drafts/compare.html", draft=view, diff=diff, a=a, b=b, layout=layout,
                           revisions=drafts.history(db(), current_actor(), draft_id))


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


@bp.route("/drafts/<int:draft_id>/export.docx")
def export_docx(draft_id: int):
    exported = export.docx(db(), current_actor(), draft_id, revision_arg(request.args))
    return send_file(exported.stream(), as_attachment=True, download_name=exported.filename,
                     mimetype=export.DOCX_MIME)
