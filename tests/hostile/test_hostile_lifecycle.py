"""Hostile input at the lifecycle's doors: no 500, every refusal names what is wrong,
nothing is recorded by a refused step, and the page escapes whatever was typed."""
from __future__ import annotations

import json

import pytest
from markupsafe import escape

from tests.conftest import TODAY as RUN_DAY, draft_json

TODAY = RUN_DAY.isoformat()
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


ONLY_SQLITE_HOLDS = ("date = 'someday'", "detail = '{'")  # a SQLite column holds what it is given


@pytest.mark.parametrize("damage, reason", [
    ("action = 'bogus'", "unknown action 'bogus'"),
    ("date = NULL", "it has no date"),
    ("symbol = NULL", "it has no symbol"),
    ("detail = :doc", "its recorded vote has no readable yes, in_favour"),
    ("detail = :doc", "its detail is not a JSON object"),
    ("date = 'someday'", "its date 'someday' is not a date"),
    ("detail = '{'", "its detail is not JSON"),
])
def test_a_damaged_lifecycle_row_is_a_409_naming_it_and_the_doctor_lists_it(app, session, browser_for, us, sec,
                                                                             issued, damage, reason):
    from sqlalchemy import func, select
    from sqlalchemy.exc import DBAPIError

    from resolutions.services import doctor
    from resolutions.store.tables import LifecycleEvent
    from tests.services.test_doctor import store
    did = issued["id"]
    detail = [1, 2]
    if "vote" in reason:
        assert sec.post(f"/api/drafts/{did}/lifecycle", json={"action": "defer"}).status_code == 200
        detail = {"vote": {"kind": "recorded", "yes": "many", "no": 1, "abstentions": 0, "in_favour": "Japan"}}
    event = session.scalar(select(func.max(LifecycleEvent.id)).where(LifecycleEvent.draft_id == did))
    if damage in ONLY_SQLITE_HOLDS and session.get_bind().dialect.name == "postgresql":
        with pytest.raises(DBAPIError):  # PostgreSQL's column types refuse such a row outright
            store(session, f"UPDATE lifecycle_events SET {damage} WHERE id = :e", e=event)
        return
    store(session, f"UPDATE lifecycle_events SET {damage} WHERE id = :e", e=event, doc=json.dumps(detail))
    session.commit()
    named = f"lifecycle event {event} of draft {did} is damaged: {reason}"
    for url in (f"/api/drafts/{did}", f"/api/drafts/{did}/lifecycle", f"/api/drafts/{did}/export.docx",
                f"/api/drafts/{did}/export.akn"):
        assert named in _refused(us.get(url), 409)["error"], url
    page = browser_for("us@example.org").get(f"/drafts/{did}")
    shown = page.get_data(as_text=True)
    assert page.status_code == 409 and str(escape(named)) in shown and "doctor" in shown
    assert [d["id"] for d in us.get("/api/drafts").json["drafts"]] == [did]  # the list reads columns: it works
    assert browser_for("us@example.org").get("/").status_code == 200
    found = {f.what: f for f in doctor.examine(session).findings}
    assert reason in found[f"lifecycle event {event} of draft {did}"].reasons[0]
    result = app.test_cli_runner().invoke(args=["doctor"])
    assert result.exit_code == 1 and f"lifecycle event {event} of draft {did}: {reason}" in result.output


def test_a_full_list_of_unknown_voters_is_one_bounded_refusal(sec, issued):
    import time
    names = {key: [f"Nowhere {key} {n}" for n in range(240)] for key in ("yes", "no", "abstain")}
    started = time.perf_counter()
    got = _refused(sec.post(f"/api/drafts/{issued['id']}/lifecycle",
                            json={"action": "adopt", "number": 1, "vote": names}))
    assert time.perf_counter() - started < 5  # close names are sought for the first few only
    assert got["where"] == "vote.yes,vote.no,vote.abstain" and "and 710 more" in got["error"]
    assert len(got["error"]) < 2000


def test_hostile_vote_modes_and_names_on_the_refusal_page_are_escaped(app, browser_for, sec, issued):
    clerk = browser_for("sec@example.org")
    refused = clerk.post(f"/drafts/{issued['id']}/lifecycle", {
        "action": "adopt", "number": "1", "vote_mode": "<script>alert(1)</script>",
        "yes": "<img src=x onerror=alert(1)>", "decision": "\" onfocus=alert(1) x=\""})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "onfocus=alert(1) x" not in page
    fieldset = page.split('<fieldset class="vote', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="recorded"' in fieldset and " checked" not in fieldset  # an unknown mode checks no radio
    assert fieldset.startswith(" culprit")  # "say how it was adopted": the vote mode is at fault
