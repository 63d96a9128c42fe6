"""Configuration from the environment; every piece of state lives under one folder.

RESOLUTIONS_DATA (default ./instance) holds the SQLite file, the search index and
uploads, so two instances with different folders never touch each other's files.
DATABASE_URL overrides the database (postgresql+psycopg://…); SECRET_KEY signs
sessions and must be set in production.

Accounts and browser defences (environment variable → field, default):
  RESOLUTIONS_LOGIN_FAILURES_PER_ACCOUNT  login_failures_per_account   10
  RESOLUTIONS_LOGIN_FAILURES_PER_ADDRESS  login_failures_per_address   30
  RESOLUTIONS_LOGIN_WINDOW_MINUTES        login_window_minutes         15
  RESOLUTIONS_SESSION_HOURS               session_hours                12  (a log-in without "keep me logged in")
  RESOLUTIONS_REMEMBER_DAYS               remember_days                14  (the remember-me cookie and its log-in)
  RESOLUTIONS_TOKEN_DAYS                  token_days                   90  (a new API token's lifetime)
  RESOLUTIONS_SECURE_COOKIES              secure_cookies               on  (cookies only over HTTPS; off for plain-HTTP development)
  RESOLUTIONS_TRUSTED_PROXIES             trusted_proxies              0   (reverse proxies in front whose X-Forwarded-* to believe)
"""
from __future__ import annotations

import dataclasses
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

_FALSE = {"0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    max_upload_bytes: int = 20 * 1024 * 1024
    login_failures_per_account: int = 10
    login_failures_per_address: int = 30
    login_window_minutes: int = 15
    session_hours: int = 12
    remember_days: int = 14
    token_days: int = 90
    secure_cookies: bool = True
    trusted_proxies: int = 0

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def from_env(cls, env=None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(overrides.pop("data_dir", None) or env.get("RESOLUTIONS_DATA") or "instance").resolve()
        url = overrides.pop("database_url", None) or env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'resolutions.sqlite3'}"
        secret = overrides.pop("secret_key", None) or env.get("SECRET_KEY") or _local_secret(data_dir)
        for field in dataclasses.fields(cls):
            variable = f"RESOLUTIONS_{field.name.upper()}"
            if field.name not in overrides and field.name not in ("data_dir", "database_url", "secret_key") \
                    and env.get(variable, "").strip():
                overrides[field.name] = _parse(variable, env[variable], field.default)
        return cls(data_dir=data_dir, database_url=database_url(url), secret_key=secret, **overrides)


def _parse(variable: str, text: str, default):
    """An environment value of the field's type; a typo stops the start with its name."""
    text = text.strip().lower()
    if isinstance(default, bool):
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ValueError(f"{variable} must be on or off (1/0, true/false), not {text!r}")
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"{variable} must be a whole number, not {text!r}") from None
    if number < 0 or (number == 0 and variable != "RESOLUTIONS_TRUSTED_PROXIES"):
        raise ValueError(f"{variable} must be a positive number, not {number}")
    return number


def database_url(url: str) -> str:
    """Plain postgres:// URLs name no driver; SQLAlchemy needs the psycopg 3 dialect."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _local_secret(data_dir: Path) -> str:
    """Without SECRET_KEY, keep a random key in the data folder so logins survive restarts."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
