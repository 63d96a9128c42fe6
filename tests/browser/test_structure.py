"""A text with structure drafted in a real browser: a heading, a table and an annex added
with the editor's buttons and the keyboard, saved, shown with their numbers, and exported to
Word (the Export menu) with the same structure in the file. Screenshots at 1280 and 390 px
go to $SCREENSHOT_DIR (else the test's own folder) for a person to look at."""
from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from resolutions.services import drafts

from .conftest import create_draft, login

pytestmark = pytest.mark.browser


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _last_block(page):
    return page.locator("#section-operative > .para-edit").last


def _add(page, button: str, text: str):
    """Press an add button with the keyboard and type the new block's text."""
    page.get_by_role("button", name=button, exact=True).last.press("Enter")
    added = page.locator(f"#para-{_last_block(page).get_attribute('data-id')}")
    area = added.locator("textarea").first
    expect(area).to_be_focused()
    area.fill(text)
    return added


def test_a_heading_a_table_and_an_annex_are_drafted_numbered_and_exported(page, session, actors, tmp_path):
    shots = _shots(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "us@example.org")
    draft_id = create_draft(page, "Strengthening the coordination of humanitarian assistance")

    page.get_by_role("button", name="+ preambular paragraph").press("Enter")
    page.locator("#section-preamble textarea").first.fill("Recalling its resolution 46/182 of 19 December 1991,")
    _add(page, "+ operative paragraph", "Welcomes the report of the Secretary-General;")
    heading = _add(page, "Add heading", "Financing")
    heading.get_by_label("Paragraphs after it").select_option("1")  # the section's paragraphs start at 1
    _add(page, "+ operative paragraph", "Decides to establish a fund;")
    _add(page, "+ operative paragraph", "Requests the Secretary-General to report on the fund;")
    table = _add(page, "Add table", "Contributions")
    table.get_by_label(re.compile("^Cells")).fill("Member State | Share (per cent)\nJapan | 8.0\nMexico | 1.2")
    _add(page, "Add annex", "Terms of reference of the fund")
    _add(page, "+ operative paragraph", "The fund shall be administered by the Secretariat.")
    _add(page, "+ operative paragraph", "The fund shall report annually.")

    # the live check numbers the blocks as the saved text will print them
    expect(heading.locator(".para-label")).to_have_text("Heading I")
    expect(heading.locator(".mark")).to_have_text("I.")
    expect(table.locator(".para-label")).to_have_text("Table 1")
    expect(_last_block(page).locator(".para-label")).to_have_text("Annex OP2")
    expect(page.locator("#outline-list li.kind-annex")).to_have_text(re.compile("^Annex"))
    page.screenshot(path=str(shots / "structure-editor-1280.png"), full_page=True)

    page.keyboard.press("Control+s")
    page.wait_for_url(re.compile(rf"/drafts/{draft_id}$"))
    text = page.locator("article.un-doc")
    expect(text.locator("h2.block-heading")).to_have_text(re.compile(r"^I\.\s+Financing"))
    marks = text.locator(".para.operative.depth-0.kind-paragraph > .mark")
    expect(marks).to_have_text(["1.", "1.", "2.", "1.", "2."])  # OP1, then 1–2 after the heading, annex 1–2
    expect(text.locator("table.un-table th")).to_have_text(["Member State", "Share (per cent)"])
    expect(text.locator("table.un-table caption")).to_have_text("Contributions")
    expect(text.locator(".annex-break .annex-mark")).to_have_text("Annex")
    expect(text.locator(".annex-break .annex-title")).to_have_text("Terms of reference of the fund")
    page.screenshot(path=str(shots / "structure-draft-1280.png"), full_page=True)

    saved = drafts.view(session, actors["us"], draft_id).document
    assert [b.kind for b in saved.operative] == ["paragraph", "heading", "paragraph", "paragraph", "table",
                                                 "annex", "paragraph", "paragraph"]
    assert saved.operative[1].restart and saved.operative[4].rows[1] == ("Japan", "8.0")

    page.locator("#export-menu summary").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download .docx").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    word = docx.Document(str(path))
    lines = [p.text for p in word.paragraphs]
    at = {text: next(i for i, line in enumerate(lines) if text in line)
          for text in ("Welcomes the report", "Financing", "Decides to establish", "Terms of reference",
                       "administered by the Secretariat")}
    assert at["Welcomes the report"] < at["Financing"] < at["Decides to establish"] < at["Terms of reference"] \
        < at["administered by the Secretariat"]
    assert any(line.strip() == "Annex" for line in lines[at["Decides to establish"]:at["Terms of reference"] + 1])
    cells = [[cell.text for cell in row.cells] for t in word.tables for row in t.rows]
    assert ["Member State", "Share (per cent)"] in cells and ["Japan", "8.0"] in cells

    # a phone: nothing scrolls sideways but the table's own box
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/drafts/{draft_id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".table-scroll")
    box.focus()  # reached by the keyboard, to scroll it
    expect(box).to_be_focused()
    page.screenshot(path=str(shots / "structure-draft-390.png"), full_page=True)
    page.goto(f"/drafts/{draft_id}/edit")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".para-edit.kind-heading .rendered").click()
    expect(page.get_by_label("Paragraphs after it")).to_have_value("1")
    page.screenshot(path=str(shots / "structure-editor-390.png"), full_page=True)


def test_an_arabic_draft_with_a_real_table_is_edited_right_to_left_and_saved_unchanged(page, session, actors):
    """A/RES/78/249 in Arabic: its text areas read from the right, and a save through the
    JavaScript editor (the backup, live check and all) keeps every cell and empty row."""
    from dataclasses import replace

    from resolutions.formats.akn_reader import read_akn
    from tests.conftest import SHARED_CORPUS, commit

    (doc,) = read_akn(next((SHARED_CORPUS / "akn/78/Arabic").glob("A_RES_78_249-*.xml")))
    created = drafts.create(session, actors["us"], replace(doc, symbol=None))
    commit(session)
    login(page, "us@example.org")
    page.goto(f"/drafts/{created.id}/edit")
    area = page.locator('#editor textarea[name="ptext"]').first
    assert area.evaluate("a => getComputedStyle(a).direction") == "rtl"
    expect(page.locator("#editor")).to_have_attribute("dir", "rtl")
    area.fill(area.input_value() + " ")  # a change, so that the save writes a revision
    page.keyboard.press("Control+s")
    page.wait_for_url(re.compile(rf"/drafts/{created.id}$"))
    saved = drafts.view(session, actors["us"], created.id).document
    tables = [(p.rows, p.header_rows) for _, _, p in saved.walk() if p.kind == "table"]
    assert tables and tables == [(p.rows, p.header_rows) for _, _, p in doc.walk() if p.kind == "table"]
