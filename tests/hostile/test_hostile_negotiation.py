"""Hostile input at the negotiation doors (proposals, decisions, statuses, the compilation):
no 500, every refusal names what is wrong, nothing saved changes, the pages escape
whatever a delegate typed, and what was accepted keeps working everywhere."""
from __future__ import annotations

import json


from tests.conftest import draft_json

NASTY = ["<script>alert(1)</script>", "{{ 7 * 7 }}", "\u202e right-to-left override", "🇺🇳 emoji 🧪",
         "e\u0301" * 50, "' OR 1=1 --", "]]><!--", "&lt;&amp;", "%00%ff", "\x00nul\x01\x7f inside", "\ufffe\uffff",
         "[not a bracket", "^[an open footnote", "a^[note]b", "tab\tand\nnewline", "\r\n"]
LONE_SURROGATES = ['"\\ud800"', '"\\udfff tail"', '"head \\udbff"']


def _op(draft, n):
    return draft["document"]["operative"][n - 1]["id"]


def _refused_clearly(response, name):
    assert response.status_code != 500, (name, response.get_data(as_text=True)[:400])
    if response.status_code >= 400:
        assert (response.json or {}).get("error"), (name, response.get_data(as_text=True)[:300])


def _raw(api, url, raw: bytes):
    return api.post(url, data=raw, content_type="application/json")


def _bodies(draft):
    op1 = _op(draft, 1)
    base = {"base_revision": 1, "paragraph": op1}
    out = [
        ("kind-missing", {**base}), ("kind-number", {**base, "kind": 3}), ("kind-list", {**base, "kind": ["delete"]}),
        ("kind-amend", {**base, "kind": "amend"}), ("kind-case", {**base, "kind": "DELETE"}),
        ("kind-null", {**base, "kind": None}),
        ("paragraph-missing", {"base_revision": 1, "kind": "delete"}),
        ("paragraph-unknown", {**base, "kind": "delete", "paragraph": "no-such"}),
        ("paragraph-10000", {**base, "kind": "delete", "paragraph": "p" * 10_000}),
        ("paragraph-number", {**base, "kind": "delete", "paragraph": 1}),
        ("paragraph-object", {**base, "kind": "delete", "paragraph": {"id": op1}}),
        ("paragraph-nul", {**base, "kind": "delete", "paragraph": op1 + "\x00"}),
        ("base-missing", {"kind": "delete", "paragraph": op1}),
        ("base-string", {**base, "kind": "delete", "base_revision": "1"}),
        ("base-bool", {**base, "kind": "delete", "base_revision": True}),
        ("base-float", {**base, "kind": "delete", "base_revision": 1.0}),
        ("base-zero", {**base, "kind": "delete", "base_revision": 0}),
        ("base-huge", {**base, "kind": "delete", "base_revision": 10**30}),
        ("base-future", {**base, "kind": "delete", "base_revision": 2}),
        ("replace-no-text", {**base, "kind": "replace"}),
        ("replace-text-number", {**base, "kind": "replace", "text": 5}),
        ("replace-text-list", {**base, "kind": "replace", "text": ["a"]}),
        ("replace-huge", {**base, "kind": "replace", "text": "a" * 20_001}),
        ("replace-huge-part", {**base, "kind": "replace", "replaces": "coordinated", "text": "a" * 20_000}),
        ("replace-not-found", {**base, "kind": "replace", "replaces": "synthetic cannabinoids", "text": "x"}),
        ("replace-ambiguous", {**base, "kind": "replace", "replaces": "at", "text": "x"}),
        ("replace-empty-part", {**base, "kind": "replace", "replaces": "", "text": "x"}),
        ("replace-part-number", {**base, "kind": "replace", "replaces": 7, "text": "x"}),
        ("replace-same", {**base, "kind": "replace", "text": draft["document"]["operative"][0]["text"]}),
        ("delete-with-text", {**base, "kind": "delete", "text": "because"}),
        ("insert-position", {**base, "kind": "insert", "text": "x;", "position": "before"}),
        ("insert-position-number", {**base, "kind": "insert", "text": "x;", "position": 1}),
        ("insert-inside-preamble", {**base, "kind": "insert", "text": "x;", "position": "inside",
                                    "paragraph": draft["document"]["preamble"][0]["id"]}),
        ("insert-inside-too-deep", {**base, "kind": "insert", "text": "x;", "position": "inside",
                                    "paragraph": draft["document"]["operative"][1]["subparagraphs"][0]["id"]}),
        ("insert-101-footnotes", {**base, "kind": "insert", "text": "x" + "^[n]" * 101}),
        ("insert-open-footnote", {**base, "kind": "insert", "text": "x ^[never closed"}),
        ("insert-empty-footnote", {**base, "kind": "insert", "text": "x ^[ ]"}),
        ("note-huge", {**base, "kind": "delete", "note": "n" * 2_001}),
        ("note-number", {**base, "kind": "delete", "note": 1}),
    ]
    for i, text in enumerate(NASTY):
        out.append((f"insert-nasty-{i}", {**base, "kind": "insert", "text": f"Urges {text} States;", "note": text}))
        out.append((f"replace-nasty-{i}", {**base, "kind": "replace", "text": f"Calls upon {text};"}))
    return out


def test_bad_proposals_never_500_and_leave_nothing(us, jp, circulated):
    url = f"/api/drafts/{circulated['id']}/proposals"
    made = 0
    for name, body in _bodies(circulated):
        response = jp.post(url, json=body)
        _refused_clearly(response, name)
        if response.status_code == 201:
            made += 1
            assert not any(ch in response.json["text"] for ch in "\x00\x01\x7f\ufffe"), name
        elif not name.startswith(("insert-nasty", "replace-nasty")):
            assert response.status_code in (400, 403, 404, 409, 422), (name, response.status_code)
    listed = jp.get(url).json["proposals"]
    assert len(listed) == made and made >= len(NASTY)  # the nasty texts are cleaned and taken
    for i, escape in enumerate(LONE_SURROGATES):
        raw = json.dumps({"base_revision": 1, "kind": "insert", "paragraph": _op(circulated, 1), "text": "X"})
        response = _raw(jp, url, raw.replace('"X"', escape).encode())
        _refused_clearly(response, f"surrogate-{i}")
        assert response.status_code >= 400
    for name, raw in [("not-json", b"{"), ("array", b"[]"), ("deep", b"[" * 5000 + b"]" * 5000), ("empty", b"")]:
        _refused_clearly(_raw(jp, url, raw), name)
    assert len(jp.get(url).json["proposals"]) == made
    # the compilation, the draft and its export still work with every accepted text in them
    assert jp.get(f"/api/drafts/{circulated['id']}/compilation").status_code == 200
    for proposal in listed[:6]:
        decided = us.post(f"{url}/{proposal['id']}/decision", json={"decision": "accept"})
        _refused_clearly(decided, proposal["text"][:30])
    assert us.get(f"/api/drafts/{circulated['id']}/export.docx").status_code == 200
    assert jp.get(f"/api/drafts/{circulated['id']}/compilation").status_code == 200


def test_decisions_withdrawals_and_statuses_refuse_clearly(us, jp, api_for, circulated):
    eu, mx, sec = (api_for(f"{w}@example.org") for w in ("eu", "mx", "sec"))
    url = f"/api/drafts/{circulated['id']}/proposals"
    made = jp.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(circulated, 3)}).json
    pid = made["id"]
    for name, body, status in [
        ("decision-missing", {}, 422), ("decision-maybe", {"decision": "maybe"}, 422),
        ("decision-number", {"decision": 1}, 422), ("decision-text-number", {"decision": "accept", "text": 1}, 422),
        ("decision-text-huge", {"decision": "accept", "text": "a" * 20_001}, 422),
        ("decision-note-list", {"decision": "reject", "note": ["x"]}, 422),
        ("reject-with-text", {"decision": "reject", "text": "x"}, 422),
    ]:
        response = us.post(f"{url}/{pid}/decision", json=body)
        _refused_clearly(response, name)
        assert response.status_code == status, (name, response.status_code)
    assert jp.post(f"{url}/{pid}/decision", json={"decision": "accept"}).status_code == 403
    assert sec.post(f"{url}/{pid}/decision", json={"decision": "accept"}).status_code == 403
    assert mx.post(f"{url}/{pid}/withdraw").status_code == 403  # someone else's
    assert sec.post(f"{url}/{pid}/withdraw").status_code == 403
    assert sec.post(f"{url}/{pid}/support").status_code == 403
    delete = {"base_revision": 1, "kind": "delete", "paragraph": _op(circulated, 1)}
    assert sec.post(url, json=delete).status_code == 403
    for missing in ("999999", "0", "99999999999999999999"):
        _refused_clearly(us.post(f"{url}/{missing}/decision", json={"decision": "accept"}), missing)
        assert us.post(f"{url}/{missing}/decision", json={"decision": "accept"}).status_code == 404
    assert us.post(f"{url}/{pid}/decision", json={"decision": "accept"}).status_code == 200
    twice = us.post(f"{url}/{pid}/decision", json={"decision": "accept"})
    assert twice.status_code == 409 and "final" in twice.json["error"]
    assert eu.post(f"{url}/{pid}/support").status_code == 409
    assert jp.post(f"{url}/{pid}/withdraw").status_code == 409
    assert us.get(f"/api/drafts/{circulated['id']}").json["current_revision"] == 2  # accepted once, not twice

    status_url = f"/api/drafts/{circulated['id']}/paragraphs/{_op(circulated, 1)}/status"
    for name, body in [("status-missing", {}), ("status-number", {"status": 1}),
                       ("status-closed", {"status": "closed"}),
                       ("text-without-bracketed", {"status": "agreed_ad_ref", "text": "x"}),
                       ("text-number", {"status": "bracketed", "text": 5}),
                       ("unbalanced", {"status": "bracketed", "text": "[[Calls upon"}),
                       ("empty-brackets", {"status": "bracketed", "text": "[]Calls upon Member States to carry out "
                                                                          "coordinated actions at all levels;"}),
                       ("other-words", {"status": "bracketed", "text": "[Calls upon all States]"}),
                       ("huge", {"status": "bracketed", "text": "[" * 40_001})]:
        response = us.post(status_url, json=body)
        _refused_clearly(response, name)
        assert response.status_code == 422, (name, response.status_code)
    for odd in ("no-such", "p" * 5000, "%00", "%ED%A0%80"):
        response = us.post(f"/api/drafts/{circulated['id']}/paragraphs/{odd}/status", json={"status": "deleted"})
        _refused_clearly(response, odd)
        assert response.status_code in (404, 422), odd
    assert jp.post(status_url, json={"status": "agreed_ad_ref"}).status_code == 403
    assert jp.get(f"/api/drafts/{circulated['id']}/compilation").json["counts"]["agreed_ad_ref"] == 0


def test_private_drafts_stay_hidden(us, jp, api_for):
    private = us.post("/api/drafts", json=draft_json(title="Private")).json
    url = f"/api/drafts/{private['id']}"
    body = {"base_revision": 1, "kind": "delete", "paragraph": _op(private, 1)}
    assert jp.post(f"{url}/proposals", json=body).status_code == 404
    assert jp.get(f"{url}/proposals").status_code == 404
    assert jp.get(f"{url}/compilation").status_code == 404
    assert jp.post(f"{url}/paragraphs/{_op(private, 1)}/status", json={"status": "deleted"}).status_code == 404
    assert api_for("sec@example.org").post(f"{url}/proposals", json=body).status_code == 403
    assert us.post(f"{url}/proposals", json=body).status_code == 403  # proposals open with circulation


def test_odd_query_strings_on_the_compilation(jp, browser_for, circulated):
    for query in ("?status=%00", "?status=" + "x" * 5000, "?delegation=%ED%A0%80", "?delegation=" + "y" * 5000,
                  "?status=pending&status=deleted", "?delegation=<script>"):
        api = jp.get(f"/api/drafts/{circulated['id']}/compilation{query}")
        _refused_clearly(api, query)
        page = browser_for("jp@example.org").get(f"/drafts/{circulated['id']}/compilation{query}")
        assert page.status_code != 500, query
        assert "<script>" not in page.get_data(as_text=True).split("<body>", 1)[-1].replace("<script src=", "")


def test_the_page_escapes_and_survives_every_nasty_text(us, jp, browser_for, circulated):
    url = f"/api/drafts/{circulated['id']}/proposals"
    for text in NASTY:
        jp.post(url, json={"base_revision": 1, "kind": "insert", "paragraph": _op(circulated, 1),
                           "text": f"Urges {text} States;", "note": text})
    for who in ("jp", "us"):
        page = browser_for(f"{who}@example.org").get(f"/drafts/{circulated['id']}/compilation")
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body and "{{ 7 * 7 }}" in body  # escaped, never evaluated


def test_odd_paging_of_the_proposal_list(jp, circulated):
    url = f"/api/drafts/{circulated['id']}/proposals"
    jp.post(url, json={"base_revision": 1, "kind": "delete", "paragraph": _op(circulated, 3)})
    for query in ("?page=%00", "?page=-1", "?page=0", "?page=1e9", "?page=" + "9" * 5000, "?per_page=-5",
                  "?per_page=" + "9" * 400, "?page=2&page=3", "?per_page=%ED%A0%80", "?status=open&page=99"):
        answer = jp.get(url + query)
        _refused_clearly(answer, query)
        assert answer.status_code == 200 and answer.json["total"] == 1, query
        assert 1 <= answer.json["per_page"] <= 200 and answer.json["page"] <= answer.json["pages"], query


def test_a_malformed_stored_status_row_breaks_nothing(us, jp, session, circulated):
    from sqlalchemy import update

    from resolutions.store.tables import ParagraphState
    from tests.conftest import commit
    op3 = _op(circulated, 3)
    status_url = f"/api/drafts/{circulated['id']}/paragraphs/{op3}/status"
    assert us.post(status_url, json={"status": "bracketed",
                                     "text": "Requests the Secretary-General to report [at its eighty-first "
                                             "session]."}).status_code == 200
    for stored in (7, "[[41, 68]]", [[41]], [[None, "x"]], {"a": 1}, [[1, 2, 3]], [[-5, 10**12]]):
        session.execute(update(ParagraphState).where(ParagraphState.paragraph_id == op3).values(brackets=stored))
        commit(session)
        shown = jp.get(f"/api/drafts/{circulated['id']}/compilation")
        _refused_clearly(shown, repr(stored))
        row = next(p for p in shown.json["paragraphs"] if p["id"] == op3)
        assert row["brackets"] == [] and row["bracketed"].startswith("[Requests"), stored
        again = us.post(status_url, json={"status": "bracketed"})
        _refused_clearly(again, repr(stored))
        assert again.status_code == 200 and again.json["brackets"] == [], stored
