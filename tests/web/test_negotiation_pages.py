"""The compilation page and its forms, as a browser without JavaScript uses them."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import draft_json


@pytest.fixture
def draft(api_for):
    us = api_for("us@example.org")
    created = us.post("/api/drafts", json=draft_json()).json
    us.post(f"/api/drafts/{created['id']}/status", json={"status": "circulated"})
    return created


def _op(draft, n):
    return draft["document"]["operative"][n - 1]["id"]


def _page(browser, draft_id, query=""):
    answer = browser.get(f"/drafts/{draft_id}/compilation{query}")
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def _propose(browser, draft, **fields):
    data = {"base_revision": "1", "paragraph": _op(draft, 1), "kind": "replace", "text": "", **fields}
    return browser.post(f"/drafts/{draft['id']}/compilation/proposals", data)


def test_the_page_shows_labels_statuses_and_a_form_per_paragraph(browser_for, draft):
    page = _page(browser_for("jp@example.org"), draft["id"])
    assert "Compilation text" in page and 'id="para-' + _op(draft, 3) + '"' in page
    assert re.findall(r'class="c-label">([^<]+)<', page) == ["PP1", "PP2", "OP1", "OP2", "OP2 (a)", "OP2 (b)", "OP3"]
    assert page.count('class="c-propose"') == 7 and "No proposals yet" in page
    assert 'name="csrf_token"' in page and "Set status" not in page  # only the penholder sets statuses


def test_propose_support_withdraw_decide(browser_for, draft):
    jp, eu, us = (browser_for(f"{w}@example.org") for w in ("jp", "eu", "us"))
    made = _propose(jp, draft, replaces="coordinated", text="joint", note="Simpler.")
    assert made.status_code == 302 and re.search(r"/compilation#proposal-\d+$", made.location)
    pid = int(made.location.rsplit("-", 1)[1])
    page = _page(eu, draft["id"])
    assert f'id="proposal-{pid}"' in page and "(Japan)" in page and "Simpler." in page
    assert "<del>coordinated" in page and "<ins>joint" in page  # the words it changes, in place
    assert eu.post(f"/drafts/{draft['id']}/compilation/proposals/{pid}/support", {}).status_code == 302
    assert "(Japan, EU)" in _page(us, draft["id"])
    left = jp.post(f"/drafts/{draft['id']}/compilation/proposals/{pid}/withdraw", {})
    assert left.status_code == 302 and left.location.endswith(f"#proposal-{pid}")
    accepted = us.post(f"/drafts/{draft['id']}/compilation/proposals/{pid}/decision",
                       {"decision": "accept", "with_changes": "1",
                        "text": "Calls upon Member States to carry out joint actions at every level;"})
    assert accepted.status_code == 302 and accepted.location.endswith(f"#para-{_op(draft, 1)}")
    page = _page(us, draft["id"])
    assert "at every level" in page and "accepted with changes" in page and "revision 2" in page
    shown = us.get(f"/drafts/{draft['id']}").get_data(as_text=True)
    assert "Compilation text" in shown


def test_a_refusal_keeps_the_typed_text(browser_for, draft):
    jp = browser_for("jp@example.org")
    refused = _propose(jp, draft, replaces="coordinated actions at all levels everywhere", text="my careful words")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "are not in the paragraph" in page and "my careful words" in page
    assert f'id="propose-{_op(draft, 1)}" open' in page


def test_user_text_is_escaped(browser_for, draft):
    jp = browser_for("jp@example.org")
    _propose(jp, draft, kind="insert", text="Urges <script>alert(1)</script> States;", note="<b>bold</b>")
    page = _page(jp, draft["id"])
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and html.escape("<b>bold</b>") in page


def test_statuses_and_filters(browser_for, draft):
    us, jp = browser_for("us@example.org"), browser_for("jp@example.org")
    url = f"/drafts/{draft['id']}/compilation/paragraphs/{_op(draft, 3)}/status"
    assert jp.post(url, {"status": "agreed_ad_ref"}).status_code == 403
    done = us.post(url, {"status": "bracketed", "f_status": "bracketed",
                         "text": "Requests the Secretary-General to report [at its eighty-first session]."})
    assert done.status_code == 302 and "status=bracketed" in done.location
    page = _page(jp, draft["id"], "?status=bracketed")
    assert re.findall(r'class="c-label">([^<]+)<', page) == ["OP3"]
    assert "report [at its eighty-first session]." in page
    bad = us.post(url, {"status": "bracketed", "text": "Requests [the Secretary-General"})
    assert bad.status_code == 422 and "never closed" in bad.get_data(as_text=True)
    assert "No paragraph matches these filters" in _page(jp, draft["id"], "?delegation=Mexico")


def test_no_csrf_no_change(browser_for, draft):
    jp = browser_for("jp@example.org")
    answer = jp.client.post(f"/drafts/{draft['id']}/compilation/proposals",
                            data={"base_revision": "1", "paragraph": _op(draft, 1), "kind": "delete"})
    assert answer.status_code == 400
    assert "open proposals <b>0</b>" in _page(jp, draft["id"])


def test_the_secretariat_reads_and_a_private_draft_is_hidden(browser_for, api_for, draft):
    sec = browser_for("sec@example.org")
    page = _page(sec, draft["id"])
    assert "The Secretariat reads the compilation" in page and 'class="c-propose"' not in page
    private = api_for("us@example.org").post("/api/drafts", json=draft_json(title="Private")).json
    assert browser_for("jp@example.org").get(f"/drafts/{private['id']}/compilation").status_code == 404


def test_an_empty_draft_says_what_to_do(browser_for, api_for):
    us = api_for("us@example.org")
    empty = us.post("/api/drafts", json=draft_json(preamble=[], operative=[])).json
    us.post(f"/api/drafts/{empty['id']}/status", json={"status": "circulated"})
    page = _page(browser_for("jp@example.org"), empty["id"])
    assert "This draft has no paragraphs yet" in page


# --- regressions ---------------------------------------------------------------------------

WIDER = "Calls upon Member States to carry out coordinated actions at the national and regional levels;"


def _reword_op1(api_for, draft, text):
    us = api_for("us@example.org")
    doc = us.get(f"/api/drafts/{draft['id']}").json["document"]
    doc["operative"][0]["text"] = text
    assert us.put(f"/api/drafts/{draft['id']}", json={"base_revision": 1, "document": doc}).status_code == 200


def test_a_status_set_on_other_words_is_flagged(browser_for, api_for, draft):
    us, jp = browser_for("us@example.org"), browser_for("jp@example.org")
    url = f"/drafts/{draft['id']}/compilation/paragraphs/{_op(draft, 1)}/status"
    assert us.post(url, {"status": "agreed_ad_ref"}).status_code == 302
    assert "wording changed since" not in _page(jp, draft["id"])
    _reword_op1(api_for, draft, "Calls upon all Member States to carry out coordinated actions at all levels;")
    page = _page(jp, draft["id"])
    assert "agreed ad ref — wording changed since</span>" in page
    assert "OP1 was marked agreed ad ref on an earlier wording" in page
    assert re.search(r"agreed ad ref <b>1</b>\s*<small[^>]*>\(1 wording changed since\)", page)


def test_a_colliding_replacement_offers_only_accept_with_changes(browser_for, api_for, draft):
    jp, us = browser_for("jp@example.org"), browser_for("us@example.org")
    made = _propose(jp, draft, text=WIDER)
    pid = int(made.location.rsplit("-", 1)[1])
    _reword_op1(api_for, draft, "Calls upon Member States to carry out coordinated actions at every level;")
    page = _page(us, draft["id"])
    mine = page[page.index(f'id="proposal-{pid}"'):]
    mine = mine[:mine.index("</li>")]
    assert re.search(r'<button type="submit" disabled aria-describedby="why-\d+">Accept</button>', mine)
    assert "the paragraph changed since; accept with changes" in mine
    assert f'<textarea name="text" rows="3" maxlength="20000">{WIDER}</textarea>' in mine  # prefilled
    forced = us.post(f"/drafts/{draft['id']}/compilation/proposals/{pid}/decision", {"decision": "accept"})
    assert forced.status_code == 409 and "accept with changes" in forced.get_data(as_text=True)
    assert "at every level;" in _page(us, draft["id"])  # nothing reverted


def test_a_merged_replacement_accepts_with_the_later_edit(browser_for, api_for, draft):
    jp, us = browser_for("jp@example.org"), browser_for("us@example.org")
    pid = int(_propose(jp, draft, text=WIDER).location.rsplit("-", 1)[1])
    _reword_op1(api_for, draft, "Calls upon all Member States to carry out coordinated actions at all levels;")
    page = _page(us, draft["id"])
    assert "<ins>all </ins>" not in page and "<ins>the national and regional" in page  # the change now: theirs only
    assert us.post(f"/drafts/{draft['id']}/compilation/proposals/{pid}/decision",
                   {"decision": "accept"}).status_code == 302
    doc = api_for("us@example.org").get(f"/api/drafts/{draft['id']}").json["document"]
    assert doc["operative"][0]["text"] == ("Calls upon all Member States to carry out coordinated actions at the "
                                           "national and regional levels;")


def test_the_page_parses_the_current_text_once(browser_for, draft, monkeypatch):
    """The compilation, its proposals and its comments all read the current revision; it
    is parsed and checked once (services/drafts.py keeps what it read, by content)."""
    from resolutions.services import drafts
    jp = browser_for("jp@example.org")
    assert jp.post(f"/drafts/{draft['id']}/comments",
                   {"paragraph": _op(draft, 1), "text": "Why “all levels”?"}).status_code == 302
    parsed = []
    real = drafts.accept

    def counting(doc):
        parsed.append(doc.title)
        return real(doc)
    monkeypatch.setattr(drafts, "accept", counting)
    drafts._READ.clear()
    assert "Why “all levels”?" in _page(jp, draft["id"])
    assert len(parsed) == 1

def test_headings_tables_and_annexes_in_the_compilation_text(browser_for, session, actors):
    from tests.web.test_pages import _structured
    from resolutions.formats import document_json
    from resolutions.services import drafts
    from tests.conftest import commit
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.save(session, actors["us"], created.id, 1, _structured(created))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    commit(session)
    page = _page(browser_for("jp@example.org"), created.id)
    assert re.search(r'<li class="c-row operative depth-0 kind-heading s-[a-z]+" id="para-h-fin">', page)
    assert re.search(r'<p class="c-text"><strong class="block-heading"><span class="mark">I\.</span> '
                     r'Financing &lt;of&gt; the fund</strong></p>', page)
    table = re.search(r'<div class="c-text"><div class="table-scroll".*?</table></div></div>', page, re.S).group(0)
    assert '<th scope="col">Share</th>' in table and "<td>8.0</td>" in table and "Scale &lt;2027&gt;" in table
    assert '<strong class="annex-mark">Annex</strong> Terms of reference' in page
    # a heading, a table or an annex takes no subparagraph: no "inside" choice in its proposal form
    heading_form = page.split('id="propose-h-fin"', 1)[1].split("</details>", 1)[0]
    assert 'value="inside"' not in heading_form and 'value="after"' in heading_form


def test_a_delegate_proposes_a_heading_after_a_block(browser_for, draft):
    mx, us = browser_for("mx@example.org"), browser_for("us@example.org")
    form = _page(mx, draft["id"])
    assert 'name="block_kind"' in form and 'name="numbering"' in form and 'name="level"' in form
    made = _propose(mx, draft, kind="insert", text="Financing", block_kind="heading", level="2", numbering="{A}.")
    assert made.status_code == 302, made.get_data(as_text=True)[:500]
    pid = int(made.location.rsplit("-", 1)[1])
    page = _page(us, draft["id"])
    shown = page[page.index(f'id="proposal-{pid}"'):]
    assert re.search(r'<strong class="block-heading"><span class="mark">A\.</span> Financing</strong>', shown)
    assert "new heading after OP1" in shown and 'class="c-label">OP1 bis<' in page
    accepted = us.post(f"/drafts/{draft['id']}/compilation/proposals/{pid}/decision", {"decision": "accept"})
    assert accepted.status_code == 302
    page = _page(us, draft["id"])
    assert "Heading OP1 bis (Mexico)" in page  # the decided proposal's summary
    row = page[page.index("kind-heading"):]  # the heading is in the text now, a row of its own
    assert row.index('<span class="mark">A.</span> Financing') < row.index("</li>")


def test_a_proposed_table_shows_its_cells(browser_for, draft):
    jp = browser_for("jp@example.org")
    made = _propose(jp, draft, kind="insert", paragraph=_op(draft, 3), text="Budget", block_kind="table",
                    rows="Item | Amount\nTravel | 1,200", header_rows="1")
    assert made.status_code == 302
    page = _page(jp, draft["id"])
    assert '<th scope="col">Amount</th>' in page and "<td>1,200</td>" in page and "<caption>Budget</caption>" in page


def test_a_hostile_block_from_the_form_is_refused_with_the_typed_values(browser_for, draft):
    jp = browser_for("jp@example.org")
    refused = _propose(jp, draft, kind="insert", paragraph=_op(draft, 2), position="inside", text="Terms",
                       block_kind="annex")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "subparagraph is always a paragraph" in page and f'id="propose-{_op(draft, 2)}" open' in page
    assert re.search(r'<option value="annex" selected>', page)
    too_big = _propose(jp, draft, kind="insert", text="Big", block_kind="table", rows="x\n" * 300)
    assert too_big.status_code == 422 and "1 to 200 rows" in too_big.get_data(as_text=True)
    assert "No proposals yet" in _page(jp, draft["id"])
