"""Two tabs on the same revision: the second save is refused, and nothing typed is lost."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import create_draft, login

pytestmark = pytest.mark.browser

TITLE = "International cooperation to address and counter the world drug problem"
FIRST = "Decides to convene a high-level meeting on synthetic drugs during its eighty-first session;"
SECOND = "Urges Member States to ratify or accede to the international drug control conventions;"


def test_second_tab_is_told_who_saved_and_keeps_its_text(new_context):
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
    tab2.get_by_label("What changed (optional)").fill("Added OP1")
    with tab2.expect_response(lambda r: r.request.method == "POST") as posted:
        tab2.get_by_role("button", name="Save revision").click()
    assert posted.value.status == 409
    error = tab2.locator("#editor-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_have_text(re.compile(r"^us@example\.org \(United States of America\) saved revision 2 after "
                                          r"the revision 1 you started from\."))
    expect(error).to_contain_text("Your text has not been saved")
    expect(tab2.locator(".para-edit textarea")).to_have_count(1)
    expect(tab2.locator(".para-edit textarea")).to_have_value(SECOND)
    expect(tab2.locator(".para-edit .para-label")).to_have_text(["OP1"])
    expect(tab2.get_by_label("What changed (optional)")).to_have_value("Added OP1")
    expect(tab2.locator("input[name=base_revision]")).to_have_value("1")
    expect(tab2.locator("input[name=title]")).to_have_value(TITLE)

    tab1.reload()
    expect(tab1.locator(".un-doc .para.operative .text")).to_have_text([FIRST])
    expect(tab1.locator("aside")).to_contain_text("2 of 2")
