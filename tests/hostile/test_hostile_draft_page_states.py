"""Hostile text on the draft page's new parts (issue #8): an oral revision's statement, a
title in the top bar, and revisions that do not exist get escaped text or a clear 404."""
from __future__ import annotations

from dataclasses import replace

from resolutions.formats import document_json
from resolutions.services import drafts, lifecycle
from tests.conftest import commit, draft_json

SCRIPT = "<script>alert(1)</script>"


def test_a_statement_and_a_title_full_of_markup_are_escaped(browser_for, session, actors):
    us, sec = actors["us"], actors["sec"]
    created = drafts.create(session, us, document_json.load(draft_json(title=f"Title {SCRIPT}")))
    drafts.set_status(session, us, created.id, "circulated")
    lifecycle.act(session, us, created.id, "submit", {})
    lifecycle.act(session, sec, created.id, "issue", {"symbol": "A/80/L.24"})
    doc = drafts.view(session, us, created.id).document
    lifecycle.act(session, sec, created.id, "oral_revision", {
        "by": "Mexico", "text": SCRIPT * 40,  # long: behind the toggle, truncated inside an entity never
        "paragraphs": [{"id": doc.operative[1].id, "text": "Encourages all Member States to:"}]})
    commit(session)
    html = browser_for("jp@example.org").get(f"/drafts/{created.id}").get_data(as_text=True)
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    bar = html[html.index('<nav class="draft-bar"'):html.index("</nav>", html.index('<nav class="draft-bar"'))]
    assert "Title &lt;script&gt;" in bar
    statement = html[html.index('<details class="step-statement">'):]
    summary = statement[:statement.index("</summary>")]
    assert "<script" not in summary and summary.rstrip().endswith("…”")


def test_a_revision_that_does_not_exist_is_a_404_naming_it(browser_for, draft):
    page = browser_for("us@example.org")
    for number in (0, 99, 10**12):
        got = page.get(f"/drafts/{draft.id}/revisions/{number}")
        assert got.status_code == 404 and "has no revision" in got.get_data(as_text=True)


def test_the_library_never_tells_of_a_draft_the_viewer_cannot_see(browser_for, session, actors):
    assert lifecycle.adopted_from(session, actors["jp"], "A/RES/80/1") is None
    html = browser_for("jp@example.org").get("/resolutions/A/RES/80/1")
    assert html.status_code == 404


def test_an_oral_revision_of_a_paragraph_later_removed_still_reads(browser_for, session, actors):
    us, sec = actors["us"], actors["sec"]
    created = drafts.create(session, us, document_json.load(draft_json()))
    drafts.set_status(session, us, created.id, "circulated")
    lifecycle.act(session, us, created.id, "submit", {})
    lifecycle.act(session, sec, created.id, "issue", {"symbol": "A/80/L.24"})
    doc = drafts.view(session, us, created.id).document
    gone = doc.operative[2].id
    lifecycle.act(session, sec, created.id, "oral_revision", {
        "by": "Japan", "text": "Delete it.", "paragraphs": [{"id": gone, "text": "Requests a report."}]})
    now = drafts.view(session, us, created.id)
    drafts.save(session, us, created.id, now.current_revision,
                replace(now.document, operative=now.document.operative[:2]))
    commit(session)
    html = browser_for("us@example.org").get(f"/drafts/{created.id}").get_data(as_text=True)
    assert "a paragraph no longer in the text" in html
