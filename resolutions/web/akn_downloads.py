"""Akoma Ntoso downloads for the logged-in browser: the same files as the API's
(web/api/akn.py), behind the session log-in."""
from __future__ import annotations

from flask import Blueprint, request, send_file
from flask_login import login_required

from ..services import akn_export
from ..services.files import Exported
from .auth import current_actor
from .context import db
from .query_args import revision_arg

bp = Blueprint("akn", __name__)


@bp.before_request
@login_required
def require_login():
    """Every download needs a logged-in user."""


def send_akn(exported: Exported):
    return send_file(exported.stream(), as_attachment=True, download_name=exported.filename,
                     mimetype=akn_export.AKN_MIME)


@bp.route("/drafts/<int:draft_id>/export.akn")
def draft(draft_id: int):
    return send_akn(akn_export.draft(db(), current_actor(), draft_id, revision_arg(request.args)))


@bp.route("/resolutions/<path:symbol>/export.akn")
def resolution(symbol: str):
    return send_akn(akn_export.resolution(db(), current_actor(), symbol, request.args.get("lang", "en")))
