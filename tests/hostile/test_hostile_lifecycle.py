"""Hostile input at the lifecycle's doors: no 500, every refusal names what is wrong,
nothing is recorded by a refused step, and the page escapes whatever was typed."""
from __future__ import annotations

import datetime

import pytest

from tests.conftest import draft_json

TODAY = datetime.date.today().isoformat()
NASTY = ["<script>alert(1)</script>", "{{ 7 * 7 }}", "\u202e override", "\x00nul\x01", "A/80/L.1\nA/80/L.2",
         "' OR 1=1 --", "🇺🇳", "A/80/L." + "9" * 400, "\ud800"]


@pytest.fixture
def sec(api_for):
    return api_for("sec@example.org")


@pytest.fixture
def submitted(us, circulated):
    assert us.post(f"/api/drafts/{circulated['id']}/lifecycle", json={"action": "submit"}).status_code == 200
    return circulated


@pytest.fixture
def issued(sec, submitted):
    got = sec.post(f"/api/drafts/{submitted['id']}/lifecycle", json={"action": "issue", "symbol": "A/80/L.9"})
    assert got.status_code == 200
    return submitted


def _refused(response, status=400):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.json["error"]
    return response.json


def _steps(client, draft_id) -> int:
    return len(client.get(f"/api/drafts/{draft_id}/lifecycle").json["timeline"])


@pytest.mark.parametrize("symbol", NASTY + [24, None, ["A/80/L.1"], {"s": 1}, True, "", " ", "A/RES/80/1",
                                            "E/CN.7/2026/L.1", "A/80/L.0", "A/80/L.1/Add.1", "A/C.3/80/L.1"])
def test_bad_symbols(sec, submitted, symbol):
    before = _steps(sec, submitted["id"])
    body = _refused(sec.post(f"/api/drafts/{submitted['id']}/lifecycle", json={"action": "issue", "symbol": symbol}))
    assert body["where"] == "symbol"
    assert _steps(sec, submitted["id"]) == before


@pytest.mark.parametrize("date", ["2999-12-31", "1945-06-26", "26/06/2026", "2026-02-30", "yesterday", 20260101,
                                  ["2026-01-01"], "2026-01-01T00:00", "9" * 1000, "\x00"])
def test_bad_dates(sec, submitted, date):
    got = _refused(sec.post(f"/api/drafts/{submitted['id']}/lifecycle",
                            json={"action": "issue", "symbol": "A/80/L.9", "date": date}))
    assert got["where"] == "date"


@pytest.mark.parametrize("vote, where", [
    ({"yes": ["Japan"] * 300}, "vote.yes"),
    ({"yes": [f"Country {n}" for n in range(200)]}, "vote.yes"),
    ({"yes": ["Atlantis"]}, "vote.yes"),
    ({"no": ["<script>alert(1)</script>"]}, "vote.no"),
    ({"abstain": "Japan"}, "vote.abstain"),
    ({"yes": [1, 2]}, "vote.yes"),
    ({"yes": ["Japan"], "maybe": ["Mexico"]}, "vote"),
    ({"yes": ["Japan"], "no": ["japan"]}, "vote.no"),
    (["Japan"], "vote"),
    ("recorded", "vote"),
    ({"yes": [], "no": [], "abstain": []}, "vote"),
    ({"yes": ["x" * 100_000]}, "vote.yes"),
])
def test_bad_votes(sec, issued, vote, where):
    got = _refused(sec.post(f"/api/drafts/{issued['id']}/lifecycle",
                            json={"action": "adopt", "number": 1, "vote": vote}))
    assert got["where"] == where
    assert sec.get(f"/api/drafts/{issued['id']}/lifecycle").json["state"] == "issued"
    assert sec.get("/api/resolutions/A/RES/80/1").status_code == 404


@pytest.mark.parametrize("fields, where", [
    ({"without_vote": "yes"}, "without_vote"),
    ({"without_vote": True, "vote": {"yes": ["Japan"]}}, "vote"),
    ({"without_vote": True, "decision": "true"}, "decision"),
    ({"without_vote": True, "committee": "a\nb"}, "committee"),
    ({"without_vote": True, "committee": "x" * 301}, "committee"),
    ({"without_vote": True, "number": "A/RES/79/1"}, "symbol"),
    ({"without_vote": True, "number": "999999"}, "symbol"),
    ({"without_vote": True, "number": -3}, "symbol"),
])
def test_bad_adoptions(sec, issued, fields, where):
    body = {"action": "adopt", "number": 1, **fields}
    assert _refused(sec.post(f"/api/drafts/{issued['id']}/lifecycle", json=body))["where"] == where


@pytest.mark.parametrize("fields, where", [
    ({"paragraphs": "all"}, "paragraphs"),
    ({"paragraphs": []}, "paragraphs"),
    ({"paragraphs": [{"id": "p" * 10_000, "text": "x"}]}, "paragraphs[0].id"),
    ({"paragraphs": [{"id": 3, "text": "x"}]}, "paragraphs[0]"),
    ({"paragraphs": [{"text": "x"}] * 101}, "paragraphs"),
    ({"by": "<b>Narnia</b>"}, "by"),
    ({"by": ["Japan"]}, "by"),
    ({"text": "x" * 5001}, "text"),
    ({"text": "\ud800"}, "text"),
])
def test_bad_oral_revisions(sec, issued, fields, where):
    op1 = issued["document"]["operative"][0]["id"]
    body = {"action": "oral_revision", "by": "Japan", "text": "Read out.",
            "paragraphs": [{"id": op1, "text": "Calls upon States to act;"}], **fields}
    assert _refused(sec.post(f"/api/drafts/{issued['id']}/lifecycle", json=body))["where"] == where
    assert sec.get(f"/api/drafts/{issued['id']}").json["current_revision"] == 1


@pytest.mark.parametrize("body", [{"action": None}, {"action": 3}, {"action": ["submit"]}, {"action": "SUBMIT"},
                                  {"action": "submit\x00"}, {}, {"action": "x" * 10_000}])
def test_bad_actions(us, circulated, body):
    assert _refused(us.post(f"/api/drafts/{circulated['id']}/lifecycle", json=body))["where"] == "action"


@pytest.mark.parametrize("raw", [b"[]", b'"submit"', b"null", b"{", b'{"action": "submit"' + b" " * 10, b"\xff\xfe"])
def test_bodies_that_are_not_an_object(us, circulated, raw):
    got = us.post(f"/api/drafts/{circulated['id']}/lifecycle", data=raw, content_type="application/json")
    assert 400 <= got.status_code < 500 and got.json["error"]


def test_what_was_typed_is_escaped_on_the_refusal_page_and_the_timeline(app, browser_for, us, sec, issued):
    clerk = browser_for("sec@example.org")
    op1 = issued["document"]["operative"][0]["id"]
    refused = clerk.post(f"/drafts/{issued['id']}/lifecycle", {
        "action": "oral_revision", "by": "Japan", "paragraph": op1, "wording": "<script>alert(1)</script>",
        "text": "<img src=x onerror=alert(1)>", "date": "2999-01-01"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "<img src=x" not in page and "&lt;img src=x" in page
    done = clerk.post(f"/drafts/{issued['id']}/lifecycle", {
        "action": "oral_revision", "by": "Japan", "paragraph": op1,
        "wording": "Calls upon <b>States</b> to act;", "text": "<img src=x onerror=alert(1)>"})
    assert done.status_code == 302
    page = clerk.get(f"/drafts/{issued['id']}").get_data(as_text=True)
    assert "<b>States</b>" not in page and "<img src=x" not in page


def test_a_stranger_learns_nothing(api_for, us):
    private = us.post("/api/drafts", json=draft_json()).json
    jp = api_for("jp@example.org")
    for action in ("submit", "issue", "adopt"):
        got = jp.post(f"/api/drafts/{private['id']}/lifecycle", json={"action": action})
        assert got.status_code == 404 and "no draft" in got.json["error"]
    assert jp.get(f"/api/drafts/{private['id']}/lifecycle").status_code == 404
