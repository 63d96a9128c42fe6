"""`GET /healthz` for load balancers: 200 while this process can serve (the database
answers), 503 when it cannot; the body says how the search index stands. No log-in, and
nothing in it about any text."""
from __future__ import annotations

from flask import Blueprint, jsonify

from ..services import health
from .context import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    found = health.check(db())
    return jsonify(found.as_dict()), 200 if found.ok else 503
