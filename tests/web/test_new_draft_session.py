"""The new-draft form and "Start a draft from this text" propose the body's current
session, not a fixed number or the old text's session + 1."""
from __future__ import annotations

import re
from datetime import date

from resolutions.domain.bodies import get_body
from resolutions.services import drafts, publications
from tests.conftest import SHARED_CORPUS, TODAY, import_real_files


def test_the_new_draft_form_defaults_to_the_current_session(browser_for):
    page = browser_for("us@example.org").get("/drafts/new").get_data(as_text=True)
    today = TODAY
    field = re.search(r'<input[^>]*name="session"[^>]*>', page).group(0)
    assert f'value="{get_body("GA").session_on(today)}"' in field
    assert f'CND {get_body("CND").session_on(today)}' in page


def test_starting_from_a_past_resolution_proposes_the_current_session(session, actors, tmp_path):
    import_real_files(session, tmp_path, [SHARED_CORPUS / "akn/78/English/A_RES_78_131-2325898E.xml"])
    started = publications.start_draft(session, actors["jp"], "A/RES/78/131", today=date(2026, 3, 2))
    assert started.document.session == 80
    assert drafts.current_session("GA", date(2026, 9, 1)) == 81
