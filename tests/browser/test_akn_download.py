"""A delegate downloads the Akoma Ntoso XML of a draft and of a library resolution, with
the keyboard, in a real browser; the files validate and read back."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from resolutions.formats.akn_reader import read_akn
from resolutions.formats.akn_writer import validate
from resolutions.services import corpus_import
from tests.conftest import SHARED_CORPUS

from .conftest import create_draft, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("AKN_SCREENSHOTS")  # a folder: the pages at 1366 and 390 px for a look


@pytest.fixture
def imported(session):
    path = SHARED_CORPUS / "akn/78/English/A_RES_78_131-2325898E.xml"
    assert corpus_import.import_path(session.info["database"].unit_of_work, path).failed == []


def _download_with_keyboard(page, link) -> bytes:
    link.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as file:
        return file.read()


def _shoot(page, name: str, link) -> None:
    if not SHOTS:
        return
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        link.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=False)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_download_a_draft_and_a_resolution_as_akoma_ntoso(imported, page):
    login(page, "us@example.org")
    draft_id = create_draft(page, "Enhancing action on synthetic drugs")
    page.goto(f"/drafts/{draft_id}")
    link = page.get_by_role("link", name="Akoma Ntoso (XML)")
    expect(link).to_be_visible()
    _shoot(page, "draft", link)
    data = _download_with_keyboard(page, link)
    validate(data)
    assert read_akn(data)[0].title == "Enhancing action on synthetic drugs"

    page.goto("/resolutions/A/RES/78/131")
    link = page.get_by_role("link", name="Akoma Ntoso (XML)")
    _shoot(page, "library", link)
    data = _download_with_keyboard(page, link)
    validate(data)
    assert read_akn(data)[0].symbol == "A/RES/78/131"
    assert re.search(rb"<docNumber>78/131\.</docNumber>", data)
