"""Keeping the search index in step with the database, which stays the truth.

Every change the index follows bumps a generation number in the same transaction;
after the commit, the service that committed updates the index with the entries it
changed and that generation. At start-up (and on `flask index rebuild`) the index's
count and generation are compared with the database's, and a mismatch rebuilds it.
The index travels on the session (``session.info["search"]``, set by Database), so
use cases keep their (session, actor, …) signature.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..formats import document_json
from ..search import IndexEntry, SearchIndex
from ..store.db import transaction as store_transaction
from ..store.tables import Draft, Publication, Revision, SearchState
from . import publications, sponsorship  # both call back into this module: import modules, not names
from .permissions import CIRCULATED

log = logging.getLogger(__name__)


@dataclass
class Changes:
    """What a transaction changed that the index must follow."""
    drafts: set[int] = field(default_factory=set)
    publications: set[int] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


@contextmanager
def transaction(session: Session):
    """A use case's transaction whose changes reach the index once committed:

        with indexing.transaction(session) as changed:
            ...; changed.drafts.add(draft.id)
    """
    changed = Changes()
    with store_transaction(session):
        yield changed
        if changed.drafts or changed.publications or changed.removed:
            session.flush()
            bump(session)
    if changed.drafts or changed.publications or changed.removed:
        refresh(session, drafts=changed.drafts, publications=changed.publications, removed=changed.removed)


def index_of(session: Session) -> SearchIndex | None:
    return session.info.get("search")


def bump(session: Session) -> None:
    """Call inside the transaction that changes searchable content."""
    session.execute(update(SearchState).where(SearchState.id == 1)
                    .values(generation=SearchState.generation + 1))


def generation(session: Session) -> int:
    return session.scalar(select(SearchState.generation).where(SearchState.id == 1)) or 0


def draft_key(draft_id: int) -> str:
    return f"draft:{draft_id}"


def publication_key(symbol: str, language: str) -> str:
    return f"pub:{symbol}:{language}"


def draft_entries(session: Session, draft_ids: Iterable[int] | None = None) -> Iterator[IndexEntry]:
    query = (select(Draft, Revision)
             .join(Revision, (Revision.draft_id == Draft.id) & (Revision.number == Draft.current_revision)))
    if draft_ids is not None:
        query = query.where(Draft.id.in_(list(draft_ids)))
    for draft, revision in session.execute(query):
        doc = document_json.load(revision.document)
        visible = ("all",) if draft.status == CIRCULATED else (f"delegation:{draft.penholder_id}",)
        yield IndexEntry(key=draft_key(draft.id), kind="draft", symbol=f"Draft {draft.id}", draft_id=draft.id,
                         body=doc.body, session=doc.session, language=doc.language, title=doc.title,
                         date=revision.created_at.date(), sponsors=tuple(sponsorship.current_sponsors(session, draft.id)),
                         subjects=(), agenda=doc.agenda_title or doc.agenda_item, visible_to=visible, document=doc)


def publication_entries(session: Session, ids: Iterable[int] | None = None) -> Iterator[IndexEntry]:
    query = select(Publication).order_by(Publication.id)
    if ids is not None:
        query = query.where(Publication.id.in_(list(ids)))
    for chunk in session.scalars(query).partitions(200):
        facts = publications.facts_by_symbol(session, {p.symbol for p in chunk})
        for pub in chunk:
            known = facts.get(pub.symbol)
            doc = document_json.load(pub.document)
            sponsors = tuple(pub.sponsors) or (known.sponsors + known.additional_sponsors if known else ())
            yield IndexEntry(key=publication_key(pub.symbol, pub.language), kind=pub.kind, symbol=pub.symbol,
                             draft_id=None, body=pub.body, session=pub.session, language=pub.language,
                             title=pub.title, date=known.adopted_on if known else None, sponsors=sponsors,
                             subjects=known.subjects if known else (), agenda=doc.agenda_title or doc.agenda_item,
                             visible_to=("all",), document=doc)


def expected_count(session: Session) -> int:
    return (session.scalar(select(func.count()).select_from(Draft)) or 0) + \
        (session.scalar(select(func.count()).select_from(Publication)) or 0)


def refresh(session: Session, *, drafts: Iterable[int] = (), publications: Iterable[int] = (),
            removed: Iterable[str] = ()) -> None:
    """After a commit: bring the changed entries into the index, through the session's
    background worker when it has one (the web app), else at once (the command line)."""
    worker = session.info.get("index_worker")
    if worker is not None:
        worker.submit(drafts, publications, removed)
    else:
        apply(session, set(drafts), set(publications), set(removed))


def wait_for_pending(session: Session) -> None:
    """Before a search: let this process's own recent saves reach the index."""
    worker = session.info.get("index_worker")
    if worker is not None and not worker.wait(timeout=5.0):
        log.warning("searching while the index is still catching up")


def apply(session: Session, drafts: set[int], publications: set[int], removed: set[str]) -> None:
    """Update the index now. A failure here loses nothing (the database has it all);
    the index is then behind, and the start-up check rebuilds it."""
    index = index_of(session)
    if index is None:
        return
    try:
        if index.state() is None:  # no index yet (a fresh data folder): build it whole
            rebuild(session)
            return
        entries = [*(draft_entries(session, drafts) if drafts else ()),
                   *(publication_entries(session, publications) if publications else ())]
        index.update(entries, removed, generation=generation(session))
    except Exception:  # noqa: BLE001 - logged; the start-up check repairs the index
        log.exception("search index update failed; it will be rebuilt")


def rebuild(session: Session, progress: Callable[[int], None] | None = None) -> int:
    index = index_of(session)
    current = generation(session)
    index.rebuild(_all_entries(session), current, progress)
    return expected_count(session)


def _all_entries(session: Session) -> Iterator[IndexEntry]:
    yield from publication_entries(session)
    yield from draft_entries(session)


def is_current(session: Session) -> bool:
    state = index_of(session).state()
    return state is not None and state.documents == expected_count(session) \
        and state.generation == generation(session)


def ensure_current(session: Session) -> bool:
    """The start-up check; returns True when it had to rebuild."""
    if is_current(session):
        return False
    log.warning("search index is missing or behind the database: rebuilding")
    rebuild(session)
    return True
