"""Running a parsed query against one Whoosh searcher: matches, scores, facets, snippets.

Whoosh stores the index (segments, term dictionary, posting lists, stored fields,
columns) and writes it; the query is evaluated here, reading posting lists directly:
Whoosh's own matchers score one posting at a time through several Python calls, which
made a common word cost 100–300 ms on this corpus, against 5–15 ms this way.

A ``Snapshot`` wraps one searcher (one index generation) with tables read once per
segment and kept across generations while the segment lives:

- ``doc_of``: Whoosh document number → entry number (the ``doc`` column, read as one
  array), so grouping paragraph hits by resolution is an array lookup;
- ``docs``: entry number → ``DocInfo`` (the facts stored in each live head document),
  which answers every field filter, visibility check and facet in plain Python;
- field lengths (one byte per document, Whoosh's encoding) for BM25.

A search:

1. evaluates the query tree over {document number: BM25 score} maps: a word reads its
   posting list block by block (ids and frequencies, no positions) in each language
   field; AND/OR/NOT combine the maps; a phrase intersects the pair lists (two common
   words) or word lists, then checks the order of the terms in the ``seq`` column of
   each candidate; field filters are entry facts. An entry scores as its best paragraph
   (titles weighted TITLE_BOOST). The result is cached per (query, generation);
2. keeps the entries the caller may see and that pass SearchQuery's filters, counts the
   facets, ranks (relevance, or date newest first) and cuts the page;
3. for the entries on the page only, takes the best paragraphs and highlights them by
   re-analysing those few short texts with the (cached) analysis of analysis.py.
"""
from __future__ import annotations

import datetime
import heapq
import html
import math
import sys
from array import array
from collections import Counter, OrderedDict
from dataclasses import dataclass
from itertools import chain

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length, length_to_byte

from .analysis import LANGUAGES, arabic_normalise, fold, is_han, tokens
from .model import Hit, SearchQuery, SearchResults, Snippet
from .query import And, Filter, Not, Or, Text, has_positive_text, positive_texts
from .schema import HEAD, pair_field, text_field

SNIPPETS_PER_HIT = 3
SNIPPET_CHARS = 320
FACET_VALUES = 20
FACETS = ("body", "session", "language", "kind", "sponsor", "subject")
PREFIX_LIMIT = 256
K1, B = 1.2, 0.75
TITLE_BOOST = 1.3
_BYTE_LENGTH = [byte_to_length(b) for b in range(256)]


def _norm(value: str) -> str:
    return " ".join(fold(value).lower().split())


class DocInfo:
    """The facts of one live entry, as stored in its head document."""

    __slots__ = ("number", "key", "kind", "symbol", "draft_id", "body", "session", "language", "title",
                 "date", "sponsors", "subjects", "agenda", "visible_to", "symbol_n", "sponsors_n",
                 "subjects_n", "agenda_n", "order")

    def __init__(self, number: int, meta: dict):
        self.number = number
        self.key = meta["key"]
        self.kind = meta["kind"]
        self.symbol = meta["symbol"]
        self.draft_id = meta.get("draft_id")
        self.body = meta["body"]
        self.session = meta["session"]
        self.language = meta["language"]
        self.title = meta["title"]
        self.date = datetime.date.fromisoformat(meta["date"]) if meta.get("date") else None
        self.sponsors = tuple(meta.get("sponsors") or ())
        self.subjects = tuple(meta.get("subjects") or ())
        self.agenda = meta.get("agenda") or ""
        self.visible_to = frozenset(meta.get("visible_to") or ())
        self.symbol_n = " ".join(self.symbol.upper().split())
        self.sponsors_n = frozenset(_norm(s) for s in self.sponsors)
        self.subjects_n = tuple(f" {_norm(s)} " for s in self.subjects)
        self.agenda_n = f" {_norm(self.agenda)} "
        # newest first; undated last; then by symbol
        self.order = (-(self.date.toordinal() if self.date else 0), self.symbol_n, self.language)

    def visible(self, visibility: set[str] | None) -> bool:
        return visibility is None or not self.visible_to.isdisjoint(visibility)

    def matches(self, f: Filter) -> bool:
        field, value = f.field, f.value
        if field == "session":
            return value[0] <= self.session <= value[1]
        if field == "lang":
            return self.language == value
        if field == "kind":
            return self.kind == value
        if field == "body":
            return self.body.upper() == value
        if field == "symbol":
            how, text = value
            return self.symbol_n == text if how == "exact" else self.symbol_n.startswith(text)
        if field == "sponsor":
            return value in self.sponsors_n
        if field == "subject":
            needle = f" {value} "
            return any(needle in s for s in self.subjects_n)
        if field == "agenda":
            return f" {value} " in self.agenda_n
        raise AssertionError(field)


class _SegmentTable:
    """What a segment says once and for all: its doc column and its head documents."""

    def __init__(self, reader):
        n = reader.doc_count_all()
        self.doc_of = _read_doc_column(reader, n)
        self.heads: dict[int, DocInfo] = {}
        for local in _raw_postings(reader, "unit", HEAD)[0]:
            self.heads[local] = DocInfo(self.doc_of[local], reader.stored_fields(local)["meta"])
        self._paras: dict[int, list[int]] | None = None
        self._lens: dict[str, bytes] = {}
        self._counts: dict[str, Counter] = {}
        self._seq = None

    def paragraphs(self) -> dict[int, list[int]]:
        """entry number → local document numbers of its head and paragraphs (lazily)."""
        if self._paras is None:
            out: dict[int, list[int]] = {}
            for local, number in enumerate(self.doc_of):
                out.setdefault(number, []).append(local)
            self._paras = out
        return self._paras

    def lengths(self, reader, field: str) -> bytes:
        """The field length of every document, as Whoosh's length bytes (0: no such field)."""
        lens = self._lens.get(field)
        if lens is None:
            lens = _read_lengths(reader, field, len(self.doc_of))
            self._lens[field] = lens
        return lens

    def length_counts(self, reader, field: str) -> Counter:
        """How many documents have each length byte in ``field`` (0 excluded)."""
        counts = self._counts.get(field)
        if counts is None:
            counts = self._counts[field] = Counter(self.lengths(reader, field))
            counts.pop(0, None)
        return counts

    def sequence(self, reader, local: int) -> bytes:
        if self._seq is None:
            self._seq = reader.column_reader("seq", translate=False)
        return self._seq[local]


def _read_doc_column(reader, n: int) -> array:
    creader = reader.column_reader("doc", translate=False)
    out = array("q")
    try:  # the column is n big-endian int64s: read them in one go
        raw = creader._dbfile.get(creader._basepos, creader._count * 8)
        out.frombytes(raw)
        if sys.byteorder == "little":
            out.byteswap()
    except AttributeError:  # pragma: no cover - another codec: the slow, public way
        out = array("q", (creader[i] for i in range(n)))
    if len(out) < n:
        out.extend([0] * (n - len(out)))
    return out


def _read_lengths(reader, field: str, n: int) -> bytes:
    try:
        perdoc = reader._perdoc
    except AttributeError:  # pragma: no cover - not a segment reader
        return bytes(length_to_byte(reader.doc_field_length(i, field, 0)) for i in range(n))
    return field_lengths(perdoc, field, n)


def field_lengths(perdoc, field: str, n: int) -> bytes:
    """Whoosh's length byte of ``field`` for each of ``n`` documents, read in one go."""
    if not perdoc.has_column(_lenfield(field)):
        return bytes(n)
    creader = perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN)
    try:
        raw = bytes(creader._dbfile.get(creader._basepos, creader._count))
    except AttributeError:  # pragma: no cover - another column implementation
        raw = bytes(creader[i] for i in range(n))
    return raw + bytes(n - len(raw)) if len(raw) < n else raw


def _raw_postings(reader, field: str, term: str) -> tuple[list[int], list[float]]:
    """(local ids, weights) of a term's postings, deletions included, read block by block."""
    try:
        btext = reader.schema[field].to_bytes(term)
        terms_reader = reader._terms
        if (field, btext) not in terms_reader:
            return [], []
        m = terms_reader.matcher(field, btext, reader.schema[field].format)
    except (AttributeError, KeyError):  # pragma: no cover - not a Whoosh 2.7 segment reader
        try:
            m = reader.postings(field, term)
        except Exception:
            return [], []
    if isinstance(m, W3LeafMatcher):
        ids: list[int] = []
        weights: list[float] = []
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
        return ids, weights
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


# --- the query tree over one snapshot --------------------------------------------------

@dataclass(frozen=True)
class _Leaf:
    """A Text node resolved for one language: which posting lists, and whether to verify order."""

    language: str
    kind: str            # "term" | "phrase" | "prefix"
    terms: tuple         # the analysed terms (for a prefix: the prefix)


class Snapshot:
    """One generation of the index as the engine sees it (see the module docstring)."""

    def __init__(self, searcher, common: dict[str, frozenset], tables: dict, cache_size: int = 32):
        self.searcher = searcher
        self.common = common
        self.leaves = []
        doc_of = array("q")
        deleted: set[int] = set()
        docs: dict[int, DocInfo] = {}
        heads: set[int] = set()
        live_tables = {}
        for reader, offset in searcher.reader().leaf_readers():
            if reader.segment() is None:  # Whoosh's EmptyReader: an index of no documents
                continue
            sid = reader.segment().segment_id()
            table = tables.get(sid)
            if table is None or len(table.doc_of) != reader.doc_count_all():
                table = _SegmentTable(reader)
            live_tables[sid] = table
            dels = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            self.leaves.append((reader, offset, table, dels))
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

    # -- caches ---------------------------------------------------------------------
    def _cached(self, key, compute):
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
        out = []
        for reader, offset, table, dels in self.leaves:
            out.extend(offset + local for local in table.paragraphs().get(number, ()) if local not in dels)
        return out

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)

    # -- BM25 --------------------------------------------------------------------------
    def _field_norms(self, field: str) -> tuple[int, list[float]]:
        """(documents having the field, length byte → BM25's length normalisation K1·(1−B+B·len/avg))."""
        cached = self._norms.get(field)
        if cached is None:
            count, total = 0, 0
            for reader, offset, table, dels in self.leaves:
                counts = table.length_counts(reader, field)
                count += sum(counts.values())
                total += sum(_BYTE_LENGTH[b] * c for b, c in counts.items())
            avg = total / count if count else 1.0
            norms = [K1 * (1 - B + B * _BYTE_LENGTH[b] / avg) for b in range(256)]
            cached = (count, norms)
            self._norms[field] = cached
        return cached

    def doc_frequency(self, field: str, term: str) -> int:
        """In how many documents (deleted ones included) ``term`` occurs; cached per snapshot."""
        key = (field, term)
        df = self._dfs.get(key)
        if df is None:
            if len(self._dfs) > 200_000:
                self._dfs.clear()
            df = self._dfs[key] = self.searcher.reader().doc_frequency(field, term)
        return df

    def field_documents(self, field: str) -> int:
        """How many documents have ``field`` (paragraphs and titles of one language)."""
        return self._field_norms(field)[0]

    def term_scores(self, field: str, term: str) -> dict[int, float]:
        """BM25 score of every live document holding ``term`` in ``field``."""
        lists = [(i, *_raw_postings(reader, field, term)) for i, (reader, _, _, _) in enumerate(self.leaves)]
        df = sum(len(ids) for _, ids, _ in lists)
        if not df:
            return {}
        n, norms = self._field_norms(field)
        idf = math.log(1 + (max(n, df) - df + 0.5) / (df + 0.5)) * (K1 + 1)
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
                prefix = _prefix_term(lang, node.text)
                if prefix:
                    out.append(_Leaf(lang, "prefix", (prefix,)))
                continue
            terms = tuple(t for t, _, _ in tokens(lang, node.text))
            if len(terms) == 1 and lang == "zh" and len(terms[0]) == 1 and is_han(terms[0]):
                # one Chinese character: the bigrams it starts (and itself, when alone)
                out.append(_Leaf(lang, "prefix", terms))
            elif terms:
                out.append(_Leaf(lang, "term" if len(terms) == 1 else "phrase", terms))
        return out

    def leaf_scores(self, leaf: _Leaf) -> dict[int, float]:
        tf_ = text_field(leaf.language)
        if leaf.kind == "term":
            return self.term_scores(tf_, leaf.terms[0])
        if leaf.kind == "prefix":
            expanded: dict[str, None] = {}
            for reader, offset, table, dels in self.leaves:
                for term in reader.expand_prefix(tf_, leaf.terms[0]):
                    expanded[term.decode("utf-8") if isinstance(term, bytes) else term] = None
                    if len(expanded) >= PREFIX_LIMIT:
                        break
            out: dict[int, float] = {}
            for term in expanded:
                for d, s in self.term_scores(tf_, term).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        return self._phrase_scores(leaf)

    def _phrase_scores(self, leaf: _Leaf) -> dict[int, float]:
        """Candidates from pair lists (common adjacent terms) and term lists, then order checked."""
        terms = leaf.terms
        common = self.common.get(leaf.language, frozenset())
        pf = pair_field(leaf.language)
        lists: list[dict[int, float]] = []
        covered = [False] * len(terms)
        for i in range(len(terms) - 1):
            if terms[i] in common and terms[i + 1] in common:
                lists.append(self.term_scores(pf, f"{terms[i]} {terms[i + 1]}"))
                covered[i] = covered[i + 1] = True
                if not lists[-1]:
                    return {}
        tf_ = text_field(leaf.language)
        for term in dict.fromkeys(t for t, c in zip(terms, covered) if not c):
            lists.append(self.term_scores(tf_, term))
            if not lists[-1]:
                return {}
        lists.sort(key=len)
        cand = lists[0]
        for other in lists[1:]:
            cand = {d: s + other[d] for d, s in cand.items() if d in other}
            if not cand:
                return {}
        if len(terms) == 2 and all(covered):
            return cand  # one pair list: exact already
        needle = (" " + " ".join(terms) + " ").encode("utf-8")
        out = {}
        for d, s in cand.items():
            reader, offset, table = self._segment_of(d)
            if needle in table.sequence(reader, d - offset):
                out[d] = s
        return out

    def _segment_of(self, d: int):
        for reader, offset, table, dels in reversed(self.leaves):
            if d >= offset:
                return reader, offset, table
        raise IndexError(d)  # pragma: no cover

    def text_scores(self, node: Text, languages) -> dict[int, float]:
        out: dict[int, float] = {}
        for leaf in self.leaves_of(node, languages):
            scores = self.leaf_scores(leaf)
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
    def evaluate(self, node, languages) -> tuple[dict[int, float], set[int]]:
        if isinstance(node, Text):
            return self.text_scores(node, languages), set()
        if isinstance(node, Filter):
            return {}, {n for n, d in self.docs.items() if d.matches(node)}
        if isinstance(node, Or):
            p: dict[int, float] = {}
            dset: set[int] = set()
            for item in node.items:
                ip, idd = self.evaluate(item, languages)
                if not p:
                    p = dict(ip)
                else:
                    for d, s in ip.items():
                        p[d] = p.get(d, 0.0) + s
                dset |= idd
            return p, dset
        if isinstance(node, And):
            pos = [i for i in node.items if not isinstance(i, Not)]
            neg = [i.item for i in node.items if isinstance(i, Not)]
            if not pos:
                p, dset = dict.fromkeys(self._all(), 0.0), set()
            else:
                p, dset = self.evaluate(pos[0], languages)
                for item in pos[1:]:
                    p, dset = self._and(p, dset, *self.evaluate(item, languages))
            for item in neg:
                np_, nd = self.evaluate(item, languages)
                if dset:  # entries matching as a whole so far: spell out their paragraphs
                    for n in dset:
                        for q in self.paragraphs_of(n):
                            p.setdefault(q, 0.0)
                    dset = set()
                doc_of = self.doc_of
                p = {q: s for q, s in p.items() if q not in np_ and (not nd or doc_of[q] not in nd)}
            return p, dset
        if isinstance(node, Not):
            np_, nd = self.evaluate(node.item, languages)
            doc_of = self.doc_of
            return {q: 0.0 for q in self._all() if q not in np_ and doc_of[q] not in nd}, set()
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

    def _all(self):
        deleted = self.deleted
        return (d for d in range(len(self.doc_of)) if d not in deleted)

    def evaluate_docs(self, node, languages) -> set[int]:
        """Entry-level reading, for queries without a positive word: NOT excludes entries."""
        if node is None:
            return set(self.docs)
        if isinstance(node, Filter):
            return {n for n, d in self.docs.items() if d.matches(node)}
        if isinstance(node, Text):
            doc_of = self.doc_of
            return {doc_of[q] for q in self.text_scores(node, languages)}
        if isinstance(node, Or):
            return set().union(*(self.evaluate_docs(i, languages) for i in node.items))
        if isinstance(node, And):
            out = None
            for item in node.items:
                s = self.evaluate_docs(item, languages)
                out = s if out is None else out & s
            return out
        if isinstance(node, Not):
            return set(self.docs) - self.evaluate_docs(node.item, languages)
        raise AssertionError(node)

    def match(self, node, languages):
        """(P, D, best): scored paragraphs, whole entries, best paragraph score per entry."""
        def compute():
            p, dset = self.evaluate(node, languages)
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
            return p, dset, best
        return self._cached(("match", node, languages), compute)


def _prefix_term(language: str, text: str) -> str:
    w = text.lower()
    if language == "ar":
        w = arabic_normalise(w)
    elif language == "ru":
        w = w.replace("ё", "е")
    else:
        w = fold(w)
    return w if w.strip() else ""


# --- highlighting ---------------------------------------------------------------------

def highlight(text: str, language: str, groups: list[tuple[str, ...]], prefixes: list[str],
              width: int = SNIPPET_CHARS) -> str:
    """The paragraph (or a window of it) HTML-escaped, each matched word or phrase in <mark>."""
    toks = tokens(language, text)
    spans: list[tuple[int, int]] = []
    terms = [t for t, _, _ in toks]
    if groups or prefixes:
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for g in groups:
            firsts.setdefault(g[0], []).append(g)
        for i, term in enumerate(terms):
            for g in firsts.get(term, ()):
                if tuple(terms[i:i + len(g)]) == g:
                    spans.append((toks[i][1], toks[i + len(g) - 1][2]))
            if prefixes and any(term.startswith(p) for p in prefixes):
                spans.append((toks[i][1], toks[i][2]))
    spans = _merge(sorted(spans), text)
    start, end = _window(text, spans, width)
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans, or spans apart only by spaces, become one."""
    out: list[list[int]] = []
    for s, e in spans:
        if out and (s <= out[-1][1] or not text[out[-1][1]:s].strip()):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _window(text: str, spans, width: int) -> tuple[int, int]:
    if len(text) <= width + width // 4:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        # the window holding the most marks, starting a little before the first of them
        best, start = -1, 0
        for i, (s, _) in enumerate(spans):
            count = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
            if count > best:
                best, start = count, s
        start = max(0, start - width // 5)
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    # cut at word boundaries
    if start > 0:
        sp = text.find(" ", start)
        if 0 <= sp < start + 30 and all(not (s <= sp < e) for s, e in spans):
            start = sp + 1
    if end < len(text):
        sp = text.rfind(" ", end - 30, end)
        if sp > start and all(not (s <= sp < e) for s, e in spans):
            end = sp
    return start, end


def highlight_terms(node, languages_of_doc: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The term sequences and prefixes to mark in a document of the given language."""
    groups, prefixes = [], []
    for t in positive_texts(node):
        if t.prefix:
            p = _prefix_term(languages_of_doc, t.text)
            if p:
                prefixes.append(p)
        else:
            seq = tuple(x for x, _, _ in tokens(languages_of_doc, t.text))
            if len(seq) == 1 and languages_of_doc == "zh" and len(seq[0]) == 1 and is_han(seq[0]):
                prefixes.append(seq[0])  # as leaves_of() searched it
            elif seq:
                groups.append(seq)
    return groups, prefixes


# --- the search ----------------------------------------------------------------------

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


def run_search(snap: Snapshot, node, query: SearchQuery, visibility: set[str] | None) -> SearchResults:
    languages = (query.language,) if query.language else LANGUAGES
    per_page = max(1, min(int(query.per_page), 100))
    page = max(1, int(query.page))
    filters = (query.body, query.session, query.language, query.sponsor, query.kind)
    vis_key = None if visibility is None else frozenset(visibility)
    positive = has_positive_text(node)

    def selected():
        if positive:
            p, dset, best = snap.match(node, languages)
            entries = best.keys()
        else:
            p, best, entries = {}, {}, snap.evaluate_docs(node, languages)
        docs = snap.docs
        keep = []
        sponsor = _norm(query.sponsor) if query.sponsor else None
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
        return p, best, keep, facets_of(keep)

    p, best, keep, facets = snap._cached(("select", node, languages, filters, vis_key), selected)
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
        found = sorted(((p[q], q) for q in snap.paragraphs_of(d.number) if q in p), key=lambda sq: (-sq[0], sq[1]))
        snippets = []
        if found:
            groups, prefixes = highlight_terms(node, d.language)
            for _, docnum in found[:SNIPPETS_PER_HIT]:
                stored = snap.stored(docnum)
                snippets.append(Snippet(stored.get("label", ""), stored.get("pid", ""),
                                        highlight(stored.get("text", ""), d.language, groups, prefixes)))
        hits.append(Hit(key=d.key, symbol=d.symbol, title=d.title, kind=d.kind, body=d.body, session=d.session,
                        language=d.language, date=d.date, score=round(float(best.get(d.number, 0.0)), 4),
                        draft_id=d.draft_id, snippets=snippets, matching_paragraphs=len(found)))
    return SearchResults(total=total, results=hits, facets=facets, page=page, pages=pages)
