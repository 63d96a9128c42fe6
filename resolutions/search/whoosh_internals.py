"""Every use of Whoosh's private names, behind small named functions (the wall).

The rest of ``search/`` uses Whoosh's public API (schemas, readers' ``leaf_readers``,
``stored_fields``, ``iter_prefix``, ``doc_frequency`` …) and, for what that API makes
slow or impossible, the functions here:

- reading: a term's postings block by block (ids and weights, no per-posting calls),
  a 64-bit column and a field's length bytes in one read each; a column or stored-fields
  file that is gone (a writer merged the segment away after we read the TOC) raises
  FileNotFoundError, where Whoosh would read defaults;
- opening: a searcher that reuses the segment readers of an older one (TOC, readers
  and searcher built by hand);
- writing: a ``SegmentWriter`` that reads length columns once per field when it flushes
  and calls a hook with the final segment list before it writes the TOC (index.py
  records its manifest there), and the steps of a parallel build (segments written by
  several processes, committed together as Whoosh's MpWriter does); documents and
  postings are written a term at a time by whoosh_bulk.py (same bytes as Whoosh).

All of it is written against whoosh-reloaded PINNED; tests/search/test_whoosh_internals.py
checks each function against Whoosh's public (slow) equivalent, so an upgrade that
changes these internals fails there first. ``library_problems()`` says when the
installed library is not the pinned one (SearchIndex.verify() reports it).
"""
from __future__ import annotations

import importlib.metadata
import sys
import time
from array import array
from pathlib import Path
from typing import Callable, NamedTuple

import whoosh
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3Codec, W3LeafMatcher, _lenfield
from whoosh.index import TOC, LockError
from whoosh.reading import MultiReader, SegmentReader, TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import MERGE_SMALL, SegmentWriter

from . import whoosh_bulk

__all__ = ["LockError", "BYTE_LENGTH", "PINNED", "library_problems", "length_byte", "create_index", "open_index",
           "read_toc", "toc_file", "segment_id", "deleted_docs", "segment_files", "open_searcher", "postings", "open_stored",
           "bytes_column", "int64_column", "length_bytes", "open_writer", "part_writer", "finish_part",
           "commit_parts", "merge_small"]

PINNED = "2.7.5"          # whoosh-reloaded; see docs/LIBRARIES.md
DISTRIBUTION = "whoosh-reloaded"
COMPRESSION = 1           # zlib level of posting blocks: 4.4x smaller (their weights are pickled floats)
                          # for about 3 % more query time, measured on sessions 77-78 (BENCHMARKS)
LIMIT_MB = 512
INLINE_LIMIT = 8          # a term of fewer postings keeps them in its term-table row (whoosh_bulk)
BYTE_LENGTH = [byte_to_length(b) for b in range(256)]   # Whoosh's length byte → length


def library_problems() -> list[str]:
    """Empty when the pinned Whoosh is the one imported; else what differs."""
    problems = []
    if whoosh.versionstring() != PINNED:
        problems.append(f"Whoosh {whoosh.versionstring()} is installed; this code is written for {PINNED}")
    try:
        version = importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        problems.append(f"the {DISTRIBUTION} distribution is not installed (another Whoosh build provides it)")
    else:
        if version != PINNED:
            problems.append(f"{DISTRIBUTION} {version} is installed; pinned {PINNED}")
    return problems


def length_byte(length: int) -> int:
    return length_to_byte(length)


# --- index, TOC, files -----------------------------------------------------------------

class Toc(NamedTuple):
    generation: int
    schema: object
    segments: list


def create_index(folder: Path, schema):
    return whoosh_index.create_in(str(folder), schema)


def open_index(folder: Path):
    return whoosh_index.open_dir(str(folder))


def read_toc(ix) -> Toc:
    """The index's latest table of contents (raises if it cannot be read)."""
    toc = ix._read_toc()
    return Toc(toc.generation, toc.schema, list(toc.segments))


def toc_file(ix, generation: int) -> str:
    return TOC._filename(ix.indexname, generation)


def segment_id(segment) -> str:
    return segment.segment_id()


def deleted_docs(reader) -> frozenset | set:
    """The deleted local document numbers of a segment reader (SegmentReader's own set,
    not part of the IndexReader API)."""
    return reader.deleted_docs_set if reader.has_deletions() else frozenset()


def segment_files(ix, segment) -> list[str]:
    """The files of one (non-compound) segment: immutable once the segment is written."""
    return sorted(segment.list_files(ix.storage))


# --- reading -------------------------------------------------------------------------

def _weighting():
    return BM25F(B=0.75, K1=1.2)  # unused by our own scoring, but a searcher needs one


def open_searcher(ix, old=None):
    """A searcher on the index's latest generation. The segment readers of ``old`` are
    reused for segments whose id *and* number of deletions are unchanged (Whoosh's own
    refresh() goes by id alone, and so keeps deleted documents alive); the others are
    closed. Saves reopening the large segments after each small update."""
    for attempt in range(10):
        try:
            toc = ix._read_toc()
            if not toc.segments:
                return ix.searcher(weighting=_weighting())
            reusable = {}
            if old is not None:
                for r, _ in old.reader().leaf_readers():
                    seg = r.segment()
                    if seg is not None:  # not an EmptyReader
                        reusable[(seg.segment_id(), seg.deleted_count())] = r
            readers = []
            for seg in toc.segments:
                r = reusable.pop((seg.segment_id(), seg.deleted_count()), None)
                readers.append(r if r is not None else
                               SegmentReader(ix.storage, toc.schema, seg, generation=toc.generation))
            for r in reusable.values():
                r.close()
            return Searcher(MultiReader(readers, generation=toc.generation), weighting=_weighting(), fromindex=ix)
        except OSError:  # a writer removed a file we were about to open: read the TOC again
            if attempt == 9:
                raise
            time.sleep(0.05)


def postings(reader, field: str, term: str) -> tuple[list[int], list[float]]:
    """(local ids, weights) of a term's postings in one segment reader, deletions
    included, read block by block (Whoosh's matchers make several calls a posting)."""
    btext = reader.schema[field].to_bytes(term)
    terms = reader._terms
    try:
        info = terms.term_info(field, btext)   # one look-up in the term table, used for both paths
    except TermNotFound:
        return [], []
    if info.is_inlined():  # a short list kept in the term table (whoosh_bulk)
        ids, weights, _ = info.inlined_postings()
        return list(ids), list(weights)
    m = terms._codec.postings_reader(terms._postfile, info, reader.schema[field].format, term=(field, btext))
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(m, W3LeafMatcher):
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
    while m.is_active():  # postings inlined in the term info: Whoosh's ListMatcher
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def _column(reader, name: str):
    # Whoosh answers a missing column file with a column of defaults; here a missing file
    # means a writer merged the segment away after we read the TOC: the caller reopens
    # (asked of the per-document reader itself: SegmentReader.column_reader checks for the
    # file a second time and, should it vanish in between, answers a default column)
    perdoc = reader._perdoc
    if not perdoc.has_column(name):
        raise FileNotFoundError(f"the {name} column of segment {reader.segment().segment_id()} is gone")
    return perdoc.column_reader(name, reader.schema[name].column_type)  # FileNotFoundError if gone now


def open_stored(reader) -> None:
    """Open a segment reader's stored-fields file now (Whoosh opens it at the first
    stored_fields() call, and answers a missing file with a TypeError)."""
    if reader._perdoc._cached_reader("_stored", STORED_COLUMN) is None:
        raise FileNotFoundError(f"the stored fields of segment {reader.segment().segment_id()} are gone")


def bytes_column(reader, name: str):
    """A bytes column of a segment reader (indexable by local document number)."""
    return _column(reader, name)


def int64_column(reader, name: str, n: int) -> array:
    """A NumericColumn("q") of a segment reader as one array of ``n`` values."""
    creader = _column(reader, name)
    out = array("q")
    out.frombytes(creader._dbfile.get(creader._basepos, creader._count * 8))  # big-endian int64s
    if sys.byteorder == "little":
        out.byteswap()
    if len(out) < n:
        out.extend([0] * (n - len(out)))
    return out


def length_bytes(reader, field: str, n: int) -> bytes:
    """Whoosh's length byte of ``field`` for each of ``n`` documents (0: no such field)."""
    out = _perdoc_length_bytes(reader._perdoc, field, n)
    if not any(out) and reader.field_length(field):  # the segment has the field: its file went away
        raise FileNotFoundError(f"the lengths of {field} in segment {reader.segment().segment_id()} are gone")
    return out


def _perdoc_length_bytes(perdoc, field: str, n: int) -> bytes:
    if not perdoc.has_column(_lenfield(field)):
        return bytes(n)
    creader = perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN)
    raw = bytes(creader._dbfile.get(creader._basepos, creader._count))
    return raw + bytes(n - len(raw)) if len(raw) < n else raw


# --- writing -------------------------------------------------------------------------

class _Writer(SegmentWriter):
    """Whoosh's SegmentWriter, except that (1) writing the postings out reads each field's
    length column once instead of once per posting (a fifth of the build time), and (2)
    ``before_toc(segments)`` runs once the final segments are written, before the new TOC
    makes them visible to readers."""

    before_toc: Callable | None = None
    _fast: dict | None = None
    _lists: "whoosh_bulk.TermLists | None" = None

    def add_document(self, **fields):
        if self._fast is None:
            self._fast = whoosh_bulk.fast_fields(self.schema) or {}
        if not self._fast or any(name.startswith("_") for name in fields):  # boosts: Whoosh's path
            return super().add_document(**fields)
        if self._lists is None:
            self._lists = whoosh_bulk.TermLists()
        whoosh_bulk.add_document(self, self._fast, self._lists, fields)

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr, self.docnum) if pdr is not None else None
        whoosh_bulk.write_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_postings(), self._lists,
                                   BYTE_LENGTH)
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()

    def _commit_toc(self, segments):
        if self.before_toc is not None:
            self.before_toc(list(segments))
        super()._commit_toc(segments)


class _Lengths:
    def __init__(self, perdoc, doccount: int):
        self._perdoc = perdoc
        self._doccount = doccount
        self._fields: dict[str, bytes] = {}

    def field_bytes(self, fieldname: str) -> bytes:
        lens = self._fields.get(fieldname)
        if lens is None:
            lens = self._fields[fieldname] = _perdoc_length_bytes(self._perdoc, fieldname, self._doccount)
        return lens


def _codec():
    return W3Codec(compression=COMPRESSION, inlinelimit=INLINE_LIMIT)


def open_writer(ix, timeout: float, before_toc: Callable | None = None):
    """The index's writer, waiting up to ``timeout`` for Whoosh's lock (LockError after).
    Segments are plain files, not Whoosh's compound file: Whoosh opens a part of a compound
    file by copying it into memory, so every reader held a private copy of the index."""
    writer = _Writer(ix, timeout=timeout, delay=0.05, limitmb=LIMIT_MB, codec=_codec(), compound=False)
    writer.before_toc = before_toc
    return writer


def part_writer(ix):
    """A writer for one segment of a parallel build, in a child process: it takes no lock
    (the parent's writer holds it) and is never committed, only finished (finish_part)."""
    return _Writer(ix, _lk=False, limitmb=LIMIT_MB, codec=_codec(), compound=False)


def finish_part(writer):
    """Write the writer's documents out as a finished, uncommitted segment (picklable).
    Never cancel() or commit a part writer: its _finish() would delete the temporary
    folder the parent's writer shares."""
    return writer._finalize_segment()


def commit_parts(writer, segments: list) -> None:
    """Commit segments finished by finish_part() (the parent's own among them) as the
    index's new TOC, then release the writer: what MpWriter does with multisegment=True."""
    writer._commit_toc(segments)
    writer._finish()


def merge_small(writer, segments: list) -> list:
    """The merge policy of updates: segments whose documents are all deleted (a draft
    saved again replaces all of its paragraphs) are dropped from the TOC without being
    read, then Whoosh's MERGE_SMALL runs on the rest. Whoosh would re-read such segments
    term by term when it merges them: with a draft saved 16 times, about a second."""
    return MERGE_SMALL(writer, [s for s in segments if s.doc_count() > 0])
