"""What one segment says once and for all, read into plain Python: entries, lengths, and
what must not count in the statistics.

A ``SegmentTable`` lives as long as its segment (segments are immutable; only their
deletions grow) and is shared by the snapshots that include it:

- ``doc_of``: local document number → entry number (the ``doc`` column, one array);
- ``heads``: local number of each head document → ``DocInfo`` (the entry's facts);
- ``owner``: local number → local number of its entry's head (an entry's documents are
  written together, head first, and merges keep their order, so they stay contiguous);
- field lengths as Whoosh's length bytes, one ``bytes`` per field;
- ``excluded(dels, common)``: the statistics of the documents that must not count
  (deleted ones, and every document of an entry that is not public): in how many of
  them each (field, term) occurs, and how many have each length byte per field. Terms
  come from the ``seq`` column, pairs from adjacent terms both in the language's common
  set: exactly what the index holds for them. Public statistics are then Whoosh's own
  counts minus these, without reading any posting list.
"""
from __future__ import annotations

import datetime
from collections import Counter

from . import whoosh_internals as wi
from .analysis import LANGUAGES, fold
from .model import EVERYONE
from .query import Filter
from .schema import HEAD, pair_field, text_field


def norm(value: str) -> str:
    return " ".join(fold(value).lower().split())


class DocInfo:
    """The facts of one entry, as stored in its head document."""

    __slots__ = ("number", "key", "kind", "symbol", "draft_id", "body", "session", "language", "title",
                 "date", "sponsors", "subjects", "agenda", "visible_to", "public", "symbol_n", "sponsors_n",
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
        self.public = EVERYONE in self.visible_to
        self.symbol_n = " ".join(self.symbol.upper().split())
        self.sponsors_n = frozenset(norm(s) for s in self.sponsors)
        self.subjects_n = tuple(f" {norm(s)} " for s in self.subjects)
        self.agenda_n = f" {norm(self.agenda)} "
        # newest first; undated last; then by symbol, language and key: a total order that
        # no merge or document number changes
        self.order = (-(self.date.toordinal() if self.date else 0), self.symbol_n, self.language, self.key)

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


class Excluded:
    """Statistics of a set of documents that must not count (see the module docstring)."""

    __slots__ = ("docs", "terms", "lengths")

    def __init__(self):
        self.docs: frozenset[int] = frozenset()
        self.terms: dict[str, Counter] = {}          # field → term → documents
        self.lengths: dict[str, Counter] = {}        # field → length byte → documents

    def count(self, field: str, term: str) -> int:
        counter = self.terms.get(field)
        return counter.get(term, 0) if counter else 0

    def extended(self, table: "SegmentTable", reader, docs: frozenset, common: dict) -> "Excluded":
        out = Excluded()
        out.docs = docs
        out.terms = {f: Counter(c) for f, c in self.terms.items()}
        out.lengths = {f: Counter(c) for f, c in self.lengths.items()}
        owner, heads = table.owner(), table.heads
        for local in sorted(docs - self.docs):
            lang = heads[owner[local]].language
            words = table.sequence(reader, local).decode("utf-8").split()
            tf, pf = text_field(lang), pair_field(lang)
            out.terms.setdefault(tf, Counter()).update(set(words))
            chosen = common.get(lang)
            if chosen:
                out.terms.setdefault(pf, Counter()).update(
                    {f"{a} {b}" for a, b in zip(words, words[1:]) if a in chosen and b in chosen})
            for field in (tf, pf):
                b = table.lengths(reader, field)[local]
                if b:
                    out.lengths.setdefault(field, Counter())[b] += 1
        return out


class SegmentTable:
    """The tables of one segment (see the module docstring)."""

    def __init__(self, reader):
        n = reader.doc_count_all()
        wi.open_stored(reader)
        self.doc_of = wi.int64_column(reader, "doc", n)
        self.heads: dict[int, DocInfo] = {}
        for local in wi.postings(reader, "unit", HEAD)[0]:
            self.heads[local] = DocInfo(self.doc_of[local], reader.stored_fields(local)["meta"])
        self._owner: list[int] | None = None
        self._private: frozenset[int] | None = None
        self._paras: dict[int, list[int]] | None = None
        self._lens: dict[str, bytes] = {}
        self._counts: dict[str, Counter] = {}
        self._seq = None
        self._excluded = Excluded()
        self._visible_terms: tuple | None = None
        self._dfs: dict[tuple[str, str], int] = {}

    def doc_frequency(self, reader, field: str, term: str) -> int:
        """Whoosh's document frequency of ``term`` in this segment (deleted documents
        counted): the terms never change, so it is kept across generations."""
        key = (field, term)
        n = self._dfs.get(key)
        if n is None:
            if len(self._dfs) > 200_000:
                self._dfs.clear()
            n = self._dfs[key] = reader.doc_frequency(field, term)
        return n

    def owner(self) -> list[int]:
        """local number → local number of its entry's head."""
        if self._owner is None:
            out, head = [], 0
            heads = self.heads
            for local in range(len(self.doc_of)):
                if local in heads:
                    head = local
                out.append(head)
            self._owner = out
        return self._owner

    def private(self) -> frozenset[int]:
        """Local numbers of the documents of entries that are not public."""
        if self._private is None:
            heads = self.heads
            if all(info.public for info in heads.values()):
                self._private = frozenset()
            else:
                self._private = frozenset(local for local, head in enumerate(self.owner()) if not heads[head].public)
        return self._private

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
            lens = self._lens[field] = wi.length_bytes(reader, field, len(self.doc_of))
        return lens

    def length_counts(self, reader, field: str) -> Counter:
        """How many documents (all of them) have each length byte in ``field`` (0 excluded)."""
        counts = self._counts.get(field)
        if counts is None:
            counts = self._counts[field] = Counter(self.lengths(reader, field))
            counts.pop(0, None)
        return counts

    def bind(self, reader) -> None:
        """Open what is read through ``reader``'s files now, while the snapshot opens (a
        writer may delete the files of a merged segment at any time after its TOC; open
        files stay readable). A table outlives its readers: a new deletion reopens the
        segment, and the ``seq`` column is then reopened through the new reader."""
        if self._seq is None or self._seq[0] is not reader:
            wi.open_stored(reader)
            self._seq = (reader, wi.bytes_column(reader, "seq"))
        for lang in LANGUAGES:
            self.lengths(reader, text_field(lang))
            self.lengths(reader, pair_field(lang))

    def sequence(self, reader, local: int) -> bytes:
        if self._seq is None or self._seq[0] is not reader:
            self.bind(reader)
        return self._seq[1][local]

    def excluded(self, reader, dels: frozenset, common: dict) -> Excluded:
        """Statistics of the documents that must not count: ``dels`` and private ones.
        Deletions only grow, so the previous result is extended (a copy: snapshots in use
        keep theirs)."""
        docs = self.private() | dels
        cached = self._excluded
        if cached.docs != docs:
            base = cached if cached.docs <= docs else Excluded()
            self._excluded = cached = base.extended(self, reader, docs, common)
        return cached

    def visible_terms(self, reader, dels: frozenset) -> dict[str, dict[str, set[str]]]:
        """For the live documents of entries that are not public: audience token → text
        field → terms. Prefix searches expand over these for the callers who may see them."""
        if self._visible_terms is None or self._visible_terms[0] != dels:
            out: dict[str, dict[str, set[str]]] = {}
            owner, heads = self.owner(), self.heads
            for local in sorted(self.private() - dels):
                info = heads[owner[local]]
                words = self.sequence(reader, local).decode("utf-8").split()
                for token in info.visible_to:
                    out.setdefault(token, {}).setdefault(text_field(info.language), set()).update(words)
            self._visible_terms = (dels, out)
        return self._visible_terms[1]
