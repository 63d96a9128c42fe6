"""The search index on disk: rebuilt into a new folder and swapped in, updated in place.

Layout of ``folder``::

    CURRENT                 the name of the live index folder (replaced atomically)
    index-000042-1a2b3c/    a Whoosh index, plus
        search.json         schema version and the common terms of each language
        state.json          the generation of the data it holds (replaced atomically)
    write.lock              held (fcntl) by whoever writes: update(), a rebuild's swap
    rebuild.lock            held by a rebuild from start to end
    rebuild.journal         updates made while a rebuild runs, replayed into the new index

Safety, in the terms of LIBRARIES.md:
- a rebuild writes a fresh folder; only when it is complete does CURRENT change
  (``os.replace``), so a crash or an exception at any point leaves the previous index
  in use; leftovers of a crashed rebuild are removed by the next one;
- updates wait for the write lock (``write_timeout``) instead of failing at once, and
  Whoosh's own writer lock is taken with a timeout and a delay as well; nothing uses
  AsyncWriter;
- updates that land while a rebuild is running go to the old index *and* to a journal
  that the rebuild replays before its swap, so none is lost;
- readers keep one searcher per ``SearchIndex`` (one per process), check CURRENT and
  the index generation before each search, and reopen only when they changed, reusing
  the readers of unchanged segments (Whoosh's ``searcher.refresh()`` would keep stale
  deletions: see _open_searcher);
- segments are written as plain files, not Whoosh's compound file (see COMPRESSION).

A rebuild reads the entries once (spooling them, with their terms, to a temporary file
and counting term frequencies to choose the common terms), then indexes them, in two
processes when there are enough (see _build).
"""
from __future__ import annotations

import collections
import errno
import fcntl
import json
import os
import pickle
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import LockError
from whoosh.reading import MultiReader, SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from .analysis import LANGUAGES
from .engine import _BYTE_LENGTH, Snapshot, field_lengths as _field_lengths, run_search
from .model import (KINDS, ORDERS, IndexBusy, IndexEntry, IndexState, IndexUnavailable, Precedent, QueryError,
                    SearchQuery, SearchResults)
from .precedents import find_precedents
from .query import parse
from .schema import SCHEMA_VERSION, check_entry, entry_documents, entry_terms, make_schema

CURRENT = "CURRENT"
STATE = "state.json"
META = "search.json"
JOURNAL = "rebuild.journal"

# A term is "common" in a language when it occurs in at least this share of the
# language's paragraphs; phrases made only of common terms use the pair fields.
COMMON_SHARE = 0.05
COMMON_MIN_DF = 5
COMPRESSION = 0   # posting blocks uncompressed: reading them is what searches do
# Segments as separate files, not Whoosh's default compound file: Whoosh opens a part of
# a compound file by copying it from the mmap into a BytesIO, so every reader held a
# private copy of the whole index (~250 MB a process here) and opening one took 100 ms+.
LIMIT_MB = 512
PARALLEL_MIN = 200   # entries: below this a rebuild stays in one process


class SearchIndex:
    """The product's search engine. One instance per process; safe across threads."""

    def __init__(self, folder: Path, *, write_timeout: float = 30.0, rebuild_timeout: float = 3600.0,
                 cache_size: int = 16, procs: int | None = None):
        self.folder = Path(folder)
        self.procs = procs if procs is not None else min(2, os.cpu_count() or 1)
        self.write_timeout = write_timeout
        self.rebuild_timeout = rebuild_timeout
        self.cache_size = cache_size
        self._lock = threading.RLock()
        self._name: str | None = None
        self._ix = None
        self._snap: Snapshot | None = None
        self._tables: dict = {}
        self._common: dict[str, frozenset] = {}

    # ----------------------------------------------------------------- reading ----
    def search(self, query: SearchQuery, visibility: set[str] | None) -> SearchResults:
        """Matching entries the caller may see (``visibility`` None: everything)."""
        node = parse(query.text)
        _check(query)
        with self._lock:
            snap = self._snapshot(required=True)
            return run_search(snap, node, query, visibility)

    def precedents(self, text: str, language: str = "en", limit: int = 10,
                   exclude_key: str | None = None) -> list[Precedent]:
        """Closest paragraphs of past resolutions (not drafts) to ``text``, best first."""
        if language not in LANGUAGES:
            raise QueryError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}", "language")
        with self._lock:
            snap = self._snapshot(required=True)
            return find_precedents(snap, text, language, limit, exclude_key)

    def state(self) -> IndexState | None:
        """Entries and generation of the live index; None if it is missing or unreadable."""
        try:
            with self._lock:
                snap = self._snapshot(required=False)
                if snap is None:
                    return None
                state = _read_json(self.folder / self._name / STATE)
                return IndexState(documents=len(snap.docs), generation=int(state["generation"]))
        except Exception:
            return None

    def close(self) -> None:
        with self._lock:
            self._drop()

    # ----------------------------------------------------------------- writing ----
    def update(self, entries: Iterable[IndexEntry] = (), remove_keys: Iterable[str] = (),
               generation: int | None = None) -> None:
        """Add or replace ``entries`` and remove ``remove_keys``, in one commit."""
        entries = list(entries)
        remove_keys = list(remove_keys)
        for entry in entries:
            check_entry(entry)
        with self._flock("write.lock", self.write_timeout):
            name = self._read_current()
            if name is None:
                raise IndexUnavailable()
            folder = self.folder / name
            common = _load_common(folder)
            _apply(folder, entries, remove_keys, common, self.write_timeout)
            state = _read_json(folder / STATE)
            new_generation = int(state["generation"]) if generation is None else int(generation)
            _write_json(folder / STATE, {"generation": new_generation})
            journal = self.folder / JOURNAL
            if journal.exists():
                with open(journal, "ab") as f:
                    pickle.dump((entries, remove_keys, generation), f, protocol=pickle.HIGHEST_PROTOCOL)
                    f.flush()
                    os.fsync(f.fileno())

    def rebuild(self, entries: Iterable[IndexEntry], generation: int,
                progress: Callable[[int], None] | None = None) -> None:
        """Index ``entries`` into a new folder and switch to it; the old index is removed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._flock("rebuild.lock", self.rebuild_timeout):
            with self._flock("write.lock", self.write_timeout):
                (self.folder / JOURNAL).write_bytes(b"")
            new = None
            spool = None
            try:
                self._remove_leftovers()
                spool, common, plan = self._spool(entries)
                new = self.folder / f"index-{int(generation):06d}-{secrets.token_hex(3)}"
                new.mkdir()
                _write_json(new / META, {"schema": SCHEMA_VERSION,
                                         "common": {lang: sorted(words) for lang, words in common.items()}})
                _build(new, spool.name, plan, common, self.write_timeout, self.procs, progress)
                if progress and not plan:
                    progress(0)
                with self._flock("write.lock", self.write_timeout):
                    final = self._replay(new, common, int(generation))
                    _write_json(new / STATE, {"generation": final})
                    old = self._read_current()
                    _write_text_atomic(self.folder / CURRENT, new.name)
                    (self.folder / JOURNAL).unlink(missing_ok=True)
                new_name, new = new.name, None
                if old and old != new_name:
                    shutil.rmtree(self.folder / old, ignore_errors=True)
            except BaseException:
                if new is not None:
                    shutil.rmtree(new, ignore_errors=True)
                with self._flock("write.lock", self.write_timeout):
                    (self.folder / JOURNAL).unlink(missing_ok=True)
                raise
            finally:
                if spool is not None:
                    spool.close()

    # ----------------------------------------------------------------- internals ---
    def _read_current(self) -> str | None:
        try:
            name = (self.folder / CURRENT).read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def _snapshot(self, required: bool) -> Snapshot | None:
        for attempt in range(3):
            name = self._read_current()
            if name is None:
                self._drop()
                if required:
                    raise IndexUnavailable()
                return None
            try:
                if self._snap is not None and self._name == name:
                    searcher = self._snap.searcher
                    if not searcher.up_to_date():
                        # Not searcher.refresh(): Whoosh 2.7 reuses the reader of a segment
                        # whose id is unchanged even when documents were deleted from it, so
                        # replaced or removed entries would still match. A fresh searcher
                        # costs a few ms; our per-segment tables are reused all the same.
                        fresh = _open_searcher(self._ix, searcher)
                        self._snap = Snapshot(fresh, self._common, self._tables, self.cache_size)
                    return self._snap
                self._open(name)
                return self._snap
            except (FileNotFoundError, OSError) as exc:
                # the folder went away under us (a rebuild swapped): read CURRENT again
                self._drop()
                if attempt == 2:
                    if required:
                        raise IndexUnavailable(f"the search index cannot be read: {exc}") from exc
                    return None
                time.sleep(0.01)
        return None  # pragma: no cover

    def _open(self, name: str) -> None:
        self._drop()
        folder = self.folder / name
        meta = _read_json(folder / META)
        if meta.get("schema") != SCHEMA_VERSION:
            raise IndexUnavailable(f"the search index has schema {meta.get('schema')}, "
                                   f"this version needs {SCHEMA_VERSION}: rebuild it")
        _read_json(folder / STATE)
        ix = whoosh_index.open_dir(str(folder))
        searcher = _open_searcher(ix)
        self._common = {lang: frozenset(words) for lang, words in meta.get("common", {}).items()}
        self._tables = {}
        self._snap = Snapshot(searcher, self._common, self._tables, self.cache_size)
        self._ix, self._name = ix, name

    def _drop(self) -> None:
        if self._snap is not None:
            try:
                self._snap.searcher.close()
            except Exception:
                pass
        if self._ix is not None:
            try:
                self._ix.close()
            except Exception:
                pass
        self._snap = self._ix = self._name = None
        self._tables = {}

    @contextmanager
    def _flock(self, name: str, timeout: float):
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / name, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise IndexBusy(f"the search index is locked ({name}) by another process; "
                                        f"gave up after {timeout:g} s") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _remove_leftovers(self) -> None:
        current = self._read_current()
        for child in self.folder.iterdir():
            if child.is_dir() and child.name.startswith("index-") and child.name != current:
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith("spool-"):
                child.unlink(missing_ok=True)

    def _spool(self, entries: Iterable[IndexEntry]):
        """First pass: entries and their terms to a temporary file; how many paragraphs hold
        each term; the plan of the second pass: (offset, paragraphs) of each entry to index
        (a key given twice: the later entry wins)."""
        spool = tempfile.NamedTemporaryFile(dir=self.folder, prefix="spool-", delete=True)
        df: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        paragraphs: collections.Counter = collections.Counter()
        where: dict[str, tuple[int, int]] = {}
        try:
            for entry in entries:
                check_entry(entry)
                analysed = entry_terms(entry)
                counter = df[entry.language]
                for words in analysed[1:]:
                    counter.update(set(words))
                paragraphs[entry.language] += len(analysed) - 1
                where.pop(entry.key, None)
                where[entry.key] = (spool.tell(), len(analysed))
                pickle.dump((entry, analysed), spool, protocol=pickle.HIGHEST_PROTOCOL)
            spool.flush()
        except BaseException:
            spool.close()
            raise
        common = {}
        for lang, counter in df.items():
            floor = max(COMMON_MIN_DF, COMMON_SHARE * paragraphs[lang])
            common[lang] = frozenset(t for t, n in counter.items() if n >= floor)
        return spool, common, sorted(where.values())

    def _replay(self, new: Path, common: dict, generation: int) -> int:
        journal = self.folder / JOURNAL
        ops = []
        try:
            with open(journal, "rb") as f:
                while True:
                    try:
                        ops.append(pickle.load(f))
                    except EOFError:
                        break
        except FileNotFoundError:
            return generation
        for entries, remove_keys, gen in ops:
            _apply(new, entries, remove_keys, common, self.write_timeout)
            if gen is not None:
                generation = max(generation, int(gen))
        return generation


def _build(folder: Path, spool_path: str, plan: list[tuple[int, int]], common: dict, timeout: float,
           procs: int, progress) -> None:
    """Second pass: index the spooled entries into a fresh Whoosh index in ``folder``.

    With ``procs`` > 1 and enough entries, the plan is cut in ``procs`` parts of about the
    same number of paragraphs; each extra part is written as a segment of its own by a
    fresh interpreter (``python -m resolutions.search.buildpart``: no fork of a threaded
    server, no re-import of the caller's main module) while this process writes the first
    part; the segments are then committed together, as Whoosh's MpWriter does with
    multisegment=True. Whoosh writes in pure Python: two cores build in about 60 % of
    the time of one."""
    ix = whoosh_index.create_in(str(folder), make_schema())
    parts = _split(plan, procs if len(plan) >= PARALLEL_MIN else 1)
    writer = _writer(ix, timeout)
    children = []
    try:
        for i, part in enumerate(parts[1:], 1):
            job = folder / f"part-{i}.job"
            with open(job, "wb") as f:
                pickle.dump({"folder": str(folder), "spool": spool_path, "part": part, "common": common,
                             "progress": str(folder / f"part-{i}.done"), "result": str(folder / f"part-{i}.result")},
                            f, protocol=pickle.HIGHEST_PROTOCOL)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(x for x in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if x)
            proc = subprocess.Popen([sys.executable, "-m", "resolutions.search.buildpart", str(job)], env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            children.append((proc, i))
        own = 0
        with open(spool_path, "rb") as f:
            for offset, _ in parts[0]:
                f.seek(offset)
                entry, analysed = pickle.load(f)
                for doc in entry_documents(entry, common.get(entry.language), analysed):
                    writer.add_document(**doc)
                own += 1
                if progress and (own % 25 == 0 or own == len(parts[0])):
                    progress(own + sum(_done(folder, i) for _, i in children))
        segments = [writer._finalize_segment()] if children else []  # while the others still work
        for proc, i in children:
            _, err = proc.communicate()
            result = folder / f"part-{i}.result"
            if proc.returncode != 0 or not result.exists():
                raise RuntimeError(f"rebuild process {i} failed ({proc.returncode}): "
                                   f"{err.decode('utf-8', 'replace')[-2000:]}")
            with open(result, "rb") as f:
                segments.append(pickle.load(f))
            for name in (f"part-{i}.job", f"part-{i}.done", f"part-{i}.result"):
                (folder / name).unlink(missing_ok=True)
        if progress and children:
            progress(len(plan))
        if not children:
            writer.commit(optimize=True)
        else:  # what MpWriter does for multisegment=True
            writer._commit_toc(segments)
            writer._finish()
    except BaseException:
        for proc, _ in children:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        try:
            writer.cancel()
        except Exception:  # the segment may be half closed; the folder is removed anyway
            pass
        raise
    finally:
        ix.close()


_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def _done(folder: Path, i: int) -> int:
    try:
        return int((folder / f"part-{i}.done").read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _split(plan: list[tuple[int, int]], procs: int) -> list[list[tuple[int, int]]]:
    if procs <= 1 or len(plan) < 2:
        return [plan]
    total = sum(n for _, n in plan)
    parts, current, size = [], [], 0
    for item in plan:
        current.append(item)
        size += item[1]
        if size >= total / procs * (len(parts) + 1) and len(parts) < procs - 1:
            parts.append(current)
            current = []
    parts.append(current)
    return [p for p in parts if p]


def build_part(job: dict) -> None:
    """In a child process: one segment from part of the spool, pickled to job["result"]."""
    ix = whoosh_index.open_dir(job["folder"])
    writer = _Writer(ix, _lk=False, limitmb=LIMIT_MB, codec=W3Codec(compression=COMPRESSION), compound=False)
    common = job["common"]
    # On failure just exit: the parent removes the whole folder. No cancel() or _finish()
    # here: they would delete the temporary folder the parent's writer shares.
    with open(job["spool"], "rb") as f:
        for n, (offset, _) in enumerate(job["part"], 1):
            f.seek(offset)
            entry, analysed = pickle.load(f)
            for doc in entry_documents(entry, common.get(entry.language), analysed):
                writer.add_document(**doc)
            if n % 25 == 0:
                Path(job["progress"]).write_text(str(n))
    segment = writer._finalize_segment()
    tmp = job["result"] + ".tmp"
    with open(tmp, "wb") as f:
        pickle.dump(segment, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, job["result"])


class _Writer(SegmentWriter):
    """Whoosh's SegmentWriter, except that writing the postings out reads each field's
    length column once instead of once per posting (a fifth of the build time)."""

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr, self.docnum) if pdr is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()


class _Lengths:
    def __init__(self, perdoc, doccount: int):
        self._perdoc = perdoc
        self._doccount = doccount
        self._fields: dict[str, bytes] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lens = self._fields.get(fieldname)
        if lens is None:
            lens = self._fields[fieldname] = _field_lengths(self._perdoc, fieldname, self._doccount)
        b = lens[docnum] if docnum < len(lens) else 0
        return _BYTE_LENGTH[b] if b else default


def _writer(ix, timeout: float) -> SegmentWriter:
    try:
        return _Writer(ix, timeout=timeout, delay=0.05, limitmb=LIMIT_MB, codec=W3Codec(compression=COMPRESSION),
                       compound=False)
    except LockError:
        raise IndexBusy() from None


def _apply(folder: Path, entries: list[IndexEntry], remove_keys: list[str], common: dict,
           timeout: float) -> None:
    docs = [(entry.key, entry_documents(entry, common.get(entry.language))) for entry in entries]
    ix = whoosh_index.open_dir(str(folder))
    try:
        writer = _writer(ix, timeout)
        try:
            for key in remove_keys:
                writer.delete_by_term("key", key)
            for key, entry_docs in docs:
                writer.delete_by_term("key", key)
                for doc in entry_docs:
                    writer.add_document(**doc)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
    finally:
        ix.close()


def _load_common(folder: Path) -> dict[str, frozenset]:
    meta = _read_json(folder / META)
    return {lang: frozenset(words) for lang, words in meta.get("common", {}).items()}


def _check(query: SearchQuery) -> None:
    """SearchQuery's own fields come from forms and URLs: name the one that is wrong."""
    if query.order not in ORDERS:
        raise QueryError(f'order must be "relevance" or "date", not "{query.order}"', "order")
    if query.language is not None and query.language not in LANGUAGES:
        raise QueryError(f"unknown language {query.language!r}; use one of {', '.join(LANGUAGES)}", "language")
    if query.kind is not None and query.kind not in KINDS:
        raise QueryError(f"kind must be resolution or draft, not {query.kind!r}", "kind")
    for name in ("page", "per_page"):
        value = getattr(query, name)
        if not isinstance(value, int) or value < 1:
            raise QueryError(f"{name} must be a whole number from 1, not {value!r}", name)
    if query.session is not None and not isinstance(query.session, int):
        raise QueryError(f"session must be a number such as 78, not {query.session!r}", "session")


def _open_searcher(ix, old=None):
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


def _weighting():
    return BM25F(B=0.75, K1=1.2)  # unused by our own scoring, but a searcher needs one


def _read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _write_json(path: Path, data: dict) -> None:
    _write_text_atomic(path, json.dumps(data, ensure_ascii=False))


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:  # pragma: no cover - platforms without directory fsync
        pass
