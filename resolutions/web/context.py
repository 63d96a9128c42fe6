"""What every view shares: the extensions, and this request's database session (whose
one commit is web/__init__.py's after_request)."""
from __future__ import annotations

from flask import current_app, g
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()


def db():
    """This request's database session (opened on first use)."""
    if "db" not in g:
        g.db = current_app.extensions["resolutions.db"].session()
    return g.db


def keep_records() -> None:
    """Commit this request's records even though it answers with a refusal (a failed
    log-in must leave its audit row, which the log-in limits count)."""
    g.keep_records = True
