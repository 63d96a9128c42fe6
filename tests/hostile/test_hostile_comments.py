"""Hostile input at the comment and notification doors: no 500, every refusal says what
is wrong, nothing saved changes, and the pages escape whatever a delegate typed."""
from __future__ import annotations

import pytest

from resolutions.formats import document_json
from resolutions.services import comments, drafts
from tests.conftest import commit, draft_json

NASTY = ["<script>alert(1)</script>", "{{ 7 * 7 }}", "\u202e right-to-left override", "🇺🇳 emoji 🧪",
         "e\u0301" * 50, "' OR 1=1 --", "]]><!--", "&lt;&amp;", "%00%ff", "\t tab \n newline"]


@pytest.fixture
def first(jp, circulated):
    op1 = circulated["document"]["operative"][0]["id"]
    return jp.post(f"/api/drafts/{circulated['id']}/comments", json={"paragraph": op1, "text": "First."}).json


def _post_raw(api, url, raw: bytes):
    return api.post(url, data=raw, content_type="application/json")


def test_bad_comment_bodies_are_refused_and_nothing_is_saved(us, jp, circulated, first):
    url = f"/api/drafts/{circulated['id']}/comments"
    op1 = circulated["document"]["operative"][0]["id"]
    refusals = [
        ({"paragraph": op1, "text": ""}, 422, "comment"),
        ({"paragraph": op1, "text": " \n\t "}, 422, "comment"),
        ({"paragraph": op1, "text": "\x00\x01\x7f"}, 422, "comment"),  # nothing left once cleaned
        ({"paragraph": op1, "text": "a" * 5_001}, 422, "5,000"),
        ({"paragraph": op1}, 422, "comment"),
        ({"paragraph": op1, "text": 7}, 422, "comment"),
        ({"paragraph": op1, "text": ["a"]}, 422, "comment"),
        ({"paragraph": op1, "text": {"a": 1}}, 422, "comment"),
        ({"paragraph": "no-such-paragraph", "text": "Hi"}, 400, "no paragraph 'no-such-paragraph'"),
        ({"paragraph": "p" * 10_000, "text": "Hi"}, 400, "no paragraph"),
        ({"paragraph": 3, "text": "Hi"}, 400, "as a string"),
        ({"paragraph": None, "text": "Hi"}, 400, "no paragraph"),
        ({"paragraph": [op1], "text": "Hi"}, 400, "no paragraph"),
        ({"text": "Hi"}, 400, "no paragraph"),
        ({"paragraph": op1, "text": "Hi", "reply_to": "1"}, 400, "no comment"),
        ({"paragraph": op1, "text": "Hi", "reply_to": 1.5}, 400, "no comment"),
        ({"paragraph": op1, "text": "Hi", "reply_to": True}, 400, "no comment"),
        ({"paragraph": op1, "text": "Hi", "reply_to": [first["id"]]}, 400, "no comment"),
        ({"paragraph": op1, "text": "Hi", "reply_to": -1}, 400, "no comment"),
        ({"paragraph": op1, "text": "Hi", "reply_to": 10**30}, 400, "no comment"),
        ({"paragraph": circulated["document"]["operative"][1]["id"], "text": "Hi", "reply_to": first["id"]}, 400,
         "stays on its thread"),
    ]
    for body, status, words in refusals:
        got = jp.post(url, json=body)
        assert got.status_code == status, (body, got.json)
        assert words in got.json["error"], (body, got.json)
    for raw in (b'{"paragraph": "%s", "text": "\\ud800"}' % op1.encode(), b'{"text": "x\\udfff"}', b"[1, 2]",
                b"not json", b'{"text": "a"', b'"a string"', b"\xff\xfe", b"[" * 100_000):
        got = _post_raw(jp, url, raw)
        assert 400 <= got.status_code < 500, raw[:40]
        assert got.json["error"]
    assert [c["id"] for c in jp.get(url).json["comments"]] == [first["id"]]
    assert jp.get(url).json["comments"][0]["replies"] == []


def test_what_cleaning_fixes_is_saved_cleaned_and_everything_else_exactly(jp, circulated):
    url = f"/api/drafts/{circulated['id']}/comments"
    op1 = circulated["document"]["operative"][0]["id"]
    assert jp.post(url, json={"paragraph": op1, "text": "  a\x00b\r\nc\ufffe  "}).json["text"] == "ab\nc"
    for text in NASTY:
        made = jp.post(url, json={"paragraph": op1, "text": text})
        assert made.status_code == 201 and made.json["text"] == text.strip(" \t\n")


def test_a_reply_to_a_comment_of_another_draft_is_refused(us, jp, circulated, first):
    other = us.post("/api/drafts", json=draft_json()).json
    got = us.post(f"/api/drafts/{other['id']}/comments", json={"text": "Hi", "reply_to": first["id"]})
    assert got.status_code == 400 and f"no comment {first['id']}" in got.json["error"]
    resolve = us.post(f"/api/drafts/{other['id']}/comments/{first['id']}/resolve")
    assert resolve.status_code == 404


def test_who_may_do_what(api_for, us, jp, circulated, first):
    url = f"/api/drafts/{circulated['id']}/comments"
    for email in ("jp@example.org", "mx@example.org", "sec@example.org"):
        got = api_for(email).post(f"{url}/{first['id']}/resolve")
        assert got.status_code == 403 and "penholder" in got.json["error"]
    private = us.post("/api/drafts", json=draft_json()).json
    op1 = private["document"]["operative"][0]["id"]
    for method, path in (("post", f"/api/drafts/{private['id']}/comments"),
                         ("get", f"/api/drafts/{private['id']}/comments"),
                         ("post", f"/api/drafts/{private['id']}/comments/1/resolve"),
                         ("post", "/api/drafts/999999/comments"), ("get", "/api/drafts/99999999999999999999/comments")):
        got = getattr(jp, method)(path, json={"paragraph": op1, "text": "Let me in"})
        assert got.status_code == 404, (method, path)
    assert api_for("sec@example.org").post(f"/api/drafts/{private['id']}/comments",
                                           json={"paragraph": op1, "text": "Editorial."}).status_code == 201
    assert us.post(f"{url}/999999/resolve").status_code == 404
    assert us.post(f"{url}/0/resolve").status_code == 404


def test_bad_notification_requests(api_for, us, jp, circulated, first):
    us.post(f"/api/drafts/{circulated['id']}/comments", json={"text": "Reply.", "reply_to": first["id"]})
    mine = jp.get("/api/notifications").json["notifications"][0]["id"]
    mx = api_for("mx@example.org")
    for path in (f"/api/notifications/{mine}/read", "/api/notifications/0/read", "/api/notifications/-1/read",
                 "/api/notifications/99999999999999999999/read", "/api/notifications/abc/read"):
        assert mx.post(path).status_code == 404, path
    assert jp.get("/api/notifications").json["unread"] == 1  # Mexico's tries marked nothing of Japan's
    for query in ("page=-5", "page=abc", "page=99999999999999999999", "per_page=0", "per_page=-1",
                  "per_page=100000", "unread=yes&unread=0", "page=%00"):
        got = jp.get(f"/api/notifications?{query}")
        assert got.status_code == 200, query
        assert got.json["notifications"]
    # one rule for the API and the page's form (services/notifications.mark_all_read): 400 naming up_to
    for body in ({"up_to": "1"}, {"up_to": 1.5}, {"up_to": True}, {"up_to": [1]}, {"up_to": 2**31},
                 {"up_to": 10**30}, {"up_to": int("9" * 4_000)}):
        got = jp.post("/api/notifications/read", json=body)
        assert got.status_code == 400 and "up_to" in got.json["error"] and got.json["where"] == "up_to", body
    got = _post_raw(jp, "/api/notifications/read", b'{"up_to": %s}' % (b"9" * 5_000))  # json.loads refuses it
    assert got.status_code == 400 and got.json["error"]
    assert _post_raw(jp, "/api/notifications/read", b"[]").status_code == 422
    assert jp.get("/api/notifications").json["unread"] == 1  # no refusal marked anything
    assert jp.post("/api/notifications/read", json={"up_to": -1}).json["marked"] == 0
    assert jp.post("/api/notifications/read", json={"up_to": 2**31 - 1}).json["marked"] == 1


def test_oversized_digit_strings_in_forms_are_refused_by_name_not_500(browser_for, us, jp, circulated, first):
    """Python refuses int() of more than 4,300 digits: a form's id field is read only
    when short, and anything else is refused with the field's name (regression: 500)."""
    url = f"/api/drafts/{circulated['id']}/comments"
    us.post(url, json={"text": "Reply.", "reply_to": first["id"]})
    japan, usa = browser_for("jp@example.org"), browser_for("us@example.org")
    for raw in ("1" * 5_000, "9" * 4_301, "1" * 12, "99999999999", "2147483648", "0", "-1", "1e3", "١", "²"):
        got = usa.post(f"/drafts/{circulated['id']}/comments", {"reply_to": raw, "text": "Keep this text"})
        assert got.status_code == 400, raw[:20]
        body = got.get_data(as_text=True)
        assert "no comment" in body and "reply_to" in body and "Keep this text" in body, raw[:20]
    for raw in ("9" * 5_000, "1" * 12, "2147483648", "abc", "1.5", "²"):
        got = japan.post("/notifications/read", {"up_to": raw})
        assert got.status_code == 400, raw[:20]
        assert "up_to" in got.get_data(as_text=True), raw[:20]
    assert jp.get("/api/notifications").json["unread"] == 1  # nothing refused marked anything
    assert jp.get(f"/api/drafts/{circulated['id']}/comments").json["comments"][0]["replies"][0]["text"] == "Reply."
    assert len(jp.get(url).json["comments"][0]["replies"]) == 1  # nor saved anything
    assert japan.get("/notifications?page=" + "9" * 5_000).status_code == 200
    for path in (f"/drafts/{circulated['id']}/comments/{'1' * 5_000}/resolve", f"/drafts/{'1' * 5_000}/comments"):
        assert usa.post(path, {"text": "x"}).status_code == 404
    assert japan.get(f"/notifications/{'1' * 5_000}").status_code == 404
    got = _post_raw(us, url, b'{"text": "x", "reply_to": %s}' % (b"1" * 5_000))
    assert got.status_code == 400 and got.json["error"]
    got = us.post(url, json={"text": "x", "reply_to": 2**31})
    assert got.status_code == 400 and got.json["where"] == "reply_to" and "no comment" in got.json["error"]
    assert japan.post("/notifications/read", {"up_to": str(2**31 - 1)}).status_code == 302
    assert jp.get("/api/notifications").json["unread"] == 0


def test_pages_escape_what_delegates_typed_and_keep_a_refused_comment(browser_for, session, actors, app):
    us = browser_for("us@example.org")
    jp = browser_for("jp@example.org")
    title = "<script>alert('title')</script> synthetic drugs"
    draft = drafts.create(session, actors["us"], document_json.load(draft_json(title=title)))
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    commit(session)
    op1 = draft.document.operative[0].id
    posted = jp.post(f"/drafts/{draft.id}/comments", {"paragraph": op1, "text": "<b>bold</b> {{ 7 * 7 }}"})
    assert posted.status_code == 302 and posted.headers["Location"].startswith(f"/drafts/{draft.id}/compilation#comment-")
    cid = int(posted.headers["Location"].rsplit("-", 1)[1])
    replied = us.post(f"/drafts/{draft.id}/comments", {"reply_to": str(cid), "text": "<img src=x onerror=alert(1)>"})
    assert replied.status_code == 302
    page = jp.get("/notifications").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page
    refused = jp.post(f"/drafts/{draft.id}/comments", {"paragraph": "gone", "text": "<i>keep me</i>"})
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "&lt;i&gt;keep me&lt;/i&gt;" in body and "<i>keep me" not in body and "no paragraph" in body
    empty = jp.post(f"/drafts/{draft.id}/comments", {"paragraph": op1, "text": "   "})
    assert empty.status_code == 422
    no_csrf = jp.client.post(f"/drafts/{draft.id}/comments", data={"paragraph": op1, "text": "x"})
    assert no_csrf.status_code == 400
    assert jp.post(f"/drafts/{draft.id}/comments/{cid}/resolve", {}).status_code == 403
    assert browser_for("mx@example.org").get("/notifications/1").status_code == 404
    assert browser_for(None).get("/notifications").status_code == 302  # to the log-in page
    with app.test_request_context():
        rendered = app.jinja_env.get_template("negotiation/_comments.html").render(
            threads=comments.threads(session, actors["jp"], draft.id)[op1], paragraph_id=op1, draft_id=draft.id,
            can_resolve=True, csrf_token=lambda: "t")
    assert "&lt;b&gt;bold&lt;/b&gt; {{ 7 * 7 }}" in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert f'id="comment-{cid}"' in rendered and "Resolve thread" in rendered
