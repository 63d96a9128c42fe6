"""Users, passwords, log-in sessions and API tokens.

A log-in is a row in user_sessions: the browser holds a random key, the table only its
hash, so deleting the row ends that log-in on the server whatever cookie is replayed.
Every security event is recorded once, with audit.record, in the caller's transaction.
"""
from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from ..domain.errors import DomainError
from ..domain.text import clean
from ..domain.validation import accept_text
from ..settings import Settings
from ..store.tables import ApiToken, User, UserSession, utcnow
from . import audit, delegations
from .actors import Actor
from .errors import Conflict, NotFound

MIN_PASSWORD = 12
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 366
# Writing on every request would make each page a write; this often is enough to see use.
SESSION_SEEN_EVERY = timedelta(minutes=5)
TOKEN_USED_EVERY = timedelta(minutes=1)
WRONG_LOGIN = "That e-mail and password do not match an account."


class TooManyAttempts(DomainError):
    """Too many failed log-ins for this e-mail or from this address; ``retry_after`` in seconds."""
    status = 429

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(f"Too many failed log-ins. Try again in {minutes} minute{'s' if minutes > 1 else ''}.",
                         "email")
        self.retry_after = retry_after


class Unauthenticated(DomainError):
    """A credential that was once good and is no more (an expired or revoked token)."""
    status = 401


@dataclass(frozen=True)
class LoginRules:
    failures_per_account: int = 10
    failures_per_address: int = 30
    window: timedelta = timedelta(minutes=15)
    session_lifetime: timedelta = timedelta(hours=12)
    remember_lifetime: timedelta = timedelta(days=14)

    @classmethod
    def of(cls, settings: Settings) -> "LoginRules":
        return cls(settings.login_failures_per_account, settings.login_failures_per_address,
                   timedelta(minutes=settings.login_window_minutes), timedelta(hours=settings.session_hours),
                   timedelta(days=settings.remember_days))


@dataclass(frozen=True)
class LogIn:
    actor: Actor
    key: str  # the browser's half of the session row; never stored


@dataclass(frozen=True)
class SessionView:
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    remember: bool
    address: str
    user_agent: str
    current: bool


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= utcnow() else "active"


# --- e-mails and passwords -------------------------------------------------------------

def normalise_email(text: str) -> str:
    """The one spelling of an address we store and compare: validated, lower-cased."""
    try:
        return validate_email((text or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError(f"{(text or '').strip() or 'an empty value'} is not a valid e-mail address: {error}",
                          "email") from None


def _typed_email(text: str) -> str:
    """What was typed at a log-in, normalised when it is an address at all (for the trail);
    otherwise as typed, less what no database column can hold (NUL and other controls)."""
    try:
        return normalise_email(text)
    except DomainError:
        return clean(text or "", multiline=False).lower()[:254]


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def check_new_password(password: str, where: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"the password needs at least {MIN_PASSWORD} characters", where)
    if password.lower() in _common_passwords():
        raise DomainError("that password is one of the most common leaked passwords; choose another", where)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked when no account matches, so an unknown e-mail costs as much as a known one.
    return generate_password_hash(secrets.token_hex(16))


def _password_matches(user: User | None, password: str) -> bool:
    """One hash check whatever the case: no user, a disabled user or a real one."""
    ok = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    return ok and user is not None and user.disabled_at is None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def _user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def _user_or_404(session: Session, email: str) -> User:
    user = _user(session, _typed_email(email))
    if user is None:
        raise NotFound(f"no user with e-mail {email}", "email")
    return user


# --- users ------------------------------------------------------------------------------

def create_user(session: Session, email: str, password: str, *, delegation: str | None = None,
                secretariat: bool = False, by: Actor | None = None) -> Actor:
    email = normalise_email(email)
    check_new_password(password)
    if secretariat == bool(delegation):
        raise DomainError("a user belongs either to a delegation or to the Secretariat", "delegation")
    if _user(session, email):
        raise Conflict(f"a user with e-mail {email} exists already", "email")
    user = User(email=email, password_hash=generate_password_hash(password),
                delegation=delegations.find(session, delegation) if delegation else None,
                is_secretariat=secretariat)
    session.add(user)
    session.flush()
    created = Actor.of(user)
    audit.record(session, by, "user.created", detail={"user": email, "delegation": created.delegation_name})
    return created


def actor(session: Session, user_id: int) -> Actor | None:
    user = session.get(User, user_id)
    return Actor.of(user) if user else None


def actor_by_email(session: Session, email: str) -> Actor:
    return Actor.of(_user_or_404(session, email))


def disable_user(session: Session, email: str, *, by: Actor | None = None) -> tuple[int, int]:
    """Stop a user at once: no log-in, every session ended, every token revoked.
    Returns (sessions ended, tokens revoked)."""
    user = _user_or_404(session, email)
    if user.disabled_at is not None:
        raise Conflict(f"{user.email} is disabled already", "email")
    now = utcnow()
    user.disabled_at = now
    ended = _end_sessions(session, user.id)
    revoked = session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                              .values(revoked_at=now)).rowcount
    session.flush()
    audit.record(session, by, "user.disabled",
                 detail={"user": user.email, "sessions_ended": ended, "tokens_revoked": revoked})
    return ended, revoked


def enable_user(session: Session, email: str, *, by: Actor | None = None) -> None:
    """Let a disabled user log in again; their old tokens stay revoked."""
    user = _user_or_404(session, email)
    if user.disabled_at is None:
        raise Conflict(f"{user.email} is not disabled", "email")
    user.disabled_at = None
    session.flush()
    audit.record(session, by, "user.enabled", detail={"user": user.email})


# --- log-in sessions --------------------------------------------------------------------

def _refuse_if_locked(session: Session, email: str, address: str, rules: LoginRules) -> None:
    now = utcnow()
    waits = []
    for limit, (count, oldest) in ((rules.failures_per_account, audit.failures_since(session, rules.window, who=email)),
                                   (rules.failures_per_address,
                                    audit.failures_since(session, rules.window, address=address))):
        if count >= limit and oldest is not None:
            # Once the oldest failure leaves the window, one more attempt is allowed.
            waits.append(max(1, math.ceil((_utc(oldest) + rules.window - now).total_seconds())))
    if waits:
        audit.record(session, None, "login.refused", who=email, address=address,
                     detail={"retry_after": max(waits)})
        raise TooManyAttempts(max(waits))


def log_in(session: Session, email: str, password: str, *, address: str, rules: LoginRules,
           remember: bool = False, user_agent: str = "") -> LogIn | None:
    """A new session for the right e-mail and password; None (and a login.failed record)
    otherwise. Raises TooManyAttempts while this e-mail or address has failed too often —
    even for the right password. The caller must keep the records of a refusal."""
    email, address = _typed_email(email), (address or "")[:64]
    _refuse_if_locked(session, email, address, rules)
    user = _user(session, email)
    if not _password_matches(user, password):
        reason = "unknown e-mail" if user is None else "account disabled" if user.disabled_at else "wrong password"
        audit.record(session, None, "login.failed", who=email, address=address, detail={"reason": reason})
        return None
    now = utcnow()
    session.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now))
    key = secrets.token_urlsafe(32)
    session.add(UserSession(key_hash=_digest(key), user_id=user.id, created_at=now, last_seen_at=now,
                            expires_at=now + (rules.remember_lifetime if remember else rules.session_lifetime),
                            remember=remember, address=address,
                            user_agent=clean(user_agent or "", multiline=False)[:200]))
    session.flush()
    actor = Actor.of(user, address)
    audit.record(session, actor, "login", detail={"remember": remember})
    return LogIn(actor, key)


def actor_for_session(session: Session, key: str) -> Actor | None:
    """Who holds this session key, if its log-in still stands (not ended, not expired,
    the user not disabled)."""
    if not key or len(key) > 200:
        return None
    row = session.scalar(select(UserSession).where(UserSession.key_hash == _digest(key)))
    if row is None:
        return None
    now = utcnow()
    if _utc(row.expires_at) <= now or row.user.disabled_at is not None:
        session.delete(row)
        session.flush()
        return None
    if now - _utc(row.last_seen_at) >= SESSION_SEEN_EVERY:
        row.last_seen_at = now
        session.flush()
    return Actor.of(row.user)


def log_out(session: Session, actor: Actor, key: str) -> None:
    session.execute(delete(UserSession).where(UserSession.key_hash == _digest(key),
                                              UserSession.user_id == actor.user_id))
    audit.record(session, actor, "logout")


def _end_sessions(session: Session, user_id: int) -> int:
    return session.execute(delete(UserSession).where(UserSession.user_id == user_id)).rowcount


def log_out_everywhere(session: Session, actor: Actor) -> int:
    """End every log-in of this user, on every device (this one too). Returns how many."""
    ended = _end_sessions(session, actor.user_id)
    audit.record(session, actor, "logout.everywhere", detail={"sessions_ended": ended})
    return ended


def sessions_of(session: Session, actor: Actor, current_key: str = "") -> list[SessionView]:
    """The user's open log-ins, newest first."""
    rows = session.scalars(select(UserSession).where(UserSession.user_id == actor.user_id,
                                                     UserSession.expires_at > utcnow())
                           .order_by(UserSession.created_at.desc(), UserSession.id.desc()))
    current = _digest(current_key) if current_key else None
    return [SessionView(r.id, _utc(r.created_at), _utc(r.last_seen_at), _utc(r.expires_at), r.remember, r.address,
                        r.user_agent, r.key_hash == current) for r in rows]


def change_password(session: Session, actor: Actor, current: str, new: str, again: str, *,
                    rules: LoginRules) -> int:
    """Set a new password and end every session of the user. A wrong current password
    counts as a failed log-in (so this form cannot be used to guess it). Returns how
    many sessions ended."""
    user = session.get(User, actor.user_id)
    _refuse_if_locked(session, user.email, actor.address, rules)
    if not _password_matches(user, current):
        audit.record(session, None, "login.failed", who=user.email, address=actor.address,
                     detail={"reason": "wrong current password at a password change"})
        raise DomainError("the current password is wrong", "current_password")
    if new != again:
        raise DomainError("the two new passwords differ", "new_password_again")
    check_new_password(new, "new_password")
    if new == current:
        raise DomainError("the new password is the same as the current one", "new_password")
    user.password_hash = generate_password_hash(new)
    user.password_changed_at = utcnow()
    ended = _end_sessions(session, user.id)
    session.flush()
    audit.record(session, actor, "password.changed", detail={"sessions_ended": ended})
    return ended


# --- API tokens -------------------------------------------------------------------------

def issue_token(session: Session, email: str, *, name: str = "", days: int = DEFAULT_TOKEN_DAYS,
                by: Actor | None = None) -> str:
    """A new API token for ``email``, valid for ``days``; only its hash is stored, so the
    returned secret is shown once. ``by`` None: the command line."""
    user = _user_or_404(session, email)
    name = accept_text(name or "", "name", field="a token's name", max_chars=100, multiline=False)
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise DomainError(f"a token lasts from 1 to {MAX_TOKEN_DAYS} days", "days")
    if user.disabled_at is not None:
        raise Conflict(f"{user.email} is disabled", "email")
    token, now = secrets.token_urlsafe(32), utcnow()
    row = ApiToken(user_id=user.id, token_hash=_digest(token), name=name, created_at=now,
                   expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    audit.record(session, by, "token.created", detail={"user": user.email, "token_id": row.id, "name": name,
                                                       "expires_at": row.expires_at.isoformat()})
    return token


def _expires(row: ApiToken) -> datetime:
    # Tokens from before expiry existed last the default from their creation.
    return _utc(row.expires_at) or _utc(row.created_at) + timedelta(days=DEFAULT_TOKEN_DAYS)


def tokens_of(session: Session, owner: Actor) -> list[TokenView]:
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == owner.user_id)
                           .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [TokenView(r.id, r.name, _utc(r.created_at), _expires(r), _utc(r.last_used_at), _utc(r.revoked_at))
            for r in rows]


def revoke_token(session: Session, owner: Actor, token_id: int, *, by: Actor | None) -> None:
    """Revoke one of ``owner``'s tokens (another user's is not found)."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != owner.user_id:
        raise NotFound(f"{owner.email} has no API token {token_id}", "token")
    if row.revoked_at is not None:
        raise Conflict(f"API token {token_id} was revoked already", "token")
    row.revoked_at = utcnow()
    session.flush()
    audit.record(session, by, "token.revoked", detail={"user": owner.email, "token_id": row.id, "name": row.name})


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The token's user; None for a token we never issued. A token that was good and no
    longer is raises Unauthenticated saying why."""
    if not token or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None:
        return None
    now = utcnow()
    if row.revoked_at is not None:
        raise Unauthenticated(f"this API token was revoked on {_utc(row.revoked_at):%Y-%m-%d %H:%M} UTC; "
                              "create a new one on your account page", "token")
    if _expires(row) <= now:
        raise Unauthenticated(f"this API token expired on {_expires(row):%Y-%m-%d %H:%M} UTC; "
                              "create a new one on your account page", "token")
    if row.user.disabled_at is not None:
        raise Unauthenticated("this account is disabled", "token")
    if row.last_used_at is None or now - _utc(row.last_used_at) >= TOKEN_USED_EVERY:
        row.last_used_at = now
        session.flush()
    return Actor.of(row.user)
