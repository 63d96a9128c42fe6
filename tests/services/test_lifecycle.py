"""The lifecycle from submission to resolution: every step, every refusal, the library."""
from __future__ import annotations

import datetime

import pytest

from resolutions.domain.dates import un_date
from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.search import SearchQuery
from resolutions.services import drafts, lifecycle, proposals, publications, searching, sponsorship
from resolutions.services.errors import Conflict, Forbidden, NotFound
from tests.conftest import TODAY, commit, draft_json, operative_id



@pytest.fixture
def circulated(session, actors):
    created = drafts.create(session, actors["us"], document_json.load(draft_json()))
    drafts.set_status(session, actors["us"], created.id, "circulated")
    sponsorship.join(session, actors["jp"], created.id)
    return drafts.view(session, actors["us"], created.id)


def issued(session, actors, draft_id, symbol="A/80/L.24"):
    lifecycle.act(session, actors["us"], draft_id, "submit", {})
    return lifecycle.act(session, actors["sec"], draft_id, "issue", {"symbol": symbol})


def edit(session, actor, draft_id, text):
    view = drafts.view(session, actor, draft_id)
    changed = view.document.with_changes(title=text)
    return drafts.save(session, actor, draft_id, view.current_revision, changed)


def test_the_whole_chain_from_submission_to_a_resolution_in_the_library(session, actors, circulated):
    us, sec, did = actors["us"], actors["sec"], circulated.id
    assert lifecycle.of(session, us, did).state == "circulated"

    submitted = lifecycle.act(session, us, did, "submit", {})
    assert (submitted.state, submitted.submitted_revision) == ("submitted", 2 - 1)
    first = lifecycle.act(session, sec, did, "issue", {"symbol": "a/80/l.24", "date": TODAY.isoformat()})
    assert first.state == "issued" and first.issued.symbol == "A/80/L.24"
    assert first.issued.sponsors == ("Japan", "United States of America")

    edit(session, us, did, "Enhancing action against synthetic drugs")
    lifecycle.act(session, us, did, "revise", {})
    rev1 = lifecycle.act(session, sec, did, "issue", {})  # the next Rev. symbol is the default
    assert [i.symbol for i in rev1.issuances] == ["A/80/L.24", "A/80/L.24/Rev.1"]
    assert rev1.issued.revision == 2

    sponsorship.join(session, actors["mx"], did)  # a late sponsor
    late = lifecycle.of(session, us, did)
    assert late.additional_sponsors == ("Mexico",)
    added = lifecycle.act(session, sec, did, "addendum", {})
    assert added.addenda[0].symbol == "A/80/L.24/Rev.1/Add.1" and added.addenda[0].sponsors == ("Mexico",)
    with pytest.raises(Conflict, match="earlier addendum"):
        lifecycle.act(session, sec, did, "addendum", {})

    op1 = operative_id(circulated, 1)
    oral = lifecycle.act(session, sec, did, "oral_revision", {
        "by": "United States of America", "text": "In operative paragraph 1, insert 'and regional'.",
        "paragraphs": [{"id": op1, "text": "Calls upon Member States to carry out coordinated actions at all "
                                           "and regional levels;"}]})
    assert oral.oral_revisions[0].paragraphs == (op1,) and oral.oral_revisions[0].revision == 3
    assert "regional" in drafts.view(session, us, did).document.find(op1).text

    adopted = lifecycle.act(session, sec, did, "adopt", {
        "number": "174", "vote": {"yes": ["Japan", "Mexico", "United States of America"], "no": ["France"],
                                  "abstain": ["Brazil", "India"]}})
    assert adopted.state == "adopted"
    action = adopted.action
    assert (action.kind, action.symbol, action.revision) == ("adopted", "A/RES/80/174", 3)
    assert (action.vote.yes, action.vote.no, action.vote.abstentions) == (3, 1, 2)
    # the last issuance and its addendum, as the UN writes "(A/75/L.111/Rev.1 and A/75/L.111/Rev.1/Add.1)"
    assert action.committee_line == "[without reference to a Main Committee (A/80/L.24/Rev.1 and A/80/L.24/Rev.1/Add.1)]"
    assert [s.action for s in adopted.steps] == ["created", "circulated", "submit", "issue", "revise", "issue",
                                                 "addendum", "oral_revision", "adopt"]
    commit(session)

    resolution = publications.get(session, actors["jp"], "A/RES/80/174")
    assert resolution.kind == "resolution" and resolution.source_format == "adopted"
    assert "regional" in resolution.document.find(op1).text
    facts = resolution.facts
    assert facts.originating_document == "A/80/L.24/Rev.1 and A/80/L.24/Rev.1/Add.1" and facts.adopted_on == TODAY
    assert resolution.printed_sponsors == ()  # a resolution prints no sponsor line: they are in its facts
    assert facts.sponsors == ("Japan", "United States of America") and facts.additional_sponsors == ("Mexico",)
    assert facts.vote.abstaining == ("Brazil", "India") and facts.committee == "Without reference to a Main Committee"
    found = searching.search(session, actors["jp"], SearchQuery(text="synthetic", kind="resolution"))
    assert [hit.symbol for hit in found.results] == ["A/RES/80/174"]

    next_year = publications.start_draft(session, actors["jp"], "A/RES/80/174",
                                           today=datetime.date(2026, 12, 1))
    assert next_year.document.session == 81 and next_year.document.find(op1) is not None


def test_the_text_is_frozen_while_submitted_and_after_action(session, actors, circulated):
    us, did = actors["us"], circulated.id
    lifecycle.act(session, us, did, "submit", {})
    with pytest.raises(Conflict, match="revision 1 is submitted for issuance"):
        edit(session, us, did, "A new title")
    with pytest.raises(Conflict, match="submitted"):
        drafts.restore(session, us, did, 1, 1)
    with pytest.raises(Conflict, match="stays circulated"):
        drafts.set_status(session, us, did, "private")
    assert drafts.view(session, us, did).can_edit is False
    lifecycle.act(session, actors["sec"], did, "issue", {"symbol": "A/80/L.3"})
    assert drafts.view(session, us, did).can_edit is True  # after issuance the penholder may prepare a Rev.
    lifecycle.act(session, actors["sec"], did, "adopt", {"symbol": "A/RES/80/9", "without_vote": True})
    with pytest.raises(Conflict, match="adopted as A/RES/80/9"):
        edit(session, us, did, "A newer title")
    with pytest.raises(Conflict, match="adopted"):
        proposals.make(session, actors["mx"], did, 2, "delete", operative_id(circulated, 1))
    with pytest.raises(Conflict, match="adopted"):
        sponsorship.join(session, actors["mx"], did)
    assert lifecycle.of(session, us, did).action.vote is None


@pytest.mark.parametrize("action, state_needed", [
    ("issue", "submitted"), ("revise", "issued"), ("addendum", "issued"), ("oral_revision", "issued"),
    ("adopt", "issued"), ("reject", "issued"), ("defer", "issued"), ("withdraw", "submitted")])
def test_a_step_that_does_not_fit_the_state_is_409(session, actors, circulated, action, state_needed):
    who = actors["us"] if action in ("revise", "withdraw") else actors["sec"]
    with pytest.raises(Conflict, match=f"fits a draft that is {state_needed}"):
        lifecycle.act(session, who, circulated.id, action, {})


def test_submitting_a_private_draft_asks_to_circulate_it_first(session, actors, draft):
    with pytest.raises(Conflict, match="circulates it first"):
        lifecycle.act(session, actors["us"], draft.id, "submit", {})


@pytest.mark.parametrize("who, action", [
    ("jp", "submit"), ("sec", "submit"), ("us", "issue"), ("jp", "issue"), ("us", "adopt"), ("us", "addendum"),
    ("us", "oral_revision"), ("jp", "withdraw"), ("sec", "revise"), ("us", "defer"), ("us", "reject")])
def test_a_step_for_another_role_is_403(session, actors, circulated, who, action):
    with pytest.raises(Forbidden):
        lifecycle.act(session, actors[who], circulated.id, action, {})


def test_a_draft_one_cannot_see_is_404(session, actors, draft):
    with pytest.raises(NotFound):
        lifecycle.act(session, actors["jp"], draft.id, "submit", {})
    with pytest.raises(NotFound):
        lifecycle.of(session, actors["jp"], draft.id)


@pytest.mark.parametrize("fields, message", [
    ({"symbol": "A/79/L.24"}, "belongs to session 79"),
    ({"symbol": "E/CN.7/2026/L.5"}, "not an L symbol of the General Assembly"),
    ({"symbol": "A/80/L.24/Rev.1"}, "not an L symbol"),
    ({"symbol": "A/RES/80/1"}, "not an L symbol"),
    ({}, "give the symbol"),
    ({"symbol": "A/80/L.24", "date": "2999-01-01"}, "in the future"),
    ({"symbol": "A/80/L.24", "date": "1999-01-01"}, "before the previous step"),
    ({"symbol": "A/80/L.24", "date": "20 Nov"}, "YYYY-MM-DD"),
])
def test_a_bad_issuance_is_400_naming_the_field(session, actors, circulated, fields, message):
    lifecycle.act(session, actors["us"], circulated.id, "submit", {})
    with pytest.raises(InvalidDocument, match=message):
        lifecycle.act(session, actors["sec"], circulated.id, "issue", fields)


def test_a_rev_symbol_must_be_the_next_rev_and_a_symbol_is_issued_once(session, actors, circulated):
    issued(session, actors, circulated.id)
    edit(session, actors["us"], circulated.id, "Changed")
    lifecycle.act(session, actors["us"], circulated.id, "revise", {})
    with pytest.raises(InvalidDocument, match="it would be A/80/L.24/Rev.1"):
        lifecycle.act(session, actors["sec"], circulated.id, "issue", {"symbol": "A/80/L.24/Rev.2"})
    other = drafts.create(session, actors["mx"], document_json.load(draft_json()))
    drafts.set_status(session, actors["mx"], other.id, "circulated")
    lifecycle.act(session, actors["mx"], other.id, "submit", {})
    with pytest.raises(Conflict, match="already issued for draft"):
        lifecycle.act(session, actors["sec"], other.id, "issue", {"symbol": "A/80/L.24"})


def test_a_revision_needs_an_edit_and_action_needs_the_issued_text(session, actors, circulated):
    issued(session, actors, circulated.id)
    with pytest.raises(Conflict, match="edit the text before"):
        lifecycle.act(session, actors["us"], circulated.id, "revise", {})
    edit(session, actors["us"], circulated.id, "Unissued change")
    with pytest.raises(Conflict, match="changes made after A/80/L.24 was issued"):
        lifecycle.act(session, actors["sec"], circulated.id, "adopt", {"number": 1, "without_vote": True})


def test_votes_are_checked_against_the_delegations(session, actors, circulated):
    issued(session, actors, circulated.id)
    sec, did = actors["sec"], circulated.id
    with pytest.raises(InvalidDocument, match="Atlantis"):
        lifecycle.act(session, sec, did, "adopt", {"number": 2, "vote": {"yes": ["Japan", "Atlantis"]}})
    with pytest.raises(InvalidDocument, match="both in 'yes' and in 'no'"):
        lifecycle.act(session, sec, did, "adopt", {"number": 2, "vote": {"yes": ["Japan"], "no": ["Japan"]}})
    with pytest.raises(InvalidDocument, match="without_vote"):
        lifecycle.act(session, sec, did, "adopt", {"number": 2})
    with pytest.raises(InvalidDocument, match="European Union"):  # the EU does not vote in the Assembly
        lifecycle.act(session, sec, did, "adopt", {"number": 2, "vote": {"yes": ["European Union"]}})
    rejected = lifecycle.act(session, sec, did, "reject", {"vote": {"yes": ["Japan"], "no": ["Mexico", "France"]}})
    assert rejected.state == "rejected" and rejected.action.vote.no == 2
    assert rejected.steps[-1].summary.startswith("Rejected by a recorded vote of 1 to 2")


def test_deferred_drafts_can_be_acted_on_again_and_withdrawn(session, actors, circulated):
    issued(session, actors, circulated.id)
    deferred = lifecycle.act(session, actors["sec"], circulated.id, "defer", {})
    assert deferred.state == "deferred" and deferred.action.kind == "deferred"
    with pytest.raises(Conflict):
        lifecycle.act(session, actors["sec"], circulated.id, "defer", {})
    withdrawn = lifecycle.act(session, actors["us"], circulated.id, "withdraw", {})
    assert withdrawn.state == "withdrawn" and withdrawn.action.kind == "withdrawn"


def test_oral_revisions_name_real_paragraphs_and_delegations(session, actors, circulated):
    issued(session, actors, circulated.id)
    sec, did = actors["sec"], circulated.id
    base = {"by": "Japan", "text": "Statement", "paragraphs": [{"id": operative_id(circulated, 1), "text": "New;"}]}
    with pytest.raises(InvalidDocument, match="no paragraph 'nope'"):
        lifecycle.act(session, sec, did, "oral_revision", {**base, "paragraphs": [{"id": "nope", "text": "x"}]})
    with pytest.raises(InvalidDocument, match="no delegation is called 'Narnia'"):
        lifecycle.act(session, sec, did, "oral_revision", {**base, "by": "Narnia"})
    with pytest.raises(InvalidDocument, match="statement"):
        lifecycle.act(session, sec, did, "oral_revision", {**base, "text": ""})
    same = circulated.document.operative[0].text
    with pytest.raises(InvalidDocument, match="nothing would change"):
        lifecycle.act(session, sec, did, "oral_revision",
                      {**base, "paragraphs": [{"id": operative_id(circulated, 1), "text": same}]})


def test_cnd_adopts_resolutions_and_decisions_and_issues_no_addenda(session, actors):
    created = drafts.create(session, actors["mx"], document_json.load(draft_json(body="CND", session=69)))
    drafts.set_status(session, actors["mx"], created.id, "circulated")
    lifecycle.act(session, actors["mx"], created.id, "submit", {})
    with pytest.raises(InvalidDocument, match="E/CN.7/2026/L.24" if TODAY.year == 2026 else "E/CN.7/"):
        lifecycle.act(session, actors["sec"], created.id, "issue", {"symbol": "A/69/L.24"})
    symbol = f"E/CN.7/{TODAY.year}/L.5"
    lifecycle.act(session, actors["sec"], created.id, "issue", {"symbol": symbol})
    sponsorship.join(session, actors["jp"], created.id)
    with pytest.raises(Conflict, match="in its report"):
        lifecycle.act(session, actors["sec"], created.id, "addendum", {})
    with pytest.raises(InvalidDocument, match="session 68"):
        lifecycle.act(session, actors["sec"], created.id, "adopt", {"symbol": "resolution 68/3", "without_vote": True})
    adopted = lifecycle.act(session, actors["sec"], created.id, "adopt",
                            {"number": "2", "decision": True, "without_vote": True})
    assert adopted.action.symbol == "decision 69/2" and adopted.action.committee_line == ""
    assert adopted.additional_sponsors == ("Japan",)
    commit(session)
    assert publications.get(session, actors["us"], "Decision 69/2").facts.additional_sponsors == ("Japan",)


def test_every_step_is_audited_and_notifies_the_sponsors(session, actors, circulated):
    from resolutions.services import audit, notifications
    issued(session, actors, circulated.id)
    events = [e.event for e in audit.of_draft(session, actors["us"], circulated.id)]
    assert events[-2:] == ["lifecycle.submit", "lifecycle.issue"]
    commit(session)
    texts = [n.text for n in notifications.listing(session, actors["jp"]).items]
    assert "The Secretariat issued revision 1 as A/80/L.24" in texts


def test_proposals_cannot_be_decided_while_the_text_is_submitted(session, actors, circulated):
    made = proposals.make(session, actors["jp"], circulated.id, 1, "delete", operative_id(circulated, 3))
    lifecycle.act(session, actors["us"], circulated.id, "submit", {})
    with pytest.raises(Conflict, match="submitted for issuance"):
        proposals.decide(session, actors["us"], circulated.id, made.id, "accept")
    with pytest.raises(Forbidden):  # not the penholder: the role answers first
        proposals.decide(session, actors["jp"], circulated.id, made.id, "accept")


# --- review findings: races, the library's symbols, sponsors, committee lines, moderation --------

@pytest.mark.parametrize("how", ["save", "restore"])
def test_a_save_checked_before_a_submission_does_not_land_after_it(app, session, actors, circulated, monkeypatch,
                                                                   how):
    """The submission commits from another session between the save's policy check and
    its compare-and-set: the save is refused (409) and the submitted text stays current."""
    us, did = actors["us"], circulated.id
    edit(session, us, did, "A second revision")
    commit(session)
    real, fired = drafts.revisions.advance, []

    def advance(s, draft, base, stages=None):
        if not fired:
            fired.append(True)
            db = app.extensions["resolutions.db"]
            with db.session() as other:
                other.info["database"] = db
                lifecycle.act(other, us, did, "submit", {})
                db.finish(other, ok=True)
        return real(s, draft, base, stages)

    monkeypatch.setattr(drafts.revisions, "advance", advance)
    with pytest.raises(Conflict, match="revision 2 is submitted for issuance"):
        if how == "save":
            edit(session, us, did, "Changed after submission")
        else:
            drafts.restore(session, us, did, 1, 2)
    session.rollback()
    life = lifecycle.of(session, us, did)
    assert fired and (life.state, life.submitted_revision) == ("submitted", 2)
    assert drafts.view(session, us, did).current_revision == 2


def test_a_revision_the_lifecycle_writes_on_a_text_frozen_meanwhile_is_refused(session, actors, circulated):
    from sqlalchemy import text
    from resolutions.store.tables import Draft
    issued(session, actors, circulated.id)
    draft = session.get(Draft, circulated.id)
    doc = drafts.view(session, actors["us"], circulated.id).document.with_changes(title="Orally revised")
    session.execute(text("UPDATE drafts SET stage = 'withdrawn' WHERE id = :d"), {"d": circulated.id})
    with pytest.raises(Conflict, match="withdrawn"):
        drafts.record_revision(session, actors["sec"], draft, doc, "Oral revision by Japan")
    assert session.get(Draft, circulated.id).current_revision == 1


def _publication(session, symbol, language):
    from resolutions.store.tables import Publication
    session.add(Publication(symbol=symbol, language=language, kind="resolution", body="GA", session=80,
                            title="Another text", document=draft_json(), sponsors=[], source_format="akn",
                            source_name="by hand", content_hash="x"))
    session.flush()


def test_adoption_refuses_a_symbol_the_library_holds_in_any_language(session, actors, circulated):
    from resolutions.domain.records import ResolutionFacts
    from resolutions.store import publishing
    issued(session, actors, circulated.id)
    sec, did = actors["sec"], circulated.id
    _publication(session, "A/RES/80/174", "fr")  # another text's French: facts are keyed by symbol alone
    with pytest.raises(Conflict, match=r"A/RES/80/174 is already in the library \(its text in French\)"):
        lifecycle.act(session, sec, did, "adopt", {"number": "174", "without_vote": True})
    publishing.put_facts(session, ResolutionFacts(symbol="A/RES/80/175"))
    with pytest.raises(Conflict, match=r"A/RES/80/175 is already in the library \(the facts of its adoption\)"):
        lifecycle.act(session, sec, did, "adopt", {"number": "175", "without_vote": True})
    other = drafts.create(session, actors["mx"], document_json.load(draft_json()))
    drafts.set_status(session, actors["mx"], other.id, "circulated")
    issued(session, {**actors, "us": actors["mx"]}, other.id, "A/80/L.30")
    lifecycle.act(session, sec, other.id, "adopt", {"number": "176", "without_vote": True})
    with pytest.raises(Conflict, match=rf"A/RES/80/176 is already in the library \(its text in English; "
                                       rf"the facts of its adoption; adopted from draft {other.id}\)"):
        lifecycle.act(session, sec, did, "adopt", {"number": "176", "without_vote": True})
    assert lifecycle.of(session, sec, did).state == "issued"
    assert publications.get(session, sec, "A/RES/80/176").source_name.startswith(f"draft {other.id},")


def test_two_adoptions_of_one_number_meet_the_key_as_a_409(session, actors, circulated, monkeypatch):
    """The second of two concurrent adoptions passes the check before the first commits
    (two drafts' row locks do not serialise on PostgreSQL) and meets the unique key."""
    from resolutions.store import publishing
    issued(session, actors, circulated.id)
    _publication(session, "A/RES/80/177", "en")  # what the concurrent adoption wrote
    monkeypatch.setattr(publishing, "holders", lambda session, symbol: [])
    with pytest.raises(Conflict, match="A/RES/80/177 entered the library meanwhile"):
        lifecycle.act(session, actors["sec"], circulated.id, "adopt", {"number": "177", "without_vote": True})
    assert lifecycle.of(session, actors["sec"], circulated.id).state == "issued"  # the savepoint kept the rest


def test_a_cnd_decision_is_an_adopted_text_in_search_the_library_and_akn(app, session, actors, browser_for):
    from resolutions.services import akn_export
    mx = actors["mx"]
    created = drafts.create(session, mx, document_json.load(draft_json(body="CND", session=69)))
    drafts.set_status(session, mx, created.id, "circulated")
    lifecycle.act(session, mx, created.id, "submit", {})
    lifecycle.act(session, actors["sec"], created.id, "issue", {"symbol": f"E/CN.7/{TODAY.year}/L.5"})
    lifecycle.act(session, actors["sec"], created.id, "adopt", {"number": "2", "decision": True, "without_vote": True})
    commit(session)
    app.extensions["resolutions.db"].wait_for_index()
    decision = publications.get(session, actors["jp"], "decision 69/2")
    # "resolution" is the library's kind of every adopted text (search knows resolution | draft)
    assert decision.kind == "resolution" and decision.facts.symbol == "decision 69/2"
    found = searching.search(session, actors["jp"], SearchQuery(text="synthetic", kind="resolution"))
    assert [hit.symbol for hit in found.results] == ["decision 69/2"]
    akn = akn_export.resolution(session, actors["jp"], "decision 69/2").data.decode()
    assert "Decision" in akn and "decision 69/2" in akn
    page = browser_for("jp@example.org").get("/resolutions/decision%2069/2")
    assert page.status_code == 200 and "decision 69/2" in page.get_data(as_text=True)


def test_the_sponsors_of_the_text_are_those_at_the_first_issuance_still_sponsoring(us, jp, api_for, monkeypatch):
    """Japan sponsored the L and withdrew, Mexico joined after it: the facts, the A/RES
    cover, the AKN export and the API say the same."""
    did, sec, mx = us.post("/api/drafts", json=draft_json()).json["id"], api_for("sec@example.org"), \
        api_for("mx@example.org")
    assert us.post(f"/api/drafts/{did}/status", json={"status": "circulated"}).status_code == 200
    steps = f"/api/drafts/{did}/lifecycle"
    assert jp.post(f"/api/drafts/{did}/sponsors", json={"action": "join"}).status_code == 200
    assert us.post(steps, json={"action": "submit"}).status_code == 200
    assert sec.post(steps, json={"action": "issue", "symbol": "A/80/L.41"}).status_code == 200
    assert jp.post(f"/api/drafts/{did}/sponsors", json={"action": "withdraw"}).status_code == 200
    assert mx.post(f"/api/drafts/{did}/sponsors", json={"action": "join"}).status_code == 200
    adopted = sec.post(steps, json={"action": "adopt", "number": "41", "without_vote": True}).json
    assert (adopted["sponsors"], adopted["additional_sponsors"]) == (["United States of America"], ["Mexico"])
    assert adopted["issuances"][0]["sponsors"] == ["Japan", "United States of America"]  # as issued
    facts = jp.get("/api/resolutions/A/RES/80/41").json["facts"]
    assert (facts["sponsors"], facts["additional_sponsors"]) == (["United States of America"], ["Mexico"])
    akn = jp.get(f"/api/drafts/{did}/export.akn").get_data(as_text=True)
    assert "Mexico" in akn and "Japan" not in akn
    from resolutions.services import export
    covers, write = [], export.write_docx

    def spy(doc, *args, **kw):
        covers.append(kw["cover"] if "cover" in kw else args[0])
        return write(doc, *args, **kw)
    monkeypatch.setattr(export, "write_docx", spy)
    assert jp.get(f"/api/drafts/{did}/export.docx?kind=resolution").status_code == 200
    assert covers[0].sponsors == ("Mexico", "United States of America")  # the A/RES cover: both, never Japan


@pytest.mark.parametrize("typed, line", [
    ("[x] y", "[[x] y]"),
    ("on the report of the Third Committee (A/80/481)", "[on the report of the Third Committee (A/80/481)]"),
    ("[on the report of the Third Committee (A/80/481)", "[on the report of the Third Committee (A/80/481)]"),
    ("on the report of the Third Committee (A/80/481)]", "[on the report of the Third Committee (A/80/481)]"),
    ("[[x]]", "[[x]]"),
    ("[a] and [b]", "[[a] and [b]]"),
])
def test_committee_line_brackets_are_stripped_only_at_the_ends(session, actors, circulated, typed, line):
    issued(session, actors, circulated.id)
    adopted = lifecycle.act(session, actors["sec"], circulated.id, "adopt",
                            {"number": "9", "without_vote": True, "committee": typed})
    assert adopted.action.committee_line == line


def test_statuses_and_comments_stay_open_while_the_text_is_frozen(session, actors, circulated):
    from resolutions.services import comments, compilation
    op1 = operative_id(circulated, 1)
    made = proposals.make(session, actors["jp"], circulated.id, 1, "delete", op1)
    thread = comments.add(session, actors["jp"], circulated.id, op1, "Why this paragraph?")
    lifecycle.act(session, actors["us"], circulated.id, "submit", {})
    assert compilation.set_status(session, actors["us"], circulated.id, op1, "agreed_ad_ref").status == "agreed_ad_ref"
    assert comments.resolve(session, actors["us"], circulated.id, thread.id).resolved
    found = compilation.view(session, actors["us"], circulated.id)
    assert found.can_moderate and not found.can_decide
    with pytest.raises(Conflict, match="submitted for issuance"):  # deciding can change the text: frozen
        proposals.decide(session, actors["us"], circulated.id, made.id, "accept")
    with pytest.raises(Forbidden):  # moderation stays the penholder's
        compilation.set_status(session, actors["jp"], circulated.id, op1, "pending")


# --- round 2: what a delegate trial and a review found ---------------------------------

def test_changes_after_issuance_hold_back_oral_revisions_and_action_on_the_panel(session, actors, circulated):
    sec, did = actors["sec"], circulated.id
    issued(session, actors, did, "A/80/L.30")
    offered = lifecycle.panel(session, sec, did)
    assert {"oral_revision", "adopt", "reject"} <= set(offered.actions) and offered.held_back is None
    assert offered.committee_default == "[without reference to a Main Committee (A/80/L.30)]"
    edit(session, actors["us"], did, "Changed after issuance")  # revision 2, never issued
    held = lifecycle.panel(session, sec, did)
    assert not {"oral_revision", "adopt", "reject"} & set(held.actions)
    assert {"defer", "withdraw"} <= set(held.actions)
    assert held.held_back.startswith("revision 2 has changes made after A/80/L.30 was issued (revision 1): "
                                     "the penholder submits them as a revision")
    assert "A/80/L.30/Rev.1" in held.held_back
    with pytest.raises(Conflict, match="revision 2 has changes made after A/80/L.30"):
        lifecycle.act(session, sec, did, "oral_revision", {"by": "Japan", "text": "x",
                                                            "paragraphs": [{"id": operative_id(circulated, 1),
                                                                            "text": "New."}]})
    # a deferral is of the issued text, never of the revision no one issued
    deferred = lifecycle.act(session, sec, did, "defer", {})
    assert deferred.action.revision == 1 and "revision 1, A/80/L.30" in deferred.steps[-1].summary


def test_every_unknown_voter_is_named_at_once_with_what_was_meant(session, actors, circulated):
    issued(session, actors, circulated.id)
    with pytest.raises(InvalidDocument) as refused:
        lifecycle.act(session, actors["sec"], circulated.id, "adopt", {"number": 3, "vote": {
            "yes": ["Japan", "Narnia"], "no": [], "abstain": ["Russia", "Iran", "Mexico"]}})
    message = refused.value.message
    assert "'Narnia' (in favour)" in message and "'Russia' (abstaining; did you mean Russian Federation?)" in message
    assert "Iran" not in message  # an alias the delegations list knows: "Iran (Islamic Republic of)"
    assert refused.value.where == "vote.yes,vote.abstain"
    done = lifecycle.act(session, actors["sec"], circulated.id, "adopt", {"number": 3, "vote": {
        "yes": ["Japan"], "abstain": ["Russian Federation", "Iran"]}})
    assert done.action.vote.abstaining == ("Iran (Islamic Republic of)", "Russian Federation")


def test_sponsorship_after_adoption_is_closed_with_its_own_reason(session, actors, circulated):
    issued(session, actors, circulated.id)
    lifecycle.act(session, actors["sec"], circulated.id, "adopt", {"number": 4, "without_vote": True})
    with pytest.raises(Conflict, match="sponsorship closed when the draft was adopted as A/RES/80/4$"):
        sponsorship.join(session, actors["mx"], circulated.id)
    shown = lifecycle.panel(session, actors["mx"], circulated.id).sponsorship_closed
    assert shown == f"sponsorship closed when the draft was adopted as A/RES/80/4 on {un_date(TODAY)}"


def test_only_who_records_an_oral_revision_writes_its_revision(session, actors, circulated):
    from resolutions.store.tables import Draft
    draft = session.get(Draft, circulated.id)
    doc = drafts.view(session, actors["us"], circulated.id).document.with_changes(title="Written behind its back")
    with pytest.raises(Conflict, match="is circulated and not yet submitted"):  # not issued: no oral revision
        drafts.record_revision(session, actors["sec"], draft, doc, "Oral revision")
    issued(session, actors, circulated.id)
    with pytest.raises(Forbidden, match="Secretariat"):
        drafts.record_revision(session, actors["us"], draft, doc, "Oral revision")
    assert drafts.view(session, actors["us"], circulated.id).current_revision == 1


def test_the_library_door_checks_and_hashes_what_it_files(session, actors, circulated):
    import hashlib
    import json
    from resolutions.store import publishing
    doc = drafts.view(session, actors["us"], circulated.id).document
    with pytest.raises(InvalidDocument, match="language"):
        publishing.put(session, None, "A/RES/80/9", doc.with_changes(language="xx"), kind="resolution",
                       sponsors=(), source_format="adopted", source_name="test")
    filed = publishing.put(session, None, "A/RES/80/9", doc, kind="resolution", sponsors=(),
                           source_format="adopted", source_name="test")
    assert filed.content_hash == hashlib.sha256(json.dumps(filed.document, sort_keys=True).encode()).hexdigest()
    again = publishing.put(session, filed, "A/RES/80/9", doc, kind="resolution", sponsors=(),
                           source_format="akn", source_name="file", digest="from-the-file")
    assert again.id == filed.id and again.content_hash == "from-the-file"


def test_the_drafts_list_carries_each_drafts_state(session, actors, circulated):
    states = lambda: {d.id: d.state for d in drafts.visible(session, actors["us"])}  # noqa: E731
    assert states()[circulated.id] == "circulated"
    issued(session, actors, circulated.id)
    assert states()[circulated.id] == "issued"


def test_statuses_and_comments_close_with_the_negotiation_once_action_is_taken(session, actors, circulated):
    from resolutions.services import comments, compilation
    op1 = operative_id(circulated, 1)
    thread = comments.add(session, actors["jp"], circulated.id, op1, "Why this paragraph?")
    issued(session, actors, circulated.id)
    lifecycle.act(session, actors["sec"], circulated.id, "adopt", {"number": 5, "without_vote": True})
    with pytest.raises(Conflict, match="its text is final"):
        compilation.set_status(session, actors["us"], circulated.id, op1, "bracketed")
    with pytest.raises(Conflict, match="its text is final"):
        comments.resolve(session, actors["us"], circulated.id, thread.id)
