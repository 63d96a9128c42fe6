"""The JSON API contract of issue #2, as scripts will rely on it."""
from __future__ import annotations

import copy
import io

import docx
import pytest

from tests.conftest import draft_json


@pytest.fixture
def created(us):
    response = us.post("/api/drafts", json=draft_json())
    assert response.status_code == 201, response.json
    return response.json


def test_create_returns_every_paragraph_with_an_id(created):
    assert created["revision"] == 1
    doc = created["document"]
    assert doc["title"] == draft_json()["title"]
    assert all(p["id"] for p in doc["preamble"] + doc["operative"])
    assert [s["text"] for s in doc["operative"][1]["subparagraphs"]] == [
        "Share information on synthetic drugs;", "Strengthen early warning systems;"]


def test_get_returns_status_document_and_sponsors(us, created):
    got = us.get(f"/api/drafts/{created['id']}").json
    assert got["status"] == "private"
    assert got["sponsors"] == ["United States of America"]
    assert got["document"] == created["document"]


def test_put_saves_a_revision_and_says_when_nothing_changed(us, created):
    doc = created["document"]
    doc["operative"][0]["text"] = "Calls upon all Member States to carry out coordinated actions at all levels;"
    saved = us.put(f"/api/drafts/{created['id']}", json={"base_revision": 1, "document": doc, "message": "m"})
    assert saved.status_code == 200
    assert (saved.json["revision"], saved.json["merged_with"], saved.json["unchanged"]) == (2, None, False)
    again = us.put(f"/api/drafts/{created['id']}", json={"base_revision": 2, "document": doc})
    assert again.status_code == 200 and again.json["unchanged"] is True and again.json["current_revision"] == 2
    # the same edit made again from the old base is already in: nothing to merge, nothing written
    same = us.put(f"/api/drafts/{created['id']}", json={"base_revision": 1, "document": doc})
    assert same.status_code == 200 and same.json["unchanged"] is True and same.json["current_revision"] == 2


def test_put_on_a_stale_base_merges_other_paragraphs_and_lists_real_conflicts(us, created):
    url, base = f"/api/drafts/{created['id']}", created["document"]
    theirs = copy.deepcopy(base)
    theirs["operative"][0]["text"] = "Calls upon Member States to carry out joint actions at all levels;"
    assert us.put(url, json={"base_revision": 1, "document": theirs}).status_code == 200
    yours = copy.deepcopy(base)
    yours["operative"][2]["text"] = "Requests the Secretary-General to report at its eighty-second session."
    merged = us.put(url, json={"base_revision": 1, "document": yours})
    assert merged.status_code == 200
    assert (merged.json["revision"], merged.json["merged_with"]) == (3, 2)
    texts = [p["text"] for p in merged.json["document"]["operative"]]
    assert "joint actions" in texts[0] and "eighty-second" in texts[2]
    revisions = us.get(f"{url}/revisions").json["revisions"]
    assert "merged with revision 2" in revisions[0]["message"].lower()

    clash = copy.deepcopy(base)
    clash["operative"][0]["text"] = "Calls upon Member States to carry out concerted actions at all levels;"
    refused = us.put(url, json={"base_revision": 1, "document": clash})
    assert refused.status_code == 409
    assert refused.json["current_revision"] == 3
    [conflict] = refused.json["conflicts"]
    assert conflict["paragraph"] == base["operative"][0]["id"] and conflict["label"] == "OP1"
    assert "joint" in conflict["theirs"] and "concerted" in conflict["yours"]
    assert conflict["base"].startswith("Calls upon Member States")
    assert us.get(url).json["current_revision"] == 3  # nothing saved


def test_revisions_and_diff(us, created):
    doc = created["document"]
    pp1, pp2 = doc["preamble"]
    doc["preamble"] = [pp2, pp1]
    doc["operative"][2]["text"] = "Requests the Secretary-General to report at its eighty-second session."
    us.put(f"/api/drafts/{created['id']}", json={"base_revision": 1, "document": doc})
    revisions = us.get(f"/api/drafts/{created['id']}/revisions").json["revisions"]
    assert [r["number"] for r in revisions] == [2, 1]
    first = us.get(f"/api/drafts/{created['id']}/revisions/1").json
    assert first["document"]["preamble"][0]["id"] == pp1["id"]
    diff = us.get(f"/api/drafts/{created['id']}/diff?from=1&to=2").json
    assert diff["summary"] == {"added": 0, "deleted": 0, "changed": 1, "moved": 1}
    changed = next(p for p in diff["paragraphs"] if p["status"] == "changed")
    assert {"op": "delete", "text": "eighty-first"} in changed["ops"]
    assert {"op": "insert", "text": "eighty-second"} in changed["ops"]


def test_status_sponsors_and_permissions(us, jp, created):
    url = f"/api/drafts/{created['id']}"
    assert jp.get(url).status_code == 404
    assert jp.post(f"{url}/status", json={"status": "circulated"}).status_code == 404
    assert us.post(f"{url}/status", json={"status": "circulated"}).json["status"] == "circulated"
    assert jp.get(url).status_code == 200
    edit = jp.put(url, json={"base_revision": 1, "document": created["document"]})
    assert edit.status_code == 403 and "penholder" in edit.json["error"]
    joined = jp.post(f"{url}/sponsors", json={"action": "join"}).json
    assert joined["line"] == "Japan and United States of America: draft resolution"
    assert joined["events"][-1]["by"] == "jp@example.org"
    assert jp.post(f"{url}/sponsors", json={"action": "withdraw"}).json["sponsors"] == ["United States of America"]
    again = jp.post(f"{url}/sponsors", json={"action": "withdraw"})
    assert again.status_code == 409 and "not a sponsor" in again.json["error"]


def test_export_docx_is_a_word_file_with_the_text(us, created):
    response = us.get(f"/api/drafts/{created['id']}/export.docx?revision=1")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert draft_json()["title"] in text
    # dates are printed with a no-break space, so "15 December" never breaks across lines
    assert "Recalling its resolution 77/238 of 15\u00a0December 2022," in text


@pytest.mark.parametrize("payload, where", [
    ({**draft_json(), "body": "UNSC"}, "unknown body"),
    ({**draft_json(), "session": -3}, "session -3 is outside"),
    ({**draft_json(), "session": 10_000}, "outside"),
    ({**draft_json(), "title": ""}, "title is empty"),
    ({**draft_json(), "preamble": "not a list"}, "must be a list"),
    ({**draft_json(), "operative": [{"txt": "no text"}]}, "'txt'"),
    ({**draft_json(), "operative": [{"text": "Decides " + "x" * 1_048_576}]}, "limit is 20,000"),
    ({**draft_json(), "colour": "blue"}, "unknown field"),
    ([1, 2, 3], "JSON object"),
])
def test_bad_input_gets_a_4xx_naming_the_problem(us, payload, where):
    response = us.post("/api/drafts", json=payload)
    assert 400 <= response.status_code < 500
    assert where in response.json["error"]
    assert us.get("/api/drafts").json["drafts"] == []


def test_bad_updates_leave_the_stored_draft_unchanged(us, created):
    url = f"/api/drafts/{created['id']}"
    for body, status in [({"base_revision": 1}, 422), ({"base_revision": 1, "document": "x"}, 422),
                         ({"base_revision": "one", "document": created["document"]}, 422),
                         ({"base_revision": 5, "document": created["document"]}, 404)]:
        assert us.put(url, json=body).status_code == status
    assert us.get(f"{url}/revisions/9").status_code == 404
    assert us.get(f"{url}/diff?from=1").status_code == 422
    assert us.post(f"{url}/sponsors", json={"action": "dance"}).status_code == 422
    assert us.get(url).json["revision"] == 1


def test_without_a_valid_token_the_api_answers_401(app):
    client = app.test_client()
    assert client.get("/api/drafts").status_code == 401
    assert client.get("/api/drafts", headers={"Authorization": "Bearer nope"}).json["error"].startswith("send a valid")


def test_unicode_survives_the_round_trip(us):
    text = "Recalling the Charter — «Устав», 《宪章》 and الميثاق,"
    created = us.post("/api/drafts", json=draft_json(preamble=[{"text": text}])).json
    assert us.get(f"/api/drafts/{created['id']}").json["document"]["preamble"][0]["text"] == text


def test_a_paragraph_id_used_twice_is_refused(us, created):
    doc = created["document"]
    doc["operative"][1]["id"] = doc["operative"][0]["id"]
    response = us.put(f"/api/drafts/{created['id']}", json={"base_revision": 1, "document": doc})
    assert response.status_code == 422
    assert "used twice" in response.json["error"] and response.json["where"] == "OP2"


def test_odd_values_in_the_api_get_4xx_not_500(us, created):
    url = f"/api/drafts/{created['id']}"
    assert us.get(f"/api/drafts/{'9' * 20}").status_code == 404
    assert us.put(url, json={"base_revision": 10**30, "document": created["document"]}).status_code == 404
    assert us.put(url, json={"base_revision": 1, "document": created["document"], "message": ["x"]}).status_code == 422
    assert us.post("/api/drafts", json={**draft_json(), "session": "²"}).status_code == 422
    assert us.get(f"{url}/export.docx?revision=0").status_code == 422
    assert us.get(url).json["revision"] == 1
