"""Keeping the search index in step with the database, which stays the truth.

Every committed change the index follows is logged under a new generation in its
transaction (unit_of_work.py, store/search_state.py); ``catch_up`` brings an index from
its generation to the database's through that log, ``rebuild`` builds it whole — both
from the index worker's thread, never inside a request (index_worker.py). A stored row
that cannot be read is skipped and reported, so one bad row never stops a rebuild.
The index travels on the session (``session.info["search"]``, set by Database), so
use cases keep their (session, actor, …) signature.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.validation import accept
from ..formats import document_json
from ..search import IndexEntry, SearchIndex
from ..store import queries, search_state
from ..store.tables import Draft, Publication, Revision
from . import policy

log = logging.getLogger(__name__)


@dataclass
class Skipped:
    """Rows a rebuild or an update could not index, with the reason."""
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, key: str, reason: str) -> None:
        log.warning("not indexed: %s: %s", key, reason)
        self.rows.append((key, reason))


def index_of(session: Session) -> SearchIndex | None:
    return session.info.get("search")


def generation(session: Session) -> int:
    return search_state.generation(session)


def draft_key(draft_id: int) -> str:
    return f"draft:{draft_id}"


def publication_key(symbol: str, language: str) -> str:
    return f"pub:{symbol}:{language}"


def draft_entries(session: Session, draft_ids: Iterable[int] | None = None,
                  skipped: Skipped | None = None) -> Iterator[IndexEntry]:
    query = (select(Draft, Revision)
             .join(Revision, (Revision.draft_id == Draft.id) & (Revision.number == Draft.current_revision)))
    if draft_ids is not None:
        query = query.where(Draft.id.in_(list(draft_ids)))
    for draft, revision in session.execute(query):
        try:
            doc = accept(document_json.load(revision.document))
        except DomainError as error:
            (skipped or Skipped()).add(draft_key(draft.id), f"revision {revision.number}: {error}")
            continue
        yield IndexEntry(key=draft_key(draft.id), kind="draft", symbol=f"Draft {draft.id}", draft_id=draft.id,
                         body=doc.body, session=doc.session, language=doc.language, title=doc.title,
                         date=revision.created_at.date(),
                         sponsors=tuple(sorted(queries.current_sponsors(session, draft.id).values())),
                         subjects=(), agenda=doc.agenda_title or doc.agenda_item,
                         visible_to=(policy.audience(draft.status, draft.penholder_id),), document=doc)


def publication_entries(session: Session, ids: Iterable[int] | None = None,
                        skipped: Skipped | None = None) -> Iterator[IndexEntry]:
    query = select(Publication).order_by(Publication.id)
    if ids is not None:
        query = query.where(Publication.id.in_(list(ids)))
    for chunk in session.scalars(query).partitions(200):
        facts = queries.facts_by_symbol(session, {p.symbol for p in chunk})
        for pub in chunk:
            known = facts.get(pub.symbol)
            try:
                doc = accept(document_json.load(pub.document))
            except DomainError as error:
                (skipped or Skipped()).add(publication_key(pub.symbol, pub.language), str(error))
                continue
            sponsors = tuple(pub.sponsors) or (known.sponsors + known.additional_sponsors if known else ())
            yield IndexEntry(key=publication_key(pub.symbol, pub.language), kind=pub.kind, symbol=pub.symbol,
                             draft_id=None, body=pub.body, session=pub.session, language=pub.language,
                             title=pub.title, date=known.adopted_on if known else None, sponsors=sponsors,
                             subjects=known.subjects if known else (), agenda=doc.agenda_title or doc.agenda_item,
                             visible_to=(policy.EVERYONE,), document=doc)


def expected_count(session: Session) -> int:
    """Rows a rebuild reads (its progress bar's length)."""
    return (session.scalar(select(func.count()).select_from(Draft)) or 0) + \
        (session.scalar(select(func.count()).select_from(Publication)) or 0)


def _apply(session: Session, drafts: set[int], publications: set[int], removed: set[str],
           generation_now: int) -> Skipped:
    """Bring these entries into the index now, marking it at ``generation_now``."""
    skipped = Skipped()
    entries = [*(draft_entries(session, drafts, skipped) if drafts else ()),
               *(publication_entries(session, publications, skipped) if publications else ())]
    # a draft that is no longer there (or can no longer be read) leaves the index
    gone = {draft_key(d) for d in drafts} - {e.key for e in entries}
    removed = set(removed) | {key for key, _ in skipped.rows} | gone
    index_of(session).update(entries, removed, generation=generation_now)
    return skipped


def catch_up(session: Session, limit: int) -> bool:
    """Bring the index from its generation to the database's through the change log;
    False when only a rebuild can (no index, the log does not reach back, the index is
    ahead of this database, more than ``limit`` entries changed, or the index does not
    open). One process at a time: after the save's own process has caught up, the others
    find nothing to do."""
    index = index_of(session)
    with index.catching_up():
        reached = index.generation()
        if reached is None:
            return False
        pending = search_state.since(session, reached)
        if pending is None or len(pending) > limit:
            return False
        if pending:
            _apply(session, pending.drafts, pending.publications, pending.removed, pending.upto)
    # The index must open too (a damaged one is rebuilt, never served). Asked after the
    # update, which a search in another process is waiting for, not before it.
    return index.state() is not None


def rebuild(session: Session, progress: Callable[[int], None] | None = None) -> Skipped:
    skipped = Skipped()
    index = index_of(session)
    current = generation(session)
    index.rebuild(_all_entries(session, skipped), current, progress)
    return skipped


def _all_entries(session: Session, skipped: Skipped) -> Iterator[IndexEntry]:
    yield from publication_entries(session, skipped=skipped)
    yield from draft_entries(session, skipped=skipped)


def is_current(session: Session) -> bool:
    state = index_of(session).state()
    return state is not None and state.generation == generation(session)
