"""Reviewing a long draft in the browser: changes only, walking the changes from the
keyboard, footnotes, a phone's width, and the same page without JavaScript."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from resolutions.services import drafts
from tests.conftest import commit
from tests.web.test_review import LONGEST, negotiated, one

from .conftest import login

pytestmark = pytest.mark.browser

CHANGES = ["PP4 changed", "OP2 changed", "OP5 deleted", "OP3 → OP5 moved", "OP7 → OP6 changed",
           "OP11 added", "OP12 changed", "OP208 (b) changed"]


@pytest.fixture
def long_draft(session, actors):
    """A/RES/77/248 (473 blocks with its headings) as a draft, then one round of amendments."""
    created = drafts.create(session, actors["us"], one(*LONGEST))
    drafts.save(session, actors["us"], created.id, 1, negotiated(created.document), "First reading")
    commit(session)
    return created.id


# Every block of the resolution (its headings and text blocks too) and the one added.
SHOWN = sum(1 for _ in one(*LONGEST).walk()) + 1


def open_compare(page, draft_id, query=""):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, "us@example.org")
    page.goto(f"/drafts/{draft_id}/compare?from=1&to=2{query}")
    return violations


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_walk_the_changes_with_the_keyboard_and_the_buttons(page, long_draft):
    violations = open_compare(page, long_draft)
    position = page.locator(".review-position")
    expect(page.locator(".review-bar")).to_be_visible()
    page.keyboard.press("j")
    expect(page.locator("#c-container_5")).to_be_focused()
    expect(position).to_have_text("Change 1 of 8: PP4 changed")
    for _ in range(3):
        page.keyboard.press("n")
    expect(page.locator("#c-para_64")).to_be_focused()
    expect(position).to_have_text("Change 4 of 8: OP3 → OP5 moved")
    assert page.locator("#c-para_64").evaluate("e => { const r = e.getBoundingClientRect(); "
                                               "return r.top >= 0 && r.bottom <= innerHeight }")
    page.keyboard.press("k")
    expect(position).to_have_text("Change 3 of 8: OP5 deleted")
    page.get_by_role("button", name="Next change ↓").click()
    expect(page.locator("#c-para_64")).to_be_focused()
    page.get_by_role("button", name="Previous change ↑").click()
    expect(page.locator("#c-para_71")).to_be_focused()
    page.locator("[id='c-para_5295_list_point_b']").focus()
    page.keyboard.press("j")
    expect(position).to_have_text("No change after this one.")
    page.get_by_label("View").focus()  # keys typed into a form field are the field's
    page.keyboard.press("p")
    expect(page.locator("[id='c-para_5295_list_point_b']")).not_to_be_focused()
    page.get_by_role("checkbox", name=re.compile("^Keys")).uncheck()  # single-key shortcuts can be switched off …
    page.locator("#c-para_64").focus()
    page.keyboard.press("j")
    expect(page.locator("#c-para_64")).to_be_focused()
    page.reload()  # … and stay off in this browser
    expect(page.get_by_role("checkbox", name=re.compile("^Keys"))).not_to_be_checked()
    assert violations == []


def test_the_summary_links_to_every_change(page, long_draft):
    open_compare(page, long_draft)
    links = page.locator(".change-list a")
    expect(links).to_have_text(CHANGES)
    links.filter(has_text="OP5 deleted").click()
    expect(page).to_have_url(re.compile(r"#c-para_71$"))
    deleted = page.locator("#c-para_71")
    expect(deleted).to_be_in_viewport()
    expect(deleted).to_be_focused()  # a focusable target takes the focus: j goes on from here
    page.keyboard.press("j")
    expect(page.locator("#c-para_64")).to_be_focused()
    expect(deleted).to_contain_text("OP5")
    expect(deleted.locator("del")).to_contain_text("Calls upon States Parties to the Convention")


def test_changes_only_folds_the_long_runs_and_all_shows_them(page, long_draft):
    open_compare(page, long_draft)
    folded = height(page)
    gaps = page.locator("details.gap")
    expect(gaps).to_have_count(3)
    expect(gaps.nth(1).locator("summary")).to_have_text(re.compile(r"^… \d+ unchanged paragraphs \(OP15–OP207\)$"))
    inside = gaps.nth(1).locator(".para").first
    expect(inside).to_be_hidden()
    gaps.nth(1).locator("summary").click()
    expect(inside).to_be_visible()
    expect(inside.locator(".label")).to_have_text("OP15")
    page.get_by_role("link", name="Show all paragraphs").click()
    expect(page.locator("details.gap")).to_have_count(0)
    expect(page.locator(".inline-diff .para")).to_have_count(SHOWN)
    everything = height(page)
    assert folded * 8 < everything, (folded, everything)
    page.get_by_role("link", name="Show changes only").click()
    expect(page.locator("details.gap")).to_have_count(3)


def test_footnotes_show_as_numbered_markers_with_their_text(page, long_draft):
    open_compare(page, long_draft)
    expect(page.locator("main")).not_to_contain_text("^[")
    op7 = page.locator("#c-para_82")
    marker = op7.locator("del a.fn-ref")
    expect(marker).to_have_attribute("title", re.compile(r"^Footnote \d+ \(deleted\): SPLOS/30/12\.$"))
    number = marker.inner_text()
    note = op7.locator(f"li#fn-{number}")
    expect(note).to_contain_text("SPLOS/30/12.")
    expect(note.locator(".badge")).to_have_text("footnote deleted")
    marker.click()  # the marker leads to its text below the paragraph
    expect(page).to_have_url(re.compile(rf"#fn-{number}$"))
    added = page.locator("#c-para_103 ins a.fn-ref")
    expect(added).to_have_attribute("title", re.compile(r"\(added\): A/77/331\.$"))


def test_side_by_side_stacks_on_a_phone(new_context, long_draft):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    open_compare(page, long_draft, "&view=side")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("#c-para_64")
    old, new = row.locator(".side.old"), row.locator(".side.new")
    expect(old.locator(".side-name")).to_have_text("Revision 1")
    expect(old.locator(".label")).to_have_text("OP3")
    expect(new.locator(".label")).to_have_text("OP5")
    old_box, new_box = old.bounding_box(), new.bounding_box()
    assert new_box["y"] >= old_box["y"] + old_box["height"] - 1  # old above new, not beside it
    assert new_box["width"] > 300
    page.keyboard.press("j")
    expect(page.locator("#c-container_5")).to_be_focused()


def test_without_javascript_the_page_still_reviews(new_context, long_draft):
    page = new_context(java_script_enabled=False).new_page()
    open_compare(page, long_draft)
    expect(page.locator(".review-bar")).to_be_hidden()  # it needs the script; the links do not
    page.locator(".change-list a", has_text="OP3 → OP5 moved").click()
    expect(page).to_have_url(re.compile(r"#c-para_64$"))
    expect(page.locator("#c-para_64")).to_be_in_viewport()
    gap = page.locator("details.gap").first
    gap.locator("summary").click()
    expect(gap.locator(".para").first).to_be_visible()
    page.get_by_role("link", name="Show all paragraphs").click()
    expect(page.locator(".inline-diff .para")).to_have_count(SHOWN)
