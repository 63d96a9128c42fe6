"""Search: Whoosh behind one class, ``SearchIndex`` (see index.py), and plain values.

    index = SearchIndex(folder)
    index.rebuild(entries, generation)           # new folder, atomic switch
    index.update(entries, remove_keys, generation)
    index.state() -> IndexState | None           # None: missing or unreadable → rebuild
    index.search(SearchQuery(text="…"), visibility) -> SearchResults
    index.precedents(paragraph_text, "en") -> list[Precedent]

The query language is described in query.py; analysis per language in analysis.py.
"""
from .index import SearchIndex
from .model import (Hit, IndexBusy, IndexEntry, IndexState, IndexUnavailable, Precedent, QueryError, SearchQuery,
                    SearchResults, Snippet)

__all__ = ["SearchIndex", "IndexEntry", "IndexState", "SearchQuery", "SearchResults", "Hit", "Snippet",
           "Precedent", "QueryError", "IndexBusy", "IndexUnavailable"]
