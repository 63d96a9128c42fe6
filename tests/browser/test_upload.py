"""Word uploads in a real browser: the penholder uploads a partner's file with tracked
changes by two authors, confirms who is who, and finds the proposals on the compilation
text; a delegation uploads its own Word draft and lands on the new draft's page."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolutions.formats import document_json
from resolutions.formats.docx_writer import write_docx
from resolutions.services import drafts
from tests.conftest import commit, draft_json
from tests.services.word_edits import WordEdits

from .conftest import login

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/upload-shots"))
WIDE, NARROW = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def shared(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    return drafts.view(session, actors["us"], created.id)


@pytest.fixture
def partners_file(shared, tmp_path) -> Path:
    data = (WordEdits(write_docx(shared.document, [shared.penholder]))
            .replace("Jane Doe (Japan)", "coordinated actions", "joint and coordinated actions")
            .insert_paragraph("Jane Doe (Japan)", "Strengthen early warning", "Train forensic laboratories;")
            .delete_paragraph("Delegación de México", "Requests the Secretary-General")
            .bytes())
    path = tmp_path / "Partners' comments.docx"
    path.write_bytes(data)
    return path


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport, size", [(WIDE, "1366"), (NARROW, "390")])
def test_partner_file_by_two_authors_becomes_proposals(new_context, shared, partners_file, viewport, size):
    page = new_context(viewport=viewport).new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{shared.id}/compilation")
    page.get_by_role("link", name="Upload a partner's Word file with tracked changes").click()
    expect(page.get_by_role("heading", name="Upload a partner's Word file")).to_be_visible()
    shoot(page, f"partner-form-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.get_by_label(re.compile("^Word file with tracked changes")).set_input_files(str(partners_file))
    page.get_by_role("button", name="Read the changes").click()

    expect(page.get_by_role("heading", name=re.compile("^Changes in Partners"))).to_be_visible()
    japan = page.get_by_label(re.compile(r"^Jane Doe \(Japan\)"))
    mexico = page.get_by_label(re.compile("^Delegación de México"))
    expect(japan).to_have_value("Japan")
    expect(mexico).to_have_value("Mexico")
    expect(page.locator(".upload-changes li")).to_have_count(3)
    expect(page.locator(".upload-changes ins").first).to_have_text("joint and ")
    shoot(page, f"partner-confirm-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # The uploader corrects nothing but leaves out the insertion; the keyboard can do it all.
    new_paragraph = page.get_by_role("checkbox", name=re.compile("new paragraph after OP2 \\(b\\)"))
    new_paragraph.focus()
    page.keyboard.press("Space")
    expect(new_paragraph).not_to_be_checked()
    page.get_by_role("button", name="Make the ticked changes proposals").click()

    page.wait_for_url(re.compile(rf"/drafts/{shared.id}/compilation$"))
    expect(page.get_by_role("status").first).to_contain_text("2 proposals made from the file.")
    expect(page.locator("body")).to_contain_text("(Japan)")
    expect(page.locator("body")).to_contain_text("(Mexico)")
    expect(page.locator("body")).to_contain_text("From Partners' comments.docx, uploaded by us@example.org")
    shoot(page, f"partner-proposals-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport, size", [(WIDE, "1366"), (NARROW, "390")])
def test_own_word_draft_becomes_a_new_draft(new_context, shared, tmp_path, viewport, size):
    path = tmp_path / "our draft.docx"
    path.write_bytes(write_docx(shared.document, ["Japan", "Mexico", "United States of America"]))
    page = new_context(viewport=viewport).new_page()
    login(page, "jp@example.org")
    page.get_by_role("link", name="New draft").first.click()
    shoot(page, f"new-draft-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.get_by_label(re.compile(r"^Word file \(.docx\)")).set_input_files(str(path))
    page.get_by_role("button", name="Upload and create the draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+$"))
    expect(page.locator("main")).to_contain_text("Draft created from our draft.docx")
    expect(page.locator("main")).to_contain_text("The file names Mexico and United States of America as sponsors")
    shoot(page, f"new-draft-uploaded-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport, size", [(WIDE, "1366"), (NARROW, "390")])
def test_a_delegation_confirms_in_its_own_name_only(new_context, shared, partners_file, viewport, size):
    """Japan's confirmation page offers Japan only, says so, and guesses no one else."""
    page = new_context(viewport=viewport).new_page()
    login(page, "jp@example.org")
    page.goto(f"/drafts/{shared.id}/upload")
    page.get_by_label(re.compile("^Word file with tracked changes")).set_input_files(str(partners_file))
    page.get_by_role("button", name="Read the changes").click()
    expect(page.locator(".authors")).to_contain_text("You may propose in the name of Japan only")
    expect(page.get_by_label(re.compile(r"^Jane Doe \(Japan\)"))).to_have_value("Japan")
    expect(page.get_by_label(re.compile("^Delegación de México"))).to_have_value("")
    expect(page.locator(".authors")).not_to_contain_text("looks like")
    # Delegate trial: at 390 px the "no one" choice was cut off; every chosen option is read whole.
    cut = page.evaluate("""() => [...document.querySelectorAll('.authors select')].filter(s => {
        const style = getComputedStyle(s), pen = document.createElement('canvas').getContext('2d');
        pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        return pen.measureText(s.options[s.selectedIndex].text).width + 40 > s.clientWidth;
    }).map(s => s.options[s.selectedIndex].text)""")
    assert cut == []
    shoot(page, f"partner-confirm-delegation-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
