"""The JSON API under /api, authenticated with ``Authorization: Bearer <token>``.

Same permissions as the pages; errors are ``{"error": "..."}`` with the right status.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request, send_file
from flask.typing import ResponseReturnValue

from ..domain.diff import DocumentDiff
from ..domain.errors import DomainError, InvalidDocument
from ..formats import document_json, facts_json, safe_json
from ..services import accounts, audit, drafts, export, publications, searching, sponsorship
from ..services.drafts import DraftView, RevisionInfo
from . import rendering
from .context import db
from .query_args import revision_arg, search_query
from .rendering import ACKNOWLEDGEMENT

bp = Blueprint("api", __name__, url_prefix="/api")


class Unauthorized(DomainError):
    status = 401


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    actor = accounts.actor_for_token(db(), token.strip()) if scheme.lower() == "bearer" and token else None
    if actor is None:
        raise Unauthorized("send a valid API token as 'Authorization: Bearer <token>' "
                           "(flask --app app users token EMAIL prints one)")
    g.actor = actor.at(request.remote_addr)


def _json_body(optional: bool = False) -> dict:
    """The request's JSON object, parsed by the one boundary for outside JSON (depth,
    size, encoding, lone surrogates: see formats/safe_json.py)."""
    raw = request.get_data(cache=True)
    if optional and not raw.strip():
        return {}
    data = safe_json.loads(raw)
    if not isinstance(data, dict):
        raise InvalidDocument("the request body must be a JSON object", "body")
    return data


def _revision_json(info: RevisionInfo) -> dict:
    return {"number": info.number, "parent": info.parent, "author": info.author,
            "delegation": info.delegation, "created_at": info.created_at.isoformat(),
            "message": info.message}


def _draft_json(view: DraftView) -> dict:
    return {"id": view.id, "revision": view.revision.number, "current_revision": view.current_revision,
            "status": view.status, "penholder": view.penholder,
            "document": document_json.dump(view.document),
            "sponsors": sponsorship.of(db(), g.actor, view.id).sponsors}


def _diff_json(diff: DocumentDiff) -> dict:
    ops = lambda change: [{"op": o.op, "text": o.text} for o in change.ops]  # noqa: E731
    return {
        "summary": diff.summary,
        "summary_line": diff.summary_line(),
        "fields": [{"name": f.name, "ops": ops(f)} for f in diff.fields],
        "paragraphs": [{"id": p.id, "status": p.status, "section": p.section, "depth": p.depth,
                        "old_label": p.old_label, "new_label": p.new_label,
                        "text_changed": p.text_changed,
                        **({"ops": ops(p)} if p.status in ("changed", "moved") else {})}
                       for p in diff.paragraphs],
    }


@bp.post("/drafts")
def create_draft() -> ResponseReturnValue:
    data = _json_body()
    doc = document_json.load({k: v for k, v in data.items() if k != "message"})
    return jsonify(_draft_json(drafts.create(db(), g.actor, doc, data.get("message")))), 201


@bp.get("/drafts")
def list_drafts() -> ResponseReturnValue:
    return jsonify({"drafts": [{"id": d.id, "body": d.body, "session": d.session, "title": d.title,
                                "status": d.status, "penholder": d.penholder,
                                "current_revision": d.current_revision}
                               for d in drafts.visible(db(), g.actor)]})


@bp.get("/drafts/<int:draft_id>")
def get_draft(draft_id: int) -> ResponseReturnValue:
    return jsonify(_draft_json(drafts.view(db(), g.actor, draft_id)))


@bp.put("/drafts/<int:draft_id>")
def save_draft(draft_id: int) -> ResponseReturnValue:
    data = _json_body()
    current = drafts.view(db(), g.actor, draft_id)
    if "document" not in data:
        raise InvalidDocument("send the edited \"document\" and its \"base_revision\"", "document")
    doc = document_json.load(data["document"], base=current.document)
    saved = drafts.save(db(), g.actor, draft_id, data.get("base_revision"), doc, data.get("message"))
    return jsonify(_draft_json(saved))


@bp.get("/drafts/<int:draft_id>/revisions")
def list_revisions(draft_id: int) -> ResponseReturnValue:
    return jsonify({"revisions": [_revision_json(r) for r in drafts.history(db(), g.actor, draft_id)]})


@bp.get("/drafts/<int:draft_id>/revisions/<int:number>")
def get_revision(draft_id: int, number: int) -> ResponseReturnValue:
    view = drafts.view(db(), g.actor, draft_id, number)
    return jsonify({**_revision_json(view.revision), "document": document_json.dump(view.document)})


@bp.get("/drafts/<int:draft_id>/events")
def events(draft_id: int) -> ResponseReturnValue:
    return jsonify({"events": [{"at": e.at.isoformat(), "actor": e.actor, "delegation": e.delegation,
                                "event": e.event, "detail": e.detail}
                               for e in audit.of_draft(db(), g.actor, draft_id)]})


@bp.get("/drafts/<int:draft_id>/diff")
def diff(draft_id: int) -> ResponseReturnValue:
    a, b = request.args.get("from", type=int), request.args.get("to", type=int)
    if a is None or b is None:
        raise InvalidDocument("give two revision numbers: ?from=1&to=2", "from")
    return jsonify({"from": a, "to": b, **_diff_json(drafts.compare(db(), g.actor, draft_id, a, b))})


@bp.post("/drafts/<int:draft_id>/status")
def set_status(draft_id: int) -> ResponseReturnValue:
    return jsonify(_draft_json(drafts.set_status(db(), g.actor, draft_id, _json_body().get("status"))))


@bp.post("/drafts/<int:draft_id>/sponsors")
def sponsors(draft_id: int) -> ResponseReturnValue:
    action = _json_body().get("action")
    if action not in ("join", "withdraw"):
        raise InvalidDocument("\"action\" must be \"join\" or \"withdraw\"", "action")
    result = getattr(sponsorship, action)(db(), g.actor, draft_id)
    return jsonify({"sponsors": result.sponsors, "line": result.line,
                    "events": [{"delegation": e.delegation, "action": e.action, "by": e.by,
                                "at": e.at.isoformat()} for e in result.events]})


@bp.get("/drafts/<int:draft_id>/export.docx")
def export_docx(draft_id: int) -> ResponseReturnValue:
    exported = export.docx(db(), g.actor, draft_id, revision_arg(request.args))
    return send_file(exported.stream(), as_attachment=True, download_name=exported.filename,
                     mimetype=export.DOCX_MIME)


def _facts_json(facts) -> dict | None:
    return facts_json.dump(facts) if facts else None


@bp.get("/resolutions/<path:symbol>")
def get_resolution(symbol: str) -> ResponseReturnValue:
    view = publications.get(db(), g.actor, symbol, request.args.get("lang", "en"))
    return jsonify({"symbol": view.symbol, "language": view.language, "kind": view.kind,
                    "languages": list(view.languages), "source": view.source_format,
                    "facts": _facts_json(view.facts), "sponsors": list(view.printed_sponsors),
                    "document": document_json.dump(view.document),
                    "acknowledgement": ACKNOWLEDGEMENT})


@bp.post("/resolutions/<path:symbol>/start-draft")
def start_draft(symbol: str) -> ResponseReturnValue:
    data = _json_body(optional=True)
    if not isinstance(data.get("lang", "en"), str):
        raise InvalidDocument("send {\"lang\": \"en\"} or no body", "lang")
    created = publications.start_draft(db(), g.actor, symbol, data.get("lang", "en"))
    return jsonify(_draft_json(created)), 201


@bp.get("/search")
def search() -> ResponseReturnValue:
    results = searching.search(db(), g.actor, search_query(request.args))
    return jsonify({
        "total": results.total, "page": results.page, "pages": results.pages,
        "results": [{"symbol": h.symbol, "title": h.title, "kind": h.kind, "body": h.body, "session": h.session,
                     "lang": h.language, "date": h.date.isoformat() if h.date else None,
                     "score": round(h.score, 4), "draft_id": h.draft_id,
                     "snippets": [{"paragraph": s.paragraph_label, "paragraph_id": s.paragraph_id, "html": s.html}
                                  for s in h.snippets]}
                    for h in results.results],
        "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in results.facets.items()},
        "shortened": results.shortened,
    })


@bp.get("/precedents")
def precedents() -> ResponseReturnValue:
    found = searching.precedents(db(), g.actor, request.args.get("text", ""), request.args.get("lang", "en"),
                                 limit=min(request.args.get("limit", 5, type=int) or 5, 50))
    return jsonify(rendering.precedents_json(found))
