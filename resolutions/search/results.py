"""From matches to a page of results: visibility, filters, facets, ranking, snippets.

1. keep the entries the caller may see and that pass SearchQuery's filters, count the
   facets (cached per query, filters and audience);
2. rank by relevance (ties: newest first, then symbol, language and key) or by date,
   and cut the page;
3. for the entries on the page only, take the best paragraphs (ties: reading order)
   and highlight them.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter
from itertools import chain

from .analysis import LANGUAGES
from .engine import Snapshot
from .highlight import highlight, highlight_terms
from .model import Hit, SearchQuery, SearchResults, Snippet
from .query import has_positive_text
from .tables import DocInfo, norm

SNIPPETS_PER_HIT = 3
FACET_VALUES = 20
FACETS = ("body", "session", "language", "kind", "sponsor", "subject")


def facets_of(entries: list[DocInfo]) -> dict[str, list[tuple[object, int]]]:
    out: dict[str, list[tuple[object, int]]] = {}
    out["body"] = _top(Counter(d.body for d in entries))
    out["session"] = sorted(Counter(d.session for d in entries).items(), key=lambda kv: (-kv[0], kv[1]))
    out["language"] = _top(Counter(d.language for d in entries))
    out["kind"] = _top(Counter(d.kind for d in entries))
    out["sponsor"] = _top(Counter(chain.from_iterable(d.sponsors for d in entries)))
    out["subject"] = _top(Counter(chain.from_iterable(d.subjects for d in entries)))
    return out


def _top(counter: Counter) -> list[tuple[object, int]]:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return items[:FACET_VALUES]


def run_search(snap: Snapshot, node, query: SearchQuery, visibility: set[str] | None,
               notes: tuple[str, ...] = ()) -> SearchResults:
    """``notes``: what was already cut from the query (query.bound); the engine adds its own."""
    languages = (query.language,) if query.language else LANGUAGES
    per_page = max(1, min(int(query.per_page), 100))
    page = max(1, int(query.page))
    filters = (query.body, query.session, query.language, query.sponsor, query.kind)
    vis_key = None if visibility is None else frozenset(visibility)
    positive = has_positive_text(node)

    def selected():
        if positive:
            p, dset, best, cut = snap.match(node, languages, visibility)
            entries = best.keys()
        else:
            p, best = {}, {}
            entries, cut = snap.match_docs(node, languages, visibility)
        docs = snap.docs
        keep = []
        sponsor = norm(query.sponsor) if query.sponsor else None
        body = query.body.upper() if query.body else None
        for n in entries:
            d = docs.get(n)
            if d is None or not d.visible(visibility):
                continue
            if body and d.body.upper() != body:
                continue
            if query.session is not None and d.session != int(query.session):
                continue
            if query.language and d.language != query.language:
                continue
            if query.kind and d.kind != query.kind:
                continue
            if sponsor and sponsor not in d.sponsors_n:
                continue
            keep.append(d)
        keep.sort(key=lambda d: d.order)  # newest first
        return p, best, keep, facets_of(keep), cut

    p, best, keep, facets, cut = snap.cached(("select", node, languages, filters, vis_key), selected)
    total = len(keep)
    pages = max(1, math.ceil(total / per_page))
    first = (page - 1) * per_page
    need = first + per_page
    if positive and query.order != "date":
        ranked = heapq.nsmallest(need, keep, key=lambda d: (-best.get(d.number, 0.0), d.order))
    else:
        ranked = keep[:need]
    shown = ranked[first:need]

    hits = []
    for d in shown:
        # ties in reading order: an entry's documents keep their order through merges
        found = sorted(((p[q], i, q) for i, q in enumerate(snap.paragraphs_of(d.number)) if q in p),
                       key=lambda siq: (-siq[0], siq[1]))
        snippets = []
        if found:
            groups, prefixes = highlight_terms(node, d.language)
            for _, _, docnum in found[:SNIPPETS_PER_HIT]:
                stored = snap.stored(docnum)
                snippets.append(Snippet(stored.get("label", ""), stored.get("pid", ""),
                                        highlight(stored.get("text", ""), d.language, groups, prefixes),
                                        stored.get("context") or ""))
        hits.append(Hit(key=d.key, symbol=d.symbol, title=d.title, kind=d.kind, body=d.body, session=d.session,
                        language=d.language, date=d.date, score=round(float(best.get(d.number, 0.0)), 4),
                        draft_id=d.draft_id, snippets=snippets, matching_paragraphs=len(found)))
    said = tuple(dict.fromkeys((*notes, *cut)))
    return SearchResults(total=total, results=hits, facets=facets, page=page, pages=pages,
                         shortened="; ".join(said) + "." if said else None)
