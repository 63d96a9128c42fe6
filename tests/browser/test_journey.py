"""A penholder's day: create a draft, write it in the JavaScript editor, save, revise,
compare and export, checking what the delegate sees on the real pages."""
from __future__ import annotations

import re
import zipfile

import docx
import pytest
from playwright.sync_api import expect

from resolutions.formats.docx_reader import read_docx

from .conftest import create_draft, login

pytestmark = pytest.mark.browser

TITLE = "Enhancing action to address the challenges posed by synthetic drugs"
PP = ["Recalling its resolution on addressing and countering the world drug problem,^[Resolution 77/238.]",
      "Reaffirming its commitment to the goals and objectives of the international drug control conventions,"]
ENCOURAGES = "Encourages Member States to share information on synthetic drugs through existing mechanisms;"
REQUESTS = "Requests the Secretary-General to submit to the General Assembly at its eighty-first session a report on:"
SUB = "The implementation of the present resolution."
CALLS = "Calls upon Member States to carry out coordinated actions at all levels;"


def labels(page):
    return expect(page.locator(".para-edit .para-label"))


def texts(page) -> list[str]:
    return [area.input_value() for area in page.locator(".para-edit textarea").all()]


def block(page, label: str):
    """The editor block whose label reads exactly ``label`` (PP1, OP2 (a) …)."""
    exactly = re.compile(f"^{re.escape(label)}$")
    return page.locator(".para-edit").filter(has=page.locator(".para-label", has_text=exactly))


def open_paragraph(page, label: str) -> None:
    """Click a paragraph's printed text: it turns into its text area, with its tools below."""
    block(page, label).locator(".rendered").click()
    expect(block(page, label).locator("textarea")).to_be_focused()


def test_draft_write_revise_compare_export(page, tmp_path):
    login(page, "us@example.org")
    draft_id = create_draft(page, TITLE)
    expect(page.get_by_role("status")).to_contain_text("Draft created")
    expect(page.locator(".editor .formula em")).to_have_text("The General Assembly")

    # Paragraphs are added in the page, without a reload: the URL and the flash stay.
    for text in PP:
        page.locator("button[data-op=add][data-section=preamble]:not([data-kind])").click()
        page.keyboard.type(text)  # the new paragraph has the focus
    for text in (ENCOURAGES, REQUESTS, CALLS):
        page.locator("button[data-op=add][data-section=operative]:not([data-kind])").click()
        page.locator(".para-edit textarea").last.fill(text)
    expect(page.get_by_role("status")).to_contain_text("Draft created")
    labels(page).to_have_text(["PP1", "PP2", "OP1", "OP2", "OP3"])  # numbered by the server's live check
    # Only operative paragraphs take subparagraphs: the button is not even shown on PP1.
    open_paragraph(page, "PP1")
    expect(block(page, "PP1").locator("button[data-op=add-sub]")).to_be_hidden()
    open_paragraph(page, "OP1")
    expect(block(page, "OP1").locator("button[data-op=add-sub]")).to_be_visible()
    expect(block(page, "PP1").locator(".para-tools")).to_be_hidden()  # one paragraph open at a time

    open_paragraph(page, "OP2")
    block(page, "OP2").locator("button[data-op=add-sub]").click()
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Paragraph OP2 (a)")
    page.keyboard.type(SUB)
    labels(page).to_have_text(["PP1", "PP2", "OP1", "OP2", "OP2 (a)", "OP3"])
    assert texts(page)[2:] == [ENCOURAGES, REQUESTS, SUB, CALLS]

    # "Calls upon" belongs first: up once with the button, once with Alt+↑.
    open_paragraph(page, "OP3")
    block(page, "OP3").locator("button[data-op=up]").click()
    labels(page).to_have_text(["PP1", "PP2", "OP1", "OP2", "OP3", "OP3 (a)"])
    assert texts(page)[2:] == [ENCOURAGES, CALLS, REQUESTS, SUB], "the subparagraph travels with its parent"
    block(page, "OP2").locator("textarea").press("Alt+ArrowUp")
    labels(page).to_have_text(["PP1", "PP2", "OP1", "OP2", "OP3", "OP3 (a)"])
    assert texts(page)[2:] == [CALLS, ENCOURAGES, REQUESTS, SUB]
    expect(page.locator(":focus")).to_have_value(CALLS)
    expect(block(page, "OP1").locator("textarea")).to_have_attribute("aria-label", "Paragraph OP1")
    assert page.locator(".para-edit[data-depth='1'] input[name=pdepth]").input_value() == "1"

    page.locator("#save").click()
    page.wait_for_url(re.compile(rf"/drafts/{draft_id}$"))
    expect(page.get_by_role("status")).to_have_text("Saved revision 2.")
    doc = page.locator("article.un-doc")
    expect(doc.locator(".session")).to_have_text("Eightieth session")
    expect(doc.locator(".doc-title")).to_have_text(TITLE)
    expect(doc.locator(".formula em")).to_have_text("The General Assembly")
    expect(doc.locator(".para.preamble em")).to_have_text(["Recalling", "Reaffirming its commitment"])
    expect(doc.locator(".para.operative.depth-0 em")).to_have_text(["Calls upon", "Encourages", "Requests"])
    expect(doc.locator(".para.operative .mark")).to_have_text(["1.", "2.", "3.", "(a)"])
    expect(doc.locator(".para.operative .text")).to_have_text([CALLS, ENCOURAGES, REQUESTS, SUB])
    expect(doc.locator(".para.preamble").first.locator("sup.fn")).to_have_text("1")
    expect(doc.locator(".footnotes li")).to_have_text(["Resolution 77/238."])
    expect(doc.locator(".para.preamble").first.locator(".text")).to_have_text(
        "Recalling its resolution on addressing and countering the world drug problem,1")

    # A second revision: one word agreed in informals.
    page.get_by_role("link", name="Edit").click()
    expect(page.locator(".para-edit textarea").nth(2)).to_have_value(CALLS)
    expect(page.locator(".para-edit textarea").first).to_have_value(PP[0])  # the footnote is back inline
    expect(block(page, "PP2").locator("button[data-op=add-sub]")).to_be_hidden()
    page.locator(".para-edit textarea").nth(2).fill(CALLS.replace("coordinated", "concerted"))
    page.get_by_label("What changed (optional)").fill("OP1 agreed in informals")
    page.keyboard.press("Control+s")
    page.wait_for_url(re.compile(rf"/drafts/{draft_id}$"))
    expect(page.locator(".para.operative .text").first).to_have_text(CALLS.replace("coordinated", "concerted"))

    # Creating the draft was revision 1; the two saves are revisions 2 and 3.
    page.get_by_role("link", name="History").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("OP1 agreed in informals")
    expect(rows.nth(2)).to_contain_text("Created")
    expect(rows.first).to_contain_text("United States of America")

    page.get_by_role("button", name="Compare").click()  # newest against the one before
    expect(page.get_by_role("heading", level=1)).to_have_text("Revision 2 → 3")
    expect(page.locator(".summary")).to_have_text("0 added, 0 deleted, 1 changed, 0 moved")
    changed = page.locator(".inline-diff .para.changed")
    expect(changed).to_have_count(1)
    expect(changed.locator(".label")).to_have_text("OP1")
    expect(changed.locator("del")).to_have_text("coordinated")
    expect(changed.locator("ins")).to_have_text("concerted")

    page.get_by_label("View").select_option("side")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"view=side"))
    sides = page.locator(".side-by-side")
    expect(sides.locator(".side-head span")).to_have_text(["Revision 2", "Revision 3"])
    row = sides.locator(".side-row.changed")
    expect(row.locator(".side.old del")).to_have_text("coordinated")
    expect(row.locator(".side.old ins")).to_have_count(0)
    expect(row.locator(".side.new ins")).to_have_text("concerted")
    expect(row.locator(".side.new del")).to_have_count(0)

    page.goto(f"/drafts/{draft_id}")
    page.locator("#export-menu summary").click()  # the Export menu: the clean manuscript is its default here
    with page.expect_download() as info:
        page.get_by_role("button", name="Download .docx").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    lines = [p.text.strip() for p in docx.Document(str(saved)).paragraphs if p.text.strip()]
    wanted = ["Eightieth session", TITLE, "The General Assembly,", "Recalling its resolution", "Reaffirming its commitment",
              "Calls upon Member States to carry out concerted", "Encourages Member States",
              "Requests the Secretary-General", "The implementation of the present resolution."]
    found = [next((i for i, line in enumerate(lines) if want in line), None) for want in wanted]
    assert None not in found, f"missing from the .docx: {[w for w, i in zip(wanted, found) if i is None]}\n{lines}"
    assert found == sorted(found), f"the .docx has the paragraphs out of order: {lines}"
    # "1.", "(a)" are Word numbering (inserting a paragraph in Word renumbers): the reader sees them
    read = read_docx(saved.read_bytes()).document
    assert [len(p.subparagraphs) for p in read.operative] == [0, 0, 1]
    with zipfile.ZipFile(saved) as package:
        assert "<w:numPr>" in package.read("word/document.xml").decode()
        assert "Resolution 77/238." in package.read("word/footnotes.xml").decode(), "the footnote is a Word footnote"
