"""The search index on disk: rebuilt into a new folder and swapped in, updated in place.

Layout of ``folder``::

    CURRENT                 the name of the live index folder (replaced atomically)
    index-000042-1a2b3c/    a Whoosh index, plus
        search.json         schema version and the common terms of each language
        state.json          the generation of the data it holds (replaced atomically)
        manifest.json       size and CRC-32 of every segment file (manifest.py)
    write.lock              held (fcntl) by whoever writes: update(), a rebuild's swap
    catchup.lock            held while a process brings the index to the database (catching_up)
    rebuild.lock            held by a rebuild from start to end
    rebuild.status          a rebuild's progress, for every process (status.py)
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
  the readers of unchanged segments (whoosh_internals.open_searcher);
- damage is detected, never served: each process checks every segment it opens against
  the manifest once (size and checksum: ~0.5 ms a MB), ``verify()`` checks everything,
  and any failure inside Whoosh or the engine during a search becomes IndexUnavailable.
"""
from __future__ import annotations

import os
import pickle
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

from ..domain.errors import DomainError
from . import build, manifest, status
from .checks import probe, schema_problems
from . import whoosh_internals as wi
from .analysis import LANGUAGES
from .engine import Snapshot
from .files import flock, read_json, write_json, write_text_atomic
from .model import (IndexBusy, IndexEntry, IndexState, IndexUnavailable, PrecedentResults,
                    QueryError, RebuildStatus, SearchQuery, SearchResults, check_query)
from .precedents import gather
from .query import bound, parse
from .results import run_search
from .schema import SCHEMA_VERSION, check_entry

CURRENT = "CURRENT"
STATE = "state.json"
META = "search.json"
JOURNAL = "rebuild.journal"
CATCH_UP = "catchup.lock"
VERIFY_ATTEMPTS = 10  # reads that saw a writer move on are repeated: a false alarm costs a rebuild
READ_ATTEMPTS = 5     # opens of the index (a file gone: a writer's commit deleted it meanwhile)


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
        self._held = threading.local()    # rebuild.lock held by this thread (try_rebuild)
        self._name: str | None = None
        self._ix = None
        self._snap: Snapshot | None = None
        self._tables: dict = {}
        self._common: dict[str, frozenset] = {}
        self._checked: set[tuple[str, str]] = set()   # (folder, segment id) checked against the manifest

    # ----------------------------------------------------------------- reading ----
    def search(self, query: SearchQuery, visibility: set[str] | None) -> SearchResults:
        """Matching entries the caller may see (``visibility`` None: everything). A query
        too big to run whole is cut (query.bound, engine caps); ``shortened`` says how."""
        node, note = bound(parse(query.text))
        check_query(query)
        return self._guarded(lambda snap: run_search(snap, node, query, visibility, (note,) if note else ()))

    def precedents(self, text: str, language: str = "en", limit: int = 10,
                   exclude_key: str | None = None) -> PrecedentResults:
        """Closest paragraphs of past public resolutions to ``text``, best first; a long text is compared
        by its first precedents.MAX_TERMS words (``shortened`` says so). Ranked outside the lock."""
        if language not in LANGUAGES:
            raise QueryError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}", "language")
        if not isinstance(text, str):
            raise QueryError("the paragraph must be text", "text")
        return self._guarded(lambda snap: gather(snap, text, language, limit, exclude_key)).rank()

    def state(self) -> IndexState | None:
        """Entries and generation of the live index; None if it is missing or unreadable."""
        try:
            with self._lock:
                snap = self._snapshot(required=False)
                if snap is None:
                    return None
                state = read_json(self.folder / self._name / STATE)
                return IndexState(documents=len(snap.docs), generation=int(state["generation"]))
        except Exception:
            return None

    def generation(self) -> int | None:
        """The live index's generation, read from its state file without opening the index
        (state() opens it: a few milliseconds after each change); None if there is none."""
        name = self._read_current()
        try:
            return int(read_json(self.folder / name / STATE)["generation"]) if name else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def rebuild_status(self) -> RebuildStatus | None:
        """The last rebuild of this folder by any process (None: none recorded)."""
        return status.read(self.folder)

    def verify(self) -> list[str]:
        """Everything wrong with the live index, one sentence each (empty: sound): the
        library, CURRENT, search.json/state.json/manifest, the TOC, the schema, every
        segment file against the manifest, and a probe search. Reads the whole index
        once (about 0.3 s for the full UN corpus); meant for start-up checks, and leaves
        this object's searcher open, so the first search costs no more than the others."""
        for _ in range(VERIFY_ATTEMPTS):
            problems, settled = self._verify()
            if settled:  # not a writer's merge or a rebuild's swap seen half way
                break
        return problems

    def _verify(self) -> tuple[list[str], bool]:
        """(problems, whether the index stayed the same while it was read)."""
        problems = wi.library_problems()
        name = self._read_current()
        if name is None:
            return problems + ["there is no search index yet (no CURRENT file): build it"], True
        folder = self.folder / name
        if not folder.is_dir():
            return problems + [f"CURRENT names {name}, which does not exist"], name == self._read_current()
        try:
            meta = read_json(folder / META)
            if meta.get("schema") != SCHEMA_VERSION:
                problems.append(f"the index has schema {meta.get('schema')}; this version needs {SCHEMA_VERSION}")
        except (OSError, ValueError) as exc:
            problems.append(f"{META} cannot be read: {exc}")
        try:
            int(read_json(folder / STATE)["generation"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{STATE} cannot be read: {exc!r}")
        try:
            ix = wi.open_index(folder)
            toc = wi.read_toc(ix)
        except Exception as exc:  # noqa: BLE001 - whatever Whoosh raises on a bad TOC
            problems.append(f"the index's table of contents cannot be read: {type(exc).__name__}: {exc}")
            return problems, not isinstance(exc, FileNotFoundError)  # gone: a newer one replaced it
        try:  # after the TOC: a writer records new files before it writes a TOC naming them
            files = manifest.load(folder)
        except (OSError, ValueError) as exc:
            return problems + [f"{manifest.MANIFEST} cannot be read: {exc}"], True
        problems += schema_problems(toc.schema)
        checked = set()
        for segment in toc.segments:
            found = manifest.check_segment(folder, ix, segment, files)
            problems += found
            if not found:
                checked.add((name, wi.segment_id(segment)))
        if problems:  # a writer may have merged segments away while we read: then look again
            return problems, toc.generation == ix.latest_generation() and name == self._read_current()
        with self._lock:  # the files are sound: open (and so warm) this process's snapshot, probe it
            self._checked |= checked
            try:
                return probe(self._snapshot(required=True)), True
            except DomainError as exc:  # settled unless a writer moved on while it opened
                return [exc.message], toc.generation == ix.latest_generation() and name == self._read_current()

    def close(self) -> None:
        with self._lock:
            self._drop()

    # ----------------------------------------------------------------- writing ----
    def update(self, entries: Iterable[IndexEntry] = (), remove_keys: Iterable[str] = (),
               generation: int | None = None) -> None:
        """Add or replace ``entries`` and remove ``remove_keys``, in one commit, at ``generation``
        (a no-op if the index is there already: another writer applied the same change log)."""
        entries = list({e.key: e for e in entries}.values())  # a key given twice: the later wins
        remove_keys = list(remove_keys)
        for entry in entries:
            check_entry(entry)
        with self._flock("write.lock", self.write_timeout):
            name = self._read_current()
            if name is None:
                raise IndexUnavailable()
            folder = self.folder / name
            state = read_json(folder / STATE)
            if generation is not None and int(state["generation"]) >= int(generation):
                return
            build.apply(folder, entries, remove_keys, _load_common(folder), self.write_timeout)
            new_generation = int(state["generation"]) if generation is None else int(generation)
            write_json(folder / STATE, {"generation": new_generation})
            journal = self.folder / JOURNAL
            if journal.exists():
                with open(journal, "ab") as f:
                    pickle.dump((entries, remove_keys, generation), f, protocol=pickle.HIGHEST_PROTOCOL)
                    f.flush()
                    os.fsync(f.fileno())

    @contextmanager
    def catching_up(self):
        """Held by whoever brings this index to the database's generation. A second process
        that would catch up to the same generation waits here, then finds nothing left to
        do, instead of reading the same rows again on the same cores (searches never wait
        here: they watch the generation)."""
        with flock(self.folder / CATCH_UP, self.write_timeout, lambda: IndexBusy(
                f"the search index is being caught up by another process; gave up after {self.write_timeout:g} s"),
                step=0.005):
            yield

    def optimize(self) -> None:
        """Merge every segment into one, purging deleted documents (no score changes)."""
        with self._flock("write.lock", self.write_timeout):
            name = self._read_current()
            if name is None:
                raise IndexUnavailable()
            build.apply(self.folder / name, [], [], {}, self.write_timeout, optimize=True)

    def rebuild(self, entries: Iterable[IndexEntry], generation: int,
                progress: Callable[[int], None] | None = None) -> None:
        """Index ``entries`` into a new folder and switch to it; the old index is removed.
        Progress goes to ``progress`` (entries indexed so far) and to rebuild_status()."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._rebuild_lock():
            self._rebuild(entries, int(generation), progress)

    def try_rebuild(self, needed: Callable[[], bool],
                    rebuild: Callable[[Callable[[int], None] | None], object]) -> bool:
        """Rebuild only if still needed once the rebuild lock is ours: wait for
        rebuild.lock (up to ``rebuild_timeout``; run this in a background thread), then
        ask ``needed()`` (e.g. verify() found problems, or the database is ahead of
        state()); if so, call ``rebuild(progress)``, which is expected to call
        self.rebuild(entries, generation, progress) (the lock is re-entrant for it).
        Of several processes starting together, one rebuilds and the others, asking
        ``needed()`` after it, find the new index. True if it rebuilt."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._rebuild_lock():
            if not needed():
                return False
            rebuild(None)
            return True

    # ----------------------------------------------------------------- internals ---
    def _rebuild(self, entries: Iterable[IndexEntry], generation: int, progress) -> None:
        recorder = status.Recorder(self.folder)
        with self._flock("write.lock", self.write_timeout):
            (self.folder / JOURNAL).write_bytes(b"")
        new = spooled = None
        ok = False
        try:
            self._remove_leftovers()
            spooled, plan = build.spool(self.folder, entries, recorder.reading)
            recorder.indexing(len(plan))

            def report(done: int) -> None:
                recorder.progress(done)
                if progress:
                    progress(done)

            new = self.folder / f"index-{generation:06d}-{secrets.token_hex(3)}"
            new.mkdir()
            common = build.build(new, spooled.name, plan, self.write_timeout, self.procs, report)
            write_json(new / META, {"schema": SCHEMA_VERSION,
                                    "common": {lang: sorted(words) for lang, words in common.items()}})
            if not plan:
                report(0)
            recorder.finishing()
            with self._flock("write.lock", self.write_timeout):
                final = self._replay(new, common, generation)
                write_json(new / STATE, {"generation": final})
                old = self._read_current()
                write_text_atomic(self.folder / CURRENT, new.name)
                (self.folder / JOURNAL).unlink(missing_ok=True)
            new_name, new = new.name, None
            if old and old != new_name:
                shutil.rmtree(self.folder / old, ignore_errors=True)
            ok = True
        except BaseException:
            if new is not None:
                shutil.rmtree(new, ignore_errors=True)
            with self._flock("write.lock", self.write_timeout):
                (self.folder / JOURNAL).unlink(missing_ok=True)
            raise
        finally:
            recorder.finished(ok)
            if spooled is not None:
                spooled.close()

    @contextmanager
    def _rebuild_lock(self):
        if getattr(self._held, "rebuild", False):
            yield  # try_rebuild holds it in this thread
            return
        with self._flock(status.LOCK, self.rebuild_timeout):
            self._held.rebuild = True
            try:
                yield
            finally:
                self._held.rebuild = False

    def _guarded(self, run):
        """``run(snapshot)`` on the live snapshot. A file gone (a writer's merge deleted
        it; rare, as tables.bind opens files early): reopen and run again. Anything else
        but our own errors means damage."""
        with self._lock:
            for attempt in range(READ_ATTEMPTS):
                snap = self._snapshot(required=True)
                try:
                    return run(snap)
                except DomainError:
                    raise
                except FileNotFoundError as exc:
                    self._drop()
                    if attempt < READ_ATTEMPTS - 1:
                        continue
                    error = exc
                except Exception as exc:
                    self._drop()
                    error = exc
                self._checked.clear()  # re-check every file on the next open
                raise self._unavailable(f"the search index is damaged ({type(error).__name__}: {error}); "
                                        "it must be rebuilt") from error

    def _unavailable(self, message: str) -> IndexUnavailable:
        running = self.rebuild_status()
        if running is not None and running.running:
            return IndexUnavailable(status.message(running))
        return IndexUnavailable(message)

    def _read_current(self) -> str | None:
        try:
            name = (self.folder / CURRENT).read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def _snapshot(self, required: bool) -> Snapshot | None:
        for attempt in range(READ_ATTEMPTS):
            name = self._read_current()
            if name is None:
                self._drop()
                if required:
                    raise self._unavailable(IndexUnavailable().message)
                return None
            try:
                if self._snap is not None and self._name == name:
                    searcher = self._snap.searcher
                    if not searcher.up_to_date():
                        fresh = wi.open_searcher(self._ix, searcher)
                        self._check_files(name, fresh)
                        self._snap = Snapshot(fresh, self._common, self._tables, self.cache_size)
                    return self._snap
                self._open(name)
                return self._snap
            except (FileNotFoundError, OSError) as exc:
                # the folder went away under us (a rebuild swapped): read CURRENT again
                self._drop()
                if attempt == READ_ATTEMPTS - 1:
                    if required:
                        raise self._unavailable(f"the search index cannot be read: {exc}") from exc
                    return None
                time.sleep(0.01)
            except IndexUnavailable as exc:
                self._drop()
                raise self._unavailable(exc.message) from exc
            except Exception as exc:  # noqa: BLE001 - a damaged TOC or segment: never serve it
                self._drop()
                raise self._unavailable(f"the search index is damaged ({type(exc).__name__}: {exc}); "
                                        "it must be rebuilt") from exc
        return None  # pragma: no cover

    def _open(self, name: str) -> None:
        self._drop()
        folder = self.folder / name
        meta = read_json(folder / META)
        if meta.get("schema") != SCHEMA_VERSION:
            raise IndexUnavailable(f"the search index has schema {meta.get('schema')}, "
                                   f"this version needs {SCHEMA_VERSION}: rebuild it")
        read_json(folder / STATE)
        ix = wi.open_index(folder)
        searcher = wi.open_searcher(ix)
        try:
            self._check_files(name, searcher)
        except BaseException:
            searcher.close()
            raise
        self._common = {lang: frozenset(words) for lang, words in meta.get("common", {}).items()}
        self._tables = {}
        self._snap = Snapshot(searcher, self._common, self._tables, self.cache_size)
        self._ix, self._name = ix, name

    def _check_files(self, name: str, searcher) -> None:
        """Every segment this process has not checked yet, against the manifest (on failure
        the caller drops the searcher)."""
        fresh = [r.segment() for r, _ in searcher.reader().leaf_readers()
                 if r.segment() is not None and (name, wi.segment_id(r.segment())) not in self._checked]
        if not fresh:
            return
        folder = self.folder / name
        try:
            files = manifest.load(folder)
        except (OSError, ValueError) as exc:
            raise IndexUnavailable(f"the search index has no readable manifest ({exc}): rebuild it") from None
        ix = self._ix if self._ix is not None and self._name == name else wi.open_index(folder)
        for segment in fresh:
            problems = manifest.check_segment(folder, ix, segment, files)
            if problems and not searcher.up_to_date():
                raise FileNotFoundError(problems[0])  # a writer merged it away meanwhile: reopen
            if problems:
                raise IndexUnavailable(f"the search index is damaged: {problems[0]}; it must be rebuilt")
            self._checked.add((name, wi.segment_id(segment)))

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

    def _flock(self, name: str, timeout: float):
        def busy():
            return IndexBusy(f"the search index is locked ({name}) by another process; gave up after {timeout:g} s")
        return flock(self.folder / name, timeout, busy)

    def _remove_leftovers(self) -> None:
        current = self._read_current()
        for child in self.folder.iterdir():
            if child.is_dir() and child.name.startswith("index-") and child.name != current:
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith("spool-"):
                child.unlink(missing_ok=True)

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
            build.apply(new, entries, remove_keys, common, self.write_timeout)
            if gen is not None:
                generation = max(generation, int(gen))
        return generation


def _load_common(folder: Path) -> dict[str, frozenset]:
    meta = read_json(folder / META)
    return {lang: frozenset(words) for lang, words in meta.get("common", {}).items()}



