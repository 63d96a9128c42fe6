"""Whoosh's document and posting writing, done in bulk (part of the wall of whoosh_internals).

Profiled on a rebuild of a sixth of the corpus, two thirds of the time went to Whoosh's
per-posting Python calls: for every (term, document) the analyzer's Token, the format's
``word_values``, ``PostingPool.add`` with its size arithmetic, then at flush
``FieldWriter.add_postings`` → ``add`` → ``W3PostingsWriter.add_posting`` with its type
asserts. Here the same bytes are written with one call per *term*:

- ``add_document``: a field whose analyzer has ``prepared(value)`` (the terms already
  computed, schema.PreparedAnalyzer) is counted with one ``Counter``; its pool items are
  added in one ``extend``; other fields go through Whoosh's own ``field.index``;
- ``write_postings``: the sorted pool grouped by (field, term); each term's postings
  are cut into blocks and each block handed to ``W3PostingsWriter._write_block`` whole.

The files are byte for byte those Whoosh writes (tests/search/test_whoosh_internals.py
compares them); a schema with vectors or spelling, or boosts, takes Whoosh's path.
"""
from __future__ import annotations

import zlib
from array import array
from collections import Counter
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.formats import Frequency
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

_UINT: dict[int, bytes] = {}
_TERM_KEY = itemgetter(0, 1)


def _uint(n: int) -> bytes:
    b = _UINT.get(n)
    if b is None:
        b = _UINT[n] = pack_uint(n)
    return b


def fast_fields(schema) -> dict | None:
    """{field name: prepared(value) function} for the fields this module may count itself,
    or None when the schema needs Whoosh's general path (vectors, spelling words)."""
    fast = {}
    for name, field in schema.items():
        if field.vector or field.separate_spelling():
            return None
        prepared = getattr(field.analyzer, "prepared", None) if field.indexed else None
        if (prepared is not None and type(field.format) is Frequency and field.format.field_boost == 1.0
                and field.scorable and not field.stored and not field.column_type):
            fast[name] = prepared
    return fast


def add_document(writer, fast: dict, fields: dict) -> None:
    """SegmentWriter.add_document for a document without boosts (see the module text)."""
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
                if prepared is not None:
                    counts = Counter(prepared(value))
                    length = sum(counts.values())
                    for term, freq in counts.items():
                        tbytes = term.encode("utf-8")
                        items.append((name, tbytes, docnum, float(freq), _uint(freq)))
                        size += 2 * len(tbytes)
                    size += len(counts) * (150 + len(name)) + sum(len(_uint(f)) for f in counts.values())
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


def write_postings(fieldwriter, schema, lengths, items, byte_length: list[int]) -> None:
    """FieldWriter.add_postings over ``items``, sorted (field, term, docnum, weight, value)
    tuples, one term at a time. ``lengths``: an object with ``field_bytes(field)``, the
    length byte of each document (None: no lengths kept)."""
    current = None
    lens = b""
    for (name, btext), group in groupby(items, _TERM_KEY):
        postings = [p for p in group if p[2] != -1]   # -1: spelling words, never written
        if not postings:
            continue
        if name != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(name, schema[name])
            current = name
            lens = lengths.field_bytes(name) if lengths is not None else b""
        pw = fieldwriter._postwriter
        if len(postings) <= pw._blocklimit:
            _write_single_block(fieldwriter, pw, btext, postings, lens, byte_length)
            continue
        fieldwriter.start_term(btext)
        _add_term(pw, postings, lens, byte_length)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _add_term(pw, postings: list, lens: bytes, byte_length: list[int]) -> None:
    """What W3PostingsWriter.add_posting does for each of ``postings``, a block at a time."""
    limit = pw._blocklimit
    n_lens = len(lens)
    for start in range(0, len(postings), limit):
        if start:
            pw._write_block()
        block = postings[start:start + limit]
        ids = [p[2] for p in block]
        weights = [p[3] for p in block]
        pw._ids = array("I", ids)
        pw._weights = array("f", weights)
        pw._values = [p[4] for p in block if p[4]]
        found = [byte_length[lens[d]] for d in ids if d < n_lens and lens[d]]
        pw._minlength = min(found) if found else None
        pw._maxlength = max(found) if found else 0
        pw._maxweight = max(0, max(weights))


def _write_single_block(fieldwriter, pw, btext: bytes, postings: list, lens: bytes, byte_length: list[int]) -> None:
    """start_term + add_posting × n + finish_term of a term whose postings fit one block
    (nearly every term of an update's small segment), fused: the same block, term info
    and term-table row, without Whoosh's per-term buffer resets, asserts and wrappers,
    which were half the time of an update. Whoosh's inline limit (1) never inlines a
    term with postings, so the block is always written."""
    ids = array("I", [p[2] for p in postings])
    weights = array("f", [p[3] for p in postings])
    n_lens = len(lens)
    found = [byte_length[lens[d]] for d in ids if d < n_lens and lens[d]]
    minlength = min(found) if found else None
    maxlength = max(found) if found else 0
    maxweight = max(0, max(p[3] for p in postings))
    fixed = fieldwriter._format.fixed_value_size()
    values = [p[4] for p in postings if p[4]]
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
    infobytes = dumps((len(ids), ids[-1], maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)), 2)
    out = pw._postfile
    start = out.tell()
    out.write(WHOOSH3_HEADER_MAGIC + pack_int(-(len(infobytes) + len(databytes))) + infobytes + databytes)
    info = W3TermInfo(weight=sum(weights), df=len(ids), minlength=minlength, maxlength=max(0, maxlength),
                      maxweight=maxweight, minid=ids[0], maxid=ids[-1])
    info.set_extent(start, out.tell() - start)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info.to_bytes())
