"""Every error becomes a clear message: JSON under /api, a page elsewhere."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError

_PLAIN = {
    400: "The request could not be understood.",
    403: "You are not allowed to do that.",
    404: "There is nothing here you can see.",
    405: "That action is not available here.",
    413: "The upload is too large.",
}


def _respond(status: int, message: str, **extra):
    if request.path.startswith("/api/") or request.path.endswith(".json"):
        return jsonify({"error": message, **extra}), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        extra = {"where": error.where} if error.where else {}
        if hasattr(error, "current_revision"):
            extra["current_revision"] = error.current_revision
        if hasattr(error, "details"):  # e.g. the conflicts of a save that could not be merged
            extra.update(error.details())
        return _respond(error.status, error.message, **extra)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _respond(400, "The form's security token is missing or stale: reload the page and try again. "
                             "Nothing was changed.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        description = error.description if error.description and error.code in (400, 403) else None
        if error.code == 413:
            description = f"The upload is larger than {app.config['MAX_CONTENT_LENGTH'] // (1024 * 1024)} MB."
        return _respond(error.code or 500, description or _PLAIN.get(error.code, error.name))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return _respond(500, "Something went wrong on our side; nothing you sent was half-saved. "
                             "Please try again.")
