"""Comments on paragraphs: threaded, seen by everyone who sees the draft, resolved by the
penholder.

A comment hangs on a paragraph id, so it follows the paragraph through edits, moves and
renumbering; when the paragraph leaves the text its threads stay, listed apart
(``in_text`` False, with the label the paragraph had when the thread began). Replies
may answer replies, but a thread is shown flat under its first comment (each reply
naming whom it answers): negotiators read threads top to bottom, not as trees.
A reply to a resolved thread reopens it, so a new word is never hidden in a collapsed
thread. A draft takes at most MAX_COMMENTS_PER_DRAFT comments and a thread
MAX_REPLIES_PER_THREAD replies (409 past either). Nothing here commits (see unit_of_work.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..domain.errors import DomainError
from ..domain.numbering import labels
from ..domain.text import preview
from ..domain.validation import accept_text
from ..store import queries
from ..store.tables import AuditEvent, Comment, Draft, User, utcnow
from . import audit, notifications, policy, proposal_views
from .actors import Actor
from .errors import Conflict, NotFound

MAX_COMMENT_CHARS = 5_000
MAX_COMMENTS_PER_DRAFT = 5_000   # a negotiation that needs more has outgrown comments
MAX_REPLIES_PER_THREAD = 500     # past this, a new thread reads better than a longer one


class BadReference(DomainError):
    """A comment pointing at a paragraph or a comment that is not there: 400."""


@dataclass(frozen=True)
class CommentView:
    id: int
    draft_id: int
    paragraph_id: str
    label: str | None          # the paragraph's label now; when it left the text, the label it had
    in_text: bool              # False: the paragraph is no longer in the current revision
    reply_to: int | None
    thread: int                # the id of the thread's first comment
    author: str                # e-mail
    delegation: str            # delegation name, or "Secretariat"
    text: str
    created_at: datetime
    resolved_at: datetime | None = None   # threads only (the first comment)
    resolved_by: str | None = None
    in_reply_to: str | None = None        # a reply to a reply: whom it answers ("Japan")
    replies: tuple[CommentView, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


def add(session: Session, actor: Actor, draft_id: int, paragraph_id: object, text: object,
        reply_to: object = None) -> CommentView:
    """A new comment on ``paragraph_id`` of the current text, or a reply (``reply_to``)
    in that comment's thread, whose paragraph it shares.

    A fixed number of statements however long the draft's threads are: the draft's
    comments are read once, as (id, reply_to, delegation) only, and the new comment's
    view is built from what is at hand rather than by rebuilding every thread."""
    draft = policy.require(actor, policy.COMMENT, queries.draft(session, draft_id), draft_id)
    text = accept_text(text, "text", field="the comment", max_chars=MAX_COMMENT_CHARS, required=True)
    current = _labels(session, actor, draft)
    parent = root = None
    speakers: set[int] = set()
    if reply_to is not None:
        parent = _comment(session, draft, reply_to, "reply_to")
        if paragraph_id is not None and paragraph_id != parent.paragraph_id:
            raise BadReference(f"comment {parent.id} is on paragraph {preview(parent.paragraph_id)}, not "
                               f"{_shown(paragraph_id)}; a reply stays on its thread's paragraph", "paragraph")
        paragraph_id = parent.paragraph_id
    elif not isinstance(paragraph_id, str) or paragraph_id not in current:
        raise BadReference(f"there is no paragraph {_shown(paragraph_id)} in the current revision "
                           f"({draft.current_revision}) of draft {draft.id}", "paragraph")
    family = _family(session, draft.id)
    if len(family) >= MAX_COMMENTS_PER_DRAFT:
        raise Conflict(f"draft {draft.id} has {len(family):,} comments, the most a draft takes; "
                       f"the comment was not saved (resolved threads still count)", "comment")
    if parent is not None:
        roots = _roots({c: p for c, (p, _) in family.items()})
        root_id = roots.get(parent.id, parent.id)
        root = parent if root_id == parent.id else session.get(Comment, root_id)
        thread = [c for c, r in roots.items() if r == root_id]
        if len(thread) - 1 >= MAX_REPLIES_PER_THREAD:
            raise Conflict(f"the thread of comment {root_id} has {len(thread) - 1:,} replies, the most a thread "
                           f"takes; start a new thread on the paragraph instead", "reply_to")
        speakers = {family[c][1] for c in thread if family[c][1] is not None}
    comment = Comment(draft_id=draft.id, paragraph_id=paragraph_id, reply_to=parent.id if parent else None,
                      author_id=actor.user_id, delegation_id=actor.delegation_id, text=text)
    session.add(comment)
    reopened = root is not None and root.resolved_at is not None
    if reopened:
        root.resolved_at = root.resolved_by = None
    session.flush()
    label = current.get(paragraph_id)
    audit.record(session, actor, "comment.added", draft_id=draft.id, detail={
        "comment": comment.id, "paragraph": paragraph_id, "label": label,
        **({"reply_to": parent.id, "thread": root.id} if parent else {}), **({"reopened": True} if reopened else {})})
    if parent is not None:
        # Everyone who spoke in the thread hears of the answer (the Secretariat has no
        # delegation to notify; notify leaves out the actor's own).
        notifications.notify(session, actor, draft, "reply",
                             {"comment": comment.id, "paragraph": paragraph_id, "label": label}, speakers)
        session.flush()
    else:  # a new thread: the penholder, who answers and resolves, hears of it
        notifications.notify(session, actor, draft, "comment",
                             {"comment": comment.id, "paragraph": paragraph_id, "label": label},
                             {draft.penholder_id})
        session.flush()
    if label is None and root is not None:  # a reply on a paragraph no longer in the text: "was OP3"
        label = _labels_when_commented(session, draft.id, {paragraph_id}).get(root.id)
    return CommentView(
        comment.id, draft.id, paragraph_id, label, paragraph_id in current, comment.reply_to,
        root.id if root is not None else comment.id, actor.email, actor.delegation_name or "Secretariat",
        comment.text, comment.created_at,
        in_reply_to=_delegation(parent) if parent is not None and parent.id != root.id else None)


def _labels(session: Session, actor: Actor, draft: Draft) -> dict[str, str]:
    """Paragraph id → label, in reading order, for the paragraphs of the current text:
    the compilation text's labels ("OP3", "OP3 bis" against the text as first
    circulated), since that is where comments are read and their notifications lead."""
    texts = proposal_views.negotiation_texts(session, actor, draft)
    return {pid: texts.labels.get(pid, clean) for pid, clean in labels(texts.current).items()}


def threads(session: Session, actor: Actor, draft_id: int) -> dict[str, list[CommentView]]:
    """Paragraph id → its threads (first comment with its replies), oldest first; paragraphs
    in the order of the current text, then those no longer in it."""
    draft = policy.require(actor, policy.VIEW, queries.draft(session, draft_id), draft_id)
    return _threads(session, draft, _labels(session, actor, draft))


def _threads(session: Session, draft: Draft, current: dict[str, str], only: int | None = None
             ) -> dict[str, list[CommentView]]:
    """Every thread of the draft (or ``only`` the one starting at that id), from one query
    of its comments; linear in their number, however deep the replies go."""
    rows = list(session.scalars(select(Comment).where(Comment.draft_id == draft.id)
                                .options(joinedload(Comment.author), joinedload(Comment.delegation))
                                .order_by(Comment.created_at, Comment.id)))
    by_id = {c.id: c for c in rows}
    root_of = _roots({c.id: c.reply_to for c in rows})
    if only is not None:
        rows = [c for c in rows if root_of[c.id] == only]
    if not rows:
        return {}
    resolvers = _emails(session, {c.resolved_by for c in rows if c.resolved_by})
    gone = {c.paragraph_id for c in rows} - current.keys()
    old_labels = _labels_when_commented(session, draft.id, gone) if gone else {}

    replies: dict[int, list[Comment]] = {}
    for c in rows:
        if c.reply_to is not None:
            replies.setdefault(root_of[c.id], []).append(c)

    def make(c: Comment, root: Comment, with_replies: bool) -> CommentView:
        parent = by_id.get(c.reply_to) if c.reply_to is not None else None
        return CommentView(
            c.id, c.draft_id, c.paragraph_id,
            current.get(c.paragraph_id) or old_labels.get(root.id), c.paragraph_id in current, c.reply_to, root.id,
            c.author.email, _delegation(c), c.text, c.created_at,
            c.resolved_at if with_replies else None, resolvers.get(c.resolved_by) if with_replies else None,
            _delegation(parent) if parent is not None and parent.id != root.id else None,
            tuple(make(r, root, False) for r in replies.get(c.id, ())) if with_replies else ())

    order = {pid: i for i, pid in enumerate(current)}
    out: dict[str, list[CommentView]] = {}
    # rows are oldest first and the sort is stable: threads stay oldest first in each paragraph
    for c in sorted((c for c in rows if c.reply_to is None), key=lambda c: order.get(c.paragraph_id, len(order))):
        out.setdefault(c.paragraph_id, []).append(make(c, c, True))
    return out


def resolve(session: Session, actor: Actor, draft_id: int, comment_id: object) -> CommentView:
    """The penholder closes a thread (the thread of ``comment_id``); it stays, collapsed."""
    draft = policy.require(actor, policy.MODERATE, queries.draft(session, draft_id), draft_id)
    target = _comment(session, draft, comment_id, "comment", missing=NotFound)
    root_id = _roots({c: p for c, (p, _) in _family(session, draft.id).items()}).get(target.id, target.id)
    root = target if root_id == target.id else session.get(Comment, root_id)
    current = _labels(session, actor, draft)
    if root.resolved_at is None:
        root.resolved_at, root.resolved_by = utcnow(), actor.user_id
        session.flush()
        audit.record(session, actor, "comment.resolved", draft_id=draft.id, detail={
            "comment": root.id, "paragraph": root.paragraph_id, "label": current.get(root.paragraph_id)})
    return _find(_threads(session, draft, current, only=root.id), root.id)


# --- helpers ---------------------------------------------------------------------------

def _shown(value: object) -> str:
    return preview(value) if isinstance(value, str) else "of no kind (send the paragraph's id as a string)"


def _comment(session: Session, draft: Draft, comment_id: object, where: str,
             missing: type[DomainError] = BadReference) -> Comment:
    found = None
    whole = isinstance(comment_id, int) and not isinstance(comment_id, bool)
    if whole and 0 < comment_id <= queries.MAX_ID:
        found = session.get(Comment, comment_id)
    if found is None or found.draft_id != draft.id:
        if whole and 0 < comment_id <= queries.MAX_ID:
            raise missing(f"draft {draft.id} has no comment {comment_id}", where)
        shown = (str(comment_id) if abs(comment_id) < 10**12 else "numbered that high") if whole \
            else _shown(comment_id)
        raise missing(f"draft {draft.id} has no comment {shown} ({where} must be the id of one of its comments, "
                      f"a whole number from 1 to {queries.MAX_ID:,})", where)
    return found


def _family(session: Session, draft_id: int) -> dict[int, tuple[int | None, int | None]]:
    """Comment id → (the comment it answers, its delegation) for every comment of the
    draft: one light query, whatever the depth of its threads."""
    return {c: (parent, delegation) for c, parent, delegation in session.execute(
        select(Comment.id, Comment.reply_to, Comment.delegation_id).where(Comment.draft_id == draft_id))}


def _roots(parents: dict[int, int | None]) -> dict[int, int]:
    """Comment id → the id of its thread's first comment, for every id of ``parents``
    (id → the id it answers, or None). Memoised, so each comment is visited once: linear
    however deep a chain of replies-to-replies runs. A comment whose parent is not among
    them (or a loop, which the table should never hold) is taken as its own root."""
    root: dict[int, int] = {}
    for start in parents:
        path: list[int] = []
        on_path: set[int] = set()
        c = start
        while c not in root:
            parent = parents.get(c)
            if parent is None or parent not in parents or parent in on_path or parent == c:
                root[c] = c
                break
            path.append(c)
            on_path.add(c)
            c = parent
        found = root[c]
        for p in path:
            root[p] = found
    return root


def _delegation(c: Comment) -> str:
    return c.delegation.name if c.delegation else "Secretariat"


def _emails(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())


def _labels_when_commented(session: Session, draft_id: int, paragraph_ids: set[str]) -> dict[int, str]:
    """Thread id → the label its paragraph had when the thread began (from the audit
    record of the first comment): "was OP3" is how delegates remember a deleted paragraph."""
    events = session.scalars(select(AuditEvent.detail).where(AuditEvent.draft_id == draft_id,
                                                             AuditEvent.event == "comment.added"))
    return {d["comment"]: d["label"] for d in events
            if isinstance(d, dict) and d.get("paragraph") in paragraph_ids and "reply_to" not in d
            and isinstance(d.get("comment"), int) and isinstance(d.get("label"), str)}


def _find(found: dict[str, list[CommentView]], comment_id: int) -> CommentView:
    for views in found.values():
        for view in views:
            if view.id == comment_id:
                return view
            for reply in view.replies:
                if reply.id == comment_id:
                    return reply
    raise NotFound(f"there is no comment {comment_id}", "comment")
