"""Without JavaScript every editor button posts the form and the server makes the edit."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import create_draft, login

pytestmark = pytest.mark.browser

TITLE = "Promoting alternative development as a development-oriented drug control strategy"
ENCOURAGES = "Encourages Member States to consider alternative development programmes;"
CALLS = "Calls upon Member States to strengthen regional cooperation;"


def test_editor_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    login(page, "mx@example.org")
    draft_id = create_draft(page, TITLE)
    labels = page.locator(".para-edit .para-label")
    areas = page.locator(".para-edit textarea")

    page.get_by_role("button", name="+ operative paragraph").click()  # a round trip to the server
    expect(labels).to_have_text(["OP1"])
    areas.nth(0).fill(ENCOURAGES)
    page.get_by_role("button", name="+ operative paragraph").click()
    expect(labels).to_have_text(["OP1", "OP2"])
    expect(areas.nth(0)).to_have_value(ENCOURAGES)  # typed text survives each round trip
    areas.nth(1).fill(CALLS)
    page.locator(".para-edit").nth(1).get_by_role("button", name="↑").click()
    expect(labels).to_have_text(["OP1", "OP2"])
    expect(areas.nth(0)).to_have_value(CALLS)
    expect(areas.nth(1)).to_have_value(ENCOURAGES)
    first = page.locator(".para-edit").nth(0)
    expect(first.locator(".mark")).to_have_text("1.")  # numbered, and the opening italic, by the server
    expect(first.locator(".rendered em")).to_have_text("Calls upon")
    expect(first.locator("textarea")).to_be_visible()  # without JavaScript the text area stays in view
    expect(first.locator(".para-tools")).to_be_visible()
    page.get_by_role("button", name="+ operative paragraph").click()  # left blank: dropped on save
    expect(labels).to_have_text(["OP1", "OP2", "OP3"])
    expect(page.locator("input[name=base_revision]")).to_have_value("1")

    page.get_by_label("What changed (optional)").fill("Operative part drafted without JavaScript")
    page.get_by_role("button", name="Save revision").click()
    expect(page).to_have_url(re.compile(rf"/drafts/{draft_id}$"))
    expect(page.get_by_role("status")).to_have_text("Saved revision 2.")
    expect(page.locator(".un-doc .para.operative .mark")).to_have_text(["1.", "2."])
    expect(page.locator(".un-doc .para.operative .text")).to_have_text([CALLS, ENCOURAGES])
    expect(page.locator("aside")).to_contain_text("2 of 2")

    page.get_by_role("link", name="History").click()
    expect(page.locator("table.list tbody tr").first).to_contain_text("Operative part drafted without JavaScript")
    expect(page.locator("table.list tbody tr")).to_have_count(2)
