"""Running a parsed query against one Whoosh searcher: matches and BM25 scores.

Whoosh stores the index (segments, term dictionary, posting lists, stored fields,
columns) and writes it; the query is evaluated here, reading posting lists directly:
Whoosh's own matchers score one posting at a time through several Python calls, which
made a common word cost 100–300 ms on this corpus, against 5–15 ms this way.

A ``Snapshot`` wraps one searcher (one index generation) with the per-segment tables of
tables.py (kept across generations while a segment lives), and evaluates the query tree
over {document number: BM25 score} maps: a word reads its posting list block by block in
each language field; AND/OR/NOT combine the maps; a phrase intersects pair lists (two
common words) or word lists, then checks the order of the terms in the ``seq`` column
of each candidate (a Chinese phrase's open edge characters against the terms around, see
analysis.loose_edges; stems that conflate words are told apart by the wording as typed,
analysis.surface_pattern); field filters are entry facts. An entry scores as its best paragraph
(titles weighted TITLE_BOOST). Results are cached per (query, generation).

Statistics count the live documents of public entries only (visible_to holds "all"):
df is Whoosh's count minus that of the excluded documents (tables.Excluded), document
counts and length averages likewise, so no caller's scores move when someone else's
private draft is saved or removed, nor when Whoosh purges deleted documents in a merge.
Private documents are still matched, and scored with the public statistics. A prefix
expands over public terms (by public df) and, for each caller, over terms of the private
entries that caller may see: never over terms of drafts the caller cannot see.

Work per query is bounded (see query.py for the tree): a prefix reads at most
PREFIX_TERMS lists per language and the query PREFIX_BUDGET in all; a phrase reads at
most PHRASE_LISTS lists (its rarest; the order check on ``seq`` keeps it exact).
"""
from __future__ import annotations

import math
import re
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from . import whoosh_internals as wi
from .analysis import is_han, loose_edges, surface_pattern, tokens
from .highlight import prefix_term
from .phrases import phrase_scores
from .query import And, Filter, Not, Or, Text
from .schema import text_field
from .tables import SegmentTable

K1, B = 1.2, 0.75
TITLE_BOOST = 1.3
PREFIX_TERMS = 64        # terms a prefix expands to, per language (the most frequent ones)
PREFIX_BUDGET = 256      # prefix expansions per query, all prefixes and languages together
PREFIX_SCAN = 20_000     # dictionary terms looked at per prefix and language
_BYTE_LENGTH = wi.BYTE_LENGTH


@dataclass(frozen=True)
class _Leaf:
    """A Text node resolved for one language: which posting lists, and whether to verify order."""

    language: str
    kind: str            # "term" | "phrase" | "prefix"
    terms: tuple         # the analysed terms (for a prefix: the prefix)
    open_start: bool = False   # phrase: the first term may be the end of a longer one (analysis.loose_edges)
    open_end: bool = False
    surface: re.Pattern | None = None  # phrase: its wording as typed (analysis.surface_pattern)


class Snapshot:
    """One generation of the index as the engine sees it (see the module docstring)."""

    def __init__(self, searcher, common: dict[str, frozenset], tables: dict, cache_size: int = 32):
        self.searcher = searcher
        self.common = common
        self.leaves = []
        self.excluded = []
        doc_of = array("q")
        deleted: set[int] = set()
        docs = {}
        heads: set[int] = set()
        live_tables = {}
        for reader, offset in searcher.reader().leaf_readers():
            if reader.segment() is None:  # Whoosh's EmptyReader: an index of no documents
                continue
            sid = wi.segment_id(reader.segment())
            table = tables.get(sid)
            if table is None or len(table.doc_of) != reader.doc_count_all():
                table = SegmentTable(reader)
            table.bind(reader)
            live_tables[sid] = table
            dels = wi.deleted_docs(reader)
            self.leaves.append((reader, offset, table, dels))
            self.excluded.append(table.excluded(reader, dels, common))
            doc_of.extend(table.doc_of)
            deleted.update(offset + d for d in dels)
            for local, info in table.heads.items():
                if local in dels:
                    continue
                docs[info.number] = info
                heads.add(offset + local)
        tables.clear()
        tables.update(live_tables)
        self.doc_of = doc_of
        self.deleted = deleted
        self.docs = docs
        self.heads = heads
        self.cache_size = cache_size
        self._cache: OrderedDict = OrderedDict()
        self._norms: dict[str, tuple[int, list[float]]] = {}
        self._dfs: dict[tuple[str, str], int] = {}
        self._every: dict[int, float] | None = None

    # -- caches ---------------------------------------------------------------------
    def cached(self, key, compute):
        if not self.cache_size:
            return compute()
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        value = compute()
        self._cache[key] = value
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return value

    def paragraphs_of(self, number: int) -> list[int]:
        """The live documents of an entry, head first, in the order they were written."""
        out = []
        for reader, offset, table, dels in self.leaves:
            out.extend(offset + local for local in table.paragraphs().get(number, ()) if local not in dels)
        return out

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)

    # -- public statistics -------------------------------------------------------------
    def _field_norms(self, field: str) -> tuple[int, list[float]]:
        """(public documents having the field, length byte → K1·(1−B+B·len/avg))."""
        cached = self._norms.get(field)
        if cached is None:
            count, total = 0, 0
            for (reader, _, table, _), excluded in zip(self.leaves, self.excluded):
                counts = table.length_counts(reader, field)
                minus = excluded.lengths.get(field, {})
                for b, c in counts.items():
                    c -= minus.get(b, 0)
                    count += c
                    total += _BYTE_LENGTH[b] * c
            avg = total / count if count else 1.0
            norms = [K1 * (1 - B + B * _BYTE_LENGTH[b] / avg) for b in range(256)]
            cached = (count, norms)
            self._norms[field] = cached
        return cached

    def doc_frequency(self, field: str, term: str) -> int:
        """In how many live documents of public entries ``term`` occurs; cached per snapshot,
        each segment's own count per segment (so a save does not look every term up again)."""
        key = (field, term)
        df = self._dfs.get(key)
        if df is None:
            if len(self._dfs) > 200_000:
                self._dfs.clear()
            df = sum(table.doc_frequency(reader, field, term) for reader, _, table, _ in self.leaves)
            if df:
                df -= sum(e.count(field, term) for e in self.excluded)
            self._dfs[key] = df
        return df

    def field_documents(self, field: str) -> int:
        """How many live public documents have ``field`` (paragraphs and titles of one language)."""
        return self._field_norms(field)[0]

    def idf(self, field: str, term: str) -> float:
        """BM25's idf·(K1+1) by public statistics: above any one document's score for the term."""
        df = self.doc_frequency(field, term)
        n = self.field_documents(field)
        return math.log(1 + (max(n, df) - df + 0.5) / (df + 0.5)) * (K1 + 1)

    def term_scores(self, field: str, term: str) -> dict[int, float]:
        """BM25 score (public statistics) of every live document holding ``term`` in ``field``."""
        lists = [(i, *wi.postings(reader, field, term)) for i, (reader, _, _, _) in enumerate(self.leaves)]
        if not any(ids for _, ids, _ in lists):
            return {}
        idf = self.idf(field, term)
        norms = self._field_norms(field)[1]
        out: dict[int, float] = {}
        for i, ids, weights in lists:
            if not ids:
                continue
            reader, offset, table, dels = self.leaves[i]
            lens = table.lengths(reader, field)
            if offset == 0 and not dels:
                out.update({d: idf * tf / (tf + norms[lens[d]]) for d, tf in zip(ids, weights)})
            else:
                out.update({offset + d: idf * tf / (tf + norms[lens[d]])
                            for d, tf in zip(ids, weights) if d not in dels})
        return out

    # -- resolving text --------------------------------------------------------------
    def leaves_of(self, node: Text, languages) -> list[_Leaf]:
        out = []
        for lang in languages:
            if node.prefix:
                prefix = prefix_term(lang, node.text)
                if prefix:
                    out.append(_Leaf(lang, "prefix", (prefix,)))
                continue
            terms = tuple(t for t, _, _ in tokens(lang, node.text))
            if len(terms) == 1 and lang == "zh" and len(terms[0]) == 1 and is_han(terms[0]):
                # one Chinese character: the bigrams it starts (and itself, when alone)
                out.append(_Leaf(lang, "prefix", terms))
            elif len(terms) == 1:
                out.append(_Leaf(lang, "term", terms))
            elif terms:
                open_start, open_end = loose_edges(lang, list(terms))
                out.append(_Leaf(lang, "phrase", terms, open_start, open_end, surface_pattern(lang, node.text)))
        return out

    def prefix_terms(self, field: str, prefix: str, visibility, limit: int) -> tuple[list[str], list[str], bool]:
        """(public terms, private terms, whether some were left out): the ``limit`` public
        terms of highest public df, then up to PREFIX_TERMS terms found only in private
        entries the caller may see (they score those entries alone)."""
        whoosh_df: dict[str, int] = {}
        scanned, cut = 0, False
        for reader, _, _, _ in self.leaves:
            for btext, info in reader.iter_prefix(field, prefix):
                term = btext.decode("utf-8")
                whoosh_df[term] = whoosh_df.get(term, 0) + info.doc_frequency()
                scanned += 1
                if scanned >= PREFIX_SCAN:
                    cut = True
                    break
        ranked = []
        for term, df in whoosh_df.items():
            df -= sum(e.count(field, term) for e in self.excluded)
            if df > 0:
                ranked.append((-df, term))
        ranked.sort()
        cut = cut or len(ranked) > limit
        public = {t for _, t in ranked}
        private: set[str] = set()
        for reader, _, table, dels in self.leaves:
            if not table.private():
                continue
            for token, by_field in table.visible_terms(reader, dels).items():
                if visibility is None or token in visibility:
                    private.update(t for t in by_field.get(field, ()) if t.startswith(prefix) and t not in public)
        cut = cut or len(private) > PREFIX_TERMS
        return [t for _, t in ranked[:limit]], sorted(private)[:PREFIX_TERMS], cut

    def leaf_scores(self, leaf: _Leaf, run: "_Run") -> dict[int, float]:
        tf_ = text_field(leaf.language)
        if leaf.kind == "term":
            return self.term_scores(tf_, leaf.terms[0])
        if leaf.kind == "prefix":
            limit = min(PREFIX_TERMS, max(0, PREFIX_BUDGET - run.prefix_terms))
            public, private, cut = self.prefix_terms(tf_, leaf.terms[0], run.visibility, limit)
            run.prefix_terms += len(public)
            if cut:
                run.note_prefix(leaf.terms[0])
            out: dict[int, float] = {}
            for term in public + private:
                for d, s in self.term_scores(tf_, term).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        return phrase_scores(self, leaf)

    def segment_of(self, d: int):
        for reader, offset, table, dels in reversed(self.leaves):
            if d >= offset:
                return reader, offset, table
        raise IndexError(d)  # pragma: no cover

    def text_scores(self, node: Text, run: "_Run") -> dict[int, float]:
        out: dict[int, float] = {}
        for leaf in self.leaves_of(node, run.languages):
            scores = self.leaf_scores(leaf, run)
            if not out:
                out = scores
            else:
                for d, s in scores.items():
                    out[d] = out.get(d, 0.0) + s
        if node.title_only:
            heads = self.heads
            out = {d: s for d, s in out.items() if d in heads}
        return out

    # -- matching: (P, D) = scored paragraphs, entries matching as a whole ---------------
    def evaluate(self, node, run: "_Run") -> tuple[dict[int, float], set[int]]:
        if isinstance(node, Text):
            return self.text_scores(node, run), set()
        if isinstance(node, Filter):
            return {}, {n for n, d in self.docs.items() if d.matches(node)}
        if isinstance(node, Or):
            p: dict[int, float] = {}
            dset: set[int] = set()
            for item in node.items:
                ip, idd = self.evaluate(item, run)
                if not p:
                    p = dict(ip)
                elif isinstance(item, Not):  # all scores 0.0: a union in C, not a loop
                    p = ip | p
                else:
                    for d, s in ip.items():
                        p[d] = p.get(d, 0.0) + s
                dset |= idd
            return p, dset
        if isinstance(node, And):
            pos = [i for i in node.items if not isinstance(i, Not)]
            neg = [i.item for i in node.items if isinstance(i, Not)]
            if not pos:
                p, dset = self._all_docs().copy(), set()
            else:
                p, dset = self.evaluate(pos[0], run)
                for item in pos[1:]:
                    p, dset = self._and(p, dset, *self.evaluate(item, run))
            for item in neg:
                np_, nd = self.evaluate(item, run)
                if dset:  # entries matching as a whole so far: spell out their paragraphs
                    for n in dset:
                        for q in self.paragraphs_of(n):
                            p.setdefault(q, 0.0)
                    dset = set()
                doc_of = self.doc_of
                p = {q: s for q, s in p.items() if q not in np_ and (not nd or doc_of[q] not in nd)}
            return p, dset
        if isinstance(node, Not):
            np_, nd = self.evaluate(node.item, run)
            out = self._all_docs().copy()
            for q in np_:
                out.pop(q, None)
            for n in nd:
                for q in self.paragraphs_of(n):
                    out.pop(q, None)
            return out, set()
        raise AssertionError(node)

    def _and(self, p1, d1, p2, d2):
        doc_of = self.doc_of
        if len(p2) < len(p1):
            p1, d1, p2, d2 = p2, d2, p1, d1
        p = {q: s + p2[q] for q, s in p1.items() if q in p2}
        if d2:
            for q, s in p1.items():
                if q not in p and doc_of[q] in d2:
                    p[q] = s
        if d1:
            for q, s in p2.items():
                if q not in p and doc_of[q] in d1:
                    p[q] = s
        return p, d1 & d2

    def _all_docs(self) -> dict[int, float]:
        """Every live document, score 0.0 (built once per snapshot; callers copy it)."""
        if self._every is None:
            deleted = self.deleted
            self._every = dict.fromkeys((d for d in range(len(self.doc_of)) if d not in deleted), 0.0)
        return self._every

    def evaluate_docs(self, node, run: "_Run") -> set[int]:
        """Entry-level reading, for queries without a positive word: NOT excludes entries."""
        if node is None:
            return set(self.docs)
        if isinstance(node, Filter):
            return {n for n, d in self.docs.items() if d.matches(node)}
        if isinstance(node, Text):
            doc_of = self.doc_of
            return {doc_of[q] for q in self.text_scores(node, run)}
        if isinstance(node, Or):
            return set().union(*(self.evaluate_docs(i, run) for i in node.items))
        if isinstance(node, And):
            out = None
            for item in node.items:
                s = self.evaluate_docs(item, run)
                out = s if out is None else out & s
            return out
        if isinstance(node, Not):
            return set(self.docs) - self.evaluate_docs(node.item, run)
        raise AssertionError(node)

    def match(self, node, languages, visibility):
        """(P, D, best, notes): scored paragraphs, whole entries, best paragraph score per
        entry, and what was left out (prefixes that expand to too many words)."""
        def compute():
            run = _Run(languages, visibility)
            p, dset = self.evaluate(node, run)
            doc_of, heads = self.doc_of, self.heads
            best: dict[int, float] = dict.fromkeys(dset, 0.0)
            get = best.get
            for d, s in p.items():
                if d in heads:
                    s *= TITLE_BOOST
                n = doc_of[d]
                if s > get(n, -1.0):
                    best[n] = s
            docs = self.docs
            for n in [n for n in best if n not in docs]:
                del best[n]
            return p, dset, best, tuple(run.notes)
        return self.cached(("match", node, languages, _vis_key(node, visibility)), compute)

    def match_docs(self, node, languages, visibility) -> tuple[set[int], tuple[str, ...]]:
        run = _Run(languages, visibility)
        return self.evaluate_docs(node, run), tuple(run.notes)


class _Run:
    """One evaluation: who asks, in which languages, and what had to be left out."""

    def __init__(self, languages, visibility):
        self.languages = languages
        self.visibility = None if visibility is None else frozenset(visibility)
        self.prefix_terms = 0
        self.notes: list[str] = []

    def note_prefix(self, prefix: str) -> None:
        note = (f"{prefix}* matches more words than are searched; only the {PREFIX_TERMS} most frequent "
                f"(at most {PREFIX_BUDGET} for the whole query) were used")
        if note not in self.notes:
            self.notes.append(note)


def _vis_key(node, visibility):
    """Only prefixes depend on who asks (they expand over the drafts the caller may see)."""
    if visibility is None or not _has_prefix(node):
        return None
    return frozenset(visibility)


def _has_prefix(node) -> bool:
    if isinstance(node, Text):
        if node.prefix:
            return True
        toks = tokens("zh", node.text)  # one Chinese character searches as a prefix
        return len(toks) == 1 and len(toks[0][0]) == 1 and is_han(toks[0][0])
    if isinstance(node, (And, Or)):
        return any(_has_prefix(i) for i in node.items)
    if isinstance(node, Not):
        return _has_prefix(node.item)
    return False
