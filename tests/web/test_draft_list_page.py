"""The drafts list page and GET /api/drafts: parameters, bad parameters, the columns, no JavaScript."""
from __future__ import annotations

import re

import pytest

from resolutions.formats import document_json
from resolutions.services import drafts, sponsorship
from tests.conftest import commit, draft_json


@pytest.fixture
def two(session, actors):
    """A circulated US draft Japan co-sponsors, and a private CND one of the US."""
    ga = drafts.create(session, actors["us"], document_json.load(draft_json(title="Synthetic drugs <b>now</b>")))
    drafts.set_status(session, actors["us"], ga.id, "circulated")
    sponsorship.join(session, actors["jp"], ga.id)
    cnd = drafts.create(session, actors["us"], document_json.load(draft_json(title="Alternative development",
                                                                             body="CND", session=69)))
    commit(session)
    return ga.id, cnd.id


def test_the_page_has_every_column_and_escapes_titles(browser_for, two):
    page = browser_for("jp@example.org").get("/").get_data(as_text=True)
    for column in ("Title", "Penholder", "Sponsors", "State", "Body", "Session", "Last change", "Symbol"):
        assert f'<th scope="col">{column}</th>' in page
    assert "Synthetic drugs &lt;b&gt;now&lt;/b&gt;" in page and "<b>now</b>" not in page
    assert '<td class="sponsors" data-label="Sponsors">2</td>' in page
    assert "by us@example.org" in page and '<span class="status circulated">circulated</span>' in page
    assert "Alternative development" not in page  # private to the US
    assert "1 draft" in page


def test_filters_are_get_parameters_and_the_form_keeps_them(browser_for, two):
    us = browser_for("us@example.org")
    page = us.get("/?body=CND&sort=title").get_data(as_text=True)
    assert "Alternative development" in page and "Synthetic drugs" not in page
    assert '<option value="CND" selected>' in page and '<option value="title" selected>' in page
    assert 'method="get"' in page and "Clear filters" in page
    japan = browser_for("jp@example.org").get("/?ours=cosponsor").get_data(as_text=True)
    assert "Synthetic drugs" in japan
    none = browser_for("mx@example.org").get("/?ours=cosponsor").get_data(as_text=True)
    assert "No draft matches these filters" in none and "Clear filters" in none


def test_empty_list_says_how_to_start(browser_for):
    page = browser_for("jp@example.org").get("/").get_data(as_text=True)
    assert "No drafts yet" in page and "Start a new draft" in page


@pytest.mark.parametrize("query, name", [
    ("page=-1", "page"), ("page=99999999999999999999", "page"), ("sort=drop", "sort"), ("session=abc", "session"),
    ("session=1000", "session"), ("state=lost", "state"), ("body=ZZ", "body"), ("per_page=1000", "per_page"),
])
def test_bad_parameters_are_refused_naming_them(browser_for, us, query, name):
    # 422, as the search's parameters (web/query_args.py, InvalidDocument) are refused
    page = browser_for("us@example.org").get(f"/?{query}")
    assert page.status_code == 422 and f"{name} must be" in page.get_data(as_text=True)
    api = us.get(f"/api/drafts?{query}")
    assert api.status_code == 422 and api.json["where"] == name


def test_pages_link_to_each_other_keeping_the_filters(session, actors, browser_for):
    for n in range(3):
        drafts.create(session, actors["us"], document_json.load(draft_json(title=f"Oceans {n}")))
    commit(session)
    page = browser_for("us@example.org").get("/?per_page=2&q=Oceans").get_data(as_text=True)
    assert "page 1 of 2" in page
    nxt = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "q=Oceans" in nxt and "per_page=2" in nxt and "page=2" in nxt
    assert "Oceans 0" in browser_for("us@example.org").get(nxt).get_data(as_text=True)


def test_the_api_takes_the_same_filters(us, jp, two):
    ga, cnd = two
    assert [d["id"] for d in us.get("/api/drafts?body=CND").json["drafts"]] == [cnd]
    listed = us.get("/api/drafts?body=GA").json
    assert [d["id"] for d in listed["drafts"]] == [ga] and listed["total"] == 1
    assert listed["drafts"][0]["sponsors"] == 2 and listed["drafts"][0]["mine"] is True
    assert (listed["page"], listed["pages"], listed["per_page"], listed["sort"]) == (1, 1, 25, "-changed")
    assert [d["id"] for d in jp.get("/api/drafts?ours=cosponsor").json["drafts"]] == [ga]
    assert jp.get("/api/drafts?q=Alternative").json == {"drafts": [], "total": 0, "page": 1, "pages": 1,
                                                         "per_page": 25, "sort": "-changed"}
