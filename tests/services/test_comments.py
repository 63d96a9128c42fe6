"""Comments on paragraphs: threads, who may write and resolve, and paragraphs that move or go."""
from __future__ import annotations

import dataclasses
import time

import pytest
from sqlalchemy import event

from resolutions.domain.errors import DomainError, InvalidDocument
from resolutions.formats import document_json
from resolutions.services import audit, comments, drafts, notifications
from resolutions.services.errors import Conflict, Forbidden, NotFound
from resolutions.store.tables import Comment
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
    # labels are the compilation text's, against the text as first circulated, where the
    # comments are read (the draft itself now numbers them OP1 and OP2)
    assert (found[op3][0].label, found[op1][0].label) == ("OP3", "OP1")


def test_a_deleted_paragraph_keeps_its_threads_with_the_label_it_had(session, actors, draft):
    op3 = _op(draft, 3)
    first = comments.add(session, actors["jp"], draft.id, op3, "Too early for a report.")
    doc = draft.document
    drafts.save(session, actors["us"], draft.id, draft.current_revision,
                doc.with_changes(operative=doc.operative[:2]))
    [thread] = comments.threads(session, actors["jp"], draft.id)[op3]
    assert (thread.in_text, thread.label) == (False, "OP3")
    # the discussion may go on, but no new thread starts on a paragraph that is gone
    reply = comments.add(session, actors["us"], draft.id, None, "Deleted as you suggested.", reply_to=first.id)
    assert (reply.in_text, reply.label, reply.thread) == (False, "OP3", first.id)  # as the listing shows it
    assert comments.threads(session, actors["jp"], draft.id)[op3][0].replies == (reply,)
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


# --- long threads: linear, not quadratic (regression: a 3,000-deep chain of replies took
# 10.8 s to list and 11.8 s to answer once more) ----------------------------------------

def _reply_chain(session, actors, draft, depth: int, ids: list[int] | None = None) -> list[int]:
    """A thread whose every reply answers the one before, ``depth`` replies deep (more, on
    the end of ``ids``), written straight to the table (add() would take as long as the
    test is meant to catch)."""
    op1 = _op(draft, 1)
    ids = ids or [comments.add(session, actors["jp"], draft.id, op1, "Q0").id]
    for n in range(len(ids) - 1, len(ids) - 1 + depth):
        who = actors["us" if n % 2 == 0 else "jp"]
        row = Comment(draft_id=draft.id, paragraph_id=op1, reply_to=ids[-1], author_id=who.user_id,
                      delegation_id=who.delegation_id, text=f"R{n + 1}")
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids


class _Statements:
    """Counts the SQL statements sent while it is open."""

    def __init__(self, session):
        self.engine, self.seen = session.get_bind(), []

    def _record(self, conn, cursor, statement, *rest):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def on_comments(self) -> int:
        return sum("FROM comments" in " ".join(s.split()) for s in self.seen)


def test_a_deep_chain_of_replies_lists_in_one_query_and_in_linear_time(session, actors, draft):
    # deeper than add() lets a thread grow (rows from before the ceiling still list)
    def listed():
        session.expire_all()  # nothing from the identity map: every read is a statement
        with _Statements(session) as sql:
            started = time.perf_counter()
            [thread] = comments.threads(session, actors["eu"], draft.id)[_op(draft, 1)]
            return thread, sql, time.perf_counter() - started

    ids = _reply_chain(session, actors, draft, 200)
    _, _, short = listed()
    ids = _reply_chain(session, actors, draft, 1_800, ids)
    thread, sql, took = listed()
    # ten times the replies: linear costs ~10 times as much, the old step-by-step walk ~100
    # times (~3 s here). A ratio, measured under the same load, not a wall-clock bound.
    assert took < 30 * short + 0.1, f"{took:.2f} s for 2,000 replies, {short:.3f} s for 200"
    assert sql.on_comments() == 1  # the draft's comments, read once
    assert [r.id for r in thread.replies] == ids[1:] and {r.thread for r in thread.replies} == {ids[0]}
    assert thread.replies[0].in_reply_to is None  # answers the thread itself
    assert [r.in_reply_to for r in thread.replies[1:3]] == ["United States of America", "Japan"]


def test_a_reply_deep_in_a_chain_costs_what_a_reply_to_a_short_thread_costs(session, actors, draft):
    deep = _reply_chain(session, actors, draft, 400)
    short = _reply_chain(session, actors, draft, 2)

    def reply(to: int):
        session.expire_all()
        with _Statements(session) as sql:
            started = time.perf_counter()
            view = comments.add(session, actors["mx"], draft.id, None, "Mexico can live with it.", reply_to=to)
            return view, sql, time.perf_counter() - started

    on_short, short_sql, _ = reply(short[-1])
    on_deep, deep_sql, took = reply(deep[-1])
    # a fixed number of statements whatever the depth (the old walk read one comment per level)
    assert len(deep_sql.seen) == len(short_sql.seen) <= 20, deep_sql.seen
    assert deep_sql.on_comments() <= 3 and took < 1.0
    assert (on_deep.thread, on_deep.reply_to, on_deep.in_reply_to) == (deep[0], deep[-1], "Japan")
    assert (on_deep.label, on_deep.in_text, on_deep.delegation, on_deep.author) == ("OP1", True, "Mexico",
                                                                                  "mx@example.org")
    # what add returns is what the listing shows, without add having rebuilt every thread
    listed = {r.id: r for t in comments.threads(session, actors["jp"], draft.id)[_op(draft, 1)] for r in t.replies}
    assert listed[on_deep.id] == on_deep and listed[on_short.id] == on_short
    # everyone who spoke anywhere in the long thread hears of the answer
    for who in ("jp", "us"):
        assert [n.kind for n in notifications.listing(session, actors[who]).items
                if n.kind == "reply"] == ["reply", "reply"]
    assert notifications.listing(session, actors["eu"]).items == []


def test_a_reply_to_a_resolved_thread_deep_down_reopens_it(session, actors, draft):
    ids = _reply_chain(session, actors, draft, 50)
    assert comments.resolve(session, actors["us"], draft.id, ids[-1]).id == ids[0]  # resolves the whole thread
    session.expire_all()
    comments.add(session, actors["jp"], draft.id, None, "Not settled.", reply_to=ids[25])
    [thread] = comments.threads(session, actors["jp"], draft.id)[_op(draft, 1)]
    assert not thread.resolved and len(thread.replies) == 51


def test_threads_and_drafts_have_a_ceiling(session, actors, draft, monkeypatch):
    op1 = _op(draft, 1)
    monkeypatch.setattr(comments, "MAX_REPLIES_PER_THREAD", 3)
    ids = _reply_chain(session, actors, draft, 3)
    with pytest.raises(Conflict, match="the thread of comment .* has 3 replies, the most a thread takes") as full:
        comments.add(session, actors["mx"], draft.id, None, "One more.", reply_to=ids[1])
    assert (full.value.status, full.value.where) == (409, "reply_to")
    other = comments.add(session, actors["mx"], draft.id, op1, "A new thread, then.")  # a new thread still may
    comments.add(session, actors["jp"], draft.id, None, "Answered.", reply_to=other.id)
    monkeypatch.setattr(comments, "MAX_COMMENTS_PER_DRAFT", 6)
    with pytest.raises(Conflict, match="has 6 comments, the most a draft takes") as full:
        comments.add(session, actors["mx"], draft.id, op1, "And another.")
    assert (full.value.status, full.value.where) == (409, "comment")
    with pytest.raises(Conflict, match="the most a draft takes"):
        comments.add(session, actors["mx"], draft.id, None, "A reply too.", reply_to=other.id)
    assert sum(1 + len(t.replies) for t in comments.threads(session, actors["us"], draft.id)[op1]) == 6
    assert comments._roots({}) == {} and comments.MAX_COMMENTS_PER_DRAFT == 6


def test_roots_are_found_in_one_pass_even_for_odd_rows():
    # a chain, a reply whose parent is not among the rows, and a loop (which the table
    # should never hold): each ends, each comment with one root
    parents = {1: None, 2: 1, 3: 2, 4: 3, 7: 99, 8: 7, 10: 11, 11: 10}
    roots = comments._roots(parents)
    assert {c: roots[c] for c in (1, 2, 3, 4)} == {1: 1, 2: 1, 3: 1, 4: 1}
    assert (roots[7], roots[8]) == (7, 7)
    assert set(roots) == set(parents) and roots[10] == roots[11] in (10, 11)
    deep = {n: (n - 1 if n else None) for n in range(100_000)}
    started = time.perf_counter()
    assert set(comments._roots(deep).values()) == {0}
    assert time.perf_counter() - started < 1.0
