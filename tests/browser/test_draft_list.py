"""The drafts list in a real browser with the demo's drafts: no sideways scroll at 390 px,
filters reached and used with the keyboard alone."""
from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from resolutions.services import demo
from tests.conftest import commit

from .conftest import login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("DRAFT_LIST_SHOTS")  # a folder: save screenshots there to look at them


@pytest.mark.parametrize("width", [1366, 390])
def test_the_list_fits_and_filters_with_the_keyboard(new_context, session, width):
    demo.load(session)
    commit(session)
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    login(page, "jp@demo.example", demo.PASSWORD)
    page.goto("/")
    expect(page.locator("table.drafts-list tbody tr").first).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/drafts-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    found = Axe().run(page, context="main").response["violations"]  # the header is test_narrow_and_a11y's
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found if v["impact"] in ("serious", "critical")] == []
    page.get_by_label("Our part").focus()
    page.keyboard.press("ArrowDown")  # "We hold the pen"
    page.keyboard.press("Tab")  # Sort by
    page.keyboard.press("Tab")  # Show
    page.keyboard.press("Enter")  # submits the GET form
    page.wait_for_url("**ours=pen**")
    expect(page.get_by_label("Our part")).to_have_value("pen")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
