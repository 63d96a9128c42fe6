"""Akoma Ntoso downloads over the API and in the browser: who may have which file, the
symbol routes not swallowed by the library's path converter, languages, and every
file valid against the schema and read back as the text it was written from."""
from __future__ import annotations


import pytest

from resolutions.formats.akn_reader import read_akn
from resolutions.formats.akn_writer import AKN_MIME, validate
from resolutions.services import lifecycle, sponsorship
from tests.conftest import SHARED_CORPUS, TODAY, commit, draft_json, import_real_files

AKN = SHARED_CORPUS / "akn"
FILES = [AKN / "78/English/A_RES_78_131-2325898E.xml", AKN / "78/French/A_RES_78_131-2325898F.xml"]


@pytest.fixture
def library(session, tmp_path):
    """78/131 in English and French, with the UN's metadata for it."""
    return import_real_files(session, tmp_path, FILES)


def akn(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == AKN_MIME
    validate(response.data)
    (doc,) = read_akn(response.data)
    return doc


def test_a_draft_over_the_api(us, jp):
    created = us.post("/api/drafts", json=draft_json()).json
    response = us.get(f"/api/drafts/{created['id']}/export.akn")
    doc = akn(response)
    assert doc.title == created["document"]["title"]
    assert [p.id for p in doc.operative] == [p["id"] for p in created["document"]["operative"]]
    assert f"draft-{created['id']}-rev1.akn.xml" in response.headers["Content-Disposition"]
    assert b"United States of America" in response.data  # the sponsors, in the workflow


def test_a_draft_you_cannot_see_is_not_found(us, jp):
    created = us.post("/api/drafts", json=draft_json()).json
    assert jp.get(f"/api/drafts/{created['id']}/export.akn").status_code == 404
    assert us.post(f"/api/drafts/{created['id']}/status", json={"status": "circulated"}).status_code == 200
    akn(jp.get(f"/api/drafts/{created['id']}/export.akn"))


def test_an_earlier_revision(us):
    created = us.post("/api/drafts", json=draft_json()).json
    changed = draft_json(title="A second title")
    saved = us.put(f"/api/drafts/{created['id']}", json={"base_revision": 1, "document": changed})
    assert saved.status_code == 200, saved.json
    assert akn(us.get(f"/api/drafts/{created['id']}/export.akn")).title == "A second title"
    assert akn(us.get(f"/api/drafts/{created['id']}/export.akn?revision=1")).title == created["document"]["title"]
    assert us.get(f"/api/drafts/{created['id']}/export.akn?revision=9").status_code == 404


def test_a_resolution_in_each_language_held(library, jp):
    english = akn(jp.get("/api/resolutions/A/RES/78/131/export.akn"))
    assert english.symbol == "A/RES/78/131" and english.language == "en"
    french = jp.get("/api/resolutions/A/RES/78/131/export.akn?lang=fr")
    assert akn(french).language == "fr"
    assert "A_RES_78_131-fr.akn.xml" in french.headers["Content-Disposition"]
    assert b"48th plenary meeting" in french.data and b"A/78/L.24" in french.data
    assert b"<!-- Text of the United Nations. Source: United Nations (A/RES/78/131). -->" in french.data


def test_the_library_route_still_answers_json(library, jp):
    """/api/resolutions/<path:symbol> must not take "A/RES/78/131/export.akn" as a symbol,
    nor the export route take the plain one."""
    assert jp.get("/api/resolutions/A/RES/78/131").json["symbol"] == "A/RES/78/131"
    assert jp.get("/api/resolutions/A/RES/78/131/export.akn").mimetype == AKN_MIME


def test_a_symbol_or_language_not_held_is_not_found(library, jp):
    missing = jp.get("/api/resolutions/A/RES/78/999/export.akn")
    assert missing.status_code == 404 and "A/RES/78/999" in missing.json["error"]
    spanish = jp.get("/api/resolutions/A/RES/78/131/export.akn?lang=es")
    assert spanish.status_code == 404 and "en, fr" in spanish.json["error"]


def test_the_api_needs_a_token(client_without_token):
    assert client_without_token.get("/api/drafts/1/export.akn").status_code == 401
    assert client_without_token.get("/api/resolutions/A/RES/78/131/export.akn").status_code == 401


@pytest.fixture
def client_without_token(app):
    return app.test_client()


def test_the_browser_downloads_with_its_session(library, browser_for, draft):
    page = browser_for("us@example.org")
    shown = page.get(f"/drafts/{draft.id}").get_data(as_text=True)
    assert f"/drafts/{draft.id}/export.akn?revision=1" in shown and "Akoma Ntoso (XML)" in shown
    assert akn(page.get(f"/drafts/{draft.id}/export.akn?revision=1")).title == draft.document.title
    library_page = page.get("/resolutions/A/RES/78/131?lang=fr").get_data(as_text=True)
    assert "/resolutions/A/RES/78/131/export.akn?lang=fr" in library_page
    assert akn(page.get("/resolutions/A/RES/78/131/export.akn?lang=fr")).language == "fr"


def test_the_browser_download_needs_a_log_in_and_the_policy(browser_for, draft):
    anonymous = browser_for(None).get(f"/drafts/{draft.id}/export.akn")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert browser_for("jp@example.org").get(f"/drafts/{draft.id}/export.akn").status_code == 404
    assert browser_for(None).get("/resolutions/A/RES/78/131/export.akn").status_code == 302


def test_the_lifecycle_names_the_issued_and_the_adopted_text(session, actors, us, jp):
    """Issued: the L's symbol, date and sponsors; a later working revision: none; the
    adopted text: the resolution's symbol, its number before the title, the adoption."""
    today = TODAY.isoformat()
    created = us.post("/api/drafts", json=draft_json()).json
    draft_id = created["id"]
    assert us.post(f"/api/drafts/{draft_id}/status", json={"status": "circulated"}).status_code == 200
    lifecycle.act(session, actors["us"], draft_id, "submit", {})
    lifecycle.act(session, actors["sec"], draft_id, "issue", {"symbol": "A/80/L.24"})
    sponsorship.join(session, actors["jp"], draft_id)
    commit(session)
    issued = jp.get(f"/api/drafts/{draft_id}/export.akn?revision=1")
    doc = akn(issued)
    assert doc.symbol == "A/80/L.24"
    assert f'date="{today}"'.encode() in issued.data and b"Distr.: Limited" in issued.data
    assert b'outcome="draftResolutionAdditionalSponsors" by="Japan"' in issued.data
    lifecycle.act(session, actors["sec"], draft_id, "adopt",
                  {"symbol": "A/RES/80/174", "without_vote": True})
    commit(session)
    adopted = jp.get(f"/api/drafts/{draft_id}/export.akn")
    assert akn(adopted).symbol == "A/RES/80/174"
    for expected in (b"<docNumber>80/174.</docNumber>", b"Distr.: General", f"/deliberation/unga/{today}/80-174/".encode(),
                     b"[without reference to a Main Committee (<inline name=\"originating document\">A/80/L.24</inline>)]",
                     f'<docDate date="{today}" refersTo="#adoptionDate">'.encode()):
        assert expected in adopted.data, expected
    # The adopted text is in the library too, and exports from there.
    library = akn(jp.get("/api/resolutions/A/RES/80/174/export.akn"))
    assert library.symbol == "A/RES/80/174" and [p.id for p in library.operative] == [
        p["id"] for p in created["document"]["operative"]]
