"""The negotiation API of issue #7 (proposals, decisions, the compilation, statuses), as
scripts will rely on it."""
from __future__ import annotations

import pytest

from tests.conftest import draft_json


@pytest.fixture
def draft(circulated):
    return circulated


def _op(draft, n):
    return draft["document"]["operative"][n - 1]["id"]


def test_propose_support_and_list(jp, eu, draft):
    url = f"/api/drafts/{draft['id']}/proposals"
    made = jp.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(draft, 3),
                              "note": "The report is not needed."})
    assert made.status_code == 201, made.json
    body = made.json
    assert {k: body[k] for k in ("kind", "paragraph", "label", "status", "delegations", "summary", "note")} == {
        "kind": "delete", "paragraph": _op(draft, 3), "label": "OP3", "status": "open", "delegations": ["Japan"],
        "summary": "[delete] (Japan)", "note": "The report is not needed."}
    joined = eu.post(f"{url}/{body['id']}/support")
    assert joined.status_code == 200 and joined.json["delegations"] == ["Japan", "European Union"]
    assert eu.post(f"{url}/{body['id']}/support").status_code == 409
    listed = eu.get(url).json["proposals"]
    assert [p["id"] for p in listed] == [body["id"]] and listed[0]["summary"] == "[delete] (Japan, EU)"
    assert eu.get(f"{url}?status=accepted").json["proposals"] == []


def test_insert_and_replace_shapes(jp, draft):
    url = f"/api/drafts/{draft['id']}/proposals"
    insert = jp.post(url, json={"base_revision": 1, "kind": "insert", "paragraph": _op(draft, 2),
                                "text": "Exchange best practices;", "position": "inside"}).json
    assert (insert["position"], insert["new_label"], insert["label"]) == ("inside", "OP2 (b) bis", "OP2")
    assert insert["new_paragraph"] and insert["summary"] == "OP2 (b) bis (Japan)"
    part = jp.post(url, json={"base_revision": 1, "kind": "replace", "paragraph": _op(draft, 1),
                              "replaces": "coordinated", "text": "joint"}).json
    assert (part["replaces"], part["text"], part["outdated"]) == ("coordinated", "joint", False)


def test_decisions(us, jp, eu, draft):
    url = f"/api/drafts/{draft['id']}/proposals"
    made = jp.post(url, json={"base_revision": 1, "kind": "replace", "paragraph": _op(draft, 1),
                              "replaces": "coordinated", "text": "joint"}).json
    assert jp.post(f"{url}/{made['id']}/decision", json={"decision": "accept"}).status_code == 403
    compromise = "Calls upon Member States to carry out joint and coordinated actions at all levels;"
    decided = us.post(f"{url}/{made['id']}/decision", json={"decision": "accept", "text": compromise,
                                                            "note": "A compromise."})
    assert decided.status_code == 200, decided.json
    assert decided.json["status"] == "accepted"
    assert decided.json["decision"] | {"at": None} == {"by": "us@example.org", "at": None, "note": "A compromise.",
                                                       "text": compromise, "revision": 2}
    assert us.post(f"{url}/{made['id']}/decision", json={"decision": "reject"}).status_code == 409
    revision = us.get(f"/api/drafts/{draft['id']}/revisions/2").json
    assert revision["message"] == f"Accepted proposal {made['id']} with changes (Japan): replace 'coordinated' in OP1"
    assert revision["document"]["operative"][0]["text"] == compromise
    other = eu.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(draft, 3)}).json
    rejected = us.post(f"{url}/{other['id']}/decision", json={"decision": "reject", "note": "Needed."}).json
    assert (rejected["status"], rejected["decision"]["revision"], rejected["decision"]["note"]) == (
        "rejected", None, "Needed.")


def test_withdraw(jp, eu, draft):
    url = f"/api/drafts/{draft['id']}/proposals"
    made = jp.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(draft, 3)}).json
    assert eu.post(f"{url}/{made['id']}/withdraw").status_code == 403
    withdrawn = jp.post(f"{url}/{made['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert jp.post(f"{url}/{made['id']}/withdraw").status_code == 409


def test_compilation_and_statuses(us, jp, draft):
    base = f"/api/drafts/{draft['id']}"
    jp.post(f"{base}/proposals", json={"base_revision": 1, "kind": "insert", "paragraph": _op(draft, 1),
                                      "text": "Urges Member States to act;"})
    status = us.post(f"{base}/paragraphs/{_op(draft, 3)}/status", json={
        "status": "bracketed", "text": "Requests the Secretary-General to report [at its eighty-first session]."})
    assert status.status_code == 200, status.json
    assert status.json == {"paragraph": _op(draft, 3), "label": "OP3", "status": "bracketed", "brackets": [[41, 68]],
                           "bracketed": "Requests the Secretary-General to report [at its eighty-first session]."}
    assert jp.post(f"{base}/paragraphs/{_op(draft, 1)}/status", json={"status": "agreed_ad_ref"}).status_code == 403
    assert us.post(f"{base}/paragraphs/{_op(draft, 1)}/status", json={"status": "agreed_ad_ref"}).status_code == 200
    found = jp.get(f"{base}/compilation").json
    assert found["counts"] == {"pending": 5, "agreed_ad_ref": 1, "bracketed": 1, "deleted": 0}
    assert [(p["label"], p["status"]) for p in found["paragraphs"]][2:5] == [
        ("OP1", "agreed_ad_ref"), ("OP1 bis", "proposed"), ("OP2", "pending")]
    proposed = found["paragraphs"][3]
    assert proposed["proposals"][0]["summary"] == "OP1 bis (Japan)"
    op3 = next(p for p in found["paragraphs"] if p["label"] == "OP3")
    assert op3["brackets"] == [[41, 68]] and op3["bracketed"].endswith("[at its eighty-first session].")
    only = jp.get(f"{base}/compilation?status=agreed_ad_ref").json["paragraphs"]
    assert [p["label"] for p in only] == ["OP1"]
    assert jp.get(f"{base}/compilation?status=nope").status_code in (400, 422)


def test_private_drafts_and_the_secretariat(us, api_for):
    private = us.post("/api/drafts", json=draft_json(title="Private")).json
    jp, sec = api_for("jp@example.org"), api_for("sec@example.org")
    body = {"base_revision": 1, "kind": "delete", "paragraph": _op(private, 1)}
    assert jp.post(f"/api/drafts/{private['id']}/proposals", json=body).status_code == 404
    assert jp.get(f"/api/drafts/{private['id']}/compilation").status_code == 404
    assert sec.post(f"/api/drafts/{private['id']}/proposals", json=body).status_code == 403
    assert sec.get(f"/api/drafts/{private['id']}/compilation").status_code == 200
    assert us.post(f"/api/drafts/{private['id']}/proposals", json=body).status_code == 403


# --- regressions ---------------------------------------------------------------------------

def test_the_list_pages_and_the_compilation_counts_decided(us, jp, draft):
    url = f"/api/drafts/{draft['id']}/proposals"
    texts = ["Urges Member States to share data on new psychoactive substances;",
             "Decides to remain seized of the matter;",
             "Encourages Member States to strengthen early warning systems;"]
    ids = [jp.post(url, json={"base_revision": 1, "kind": "insert", "paragraph": _op(draft, 1), "text": t}).json["id"]
           for t in texts]
    page = jp.get(f"{url}?page=2&per_page=2").json
    assert ([p["id"] for p in page["proposals"]], page["total"], page["page"], page["pages"]) == ([ids[2]], 3, 2, 2)
    assert jp.get(f"{url}?per_page=5000").json["per_page"] == 200
    for odd in ("?page=abc", "?page=-3", "?per_page=0", "?page=99999999999999999999"):
        answer = jp.get(url + odd)
        assert answer.status_code == 200 and answer.json["total"] == 3, odd
    us.post(f"{url}/{ids[0]}/decision", json={"decision": "reject"})
    found = jp.get(f"/api/drafts/{draft['id']}/compilation").json
    assert found["decided_total"] == 1 and [p["id"] for p in found["decided"]] == [ids[0]]


def test_a_stale_status_and_a_colliding_accept(us, jp, draft):
    base = f"/api/drafts/{draft['id']}"
    op1 = _op(draft, 1)
    assert us.post(f"{base}/paragraphs/{op1}/status", json={"status": "agreed_ad_ref"}).status_code == 200
    made = jp.post(f"{base}/proposals", json={
        "base_revision": 1, "kind": "replace", "paragraph": op1,
        "text": "Calls upon Member States to carry out coordinated actions at the national and regional levels;"}).json
    doc = us.get(base).json["document"]
    doc["operative"][0]["text"] = "Calls upon Member States to carry out coordinated actions at every level;"
    assert us.put(base, json={"base_revision": 1, "document": doc}).status_code == 200
    found = jp.get(f"{base}/compilation").json
    row = next(p for p in found["paragraphs"] if p["id"] == op1)
    assert (row["status"], row["status_stale"]) == ("agreed_ad_ref", True) and "brackets_stale" not in row
    assert found["counts"]["agreed_ad_ref"] == 1 and found["stale_counts"]["agreed_ad_ref"] == 1
    refused = us.post(f"{base}/proposals/{made['id']}/decision", json={"decision": "accept"})
    assert refused.status_code == 409 and "the paragraph changed since; accept with changes" in refused.json["error"]


def test_one_delegation_is_told_its_limit(jp, draft, monkeypatch):
    from resolutions.services import proposals
    monkeypatch.setattr(proposals, "MAX_OPEN_PER_DELEGATION", 1)
    url = f"/api/drafts/{draft['id']}/proposals"
    assert jp.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(draft, 3)}).status_code == 201
    refused = jp.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(draft, 1)})
    assert refused.status_code == 409 and "the most one delegation may hold (1 per draft)" in refused.json["error"]


def test_a_proposed_heading_table_and_annex_over_the_api(us, jp, draft):
    url = f"/api/drafts/{draft['id']}/proposals"
    heading = jp.post(url, json={"base_revision": 1, "kind": "insert", "paragraph": _op(draft, 1), "text": "Funding",
                                 "block": {"kind": "heading", "level": 2, "numbering": "{A}."}})
    assert heading.status_code == 201, heading.json
    assert heading.json["block"] == {"kind": "heading", "level": 2, "numbering": "{A}.", "restart": False}
    assert heading.json["summary"] == "Heading OP1 bis (Japan)"
    table = jp.post(url, json={"base_revision": 1, "kind": "insert", "paragraph": _op(draft, 3), "text": "Budget",
                               "block": {"kind": "table", "rows": [["Item", "Amount"], ["Travel", "1,200"]],
                                         "header_rows": 1}}).json
    compiled = jp.get(f"/api/drafts/{draft['id']}/compilation").json["paragraphs"]
    proposed = {p["id"]: p["block"] for row in compiled for p in row["proposals"]}
    assert proposed[table["id"]]["rows"] == [["Item", "Amount"], ["Travel", "1,200"]]
    decided = us.post(f"{url}/{heading.json['id']}/decision", json={"decision": "accept"})
    assert decided.status_code == 200 and decided.json["decision"]["revision"] == 2
    operative = us.get(f"/api/drafts/{draft['id']}").json["document"]["operative"]
    assert {k: operative[1][k] for k in ("kind", "text", "level", "numbering")} == {
        "kind": "heading", "text": "Funding", "level": 2, "numbering": "{A}."}


@pytest.mark.parametrize("fields, words", [
    ({"paragraph_n": 2, "position": "inside", "block": {"kind": "annex"}}, "subparagraph is always a paragraph"),
    ({"block": {"kind": "table", "rows": [["cell"]] * 500, "header_rows": 1}}, "1 to 200 rows"),
    ({"block": {"kind": "heading", "colour": "red"}}, "colour"),
    ({"block": ["heading"]}, "kind"),
    ({"kind": "delete", "text": None, "block": {"kind": "heading"}}, "insertion only"),
])
def test_a_bad_block_is_refused_by_name_and_nothing_saved(jp, draft, fields, words):
    url = f"/api/drafts/{draft['id']}/proposals"
    body = {"base_revision": 1, "kind": "insert", "paragraph": _op(draft, fields.pop("paragraph_n", 1)),
            "text": "Title", **fields}
    refused = jp.post(url, json=body)
    assert refused.status_code in (400, 422) and words in refused.json["error"], refused.json
    assert refused.json["where"]  # the place: "operative block 3", "block" …
    assert jp.get(url).json["total"] == 0
