"""Agreed language in a real browser: each suggestion says how close it is, and using
one can be undone in one step, by the Undo button or by the textarea's own Ctrl+Z."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import create_draft, login
from .test_library import imported  # noqa: F401  (the fixture: A/RES/78/131 imported)

pytestmark = pytest.mark.browser
MINE = ("Encourages Member States to enhance information exchange on the illicit manufacture of "
        "synthetic drugs through international mechanisms;")


def _used(page):
    login(page, "us@example.org")
    create_draft(page, "Synthetic drugs")
    page.get_by_role("button", name="+ operative paragraph").click()
    area = page.locator("textarea[name=ptext]").last
    area.fill(MINE)
    block = area.locator("xpath=ancestor::div[contains(@class,'para-edit')]")
    block.get_by_role("button", name="Agreed language").click()
    panel = block.locator(".precedents")
    expect(panel.locator(".closeness").first).to_contain_text("% same words")
    panel.get_by_role("button", name="Use this wording").first.click()
    expect(area).not_to_have_value(MINE)
    expect(block.locator(".source")).to_contain_text("A/RES/78/131 OP")
    return area, block


def test_undo_button_restores_the_wording_and_source(imported, page):  # noqa: F811
    area, block = _used(page)
    undo = block.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()  # keyboard: Enter right after using
    page.keyboard.press("Enter")
    expect(area).to_have_value(MINE)
    expect(block.locator(".source")).to_be_hidden()
    expect(block.locator('input[name="psource"]')).to_have_value("")


def test_ctrl_z_in_the_textarea_undoes_the_used_wording(imported, page):  # noqa: F811
    area, _ = _used(page)
    area.focus()
    page.keyboard.press("Control+z")
    expect(area).to_have_value(MINE)
