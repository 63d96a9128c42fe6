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

Cost (bench/precedents_speed.py): ``gather`` reads under the index lock (postings, each
candidate's terms from the ``seq`` column instead of analysing its text again, stored
fields, idf from the engine's document frequencies); ``Gathered.rank`` compares
outside it, the paragraph's side counted and weighted once (_Query). Whoosh reads its
files by seek-then-read on shared handles, so no read may leave the lock.
"""
from __future__ import annotations

import math
import weakref
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

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
    """How much of ``q_terms`` (as words and pairs) ``c_terms`` says, 0..1. The plain
    definition; find_precedents computes the same numbers through _Query."""
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


class _Query:
    """The paragraph's side of similarity(), counted and weighted once for all candidates.

    ``score`` gives similarity()'s very floats: every sum adds the same products in the
    same order (the paragraph's terms in first-occurrence order for the shared and the
    missing ones, the candidate's for the extra ones, as Counter's & and - iterate), and
    a pair weighs weight(a) + weight(b), which is what summing its two words gives. Pairs
    are (a, b) tuples: equal exactly when the joined strings are, terms holding no space."""

    def __init__(self, q_terms: list[str], weight: dict[str, float]):
        self.size = len(q_terms)
        uni = Counter(q_terms)
        duo = Counter(zip(q_terms, q_terms[1:]))
        self.uni, self.duo = uni, duo
        self.uni_items = [(t, n, weight[t]) for t, n in uni.items()]
        self.duo_items = [(p, n, weight[p[0]] + weight[p[1]]) for p, n in duo.items()]

    def score(self, c_terms: list[str], weight: dict[str, float]) -> float:
        """similarity(q_terms, c_terms, weight.__getitem__); ``weight`` holds every term of both."""
        if not self.size or not c_terms:
            return 0.0
        uni = _ratio(self.uni_items, Counter(c_terms), self.uni, weight.__getitem__)
        if self.size < 2 or len(c_terms) < 2:
            return uni
        duo = _ratio(self.duo_items, Counter(zip(c_terms, c_terms[1:])), self.duo,
                     lambda pair: weight[pair[0]] + weight[pair[1]])
        return (1 - PAIR_SHARE) * uni + PAIR_SHARE * duo


def _ratio(items: list, cand: Counter, query: Counter, weigh) -> float:
    """_tversky() from the query's (term, count, weight) ``items`` and the candidate's counts."""
    get = cand.get
    common = missing = extra = 0
    for t, qn, w in items:
        cn = get(t, 0)
        if cn >= qn:
            common += w * qn
        else:
            if cn:
                common += w * cn
            missing += w * (qn - cn)
    if not common:
        return 0.0
    qget = query.get
    for t, cn in cand.items():
        n = cn - qget(t, 0)
        if n > 0:
            extra += weigh(t) * n
    return common / (common + missing + BETA * extra)


# Snapshot → text field → term → idf: a snapshot's statistics never change, so what one
# query weighed the next reuses (dropped with the snapshot).
_IDF: "weakref.WeakKeyDictionary[Snapshot, dict[str, dict[str, float]]]" = weakref.WeakKeyDictionary()
@dataclass
class Gathered:
    """Everything a precedents query reads from the index (find_precedents' first half,
    run under the index lock); ranking it (``rank``) reads nothing more, so it runs
    outside the lock while other searches of the process go on."""

    query: _Query | None
    weight: dict[str, float]
    candidates: list      # (bm25, reading order, document number, terms, stored fields, DocInfo)
    limit: int
    shortened: str | None

    def rank(self) -> PrecedentResults:
        if self.query is None:
            return PrecedentResults([], self.shortened)
        score, weight = self.query.score, self.weight
        scored = [(score(c_terms, weight), bm25, order, d, stored, info)
                  for bm25, order, d, c_terms, stored, info in self.candidates]
        scored.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
        out = []
        for sim, _, _, d, stored, info in scored[:self.limit]:
            out.append(Precedent(key=info.key, symbol=info.symbol, paragraph_label=stored.get("label", ""),
                                 paragraph_id=stored.get("pid", ""), text=stored.get("text", ""),
                                 score=round(sim, 4), year=info.date.year if info.date else None))
        return PrecedentResults(out, self.shortened)


def find_precedents(snap: Snapshot, text: str, language: str, limit: int = 10,
                    exclude_key: str | None = None) -> PrecedentResults:
    return gather(snap, text, language, limit, exclude_key).rank()


def gather(snap: Snapshot, text: str, language: str, limit: int = 10,
           exclude_key: str | None = None) -> Gathered:
    q_terms, shortened = _bounded_terms(language, text)
    limit = min(int(limit), MAX_RESULTS)
    nothing = Gathered(None, {}, [], limit, shortened)
    if not q_terms or limit <= 0:
        return nothing
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
        return nothing
    scores: dict[int, float] = {}
    for _, field, term in chosen:
        more = snap.term_scores(field, term)
        if not scores:
            scores = more  # a fresh dict; 0.0 + s is s
            continue
        get = scores.get
        for d, s in more.items():
            scores[d] = get(d, 0.0) + s

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

    # the best k accepted and every tie of the k-th score, walking down the scores: the
    # same set as filtering all of them first, without looking at the thousands below
    k = max(CANDIDATES, limit)
    found, cutoff = [], None
    for d, s in sorted(scores.items(), key=itemgetter(1), reverse=True):
        if cutoff is not None and s < cutoff:
            break
        if accept(d):
            found.append((s, d))
            if len(found) == k:
                cutoff = s
    found.sort(key=lambda sd: (-sd[0], docs[doc_of[sd[1]]].order, sd[1]))  # d: reading order in an entry
    candidates = []
    for bm25, d in found[:k]:
        reader, offset, table = snap.segment_of(d)
        seq = table.sequence(reader, d - offset)
        # the paragraph's terms as indexed (schema.sequence): " t1 t2 … tn ", not analysed again
        c_terms = seq[1:-1].decode("utf-8").split(" ")
        info = docs[doc_of[d]]
        candidates.append((bm25, info.order, d, c_terms, snap.stored(d), info))

    by_field = _IDF.get(snap)
    if by_field is None:
        by_field = _IDF.setdefault(snap, {})
    weight = by_field.setdefault(tf, {})
    for t in {t for c in candidates for t in c[3]}.union(q_terms):
        if t not in weight:
            df = snap.doc_frequency(tf, t)
            weight[t] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return Gathered(_Query(q_terms, weight), weight, candidates, limit, shortened)


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
