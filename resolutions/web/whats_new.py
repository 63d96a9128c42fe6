"""What's new for me: the delegation's notifications, opened one by one (which marks
them read), and the unread count in every page's navigation."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import notifications
from .auth import current_actor
from .context import db
from .query_args import number_or_text

bp = Blueprint("whats_new", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.app_context_processor
def unread_in_navigation():
    return {"whats_new_unread": _unread}


def _unread() -> int | None:
    """The navigation's count, at most once a request. Only on GET and HEAD: a page a POST
    renders may hold unsaved writes, and a failed extra query must never cost them. Any
    failure (no log-in, a broken session on an error page) shows no count, not an error."""
    if "whats_new_unread" not in g:
        count = None
        if request.method in ("GET", "HEAD") and current_user.is_authenticated:
            try:
                count = notifications.unread_count(db(), current_actor())
            except Exception:  # noqa: BLE001 - the navigation never breaks a page
                current_app.logger.warning("unread notifications not counted", exc_info=True)
        g.whats_new_unread = count
    return g.whats_new_unread


@bp.get("/notifications")
def index():
    unread_only = request.args.get("unread") == "1"
    found = notifications.listing(db(), current_actor(), unread_only=unread_only,
                                  page=request.args.get("page", 1, type=int) or 1)
    return render_template("whats_new/index.html", found=found, unread_only=unread_only)


@bp.get("/notifications/<int:notification_id>")
def open_one(notification_id: int):
    opened = notifications.open_one(db(), current_actor(), notification_id)
    return redirect(opened.url)


@bp.post("/notifications/read")
def read_all():
    up_to = number_or_text(request.form.get("up_to"))
    marked = notifications.mark_all_read(db(), current_actor(), up_to)
    flash(f"Marked {marked} notification{'' if marked == 1 else 's'} read." if marked else "Nothing was unread.",
          "info")
    return redirect(url_for("whats_new.index"))
