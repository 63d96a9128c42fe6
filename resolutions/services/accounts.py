"""Users, passwords and API tokens."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.errors import DomainError
from ..store.db import transaction
from ..store.tables import ApiToken, User
from . import delegations
from .actors import Actor
from .errors import Conflict, NotFound

MIN_PASSWORD = 8


def create_user(session: Session, email: str, password: str, *, delegation: str | None = None,
                secretariat: bool = False) -> Actor:
    email = email.strip().lower()
    if "@" not in email:
        raise DomainError("an e-mail address needs an @", "email")
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"the password needs at least {MIN_PASSWORD} characters", "password")
    if secretariat == bool(delegation):
        raise DomainError("a user belongs either to a delegation or to the Secretariat", "delegation")
    with transaction(session):
        if session.scalar(select(User).where(User.email == email)):
            raise Conflict(f"a user with e-mail {email} exists already", "email")
        user = User(email=email, password_hash=generate_password_hash(password),
                    delegation=delegations.find(session, delegation) if delegation else None,
                    is_secretariat=secretariat)
        session.add(user)
    return Actor.of(user)


def authenticate(session: Session, email: str, password: str) -> Actor | None:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return Actor.of(user)


def actor(session: Session, user_id: int) -> Actor | None:
    user = session.get(User, user_id)
    return Actor.of(user) if user else None


def actor_by_email(session: Session, email: str) -> Actor:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user with e-mail {email}", "email")
    return Actor.of(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, email: str) -> str:
    """A new API token for ``email``; only its hash is stored."""
    user_id = actor_by_email(session, email).user_id
    token = secrets.token_urlsafe(32)
    with transaction(session):
        session.add(ApiToken(user_id=user_id, token_hash=_digest(token)))
    return token


def actor_for_token(session: Session, token: str) -> Actor | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    return Actor.of(row.user) if row else None
