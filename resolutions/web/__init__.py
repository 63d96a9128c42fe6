"""The Flask face of the product: one blueprint per feature; views parse, call one
service, render."""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, g
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from ..services.database import Database
from ..settings import Settings

ROOT = Path(__file__).resolve().parents[2]
csrf = CSRFProtect()
login_manager = LoginManager()


def create_app(test_config: dict | None = None) -> Flask:
    test_config = dict(test_config or {})
    settings = Settings.from_env(**{k: test_config.pop(k) for k in ("data_dir", "database_url", "secret_key")
                                    if k in test_config})
    app = Flask("resolutions", template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # a long negotiation day must not expire the editor's form
        SETTINGS=settings,
    )
    app.config.update(test_config)
    app.extensions["resolutions.db"] = Database(settings)

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."

    from . import api, auth, drafts, errors, library, rendering
    app.register_blueprint(auth.bp)
    app.register_blueprint(drafts.bp)
    app.register_blueprint(library.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # the API takes bearer tokens only, never the session cookie
    errors.register(app)
    rendering.register(app)

    _check_index_once(app)

    @app.teardown_appcontext
    def close_session(_exc):
        session = g.pop("db", None)
        if session is not None:
            session.close()

    from ..cli import register as register_cli
    register_cli(app)
    return app


def _check_index_once(app: Flask) -> None:
    """The start-up check of the search index, on the first request: the command line
    (`flask init` before any table exists) never pays for it."""
    lock, done = threading.Lock(), []

    @app.before_request
    def check_index():
        if done:
            return
        with lock:
            if not done:
                app.extensions["resolutions.db"].ensure_index()
                done.append(True)


def db():
    """This request's database session (opened on first use)."""
    from flask import current_app
    if "db" not in g:
        g.db = current_app.extensions["resolutions.db"].session()
    return g.db
