"""Search over past resolutions and the drafts the actor may see, and agreed language."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.diff import WordOp, word_diff
from ..domain.errors import InvalidDocument
from ..search import SearchQuery, SearchResults
from . import indexing
from .actors import Actor

MAX_QUERY_CHARS = 1_000
MAX_PRECEDENT_TEXT = 20_000


def visibility(actor: Actor) -> set[str] | None:
    """What this actor may find: everything for the Secretariat; otherwise issued
    documents, circulated drafts and the delegation's own private drafts."""
    if actor.is_secretariat:
        return None
    return {"all", f"delegation:{actor.delegation_id}"}


def _index(session: Session):
    index = indexing.index_of(session)
    if index is None:
        raise InvalidDocument("search is not available in this process", "search")
    return index


def search(session: Session, actor: Actor, query: SearchQuery) -> SearchResults:
    if len(query.text) > MAX_QUERY_CHARS:
        raise InvalidDocument(f"the query is longer than {MAX_QUERY_CHARS} characters", "q")
    indexing.wait_for_pending(session)
    return _index(session).search(query, visibility(actor))


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


def precedents(session: Session, actor: Actor, text: str, language: str = "en",
               limit: int = 5) -> list[PrecedentView]:
    """The closest paragraphs of past resolutions to ``text``, best first."""
    text = (text or "").strip()
    if not text:
        raise InvalidDocument("give the paragraph's text to find agreed language for", "text")
    if len(text) > MAX_PRECEDENT_TEXT:
        raise InvalidDocument(f"the text is longer than {MAX_PRECEDENT_TEXT:,} characters", "text")
    indexing.wait_for_pending(session)
    found = _index(session).precedents(text, language, limit)
    return [PrecedentView(p.symbol, p.paragraph_label, p.paragraph_id, language, p.text, p.score, p.year,
                          word_diff(text, p.text)) for p in found]
