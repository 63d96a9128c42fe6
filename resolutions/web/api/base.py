"""The JSON API's door: the blueprint, bearer-token authentication and the request body.

Same permissions as the pages; errors are ``{"error": "..."}`` with the right status
(web/errors.py). Each feature's routes live in their own module of this package.
"""
from __future__ import annotations

from flask import Blueprint, g, request

from ...domain.errors import DomainError, InvalidDocument
from ...formats import safe_json
from ...services import accounts
from ..context import db

bp = Blueprint("api", __name__, url_prefix="/api")


class Unauthorized(DomainError):
    status = 401


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    actor = accounts.actor_for_token(db(), token.strip()) if scheme.lower() == "bearer" and token else None
    if actor is None:
        raise Unauthorized("send a valid API token as 'Authorization: Bearer <token>' "
                           "(flask --app app users token EMAIL prints one)")
    g.actor = actor.at(request.remote_addr)


def json_body(optional: bool = False) -> dict:
    """The request's JSON object, parsed by the one boundary for outside JSON (depth,
    size, encoding, lone surrogates: see formats/safe_json.py)."""
    raw = request.get_data(cache=True)
    if optional and not raw.strip():
        return {}
    data = safe_json.loads(raw)
    if not isinstance(data, dict):
        raise InvalidDocument("the request body must be a JSON object", "body")
    return data
