"""Comment forms of the compilation text: add a comment or a reply, resolve a thread.
Each answers with a redirect to the comment on the compilation page; a refusal shows the
typed text again, so nothing written is lost."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request
from flask_login import login_required

from ..domain.errors import DomainError
from ..services import comments
from .auth import current_actor
from .context import db
from .query_args import number_or_text

bp = Blueprint("comments", __name__)


@bp.before_request
@login_required
def require_login():
    """Every comment form needs a logged-in user."""


def _at(draft_id: int, anchor: str) -> str:
    # The compilation page (web/negotiation.py) includes the comments with their anchors.
    return f"/drafts/{draft_id}/compilation#{anchor}"


@bp.post("/drafts/<int:draft_id>/comments")
def add(draft_id: int):
    form = request.form
    raw_reply = form.get("reply_to", "").strip()
    reply_to = number_or_text(raw_reply)
    paragraph = form.get("paragraph") or None
    text = form.get("text", "")
    try:
        added = comments.add(db(), current_actor(), draft_id, paragraph, text, reply_to)
    except DomainError as error:
        if error.status == 404:
            raise
        return render_template("negotiation/comment_refused.html", error=error.message, draft_id=draft_id,
                               paragraph=paragraph, reply_to=raw_reply, text=text), error.status
    flash("Reply sent." if added.reply_to else "Comment added.", "info")
    return redirect(_at(draft_id, f"comment-{added.id}"))


@bp.post("/drafts/<int:draft_id>/comments/<int:comment_id>/resolve")
def resolve(draft_id: int, comment_id: int):
    resolved = comments.resolve(db(), current_actor(), draft_id, comment_id)
    flash("Thread resolved. It stays on the page, collapsed.", "info")
    # to the thread, not into it: a collapsed thread stays collapsed when you land on it
    return redirect(_at(draft_id, f"thread-{resolved.id}"))
