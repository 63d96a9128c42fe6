"""A comment thread on the compilation text, and What's new: Japan comments, the United
States replies and resolves, Japan hears of the reply, opens it and lands on it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from resolutions.formats import document_json
from resolutions.services import drafts
from tests.conftest import commit, draft_json

from .conftest import login

pytestmark = pytest.mark.browser

QUESTION = "Could “at all levels” read “at the national, regional and international levels”, as in 77/238?"
ANSWER = "Yes: we take it in the next revision.\nMexico, can you live with it?"


@pytest.fixture
def circulated(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    return created


def _op1(page):
    return page.locator("li.c-row").filter(has_text="Calls upon Member States").first


def test_a_thread_from_comment_to_resolved_and_the_reply_in_whats_new(new_context, circulated):
    draft_id = circulated.id
    japan = new_context().new_page()
    login(japan, "jp@example.org")
    japan.goto(f"/drafts/{draft_id}/compilation")
    row = _op1(japan)
    expect(row.locator(".comments .thread")).to_have_count(0)
    row.locator("details.add-comment > summary").click()
    row.get_by_label("Comment").fill(QUESTION)
    row.get_by_role("button", name="Add comment").click()
    expect(japan).to_have_url(re.compile(rf"/drafts/{draft_id}/compilation#comment-\d+$"))
    expect(japan.get_by_role("status")).to_have_text("Comment added.")
    comment_id = japan.url.rsplit("-", 1)[1]
    first = japan.locator(f"#comment-{comment_id}")
    expect(first).to_contain_text(QUESTION)
    expect(first).to_contain_text("Japan")
    expect(first).to_be_in_viewport()
    expect(japan.locator("header nav .unread-count")).to_have_count(0)

    us = new_context().new_page()
    login(us, "us@example.org")
    us.goto(f"/drafts/{draft_id}/compilation")
    thread = _op1(us).locator(".thread")
    expect(thread).to_contain_text(QUESTION)
    # keyboard only: open the reply form, type, send
    thread.locator("details.reply-form > summary").focus()
    us.keyboard.press("Enter")
    thread.get_by_label("Your reply").fill(ANSWER)
    thread.get_by_label("Your reply").press("Tab")
    us.keyboard.press("Enter")
    expect(us).to_have_url(re.compile(r"#comment-\d+$"))
    reply_id = us.url.rsplit("-", 1)[1]
    expect(us.locator(f"#comment-{reply_id} .comment-text")).to_have_text(ANSWER)  # newlines kept
    _op1(us).get_by_role("button", name="Resolve thread").click()
    expect(us.get_by_role("status")).to_contain_text("Thread resolved")
    resolved = _op1(us).locator("details.thread.resolved")
    expect(resolved).to_have_count(1)
    expect(resolved).not_to_have_attribute("open", "")
    expect(resolved.locator("> summary")).to_contain_text("Resolved")
    expect(resolved.locator("> summary")).to_contain_text("(1 reply)")
    expect(_op1(us).get_by_role("button", name="Resolve thread")).to_have_count(0)

    japan.goto("/")
    badge = japan.locator("header nav .unread-count")
    expect(badge).to_have_text("1 unread")
    japan.get_by_role("link", name=re.compile("What's new")).click()
    expect(japan).to_have_url(re.compile(r"/notifications$"))
    news = japan.locator("li.notification")
    expect(news).to_have_count(1)
    expect(news).to_have_class(re.compile(r"\bunread\b"))
    expect(news).to_contain_text("United States of America replied in a comment thread on OP1")
    expect(news).to_contain_text(circulated.document.title)
    news.get_by_role("link").click()
    expect(japan).to_have_url(re.compile(rf"/drafts/{draft_id}/compilation#comment-{reply_id}$"))
    landed = japan.locator(f"#comment-{reply_id}")
    expect(landed).to_be_visible()  # the collapsed thread opens for the comment it is asked for
    expect(landed).to_be_in_viewport()
    expect(landed).to_contain_text("Mexico, can you live with it?")
    expect(japan.locator("header nav .unread-count")).to_have_count(0)
    japan.goto("/notifications")
    expect(japan.locator("li.notification")).to_have_class(re.compile(r"\bread\b"))
    expect(japan.get_by_role("button", name="Mark all read")).to_have_count(0)
