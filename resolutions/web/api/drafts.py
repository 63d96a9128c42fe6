"""Drafts over the API: create, read, save, history, diff, status, sponsors, export."""
from __future__ import annotations

from flask import g, jsonify, request, send_file
from flask.typing import ResponseReturnValue

from ...domain.diff import DocumentDiff
from ...domain.errors import InvalidDocument
from ...domain.lifecycle import symbol_of
from ...formats import document_json
from ...services import audit, draft_list, drafts, export, lifecycle, publications, sponsorship
from ...services.drafts import DraftView, RevisionInfo
from ..context import db
from ..draft_list import list_query
from ..query_args import export_args
from .base import bp, json_body
from .lifecycle import step_json


def _revision_json(info: RevisionInfo) -> dict:
    return {"number": info.number, "parent": info.parent, "author": info.author,
            "delegation": info.delegation, "created_at": info.created_at.isoformat(),
            "message": info.message}


def draft_json(view: DraftView) -> dict:
    life = lifecycle.of(db(), g.actor, view.id)
    return {"id": view.id, "revision": view.revision.number, "current_revision": view.current_revision,
            "status": view.status, "penholder": view.penholder,
            "document": document_json.dump(view.document),
            "sponsors": sponsorship.of(db(), g.actor, view.id).sponsors,
            # the lifecycle (#8): state, the symbol issued or adopted, later sponsors, every step
            "state": life.state, "symbol": symbol_of(life),
            "additional_sponsors": list(life.additional_sponsors),
            "timeline": [step_json(s) for s in life.steps]}


def _diff_json(diff: DocumentDiff) -> dict:
    ops = lambda change: [{"op": o.op, "text": o.text} for o in change.ops]  # noqa: E731
    return {
        "summary": diff.summary,
        "summary_line": diff.summary_line(),
        "fields": [{"name": f.name, "ops": ops(f)} for f in diff.fields],
        "paragraphs": [{"id": p.id, "status": p.status, "section": p.section, "depth": p.depth,
                        "old_label": p.old_label, "new_label": p.new_label,
                        "text_changed": p.text_changed, "kind": p.kind, "fields": list(p.fields),
                        **({"ops": ops(p)} if p.status in ("changed", "moved") else {}),
                        **({"rows": [{"status": r.status, "cells": [[{"op": o.op, "text": o.text} for o in cell]
                                                                    for cell in r.cells]} for r in p.rows]}
                           if p.rows else {})}
                       for p in diff.paragraphs],
    }


@bp.post("/drafts")
def create_draft() -> ResponseReturnValue:
    data = json_body()
    doc = document_json.load({k: v for k, v in data.items() if k != "message"})
    return jsonify(draft_json(drafts.create(db(), g.actor, doc, data.get("message")))), 201


@bp.get("/drafts")
def list_drafts() -> ResponseReturnValue:
    """The drafts list's filters, sort and paging (web/draft_list.list_query), as JSON."""
    listed = draft_list.listing(db(), g.actor, list_query(request.args, g.actor))
    return jsonify({"drafts": [{"id": d.id, "body": d.body, "session": d.session, "title": d.title,
                                "status": d.status, "penholder": d.penholder, "mine": d.mine,
                                "sponsors": d.sponsors, "current_revision": d.current_revision,
                                "state": d.state, "symbol": d.symbol, "changed_at": d.changed_at.isoformat(),
                                "changed_by": d.changed_by, "changed_by_delegation": d.changed_by_delegation}
                               for d in listed.rows],
                    "total": listed.total, "page": listed.page, "pages": listed.pages,
                    "per_page": listed.query.per_page, "sort": listed.query.sort})


@bp.get("/drafts/<int:draft_id>")
def get_draft(draft_id: int) -> ResponseReturnValue:
    return jsonify(draft_json(drafts.view(db(), g.actor, draft_id)))


@bp.put("/drafts/<int:draft_id>")
def save_draft(draft_id: int) -> ResponseReturnValue:
    data = json_body()
    current = drafts.view(db(), g.actor, draft_id)
    if "document" not in data:
        raise InvalidDocument("send the edited \"document\" and its \"base_revision\"", "document")
    doc = document_json.load(data["document"], base=current.document)
    saved = drafts.save(db(), g.actor, draft_id, data.get("base_revision"), doc, data.get("message"))
    # merged_with: the revision a stale save was merged with; unchanged: nothing to save, no revision
    return jsonify({**draft_json(saved), "merged_with": saved.merged_with, "unchanged": saved.unchanged})


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
    return jsonify(draft_json(drafts.set_status(db(), g.actor, draft_id, json_body().get("status"))))


@bp.post("/drafts/<int:draft_id>/sponsors")
def sponsors(draft_id: int) -> ResponseReturnValue:
    action = json_body().get("action")
    if action not in ("join", "withdraw"):
        raise InvalidDocument("\"action\" must be \"join\" or \"withdraw\"", "action")
    result = getattr(sponsorship, action)(db(), g.actor, draft_id)
    return jsonify({"sponsors": result.sponsors, "line": result.line,
                    "events": [{"delegation": e.delegation, "action": e.action, "by": e.by,
                                "at": e.at.isoformat()} for e in result.events]})


@bp.get("/drafts/<int:draft_id>/export.docx")
def export_docx(draft_id: int) -> ResponseReturnValue:
    """?revision=n&against=base|issued|none|m&kind=manuscript|issued|addendum|resolution|compilation."""
    number, kind, against = export_args(request.args)
    exported = export.docx(db(), g.actor, draft_id, number, against=against, kind=kind)
    return send_file(exported.stream(), as_attachment=True, download_name=exported.filename,
                     mimetype=export.DOCX_MIME)


@bp.post("/resolutions/<path:symbol>/start-draft")
def start_draft(symbol: str) -> ResponseReturnValue:
    data = json_body(optional=True)
    if not isinstance(data.get("lang", "en"), str):
        raise InvalidDocument("send {\"lang\": \"en\"} or no body", "lang")
    created = publications.start_draft(db(), g.actor, symbol, data.get("lang", "en"))
    return jsonify(draft_json(created)), 201
