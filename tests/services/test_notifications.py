"""Who hears of what, and what each user has read: the fan-out at write time and the
per-user reading side (visibility checked when reading)."""
from __future__ import annotations

import dataclasses

import pytest

from resolutions.formats import document_json
from resolutions.services import accounts, comments, drafts, notifications, sponsorship
from resolutions.services.errors import NotFound
from resolutions.store import queries
from tests.conftest import PASSWORD, draft_json


@pytest.fixture
def draft(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    return drafts.view(session, actors["us"], created.id)


def _kinds(session, actor) -> list[tuple[str, str]]:
    return [(n.kind, n.text) for n in notifications.listing(session, actor).items]


def _edit(session, actor, draft, text="Calls upon all Member States to carry out coordinated actions at all levels;"):
    current = drafts.view(session, actor, draft.id)
    doc = current.document
    changed = doc.with_changes(operative=(dataclasses.replace(doc.operative[0], text=text), *doc.operative[1:]))
    return drafts.save(session, actor, draft.id, current.current_revision, changed)


def test_a_cosponsor_hears_of_new_revisions_others_do_not(session, actors, draft):
    sponsorship.join(session, actors["jp"], draft.id)
    saved = _edit(session, actors["us"], draft)
    [news] = notifications.listing(session, actors["jp"]).items
    assert (news.kind, news.by, news.read) == ("revision", "United States of America", False)
    assert news.text == f"United States of America saved revision {saved.current_revision}"
    assert news.url == f"/drafts/{draft.id}/compare?from=1&to=2"
    assert (news.draft_id, news.draft_title) == (draft.id, draft.document.title)
    assert notifications.listing(session, actors["mx"]).items == []  # neither sponsor nor proposer
    assert notifications.listing(session, actors["us"]).items == []  # the actor never notifies itself


def test_a_proposer_hears_the_decision_on_its_proposal(session, actors, draft):
    # as the proposals use case writes it (services/proposals.py)
    row = queries.draft(session, draft.id)
    notifications.notify(session, actors["us"], row, "decision",
                         {"proposal": 7, "decision": "accept", "revision": 6, "paragraph": "p1", "label": "OP3"},
                         [actors["jp"].delegation_id, actors["us"].delegation_id])
    notifications.notify(session, actors["us"], row, "decision",
                         {"proposal": 8, "decision": "reject", "revision": None, "paragraph": "p1", "label": "OP3"},
                         [actors["jp"].delegation_id])
    rejected, accepted = notifications.listing(session, actors["jp"]).items  # newest first
    assert accepted.text == "Japan's proposal on OP3 was accepted in revision 6"
    assert accepted.url == f"/drafts/{draft.id}/compilation#proposal-7"
    assert rejected.text == "Japan's proposal on OP3 was rejected"
    assert notifications.listing(session, actors["us"]).items == []


def test_status_and_proposal_notifications_point_at_their_place(session, actors, draft):
    row = queries.draft(session, draft.id)
    notifications.notify(session, actors["us"], row, "status",
                         {"paragraph": "para_21_list_point_أ", "label": "OP2 (a)", "status": "agreed_ad_ref"},
                         [actors["jp"].delegation_id])
    notifications.notify(session, actors["jp"], row, "proposal", {"proposal": 3, "paragraph": "p", "label": "PP2"},
                         [actors["us"].delegation_id])
    [status] = notifications.listing(session, actors["jp"]).items
    assert status.text == "United States of America marked OP2 (a) agreed ad ref"
    assert status.url == f"/drafts/{draft.id}/compilation#para-para_21_list_point_%D8%A3"
    [proposal] = notifications.listing(session, actors["us"]).items
    assert (proposal.text, proposal.url) == ("Japan made a proposal on PP2",
                                             f"/drafts/{draft.id}/compilation#proposal-3")


def test_commenters_hear_of_replies_in_their_thread(session, actors, draft):
    op1 = draft.document.operative[0].id
    first = comments.add(session, actors["jp"], draft.id, op1, "Why “all levels”?")
    # a new thread is no reply: only the penholder hears of it, as a new comment
    [started] = notifications.listing(session, actors["us"]).items
    assert (started.kind, started.text) == ("comment", "Japan commented on OP1")
    assert started.url == f"/drafts/{draft.id}/compilation#comment-{first.id}"
    assert notifications.listing(session, actors["mx"]).items == []
    reply = comments.add(session, actors["us"], draft.id, None, "It is agreed language.", reply_to=first.id)
    [news] = notifications.listing(session, actors["jp"]).items
    assert (news.kind, news.text) == ("reply", "United States of America replied in a comment thread on OP1")
    assert news.url == f"/drafts/{draft.id}/compilation#comment-{reply.id}"
    comments.add(session, actors["mx"], draft.id, None, "Mexico agrees with Japan.", reply_to=reply.id)
    assert [n.kind for n in notifications.listing(session, actors["jp"]).items] == ["reply", "reply"]
    assert [n.kind for n in notifications.listing(session, actors["us"]).items] == ["reply", "comment"]
    assert notifications.listing(session, actors["mx"]).items == []
    comments.add(session, actors["jp"], draft.id, None, "Thanks.", reply_to=first.id)  # own thread
    assert len(notifications.listing(session, actors["jp"]).items) == 2
    assert len(notifications.listing(session, actors["mx"]).items) == 1
    # the Secretariat's reply reaches the delegations; a reply to the Secretariat reaches no one
    comments.add(session, actors["sec"], draft.id, None, "Noted.", reply_to=first.id)
    assert len(notifications.listing(session, actors["jp"]).items) == 3
    note = comments.add(session, actors["sec"], draft.id, op1, "Editorial remark.")
    comments.add(session, actors["jp"], draft.id, None, "Fine.", reply_to=note.id)
    assert notifications.listing(session, actors["sec"]).items == []


def test_a_draft_made_private_again_hides_others_notifications(session, actors, draft):
    first = comments.add(session, actors["jp"], draft.id, draft.document.operative[0].id, "A question.")
    comments.add(session, actors["us"], draft.id, None, "An answer.", reply_to=first.id)
    [news] = notifications.listing(session, actors["jp"]).items
    drafts.set_status(session, actors["us"], draft.id, "private")
    assert notifications.listing(session, actors["jp"]).items == []
    assert notifications.unread_count(session, actors["jp"]) == 0
    assert notifications.mark_all_read(session, actors["jp"]) == 0
    with pytest.raises(NotFound):
        notifications.open_one(session, actors["jp"], news.id)
    drafts.set_status(session, actors["us"], draft.id, "circulated")  # circulated again: back, still unread
    assert notifications.unread_count(session, actors["jp"]) == 1


def test_read_state_is_per_user(session, actors, draft):
    colleague = accounts.create_user(session, "jp2@example.org", PASSWORD, delegation="Japan")
    sponsorship.join(session, actors["jp"], draft.id)
    _edit(session, actors["us"], draft)
    _edit(session, actors["us"], draft, "Calls upon Member States to act at all levels;")
    newest, older = notifications.listing(session, actors["jp"]).items
    opened = notifications.open_one(session, actors["jp"], older.id)
    assert opened.read and opened.url == f"/drafts/{draft.id}/compare?from=1&to=2"
    notifications.open_one(session, actors["jp"], older.id)  # twice: still one mark
    assert [n.read for n in notifications.listing(session, actors["jp"]).items] == [False, True]
    assert notifications.unread_count(session, actors["jp"]) == 1
    assert notifications.unread_count(session, colleague) == 2  # a colleague has not read it
    assert [n.id for n in notifications.listing(session, actors["jp"], unread_only=True).items] == [newest.id]
    with pytest.raises(NotFound):  # another delegation's notification does not exist for Mexico
        notifications.open_one(session, actors["mx"], older.id)
    assert notifications.mark_all_read(session, colleague, up_to=older.id) == 1  # not the newer one
    assert notifications.unread_count(session, colleague) == 1
    assert notifications.mark_all_read(session, colleague) == 1
    assert notifications.mark_all_read(session, colleague) == 0
    assert notifications.unread_count(session, actors["jp"]) == 1


def test_the_secretariat_follows_no_delegation(session, actors, draft):
    found = notifications.listing(session, actors["sec"])
    assert found.items == [] and "follow a delegation" in found.message
    assert notifications.unread_count(session, actors["sec"]) == 0
    for bad in (1, 0, -1, 2**31, 10**30, "1", None, True):
        with pytest.raises(NotFound):
            notifications.open_one(session, actors["sec"], bad)


def test_the_list_is_paginated_newest_first(session, actors, draft):
    row = queries.draft(session, draft.id)
    for n in range(1, 8):
        notifications.notify(session, actors["us"], row, "status",
                             {"paragraph": "p", "label": f"OP{n}", "status": "bracketed"}, [actors["jp"].delegation_id])
    first = notifications.listing(session, actors["jp"], per_page=3)
    assert (first.total, first.unread, first.pages) == (7, 7, 3)
    assert [n.text.split()[-2] for n in first.items] == ["OP7", "OP6", "OP5"]
    last = notifications.listing(session, actors["jp"], per_page=3, page=99)  # past the end: the last page
    assert last.page == 3 and [n.text.split()[-2] for n in last.items] == ["OP1"]
