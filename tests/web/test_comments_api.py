"""The comments and notifications API of issue #7 (parts 5 and 6), as scripts will use it."""
from __future__ import annotations




def test_comment_reply_list_and_resolve(us, jp, circulated):
    url = f"/api/drafts/{circulated['id']}/comments"
    op2 = circulated["document"]["operative"][1]["id"]
    made = jp.post(url, json={"paragraph": op2, "text": "Add “(c) treatment”?"})
    assert made.status_code == 201, made.json
    comment = made.json
    assert {k: comment[k] for k in ("paragraph", "label", "in_text", "reply_to", "thread", "delegation", "resolved")} == \
        {"paragraph": op2, "label": "OP2", "in_text": True, "reply_to": None, "thread": comment["id"],
         "delegation": "Japan", "resolved": False}
    reply = us.post(url, json={"paragraph": op2, "text": "Yes, in the next revision.", "reply_to": comment["id"]})
    assert reply.status_code == 201 and reply.json["thread"] == comment["id"] and "replies" not in reply.json
    listed = jp.get(url).json["comments"]
    assert [c["id"] for c in listed] == [comment["id"]]
    assert [r["text"] for r in listed[0]["replies"]] == ["Yes, in the next revision."]
    assert jp.post(f"{url}/{comment['id']}/resolve").status_code == 403
    resolved = us.post(f"{url}/{comment['id']}/resolve")
    assert resolved.status_code == 200 and resolved.json["resolved"] and resolved.json["resolved_by"] == "us@example.org"
    assert jp.get(url).json["comments"][0]["resolved"] is True


def test_notifications_list_read_one_and_all(us, jp, circulated):
    url = f"/api/drafts/{circulated['id']}/comments"
    op1 = circulated["document"]["operative"][0]["id"]
    first = jp.post(url, json={"paragraph": op1, "text": "Question."}).json
    reply = us.post(url, json={"text": "Answer.", "reply_to": first["id"]}).json
    us.post(url, json={"text": "And more.", "reply_to": reply["id"]})
    listed = jp.get("/api/notifications").json
    assert (listed["unread"], listed["total"], listed["page"], listed["pages"]) == (2, 2, 1, 1)
    news = listed["notifications"][1]
    assert news == {"id": news["id"], "kind": "reply",
                    "draft": {"id": circulated["id"], "title": circulated["document"]["title"]},
                    "at": news["at"], "by": "United States of America",
                    "text": "United States of America replied in a comment thread on OP1",
                    "url": f"/drafts/{circulated['id']}/compilation#comment-{reply['id']}", "read": False}
    read = jp.post(f"/api/notifications/{news['id']}/read")
    assert read.status_code == 200 and read.json["read"] is True
    assert [n["read"] for n in jp.get("/api/notifications").json["notifications"]] == [False, True]
    assert len(jp.get("/api/notifications?unread=1").json["notifications"]) == 1
    assert jp.post("/api/notifications/read").json == {"marked": 1, "unread": 0}
    assert jp.get("/api/notifications?unread=1").json["notifications"] == []
    # the actor hears nothing of itself: the penholder has only Japan's new thread
    assert [n["kind"] for n in us.get("/api/notifications").json["notifications"]] == ["comment"]


def test_paginated(us, jp, circulated):
    url = f"/api/drafts/{circulated['id']}/comments"
    first = jp.post(url, json={"paragraph": circulated["document"]["operative"][0]["id"], "text": "Q"}).json
    for n in range(5):
        us.post(url, json={"text": f"A{n}", "reply_to": first["id"]})
    page = jp.get("/api/notifications?per_page=2&page=2").json
    assert (page["page"], page["pages"], page["total"], len(page["notifications"])) == (2, 3, 5, 2)


def test_the_secretariat_is_told_why_it_has_none(api_for):
    got = api_for("sec@example.org").get("/api/notifications").json
    assert got["notifications"] == [] and "follow a delegation" in got["message"]


def test_without_a_token_nothing(app):
    client = app.test_client()
    assert client.get("/api/notifications").status_code == 401
    assert client.post("/api/drafts/1/comments", json={"paragraph": "p", "text": "t"}).status_code == 401


# --- the pages: What's new and the navigation's count ----------------------------------

def test_whats_new_pages_open_mark_read_and_count_in_one_query(app, browser_for, us, jp, circulated):
    from sqlalchemy import event

    url = f"/api/drafts/{circulated['id']}/comments"
    first = jp.post(url, json={"paragraph": circulated["document"]["operative"][0]["id"], "text": "Q"}).json
    reply = us.post(url, json={"text": "A", "reply_to": first["id"]}).json
    us.post(url, json={"text": "B", "reply_to": first["id"]})
    japan = browser_for("jp@example.org")
    engine = app.extensions["resolutions.db"].engine
    seen: list[str] = []
    record = lambda conn, cursor, statement, *rest: seen.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        home = japan.get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert '<span class="badge unread-count">2<span class="hidden-default"> unread</span></span>' in home
    assert sum("notifications" in s for s in seen) == 1
    listed = japan.get("/notifications").get_data(as_text=True)
    assert listed.count('class="notification unread kind-reply"') == 2 and "Mark all read" in listed
    opened = japan.get(f"/notifications/{jp.get('/api/notifications').json['notifications'][1]['id']}")
    assert opened.status_code == 302
    assert opened.headers["Location"] == f"/drafts/{circulated['id']}/compilation#comment-{reply['id']}"
    assert '<span class="badge unread-count">1<' in japan.get("/").get_data(as_text=True)
    assert japan.post("/notifications/read", {"up_to": "99999999999999999999"}).status_code == 400  # no such id
    assert '<span class="badge unread-count">1<' in japan.get("/").get_data(as_text=True)
    assert japan.post("/notifications/read", {"up_to": ""}).status_code == 302  # left out: all
    assert "unread-count" not in japan.get("/").get_data(as_text=True)
    assert "Nothing unread" in japan.get("/notifications?unread=1").get_data(as_text=True)
    # logged out, the Secretariat, an error page: the navigation still renders
    assert browser_for(None).get("/login").status_code == 200
    assert "unread-count" not in browser_for("sec@example.org").get("/").get_data(as_text=True)
    assert "What's new" in japan.get("/drafts/999999").get_data(as_text=True)


def test_a_full_thread_or_draft_is_refused_with_409_and_the_text_kept(monkeypatch, browser_for, us, jp, circulated):
    from resolutions.services import comments

    url = f"/api/drafts/{circulated['id']}/comments"
    op1 = circulated["document"]["operative"][0]["id"]
    monkeypatch.setattr(comments, "MAX_REPLIES_PER_THREAD", 2)
    first = jp.post(url, json={"paragraph": op1, "text": "Q"}).json
    reply = us.post(url, json={"text": "A1", "reply_to": first["id"]}).json
    assert jp.post(url, json={"text": "A2", "reply_to": reply["id"]}).status_code == 201
    full = us.post(url, json={"text": "A3", "reply_to": reply["id"]})
    assert full.status_code == 409 and full.json["where"] == "reply_to"
    assert "the most a thread takes" in full.json["error"] and "new thread" in full.json["error"]
    page = browser_for("us@example.org").post(f"/drafts/{circulated['id']}/comments",
                                             {"reply_to": str(first["id"]), "text": "Typed with care"})
    assert page.status_code == 409
    assert "the most a thread takes" in page.get_data(as_text=True) and "Typed with care" in page.get_data(as_text=True)
    monkeypatch.setattr(comments, "MAX_COMMENTS_PER_DRAFT", 3)
    full = jp.post(url, json={"paragraph": op1, "text": "Another"})
    assert full.status_code == 409 and "3 comments, the most a draft takes" in full.json["error"]
    [thread] = jp.get(url).json["comments"]
    assert [r["text"] for r in thread["replies"]] == ["A1", "A2"]  # nothing refused was saved
