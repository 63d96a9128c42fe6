"""The audit trail: every change recorded once, in its own transaction, shown where a
delegate and the Secretariat look for it."""
from __future__ import annotations

from sqlalchemy import func, select

from resolutions.store.tables import AuditEvent
from tests.conftest import draft_json


def _events(api, draft_id):
    response = api.get(f"/api/drafts/{draft_id}/events")
    assert response.status_code == 200
    return response.json["events"]


def test_a_drafts_life_is_recorded_once_and_in_order(api_for):
    us, jp = api_for("us@example.org"), api_for("jp@example.org")
    created = us.post("/api/drafts", json={**draft_json(), "message": "Zero draft"}).json
    us.put(f"/api/drafts/{created['id']}", json={"base_revision": 1, "message": "Second reading",
                                                 "document": {**created["document"], "title": "Second reading"}})
    us.post(f"/api/drafts/{created['id']}/status", json={"status": "circulated"})
    jp.post(f"/api/drafts/{created['id']}/sponsors", json={"action": "join"})
    jp.post(f"/api/drafts/{created['id']}/sponsors", json={"action": "withdraw"})
    events = _events(jp, created["id"])
    assert [e["event"] for e in events] == ["draft.created", "draft.saved", "draft.circulated", "sponsor.joined",
                                            "sponsor.withdrew"]
    assert events[0]["actor"] == "us@example.org" and events[0]["delegation"] == "United States of America"
    assert events[1]["detail"] == {"revision": 2, "message": "Second reading"}
    assert events[3]["delegation"] == "Japan" and events[3]["detail"] == {"delegation": "Japan"}
    assert all(set(e) == {"at", "actor", "delegation", "event", "detail"} for e in events)
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)  # newest last


def test_a_refused_change_leaves_no_record(api_for, session):
    us = api_for("us@example.org")
    created = us.post("/api/drafts", json=draft_json()).json
    before = session.scalar(select(func.count()).select_from(AuditEvent))
    saved = us.put(f"/api/drafts/{created['id']}",
                   json={"base_revision": 1, "document": {**created["document"], "title": "First title"}})
    assert saved.status_code == 200
    refused = us.put(f"/api/drafts/{created['id']}",
                     json={"base_revision": 1, "document": {**created["document"], "title": "Other title"}})
    assert refused.status_code == 409 and refused.json["conflicts"][0]["field"] == "title"
    unchanged = us.put(f"/api/drafts/{created['id']}", json={"base_revision": 2, "document": saved.json["document"]})
    assert unchanged.status_code == 200 and unchanged.json["unchanged"]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == before + 1  # the one real save


def test_events_follow_the_drafts_permissions(api_for):
    us, jp = api_for("us@example.org"), api_for("jp@example.org")
    created = us.post("/api/drafts", json=draft_json()).json
    assert jp.get(f"/api/drafts/{created['id']}/events").status_code == 404
    assert api_for("sec@example.org").get(f"/api/drafts/{created['id']}/events").status_code == 200


def test_the_history_page_shows_events_between_revisions(api_for, browser_for):
    us = api_for("us@example.org")
    created = us.post("/api/drafts", json=draft_json()).json
    us.post(f"/api/drafts/{created['id']}/status", json={"status": "circulated"})
    api_for("mx@example.org").post(f"/api/drafts/{created['id']}/sponsors", json={"action": "join"})
    page = browser_for("jp@example.org").get(f"/drafts/{created['id']}/history").get_data(as_text=True)
    assert "Circulated to all delegations" in page and "Mexico joined as co-sponsor" in page
    assert page.index("Mexico joined") < page.index("Circulated to all")  # newest first


def test_the_secretariat_reads_the_security_log(browser_for, app):
    failed = browser_for(None).post("/login", {"email": "jp@example.org", "password": "wrong password!"})
    assert failed.status_code == 401
    secretariat = browser_for("sec@example.org")
    page = secretariat.get("/audit")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "login.failed" in text and "jp@example.org" in text and "sec@example.org" in text
    assert browser_for("jp@example.org").get("/audit").status_code == 403
    cli = app.test_cli_runner().invoke(args=["audit", "--event", "login.failed"])
    assert cli.exit_code == 0 and "jp@example.org" in cli.output and "login.failed" in cli.output
