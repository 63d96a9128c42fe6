"""The lifecycle in a real browser: the penholder submits, the Secretariat issues, the
penholder revises, a late sponsor gets an addendum, an oral revision is read out (its
wording filled in from the paragraph), and the draft is adopted by a recorded vote.
Irreversible steps ask first. Screenshots at 1366 and 390 px go to $SCREENSHOT_DIR when
set, for a person to look at."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolutions.formats import document_json
from resolutions.services import drafts, sponsorship
from tests.browser.conftest import login
from tests.conftest import commit, draft_json

pytestmark = pytest.mark.browser


@pytest.fixture
def circulated(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    sponsorship.join(session, actors["jp"], created.id)
    commit(session)
    return created


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _answer_dialogs(page, asked: list[str]):
    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()
    page.on("dialog", answer)


def _open(page, title: str):
    page.locator(".lifecycle-form summary", has_text=title).click()
    return page.locator(".lifecycle-form[open]", has_text=title)


def test_submit_issue_revise_addendum_oral_revision_adopt(new_context, session, actors, circulated, tmp_path):
    did, shots = circulated.id, _shots(tmp_path)
    penholder, clerk = new_context().new_page(), new_context().new_page()
    asked: list[str] = []
    _answer_dialogs(penholder, asked)
    _answer_dialogs(clerk, asked)

    login(penholder, "us@example.org")
    penholder.goto(f"/drafts/{did}")
    expect(penholder.locator(".lc-state")).to_have_text("Circulated")
    form = _open(penholder, "Submit for issuance")
    form.get_by_role("button", name="Submit revision 1").click()
    expect(penholder.locator(".lc-state")).to_have_text("Submitted for issuance")
    assert asked[-1].startswith("Submit revision 1 for issuance?")
    expect(penholder.get_by_role("link", name="Edit")).to_have_count(0)  # frozen

    login(clerk, "sec@example.org")
    clerk.goto(f"/drafts/{did}")
    issue = clerk.locator(".lifecycle-form[open]", has_text="Issue with a symbol")  # open: the one step to take
    issue.get_by_label("Symbol").fill("A/80/L.24")
    issue.get_by_role("button", name="Issue revision 1").click()
    expect(clerk.locator(".lifecycle-symbol")).to_have_text("A/80/L.24")

    view = drafts.view(session, actors["us"], did)
    drafts.save(session, actors["us"], did, 1, view.document.with_changes(title="Synthetic drugs: enhanced action"))
    commit(session)
    penholder.goto(f"/drafts/{did}")
    _open(penholder, "Submit a revised text").get_by_role("button", name="Submit revision 2").click()
    expect(penholder.locator(".lc-state")).to_have_text("Submitted for issuance")

    clerk.goto(f"/drafts/{did}")
    issue = clerk.locator(".lifecycle-form[open]", has_text="Issue with a symbol")
    expect(issue.get_by_label("Symbol")).to_have_value("A/80/L.24/Rev.1")
    issue.get_by_role("button", name="Issue revision 2").click()
    expect(clerk.locator(".lifecycle-symbol")).to_have_text("A/80/L.24/Rev.1")

    sponsorship.join(session, actors["mx"], did)  # a late sponsor
    commit(session)
    clerk.goto(f"/drafts/{did}")
    expect(clerk.locator(".lifecycle-sponsors")).to_contain_text("Additional sponsors: Mexico")
    addendum = _open(clerk, "Issue an addendum")
    expect(addendum).to_contain_text("Mexico")
    addendum.get_by_role("button", name="Issue A/80/L.24/Rev.1/Add.1").click()
    expect(clerk.locator("ol.timeline")).to_contain_text("A/80/L.24/Rev.1/Add.1")

    oral = _open(clerk, "Record an oral revision")
    clerk.set_viewport_size({"width": 390, "height": 844})  # the longest form, on a phone
    width = clerk.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the oral-revision form scrolls sideways at 390 px ({width} px)"
    oral.screenshot(path=str(shots / "lifecycle-oral-revision-390.png"))
    clerk.set_viewport_size({"width": 1366, "height": 1000})
    oral.get_by_label("Read out by").select_option("Mexico")
    oral.locator("select[name=paragraph]").select_option(index=4)  # after the placeholder: PP1, PP2, OP1, then OP 2
    wording = oral.get_by_label("New wording of the paragraph")
    expect(wording).to_have_value("Encourages Member States to:")  # filled in from the paragraph
    wording.fill("Strongly encourages Member States to:")
    oral.get_by_label("Statement read out").fill("In operative paragraph 2, insert “Strongly”.")
    oral.get_by_role("button", name="Record the oral revision").click()
    expect(clerk.locator("ol.timeline")).to_contain_text("Mexico revised 1 paragraph orally (revision 3)")
    expect(clerk.locator(".un-doc")).to_contain_text("Strongly encourages")

    adopt = _open(clerk, "Record adoption")
    # adopted "on" the last issuance and its addendum, as the UN writes it
    expect(adopt).to_contain_text("[without reference to a Main Committee (A/80/L.24/Rev.1 and A/80/L.24/Rev.1/Add.1)]")
    adopt.get_by_label("Resolution number").fill("174")
    adopt.get_by_label("Recorded vote").check()
    adopt.get_by_label("In favour").fill("Japan\nMexico\nUnited States of America")
    adopt.get_by_label("Against").fill("France")
    adopt.get_by_label("Abstaining").fill("Brazil")
    clerk.set_viewport_size({"width": 1366, "height": 1000})
    clerk.screenshot(path=str(shots / "lifecycle-adopt-form-1366.png"), full_page=True)
    adopt.get_by_role("button", name="Record adoption").press("Enter")  # the keyboard gets the question too
    expect(clerk.locator(".lc-state")).to_have_text("Adopted")
    expect(clerk.locator(".lifecycle-symbol")).to_have_text("A/RES/80/174")
    expect(clerk.locator(".lifecycle-vote")).to_have_text("By a recorded vote of 3 to 1, with 1 abstention")
    assert asked[-1].startswith("Record the adoption of revision 3 (A/80/L.24/Rev.1)?")
    steps = clerk.locator("ol.timeline .step .step-head strong")
    expect(steps).to_have_text(["Created", "Circulated", "Submitted", "Issued", "Revision submitted", "Issued",
                                "Addendum", "Oral revision", "Adopted"])
    clerk.screenshot(path=str(shots / "lifecycle-adopted-1366.png"), full_page=True)

    clerk.set_viewport_size({"width": 390, "height": 844})
    clerk.goto(f"/drafts/{did}")
    clerk.locator("#lifecycle").scroll_into_view_if_needed()
    width = clerk.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
    clerk.locator("#lifecycle").screenshot(path=str(shots / "lifecycle-adopted-390.png"))

    clerk.goto("/resolutions/A/RES/80/174")
    expect(clerk.locator("body")).to_contain_text("Strongly encourages Member States")


def test_the_forms_fit_a_phone_and_work_from_the_keyboard(new_context, circulated, tmp_path):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    asked: list[str] = []
    _answer_dialogs(page, asked)
    login(page, "us@example.org")
    page.goto(f"/drafts/{circulated.id}")
    summary = page.locator(".lifecycle-form summary", has_text="Submit for issuance")
    summary.focus()
    page.keyboard.press("Enter")
    button = page.get_by_role("button", name="Submit revision 1")
    expect(button).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#lifecycle").screenshot(path=str(_shots(tmp_path) / "lifecycle-submit-390.png"))
    button.locator("xpath=ancestor::form").get_by_label("Date").focus()
    page.keyboard.press("Enter")  # in a one-line field: no step taken (static/enter_guard.js)
    page.wait_for_timeout(300)
    expect(page.locator(".lc-state")).not_to_have_text("Submitted for issuance")
    assert asked == []
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".lc-state")).to_have_text("Submitted for issuance")
    assert len(asked) == 1


def test_the_secretariat_sees_why_action_waits_and_a_refused_vote_keeps_its_form(new_context, session, actors,
                                                                                 circulated, tmp_path):
    from resolutions.services import lifecycle
    did, shots = circulated.id, _shots(tmp_path)
    lifecycle.act(session, actors["us"], did, "submit", {})
    lifecycle.act(session, actors["sec"], did, "issue", {"symbol": "A/80/L.30"})
    commit(session)
    clerk = new_context().new_page()
    _answer_dialogs(clerk, [])
    login(clerk, "sec@example.org")
    clerk.goto(f"/drafts/{did}")
    adopt = _open(clerk, "Record adoption")
    adopt.get_by_label("Resolution number").fill("12")
    adopt.get_by_label("Recorded vote").check()
    adopt.get_by_label("In favour").fill("Japan\nNarnia")
    adopt.get_by_label("Abstaining").fill("Russia")
    adopt.get_by_role("button", name="Record adoption").click()
    expect(clerk.locator("[role=alert]")).to_contain_text("'Narnia' (in favour)")
    expect(clerk.locator("[role=alert]")).to_contain_text("did you mean Russian Federation?")
    expect(clerk.locator("label.culprit")).to_have_count(2)
    recorded = clerk.get_by_label("Recorded vote")
    expect(recorded).to_be_checked()
    clerk.screenshot(path=str(shots / "lifecycle-vote-refused-1366.png"), full_page=True)
    clerk.set_viewport_size({"width": 390, "height": 844})
    assert clerk.evaluate("document.documentElement.scrollWidth") <= 390
    clerk.screenshot(path=str(shots / "lifecycle-vote-refused-390.png"), full_page=True)
    abstaining = clerk.get_by_label("Abstaining")
    abstaining.fill("Russian Federation")
    in_favour = clerk.get_by_label("In favour")
    in_favour.fill("Japan")
    in_favour.press("Tab")
    clerk.get_by_role("button", name="Send again").press("Enter")
    expect(clerk.locator(".lc-state")).to_have_text("Adopted")
    clerk.set_viewport_size({"width": 1366, "height": 1000})

    other = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], other.id, "circulated")
    lifecycle.act(session, actors["us"], other.id, "submit", {})
    lifecycle.act(session, actors["sec"], other.id, "issue", {"symbol": "A/80/L.31"})
    view = drafts.view(session, actors["us"], other.id)
    drafts.save(session, actors["us"], other.id, 1, view.document.with_changes(title="Changed after issuance"))
    commit(session)
    clerk.goto(f"/drafts/{other.id}")
    expect(clerk.locator(".lifecycle-held")).to_contain_text(
        "Revision 2 has changes made after A/80/L.31 was issued (revision 1)")
    expect(clerk.locator(".lifecycle-form summary", has_text="Record adoption")).to_have_count(0)
    expect(clerk.locator(".lifecycle-form summary", has_text="Record an oral revision")).to_have_count(0)
    clerk.locator("#lifecycle").screenshot(path=str(shots / "lifecycle-held-back-1366.png"))
    clerk.set_viewport_size({"width": 390, "height": 844})
    clerk.goto(f"/drafts/{other.id}")
    assert clerk.evaluate("document.documentElement.scrollWidth") <= 390
    clerk.locator("#lifecycle").screenshot(path=str(shots / "lifecycle-held-back-390.png"))
