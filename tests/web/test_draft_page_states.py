"""The draft page and the library page in each state of a draft's life (issue #8): the
text's cover as the Word file of that state prints it (the manuscript, the issued L or
Rev., the adopted A/RES), the state by the title with jump links, the timeline's oral
revision and links, sponsorship closed after adoption, the partner-upload link, and the
library page linking back to the draft only for those who may read it."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from resolutions.formats import document_json
from resolutions.services import drafts, lifecycle, sponsorship
from tests.conftest import TODAY, commit, draft_json

STATEMENT = "In operative paragraph 1, after “Member States”, insert “and observers”. " * 4


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ")


def _article(html: str) -> str:
    return html[html.index('<article class="un-doc"'):html.index("</article>")]


@pytest.fixture
def life(session, actors):
    """A US draft Japan co-sponsors through to adoption; the page at each state is kept."""
    us, jp, mx, sec = actors["us"], actors["jp"], actors["mx"], actors["sec"]
    created = drafts.create(session, us, document_json.load(draft_json()))
    did = created.id
    drafts.set_status(session, us, did, "circulated")
    sponsorship.join(session, jp, did)
    lifecycle.act(session, us, did, "submit", {})
    lifecycle.act(session, sec, did, "issue", {"symbol": "A/80/L.24"})
    sponsorship.join(session, mx, did)  # an additional sponsor
    doc = drafts.view(session, us, did).document
    first = replace(doc.operative[0], text="Calls upon all Member States to act at every level;")
    drafts.save(session, us, did, 1, replace(doc, operative=(first, *doc.operative[1:])))
    lifecycle.act(session, us, did, "revise", {})
    lifecycle.act(session, sec, did, "issue", {})  # A/80/L.24/Rev.1, revision 2
    op1 = doc.operative[0].id
    lifecycle.act(session, sec, did, "oral_revision", {"by": "Japan", "text": STATEMENT,
                                                        "paragraphs": [{"id": op1, "text": "Calls upon all Member "
                                                                        "States and observers to act;"}]})
    commit(session)
    return did


def _adopt(session, actors, did):
    lifecycle.act(session, actors["sec"], did, "adopt", {"symbol": "A/RES/80/245", "without_vote": True})
    commit(session)


def test_a_private_draft_prints_the_manuscript(browser_for, draft):
    html = browser_for("us@example.org").get(f"/drafts/{draft.id}").get_data(as_text=True)
    article = _text(_article(html))
    assert "United Nations Draft" in article
    assert "United States of America: draft resolution" in article
    assert "Distr.:" not in article and "Resolution adopted" not in article
    bar = html[html.index('<nav class="draft-bar"'):html.index("</nav>", html.index('<nav class="draft-bar"'))]
    assert "Private" in bar
    for name, href in (("Lifecycle", "#lifecycle"), ("Export", "#export-menu"), ("Sponsors", "#sponsors"),
                       ("Compilation", f"/drafts/{draft.id}/compilation")):
        assert f'href="{href}"' in bar and f">{name}</a>" in bar
    assert 'id="sponsors"' in html and 'id="lifecycle"' in html and 'id="export-menu"' in html
    assert "partner's Word file" not in html  # private: nobody proposes yet


def test_the_issued_revisions_print_their_symbols_with_the_sponsors_at_issuance(browser_for, life):
    us = browser_for("us@example.org")
    first = _text(_article(us.get(f"/drafts/{life}/revisions/1").get_data(as_text=True)))
    assert "United Nations A/80/L.24 " in first and "Distr.: Limited" in first and "Original: English" in first
    assert "Japan and United States of America: * draft resolution" in first  # Mexico joined after
    assert "Any changes to the list of sponsors will be reflected in the official record" in first
    rev1 = _text(_article(us.get(f"/drafts/{life}/revisions/2").get_data(as_text=True)))
    assert "United Nations A/80/L.24/Rev.1 " in rev1
    current = us.get(f"/drafts/{life}").get_data(as_text=True)  # revision 3: the Rev.1 as orally revised
    assert "United Nations A/80/L.24/Rev.1 " in _text(_article(current))
    bar = _text(current[current.index('<nav class="draft-bar"'):])
    assert bar.startswith(" Issued A/80/L.24/Rev.1 ")


def test_the_timeline_shows_the_oral_revision_and_links_its_symbols(browser_for, life):
    html = browser_for("jp@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    timeline = html[html.index('<ol class="timeline">'):html.index("</ol>", html.index('<ol class="timeline">'))]
    assert "Japan revised 1 paragraph orally (revision 3) OP 1 · the text as revised (revision 3)" in _text(timeline)
    assert "<details class=\"step-statement\">" in timeline  # a long statement folds away
    assert "after &#34;Member States&#34;" in timeline or "after “Member States”" in timeline
    assert f'href="/drafts/{life}/revisions/1"' in timeline and f'href="/drafts/{life}/revisions/2"' in timeline
    assert f'href="/drafts/{life}/revisions/3"' in timeline  # the oral revision's text


@pytest.mark.parametrize("email", ["us@example.org", "jp@example.org", "sec@example.org"])
def test_the_adopted_draft_prints_the_resolution(browser_for, session, actors, life, email):
    _adopt(session, actors, life)
    html = browser_for(email).get(f"/drafts/{life}").get_data(as_text=True)
    article = _text(_article(html))
    assert "United Nations A/RES/80/245 " in article and "Distr.: General" in article
    assert f"Resolution adopted by the General Assembly on {TODAY.day} {TODAY.strftime('%B %Y')}" in article
    assert "[ without reference to a Main Committee (A/80/L.24/Rev.1) ]" in article
    assert "80/245. Enhancing action" in article
    assert "draft resolution" not in article and "Original:" not in article
    assert 'href="/resolutions/A/RES/80/245"' in html  # the timeline's adoption
    assert "partner's Word file" not in html  # no proposals after adoption


def test_sponsorship_is_closed_after_adoption(browser_for, session, actors, life):
    before = browser_for("mx@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    assert "Withdraw Mexico as co-sponsor" in before
    _adopt(session, actors, life)
    after = browser_for("mx@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    assert "Withdraw Mexico as co-sponsor" not in after and 'value="withdraw"' not in after
    assert "Sponsorship closed when the draft was adopted as A/RES/80/245 on " in _text(after)
    eu = browser_for("eu@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    assert "Join as co-sponsor" not in eu


def test_the_partner_upload_link_shows_where_the_viewer_may_propose(browser_for, session, actors, life):
    jp = browser_for("jp@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    assert "Upload a partner's Word file with tracked changes" in jp
    compilation = browser_for("jp@example.org").get(f"/drafts/{life}/compilation").get_data(as_text=True)
    href = re.search(r'<a href="([^"]+)">Upload a partner', compilation).group(1)
    assert f'href="{href}"' in jp
    sec = browser_for("sec@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    assert "Upload a partner" not in sec  # the Secretariat proposes no wording


def test_the_library_prints_the_adopted_resolution_as_the_word_file_does(browser_for, session, actors, life):
    _adopt(session, actors, life)
    html = browser_for("jp@example.org").get("/resolutions/A/RES/80/245").get_data(as_text=True)
    article = _text(_article(html))
    assert "draft resolution" not in article  # the sponsors are in the facts beside it
    assert "[ without reference to a Main Committee (A/80/L.24/Rev.1) ]" in article
    assert "80/245. Enhancing action" in article
    assert re.search(r"80/245\. Enhancing action[^<]*? The General Assembly ,", article)
    aside = _text(html[html.index("<aside>"):])
    assert "Japan and United States of America" in aside and "Mexico" in aside
    assert f'href="/drafts/{life}"' in html  # back to the draft, which Japan may read


def test_the_library_links_back_only_to_a_draft_the_viewer_may_read(browser_for, session, actors, life):
    _adopt(session, actors, life)
    # an adopted draft is circulated, so every delegation reads it; an anonymous link is never made
    assert f'href="/drafts/{life}"' in browser_for("eu@example.org").get("/resolutions/A/RES/80/245").get_data(
        as_text=True)
    assert lifecycle.adopted_from(session, actors["eu"], "A/RES/80/245") == life
    assert lifecycle.adopted_from(session, actors["eu"], "A/RES/80/999") is None


def test_the_export_menu_marks_the_suggested_choice_and_names_issued_revisions(browser_for, life):
    html = browser_for("us@example.org").get(f"/drafts/{life}").get_data(as_text=True)
    menu = html[html.index('<details class="export-menu"'):html.index("</details>", html.index('<details class="export-menu"'))]
    assert menu.count('class="export-suggested"') == 1
    assert re.search(r'checked aria-describedby="export-why"> <span>[^<]*<span class="export-suggested">', menu)
    assert '<option value="2">revision 2 — A/80/L.24/Rev.1</option>' in menu
    assert '<option value="1">revision 1 — A/80/L.24</option>' in menu
    assert 'data-controls="export-earlier"' in menu and 'src="/static/export-menu.js"' in html
    editor = browser_for("us@example.org").get(f"/drafts/{life}/edit").get_data(as_text=True)  # the same menu
    assert '<option value="2">revision 2 — A/80/L.24/Rev.1</option>' in editor


def test_a_real_resolution_in_the_library_prints_its_formula_and_no_sponsor_line(app, browser_for):
    from resolutions.services import corpus_import
    from tests.conftest import SHARED_CORPUS
    path = SHARED_CORPUS / "akn" / "78" / "English" / "A_RES_78_131-2325898E.xml"
    assert corpus_import.import_path(app.extensions["resolutions.db"].unit_of_work, path).failed == []
    html = browser_for("jp@example.org").get("/resolutions/A/RES/78/131").get_data(as_text=True)
    article = _text(_article(html))
    assert "78/131. Enhancing action at the national" in article
    assert re.search(r"synthetic drugs The General Assembly , Recognizing", article)
    assert "draft resolution" not in article
    assert "The draft it was adopted from" not in html  # imported, not adopted here: no draft to go back to


def test_a_cnd_resolution_prints_its_number_and_no_committee_line(browser_for, session, actors):
    us, sec = actors["us"], actors["sec"]
    created = drafts.create(session, us, document_json.load(draft_json(body="CND", session=69, agenda_item="",
                                                                        agenda_title="")))
    drafts.set_status(session, us, created.id, "circulated")
    lifecycle.act(session, us, created.id, "submit", {})
    lifecycle.act(session, sec, created.id, "issue", {"symbol": f"E/CN.7/{TODAY.year}/L.5"})
    lifecycle.act(session, sec, created.id, "adopt", {"number": "3", "without_vote": True})
    commit(session)
    page = browser_for("us@example.org").get(f"/drafts/{created.id}").get_data(as_text=True)
    article = _text(_article(page))
    assert "United Nations resolution 69/3 " in article
    assert "Resolution adopted by the Commission on Narcotic Drugs on" in article
    assert "69/3. Enhancing action" in article and "The Commission on Narcotic Drugs ," in article
    assert "[" not in article.split("69/3. Enhancing")[0]  # the CND prints no committee line
    assert 'href="/resolutions/resolution%2069/3"' in page
    library = _text(_article(browser_for("us@example.org").get("/resolutions/resolution 69/3").get_data(as_text=True)))
    assert "69/3. Enhancing action" in library and "draft resolution" not in library
    assert "[" not in library.split("69/3. Enhancing")[0]
