"""The pages as a browser without JavaScript uses them: forms, CSRF, permissions."""
from __future__ import annotations

import re
from dataclasses import replace

from resolutions.formats import document_json
from resolutions.services import drafts
from tests.conftest import commit, draft_json


def editor_fields(page: str) -> list[tuple[str, str]]:
    """The editor form's fields in document order, as the browser would post them."""
    page = page.split("<template", 1)[0]  # the JS template's fields are inert
    fields = re.findall(r'<input type="hidden" name="(pid|psection|pdepth|psource|base_revision)" value="([^"]*)"'
                        r'|<textarea id="t-[^"]*" name="(ptext)"[^>]*>([^<]*)</textarea>'
                        r'|<input (?:type="number" )?name="(session|agenda_item|agenda_title|title)" value="([^"]*)"',
                        page)
    out = []
    for match in fields:
        name, value = next((match[i], match[i + 1]) for i in (0, 2, 4) if match[i])
        out.append((name, value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")))
    return out


def test_every_page_needs_a_login(app, draft):
    client = app.test_client()
    for url in ["/", "/drafts/new", f"/drafts/{draft.id}", f"/drafts/{draft.id}/edit",
                f"/drafts/{draft.id}/history", f"/drafts/{draft.id}/export.docx"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url


def test_wrong_password_is_refused_with_a_message(browser_for):
    b = browser_for(None)
    response = b.post("/login", {"email": "us@example.org", "password": "wrong password"})
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)


def test_login_does_not_redirect_off_site(browser_for):
    b = browser_for(None)
    response = b.post("/login?next=//evil.example/x", {"email": "us@example.org",
                                                      "password": "correct horse battery"})
    assert response.location == "/"


def test_forms_without_a_csrf_token_are_refused_and_change_nothing(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    response = b.client.post(f"/drafts/{draft.id}/status", data={"status": "circulated"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert drafts.view(session, actors["us"], draft.id).status == "private"


def test_create_a_draft_from_the_blank_template(browser_for):
    b = browser_for("mx@example.org")
    response = b.post("/drafts/new", {"body": "CND", "session": "68", "agenda_item": "5",
                                      "agenda_title": "Implementation of the international drug control treaties",
                                      "title": "Preventing the diversion of precursors"})
    assert response.status_code == 302
    page = b.get(response.location.replace("/edit", "")).get_data(as_text=True)
    assert "Sixty-eighth session" in page
    assert "Economic and Social Council" in page and "Commission on Narcotic Drugs" in page
    assert "<em>The Commission on Narcotic Drugs</em>," in page
    assert "Mexico: draft resolution" in page


def test_new_draft_with_bad_fields_says_what_is_wrong(browser_for):
    b = browser_for("mx@example.org")
    response = b.post("/drafts/new", {"body": "GA", "session": "-4", "title": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Session:" in page and "Title:" in page


def test_show_page_renders_the_un_layout(browser_for, draft):
    page = browser_for("us@example.org").get(f"/drafts/{draft.id}").get_data(as_text=True)
    assert "Eightieth session" in page and "Agenda item 125" in page
    assert "<em>The General Assembly</em>," in page
    assert "<em>Recalling</em> its resolution 77/238" in page
    assert '<span class="mark">1.</span><span class="text"><em>Calls upon</em>' in page
    assert '<span class="mark">(a)</span>' in page


def test_style_warnings_appear_beside_their_paragraph(browser_for, session, actors):
    doc = document_json.load(draft_json(operative=[{"text": "Decides to remain seized of the matter"}],
                                        agenda_item=""))
    created = drafts.create(session, actors["us"], doc)
    commit(session)
    page = browser_for("us@example.org").get(f"/drafts/{created.id}").get_data(as_text=True)
    assert "OP1: This paragraph should end with “.”" in page
    assert "No agenda item" in page


def test_user_text_is_escaped_everywhere(browser_for, session, actors):
    evil = "<script>alert(1)</script>"
    doc = document_json.load(draft_json(title=f"Title {evil}", preamble=[{"text": f"Recalling {evil},",
                                                                          "footnotes": [{"text": evil}]}]))
    created = drafts.create(session, actors["us"], doc)
    commit(session)
    b = browser_for("us@example.org")
    for url in [f"/drafts/{created.id}", f"/drafts/{created.id}/edit", "/"]:
        page = b.get(url).get_data(as_text=True)
        assert evil not in page, url
        assert "&lt;script&gt;" in page, url


def test_private_draft_is_404_and_edit_is_403_for_other_delegations(browser_for, session, actors, draft):
    jp = browser_for("jp@example.org")
    assert jp.get(f"/drafts/{draft.id}").status_code == 404
    assert jp.get(f"/drafts/{draft.id}/export.docx").status_code == 404
    assert draft.document.title not in jp.get("/").get_data(as_text=True)
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    commit(session)
    assert jp.get(f"/drafts/{draft.id}").status_code == 200
    assert jp.get(f"/drafts/{draft.id}/edit").status_code == 403
    assert jp.post(f"/drafts/{draft.id}/edit", editor_fields(
        browser_for("us@example.org").get(f"/drafts/{draft.id}/edit").get_data(as_text=True))).status_code == 403


def test_editor_without_javascript_adds_moves_and_saves(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    page = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "add:operative")]).get_data(as_text=True)
    fields = editor_fields(page)
    new_id = [v for k, v in fields if k == "pid"][-1]
    fields = [(k, "Decides to remain seized of the matter." if (k == "ptext" and i == len(fields) - 1) else v)
              for i, (k, v) in enumerate(fields)]
    page = b.post(f"/drafts/{draft.id}/edit", fields + [("action", f"up:{new_id}")]).get_data(as_text=True)
    assert re.search(r'<label class="para-label" for="t-' + new_id + r'">OP3</label>', page)
    response = b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", "save"), ("message", "Added OP")])
    assert response.status_code == 302
    saved = drafts.view(session, actors["us"], draft.id)
    assert saved.current_revision == 2 and saved.revision.message == "Added OP"
    assert [p.text for p in saved.document.operative][2] == "Decides to remain seized of the matter."


def test_a_stale_save_in_the_editor_keeps_the_typed_text(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    drafts.save(session, actors["us"], draft.id, 1, draft.document.with_changes(title="Changed meanwhile"))
    commit(session)
    mine = [(k, "My careful new title" if k == "title" else v) for k, v in fields]
    response = b.post(f"/drafts/{draft.id}/edit", mine + [("action", "save")])
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "us@example.org (United States of America) saved revision 2" in page
    assert 'value="My careful new title"' in page
    assert drafts.view(session, actors["us"], draft.id).document.title == "Changed meanwhile"


def test_malformed_footnote_markup_keeps_the_text_and_says_where(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    broken = "Recalling its resolution 77/238,^[never closed"
    first_text = next(i for i, (k, _) in enumerate(fields) if k == "ptext")
    fields[first_text] = ("ptext", broken)
    response = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "save")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "paragraph 1: a footnote opened with ^[ is never closed" in page
    assert broken in page
    assert drafts.view(session, actors["us"], draft.id).current_revision == 1


def test_history_compare_and_restore(browser_for, session, actors, draft):
    drafts.save(session, actors["us"], draft.id, 1, draft.document.with_changes(title="Enhancing action on synthetic drugs"))
    commit(session)
    b = browser_for("us@example.org")
    assert "Restore" in b.get(f"/drafts/{draft.id}/history").get_data(as_text=True)
    inline = b.get(f"/drafts/{draft.id}/compare?from=1&to=2").get_data(as_text=True)
    assert "0 added, 0 deleted, 0 changed, 0 moved; title changed" in inline
    assert "<del>to address the challenges posed by</del>" in inline.replace("\n", "")
    side = b.get(f"/drafts/{draft.id}/compare?from=1&to=2&view=side").get_data(as_text=True)
    assert "side-by-side" in side
    assert b.post(f"/drafts/{draft.id}/revisions/1/restore", {"base_revision": "2"}).status_code == 302
    assert drafts.view(session, actors["us"], draft.id).document.title == draft.document.title


def test_nonsense_urls_get_clear_errors_not_500(browser_for, draft):
    b = browser_for("us@example.org")
    assert b.get("/drafts/999999").status_code == 404
    assert b.get(f"/drafts/{draft.id}/revisions/42").status_code == 404
    assert b.get(f"/drafts/{draft.id}/compare?from=1&to=9").status_code == 404
    assert b.post(f"/drafts/{draft.id}/status", {"status": "published"}).status_code == 422
    assert b.post(f"/drafts/{draft.id}/sponsors", {"action": "dance"}).status_code == 400


def test_uploads_over_the_limit_are_refused(app, browser_for, draft):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    b = browser_for("us@example.org")
    response = b.post(f"/drafts/{draft.id}/edit", {"ptext": "x" * 5000})
    assert response.status_code == 413
    assert "larger than" in response.get_data(as_text=True)


def test_an_action_on_a_paragraph_that_does_not_exist_is_explained(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    response = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "delete:p-ghost")])
    assert response.status_code == 422
    assert "that paragraph is no longer in this draft; reload the page" in response.get_data(as_text=True)
    assert "p-ghost" not in response.get_data(as_text=True).split('id="editor-error"')[1].split("</p>")[0]
    assert drafts.view(session, actors["us"], draft.id).current_revision == 1


def test_odd_numbers_and_actions_get_clear_errors(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    huge = "9" * 20
    for url in [f"/drafts/{huge}", f"/drafts/{draft.id}/revisions/{huge}", f"/drafts/{draft.id}/revisions/0",
                f"/drafts/{draft.id}/compare?from={huge}"]:
        assert b.get(url).status_code == 404, url
    assert b.get(f"/drafts/{draft.id}/export.docx?revision=abc").status_code == 422
    assert b.get("/search?q=drugs&page=²").status_code == 422
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    first_pp = next(v for k, v in fields if k == "pid")
    response = b.post(f"/drafts/{draft.id}/edit", fields + [("action", f"add-sub:{first_pp}")])
    assert response.status_code == 422 and "cannot take a subparagraph" in response.get_data(as_text=True)
    odd = [(k, "²" if k == "session" else v) for k, v in fields]
    assert b.post(f"/drafts/{draft.id}/edit", odd + [("action", "save")]).status_code == 422
    assert drafts.view(session, actors["us"], draft.id).current_revision == 1


def _structured(draft_view):
    """The fixture's text with a restarting heading before OP2, a table after it and an annex."""
    from resolutions.domain.document import annex, heading, paragraph, table
    ops = draft_view.document.operative
    return draft_view.document.with_changes(operative=(
        ops[0], heading("Financing <of> the fund", "{I}.", restart=True, id="h-fin"), *ops[1:],
        table((("Member State", "Share"), ("Japan", "8.0")), "Scale <2027>", id="t-scale"),
        annex("Terms of reference", id="ax-terms"), paragraph("The fund shall report annually.", id="p-annex1")))


def test_headings_tables_and_annexes_on_the_draft_compare_and_history_pages(browser_for, session, actors, draft):
    structured = _structured(draft)
    drafts.save(session, actors["us"], draft.id, 1, structured)
    ops = list(structured.operative)
    ops[1] = replace(ops[1], text="Financing", level=2, numbering="{A}.")
    ops[-3] = replace(ops[-3], rows=(("Member State", "Share"), ("Japan", "8.5")))
    drafts.save(session, actors["us"], draft.id, 2, structured.with_changes(operative=tuple(ops)))
    commit(session)
    b = browser_for("us@example.org")
    shown = b.get(f"/drafts/{draft.id}/revisions/2").get_data(as_text=True)
    assert re.search(r'<h2 class="block-heading level-1" id="h-fin" data-label="Heading I">'
                     r'<span class="mark">I\.</span> <span class="text">Financing &lt;of&gt; the fund</span>', shown)
    # numbering starts again after the restarting heading: OP1, then 1. 2. under it
    assert re.findall(r'operative depth-0 kind-paragraph" id="[^"]+" data-label="([^"]+)">\s*<span class="mark">([^<]*)</span>', shown) == [
        ("OP1", "1."), ("I OP1", "1."), ("I OP2", "2."), ("Annex OP1", "1.")]
    assert '<caption>Scale &lt;2027&gt;</caption>' in shown and '<th scope="col">Member State</th>' in shown
    assert 'class="table-scroll" role="region" tabindex="0" aria-label="Scale &lt;2027&gt;"' in shown
    assert re.search(r'<div class="annex-break" id="ax-terms" data-label="Annex">\s*<p class="annex-mark">Annex</p>\s*'
                     r'<h2 class="annex-title">Terms of reference</h2>', shown)
    compare = b.get(f"/drafts/{draft.id}/compare?from=2&to=3").get_data(as_text=True)
    heading_row = re.search(r'<div class="para changed depth-0 kind-heading change" id="c-h-fin".*?</div>', compare, re.S)
    assert heading_row and "heading level, heading number changed" in heading_row.group(0)
    table_row = re.search(r'<div class="para changed depth-0 kind-table change" id="c-t-scale".*?</div>', compare, re.S)
    assert table_row and "Japan | 8.<del>0</del><ins>5</ins>" in table_row.group(0)
    side = b.get(f"/drafts/{draft.id}/compare?from=2&to=3&view=side").get_data(as_text=True)
    assert 'class="side-row changed kind-heading change" id="c-h-fin"' in side
    assert b.get(f"/drafts/{draft.id}/history").status_code == 200
