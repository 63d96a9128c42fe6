"""Search over past resolutions and the drafts the actor may see, and agreed language."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.diff import WordOp, word_diff
from ..domain.errors import InvalidDocument
from ..domain.validation import accept_text
from ..search import IndexUnavailable, SearchQuery, SearchResults
from ..search.precedents import MAX_TERMS
from ..store.tables import Draft
from . import indexing, policy
from .actors import Actor

MAX_QUERY_CHARS = 1_000
MAX_PRECEDENT_TEXT = 20_000
COMPARED_WORDS = MAX_TERMS


@contextmanager
def _explained(session: Session):
    """No index yet while this process's worker is about to build it (or waits for another
    process that does): say so, rather than "rebuild it"."""
    try:
        yield
    except IndexUnavailable as error:
        worker = session.info.get("index_worker")
        if "being rebuilt" in error.message or worker is None or not worker.status().checking:
            raise
        raise IndexUnavailable("the search index is being rebuilt (time left not known yet); "
                               "try again in a minute") from None


BEHIND = "results may miss changes of the last second (the search index is catching up)"


def _index(session: Session):
    """The index, brought to the database's generation first (read-your-writes for every
    user, whichever process or machine saved: one indexed query when it is current).
    Returns (index, note): the note says when it is still behind after a bounded wait."""
    index = indexing.index_of(session)
    if index is None:
        raise InvalidDocument("search is not available in this process", "search")
    worker = session.info.get("index_worker")
    if worker is None or worker.catch_up_to(indexing.generation(session)):
        return index, None
    return index, BEHIND


def _noted(*notes: str | None) -> str | None:
    return " ".join(n[0].upper() + n[1:] + "." if not n.endswith(".") else n for n in notes if n) or None


def search(session: Session, actor: Actor, query: SearchQuery) -> SearchResults:
    """Issued documents and the drafts ``actor`` may see (policy.tokens: the index filters
    by the same audience the database does)."""
    query = replace(query, text=accept_text(query.text, "q", field="the query", max_chars=MAX_QUERY_CHARS,
                                            multiline=False))
    tokens = policy.tokens(actor)
    with _explained(session):
        index, behind = _index(session)
        results = index.search(query, set(tokens) if tokens is not None else None)
    if behind:
        results = replace(results, shortened=_noted(results.shortened, behind))
    return _still_visible(session, actor, results)


def _still_visible(session: Session, actor: Actor, results: SearchResults) -> SearchResults:
    """The index can trail the database (a rebuild under way, an update not yet applied):
    a draft made private a moment ago may still be marked public there. The database
    has the last word on the drafts shown."""
    shown = {hit.draft_id for hit in results.results if hit.draft_id is not None}
    if not shown or policy.tokens(actor) is None:
        return results
    visible = set(session.scalars(select(Draft.id).where(Draft.id.in_(shown), policy.visible_clause(actor))))
    if visible == shown:
        return results
    return replace(results, results=[h for h in results.results if h.draft_id is None or h.draft_id in visible])


@dataclass(frozen=True)
class PrecedentView:
    symbol: str
    paragraph: str            # "OP 4"
    paragraph_id: str
    language: str
    text: str
    score: float
    year: int | None
    diff: tuple[WordOp, ...]  # from the delegate's wording to the agreed one


@dataclass(frozen=True)
class PrecedentsFound:
    results: list[PrecedentView]
    shortened: str | None          # what of the paragraph was left out to bound the work, as a sentence


def precedents(session: Session, actor: Actor, text: str, language: str = "en",
               limit: int = 5) -> PrecedentsFound:
    """The closest paragraphs of past resolutions to ``text``, best first."""
    text = accept_text(text or "", "text", field="the paragraph's text", max_chars=MAX_PRECEDENT_TEXT)
    if not text:
        raise InvalidDocument("give the paragraph's text to find agreed language for", "text")
    with _explained(session):
        index, behind = _index(session)
        found = index.precedents(text, language, limit)
    # A shortened paragraph was compared by its opening words: the diff shows those (a
    # word diff of thousands of words against each result would cost seconds).
    compared = " ".join(text.split()[:COMPARED_WORDS]) if found.shortened else text
    return PrecedentsFound([PrecedentView(p.symbol, p.paragraph_label, p.paragraph_id, language, p.text, p.score,
                                          p.year, word_diff(compared, p.text)) for p in found.results],
                           _noted(found.shortened, behind) if behind else found.shortened)
