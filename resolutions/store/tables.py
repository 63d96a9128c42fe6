"""The database tables. Revisions and sponsorship events are append-only."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator,
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
