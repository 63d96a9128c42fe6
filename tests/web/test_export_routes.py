"""The export routes, on the pages and the API: ?revision=&against=&kind= and the Export
menu's ?choice=, the file names they send, who may export, and the refusals."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest

from resolutions.services import drafts, lifecycle
from tests.conftest import commit


@pytest.fixture
def two_revisions(session, actors, draft):
    """The United States' private draft with a second revision, OP1 reworded."""
    doc = draft.document
    first = replace(doc.operative[0], text="Calls upon Member States to act at every level;")
    drafts.save(session, actors["us"], draft.id, 1, replace(doc, operative=(first, *doc.operative[1:])))
    commit(session)
    return draft


def _filename(response) -> str:
    return re.search(r'filename="?([^";]+)', response.headers["Content-Disposition"]).group(1)


def test_the_api_exports_a_kind_against_a_revision(us, two_revisions):
    url = f"/api/drafts/{two_revisions.id}/export.docx"
    response = us.get(f"{url}?revision=2&against=1")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert _filename(response) == f"GA-80-draft-{two_revisions.id}-rev2-tracked-against-rev1.docx"
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        assert "<w:ins " in package.read("word/document.xml").decode()
    compiled = us.get(f"{url}?kind=compilation")
    assert compiled.status_code == 200
    assert _filename(compiled) == f"GA-80-draft-{two_revisions.id}-rev2-compilation.docx"


def test_the_page_route_reads_the_menus_choice(browser_for, two_revisions):
    b = browser_for("us@example.org")
    url = f"/drafts/{two_revisions.id}/export.docx"
    earlier = b.get(f"{url}?revision=2&choice=earlier&earlier=1")
    assert earlier.status_code == 200
    assert _filename(earlier) == f"GA-80-draft-{two_revisions.id}-rev2-tracked-against-rev1.docx"
    clean = b.get(f"{url}?revision=2&choice=clean&earlier=1")  # the select is sent whatever is chosen
    assert _filename(clean) == f"GA-80-draft-{two_revisions.id}-rev2.docx"


@pytest.mark.parametrize("query, status, words", [
    ("against=base", 409, "not started from a resolution"),
    ("against=issued", 409, "not been issued yet"),
    ("kind=resolution", 409, "not adopted"),
    ("kind=addendum", 409, "no addendum"),
    ("kind=issued", 409, "not been issued yet"),
    ("revision=9", 404, "has no revision 9"),
    ("against=9", 404, "has no revision 9"),
    ("against=sideways", 422, "against must be base, issued, none or a whole number"),
    ("against=0", 422, "against must be"),
    ("against=" + "9" * 40, 422, "against must be"),
    ("kind=memo", 422, "kind must be one of"),
    ("choice=everything", 422, "choice must be one of"),
    ("choice=earlier", 422, "choose the earlier revision"),
    ("choice=earlier&earlier=x", 422, "earlier must be a whole number"),
    ("choice=clean&kind=manuscript", 422, "not both"),
])
def test_what_does_not_fit_is_refused_by_name(us, browser_for, two_revisions, query, status, words):
    for client in (us, browser_for("us@example.org")):
        prefix = "/api" if client is us else ""
        response = client.get(f"{prefix}/drafts/{two_revisions.id}/export.docx?{query}")
        assert response.status_code == status, (query, response.data[:300])
        assert words in response.get_data(as_text=True).replace("&#39;", "'"), query


def test_a_private_drafts_exports_are_404_for_other_delegations(jp, browser_for, two_revisions):
    for query in ("", "?kind=compilation", "?against=1", "?choice=clean"):
        assert jp.get(f"/api/drafts/{two_revisions.id}/export.docx{query}").status_code == 404
        assert browser_for("jp@example.org").get(f"/drafts/{two_revisions.id}/export.docx{query}").status_code == 404


def test_the_export_needs_a_login(app, two_revisions):
    client = app.test_client()
    assert client.get(f"/drafts/{two_revisions.id}/export.docx").status_code in (302, 401)
    assert client.get(f"/api/drafts/{two_revisions.id}/export.docx").status_code == 401


def test_the_draft_page_and_the_editor_carry_the_export_menu(browser_for, two_revisions):
    b = browser_for("us@example.org")
    for url in (f"/drafts/{two_revisions.id}", f"/drafts/{two_revisions.id}/edit"):
        page = b.get(url).get_data(as_text=True)
        menu = page[page.index('id="export-menu"'):]
        assert f'action="/drafts/{two_revisions.id}/export.docx"' in menu and 'method="get"' in menu
        assert re.search(r'value="clean"\s+checked', menu), url  # no base, not issued: the clean manuscript
        assert 'value="earlier"' in menu and '<option value="1">revision 1</option>' in menu
        assert "A new text: the Secretariat takes the clean manuscript" in menu


@pytest.fixture
def issued_at_three(session, actors, two_revisions):
    """The draft circulated, edited to revision 3, submitted and issued as A/80/L.30."""
    us = actors["us"]
    drafts.set_status(session, us, two_revisions.id, "circulated")
    doc = drafts.view(session, us, two_revisions.id).document
    drafts.save(session, us, two_revisions.id, 2, replace(doc, title=doc.title + " and beyond"))
    lifecycle.act(session, us, two_revisions.id, "submit", {})
    lifecycle.act(session, actors["sec"], two_revisions.id, "issue", {"symbol": "A/80/L.30"})
    commit(session)
    return two_revisions


def test_against_alone_is_the_manuscript_tracked_against_it_on_an_issued_draft(us, issued_at_three):
    """Issue #8: ?revision=n&against=X with no kind is revision n's manuscript tracked
    against X, also once the draft is issued (the default kind then is the issued L)."""
    url = f"/api/drafts/{issued_at_three.id}/export.docx"
    against_issued = us.get(f"{url}?revision=2&against=issued")
    assert against_issued.status_code == 200, against_issued.json
    assert _filename(against_issued) == f"GA-80-draft-{issued_at_three.id}-rev2-tracked-against-A_80_L.30.docx"
    with zipfile.ZipFile(io.BytesIO(against_issued.data)) as package:
        assert "<w:del " in package.read("word/document.xml").decode()  # " and beyond", added in revision 3
    # the revision issued, against itself: named as the manuscript it is, with nothing tracked
    itself = us.get(f"{url}?against=issued")
    assert _filename(itself) == f"GA-80-draft-{issued_at_three.id}-rev3-tracked-against-A_80_L.30.docx"
    with zipfile.ZipFile(io.BytesIO(itself.data)) as package:
        assert "<w:ins " not in package.read("word/document.xml").decode()
    current = us.get(f"{url}?against=1")
    assert _filename(current) == f"GA-80-draft-{issued_at_three.id}-rev3-tracked-against-rev1.docx"
    # no parameters: the L as issued, never a file tracked against itself
    plain = us.get(url)
    assert _filename(plain) == "A_80_L.30.docx"
    # a revision from before the issuance, with no kind: its manuscript, not a 409
    older = us.get(f"{url}?revision=1")
    assert older.status_code == 200 and _filename(older) == f"GA-80-draft-{issued_at_three.id}-rev1.docx"


def test_the_menu_offers_no_changes_against_the_issued_text_on_the_issued_revision(browser_for, issued_at_three):
    page = browser_for("us@example.org").get(f"/drafts/{issued_at_three.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "A/80/L.30 as issued" in html
    assert "Tracked changes against the issued" not in html
