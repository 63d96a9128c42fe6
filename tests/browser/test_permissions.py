"""Who sees and edits what, as two delegations in two browsers notice it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import create_draft, login

pytestmark = pytest.mark.browser

TITLE = "Strengthening international cooperation to counter synthetic drugs"


def test_private_until_circulated_then_co_sponsor_but_not_edit(new_context):
    us = new_context().new_page()
    login(us, "us@example.org")
    draft_id = create_draft(us, TITLE)
    us.goto(f"/drafts/{draft_id}")
    expect(us.locator("aside .status")).to_have_text("private")

    jp = new_context().new_page()  # a second browser: its own cookies, its own delegate
    login(jp, "jp@example.org")
    expect(jp.get_by_role("heading", name="Drafts")).to_be_visible()
    expect(jp.get_by_role("link", name=TITLE)).to_have_count(0)
    expect(jp.get_by_text("No drafts yet.")).to_be_visible()
    response = jp.goto(f"/drafts/{draft_id}")
    assert response.status == 404
    expect(jp.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(jp.get_by_role("alert")).to_be_visible()
    expect(jp.get_by_text(TITLE)).to_have_count(0)  # the 404 page does not leak the title

    us.get_by_role("button", name="Circulate to all delegations").click()
    expect(us.get_by_role("status")).to_contain_text("The draft is circulated")
    expect(us.locator("aside .status")).to_have_text("circulated")
    expect(us.get_by_role("button", name="Make private again")).to_be_visible()

    jp.goto("/")
    row = jp.locator("table.list tbody tr").filter(has=jp.get_by_role("link", name=TITLE))
    expect(row).to_contain_text("United States of America")
    expect(row.locator(".status")).to_have_text("circulated")
    row.get_by_role("link", name=TITLE).click()
    expect(jp).to_have_url(re.compile(rf"/drafts/{draft_id}$"))
    expect(jp.locator("aside .sponsor-line")).to_have_text("United States of America: draft resolution")
    jp.get_by_role("button", name="Join as co-sponsor (Japan)").click()
    expect(jp.get_by_role("status")).to_have_text("Sponsors now: Japan and United States of America: draft resolution")
    expect(jp.locator("aside .sponsor-line")).to_have_text("Japan and United States of America: draft resolution")
    expect(jp.locator("article .sponsor-line")).to_have_text("Japan and United States of America: draft resolution")
    expect(jp.get_by_role("button", name="Withdraw Japan as co-sponsor")).to_be_visible()
    jp.get_by_text("Sponsorship record").click()
    expect(jp.locator(".events li")).to_have_count(2)
    expect(jp.locator(".events li").last).to_contain_text("Japan joined (jp@example.org)")

    # Co-sponsoring is not holding the pen.
    expect(jp.locator("aside").get_by_role("link", name="Edit")).to_have_count(0)
    expect(jp.get_by_role("button", name="Make private again")).to_have_count(0)
    response = jp.goto(f"/drafts/{draft_id}/edit")
    assert response.status == 403
    expect(jp.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(jp.get_by_role("alert")).to_contain_text("Only the penholder delegation (United States of America)")

    us.reload()
    expect(us.locator("aside .sponsor-line")).to_have_text("Japan and United States of America: draft resolution")
