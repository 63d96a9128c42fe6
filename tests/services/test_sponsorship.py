"""Co-sponsors join and withdraw; the sponsor line is always right."""
from __future__ import annotations

import pytest

from resolutions.formats import document_json
from resolutions.services import drafts, sponsorship
from resolutions.services.errors import Conflict, Forbidden, NotFound
from tests.conftest import draft_json


@pytest.fixture
def draft(session, actors):
    return drafts.create(session, actors["us"], document_json.load(draft_json()))


def test_the_penholder_is_the_first_sponsor(session, actors, draft):
    record = sponsorship.of(session, actors["us"], draft.id)
    assert record.sponsors == ["United States of America"]
    assert record.line == "United States of America: draft resolution"


def test_joining_needs_a_circulated_draft(session, actors, draft):
    with pytest.raises(NotFound):  # private: Japan cannot even see it
        sponsorship.join(session, actors["jp"], draft.id)
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    record = sponsorship.join(session, actors["jp"], draft.id)
    assert record.line == "Japan and United States of America: draft resolution"


def test_sponsor_line_is_alphabetical_without_serial_comma_and_records_who_and_when(session, actors, draft):
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    sponsorship.join(session, actors["mx"], draft.id)
    record = sponsorship.join(session, actors["jp"], draft.id)
    assert record.line == "Japan, Mexico and United States of America: draft resolution"
    assert [(e.delegation, e.action, e.by) for e in record.events] == [
        ("United States of America", "join", "us@example.org"),
        ("Mexico", "join", "mx@example.org"),
        ("Japan", "join", "jp@example.org"),
    ]
    record = sponsorship.withdraw(session, actors["mx"], draft.id)
    assert record.line == "Japan and United States of America: draft resolution"
    assert record.events[-1].action == "withdraw"
    # Rejoining after a withdrawal is allowed and recorded.
    assert "Mexico" in sponsorship.join(session, actors["mx"], draft.id).sponsors


def test_bad_sponsorship_requests_are_refused_with_a_reason(session, actors, draft):
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    with pytest.raises(Conflict, match="not a sponsor"):
        sponsorship.withdraw(session, actors["jp"], draft.id)
    sponsorship.join(session, actors["jp"], draft.id)
    with pytest.raises(Conflict, match="already a sponsor"):
        sponsorship.join(session, actors["jp"], draft.id)
    with pytest.raises(Conflict, match="holds the pen"):
        sponsorship.withdraw(session, actors["us"], draft.id)
    with pytest.raises(Forbidden, match="European Union cannot sponsor"):
        sponsorship.join(session, actors["eu"], draft.id)
    with pytest.raises(Forbidden):
        sponsorship.join(session, actors["sec"], draft.id)
    assert sponsorship.of(session, actors["us"], draft.id).sponsors == ["Japan", "United States of America"]


def test_the_eu_may_join_a_cnd_draft(session, actors):
    cnd = drafts.create(session, actors["mx"], document_json.load(draft_json(body="CND", session=68)))
    drafts.set_status(session, actors["mx"], cnd.id, "circulated")
    assert sponsorship.join(session, actors["eu"], cnd.id).sponsors == ["European Union", "Mexico"]
