"""The one write that must not race: moving a draft's current revision forward."""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .tables import Draft


def advance(session: Session, draft: Draft, base: int, stages: Collection[str] | None = None) -> bool:
    """Compare-and-set current_revision from ``base`` to ``base + 1``. Of two saves
    from one base only one passes, on SQLite and PostgreSQL alike, without locks.
    ``stages``: the lifecycle stages the write needs (an edit: one whose text is not
    frozen), compared in the same statement, so that a save checked just before a
    submission committed cannot land after it."""
    where = [Draft.id == draft.id, Draft.current_revision == base]
    if stages is not None:
        where.append(Draft.stage.in_(list(stages)))
    result = session.execute(update(Draft).where(*where).values(current_revision=base + 1)
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    set_committed_value(draft, "current_revision", base + 1)
    return True
