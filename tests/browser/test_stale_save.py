"""Two tabs on the same revision: the second save is merged with the first, says so, and
nothing either typed is lost."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import create_draft, login

pytestmark = pytest.mark.browser

TITLE = "International cooperation to address and counter the world drug problem"
FIRST = "Decides to convene a high-level meeting on synthetic drugs during its eighty-first session;"
SECOND = "Urges Member States to ratify or accede to the international drug control conventions;"


def test_second_tab_is_merged_with_the_first_and_told_so(new_context):
    context = new_context()  # one browser, one log-in, two tabs
    tab1 = context.new_page()
    login(tab1, "us@example.org")
    draft_id = create_draft(tab1, TITLE)
    tab2 = context.new_page()
    tab2.goto(f"/drafts/{draft_id}/edit")
    for tab in (tab1, tab2):
        expect(tab.locator("input[name=base_revision]")).to_have_value("1")
        expect(tab.get_by_text("editing from revision 1")).to_be_visible()

    tab1.get_by_role("button", name="+ operative paragraph").click()
    tab1.locator(".para-edit textarea").last.fill(FIRST)
    tab1.get_by_role("button", name="Save revision").click()
    expect(tab1).to_have_url(re.compile(rf"/drafts/{draft_id}$"))
    expect(tab1.get_by_role("status")).to_have_text("Saved revision 2.")

    tab2.get_by_role("button", name="+ operative paragraph").click()
    tab2.locator(".para-edit textarea").last.fill(SECOND)
    tab2.get_by_label("What changed (optional)").fill("Added OP2")
    with tab2.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/edit")) as posted:
        tab2.get_by_role("button", name="Save revision").click()
    assert posted.value.status == 302
    expect(tab2).to_have_url(re.compile(rf"/drafts/{draft_id}$"))
    expect(tab2.get_by_role("status")).to_have_text(
        "Saved revision 3 (merged with revision 2, saved by us@example.org (United States of America)).")
    expect(tab2.locator(".un-doc .para.operative .text")).to_have_text([FIRST, SECOND])
    expect(tab2.locator("aside")).to_contain_text("3 of 3")

    # Saving the same text again writes nothing.
    tab2.get_by_role("link", name="Edit").click()
    tab2.get_by_role("button", name="Save revision").click()
    expect(tab2.get_by_role("status")).to_have_text("Nothing to save: the text is the same as revision 3.")
    expect(tab2.locator("aside")).to_contain_text("3 of 3")
