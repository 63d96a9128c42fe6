"""What goes into the index and what comes out of it: plain, frozen values.

Services build ``IndexEntry`` objects (one per resolution or draft, per language) from the
database and hand them to ``SearchIndex``; views receive ``SearchResults`` and
``Precedent`` lists. Nothing here knows about Whoosh.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..domain.document import Document
from ..domain.errors import DomainError

KINDS = ("resolution", "draft")
ORDERS = ("relevance", "date")
EVERYONE = "all"


class QueryError(DomainError):
    """A search the user typed cannot be read; the message says what is wrong and where."""

    status = 400

    def __init__(self, message: str, where: str | None = "query"):
        super().__init__(message, where)


class IndexBusy(DomainError):
    """Another process holds the index writer longer than we were willing to wait."""

    status = 503

    def __init__(self, message: str = "the search index is being written by another process; try again",
                 where: str | None = "search index"):
        super().__init__(message, where)


class IndexUnavailable(DomainError):
    """There is no usable index (missing, unreadable, or of an older schema): rebuild it."""

    status = 503

    def __init__(self, message: str = "there is no search index yet; rebuild it",
                 where: str | None = "search index"):
        super().__init__(message, where)


@dataclass(frozen=True)
class IndexEntry:
    """One resolution or draft in one language, as the index needs it."""

    key: str                      # unique: "res:A/RES/78/131:en", "draft:12"
    kind: str                     # "resolution" | "draft"
    symbol: str                   # "A/RES/78/131"; for drafts e.g. "Draft 12"
    draft_id: int | None
    body: str
    session: int
    language: str                 # "en", "fr", "es", "ru", "ar", "zh"
    title: str
    date: datetime.date | None
    sponsors: tuple[str, ...]
    subjects: tuple[str, ...]
    agenda: str
    visible_to: tuple[str, ...]   # ("all",) or ("delegation:12",) …
    document: Document


@dataclass(frozen=True)
class IndexState:
    documents: int                # entries (resolutions/drafts × languages) in the index
    generation: int


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    body: str | None = None
    session: int | None = None
    language: str | None = None
    sponsor: str | None = None
    kind: str | None = None
    page: int = 1
    per_page: int = 10
    order: str = "relevance"      # "relevance" | "date"


@dataclass(frozen=True)
class Snippet:
    paragraph_label: str          # "OP 4", "PP 3", "OP 2 (a)", "Title"
    paragraph_id: str             # the stable paragraph id ("" for the title)
    html: str                     # escaped text, matches wrapped in <mark>…</mark>


@dataclass(frozen=True)
class Hit:
    key: str
    symbol: str
    title: str
    kind: str
    body: str
    session: int
    language: str
    date: datetime.date | None
    score: float
    draft_id: int | None
    snippets: list[Snippet] = field(default_factory=list)
    matching_paragraphs: int = 0  # paragraphs (and title) of this document that match


@dataclass(frozen=True)
class SearchResults:
    total: int                    # matching documents visible to the caller
    results: list[Hit]
    facets: dict[str, list[tuple[object, int]]]
    page: int
    pages: int


@dataclass(frozen=True)
class Precedent:
    key: str
    symbol: str
    paragraph_label: str
    paragraph_id: str
    text: str
    score: float                  # 0..1, similarity of wording
    year: int | None
