"""What goes into the index and what comes out of it: plain, frozen values.

Services build ``IndexEntry`` objects (one per resolution or draft, per language) from the
database and hand them to ``SearchIndex``; views receive ``SearchResults`` and
``PrecedentResults``. Nothing here knows about Whoosh.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Iterator

from ..domain.document import Document
from ..domain.errors import DomainError
from .analysis import LANGUAGES

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
    """There is no usable index (missing, damaged, of an older schema, or being rebuilt
    with no older one to serve): rebuild it, or wait for the rebuild."""

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
    context: str = ""             # plain text: the annex title and nearest heading above ("" for none)


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
    shortened: str | None = None  # what was left out of the query to bound its cost, as a sentence


@dataclass(frozen=True)
class Precedent:
    key: str
    symbol: str
    paragraph_label: str
    paragraph_id: str
    text: str
    score: float                  # 0..1, similarity of wording
    year: int | None


@dataclass(frozen=True)
class PrecedentResults:
    """precedents(): best first, and what was cut from the paragraph (None: all of it was used).
    Iterates, indexes and counts like its ``results`` list."""

    results: list[Precedent]
    shortened: str | None = None

    def __iter__(self) -> Iterator[Precedent]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, i):
        return self.results[i]


@dataclass(frozen=True)
class RebuildStatus:
    """The last rebuild of an index folder, as recorded by whichever process ran it."""

    running: bool                 # some process holds rebuild.lock now
    phase: str                    # "reading" (entries → spool), "indexing", "finishing", then "done" or
                                  # "failed"; "interrupted": the rebuilding process died
    done: int                     # entries indexed so far
    total: int | None             # entries to index (None while still reading them)
    started: float                # time.time() when it started
    updated: float                # time.time() of this record
    seconds_left: float | None    # estimate while running; None when unknown or not running


def check_query(query: SearchQuery) -> None:
    """SearchQuery's own fields come from forms and URLs: name the one that is wrong."""
    if query.order not in ORDERS:
        raise QueryError(f'order must be "relevance" or "date", not "{query.order}"', "order")
    if query.language is not None and query.language not in LANGUAGES:
        raise QueryError(f"unknown language {query.language!r}; use one of {', '.join(LANGUAGES)}", "language")
    if query.kind is not None and query.kind not in KINDS:
        raise QueryError(f"kind must be resolution or draft, not {query.kind!r}", "kind")
    for name in ("page", "per_page"):
        value = getattr(query, name)
        if not isinstance(value, int) or value < 1:
            raise QueryError(f"{name} must be a whole number from 1, not {value!r}", name)
    if query.session is not None and not isinstance(query.session, int):
        raise QueryError(f"session must be a number such as 78, not {query.session!r}", "session")
