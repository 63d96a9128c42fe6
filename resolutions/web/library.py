"""Past resolutions: search, read one in the UN's layout, see a paragraph in every
language, start a draft from it, and find agreed language for the editor."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from ..domain.errors import DomainError
from ..domain.numbering import labels
from ..services import agreed_language, lifecycle, publications, searching
from . import rendering
from .context import db
from .auth import current_actor
from .query_args import search_query

bp = Blueprint("library", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.route("/search")
def search():
    query = search_query(request.args)
    results, error, status = None, None, 200
    if query.text or any((query.body, query.session, query.language, query.sponsor, query.kind)):
        try:
            results = searching.search(db(), current_actor(), query)
        except DomainError as problem:  # a query that cannot be read (400), the index being rebuilt (503)
            error, status = problem.message, problem.status
    empty = results is not None and not results.total and publications.library_empty(db())
    return render_template("library/search.html", query=query, results=results, error=error,
                           args=request.args, library_empty=empty), status


@bp.route("/resolutions/<path:symbol>")
def show(symbol: str):
    view = publications.get(db(), current_actor(), symbol, request.args.get("lang", "en"))
    doc = view.document
    cover = rendering.library_cover(view.symbol, view.kind, doc, view.facts, view.printed_sponsors, view.language)
    # the draft it was adopted from, only when this viewer may read that draft
    adopted_from = lifecycle.adopted_from(db(), current_actor(), view.symbol) if view.kind == "resolution" else None
    return render_template("library/show.html", view=view, doc=doc, rows=rendering.rows(doc, style=False),
                           notes=rendering.footnotes(doc), languages=publications.LANGUAGES, cover=cover,
                           adopted_from=adopted_from)


@bp.route("/resolutions/<path:symbol>/paragraphs/<paragraph_id>")
def paragraph(symbol: str, paragraph_id: str):
    view = publications.get(db(), current_actor(), symbol, request.args.get("lang", "en"))
    versions = publications.same_paragraph_everywhere(db(), current_actor(), view.symbol, paragraph_id)
    return render_template("library/paragraph.html", view=view, versions=versions,
                           label=labels(view.document).get(paragraph_id, paragraph_id),
                           languages=publications.LANGUAGES)


@bp.route("/resolutions/<path:symbol>/start-draft", methods=["POST"])
def start_draft(symbol: str):
    created = publications.start_draft(db(), current_actor(), symbol, request.form.get("lang", "en"))
    flash(f"A new draft for session {created.document.session} starts from {symbol}. "
          "Its paragraphs keep their ids, so every change can be shown against the base.", "info")
    return redirect(url_for("drafts.edit", draft_id=created.id))


@bp.route("/precedents.json")
def precedents_json():
    """Agreed language for the editor's side panel (same-site, session-authenticated)."""
    found = agreed_language.suggestions(db(), current_actor(), request.args.get("text", ""),
                                        request.args.get("lang", "en"))
    return jsonify(rendering.agreed_language_json(found))
