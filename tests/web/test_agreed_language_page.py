"""Agreed language in the editor without JavaScript and as JSON: how close each
suggestion is, weak ones marked, an empty library told apart, and the source of a used
wording recorded in the revision history (the previous revision keeps the old wording)."""
from __future__ import annotations

import re

import pytest

from resolutions.formats import document_json
from resolutions.services import drafts
from resolutions.services.agreed_language import WEAK_BELOW
from tests.conftest import SHARED_CORPUS, commit, import_real_files
from tests.web.test_pages import editor_fields

AKN = SHARED_CORPUS / "akn"
MINE = "Encourages Member States to share information on the illicit manufacture of synthetic drugs;"


@pytest.fixture
def library(session, tmp_path):
    return import_real_files(session, tmp_path, [AKN / "78/English/A_RES_78_131-2325898E.xml"])


def _draft(session, actors):
    doc = document_json.load({"body": "GA", "session": 80, "title": "Synthetic drugs", "agenda_item": "125",
                              "operative": [{"id": "mine", "text": MINE}]})
    draft = drafts.create(session, actors["jp"], doc)
    commit(session)
    return draft


def test_use_then_save_records_the_source_and_keeps_the_old_revision(library, browser_for, session, actors):
    draft = _draft(session, actors)
    b = browser_for("jp@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    page = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "precedents:mine")]).get_data(as_text=True)
    assert re.search(r"\d+ % same words", page)
    use = re.search(r'value="(use:mine\|A/RES/78/131\|en\|[^"]+)"', page).group(1)
    page = b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", use)]).get_data(as_text=True)
    saved = b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", "save")])
    assert saved.status_code == 302
    view = drafts.view(session, actors["jp"], draft.id)
    assert re.fullmatch(r"OP1: agreed language from A/RES/78/131 OP \d+", view.revision.message)
    assert view.document.operative[0].text != MINE
    assert drafts.view(session, actors["jp"], draft.id, 1).document.operative[0].text == MINE


def test_json_says_how_close_and_which_are_weak(library, browser_for):
    b = browser_for("jp@example.org")
    # the first half of a paragraph of A/RES/78/131, as a delegate quoting its opening types it
    real = ("Encourages Member States to enhance information exchange on the illicit manufacture of and "
            "trafficking in synthetic drugs and trafficking and diversion of scheduled and non-scheduled "
            "precursor chemicals through existing international and regional mechanisms")
    data = b.get("/precedents.json", query_string={"text": real, "lang": "en"}).json
    assert data["library_empty"] is False and data["results"]
    best = data["results"][0]
    assert best["symbol"] == "A/RES/78/131" and 0 < best["same_words"] <= 100 and best["weak"] is False
    assert any(r["weak"] for r in data["results"]) == any(r["score"] < WEAK_BELOW for r in data["results"])
    assert [r["score"] for r in data["results"]] == sorted((r["score"] for r in data["results"]), reverse=True)


def test_an_empty_library_says_nothing_is_imported(browser_for, session, actors):
    draft = _draft(session, actors)
    b = browser_for("jp@example.org")
    data = b.get("/precedents.json", query_string={"text": MINE, "lang": "en"}).json
    assert data == {**data, "results": [], "library_empty": True} and "imported" in data["empty_message"]
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    page = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "precedents:mine")]).get_data(as_text=True)
    assert "No past resolutions have been imported yet" in page and "No close paragraph" not in page


def test_use_can_be_undone_without_javascript(library, browser_for, session, actors):
    draft = _draft(session, actors)
    b = browser_for("jp@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    page = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "precedents:mine")]).get_data(as_text=True)
    use = re.search(r'value="(use:mine\|A/RES/78/131\|en\|[^"]+)"', page).group(1)
    used = b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", use)]).get_data(as_text=True)
    assert 'value="undo:mine"' in used and f'name="undo_text" value="{MINE}"' in used
    assert re.search(r'name="psource" value="A/RES/78/131 OP \d+"', used)
    # the undo fields ride along with the form, as a browser posts them
    carried = re.findall(r'<input type="hidden" name="(undo_text|undo_source)" value="([^"]*)"', used)
    assert carried == [("undo_text", MINE), ("undo_source", "")]
    back = b.post(f"/drafts/{draft.id}/edit", editor_fields(used) + carried + [("action", "undo:mine")])
    page = back.get_data(as_text=True)
    assert back.status_code == 200 and f">{MINE}</textarea>" in page
    assert 'name="psource" value=""' in page and 'value="undo:mine"' not in page  # one step, then gone
    assert b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", "save")]).status_code == 302
    view = drafts.view(session, actors["jp"], draft.id)
    assert view.document.operative[0].text == MINE and view.document.operative[0].source is None
    assert "agreed language" not in view.revision.message


def test_undo_of_a_paragraph_not_in_the_draft_is_refused(browser_for, session, actors):
    draft = _draft(session, actors)
    b = browser_for("jp@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    answer = b.post(f"/drafts/{draft.id}/edit", fields + [("undo_text", "x"), ("action", "undo:nope")])
    assert answer.status_code == 422 and "no paragraph &#39;nope&#39;" in answer.get_data(as_text=True)
    assert drafts.view(session, actors["jp"], draft.id).document.operative[0].text == MINE
