"""The draft editor's routes: the page (outline, one view per paragraph), the live check,
presence, merged saves, conflicts and the cookie that retires a landed backup."""
from __future__ import annotations

import re
import time
from dataclasses import replace

from werkzeug.datastructures import MultiDict

from resolutions.domain.document import OPERATIVE
from resolutions.formats.akn_reader import read_akn
from resolutions.services import drafts
from tests.conftest import SHARED_CORPUS, commit
from resolutions.web.drafts import CHECK_MAX_BYTES
from tests.web.test_pages import editor_fields

LARGEST = SHARED_CORPUS / "akn/77/English/A_RES_77_248-2300140E.xml"  # 454 paragraphs, the corpus's longest


def with_text(fields, n: int, text: str) -> list[tuple[str, str]]:
    """The form with the n-th paragraph's text replaced."""
    at = [i for i, (k, _) in enumerate(fields) if k == "ptext"][n]
    return [(k, text if i == at else v) for i, (k, v) in enumerate(fields)]


def test_the_editor_shows_each_paragraph_once_with_an_outline(browser_for, draft):
    page = browser_for("us@example.org").get(f"/drafts/{draft.id}/edit").get_data(as_text=True)
    form = page.split("<template", 1)[0]
    assert form.count('name="ptext"') == 7 and 'class="preview"' not in form
    # the printed text is the text area's label, not a second copy beside it
    assert re.search(r'<label class="rendered" for="t-[^"]+" aria-hidden="true"><em>Calls upon</em> Member States', form)
    outline = re.search(r'<ol id="outline-list">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r'<span class="ol-label">([^<]*)</span>', outline) == [
        "PP1", "PP2", "OP1", "OP2", "OP2 (a)", "OP2 (b)", "OP3"]
    assert re.search(r'href="#para-[^"]+" data-id="[^"]+"><span class="ol-label">OP2 \(a\)</span> '
                     r'Share information on synthetic drugs;</a>', outline)
    assert 'data-user="us@example.org"' in page and 'name="editor_session"' in page


def test_outline_words_are_the_opening_ones_without_footnotes(app):
    from resolutions.web.editor_form import opening_words
    assert opening_words("Recalling its resolution 77/238,^[Adopted on 15 December 2022.] and") == \
        "Recalling its resolution 77/238, and"
    long = ("Requests the Secretary-General to submit to the General Assembly at its eighty-first session "
            "a report on the implementation of the present resolution;")
    assert opening_words(long) == "Requests the Secretary-General to submit to the General…"
    assert opening_words("Notes^[never closed") == "Notes"


def test_the_live_check_numbers_renders_and_warns_as_the_server_would(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    fields = with_text(fields, 1, "Recalling its resolution 77/238 of 15 December 2022^[Resolution 77/238.]")
    fields += [("pid", "p-new1"), ("psection", OPERATIVE), ("pdepth", "0"), ("ptext", "Decides to remain seized"),
               ("psource", ""), ("pid", "p-new2"), ("psection", OPERATIVE), ("pdepth", "0"), ("ptext", ""),
               ("psource", "")]
    response = b.post(f"/drafts/{draft.id}/check", fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    shown = {p["id"]: p for p in response.json["paragraphs"]}
    recalling = response.json["paragraphs"][1]
    assert recalling["label"] == "PP2" and recalling["html"].startswith("<em>Recalling</em> its resolution")
    assert '<sup class="fn" title="Resolution 77/238.">1</sup>' in recalling["html"]
    assert recalling["warnings"] == ["A preambular paragraph ends with a comma."]
    assert (shown["p-new1"]["label"], shown["p-new1"]["mark"]) == ("OP4", "4.")
    assert shown["p-new1"]["html"] == "<em>Decides</em> to remain seized"
    assert shown["p-new1"]["warnings"] == ["This paragraph should end with “;”."]  # OP5, left blank, is last
    assert shown["p-new1"]["outline"] == "Decides to remain seized"
    assert (shown["p-new2"]["label"], shown["p-new2"]["html"]) == ("OP5", "")
    assert response.json["document_warnings"] == []
    assert drafts.view(session, actors["us"], draft.id).current_revision == 1  # a check writes nothing


def test_the_live_check_keeps_to_the_rules_of_a_save(app, browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    unclosed = b.post(f"/drafts/{draft.id}/check", with_text(fields, 0, "Recalling,^[never closed"))
    assert unclosed.status_code == 422
    assert unclosed.json["error"].startswith("paragraph 1: a footnote opened with ^[ is never closed")
    app.config["MAX_CONTENT_LENGTH"] = 2 * CHECK_MAX_BYTES
    huge = b.post(f"/drafts/{draft.id}/check", with_text(fields, 0, "Recalling " + "x" * CHECK_MAX_BYTES + ","))
    assert huge.status_code == 413 and "saving checks it" in huge.json["error"]
    many = fields + [(k, v) for n in range(1001) for k, v in
                     (("pid", f"p-{n}"), ("psection", OPERATIVE), ("pdepth", "0"), ("ptext", "Decides;"), ("psource", ""))]
    started = time.perf_counter()
    refused = b.post(f"/drafts/{draft.id}/check", many)
    assert refused.status_code == 422 and "at most 1,000 paragraphs" in refused.json["error"]
    assert time.perf_counter() - started < 2
    assert browser_for("jp@example.org").post(f"/drafts/{draft.id}/check", fields).status_code == 404
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    commit(session)
    forbidden = browser_for("jp@example.org").post(f"/drafts/{draft.id}/check", fields)
    assert forbidden.status_code == 403 and "penholder" in forbidden.json["error"]


def test_the_live_check_needs_the_csrf_token_in_its_header(browser_for, draft):
    b = browser_for("us@example.org")
    fields = MultiDict(editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True)))
    assert b.client.post(f"/drafts/{draft.id}/check", data=fields).status_code == 400
    ok = b.client.post(f"/drafts/{draft.id}/check", data=fields, headers={"X-CSRFToken": b.csrf()})
    assert ok.status_code == 200 and len(ok.json["paragraphs"]) == 7


def test_the_live_check_of_the_longest_real_resolution_is_quick(browser_for, session, actors):
    (doc,) = read_akn(LARGEST)
    created = drafts.create(session, actors["us"], replace(doc, symbol=None))
    commit(session)
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{created.id}/edit").get_data(as_text=True))
    assert fields.count(("psection", OPERATIVE)) == 397  # 393 operative paragraphs and 4 subparagraphs
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        response = b.post(f"/drafts/{created.id}/check", fields)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    assert len(response.json["paragraphs"]) == 454
    assert response.json["paragraphs"][-1]["label"] == "OP393"
    assert min(timings) < 1.0, timings  # measured about 0.2 s; a quadratic slip would show here


def test_presence_names_the_others_of_the_team_and_the_newest_revision(browser_for, session, actors, draft,
                                                                      colleague):
    us, us2 = browser_for("us@example.org"), browser_for("us2@example.org")
    first = us.post(f"/drafts/{draft.id}/presence", {"base_revision": "1"})
    assert first.status_code == 200 and first.json == {"current_revision": 1, "present": []}
    seen = us2.post(f"/drafts/{draft.id}/presence", {"base_revision": "1"}).json
    assert [(p["email"], p["delegation"], p["revision"]) for p in seen["present"]] == [
        ("us@example.org", "United States of America", 1)]
    drafts.save(session, actors["us"], draft.id, 1, draft.document.with_changes(title="Changed meanwhile"))
    commit(session)
    assert us2.post(f"/drafts/{draft.id}/presence", {"base_revision": "1"}).json["current_revision"] == 2
    page = us.get(f"/drafts/{draft.id}/edit").get_data(as_text=True)
    assert re.search(r"Also editing:\s+us2@example.org \(United States of America\), from revision 1", page)
    assert browser_for("jp@example.org").post(f"/drafts/{draft.id}/presence", {}).status_code == 404
    assert us.client.post(f"/drafts/{draft.id}/presence", data={}).status_code == 400  # no CSRF token


def test_a_stale_save_of_other_paragraphs_is_merged_and_flashed(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    drafts.save(session, actors["us"], draft.id, 1, draft.document.with_changes(title="Changed meanwhile"))
    commit(session)
    mine = with_text(fields, 2, "Calls upon Member States to carry out concerted actions at all levels;")
    response = b.post(f"/drafts/{draft.id}/edit", mine + [("action", "save"), ("editor_session", "s-aaaaaaaaaa")])
    assert response.status_code == 302
    assert "editor-saved=s-aaaaaaaaaa" in response.headers["Set-Cookie"]
    assert f"Path=/drafts/{draft.id}/" in response.headers["Set-Cookie"]
    page = b.get(response.location).get_data(as_text=True)
    assert ("Saved revision 3 (merged with revision 2, saved by us@example.org (United States of America))."
            in page.replace("&#39;", "'"))
    saved = drafts.view(session, actors["us"], draft.id).document
    assert saved.title == "Changed meanwhile" and "concerted" in saved.operative[0].text
    again = b.post(f"/drafts/{draft.id}/edit", editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
                   + [("action", "save"), ("editor_session", "s-bbbbbbbbbb")])
    assert "s-aaaaaaaaaa.s-bbbbbbbbbb" in again.headers["Set-Cookie"]
    assert "Nothing to save: the text is the same as revision 3." in b.get(again.location).get_data(as_text=True)


def test_a_conflict_shows_base_theirs_and_yours_and_then_saves_on_the_newest(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    theirs_doc = draft.document.with_changes(operative=(
        replace(draft.document.operative[0], text="Calls upon Member States to carry out joint actions at all levels;"),
        *draft.document.operative[1:]))
    drafts.save(session, actors["us"], draft.id, 1, theirs_doc)
    commit(session)
    yours = "Calls upon Member States to carry out concerted actions at all levels;"
    response = b.post(f"/drafts/{draft.id}/edit", with_text(fields, 2, yours) + [("action", "save")])
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed the same text as you: OP1" in page
    panel = re.search(r'<div class="conflict" role="group" aria-label="Conflict in OP1".*?</div>\s*</div>', page, re.S).group(0)
    assert re.findall(r'<p class="conflict-text">([^<]*)</p>', panel) == [
        "Calls upon Member States to carry out coordinated actions at all levels;",
        "Calls upon Member States to carry out joint actions at all levels;", yours]
    assert re.findall(r'data-use="(\w+)" data-target="t-([^"]+)"', panel)[0][1] == draft.document.operative[0].id
    assert "Base · revision 1" in panel and "Theirs · revision 2 · us@example.org (United States of America)" in panel
    fields = editor_fields(page)
    assert ("base_revision", "2") in fields and with_text(fields, 2, yours) == fields
    # the delegate takes theirs (the button sets the text area), then saves on revision 2
    chosen = with_text(fields, 2, "Calls upon Member States to carry out joint actions at all levels;")
    assert b.post(f"/drafts/{draft.id}/edit", chosen + [("action", "save")]).status_code == 302
    assert drafts.view(session, actors["us"], draft.id).document.operative[0].text.endswith("joint actions at all levels;")


def test_a_paragraph_you_deleted_and_they_edited_can_be_put_back(browser_for, session, actors, draft):
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    ops = draft.document.operative
    drafts.save(session, actors["us"], draft.id, 1, draft.document.with_changes(
        operative=(ops[0], ops[1], replace(ops[2], text="Requests the Secretary-General to report annually."))))
    commit(session)
    last = ops[2].id
    start = fields.index(("pid", last))
    mine = fields[:start] + fields[start + 5:]  # OP3 deleted in this editor
    page = b.post(f"/drafts/{draft.id}/edit", mine + [("action", "save")]).get_data(as_text=True)
    top = page.split('<section class="conflicts-top"', 1)[1].split('<div class="editor-layout">', 1)[0]
    assert "you deleted it; us@example.org (United States of America) edited it" in top
    assert re.search(rf'data-use="theirs" data-reinstate="{last}"\s+data-section="operative" data-depth="0" '
                     rf'data-after="{ops[1].subparagraphs[1].id} {ops[1].subparagraphs[0].id} {ops[1].id} {ops[0].id}"', top)
    assert f'id="para-{last}"' not in page


def test_the_live_check_never_fails_on_hostile_input(browser_for, draft):
    from tests.hostile.test_hostile_inputs import FORM_TEXT
    b = browser_for("us@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    for text in FORM_TEXT + ["9" * 5000]:
        for name in ("ptext", "pdepth", "pid", "psection", "session", "base_revision", "title"):
            odd = [(k, text if k == name else v) for k, v in fields]
            response = b.post(f"/drafts/{draft.id}/check", odd)
            assert response.status_code in (200, 400, 404, 422), (name, text[:30], response.status_code)
            assert response.is_json, (name, text[:30])
