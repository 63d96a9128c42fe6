"""The drafts list page ("/", on the drafts blueprint) and the reading of its GET
parameters, which GET /api/drafts shares."""
from __future__ import annotations

from flask import render_template, request
from werkzeug.datastructures import MultiDict

from ..domain import lifecycle
from ..domain.bodies import bodies
from ..domain.errors import InvalidDocument
from ..services import draft_list
from ..services.actors import Actor
from .auth import current_actor
from .context import db
from .query_args import whole_number


def _number(args: MultiDict, name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    number = whole_number(raw)
    if number is None:
        raise InvalidDocument(f"{name} must be a whole number", name)
    return number


def list_query(args: MultiDict, actor: Actor) -> draft_list.ListQuery:
    """?body=&session=&state=&ours=&q=&sort=&page=&per_page= (empty: not filtered)."""
    text = lambda name: (args.get(name) or "").strip() or None
    return draft_list.make_query(actor, body=text("body"), session=_number(args, "session"), state=text("state"),
                                 ours=text("ours"), q=text("q") or "", sort=text("sort"),
                                 page=_number(args, "page"), per_page=_number(args, "per_page"))


def index():
    actor = current_actor()
    listed = draft_list.listing(db(), actor, list_query(request.args, actor))
    return render_template("drafts/index.html", listed=listed, query=listed.query,
                           bodies=bodies(), states=lifecycle.STATE_NAMES, ours=draft_list.OURS,
                           has_delegation=actor.delegation_id is not None, sorts=_SORT_NAMES)


_SORT_NAMES = {"-changed": "Last change, newest first", "changed": "Last change, oldest first",
               "title": "Title, A to Z", "-session": "Session, newest first", "session": "Session, oldest first",
               "state": "State, drafting first"}
