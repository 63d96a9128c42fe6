"""Comments on paragraphs: threads, who may write and resolve, and paragraphs that move or go."""
from __future__ import annotations

import dataclasses

import pytest

from resolutions.domain.errors import DomainError, InvalidDocument
from resolutions.formats import document_json
from resolutions.services import audit, comments, drafts
from resolutions.services.errors import Forbidden, NotFound
from tests.conftest import draft_json, operative_id


@pytest.fixture
def draft(circulated_view):
    return circulated_view


_op = operative_id


def test_a_thread_is_a_comment_and_its_replies_oldest_first(session, actors, draft):
    op1 = _op(draft, 1)
    first = comments.add(session, actors["jp"], draft.id, op1, "Could “all levels” read “national, regional and international levels”?")
    reply = comments.add(session, actors["us"], draft.id, None, "Open to it; Mexico?", reply_to=first.id)
    answer = comments.add(session, actors["mx"], draft.id, op1, "Mexico supports.", reply_to=reply.id)
    other = comments.add(session, actors["sec"], draft.id, op1, "Note: 77/238 uses “all levels”.")
    found = comments.threads(session, actors["eu"], draft.id)
    assert list(found) == [op1]
    thread, second = found[op1]
    assert (thread.id, second.id) == (first.id, other.id)
    assert [r.id for r in thread.replies] == [reply.id, answer.id]  # flat, oldest first
    assert (thread.label, thread.in_text, thread.delegation, thread.author) == ("OP1", True, "Japan", "jp@example.org")
    assert thread.replies[1].in_reply_to == "United States of America" and thread.replies[1].reply_to == reply.id
    assert thread.replies[0].in_reply_to is None  # answers the thread itself
    assert {r.thread for r in thread.replies} == {first.id}
    assert second.delegation == "Secretariat"  # the Secretariat may comment


def test_threads_follow_the_text_order_and_paragraphs_across_edits_and_moves(session, actors, draft):
    op1, op3 = _op(draft, 1), _op(draft, 3)
    comments.add(session, actors["jp"], draft.id, op3, "On the report.")
    comments.add(session, actors["jp"], draft.id, op1, "On the call.")
    assert list(comments.threads(session, actors["us"], draft.id)) == [op1, op3]
    doc = draft.document
    moved = doc.with_changes(operative=(dataclasses.replace(doc.operative[2], text="Requests the Secretary-General "
                                         "to submit a report at its eighty-first session."),
                                        doc.operative[0], doc.operative[1]))
    drafts.save(session, actors["us"], draft.id, draft.current_revision, moved)
    found = comments.threads(session, actors["us"], draft.id)
    assert list(found) == [op3, op1]
    assert (found[op3][0].label, found[op1][0].label) == ("OP1", "OP2")
    # a caller that read the current text already (the compilation page) may hand it over
    current = drafts.view(session, actors["us"], draft.id).document
    assert comments.threads(session, actors["us"], draft.id, current=current) == found


def test_a_deleted_paragraph_keeps_its_threads_with_the_label_it_had(session, actors, draft):
    op3 = _op(draft, 3)
    first = comments.add(session, actors["jp"], draft.id, op3, "Too early for a report.")
    doc = draft.document
    drafts.save(session, actors["us"], draft.id, draft.current_revision,
                doc.with_changes(operative=doc.operative[:2]))
    [thread] = comments.threads(session, actors["jp"], draft.id)[op3]
    assert (thread.in_text, thread.label) == (False, "OP3")
    # the discussion may go on, but no new thread starts on a paragraph that is gone
    comments.add(session, actors["us"], draft.id, None, "Deleted as you suggested.", reply_to=first.id)
    with pytest.raises(DomainError, match="no paragraph") as refused:
        comments.add(session, actors["jp"], draft.id, op3, "Again?")
    assert refused.value.status == 400 and refused.value.where == "paragraph"


def test_only_the_penholder_resolves_and_a_reply_reopens(session, actors, draft):
    first = comments.add(session, actors["jp"], draft.id, _op(draft, 2), "Add (c) on treatment?")
    reply = comments.add(session, actors["mx"], draft.id, None, "Yes.", reply_to=first.id)
    for who in ("jp", "mx", "sec"):
        with pytest.raises(Forbidden):
            comments.resolve(session, actors[who], draft.id, first.id)
    resolved = comments.resolve(session, actors["us"], draft.id, reply.id)  # a reply resolves its thread
    assert resolved.id == first.id and resolved.resolved and resolved.resolved_by == "us@example.org"
    assert comments.resolve(session, actors["us"], draft.id, first.id).resolved  # again: no change, no error
    [thread] = comments.threads(session, actors["jp"], draft.id)[_op(draft, 2)]
    assert thread.resolved and len(thread.replies) == 1  # still there, for everyone
    comments.add(session, actors["jp"], draft.id, None, "Not settled for us.", reply_to=reply.id)
    [thread] = comments.threads(session, actors["jp"], draft.id)[_op(draft, 2)]
    assert not thread.resolved
    events = [e.event for e in audit.of_draft(session, actors["us"], draft.id)]
    assert events.count("comment.added") == 3 and events.count("comment.resolved") == 1


def test_private_drafts_take_comments_from_the_penholders_team_and_the_secretariat_only(session, actors):
    private = drafts.create(session, actors["us"], document_json.load(draft_json()))
    op1 = private.document.operative[0].id
    assert comments.add(session, actors["us"], private.id, op1, "Check with capital.").delegation == \
        "United States of America"
    assert comments.add(session, actors["sec"], private.id, op1, "Editorial: fine.").delegation == "Secretariat"
    for who in ("jp", "eu"):
        with pytest.raises(NotFound):
            comments.add(session, actors[who], private.id, op1, "Let me in")
        with pytest.raises(NotFound):
            comments.threads(session, actors[who], private.id)


def test_refusals_name_what_is_wrong(session, actors, draft):
    op1 = _op(draft, 1)
    for text in ("", "   ", None, 7, ["text"]):
        with pytest.raises(InvalidDocument, match="comment"):
            comments.add(session, actors["jp"], draft.id, op1, text)
    with pytest.raises(InvalidDocument, match="5,000|5000"):
        comments.add(session, actors["jp"], draft.id, op1, "a" * 5_001)
    assert comments.add(session, actors["jp"], draft.id, op1, " a\x00b\r\nc ").text == "ab\nc"
    with pytest.raises(DomainError, match="no comment 999999"):
        comments.add(session, actors["jp"], draft.id, None, "Hi", reply_to=999_999)
    first = comments.add(session, actors["jp"], draft.id, op1, "Hi")
    with pytest.raises(DomainError, match="stays on its thread"):
        comments.add(session, actors["jp"], draft.id, _op(draft, 2), "Hi", reply_to=first.id)
    with pytest.raises(NotFound):
        comments.resolve(session, actors["us"], draft.id, 999_999)
