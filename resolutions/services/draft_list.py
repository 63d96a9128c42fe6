"""The drafts list: what a delegate sees on "/" and GET /api/drafts — one door for both.

Filters (body, session, state, our part in it, words of the title), a sort and a page.
Every filter narrows the visible drafts (policy.visible_clause), so a draft one cannot see
is never counted. Bad values are refused by name (InvalidDocument → 400), as
web/query_args.py does for search; a page past the last one shows the last one.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy.orm import Session

from ..domain import lifecycle
from ..domain.bodies import bodies
from ..domain.errors import InvalidDocument
from ..store import draft_list_queries as sql
from ..store.tables import Draft
from . import policy
from .actors import Actor

PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 25, 100, 1_000
MAX_SESSION, MAX_TEXT = 999, 200
SORTS = ("changed", "title", "session", "state")
DEFAULT_SORT = "-changed"  # the newest change first
# Our part in a draft: we hold the pen, we co-sponsor it (without the pen), we proposed on it.
PEN, COSPONSOR, PROPOSED = "pen", "cosponsor", "proposed"
OURS = {PEN: "We hold the pen", COSPONSOR: "We co-sponsor", PROPOSED: "We proposed on"}


@dataclass(frozen=True)
class ListQuery:
    body: str | None = None
    session: int | None = None
    state: str | None = None
    ours: str | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def filtered(self) -> bool:
        return any((self.body, self.session, self.state, self.ours, self.q))

    def args(self, **changes) -> dict:
        """The GET parameters that differ from the defaults (for links that keep the rest)."""
        merged = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {k: v for k, v in merged.items() if v != getattr(ListQuery, k, None) and v not in (None, "")}


def make_query(actor: Actor, *, body=None, session=None, state=None, ours=None, q="", sort=None,
               page=None, per_page=None) -> ListQuery:
    """A ListQuery from values already read as numbers where numbers are due (None: absent);
    anything out of place is refused naming its parameter."""
    if body is not None and body not in bodies():
        raise InvalidDocument(f"body must be one of {', '.join(bodies())}", "body")
    _range("session", session, MAX_SESSION)
    if state is not None and state not in lifecycle.STATES:
        raise InvalidDocument(f"state must be one of {', '.join(lifecycle.STATES)}", "state")
    if ours is not None and ours not in OURS:
        raise InvalidDocument(f"ours must be one of {', '.join(OURS)}", "ours")
    if ours is not None and actor.delegation_id is None:
        raise InvalidDocument("ours needs a delegation; the Secretariat holds no pen and sponsors nothing", "ours")
    q = (q or "").strip()
    if len(q) > MAX_TEXT:
        raise InvalidDocument(f"q must be at most {MAX_TEXT} characters", "q")
    sort = sort or DEFAULT_SORT
    if sort.removeprefix("-") not in SORTS:
        raise InvalidDocument(f"sort must be one of {', '.join(SORTS)}, each optionally after - (descending)",
                              "sort")
    _range("page", page, MAX_PAGE)
    _range("per_page", per_page, MAX_PER_PAGE)
    return ListQuery(body, session, state, ours, q, sort, page or 1, per_page or PER_PAGE)


def _range(name: str, value: int | None, high: int) -> None:
    if value is not None and not 1 <= value <= high:
        raise InvalidDocument(f"{name} must be a whole number from 1 to {high}", name)


@dataclass(frozen=True)
class DraftRow:
    id: int
    title: str
    body: str
    session: int
    penholder: str
    mine: bool                 # our delegation holds the pen
    sponsors: int              # the penholder and its co-sponsors, now
    status: str                # private | circulated
    state: str                 # domain/lifecycle.py STATES
    symbol: str | None
    current_revision: int
    changed_at: datetime       # the current revision's time
    changed_by: str            # its author's e-mail
    changed_by_delegation: str | None  # None: the Secretariat


@dataclass(frozen=True)
class DraftPage:
    rows: list[DraftRow]
    total: int                 # drafts matching the filters, among those the actor sees
    page: int
    pages: int
    query: ListQuery


def listing(session: Session, actor: Actor, query: ListQuery) -> DraftPage:
    where = [policy.visible_clause(actor), *_filters(actor, query)]
    total = sql.count(session, where)
    pages = max(1, -(-total // query.per_page))
    page = min(query.page, pages)
    rows = sql.page_rows(session, where, query.sort.removeprefix("-"), query.sort.startswith("-"),
                       (page - 1) * query.per_page, query.per_page)
    counts = sql.sponsor_counts(session, [r[0] for r in rows])
    return DraftPage([DraftRow(i, title, body, number, pen, pen_id == actor.delegation_id, counts.get(i, 0),
                               status, state, symbol, current, at, email,
                               by)
                      for i, title, body, number, status, _stage, symbol, current, pen_id, pen, at, email, by, state
                      in rows], total, page, pages, query)


def _filters(actor: Actor, query: ListQuery) -> list:
    where = []
    if query.body:
        where.append(Draft.body == query.body)
    if query.session:
        where.append(Draft.session == query.session)
    if query.state:
        where.append(sql.state_column() == query.state)
    if query.q:
        where.append(sql.title_clause(query.q))
    if query.ours == PEN:
        where.append(policy.pen_clause(actor))
    elif query.ours == COSPONSOR:
        where += [sql.sponsoring_clause(actor.delegation_id), ~policy.pen_clause(actor)]
    elif query.ours == PROPOSED:
        where.append(sql.proposing_clause(actor.delegation_id))
    return where
