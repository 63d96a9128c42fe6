"""The draft editor in a real browser: the outline, paragraphs edited in place with the
server's live check, two of the penholder's team saving at once (merged, or resolved side
by side), and the copy of unsaved edits that survives a reload or a crash."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from resolutions.formats.akn_reader import read_akn
from resolutions.services import drafts
from tests.conftest import SHARED_CORPUS, commit

from .conftest import login

pytestmark = pytest.mark.browser

LARGEST = SHARED_CORPUS / "akn/77/English/A_RES_77_248-2300140E.xml"  # 454 paragraphs


def block(page, label: str):
    exactly = re.compile(f"^{re.escape(label)}$")
    return page.locator(".para-edit").filter(has=page.locator(".para-label", has_text=exactly))


def open_paragraph(page, label: str):
    """Click a paragraph's printed text: its text area takes its place, with the focus."""
    found = block(page, label)
    found.locator(".rendered").click()
    expect(found.locator("textarea")).to_be_focused()
    return found


def editor(new_context, email: str, draft_id: int):
    page = new_context().new_page()
    login(page, email)
    page.goto(f"/drafts/{draft_id}/edit")
    return page


def saved_text(session, actors, draft_id):
    session.expire_all()
    return drafts.view(session, actors["us"], draft_id)


def test_a_paragraph_is_shown_once_and_checked_by_the_server_as_it_is_typed(new_context, draft):
    page = editor(new_context, "us@example.org", draft.id)
    pp2 = block(page, "PP2")
    expect(pp2.locator(".rendered em")).to_have_text("Recalling")
    expect(pp2.locator("textarea")).to_have_css("opacity", "0")  # one view per paragraph: the printed text
    expect(pp2.locator(".para-tools")).to_be_hidden()
    area = open_paragraph(page, "PP2").locator("textarea")
    expect(pp2.locator(".rendered")).to_be_hidden()
    area.press("End")
    area.press("Backspace")  # the comma a preambular paragraph ends with
    expect(pp2.locator(".warning")).to_have_text("⚠ A preambular paragraph ends with a comma. Add “,” at the end.")
    expect(page.locator("#outline-list li").nth(1)).to_have_class(re.compile(r"\bwarned\b"))
    area.fill("Noting with appreciation its resolution 77/238,^[Adopted on 15 December 2022.]")
    page.keyboard.press("Tab")  # on to the paragraph's tools, still inside it
    expect(area).to_be_visible()
    page.locator("#f-title").click()  # leaving the paragraph shows it as printed, as the server renders it
    expect(pp2.locator(".rendered em")).to_have_text("Noting with appreciation")
    expect(pp2.locator(".rendered sup.fn")).to_have_text("1")
    expect(pp2.locator(".warning")).to_have_count(0)
    expect(page.locator("#outline-list a").nth(1)).to_have_text("PP2 Noting with appreciation its resolution 77/238,")


def test_the_outline_jumps_and_follows_adds_moves_and_deletes(new_context, session, actors):
    (doc,) = read_akn(LARGEST)
    created = drafts.create(session, actors["us"], replace(doc, symbol=None))
    commit(session)
    page = new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{created.id}/edit")
    outline = page.locator("#outline")
    total = sum(1 for _ in doc.walk())  # 454 paragraphs, and the headings between them
    expect(outline.locator("summary")).to_contain_text(f"{total} paragraphs")
    entry = outline.locator("a", has_text=re.compile(r"^OP300 "))
    expect(entry).to_contain_text("OP300 ")
    entry_text = re.sub(r"^OP300", "OP301", entry.inner_text())
    entry.click()
    target = block(page, "OP300")
    expect(target.locator("textarea")).to_be_focused()
    expect(target).to_be_in_viewport()
    expect(entry).to_have_attribute("aria-current", "true")
    assert page.evaluate("location.hash") == f"#{target.get_attribute('id')}"
    # the page stays short: every paragraph once (113,208 px before this editor)
    height = page.evaluate("""() => { const bs = document.querySelectorAll('.para-edit');
        bs.forEach(b => b.style.contentVisibility = 'visible');
        return document.documentElement.scrollHeight; }""")
    assert height < 75_000, height

    target.locator("button[data-op=add-after]").click()
    page.keyboard.type("Decides to convene a high-level meeting on marine debris during its eighty-first session;")
    expect(outline.locator("summary")).to_contain_text(f"{total + 1} paragraphs")
    added = outline.locator("a", has_text="Decides to convene a high-level meeting on marine")
    expect(added).to_have_text("OP301 Decides to convene a high-level meeting on marine debris…")
    page.keyboard.press("Alt+ArrowUp")
    expect(added).to_have_text(re.compile(r"^OP300 Decides to convene"))
    expect(outline.locator("a", has_text=re.compile(r"^OP301 "))).to_have_text(entry_text)
    page.once("dialog", lambda dialog: dialog.accept())  # it has text: the editor asks first
    page.locator(".para-edit.editing button[data-op=delete]").click()
    expect(outline.locator("summary")).to_contain_text(f"{total} paragraphs")
    expect(added).to_have_count(0)

    # keyboard: the outline's links are reachable and jump too
    first = outline.locator("a").first
    first.focus()
    page.keyboard.press("Enter")
    expect(block(page, "PP1").locator("textarea")).to_be_focused()


def test_the_outline_is_a_block_to_open_on_a_phone(new_context, draft):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{draft.id}/edit")
    outline = page.locator("#outline")
    expect(outline.locator("a").first).to_be_hidden()
    outline.locator("summary").click()
    outline.locator("a", has_text="OP3 Requests").click()
    expect(block(page, "OP3").locator("textarea")).to_be_focused()
    expect(outline.locator("a").first).to_be_hidden()  # closed again after the jump


def test_two_of_the_team_edit_different_paragraphs_and_both_saves_land(new_context, session, actors, draft,
                                                                       colleague):
    page1 = editor(new_context, "us@example.org", draft.id)
    page2 = editor(new_context, colleague.email, draft.id)
    expect(page2.locator("#presence")).to_have_text(re.compile(r"Also editing:\s+us@example\.org \(United States of America\)"))
    page1.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # the next heartbeat, now
    expect(page1.locator("#presence")).to_have_text("Also editing: us2@example.org (United States of America).")
    assert page2.locator("#presence").inner_text() == "Also editing: us@example.org (United States of America)."

    area1 = open_paragraph(page1, "OP1").locator("textarea")
    area1.fill("Calls upon Member States to carry out concerted actions at all levels;")
    area2 = open_paragraph(page2, "OP3").locator("textarea")
    area2.fill("Requests the Secretary-General to report to it at its eighty-first session.")
    page1.get_by_role("button", name="Save revision").click()
    expect(page1.get_by_role("status")).to_have_text("Saved revision 2.")
    page2.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page2.locator("#presence")).to_contain_text("Revision 2 was saved after the revision 1 you started from")
    page2.get_by_role("button", name="Save revision").click()
    expect(page2.get_by_role("status")).to_have_text(
        "Saved revision 3 (merged with revision 2, saved by us@example.org (United States of America)).")
    saved = saved_text(session, actors, draft.id)
    assert saved.current_revision == 3
    assert [p.text for p in saved.document.operative][::2] == [
        "Calls upon Member States to carry out concerted actions at all levels;",
        "Requests the Secretary-General to report to it at its eighty-first session."]


def test_a_conflict_is_resolved_side_by_side_and_saved(new_context, session, actors, draft, colleague):
    page1 = editor(new_context, "us@example.org", draft.id)
    page2 = editor(new_context, colleague.email, draft.id)
    open_paragraph(page1, "OP1").locator("textarea").fill(
        "Calls upon Member States to carry out joint actions at all levels;")
    page1.get_by_role("button", name="Save revision").click()
    expect(page1.get_by_role("status")).to_have_text("Saved revision 2.")

    mine = "Calls upon Member States to carry out concerted actions at every level;"
    open_paragraph(page2, "OP1").locator("textarea").fill(mine)
    page2.get_by_role("button", name="Save revision").click()
    expect(page2.locator("#editor-error")).to_contain_text("changed the same text as you: OP1. Nothing was saved.")
    expect(page2.get_by_text("editing from revision 2")).to_be_visible()
    conflict = block(page2, "OP1").locator(".conflict")
    expect(conflict.locator("h3")).to_have_text(["Base · revision 1", re.compile(r"^Theirs · revision 2 · us@"), "Yours"])
    expect(conflict.locator(".conflict-text")).to_have_text([
        "Calls upon Member States to carry out coordinated actions at all levels;",
        "Calls upon Member States to carry out joint actions at all levels;", mine])
    sides = conflict.locator(".side")
    box = [sides.nth(i).bounding_box() for i in range(3)]
    assert box[0]["y"] == box[1]["y"] == box[2]["y"] and box[0]["x"] < box[1]["x"] < box[2]["x"], "side by side"
    area = block(page2, "OP1").locator("textarea")
    expect(area).to_have_value(mine)  # the proposal keeps yours until you choose
    conflict.get_by_role("button", name="Use theirs").click()
    expect(area).to_be_focused()
    expect(area).to_have_value("Calls upon Member States to carry out joint actions at all levels;")
    area.press("End")
    page2.keyboard.type(" ")  # and the chosen text can still be edited
    page2.keyboard.press("Backspace")
    expect(conflict).to_have_class(re.compile(r"\bresolved\b"))
    page2.get_by_role("button", name="Save revision").click()
    expect(page2.get_by_role("status")).to_have_text("Nothing to save: the text is the same as revision 2.")

    # Once more on a phone: the three texts stack.
    page2.set_viewport_size({"width": 390, "height": 844})
    page2.goto(f"/drafts/{draft.id}/edit")
    open_paragraph(page2, "OP1").locator("textarea").fill(mine)
    page1.goto(f"/drafts/{draft.id}/edit")
    open_paragraph(page1, "OP1").locator("textarea").fill("Calls upon Member States to act together at all levels;")
    page1.get_by_role("button", name="Save revision").click()
    expect(page1.get_by_role("status")).to_have_text("Saved revision 3.")
    page2.get_by_role("button", name="Save revision").click()
    sides = block(page2, "OP1").locator(".conflict .side")
    expect(sides).to_have_count(3)
    # under load the page may still be laying out the conflict when it appears: wait for the layout
    page2.wait_for_function("""() => { const s = [...document.querySelectorAll('.conflict .side')]
        .map(e => e.getBoundingClientRect());
        return s.length === 3 && s[0].x === s[1].x && s[0].y < s[1].y && s[1].y < s[2].y; }""")
    box = [sides.nth(i).bounding_box() for i in range(3)]
    assert box[0]["x"] == box[1]["x"] and box[0]["y"] < box[1]["y"] < box[2]["y"], "stacked at 390 px"
    block(page2, "OP1").get_by_role("button", name="Use yours").click()
    page2.get_by_role("button", name="Save revision").click()
    expect(page2.get_by_role("status")).to_have_text("Saved revision 4.")
    assert saved_text(session, actors, draft.id).document.operative[0].text == mine


def test_unsaved_edits_are_offered_back_after_a_reload_and_a_crash(new_context, draft):
    context = new_context()
    page = context.new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{draft.id}/edit")
    typed = "Calls upon all Member States to carry out coordinated actions at all levels;"
    open_paragraph(page, "OP1").locator("textarea").fill(typed)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?": yes
    page.reload()
    offer = page.locator(".backup-offer")
    expect(offer).to_have_text(re.compile(r"^You have unsaved changes from \d\d:\d\d\.Restore\s*Discard$"))
    expect(block(page, "OP1").locator("textarea")).not_to_have_value(typed)
    offer.get_by_role("button", name="Discard").click()
    expect(offer).to_have_count(0)
    page.reload()
    expect(page.locator(".backup-offer")).to_have_count(0)

    # A crash: no unload at all, the copy written while typing is all there is.
    open_paragraph(page, "OP1").locator("textarea").fill(typed)
    page.get_by_label("What changed (optional)").fill("OP1: all Member States")
    page.wait_for_function("""() => Object.keys(localStorage).some(k =>
        k.startsWith('resolutions:unsaved:us@example.org:') && localStorage.getItem(k).includes('all Member States'))""")
    page.close()
    page = context.new_page()
    page.goto(f"/drafts/{draft.id}/edit")
    page.locator(".backup-offer").get_by_role("button", name="Restore").click()
    expect(block(page, "OP1").locator("textarea")).to_have_value(typed)
    expect(block(page, "OP1").locator(".rendered")).to_contain_text("all Member States")
    expect(page.get_by_label("What changed (optional)")).to_have_value("OP1: all Member States")
    page.get_by_role("button", name="Save revision").click()
    expect(page.get_by_role("status")).to_have_text("Saved revision 2.")
    page.goto(f"/drafts/{draft.id}/edit")  # the save landed: nothing more to offer, nothing kept
    expect(block(page, "OP1").locator("textarea")).to_have_value(typed)
    expect(page.locator(".backup-offer")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('resolutions:unsaved:'))") == []


def test_a_copy_from_an_older_revision_is_restored_and_merged_on_save(new_context, session, actors, draft):
    context = new_context()
    page = context.new_page()
    login(page, "us@example.org")
    page.goto(f"/drafts/{draft.id}/edit")
    open_paragraph(page, "OP3").locator("textarea").fill("Requests the Secretary-General to report annually.")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('resolutions:unsaved:'))")
    page.close()
    drafts.save(session, actors["us"], draft.id, 1, draft.document.with_changes(title="Changed meanwhile"))
    commit(session)
    page = context.new_page()
    page.goto(f"/drafts/{draft.id}/edit")
    offer = page.locator(".backup-offer")
    expect(offer).to_contain_text("(edited from revision 1; saving merges them with what was saved since).")
    offer.get_by_role("button", name="Restore").click()
    expect(page.get_by_text("editing from revision 1")).to_be_visible()
    page.get_by_role("button", name="Save revision").click()
    expect(page.get_by_role("status")).to_contain_text("Saved revision 3 (merged with revision 2")
    saved = saved_text(session, actors, draft.id).document
    assert (saved.title, saved.operative[2].text) == ("Changed meanwhile", "Requests the Secretary-General to report annually.")
