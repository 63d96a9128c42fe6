"""The draft page in a real browser in each state (private, issued, adopted, as the
penholder, a co-sponsor and the Secretariat) and the library page of the resolution, at
1366 and 390 px: the state and symbol at the top with jump links a keyboard reaches, the
text's cover as the state prints it, and the Export menu closed by Esc, its earlier-revision
select out of the Tab order until chosen. Screenshots go to $SCREENSHOT_DIR when set."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolutions.formats import document_json
from resolutions.services import drafts, lifecycle, sponsorship
from tests.browser.conftest import login
from tests.conftest import commit, draft_json

pytestmark = pytest.mark.browser
SIZES = ((1366, 900), (390, 844))


@pytest.fixture
def issued(session, actors):
    """A US draft Japan co-sponsors, issued as A/80/L.24; Mexico joined after issuance."""
    us, sec = actors["us"], actors["sec"]
    created = drafts.create(session, us, document_json.load(draft_json()))
    drafts.set_status(session, us, created.id, "circulated")
    sponsorship.join(session, actors["jp"], created.id)
    lifecycle.act(session, us, created.id, "submit", {})
    lifecycle.act(session, sec, created.id, "issue", {"symbol": "A/80/L.24"})
    sponsorship.join(session, actors["mx"], created.id)
    commit(session)
    return created.id


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(page, folder: Path, name: str) -> None:
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen


def test_private_and_issued_pages_show_the_state_at_the_top(new_context, session, actors, draft, issued, tmp_path):
    shots = _shots(tmp_path)
    page = new_context().new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{draft.id}")
    expect(page.locator(".draft-bar .lc-badge")).to_have_text("Private")
    expect(page.locator(".un-doc .masthead-symbol")).to_have_text("Draft")
    _shoot(page, shots, "draft-private")

    page.goto(f"/drafts/{issued}")
    page.set_viewport_size({"width": 390, "height": 844})
    bar = page.locator(".draft-bar")
    expect(bar).to_contain_text("Issued A/80/L.24")
    assert bar.bounding_box()["y"] < 200  # on a phone, the state is on the first screen
    expect(page.locator(".un-doc .masthead-symbol")).to_have_text("A/80/L.24")
    expect(page.locator(".un-doc .sponsor-line")).to_have_text("Japan and United States of America:* draft resolution")
    _shoot(page, shots, "draft-issued-penholder")

    # the jump links are reached by Tab and lead to what one acts on
    jump = page.locator(".jump-links a", has_text="Export")
    jump.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#export-menu")).to_have_attribute("open", "")
    expect(page.locator("#export-menu summary")).to_be_focused()
    assert page.locator("#export-menu").bounding_box()["y"] < page.evaluate("window.scrollY") + 844
    page.keyboard.press("Escape")
    expect(page.locator("#export-menu")).not_to_have_attribute("open", "")
    expect(page.locator("#export-menu summary")).to_be_focused()
    page.locator(".jump-links a", has_text="Lifecycle").press("Enter")
    assert abs(page.locator("#lifecycle").bounding_box()["y"]) < 100  # scrolled to the panel


def test_the_export_menu_keeps_its_suggestion_and_its_select_out_of_the_way(new_context, session, actors,
                                                                               issued, tmp_path):
    us = actors["us"]
    doc = drafts.view(session, us, issued).document
    drafts.save(session, us, issued, 1, document_json.load({**document_json.dump(doc), "title": doc.title + " now"}))
    commit(session)
    page = new_context().new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{issued}")
    page.locator("#export-menu summary").click()
    select = page.get_by_label("Revision to compare against")
    expect(select).to_be_disabled()
    expect(select.locator("option")).to_have_text(["revision 1 — A/80/L.24"])
    suggested = page.locator(".export-choice", has=page.locator(".export-suggested"))
    expect(suggested).to_contain_text("Tracked changes against the issued A/80/L.24")
    page.get_by_label("Tracked changes against an earlier revision").check()
    expect(select).to_be_enabled()
    expect(suggested.locator(".export-suggested")).to_be_visible()  # the marker stays on its choice
    page.keyboard.press("Tab")
    expect(select).to_be_focused()
    page.get_by_label("Clean manuscript").check()
    expect(select).to_be_disabled()
    page.keyboard.press("Escape")
    expect(page.locator("#export-menu")).not_to_have_attribute("open", "")
    page.locator("#export-menu summary").click()
    _shoot(page, _shots(tmp_path), "draft-export-menu")


@pytest.mark.parametrize("email,name", [("us@example.org", "penholder"), ("mx@example.org", "cosponsor"),
                                        ("sec@example.org", "secretariat")])
def test_the_adopted_draft_and_its_library_page(new_context, session, actors, issued, email, name, tmp_path):
    op1 = drafts.view(session, actors["us"], issued).document.operative[0].id
    lifecycle.act(session, actors["sec"], issued, "oral_revision", {
        "by": "Japan", "text": "In operative paragraph 1, after “Member States”, insert “and observers”. " * 3,
        "paragraphs": [{"id": op1, "text": "Calls upon Member States and observers to act at all levels;"}]})
    lifecycle.act(session, actors["sec"], issued, "adopt", {"symbol": "A/RES/80/245", "without_vote": True})
    commit(session)
    shots = _shots(tmp_path)
    page = new_context().new_page()
    login(page, email)
    page.goto(f"/drafts/{issued}")
    expect(page.locator(".draft-bar")).to_contain_text("Adopted A/RES/80/245")
    article = page.locator("article.un-doc")
    expect(article.locator(".masthead-symbol")).to_have_text("A/RES/80/245")
    expect(article.locator(".adopted")).to_contain_text("Resolution adopted by the General Assembly on")
    expect(article.locator(".proponent")).to_have_text("[without reference to a Main Committee (A/80/L.24)]")
    expect(article.locator(".doc-title")).to_contain_text("80/245. Enhancing action")
    expect(article.locator(".sponsor-line")).to_have_count(0)
    expect(page.get_by_role("button", name="Withdraw Mexico as co-sponsor")).to_have_count(0)
    if name == "cosponsor":
        expect(page.locator(".sponsorship-closed")).to_have_text(
            re.compile(r"^Sponsorship closed when the draft was adopted as A/RES/80/245 on \d{1,2}\s\w+ \d{4}\.$"))
    _shoot(page, shots, f"draft-adopted-{name}")
    oral = page.locator(".timeline .step-oral_revision")
    expect(oral.locator(".step-oral")).to_contain_text("OP 1 · the text as revised (revision 2)")
    oral.locator("summary").click()  # the long statement opens from its toggle
    expect(oral.locator(".statement")).to_be_visible()
    if name == "penholder":
        oral.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "draft-adopted-timeline-390.png"))

    page.locator(".timeline a", has_text="A/RES/80/245").click()
    expect(page).to_have_url(re.compile(r"/resolutions/A/RES/80/245$"))
    article = page.locator("article.un-doc")
    expect(article.locator(".sponsor-line")).to_have_count(0)
    expect(article.locator(".formula")).to_have_text("The General Assembly,")
    expect(article.locator(".proponent")).to_have_text("[without reference to a Main Committee (A/80/L.24)]")
    expect(page.locator("aside")).to_contain_text("Japan and United States of America")
    if name == "penholder":
        _shoot(page, shots, "library-adopted")
    page.get_by_role("link", name="The draft it was adopted from").click()
    expect(page.locator(".draft-bar")).to_contain_text("Adopted A/RES/80/245")
