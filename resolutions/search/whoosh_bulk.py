"""Whoosh's document and posting writing, done in bulk (part of the wall of whoosh_internals).

Profiled on a rebuild of a sixth of the corpus, two thirds of the time went to Whoosh's
per-posting Python calls: for every (term, document) the analyzer's Token, the format's
``word_values``, ``PostingPool.add`` with its size arithmetic, then at flush
``FieldWriter.add_postings`` → ``add`` → ``W3PostingsWriter.add_posting`` with its type
asserts. Here the same bytes are written with one call per *term*:

- ``add_document``: a field whose analyzer has ``prepared(value)`` (the terms already
  computed, schema.PreparedAnalyzer) is counted with one ``Counter`` into ``TermLists``,
  two arrays a term instead of Whoosh's pool of a tuple a posting; other fields go
  through Whoosh's own ``field.index`` into its pool (as do the segments a commit merges);
- ``write_postings``: the terms of both, in order. A term that fits one
  block (nearly all) is encoded here, its block and its term-table row buffered so that
  the postings file and the term table each get one write (``_Buffers``); a term with
  fewer postings than the codec's inline limit keeps them in its row, with no block (most
  terms of an update's one-draft segment). A longer term's postings are cut into blocks,
  each handed to ``W3PostingsWriter._write_block`` whole.

The files are byte for byte those Whoosh writes, but for the inlined rows, whose pickles
are shorter (tests/search/test_whoosh_internals.py compares them); a schema with vectors
or spelling, or boosts, takes Whoosh's path.
"""
from __future__ import annotations

import heapq
import struct
import zlib
from array import array
from collections import Counter
from itertools import groupby
from operator import itemgetter
from typing import Iterator

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.analysis.tokenizers import IDTokenizer
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

_LENGTH_BYTE: dict[int | None, int] = {}
_TERM_KEY = itemgetter(0, 1)
_KEY = itemgetter(0)
_F32 = struct.Struct("f")
_INFO = W3TermInfo._struct   # the term info row's head: flags, weight, df, lengths, max weight, ids


def _length_byte(length: int | None) -> int:
    b = _LENGTH_BYTE.get(length)
    if b is None:
        b = _LENGTH_BYTE[length] = length_to_byte(length)
    return b


class _Uints(dict):
    """pack_uint(n) by n, made once: a frequency's posting value."""

    def __missing__(self, n: int) -> bytes:
        b = self[n] = pack_uint(n)
        return b


_UINT = _Uints()


def fast_fields(schema) -> dict | None:
    """{field name: prepared(value) function} for the fields this module may count itself,
    or None when the schema needs Whoosh's general path (vectors, spelling words). An ID
    field (its whole value one term, postings without frequencies) maps to WHOLE."""
    fast = {}
    for name, field in schema.items():
        if field.vector or field.separate_spelling():
            return None
        if not field.indexed or field.stored or field.column_type or field.format.field_boost != 1.0:
            continue
        prepared = getattr(field.analyzer, "prepared", None)
        if prepared is not None and type(field.format) is Frequency and field.scorable:
            fast[name] = prepared
        elif type(field.format) is Existence and type(field.analyzer) is IDTokenizer and not field.scorable:
            fast[name] = WHOLE
    return fast


def WHOLE(value: str) -> list[str]:
    """An ID field's analysis (IDTokenizer): the value itself."""
    return [value]


def add_document(writer, fast: dict, lists: "TermLists", fields: dict) -> None:
    """SegmentWriter.add_document for a document without boosts (see the module text):
    the postings of ``fast`` fields go to ``lists``, the others to Whoosh's pool."""
    writer._check_state()
    perdoc = writer.perdocwriter
    schema = writer.schema
    docnum = writer.docnum
    pool = writer.pool
    names = sorted(fields)
    writer._check_fields(schema, names)
    items = []
    size = 0
    perdoc.start_doc(docnum)
    try:
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                prepared = fast.get(name)
                if prepared is WHOLE:
                    lists.add_one(name, value, docnum)
                elif prepared is not None:
                    words = prepared(value)
                    length = len(words)
                    lists.add(name, Counter(words), docnum)
                else:
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        items.append((name, tbytes, docnum, weight, vbytes))
                        size += 150 + len(name) + 2 * len(tbytes) + len(vbytes or b"")
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    if items:
        pool.fieldnames.update(item[0] for item in items)
        pool.current.extend(items)
        pool.currentsize += size   # PostingPool's own estimate of the items' memory
        if pool.currentsize > pool.limit:
            pool.save()
    writer._added = True
    writer.docnum += 1


class TermLists:
    """The postings of a writer's fast fields: field → term → the documents and the
    frequencies, two arrays, 8 bytes a posting. Whoosh's pool keeps a tuple a posting
    (about 180 bytes) and, past the writer's memory limit, pickles them to disk one by one
    and merges them back: a third of a whole-corpus rebuild went to that."""

    def __init__(self):
        self.fields: dict[str, dict[str, tuple[array, array]]] = {}
        self.valueless: set[str] = set()   # ID fields: their postings carry no frequency

    def add_one(self, name: str, term: str, docnum: int) -> None:
        """The posting of an ID field's term (no frequency: its second array stays empty)."""
        self.valueless.add(name)
        lists = self.fields.setdefault(name, {})
        entry = lists.get(term)
        if entry is None:
            entry = lists[term] = (array("I"), array("I"))
        entry[0].append(docnum)

    def add(self, name: str, counts: Counter, docnum: int) -> None:
        lists = self.fields.setdefault(name, {})
        get = lists.get
        for term, freq in counts.items():
            entry = get(term)
            if entry is None:
                entry = lists[term] = (array("I"), array("I"))
            entry[0].append(docnum)
            entry[1].append(freq)

    def terms(self) -> Iterator[tuple[tuple[str, bytes], list, list, list]]:
        """((field, term bytes), ids, weights, values) in the order Whoosh writes terms
        (code point order of the text is the UTF-8 byte order)."""
        for name in sorted(self.fields):
            lists = self.fields[name]
            valueless = name in self.valueless
            for term in sorted(lists):
                ids, freqs = lists[term]
                if valueless:
                    yield (name, term.encode("utf-8")), list(ids), [1.0] * len(ids), []
                else:
                    yield (name, term.encode("utf-8")), list(ids), list(map(float, freqs)), [_UINT[f] for f in freqs]


def _pool_terms(items) -> Iterator[tuple[tuple[str, bytes], list, list, list]]:
    """Whoosh's sorted pool items (field, term, docnum, weight, value) in the shape of
    TermLists.terms; spelling words (docnum -1) are never written."""
    for key, group in groupby(items, _TERM_KEY):
        postings = [p for p in group if p[2] != -1]
        if postings:
            yield key, [p[2] for p in postings], [p[3] for p in postings], [p[4] for p in postings if p[4]]


def _merged(a: Iterator, b: Iterator) -> Iterator[tuple[tuple[str, bytes], list, list, list]]:
    """Two streams of terms in key order as one. A term in both (a fast field's term in
    the writer's own documents and in a segment it merges in) gets both's postings in
    document order; either all of them carry a value (a frequency) or none does (an ID
    field)."""
    for key, group in groupby(heapq.merge(a, b, key=_KEY), _KEY):
        first, second = next(group), next(group, None)
        if second is None:
            yield first
            continue
        ids, weights, values = first[1] + second[1], first[2] + second[2], first[3] + second[3]
        if values and len(values) != len(ids):
            raise ValueError(f"postings of {key!r} with and without values cannot be merged")
        rows = sorted(zip(ids, weights, values or [b""] * len(ids)))
        yield key, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows] if values else []


def write_postings(fieldwriter, schema, lengths, items, lists: TermLists | None, byte_length: list[int]) -> None:
    """FieldWriter.add_postings over ``items``, sorted (field, term, docnum, weight, value)
    tuples, and the terms of ``lists``, one term at a time. ``lengths``: an object with
    ``field_bytes(field)``, the length byte of each document (None: no lengths kept)."""
    out = _Buffers(fieldwriter)
    current = None
    lens = b""
    fixed = None
    terms = _pool_terms(items) if lists is None else _merged(lists.terms(), _pool_terms(items))
    for (name, btext), ids, weights, values in terms:
        if name != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(name, schema[name])
            current = name
            lens = lengths.field_bytes(name) if lengths is not None else b""
            fixed = fieldwriter._format.fixed_value_size()
            prefix = pack_ushort(fieldwriter._fieldid)
        pw = fieldwriter._postwriter
        if len(ids) <= pw._blocklimit:
            _write_single_block(out, pw, prefix + btext, ids, weights, values, lens, byte_length, fixed)
            continue
        out.flush()   # Whoosh's own writer appends this term's blocks and row to the files
        fieldwriter.start_term(btext)
        _add_term(pw, ids, weights, values, lens, byte_length)
        fieldwriter.finish_term()
        out.flush()   # buffering starts again where Whoosh left the files
    out.flush()
    if current is not None:
        fieldwriter.finish_field()


class _Buffers:
    """The postings file and the term table's file, written in one call each: a row's
    position is the file's position when buffering began plus what is buffered before it.
    The term table's own bookkeeping (OrderedHashWriter: sorted keys, position index, hash
    buckets) is kept as its ``add`` keeps it."""

    def __init__(self, fieldwriter):
        self.postfile = fieldwriter._postfile
        self.table = fieldwriter._tindex
        self.post = bytearray()
        self.terms = bytearray()
        self.post_base = self.postfile.tell()
        self.term_base = self.table.dbfile.tell()

    def add_term(self, key: bytes, value: bytes) -> None:
        table = self.table
        if key <= table.lastkey:
            raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
        pos = self.term_base + len(self.terms)
        table.index.append(pos)
        self.terms += _LENGTHS.pack(len(key), len(value))
        self.terms += key
        self.terms += value
        h = table.hashfn(key)
        table.buckets[h & 255].append((h, pos))
        table.lastkey = key

    def flush(self) -> None:
        if self.post:
            self.postfile.write(bytes(self.post))
            self.post.clear()
        if self.terms:
            self.table.dbfile.write(bytes(self.terms))
            self.terms.clear()
        self.post_base = self.postfile.tell()
        self.term_base = self.table.dbfile.tell()


def _add_term(pw, ids: list, weights: list, values: list, lens: bytes, byte_length: list[int]) -> None:
    """What W3PostingsWriter.add_posting does for each posting, a block at a time
    (``values``: one a posting, or none at all)."""
    limit = pw._blocklimit
    n_lens = len(lens)
    for start in range(0, len(ids), limit):
        if start:
            pw._write_block()
        block = ids[start:start + limit]
        pw._ids = array("I", block)
        pw._weights = array("f", weights[start:start + limit])
        pw._values = values[start:start + limit]
        found = [byte_length[lens[d]] for d in block if d < n_lens and lens[d]]
        pw._minlength = min(found) if found else None
        pw._maxlength = max(found) if found else 0
        pw._maxweight = max(0, max(weights[start:start + limit]))


def _write_single_block(out: _Buffers, pw, key: bytes, ids: list, weights: list, values: list, lens: bytes,
                        byte_length: list[int], fixed: int | None) -> None:
    """start_term + add_posting × n + finish_term of a term whose postings fit one block
    (nearly every term of an update's small segment), fused: the same bytes (the term's
    info row, and its block unless the term is inlined), without Whoosh's per-term buffer
    resets, asserts, wrappers and small writes, which were most of the time of an update.

    A term with fewer postings than the codec's inline limit, each with a value (its
    frequency), keeps them in its info row, as Whoosh's finish_postings means to (its call
    there, ``set_inline``, misnames ``W3TermInfo.set_inlined``, so Whoosh's own writer
    fails on such a term); ID fields, whose postings carry no value, are never inlined:
    Whoosh's ListMatcher gives their value back as the text "", which its merge rejects."""
    if len(ids) == 1 and pw._inlinelimit > 1 and values:  # half the terms of an update
        d, weight = ids[0], weights[0]
        length = byte_length[lens[d]] if d < len(lens) and lens[d] else None
        w32 = _F32.unpack(_F32.pack(weight))[0]   # as array("f") holds it
        out.add_term(key, _INFO.pack(1, w32, 1, _length_byte(length) if length is not None else 0,
                                     _length_byte(length or 0), max(0, weight), d, d)
                     + dumps(((d,), (w32,), (values[0],)), 2))
        return
    maxweight = max(0, max(weights))
    weights = array("f", weights)
    n_lens = len(lens)
    found = [byte_length[lens[d]] for d in ids if d < n_lens and lens[d]]
    minlength = min(found) if found else None
    maxlength = max(found) if found else 0
    low, high = _length_byte(minlength), _length_byte(maxlength)
    head = (sum(weights), len(ids), 0 if minlength is None else low, high, maxweight, ids[0], ids[-1])
    if len(ids) < pw._inlinelimit and len(values) == len(ids):  # (Whoosh reads an inlined empty value as "")
        out.add_term(key, _INFO.pack(1, *head) + dumps((tuple(ids), tuple(weights), tuple(values)), 2))
        return
    if fixed is None or fixed < 0:
        mini_values = tuple(values)
    elif fixed == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    if all(w == 1.0 for w in weights):
        mini_weights = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    comp = pw._compression
    databytes = dumps((tuple(delta_encode(ids)), mini_weights, mini_values), 2)
    if comp:
        databytes = zlib.compress(databytes, comp)
    infobytes = dumps((len(ids), ids[-1], maxweight, comp, low, high), 2)
    block = WHOOSH3_HEADER_MAGIC + pack_int(-(len(infobytes) + len(databytes))) + infobytes + databytes
    start = out.post_base + len(out.post)
    out.post += block
    out.add_term(key, _INFO.pack(0, *head) + pack_long(start) + pack_int(len(block)))
