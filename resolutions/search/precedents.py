"""Agreed language: the paragraphs of past resolutions closest to a paragraph being drafted.

Two steps:

1. *candidates*: BM25 over the paragraph's most distinctive terms (the rarest words
   and word pairs of the paragraph, so common words never cost a long posting list),
   paragraphs of resolutions in the same language only, best ``CANDIDATES`` kept with
   Whoosh's block-quality skipping;
2. *wording*: each candidate is compared with the paragraph term by term, as words and
   as adjacent word pairs, with an asymmetric (Tversky) index weighted by inverse
   document frequency: the paragraph's terms missing from the candidate count fully,
   the candidate's extra terms count BETA as much (a draft usually drops or changes
   words of its source, so the source is longer than the query, not different from it);
   rare words weigh more than "the". Wording, not topic, decides the order, which tells a
   source apart from last year's version of the same paragraph when a year, a number or
   a name survives in the query. Ties go to the newer resolution (then symbol, key and
   reading order: never to internal document numbers, which merges change).

Only public resolutions are candidates, and the statistics are public ones (engine.py),
so no draft, public or private, changes what precedents() answers. Work is bounded: at
most MAX_CHARS characters and MAX_TERMS words of the paragraph are analysed (the longest
paragraph of the UN corpus has 591); beyond that ``shortened`` says what was cut.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter

from .analysis import pairs, terms
from .engine import Snapshot
from .model import Precedent, PrecedentResults
from .schema import pair_field, text_field

CANDIDATES = 60
QUERY_TERMS = 14
QUERY_PAIRS = 10
BETA = 0.3
COMMON_LIMIT = 0.05  # candidate words: those in at most 5 % of the language's paragraphs
PAIR_SHARE = 0.5
MAX_CHARS = 20_000   # of the paragraph, analysed
MAX_TERMS = 600      # words of the paragraph compared
MAX_RESULTS = 50     # a larger ``limit`` is cut to this


def similarity(q_terms: list[str], c_terms: list[str], weight=None) -> float:
    """How much of ``q_terms`` (as words and pairs) ``c_terms`` says, 0..1."""
    if not q_terms or not c_terms:
        return 0.0
    weight = weight or (lambda term: 1.0)
    uni = _tversky(Counter(q_terms), Counter(c_terms), weight)
    qp, cp = pairs(q_terms), pairs(c_terms)
    if not qp or not cp:
        return uni
    pair_weight = lambda p: sum(weight(t) for t in p.split(" "))  # noqa: E731
    return (1 - PAIR_SHARE) * uni + PAIR_SHARE * _tversky(Counter(qp), Counter(cp), pair_weight)


def _tversky(q: Counter, c: Counter, weight) -> float:
    common = sum(weight(t) * n for t, n in (q & c).items())
    if not common:
        return 0.0
    missing = sum(weight(t) * n for t, n in (q - c).items())
    extra = sum(weight(t) * n for t, n in (c - q).items())
    return common / (common + missing + BETA * extra)


def find_precedents(snap: Snapshot, text: str, language: str, limit: int = 10,
                    exclude_key: str | None = None) -> PrecedentResults:
    q_terms, shortened = _bounded_terms(language, text)
    limit = min(int(limit), MAX_RESULTS)
    if not q_terms or limit <= 0:
        return PrecedentResults([], shortened)
    tf, pf = text_field(language), pair_field(language)
    n_docs = max(1, snap.field_documents(tf))
    common = snap.common.get(language, frozenset())
    chosen = sorted((snap.doc_frequency(tf, t), tf, t) for t in set(q_terms))
    chosen = [c for c in chosen if c[0] > 0]
    # the rarest words say most about where a paragraph comes from; very common ones
    # ("the", "States") only lengthen the lists read, unless nothing else is left
    chosen = [c for c in chosen if c[0] <= COMMON_LIMIT * n_docs][:QUERY_TERMS] or chosen[:QUERY_TERMS]
    pair_terms = {p for p in pairs(q_terms) if all(w in common for w in p.split(" "))}
    chosen_pairs = sorted((snap.doc_frequency(pf, p), pf, p) for p in pair_terms)
    chosen += [c for c in chosen_pairs if c[0] > 0][:QUERY_PAIRS]
    if not chosen:
        return PrecedentResults([], shortened)
    scores: dict[int, float] = {}
    for _, field, term in chosen:
        for d, s in snap.term_scores(field, term).items():
            scores[d] = scores.get(d, 0.0) + s

    docs, doc_of, heads = snap.docs, snap.doc_of, snap.heads
    wanted: dict[int, bool] = {}

    def accept(d: int) -> bool:
        n = doc_of[d]
        ok = wanted.get(n)
        if ok is None:
            info = docs.get(n)
            ok = wanted[n] = (info is not None and info.kind == "resolution" and info.public
                              and info.language == language and info.key != exclude_key)
        return ok and d not in heads

    idf_cache: dict[str, float] = {}

    def idf(term: str) -> float:
        value = idf_cache.get(term)
        if value is None:
            df = snap.doc_frequency(tf, term)
            value = idf_cache[term] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        return value

    k = max(CANDIDATES, limit)
    found = [(s, d) for d, s in scores.items() if accept(d)]
    if len(found) > k:  # keep every tie of the k-th score, then order them all fully
        cutoff = heapq.nlargest(k, (s for s, _ in found))[-1]
        found = [sd for sd in found if sd[0] >= cutoff]
    found.sort(key=lambda sd: (-sd[0], docs[doc_of[sd[1]]].order, sd[1]))  # d: reading order in an entry
    scored = []
    for bm25, d in found[:k]:
        stored = snap.stored(d)
        info = docs[doc_of[d]]
        sim = similarity(q_terms, terms(language, stored.get("text", "")), idf)
        scored.append((sim, bm25, info.order, d, stored, info))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    out = []
    for sim, _, _, d, stored, info in scored[:limit]:
        out.append(Precedent(key=info.key, symbol=info.symbol, paragraph_label=stored.get("label", ""),
                             paragraph_id=stored.get("pid", ""), text=stored.get("text", ""),
                             score=round(sim, 4), year=info.date.year if info.date else None))
    return PrecedentResults(out, shortened)


def _bounded_terms(language: str, text: str) -> tuple[list[str], str | None]:
    """The paragraph's terms, at most MAX_TERMS of them from at most MAX_CHARS characters."""
    cut_chars = len(text) > MAX_CHARS
    if cut_chars:
        end = text.rfind(" ", 0, MAX_CHARS)
        text = text[:end if end > MAX_CHARS // 2 else MAX_CHARS]
    q_terms = terms(language, text)
    if len(q_terms) > MAX_TERMS:
        more = "more than " if cut_chars else ""
        return q_terms[:MAX_TERMS], (f"the paragraph has {more}{len(q_terms):,} words; only the first "
                                     f"{MAX_TERMS} were compared")
    if cut_chars:
        return q_terms, f"the paragraph is longer than {MAX_CHARS:,} characters; only the first part was compared"
    return q_terms, None
