"""The drafts list (services/draft_list.py): filters, sort, paging, visibility, our part, counts,
and a fixed number of queries per page."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.services import draft_list, drafts, lifecycle, proposals, sponsorship
from tests.conftest import commit, draft_json, operative_id


def _make(db, actor, title, *, circulate=False, **doc):
    view = drafts.create(db, actor, document_json.load(draft_json(title=title, **doc)))
    if circulate:
        drafts.set_status(db, actor, view.id, "circulated")
    return view


@pytest.fixture
def listed(session, actors):
    """US: a private GA draft, a circulated GA draft Japan co-sponsors and proposes on, a
    submitted CND draft; Japan: a private draft of its own."""
    made = {
        "us private": _make(session, actors["us"], "Oceans and the law of the sea"),
        "us circulated": _make(session, actors["us"], "Synthetic drugs", circulate=True),
        "us cnd": _make(session, actors["us"], "Alternative development", circulate=True, body="CND", session=69),
        "jp private": _make(session, actors["jp"], "Global health and foreign policy"),
    }
    sponsorship.join(session, actors["jp"], made["us circulated"].id)
    sponsorship.join(session, actors["mx"], made["us circulated"].id)
    sponsorship.withdraw(session, actors["mx"], made["us circulated"].id)
    proposals.make(session, actors["jp"], made["us cnd"].id, 1, "delete", operative_id(made["us cnd"], 1))
    lifecycle.act(session, actors["us"], made["us cnd"].id, "submit", {})
    commit(session)
    return {k: v.id for k, v in made.items()}


def _ids(db, actor, **params):
    page = draft_list.listing(db, actor, draft_list.make_query(actor, **params))
    return [r.id for r in page.rows]


def test_a_delegation_sees_its_own_and_circulated_drafts_only_and_counts_only_those(session, actors, listed):
    page = draft_list.listing(session, actors["jp"], draft_list.make_query(actors["jp"]))
    assert {r.id for r in page.rows} == {listed["us circulated"], listed["us cnd"], listed["jp private"]}
    assert page.total == 3
    mx = draft_list.listing(session, actors["mx"], draft_list.make_query(actors["mx"], q="Oceans"))
    assert mx.total == 0 and mx.rows == []  # US's private draft does not exist for Mexico, not even as a count
    assert draft_list.listing(session, actors["sec"], draft_list.make_query(actors["sec"])).total == 4


def test_rows_carry_penholder_sponsors_state_and_last_change(session, actors, listed):
    rows = {r.id: r for r in draft_list.listing(session, actors["jp"], draft_list.make_query(actors["jp"])).rows}
    circulated = rows[listed["us circulated"]]
    assert (circulated.penholder, circulated.mine, circulated.sponsors) == ("United States of America", False, 2)
    assert circulated.state == "circulated" and circulated.changed_by == "us@example.org"
    assert circulated.changed_by_delegation == "United States of America"
    cnd = rows[listed["us cnd"]]
    assert (cnd.state, cnd.body, cnd.session, cnd.sponsors) == ("submitted", "CND", 69, 1)
    assert rows[listed["jp private"]].mine


def test_filters_body_session_state_and_title(session, actors, listed):
    sec = actors["sec"]
    assert _ids(session, sec, body="CND") == [listed["us cnd"]]
    assert _ids(session, sec, session=69) == [listed["us cnd"]]
    assert set(_ids(session, sec, state="private")) == {listed["us private"], listed["jp private"]}
    assert _ids(session, sec, state="submitted") == [listed["us cnd"]]
    assert _ids(session, sec, q="synthetic") == [listed["us circulated"]]
    assert _ids(session, sec, q="100%_") == []  # LIKE wildcards are read as text
    assert _ids(session, sec, body="GA", state="circulated") == [listed["us circulated"]]


def test_our_part_pen_cosponsor_proposed(session, actors, listed):
    jp, us, mx = actors["jp"], actors["us"], actors["mx"]
    assert _ids(session, jp, ours="pen") == [listed["jp private"]]
    assert _ids(session, jp, ours="cosponsor") == [listed["us circulated"]]
    assert _ids(session, jp, ours="proposed") == [listed["us cnd"]]
    assert _ids(session, mx, ours="cosponsor") == []  # Mexico joined, then withdrew
    assert _ids(session, us, ours="cosponsor") == []  # the penholder is no co-sponsor of its own text
    assert len(_ids(session, us, ours="pen")) == 3


def test_sort_and_paging(session, actors, listed):
    sec = actors["sec"]
    # newest revision first (a proposal or a submission writes no revision)
    assert _ids(session, sec) == [listed[k] for k in ("jp private", "us cnd", "us circulated", "us private")]
    assert _ids(session, sec, sort="changed") == [listed[k] for k in ("us private", "us circulated", "us cnd",
                                                                      "jp private")]
    titles = [r.title for r in draft_list.listing(session, sec, draft_list.make_query(sec, sort="title")).rows]
    assert titles == sorted(titles, key=str.lower)
    sessions = [r.session for r in draft_list.listing(session, sec, draft_list.make_query(sec, sort="-session")).rows]
    assert sessions == sorted(sessions, reverse=True)
    states = [r.state for r in draft_list.listing(session, sec, draft_list.make_query(sec, sort="state")).rows]
    assert states == ["private", "private", "circulated", "submitted"]
    first = draft_list.listing(session, sec, draft_list.make_query(sec, per_page=3))
    second = draft_list.listing(session, sec, draft_list.make_query(sec, per_page=3, page=2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (4, 2, 3, 1)
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}
    past = draft_list.listing(session, sec, draft_list.make_query(sec, per_page=3, page=9))
    assert past.page == 2 and [r.id for r in past.rows] == [r.id for r in second.rows]


@pytest.mark.parametrize("params, where", [
    ({"body": "XX"}, "body"), ({"session": 0}, "session"), ({"session": 10**6}, "session"),
    ({"state": "drop"}, "state"), ({"ours": "theirs"}, "ours"), ({"sort": "drop"}, "sort"),
    ({"page": 0}, "page"), ({"page": 10**9}, "page"), ({"per_page": 500}, "per_page"), ({"q": "x" * 201}, "q"),
])
def test_bad_values_are_refused_by_name(actors, params, where):
    with pytest.raises(InvalidDocument) as refused:
        draft_list.make_query(actors["jp"], **params)
    assert refused.value.where == where


def test_the_secretariat_has_no_part_to_filter_on(actors):
    with pytest.raises(InvalidDocument, match="ours needs a delegation"):
        draft_list.make_query(actors["sec"], ours="pen")


def test_a_page_costs_three_queries_whatever_its_size(session, actors, listed):
    for n in range(12):
        _make(session, actors["us"], f"Synthetic drugs {n}", circulate=True)
    commit(session)
    statements: list[str] = []
    engine = session.get_bind()
    me = threading.get_ident()  # the index worker reads the same engine from its own thread

    def listen(*args):
        if threading.get_ident() == me:
            statements.append(args[2])
    event.listen(engine, "before_cursor_execute", listen)
    try:
        page = draft_list.listing(session, actors["jp"], draft_list.make_query(actors["jp"], per_page=100))
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert page.total == 15 and len(page.rows) == 15
    assert len(statements) == 3, statements
