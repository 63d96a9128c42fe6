"""The Secretariat's security log: log-ins, failures, tokens, accounts, imports, backups."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from ..services import audit
from .context import db
from .auth import current_actor

bp = Blueprint("audit_log", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.route("/audit")
def index():
    event = request.args.get("event") or None
    if event is not None and event not in audit.SECURITY_EVENTS + audit.SYSTEM_EVENTS:
        event = None
    events = audit.security(db(), current_actor(), event=event, limit=500)
    return render_template("audit/index.html", events=events, event=event,
                           choices=audit.SECURITY_EVENTS + audit.SYSTEM_EVENTS)
