"""Writing an index folder: the two passes of a rebuild, and updates.

A rebuild reads the entries once, spooling them with their terms to a temporary file
and counting, over the paragraphs of *public* entries only, how many hold each term (to
choose the common terms that get pair postings: a private draft must not change them);
then it indexes the spool into a fresh Whoosh index, in two processes when there are
enough entries. Every commit records the new segment files in the folder's manifest
(manifest.py) before the TOC that makes them visible.
"""
from __future__ import annotations

import collections
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from . import manifest
from . import whoosh_internals as wi
from .model import EVERYONE, IndexBusy, IndexEntry
from .schema import check_entry, entry_documents, entry_terms, make_schema

# A term is "common" in a language when it occurs in at least this share of the
# language's paragraphs (of public entries); phrases of common terms use the pair fields.
COMMON_SHARE = 0.05
COMMON_MIN_DF = 5
PARALLEL_MIN = 200   # entries: below this a rebuild stays in one process
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def writer(folder: Path, ix, timeout: float):
    try:
        return wi.open_writer(ix, timeout, before_toc=manifest.recorder(folder, ix))
    except wi.LockError:
        raise IndexBusy() from None


def spool(folder: Path, entries: Iterable[IndexEntry], on_entry: Callable[[int], None] | None = None):
    """First pass: (spool file, common terms per language, plan), the plan being the
    (offset, documents) of each entry to index in spool order; a key given twice: the
    later entry wins, and the earlier one's terms are taken back out of the counts."""
    out = tempfile.NamedTemporaryFile(dir=folder, prefix="spool-", delete=True)
    df: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    paragraphs: collections.Counter = collections.Counter()
    where: dict[str, tuple[int, int]] = {}

    def count(entry: IndexEntry, analysed: list[list[str]], sign: int) -> None:
        if EVERYONE not in entry.visible_to:
            return
        counter = df[entry.language]
        for words in analysed[1:]:
            if sign > 0:
                counter.update(set(words))
            else:
                counter.subtract(set(words))
        paragraphs[entry.language] += sign * (len(analysed) - 1)

    try:
        for n, entry in enumerate(entries, 1):
            check_entry(entry)
            analysed = entry_terms(entry)
            earlier = where.pop(entry.key, None)
            if earlier is not None:
                end = out.tell()
                out.seek(earlier[0])
                count(*pickle.load(out), -1)
                out.seek(end)
            count(entry, analysed, 1)
            where[entry.key] = (out.tell(), len(analysed))
            pickle.dump((entry, analysed), out, protocol=pickle.HIGHEST_PROTOCOL)
            if on_entry:
                on_entry(n)
        out.flush()
    except BaseException:
        out.close()
        raise
    common = {}
    for lang, counter in df.items():
        floor = max(COMMON_MIN_DF, COMMON_SHARE * paragraphs[lang])
        common[lang] = frozenset(t for t, n in counter.items() if n >= floor)
    return out, common, sorted(where.values())


def build(folder: Path, spool_path: str, plan: list[tuple[int, int]], common: dict, timeout: float,
          procs: int, progress) -> None:
    """Second pass: index the spooled entries into a fresh Whoosh index in ``folder``.

    With ``procs`` > 1 and enough entries, the plan is cut in ``procs`` parts of about the
    same number of paragraphs; each extra part is written as a segment of its own by a
    fresh interpreter (``python -m resolutions.search.buildpart``: no fork of a threaded
    server, no re-import of the caller's main module) while this process writes the first
    part; the segments are then committed together. Whoosh writes in pure Python: two
    cores build in about 60 % of the time of one."""
    ix = wi.create_index(folder, make_schema())
    parts = _split(plan, procs if len(plan) >= PARALLEL_MIN else 1)
    w = writer(folder, ix, timeout)
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
                    w.add_document(**doc)
                own += 1
                if progress and (own % 25 == 0 or own == len(parts[0])):
                    progress(own + sum(_done(folder, i) for _, i in children))
        segments = [wi.finish_part(w)] if children else []  # while the others still work
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
            w.commit(optimize=True)
        else:
            wi.commit_parts(w, segments)
    except BaseException:
        for proc, _ in children:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        try:
            w.cancel()
        except Exception:  # the segment may be half closed; the folder is removed anyway
            pass
        raise


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
    """In a child process: one segment from part of the spool, pickled to job["result"].
    On failure just exit: the parent removes the whole folder."""
    ix = wi.open_index(Path(job["folder"]))
    w = wi.part_writer(ix)
    common = job["common"]
    with open(job["spool"], "rb") as f:
        for n, (offset, _) in enumerate(job["part"], 1):
            f.seek(offset)
            entry, analysed = pickle.load(f)
            for doc in entry_documents(entry, common.get(entry.language), analysed):
                w.add_document(**doc)
            if n % 25 == 0:
                Path(job["progress"]).write_text(str(n))
    segment = wi.finish_part(w)
    tmp = job["result"] + ".tmp"
    with open(tmp, "wb") as f:
        pickle.dump(segment, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, job["result"])


def apply(folder: Path, entries: list[IndexEntry], remove_keys: list[str], common: dict, timeout: float,
          optimize: bool = False) -> None:
    """Remove ``remove_keys``, add or replace ``entries``: one commit (segments left with
    no live document are dropped, Whoosh may merge small ones, purging deleted documents;
    ``optimize`` merges them all)."""
    docs = [(entry.key, entry_documents(entry, common.get(entry.language))) for entry in entries]
    ix = wi.open_index(folder)
    w = writer(folder, ix, timeout)
    try:
        for key in remove_keys:
            w.delete_by_term("key", key)
        for key, entry_docs in docs:
            w.delete_by_term("key", key)
            for doc in entry_docs:
                w.add_document(**doc)
        if optimize:
            w.commit(optimize=True)
        else:
            w.commit(mergetype=wi.merge_small)
    except BaseException:
        try:
            w.cancel()
        except Exception:  # already closed by a failed commit
            pass
        raise
    manifest.prune(folder)
