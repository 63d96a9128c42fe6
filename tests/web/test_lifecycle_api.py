"""The lifecycle over the API and on the draft page: statuses, JSON, forms, the timeline."""
from __future__ import annotations

import re

import pytest

from tests.conftest import TODAY as RUN_DAY, draft_json

TODAY = RUN_DAY.isoformat()


@pytest.fixture
def sec(api_for):
    return api_for("sec@example.org")


def step(client, draft_id, action, **fields):
    return client.post(f"/api/drafts/{draft_id}/lifecycle", json={"action": action, **fields})


def test_the_chain_over_the_api(us, jp, sec, circulated):
    did = circulated["id"]
    assert jp.post(f"/api/drafts/{did}/sponsors", json={"action": "join"}).status_code == 200
    submitted = step(us, did, "submit")
    assert submitted.status_code == 200 and submitted.json["state"] == "submitted"
    assert submitted.json["submitted_revision"] == 1
    issued = step(sec, did, "issue", symbol="A/80/L.24", date=TODAY).json
    assert issued["symbol"] == "A/80/L.24" and issued["issuances"][0]["sponsors"] == ["Japan", "United States of America"]

    got = us.get(f"/api/drafts/{did}").json
    assert (got["state"], got["symbol"], got["additional_sponsors"]) == ("issued", "A/80/L.24", [])
    assert [s["action"] for s in got["timeline"]] == ["created", "circulated", "submit", "issue"]
    assert got["timeline"][-1] == {**got["timeline"][-1], "date": TODAY, "revision": 1, "symbol": "A/80/L.24",
                                   "by": "Secretariat"}

    op1 = got["document"]["operative"][0]["id"]
    oral = step(sec, did, "oral_revision", by="Japan", text="Read out in the Hall.",
                paragraphs=[{"id": op1, "text": "Calls upon all Member States to act at every level;"}])
    assert oral.status_code == 200 and oral.json["oral_revisions"][0]["revision"] == 2
    adopted = step(sec, did, "adopt", symbol="A/RES/80/174",
                   vote={"yes": ["Japan", "United States of America"], "no": [], "abstain": ["Mexico"]})
    assert adopted.status_code == 200, adopted.json
    action = adopted.json["action"]
    assert action["symbol"] == "A/RES/80/174" and action["vote"]["summary"] == \
        "By a recorded vote of 2 to 0, with 1 abstention"
    assert us.get(f"/api/drafts/{did}").json["symbol"] == "A/RES/80/174"
    assert us.get(f"/api/drafts/{did}/lifecycle").json["state"] == "adopted"
    listed = {d["id"]: d for d in us.get("/api/drafts").json["drafts"]}[did]
    assert (listed["state"], listed["symbol"]) == ("adopted", "A/RES/80/174")
    resolution = jp.get("/api/resolutions/A/RES/80/174")
    assert resolution.status_code == 200 and resolution.json["kind"] == "resolution"


def test_statuses_say_what_is_wrong(us, jp, sec, circulated):
    did = circulated["id"]
    wrong_state = step(sec, did, "issue", symbol="A/80/L.24")
    assert wrong_state.status_code == 409 and "fits a draft that is submitted" in wrong_state.json["error"]
    wrong_role = step(jp, did, "submit")
    assert wrong_role.status_code == 403 and "penholder" in wrong_role.json["error"]
    assert step(us, did, "submit").status_code == 200
    frozen = us.put(f"/api/drafts/{did}", json={"base_revision": 1, "document": circulated["document"] | {"title": "X"}})
    assert frozen.status_code == 409 and "submitted for issuance" in frozen.json["error"]
    bad = step(sec, did, "issue", symbol="A/79/L.1")
    assert bad.status_code == 400 and "session 79" in bad.json["error"]
    unknown = step(us, did, "publish")
    assert unknown.status_code == 400 and "action must be one of" in unknown.json["error"]
    assert step(us, 999999, "submit").status_code == 404
    private = us.post("/api/drafts", json=draft_json()).json
    assert step(jp, private["id"], "submit").status_code == 404  # a draft Japan cannot see


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_draft_page_shows_the_timeline_and_the_forms_of_each_role(app, browser_for, session, actors, circulated):
    did = circulated["id"]
    penholder, clerk, other = browser_for("us@example.org"), browser_for("sec@example.org"), browser_for("jp@example.org")
    page = penholder.get(f"/drafts/{did}").get_data(as_text=True)
    assert 'id="lifecycle"' in page and "Submit for issuance" in page and "Issue with a symbol" not in page
    assert "Submit for issuance" not in other.get(f"/drafts/{did}").get_data(as_text=True)

    done = penholder.post(f"/drafts/{did}/lifecycle", {"action": "submit", "date": TODAY})
    assert done.status_code == 302 and done.location.endswith(f"/drafts/{did}#lifecycle")
    page = clerk.get(f"/drafts/{did}").get_data(as_text=True)
    assert "Submitted for issuance" in page and "Issue with a symbol" in page and "data-confirm" in page

    refused = clerk.post(f"/drafts/{did}/lifecycle", {"action": "issue", "symbol": "A/79/L.3", "date": TODAY})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "session 79" in body and 'value="A/79/L.3"' in body
    assert clerk.post(f"/drafts/{did}/lifecycle", {"action": "issue", "symbol": "A/80/L.3"}).status_code == 302
    page = clerk.get(f"/drafts/{did}").get_data(as_text=True)
    assert "A/80/L.3" in page and "Record an oral revision" in page and "Record adoption" in page

    op2 = circulated["document"]["operative"][1]["id"]
    oral = clerk.post(f"/drafts/{did}/lifecycle", {"action": "oral_revision", "by": "Mexico", "paragraph": op2,
                                                   "wording": "Encourages all Member States to:",
                                                   "text": "Insert “all”."})
    assert oral.status_code == 302
    adopt = clerk.post(f"/drafts/{did}/lifecycle", {"action": "adopt", "number": "12", "vote_mode": "recorded",
                                                    "yes": "Japan\nMexico\n", "no": "", "abstain": "France"})
    assert adopt.status_code == 302
    page = other.get(f"/drafts/{did}").get_data(as_text=True)
    assert "A/RES/80/12" in page and "By a recorded vote of 2 to 0, with 1 abstention" in page
    listing = other.get("/").get_data(as_text=True)
    assert "adopted" in listing and "A/RES/80/12" in listing
    history = other.get(f"/drafts/{did}/history").get_data(as_text=True)
    assert "Adopted as A/RES/80/12 by a recorded vote of 2 to 0, with 1 abstention" in history


def test_a_form_without_csrf_is_refused(app, browser_for, circulated):
    penholder = browser_for("us@example.org")
    response = penholder.client.post(f"/drafts/{circulated['id']}/lifecycle", data={"action": "submit"})
    assert response.status_code == 400


def test_the_editor_of_a_submitted_draft_says_why_it_is_closed(app, browser_for, us, circulated):
    did = circulated["id"]
    assert step(us, did, "submit").status_code == 200
    penholder, other = browser_for("us@example.org"), browser_for("jp@example.org")
    held = penholder.get(f"/drafts/{did}/edit")
    assert held.status_code == 409 and "Revision 1 is submitted for issuance" in held.get_data(as_text=True)
    assert other.get(f"/drafts/{did}/edit").status_code == 403  # not the penholder: the role answers first
    assert "Edit</a>" not in penholder.get(f"/drafts/{did}").get_data(as_text=True)
    made_private = penholder.post(f"/drafts/{did}/status", {"status": "private"})
    assert made_private.status_code == 409


# --- round 2: what a delegate trial found ---------------------------------------------

def _issued_with_a_footnote(us, sec, symbol="A/80/L.30"):
    doc = draft_json()
    doc["operative"][0]["footnotes"] = [{"at": 16, "text": "See A/RES/77/238."}]
    did = us.post("/api/drafts", json=doc).json["id"]
    assert us.post(f"/api/drafts/{did}/status", json={"status": "circulated"}).status_code == 200
    assert step(us, did, "submit").status_code == 200
    assert step(sec, did, "issue", symbol=symbol).status_code == 200
    return did


def test_unknown_voters_are_refused_at_once_keeping_the_vote_form(app, browser_for, us, sec):
    did = _issued_with_a_footnote(us, sec)
    clerk = browser_for("sec@example.org")
    refused = clerk.post(f"/drafts/{did}/lifecycle", {"action": "adopt", "number": "12", "vote_mode": "recorded",
                                                      "yes": "Japan\nNarnia", "no": "Mexico", "abstain": "Russia"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "&#39;Narnia&#39; (in favour)" in page and "did you mean Russian Federation?" in page
    # the vote mode stays radio buttons, "recorded" still chosen; only the two lists at fault are marked
    assert re.search(r'type="radio" name="vote_mode" value="recorded" checked', page)
    assert 'type="radio" name="vote_mode" value="without"' in page
    marked = re.findall(r'<label class="culprit">(\w[\w ]*)', page)
    assert marked == ["In favour", "Abstaining"], marked
    api = step(sec, did, "adopt", number="12", vote={"yes": ["Narnia"], "no": ["Russia"]})
    assert api.status_code == 400 and api.json["where"] == "vote.yes,vote.no"


def test_the_secretariat_is_told_why_action_waits_and_offered_no_doomed_form(app, browser_for, us, sec):
    did = _issued_with_a_footnote(us, sec)
    clerk = browser_for("sec@example.org")
    page = clerk.get(f"/drafts/{did}").get_data(as_text=True)
    assert "Record adoption" in page and "left empty: “[without reference to a Main Committee (A/80/L.30)]”" in page
    # the oral revision's paragraph choices are plain text, the footnote marker as printed
    assert "Calls upon Membe[1]r States" in page and "^[" not in re.sub(r'data-markup="[^"]*"', "", page)
    current = us.get(f"/api/drafts/{did}").json
    edited = {**current["document"], "title": "Changed after issuance"}
    assert us.put(f"/api/drafts/{did}", json={"document": edited,
                                               "base_revision": current["current_revision"]}).status_code == 200
    page = clerk.get(f"/drafts/{did}").get_data(as_text=True)
    assert "Record adoption" not in page and "Record an oral revision" not in page and "Defer action" in page
    assert "Revision 2 has changes made after A/80/L.30 was issued (revision 1)" in page


def test_refusals_join_the_states_that_fit_with_or(us, sec, circulated):
    did = circulated["id"]
    refused = step(sec, did, "adopt", number="1", without_vote=True)
    assert refused.status_code == 409 and refused.json["error"].endswith("fits a draft that is issued or deferred")
