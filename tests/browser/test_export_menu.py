"""The Export menu in a real browser: the choices a draft started from a real resolution
has, the Secretariat's default checked with its reason, a download by keyboard, and the
page at 1366 and 390 px (screenshots go to $SCREENSHOT_DIR when set, for a person to look at)."""
from __future__ import annotations

import datetime
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolutions.services import corpus_import, drafts, publications
from tests.browser.conftest import login
from tests.conftest import SHARED_CORPUS, commit

BASE_FILE = SHARED_CORPUS / "akn" / "78" / "English" / "A_RES_78_131-2325898E.xml"


@pytest.fixture
def based(app, session, actors):
    """A United States draft started from A/RES/78/131, circulated, OP1 reworded (revision 2)."""
    assert corpus_import.import_path(app.extensions["resolutions.db"].unit_of_work, BASE_FILE).failed == []
    us = actors["us"]
    started = publications.start_draft(session, us, "A/RES/78/131", today=datetime.date(2024, 12, 1))  # session 79
    drafts.set_status(session, us, started.id, "circulated")
    doc = started.document
    first = replace(doc.operative[0], text=doc.operative[0].text.replace("Member States", "all Member States", 1))
    saved = drafts.save(session, us, started.id, 1, replace(doc, operative=(first, *doc.operative[1:])))
    commit(session)
    return saved


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_menu_offers_the_drafts_choices_and_defaults_to_tracked_against_the_base(page, based, tmp_path):
    login(page, "us@example.org")
    page.goto(f"/drafts/{based.id}")
    summary = page.locator("#export-menu summary")
    summary.focus()
    page.keyboard.press("Enter")  # a disclosure opens from the keyboard
    menu = page.locator("#export-menu")
    expect(menu.locator("input[name=choice]")).to_have_count(4)
    base = page.get_by_label("Tracked changes against the base resolution, A/RES/78/131")
    expect(base).to_be_checked()
    expect(page.locator("#export-why")).to_contain_text("Based on A/RES/78/131")
    for label in ("Clean manuscript (revision 2)", "Tracked changes against an earlier revision",
                  "The compilation text: labels, statuses, open proposals"):
        expect(page.get_by_label(label)).to_be_visible()
    shots = _shots(tmp_path)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(shots / "export-menu-1366.png"))

    with page.expect_download() as info:
        page.get_by_role("button", name="Download .docx").press("Enter")
    download = info.value
    assert download.suggested_filename == f"GA-79-draft-{based.id}-rev2-tracked-against-base.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as package:
        body = package.read("word/document.xml").decode()
    assert "<w:ins " in body  # "all" inserted in OP1

    page.get_by_label("Tracked changes against an earlier revision").check()
    page.get_by_label("Revision to compare against").select_option("1")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download .docx").click()
    assert info.value.suggested_filename == f"GA-79-draft-{based.id}-rev2-tracked-against-rev1.docx"


def test_the_menu_fits_a_phone_on_the_draft_page_and_in_the_editor(page, based, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "us@example.org")
    shots = _shots(tmp_path)
    for name, url in (("show", f"/drafts/{based.id}"), ("edit", f"/drafts/{based.id}/edit")):
        page.goto(url)
        page.locator("#export-menu summary").click()
        expect(page.get_by_role("button", name="Download .docx")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the {name} page scrolls sideways at 390 px ({width} px)"
        page.locator("#export-menu").scroll_into_view_if_needed()
        page.locator("#export-menu").screenshot(path=str(shots / f"export-menu-{name}-390.png"))
    page.goto(f"/drafts/{based.id}/compilation")
    with page.expect_download() as info:
        page.get_by_role("link", name="Export the compilation text (.docx)").click()
    assert info.value.suggested_filename == f"GA-79-draft-{based.id}-rev2-compilation.docx"
