"""Configuration from the environment; every piece of state lives under one folder.

RESOLUTIONS_DATA (default ./instance) holds the SQLite file, the search index and
uploads, so two instances with different folders never touch each other's files.
DATABASE_URL overrides the database (postgresql+psycopg://…); SECRET_KEY signs
sessions and must be set in production.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    max_upload_bytes: int = 20 * 1024 * 1024

    @classmethod
    def from_env(cls, env=None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(overrides.pop("data_dir", None) or env.get("RESOLUTIONS_DATA") or "instance").resolve()
        url = overrides.pop("database_url", None) or env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'resolutions.sqlite3'}"
        secret = overrides.pop("secret_key", None) or env.get("SECRET_KEY") or _local_secret(data_dir)
        return cls(data_dir=data_dir, database_url=database_url(url), secret_key=secret, **overrides)


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
