"""The visibility policy, tested once as a table: delegations × draft states × actions,
and the three faces of the rule (Python check, SQL clause, index filter) agree."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from resolutions.formats import document_json
from resolutions.services import drafts, lifecycle, policy, sponsorship
from resolutions.services.errors import Conflict, Forbidden, NotFound
from resolutions.store.tables import Draft
from tests.conftest import draft_json

R, P, S = set(policy.READ_ACTIONS), set(policy.PEN_ACTIONS), {policy.SPONSOR}
A = {policy.PROPOSE}
F = set(policy.FROZEN_ACTIONS)
NOTHING: set[str] = set()
# who → what they may do, for a draft held by the United States in each state
EXPECTED = {
    "private": {"us": R | P | S, "jp": NOTHING, "mx": NOTHING, "eu": NOTHING, "sec": R},
    "circulated": {"us": R | P | S | A, "jp": R | S | A, "mx": R | S | A, "eu": R | S | A, "sec": R},
    "circulated, Japan co-sponsoring": {"us": R | P | S | A, "jp": R | S | A, "mx": R | S | A, "eu": R | S | A,
                                        "sec": R},
    # the text is frozen for issuance: editing and deciding wait (409); moderating does not
    "submitted": {"us": R | (P - F) | S | A, "jp": R | S | A, "mx": R | S | A, "eu": R | S | A, "sec": R},
}


@pytest.fixture
def states(session, actors):
    made = {}
    for state in EXPECTED:
        view = drafts.create(session, actors["us"], document_json.load(draft_json(title=f"Draft {state}")))
        if state != "private":
            drafts.set_status(session, actors["us"], view.id, "circulated")
        if "Japan" in state:
            sponsorship.join(session, actors["jp"], view.id)
        if state == "submitted":
            lifecycle.act(session, actors["us"], view.id, "submit", {})
        made[state] = session.get(Draft, view.id)
    return made


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("who", ["us", "jp", "mx", "eu", "sec"])
def test_the_table(session, actors, states, state, who):
    actor, draft = actors[who], states[state]
    allowed = {action for action in policy.ACTIONS if policy.can(actor, action, draft)}
    assert allowed == EXPECTED[state][who]
    # the SQL clause and the index filter say the same as the Python check
    in_sql = session.scalar(select(Draft.id).where(Draft.id == draft.id, policy.visible_clause(actor))) is not None
    tokens = policy.tokens(actor)
    in_index = tokens is None or policy.audience(draft.status, draft.penholder_id) in tokens
    assert in_sql == in_index == (policy.VIEW in allowed)
    # and the services enforce it: 404 for what one cannot see, 403 for what one cannot change
    for action in policy.ACTIONS:
        if action in allowed:
            assert policy.require(actor, action, draft, draft.id) is draft
        else:
            held = policy.VIEW in allowed and policy.held_for(actor, action, draft) is not None
            with pytest.raises(Conflict if held else NotFound if policy.VIEW not in allowed else Forbidden):
                policy.require(actor, action, draft, draft.id)


def test_the_table_covers_every_action():
    covered = R | P | S | A
    assert covered == set(policy.ACTIONS) and F < P and policy.MODERATE in P - F


def test_services_follow_the_table(session, actors, states):
    private = states["private"]
    with pytest.raises(NotFound):
        drafts.view(session, actors["jp"], private.id)
    with pytest.raises(NotFound):
        sponsorship.of(session, actors["jp"], private.id)
    circulated = states["circulated"]
    with pytest.raises(Forbidden):
        drafts.set_status(session, actors["jp"], circulated.id, "private")
    assert [d.id for d in drafts.visible(session, actors["jp"])] == sorted(
        (states["circulated"].id, states["circulated, Japan co-sponsoring"].id, states["submitted"].id), reverse=True)
    assert len(drafts.visible(session, actors["sec"])) == 4


def test_a_draft_with_co_sponsors_cannot_be_made_private(session, actors, states):
    sponsored = states["circulated, Japan co-sponsoring"]
    with pytest.raises(Conflict) as refused:
        drafts.set_status(session, actors["us"], sponsored.id, "private")
    assert "Japan" in refused.value.message
    assert drafts.view(session, actors["jp"], sponsored.id).status == "circulated"  # still readable
    sponsorship.withdraw(session, actors["jp"], sponsored.id)
    assert drafts.set_status(session, actors["us"], sponsored.id, "private").status == "private"
    with pytest.raises(NotFound):
        drafts.view(session, actors["jp"], sponsored.id)
