"""Destructive forms ask first (static/confirm.js), with the mouse and with the keyboard;
the pages run under the Content-Security-Policy and the account page fits 390 px."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from resolutions.formats import document_json
from resolutions.services import accounts, drafts
from tests.conftest import commit, draft_json

from .conftest import create_draft, login

pytestmark = pytest.mark.browser

TOKEN = "nightly export"
QUESTION = f"Revoke the token “{TOKEN}”? Programs using it stop working at once."


class Dialogs:
    """Answers every window.confirm() of a page as told, noting the questions."""

    def __init__(self, page):
        self.accept = False
        self.asked: list[str] = []
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.asked.append(dialog.message)
        dialog.accept() if self.accept else dialog.dismiss()


@pytest.fixture
def token(session):
    accounts.issue_token(session, "us@example.org", name=TOKEN)
    commit(session)


def test_a_dismissed_confirmation_submits_nothing_and_an_accepted_one_submits(page, token):
    login(page, "us@example.org")
    page.goto("/account")
    dialogs = Dialogs(page)
    card = page.locator("li.card.token").filter(has_text=TOKEN)
    expect(card.locator(".status")).to_have_text("active")

    card.get_by_role("button", name=f"Revoke {TOKEN}").click()
    assert dialogs.asked == [QUESTION]
    page.reload()  # had the form gone out, the token would now read "revoked"
    expect(card.locator(".status")).to_have_text("active")

    dialogs.accept = True
    card.get_by_role("button", name=f"Revoke {TOKEN}").click()
    expect(page.get_by_role("status").first).to_contain_text("is revoked")
    expect(card.locator(".status")).to_have_text("revoked")
    assert dialogs.asked == [QUESTION, QUESTION]


def test_the_keyboard_gets_the_same_question(page):
    login(page, "us@example.org")
    page.goto("/account")
    dialogs = Dialogs(page)
    button = page.get_by_role("button", name="Log out everywhere")
    button.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/account$"))
    assert dialogs.asked == ["Log out on every device, this one included?"]
    page.reload()
    expect(page.locator("header .who")).to_contain_text("us@example.org")  # still logged in

    dialogs.accept = True
    page.get_by_role("button", name="Log out everywhere").focus()
    page.keyboard.press("Space")
    page.wait_for_url("**/login")
    expect(page.get_by_role("status").first).to_contain_text("logged out everywhere")
    assert len(dialogs.asked) == 2


def test_pages_break_no_rule_of_the_policy(page):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    login(page, "us@example.org")
    draft_id = create_draft(page, "Strengthening international cooperation to counter synthetic drugs")
    for url in ("/", "/drafts/new", f"/drafts/{draft_id}", f"/drafts/{draft_id}/edit", "/account", "/search"):
        page.goto(url)
        page.wait_for_load_state("load")
    assert violations == []


@pytest.mark.parametrize("url", ["/login", "/account", "/"])
def test_pages_fit_a_phone_and_the_header_stays_usable(new_context, url, token):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    login(page, "us@example.org")
    if url == "/login":
        page.get_by_role("button", name="Log out").click()
    page.goto(url)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} is {overflow}px wider than a 390px screen"
    for element in page.locator("button:visible, a:visible, input:visible").all():
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5, element


def test_making_a_circulated_draft_private_asks_first(page, session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    login(page, "us@example.org")
    page.goto(f"/drafts/{created.id}")
    dialogs = Dialogs(page)
    page.get_by_role("button", name="Make private again").click()
    assert dialogs.asked == ["Make this draft private again? Other delegations will no longer see it."]
    page.reload()
    expect(page.locator(".status")).to_have_text("circulated")
    dialogs.accept = True
    page.get_by_role("button", name="Make private again").click()
    expect(page.locator(".status")).to_have_text("private")
