"""Negotiating on the compilation text in a real browser: Japan proposes a new paragraph,
the European Union supports it, the penholder (United States) accepts it with changes and
sets statuses; every delegation then reads the right labels (bis) and statuses, while the
draft itself keeps clean numbering."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from resolutions.formats import document_json
from resolutions.services import drafts
from tests.conftest import commit, draft_json

from .conftest import login

pytestmark = pytest.mark.browser

PROPOSED = "Urges Member States to share data on new psychoactive substances;"
COMPROMISE = "Urges Member States to share data on new psychoactive substances through existing mechanisms;"


@pytest.fixture
def draft_id(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    return created.id


def row(page, label: str):
    exactly = re.compile(f"^{re.escape(label)}$")
    return page.locator(".c-row").filter(has=page.locator(".c-label", has_text=exactly))


def as_delegate(new_context, email: str, draft_id: int, **options):
    page = new_context(**options).new_page()
    login(page, email)
    page.goto(f"/drafts/{draft_id}/compilation")
    return page


def test_propose_support_accept_with_changes_and_statuses(new_context, draft_id):
    japan = as_delegate(new_context, "jp@example.org", draft_id)
    expect(japan.get_by_role("heading", name="Compilation text")).to_be_visible()
    expect(japan.locator(".c-label")).to_have_text(["PP1", "PP2", "OP1", "OP2", "OP2 (a)", "OP2 (b)", "OP3"])

    # Japan: a new paragraph after OP1. Choosing "Add" empties the box prefilled with OP1's text.
    op1 = row(japan, "OP1")
    op1.get_by_text("Propose a change to OP1").click()
    op1.get_by_label("Add a new paragraph").check()
    expect(op1.get_by_label("Only these words")).to_be_hidden()
    text = op1.get_by_label(re.compile("^Text"))
    expect(text).to_have_value("")
    text.fill(PROPOSED)
    op1.get_by_label(re.compile("^Note")).fill("Data sharing is the gap the report found.")
    op1.get_by_role("button", name="Propose for Japan").click()
    expect(japan.get_by_role("status")).to_contain_text("OP1 bis (Japan)")
    proposed = row(japan, "OP1 bis")
    expect(proposed.locator(".c-badge").first).to_have_text("proposed")
    expect(proposed).to_contain_text(PROPOSED)
    assert re.search(r"#proposal-\d+$", japan.url)

    # The European Union joins it.
    eu = as_delegate(new_context, "eu@example.org", draft_id)
    row(eu, "OP1 bis").get_by_role("button", name="Support (European Union)").click()
    expect(eu.get_by_role("status")).to_contain_text("European Union joined proposal")
    expect(row(eu, "OP1 bis").locator(".c-by")).to_have_text("(Japan, EU)")

    # The penholder accepts it with changes, from the keyboard.
    us = as_delegate(new_context, "us@example.org", draft_id)
    bis = row(us, "OP1 bis")
    summary = bis.get_by_text("Accept with changes, or reject")
    summary.focus()
    us.keyboard.press("Enter")
    box = bis.get_by_label(re.compile("as you accept it"))
    expect(box).to_have_value(PROPOSED)
    box.fill(COMPROMISE)
    bis.get_by_role("button", name="Accept with these changes").click()
    expect(us.get_by_role("status")).to_contain_text("accepted with changes as revision 2")

    # OP1 bis is now a paragraph of the text, new since circulation; OP2 keeps its label.
    new = row(us, "OP1 bis")
    expect(new.locator(".c-badge")).to_have_text(["pending", "new"])
    expect(new.locator(".c-text")).to_have_text(COMPROMISE)
    expect(row(us, "OP2")).to_contain_text("OP3 in the draft's own numbering")

    # Statuses: OP1 agreed ad ref, OP3 with nested brackets.
    op1 = row(us, "OP1")
    op1.get_by_text("Set status (pending)").click()
    op1.get_by_label("Status").select_option("agreed_ad_ref")
    op1.get_by_role("button", name="Set status of OP1").click()
    expect(us.get_by_role("status")).to_contain_text("OP1 is now agreed ad ref")
    op3 = row(us, "OP3")
    op3.get_by_text("Set status (pending)").click()
    op3.get_by_label("Status").select_option("bracketed")
    op3.get_by_label(re.compile("^Brackets")).fill(
        "Requests the Secretary-General to report [at its [eighty-first] session].")
    op3.get_by_role("button", name="Set status of OP3").click()
    expect(us.get_by_role("status")).to_contain_text("OP3 is now bracketed")

    # What Japan reads now.
    japan.goto(f"/drafts/{draft_id}/compilation")
    expect(japan.locator(".c-label")).to_have_text(
        ["PP1", "PP2", "OP1", "OP1 bis", "OP2", "OP2 (a)", "OP2 (b)", "OP3"])
    expect(row(japan, "OP1").locator(".c-badge")).to_have_text("agreed ad ref")
    expect(row(japan, "OP3").locator(".c-badge")).to_have_text("bracketed")
    expect(row(japan, "OP3").locator(".c-text")).to_contain_text("report [at its [eighty-first] session].")
    expect(japan.locator(".c-counts")).to_contain_text("pending 6")
    expect(japan.locator(".c-counts")).to_contain_text("agreed ad ref 1")
    expect(japan.locator(".c-counts")).to_contain_text("bracketed 1")
    japan.locator(".c-filters").get_by_label("Status").select_option("bracketed")
    japan.get_by_role("button", name="Show").click()
    expect(japan.locator(".c-label")).to_have_text(["OP3"])

    # The draft itself: clean numbering, and the revision says whose proposal it was.
    japan.goto(f"/drafts/{draft_id}")
    expect(japan.locator(".para.operative.depth-0 .mark")).to_have_text(["1.", "2.", "3.", "4."])
    expect(japan.locator("aside")).to_contain_text("Accepted proposal")
    expect(japan.locator("aside")).to_contain_text("(Japan, European Union)")
    expect(japan.get_by_role("link", name=re.compile("Compilation text"))).to_be_visible()


def test_the_page_fits_a_phone(new_context, draft_id):
    page = as_delegate(new_context, "jp@example.org", draft_id, viewport={"width": 390, "height": 844})
    row(page, "OP1").get_by_text("Propose a change to OP1").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(row(page, "OP1").get_by_role("button", name="Propose for Japan")).to_be_visible()


def test_a_malformed_link_fragment_leaves_the_forms_working(new_context, draft_id):
    page = new_context().new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, "jp@example.org")
    page.goto(f"/drafts/{draft_id}/compilation#%E0%A4%A")  # a bad % escape: decodeURIComponent throws
    op1 = row(page, "OP1")
    op1.get_by_text("Propose a change to OP1").click()
    op1.get_by_label("Add a new paragraph").check()
    expect(op1.get_by_label("Only these words")).to_be_hidden()  # the kind toggles still work
    expect(op1.get_by_label(re.compile("^Text"))).to_have_value("")
    page.evaluate("location.hash = '%'")  # and on a hash change
    op1.get_by_label("Replace wording").check()
    expect(op1.get_by_label("Only these words")).to_be_visible()
    assert errors == []
