"""Empty pages say what to do next, not just "0 found"."""
from __future__ import annotations

from tests.conftest import SHARED_CORPUS, import_real_files


def test_search_of_an_empty_library_says_how_to_import(browser_for, draft):
    page = browser_for("us@example.org").get("/search?q=fentanyl").get_data(as_text=True)
    assert "No past resolution has been imported yet" in page and "corpus import PATH" in page


def test_search_with_no_match_suggests_what_to_try(browser_for, session, tmp_path):
    import_real_files(session, tmp_path, [SHARED_CORPUS / "akn/78/English/A_RES_78_131-EN.xml"])
    page = browser_for("us@example.org").get("/search?q=zzyzxquux").get_data(as_text=True)
    assert "Nothing matches. Try fewer words" in page and "has been imported yet" not in page


def test_history_of_a_fresh_draft_says_how_it_grows(browser_for, draft):
    page = browser_for("us@example.org").get(f"/drafts/{draft.id}/history").get_data(as_text=True)
    assert "Only revision 1 so far" in page and 'name="from"' not in page
