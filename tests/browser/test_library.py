"""A delegate searches past resolutions, reads one, takes agreed language into a
paragraph and starts a draft from a resolution, in a real browser."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from resolutions.services import corpus_import, drafts
from tests.conftest import SHARED_CORPUS

from .conftest import create_draft, login

pytestmark = pytest.mark.browser


@pytest.fixture
def imported(session):
    for path in [SHARED_CORPUS / "akn/78/English/A_RES_78_131-2325898E.xml",
                 SHARED_CORPUS / "akn/78/French/A_RES_78_131-2325898F.xml"]:
        summary = corpus_import.import_path(session.info["database"].unit_of_work, path)
        assert summary.failed == []


def test_search_read_and_start_a_draft(imported, page):
    login(page, "jp@example.org")
    page.get_by_role("link", name="Search").click()
    page.get_by_role("searchbox", name="Search").fill('"synthetic drugs" AND precursor')
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".summary")).to_contain_text("1 document found")
    expect(page.locator(".snippet mark").first).to_be_visible()
    page.locator(".hit h2 a").first.click()
    expect(page.locator(".un-doc")).to_contain_text("Enhancing action at the national, regional and international")
    expect(page.locator(".acknowledgement")).to_contain_text("Source: United Nations")
    page.get_by_role("link", name="Français").click()
    expect(page.locator(".un-doc")).to_have_attribute("lang", "fr")
    page.get_by_role("button", name="Start a draft from this text").click()
    page.wait_for_url(re.compile(r"/drafts/\d+/edit$"))
    # the GA's session now (GA N opens in September of 1945 + N), not the text's next one
    expect(page.locator('input[name="session"]')).to_have_value(str(drafts.current_session("GA")))
    expect(page.locator(".para-label").first).to_have_text("PP1")


def test_malformed_query_is_explained(imported, page):
    login(page, "jp@example.org")
    page.goto('/search?q="never closed')
    expect(page.locator(".flash.error")).to_be_visible()


def test_agreed_language_is_one_click_away_in_the_editor(imported, page):
    login(page, "us@example.org")
    create_draft(page, "Synthetic drugs")
    page.get_by_role("button", name="+ operative paragraph").click()
    area = page.locator("textarea[name=ptext]").last
    area.fill("Encourages Member States to enhance information exchange on the illicit manufacture of "
              "synthetic drugs through international mechanisms;")
    area.locator("xpath=ancestor::div[contains(@class,'para-edit')]").get_by_role(
        "button", name="Agreed language").click()
    panel = page.locator(".precedents").last
    expect(panel).to_contain_text("of A/RES/78/131")
    expect(panel.locator("ins, del").first).to_be_visible()
    panel.get_by_role("button", name="Use this wording").first.click()
    expect(area).to_have_value(re.compile(r"^Encourages Member States to enhance information exchange"))
    expect(page.locator(".source").last).to_contain_text("A/RES/78/131 OP")
    page.locator("#save").click()
    page.wait_for_url(re.compile(r"/drafts/\d+$"))
    expect(page.locator(".un-doc")).to_contain_text("enhance information exchange")
