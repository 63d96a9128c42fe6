"""The database tables. Revisions and sponsorship events are append-only."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """Times in UTC on both databases: SQLite keeps no offset and PostgreSQL answers in
    the server's zone, so without this the same row would read differently on each."""
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(timezone.utc) if value is not None and value.tzinfo else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class Delegation(Base):
    __tablename__ = "delegations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # member | observer | eu
    aliases: Mapped[str] = mapped_column(Text, default="")  # "|"-separated other spellings


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    is_secretariat: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # A disabled user can neither log in nor use a token; their sessions are gone.
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    delegation: Mapped[Delegation | None] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    name: Mapped[str] = mapped_column(String(100), default="")
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    user: Mapped[User] = relationship()


class UserSession(Base):
    """A log-in on one device. The cookie (and a remember-me cookie) carries only a random
    key whose hash is stored here: deleting the row ends that log-in on the server."""
    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """Append-only: who did what, when and from where. ``actor`` and ``delegation`` are
    copied as they were (an e-mail typed at a failed log-in has no user row)."""
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_actor_at", "actor", "at"), Index("ix_audit_address_at", "address", "at"),
                      Index("ix_audit_event_at", "event", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(254), default="")
    delegation: Mapped[str | None] = mapped_column(String(120))
    event: Mapped[str] = mapped_column(String(40))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    address: Mapped[str] = mapped_column(String(64), default="")


class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(16))
    # The current revision's title and session, copied for listings (which read no documents).
    title: Mapped[str] = mapped_column(Text, default="")
    session: Mapped[int] = mapped_column(Integer, default=0)
    penholder_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    status: Mapped[str] = mapped_column(String(16), default="private")  # private | circulated
    # The newest revision's number; saves compare their base against it.
    current_revision: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # The issued resolution this draft updates; its paragraph ids carry over.
    base_publication_id: Mapped[int | None] = mapped_column(ForeignKey("publications.id"))
    # Where the draft is in its life after negotiation (domain/lifecycle.py STAGES) and the
    # symbol it was last issued or adopted under, copied from LifecycleEvent for listings.
    stage: Mapped[str] = mapped_column(String(16), default="drafting", server_default="drafting")
    symbol: Mapped[str | None] = mapped_column(String(64))
    penholder: Mapped[Delegation] = relationship()


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent_number: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    message: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[dict] = mapped_column(JSON)
    author: Mapped[User] = relationship()
    delegation: Mapped[Delegation | None] = relationship()


class SponsorshipEvent(Base):
    __tablename__ = "sponsorship_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    action: Mapped[str] = mapped_column(String(16))  # join | withdraw
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    delegation: Mapped[Delegation] = relationship()
    user: Mapped[User] = relationship()


class Publication(Base):
    """An issued UN document in one language: an adopted resolution or an L draft."""
    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("symbol", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))  # resolution | draft
    body: Mapped[str] = mapped_column(String(16))
    session: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    document: Mapped[dict] = mapped_column(JSON)
    sponsors: Mapped[list] = mapped_column(JSON, default=list)  # as printed on an L document
    source_format: Mapped[str] = mapped_column(String(16))  # akn | pdf | docx
    source_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PublicationFacts(Base):
    """The UN's metadata about a symbol (sponsors, vote, subjects), in any language."""
    __tablename__ = "publication_facts"
    symbol: Mapped[str] = mapped_column(String(64), primary_key=True)
    facts: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class SearchChange(Base):
    """What each generation changed, written in the same transaction as the change: every
    process (on every machine) brings its index from its own generation to the database's
    by reading these rows, instead of rebuilding or trusting that nothing was missed."""
    __tablename__ = "search_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, index=True)
    draft_id: Mapped[int | None] = mapped_column(Integer)
    publication_id: Mapped[int | None] = mapped_column(Integer)
    removed_key: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class SearchState(Base):
    """One row: bumped with every change the search index must follow, so that a
    process can tell at start-up whether its index is behind the database."""
    __tablename__ = "search_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)


# --- Negotiation (issue #7): proposals, paragraph statuses, comments, notifications, presence.

class Proposal(Base):
    """A delegation's amendment to one paragraph of a circulated draft, made on the
    revision it saw. ``kind`` replace | delete | insert; the penholder decides it."""
    __tablename__ = "proposals"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    base_revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    paragraph_id: Mapped[str] = mapped_column(String(200))  # the paragraph it amends (or inserts after / inside)
    position: Mapped[str | None] = mapped_column(String(8))  # insert: after | inside
    # replace: the new wording of the whole paragraph, or of ``replaces`` (a part of it);
    # insert: the new paragraph's text, which will carry ``new_paragraph_id``.
    text: Mapped[str] = mapped_column(Text, default="")
    replaces: Mapped[str | None] = mapped_column(Text)
    new_paragraph_id: Mapped[str | None] = mapped_column(String(200))
    # insert of a block other than a numbered paragraph: its kind and its kind's own fields, as
    # validation accepted them ({"kind": "heading", "level": 1, "numbering": "{I}.", "restart": false},
    # {"kind": "table", "rows": [[…]], "header_rows": 1}, {"kind": "annex"}); None: a paragraph.
    block: Mapped[dict | None] = mapped_column(JSON)
    # The paragraph's text (editor markup) on the revision the proposal was made on:
    # a later revision that changed it makes the proposal "outdated".
    paragraph_text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | accepted | rejected | withdrawn
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decision_text: Mapped[str | None] = mapped_column(Text)  # accepted with changes: the penholder's wording
    decided_revision: Mapped[int | None] = mapped_column(Integer)  # the revision that accepting created
    delegations: Mapped[list["ProposalDelegation"]] = relationship(
        order_by="ProposalDelegation.id", cascade="all, delete-orphan")


class ProposalDelegation(Base):
    """A delegation behind a proposal: the first made it, the others joined ("EU, US: delete")."""
    __tablename__ = "proposal_delegations"
    __table_args__ = (UniqueConstraint("proposal_id", "delegation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    delegation: Mapped[Delegation] = relationship()


class ParagraphState(Base):
    """A paragraph's status in the negotiation, set by the penholder: pending (no row),
    agreed_ad_ref, bracketed (whole, or ``brackets``: nested [start, end) spans of
    ``status_text``) or deleted. Attached by id, so it follows the paragraph; ``status_text``
    is the paragraph's markup when the status was set, and the status is stale once the
    paragraph reads otherwise."""
    __tablename__ = "paragraph_states"
    __table_args__ = (UniqueConstraint("draft_id", "paragraph_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    paragraph_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    brackets: Mapped[list] = mapped_column(JSON, default=list)
    status_text: Mapped[str | None] = mapped_column(Text)  # the wording the status (and the spans) was set on
    set_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Comment(Base):
    """A comment on a paragraph (by id, so it follows edits and moves); threads by ``reply_to``."""
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    paragraph_id: Mapped[str] = mapped_column(String(200))
    reply_to: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))  # None: the Secretariat
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    delegation: Mapped[Delegation | None] = relationship()


class Notification(Base):
    """Something new for a delegation, fanned out when it happens; it points at the audit
    event that records it. Read state is per user (NotificationRead)."""
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_delegation", "delegation_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class NotificationRead(Base):
    __tablename__ = "notification_reads"
    __table_args__ = (UniqueConstraint("notification_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class EditorPresence(Base):
    """Who has a draft's editor open: a heartbeat row per user and draft."""
    __tablename__ = "editor_presence"
    __table_args__ = (UniqueConstraint("draft_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revision: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    user: Mapped[User] = relationship()


# --- The lifecycle (issue #8): submitted, issued, revised, acted on.

class LifecycleEvent(Base):
    """Append-only: one step of a draft's life after negotiation (domain/lifecycle.py
    ACTIONS), with the revision it concerns, the symbol it issued, the date it happened
    (as opposed to ``at``, when it was recorded) and what else it needs in ``detail``
    (sponsors at issuance, the vote, the oral revision's wording)."""
    __tablename__ = "lifecycle_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int | None] = mapped_column(Integer)
    symbol: Mapped[str | None] = mapped_column(String(64))
    date: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))  # None: the Secretariat
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    delegation: Mapped[Delegation | None] = relationship()
