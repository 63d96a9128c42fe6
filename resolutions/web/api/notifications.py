"""What's new for the caller's delegation over the API: list, mark one or all read."""
from __future__ import annotations

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from ...services import notifications
from ...services.notifications import NotificationView
from ..context import db
from .base import bp, json_body


def notification_json(n: NotificationView) -> dict:
    return {"id": n.id, "kind": n.kind, "draft": {"id": n.draft_id, "title": n.draft_title},
            "at": n.at.isoformat(), "by": n.by, "text": n.text, "url": n.url, "read": n.read}


@bp.get("/notifications")
def list_notifications() -> ResponseReturnValue:
    unread = request.args.get("unread", "") in ("1", "true", "yes")
    page = request.args.get("page", 1, type=int) or 1
    per_page = request.args.get("per_page", notifications.PER_PAGE, type=int) or notifications.PER_PAGE
    found = notifications.listing(db(), g.actor, unread_only=unread, page=page, per_page=per_page)
    return jsonify({"notifications": [notification_json(n) for n in found.items], "unread": found.unread,
                    "total": found.total, "page": found.page, "pages": found.pages, "newest": found.newest,
                    **({"message": found.message} if found.message else {})})


@bp.post("/notifications/<int:notification_id>/read")
def read_notification(notification_id: int) -> ResponseReturnValue:
    return jsonify(notification_json(notifications.open_one(db(), g.actor, notification_id)))


@bp.post("/notifications/read")
def read_all_notifications() -> ResponseReturnValue:
    # what up_to may be is the service's rule, the same for the page's form
    marked = notifications.mark_all_read(db(), g.actor, json_body(optional=True).get("up_to"))
    return jsonify({"marked": marked, "unread": notifications.unread_count(db(), g.actor)})
