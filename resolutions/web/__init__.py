"""The Flask face of the product: one blueprint per feature; views parse, call one
service, render."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from ..services.database import Database
from ..settings import Settings
from .context import csrf, login_manager

ROOT = Path(__file__).resolve().parents[2]


def create_app(test_config: dict | None = None) -> Flask:
    test_config = dict(test_config or {})
    settings = Settings.from_env(**{k: test_config.pop(k) for k in Settings.fields() if k in test_config})
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

    from . import account, api, audit_log, auth, drafts, errors, health, library, rendering, security
    security.init_app(app, settings)
    app.register_blueprint(account.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(audit_log.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(drafts.bp)
    app.register_blueprint(library.bp)
    from . import comments, whats_new  # comment forms and What's new (#7)
    app.register_blueprint(comments.bp)
    app.register_blueprint(whats_new.bp)
    from . import negotiation  # the compilation text and its proposals (#7)
    app.register_blueprint(negotiation.bp)
    from . import lifecycle  # submit, issue, revise, act on a draft (#8)
    app.register_blueprint(lifecycle.bp)
    from . import uploads  # Word uploads: a new draft, or a partner's changes as proposals (#8)
    app.register_blueprint(uploads.bp)
    from . import akn_downloads  # Akoma Ntoso downloads (#8)
    app.register_blueprint(akn_downloads.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # the API takes bearer tokens only, never the session cookie
    errors.register(app)
    rendering.register(app)

    _unit_of_work_per_request(app)

    from ..cli import register as register_cli
    register_cli(app)
    return app


def _unit_of_work_per_request(app: Flask) -> None:
    """One commit point per request: a response below 400 commits what the request's use
    cases flushed (then the index worker takes the changes); any error rolls it all back.
    A refusal that must leave a record (a failed log-in) says so with keep_records()."""
    database = app.extensions["resolutions.db"]

    @app.before_request
    def start_index_worker():
        # The index's own thread starts with the first request (a command such as
        # `flask init` never starts it); starting it never waits for the index.
        database.index_worker.start()

    @app.after_request
    def end_unit_of_work(response):
        session = g.get("db")
        if session is not None:
            database.finish(session, ok=response.status_code < 400 or g.get("keep_records", False))
        return response

    @app.teardown_appcontext
    def close_session(_exc):
        session = g.pop("db", None)
        if session is not None:
            session.close()  # rolls back whatever an unfinished request left
