"""Comments on paragraphs over the API: add (or reply), list the threads, resolve."""
from __future__ import annotations

from flask import g, jsonify
from flask.typing import ResponseReturnValue

from ...services import comments
from ...services.comments import CommentView
from ..context import db
from .base import bp, json_body


def comment_json(c: CommentView) -> dict:
    out = {"id": c.id, "paragraph": c.paragraph_id, "label": c.label, "in_text": c.in_text,
           "reply_to": c.reply_to, "thread": c.thread, "author": c.author, "delegation": c.delegation,
           "text": c.text, "created_at": c.created_at.isoformat(), "in_reply_to": c.in_reply_to}
    if c.reply_to is None:
        out.update(resolved=c.resolved, resolved_by=c.resolved_by,
                   resolved_at=c.resolved_at.isoformat() if c.resolved_at else None,
                   replies=[comment_json(r) for r in c.replies])
    return out


@bp.post("/drafts/<int:draft_id>/comments")
def add_comment(draft_id: int) -> ResponseReturnValue:
    data = json_body()
    added = comments.add(db(), g.actor, draft_id, data.get("paragraph"), data.get("text"), data.get("reply_to"))
    return jsonify(comment_json(added)), 201


@bp.get("/drafts/<int:draft_id>/comments")
def list_comments(draft_id: int) -> ResponseReturnValue:
    """Threads in the order of the text, then those on paragraphs no longer in it (``in_text`` false)."""
    found = comments.threads(db(), g.actor, draft_id)
    return jsonify({"comments": [comment_json(t) for threads in found.values() for t in threads]})


@bp.post("/drafts/<int:draft_id>/comments/<int:comment_id>/resolve")
def resolve_comment(draft_id: int, comment_id: int) -> ResponseReturnValue:
    return jsonify(comment_json(comments.resolve(db(), g.actor, draft_id, comment_id)))
