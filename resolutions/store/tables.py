"""The database tables. Revisions and sponsorship events are append-only."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delegation: Mapped[Delegation | None] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user: Mapped[User] = relationship()


class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(16))
    penholder_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    status: Mapped[str] = mapped_column(String(16), default="private")  # private | circulated
    # The newest revision's number; saves compare their base against it.
    current_revision: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
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
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
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
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
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
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PublicationFacts(Base):
    """The UN's metadata about a symbol (sponsors, vote, subjects), in any language."""
    __tablename__ = "publication_facts"
    symbol: Mapped[str] = mapped_column(String(64), primary_key=True)
    facts: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchState(Base):
    """One row: bumped with every change the search index must follow, so that a
    process can tell at start-up whether its index is behind the database."""
    __tablename__ = "search_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
