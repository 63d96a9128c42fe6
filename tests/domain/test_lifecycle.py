"""The lifecycle's rules as data: which step fits which state, who takes it, and the
checks on symbols, dates and votes."""
from __future__ import annotations

import datetime

import pytest

from resolutions.domain import lifecycle as lc
from resolutions.domain.bodies import get_body
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.lifecycle import Addendum, Issuance, Lifecycle, OralRevision
from resolutions.domain.records import Vote

P, S, D = lc.PENHOLDER, lc.SECRETARIAT, lc.DELEGATION

# (action, state, role) → None (allowed), "role" (403) or "state" (409). Every cell of
# the table, written out: the test is the specification.
ALLOWED = {
    ("submit", "circulated", P),
    ("issue", "submitted", S),
    ("revise", "issued", P), ("revise", "deferred", P),
    ("addendum", "issued", S), ("addendum", "deferred", S), ("addendum", "adopted", S),
    ("oral_revision", "issued", S), ("oral_revision", "deferred", S),
    ("adopt", "issued", S), ("adopt", "deferred", S),
    ("reject", "issued", S), ("reject", "deferred", S),
    ("defer", "issued", S),
    ("withdraw", "submitted", P), ("withdraw", "issued", P), ("withdraw", "deferred", P),
    ("withdraw", "submitted", S), ("withdraw", "issued", S), ("withdraw", "deferred", S),
}
ROLES = {"submit": {P}, "issue": {S}, "revise": {P}, "addendum": {S}, "oral_revision": {S}, "adopt": {S},
         "reject": {S}, "defer": {S}, "withdraw": {P, S}}


@pytest.mark.parametrize("action", lc.ACTIONS)
@pytest.mark.parametrize("state", lc.STATES)
@pytest.mark.parametrize("role", (P, S, D))
def test_the_transition_table(action, state, role):
    refused = lc.refusal(action, state, role)
    if (action, state, role) in ALLOWED:
        assert refused is None
    elif role not in ROLES[action]:
        assert refused.kind == "role" and ("Secretariat" in refused.message or "penholder" in refused.message)
    else:
        assert refused.kind == "state" and state.split()[0] in refused.message


def test_a_refusal_names_the_states_that_fit_joined_with_or():
    assert lc.refusal("adopt", "adopted", S).message.endswith("fits a draft that is issued or deferred")
    assert lc.refusal("withdraw", "adopted", S).message.endswith("fits a draft that is submitted, issued or deferred")
    assert lc.refusal("submit", "issued", P).message.endswith("fits a draft that is circulated")


def test_states_and_steps_have_one_name_each():
    assert set(lc.STATE_NAMES) == set(lc.STATES) and all(lc.STATE_NAMES.values())
    assert set(lc.STEP_NAMES) == {"created", "circulated", *lc.ACTIONS}
    assert lc.STEP_NAMES["oral_revision"] == "Oral revision" and lc.STATE_NAMES["submitted"] == "Submitted for issuance"


def test_sponsorship_closes_with_its_own_reason_and_day():
    day = datetime.date(2026, 12, 1)
    assert lc.closed("adopted", "A/RES/80/12", lc.SPONSORSHIP, day) == \
        "sponsorship closed when the draft was adopted as A/RES/80/12 on 1\u00a0December 2026"
    assert lc.closed("withdrawn", "A/80/L.24", lc.SPONSORSHIP) == "sponsorship closed when the draft was withdrawn (A/80/L.24)"
    assert lc.closed("adopted", "A/RES/80/12").endswith("its text is final")
    assert lc.closed("issued", "A/80/L.24", lc.SPONSORSHIP, day) is None


def test_allowed_lists_the_forms_to_show():
    assert lc.allowed("issued", S) == ("addendum", "oral_revision", "adopt", "reject", "withdraw", "defer")
    assert lc.allowed("issued", P) == ("revise", "withdraw")
    assert lc.allowed("adopted", P) == ()
    assert lc.allowed("circulated", D) == ()


def test_each_action_leads_to_its_state():
    assert {a: r.to for a, r in lc.RULES.items()} == {
        "submit": "submitted", "issue": "issued", "revise": "submitted", "addendum": None, "oral_revision": None,
        "adopt": "adopted", "reject": "rejected", "defer": "deferred", "withdraw": "withdrawn"}


@pytest.mark.parametrize("stage, frozen", [("drafting", False), ("submitted", True), ("issued", False),
                                           ("deferred", False), ("adopted", True), ("rejected", True),
                                           ("withdrawn", True)])
def test_the_text_is_frozen_while_submitted_and_once_acted_on(stage, frozen):
    reason = lc.frozen(stage, 7, "A/80/L.24")
    assert (reason is not None) == frozen
    if stage == "submitted":
        assert reason.startswith("revision 7 is submitted for issuance")
    assert (lc.closed(stage, None) is not None) == (stage in ("adopted", "rejected", "withdrawn"))


def test_state_is_the_status_until_submission():
    assert lc.state_of("private", "drafting") == "private"
    assert lc.state_of("circulated", "drafting") == "circulated"
    assert lc.state_of("circulated", "issued") == "issued"


GA, CND = get_body("GA"), get_body("CND")


@pytest.mark.parametrize("body, value, expected", [
    (GA, "A/80/L.24", "A/80/L.24"), (GA, " a/80/l.7 ", "A/80/L.7"), (CND, "E/CN.7/2026/L.5", "E/CN.7/2026/L.5")])
def test_first_symbols_follow_the_body_template(body, value, expected):
    assert lc.first_symbol(body, 80 if body is GA else 69, 2026, value) == expected


@pytest.mark.parametrize("body, value, message", [
    (GA, "A/79/L.24", "session 79"), (GA, "A/80/L.0", "start at 1"), (GA, "A/C.3/80/L.2", "not an L symbol"),
    (GA, "A/80/L.2/Add.1", "not an L symbol"), (CND, "E/CN.7/2025/L.5", "a symbol of 2025"),
    (GA, 24, "as text"), (GA, "A/80/L.2\n", "one line"), (GA, "A" * 65, "at most 64")])
def test_wrong_first_symbols_say_why(body, value, message):
    with pytest.raises(InvalidDocument, match=message):
        lc.first_symbol(body, 80 if body is GA else 69, 2026, value)


def test_rev_and_add_symbols_are_the_next_ones():
    assert lc.next_revision_symbol("A/80/L.24", 1) == "A/80/L.24/Rev.1"
    adds = (lc.Addendum("A/80/L.24/Add.1", datetime.date(2026, 1, 1), ("Japan",)),)
    assert lc.next_addendum_symbol("A/80/L.24", adds) == "A/80/L.24/Add.2"
    assert lc.next_addendum_symbol("A/80/L.24/Rev.1", adds) == "A/80/L.24/Rev.1/Add.1"
    assert lc.expected_symbol(None, "A/80/L.24/Rev.1", "revision") == "A/80/L.24/Rev.1"
    with pytest.raises(InvalidDocument, match="would be A/80/L.24/Rev.1"):
        lc.expected_symbol("A/80/L.24/Rev.3", "A/80/L.24/Rev.1", "revision")


@pytest.mark.parametrize("body, value, decision, expected", [
    (GA, "A/RES/80/174", False, "A/RES/80/174"), (GA, "174", False, "A/RES/80/174"), (GA, 12, False, "A/RES/80/12"),
    (GA, "80/5", False, "A/RES/80/5"), (CND, "3", False, "resolution 69/3"), (CND, "2", True, "decision 69/2"),
    (CND, "Decision 69/4", False, "decision 69/4")])
def test_adopted_symbols(body, value, decision, expected):
    assert lc.adopted_symbol(body, 80 if body is GA else 69, value, decision=decision) == expected


@pytest.mark.parametrize("body, value, decision, message", [
    (GA, "A/RES/79/1", False, "session 79"), (GA, "A/80/L.2", False, "not a symbol of an adoption"),
    (GA, "2", True, "not decisions"), (CND, "resolution 68/1", False, "session 68"), (GA, None, False, "as text"),
    (GA, True, False, "as text"), (GA, "0", False, "start at 1")])
def test_wrong_adopted_symbols(body, value, decision, message):
    with pytest.raises(InvalidDocument, match=message):
        lc.adopted_symbol(body, 80 if body is GA else 69, value, decision=decision)


def test_step_dates():
    today = datetime.date(2026, 12, 1)
    assert lc.step_date(None, None, today) == today
    assert lc.step_date("2026-11-30", datetime.date(2026, 11, 30), today) == datetime.date(2026, 11, 30)
    for value, message in (("2026-12-02", "in the future"), ("2026-11-01", "before the previous step"),
                           ("2026-13-01", "not a date"), (20261201, "YYYY-MM-DD"), ("1/12/2026", "YYYY-MM-DD")):
        with pytest.raises(InvalidDocument, match=message):
            lc.step_date(value, datetime.date(2026, 11, 15), today)


def test_recorded_votes_count_and_sort():
    vote = lc.recorded_vote(("Mexico", "Japan"), ("France",), ())
    assert (vote.kind, vote.yes, vote.no, vote.abstentions) == ("recorded", 2, 1, 0)
    assert vote.in_favour == ("Japan", "Mexico")
    with pytest.raises(InvalidDocument, match="both in 'yes' and in 'abstain'"):
        lc.recorded_vote(("Japan",), (), ("Japan",))
    with pytest.raises(InvalidDocument, match="all three are empty"):
        lc.recorded_vote((), (), ())


def test_the_last_issuance_is_the_issued_document_and_the_symbol():
    day = datetime.date(2026, 11, 1)
    life = Lifecycle("issued", (Issuance("A/80/L.24", 3, day, ("Japan",)), Issuance("A/80/L.24/Rev.1", 5, day, ())))
    assert life.issued.symbol == "A/80/L.24/Rev.1" and lc.symbol_of(life) == "A/80/L.24/Rev.1"
    assert Lifecycle("private").issued is None and lc.symbol_of(Lifecycle("private")) is None


def test_the_issued_text_is_the_last_issuance_or_an_oral_revision_read_out_since():
    day = datetime.date(2026, 11, 1)
    first = Issuance("A/80/L.24", 3, day, ("Japan",))
    assert Lifecycle("circulated").issued_text_revision is None
    assert Lifecycle("issued", (first,)).issued_text_revision == 3
    oral = OralRevision("Japan", day, ("op1",), "read out", 4)
    assert Lifecycle("issued", (first,), oral_revisions=(oral,)).issued_text_revision == 4
    # an oral revision of the L is no longer the issued text once a Rev. is issued after it
    rev = Issuance("A/80/L.24/Rev.1", 6, day, ("Japan",))
    assert Lifecycle("issued", (first, rev), oral_revisions=(oral,)).issued_text_revision == 6


def test_the_originating_document_is_the_last_issuance_with_its_own_addenda():
    day = datetime.date(2026, 11, 1)
    issuances = (Issuance("A/80/L.24", 3, day, ("Japan",)), Issuance("A/80/L.24/Rev.1", 5, day, ("Japan",)))
    addenda = (Addendum("A/80/L.24/Add.1", day, ("Mexico",)), Addendum("A/80/L.24/Rev.1/Add.1", day, ("France",)))
    life = Lifecycle("issued", issuances, addenda, ("France", "Mexico", "Peru"))
    assert life.issued_addenda == addenda[1:]
    assert life.originating_document == "A/80/L.24/Rev.1 and A/80/L.24/Rev.1/Add.1"
    assert life.unlisted_sponsors == ("Peru",)
    assert Lifecycle("issued", issuances[:1]).originating_document == "A/80/L.24"
    assert Lifecycle("circulated").originating_document == ""


def test_close_names_suggest_what_was_meant():
    members = ("Russian Federation", "Iran (Islamic Republic of)", "United States of America", "Japan")
    assert lc.close_names("Russia", members) == ["Russian Federation"]
    assert lc.close_names("Untied States of America", members) == ["United States of America"]
    assert lc.close_names("Narnia", members) == []
    assert lc.close_names("Ja", members) == []  # too short to guess from


def test_a_vote_has_one_wording():
    assert Vote("without vote").words() == "without a vote" and Vote("without vote").summary() == "Without a vote"
    recorded = lc.recorded_vote(("Japan", "Mexico"), (), ("France",))
    assert recorded.words() == "by a recorded vote of 2 to 0, with 1 abstention"
    assert recorded.summary() == "By a recorded vote of 2 to 0, with 1 abstention"
    assert Vote("recorded", 120, 5, 3).words().endswith("with 3 abstentions")
