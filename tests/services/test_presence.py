"""Who else is editing: heartbeats of the penholder's team, the last minute only."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from resolutions.services import drafts, presence
from resolutions.services.errors import Forbidden, NotFound
from resolutions.store.tables import EditorPresence, utcnow


def test_each_editor_sees_the_others_and_not_itself(session, actors, draft, colleague):
    assert presence.touch(session, actors["us"], draft.id, 1) == []
    [other] = presence.touch(session, colleague, draft.id, 1)
    assert (other.email, other.delegation, other.revision) == ("us@example.org", "United States of America", 1)
    assert [p.email for p in presence.touch(session, actors["us"], draft.id, 1)] == ["us2@example.org"]


def test_an_editor_gone_quiet_for_a_minute_is_no_longer_shown(session, actors, draft, colleague):
    presence.touch(session, colleague, draft.id, 1)
    session.execute(update(EditorPresence).values(seen_at=utcnow() - timedelta(seconds=61)))
    assert presence.touch(session, actors["us"], draft.id, 1) == []


def test_only_the_penholders_team_has_an_editor(session, actors, draft):
    with pytest.raises(NotFound):
        presence.touch(session, actors["jp"], draft.id, 1)
    drafts.set_status(session, actors["us"], draft.id, "circulated")
    with pytest.raises(Forbidden):
        presence.touch(session, actors["jp"], draft.id, 1)
    with pytest.raises(NotFound):
        presence.touch(session, actors["us"], 2**40, 1)
