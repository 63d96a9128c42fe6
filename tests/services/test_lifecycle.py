"""The lifecycle from submission to resolution: every step, every refusal, the library."""
from __future__ import annotations

import datetime

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.search import SearchQuery
from resolutions.services import drafts, lifecycle, proposals, publications, searching, sponsorship
from resolutions.services.errors import Conflict, Forbidden, NotFound
from tests.conftest import commit, draft_json, operative_id

TODAY = datetime.date.today()


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
    assert action.committee_line == "[without reference to a Main Committee (A/80/L.24)]"
    assert [s.action for s in adopted.steps] == ["created", "circulated", "submit", "issue", "revise", "issue",
                                                 "addendum", "oral_revision", "adopt"]
    commit(session)

    resolution = publications.get(session, actors["jp"], "A/RES/80/174")
    assert resolution.kind == "resolution" and resolution.source_format == "adopted"
    assert "regional" in resolution.document.find(op1).text
    facts = resolution.facts
    assert facts.originating_document == "A/80/L.24" and facts.adopted_on == TODAY
    assert facts.sponsors == ("Japan", "United States of America") and facts.additional_sponsors == ("Mexico",)
    assert facts.vote.abstaining == ("Brazil", "India") and facts.committee == "Without reference to a Main Committee"
    found = searching.search(session, actors["jp"], SearchQuery(text="synthetic", kind="resolution"))
    assert [hit.symbol for hit in found.results] == ["A/RES/80/174"]

    next_year = publications.start_draft(session, actors["jp"], "A/RES/80/174")
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
