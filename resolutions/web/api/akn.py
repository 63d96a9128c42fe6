"""Akoma Ntoso XML over the API: a draft's revision and a library text (issue #8, point 5)."""
from __future__ import annotations

from flask import g, request
from flask.typing import ResponseReturnValue

from ...services import akn_export
from ..akn_downloads import send_akn
from ..context import db
from ..query_args import revision_arg
from .base import bp


@bp.get("/drafts/<int:draft_id>/export.akn")
def export_draft_akn(draft_id: int) -> ResponseReturnValue:
    return send_akn(akn_export.draft(db(), g.actor, draft_id, revision_arg(request.args)))


# More specific than library.py's /resolutions/<path:symbol>: the router prefers the rule
# with the static ending, so "A/RES/78/131/export.akn" is never read as a symbol.
@bp.get("/resolutions/<path:symbol>/export.akn")
def export_resolution_akn(symbol: str) -> ResponseReturnValue:
    return send_akn(akn_export.resolution(db(), g.actor, symbol, request.args.get("lang", "en")))
