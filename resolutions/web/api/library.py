"""Issued resolutions, search and agreed language over the API."""
from __future__ import annotations

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from ...formats import document_json, facts_json
from ...services import agreed_language, publications, searching
from .. import rendering
from ..context import db
from ..query_args import search_query
from ..rendering import ACKNOWLEDGEMENT
from .base import bp


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


@bp.get("/search")
def search() -> ResponseReturnValue:
    results = searching.search(db(), g.actor, search_query(request.args))
    return jsonify({
        "total": results.total, "page": results.page, "pages": results.pages,
        "results": [{"symbol": h.symbol, "title": h.title, "kind": h.kind, "body": h.body, "session": h.session,
                     "lang": h.language, "date": h.date.isoformat() if h.date else None,
                     "score": round(h.score, 4), "draft_id": h.draft_id,
                     "snippets": [{"paragraph": s.paragraph_label, "paragraph_id": s.paragraph_id, "html": s.html,
                                   "context": s.context}
                                  for s in h.snippets]}
                    for h in results.results],
        "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in results.facets.items()},
        "shortened": results.shortened,
    })


@bp.get("/precedents")
def precedents() -> ResponseReturnValue:
    found = agreed_language.suggestions(db(), g.actor, request.args.get("text", ""), request.args.get("lang", "en"),
                                        limit=min(request.args.get("limit", 5, type=int) or 5, 50))
    return jsonify(rendering.agreed_language_json(found))
