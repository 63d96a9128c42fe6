"""Search: Whoosh behind one class, ``SearchIndex`` (see index.py), and plain values.

    index = SearchIndex(folder)
    index.rebuild(entries, generation)           # new folder, atomic switch
    index.update(entries, remove_keys, generation)
    index.state() -> IndexState | None           # None: missing or unreadable → rebuild
    index.search(SearchQuery(text="…"), visibility) -> SearchResults
    index.precedents(paragraph_text, "en") -> PrecedentResults   # iterable of Precedent

Start-up and health (each process, from a background thread):

    index.verify() -> list[str]                  # [] when sound; else one sentence per problem:
                                                 # no index, unreadable files or TOC, schema or
                                                 # library mismatch, a segment file missing or
                                                 # changed (manifest of sizes and CRC-32s), a
                                                 # failing probe search. ~0.3 s on the UN corpus.
    index.try_rebuild(needed, rebuild) -> bool   # waits for rebuild.lock, THEN asks needed();
                                                 # only then calls rebuild(progress), which calls
                                                 # index.rebuild(...): of many processes, one rebuilds
    index.rebuild_status() -> RebuildStatus | None   # running (lock held), phase, done, total,
                                                 # seconds_left: the same in every process
    index.optimize()                             # merge segments (maintenance; scores unchanged)

Errors: QueryError (400) for a query that cannot be read; IndexBusy (503) when the writer
lock is held too long; IndexUnavailable (503) when there is no usable index — missing,
damaged (any failure inside Whoosh or the engine during a search becomes this), of an
older schema, or "being rebuilt (about N s left)" while a rebuild runs and no older
index can be served.

Relevance depends only on public text: statistics count live documents of entries
visible to "all" (engine.py), so a private draft never moves anyone else's scores.
Work per call is bounded: SearchResults.shortened and PrecedentResults.shortened say,
as a sentence, what was cut (query.py, engine.py, precedents.py list the caps).

The query language is described in query.py; analysis per language in analysis.py;
every use of Whoosh's private internals sits in whoosh_internals.py.
"""
from .index import SearchIndex
from .model import (Hit, IndexBusy, IndexEntry, IndexState, IndexUnavailable, Precedent, PrecedentResults,
                    QueryError, RebuildStatus, SearchQuery, SearchResults, Snippet)

__all__ = ["SearchIndex", "IndexEntry", "IndexState", "SearchQuery", "SearchResults", "Hit", "Snippet",
           "Precedent", "PrecedentResults", "RebuildStatus", "QueryError", "IndexBusy", "IndexUnavailable"]
