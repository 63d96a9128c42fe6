"""Writing an index folder: the two passes of a rebuild, and updates.

A rebuild reads the entries once, spooling them to a temporary file; then, in two
processes when there are enough entries, it analyses them, counts over the paragraphs
of *public* entries how many hold each term (to choose the common terms that get pair
postings: a private draft must not change them) and indexes them into a fresh Whoosh
index. Every commit records the new segment files in the folder's manifest
(manifest.py) before the TOC that makes them visible.
"""
from __future__ import annotations

import collections
import os
import pickle
import subprocess
import sys
import tempfile
import time
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
COMMON = "common.pickle"
PART_FILES = ("job", "counts", "done", "result", "err")
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def writer(folder: Path, ix, timeout: float):
    try:
        return wi.open_writer(ix, timeout, before_toc=manifest.recorder(folder, ix))
    except wi.LockError:
        raise IndexBusy() from None


def spool(folder: Path, entries: Iterable[IndexEntry], on_entry: Callable[[int], None] | None = None):
    """First pass: (spool file, plan): the entries pickled in the order given, and the
    (offset, size in bytes) of each to index, in spool order; a key given twice: the
    later entry wins."""
    out = tempfile.NamedTemporaryFile(dir=folder, prefix="spool-", delete=True)
    where: dict[str, tuple[int, int]] = {}
    try:
        for n, entry in enumerate(entries, 1):
            check_entry(entry)
            start = out.tell()
            pickle.dump(entry, out, protocol=pickle.HIGHEST_PROTOCOL)
            where.pop(entry.key, None)
            where[entry.key] = (start, out.tell() - start)
            if on_entry:
                on_entry(n)
        out.flush()
    except BaseException:
        out.close()
        raise
    return out, sorted(where.values())


def build(folder: Path, spool_path: str, plan: list[tuple[int, int]], timeout: float, procs: int,
          progress) -> dict[str, frozenset]:
    """Second pass: index the spooled entries into a fresh Whoosh index in ``folder``;
    returns the common terms of each language.

    With ``procs`` > 1 and enough entries, the plan is dealt into ``procs`` parts of about
    the same size (_split); each extra part goes to a fresh interpreter (``python -m
    resolutions.search.buildpart``: no fork of a threaded server, no re-import of the
    caller's main module) while this process does the first. Each process analyses its
    part and counts its terms (part-N.counts); this one adds the counts up, chooses the
    common terms (common.pickle) and every process writes its part as a segment of its
    own; the segments are then committed together. Whoosh writes in pure Python: two
    cores build in about 60 % of the time of one."""
    ix = wi.create_index(folder, make_schema())
    parts = _split(plan, procs if len(plan) >= PARALLEL_MIN else 1)
    w = writer(folder, ix, timeout)
    children = []
    try:
        for i, part in enumerate(parts[1:], 1):
            children.append((_start_part(folder, spool_path, part, i), i))
        analysed, counts = analyse(spool_path, parts[0])
        common = common_terms([counts] + [_wait_for(folder / f"part-{i}.counts", proc, i) for proc, i in children])
        _dump(folder / COMMON, common)
        own = len(parts[0])

        def report(n: int) -> None:
            if progress and (n % 25 == 0 or n == own):
                progress(n + sum(_done(folder, i) for _, i in children))

        write(w, spool_path, parts[0], analysed, common, report)
        del analysed
        segments = [wi.finish_part(w)] if children else []  # while the others still work
        for proc, i in children:
            proc.wait()
            segments.append(_wait_for(folder / f"part-{i}.result", proc, i))
        for name in [COMMON] + [f"part-{i}.{ext}" for _, i in children for ext in PART_FILES]:
            (folder / name).unlink(missing_ok=True)
        if progress and children:
            progress(len(plan))
        if not children:
            w.commit(optimize=True)
        else:
            wi.commit_parts(w, segments)
        return common
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


def analyse(spool_path: str, part: list[tuple[int, int]]):
    """One process's share of the first half of the work: (the terms of each entry of
    ``part``, counts), the counts being, over the paragraphs of *public* entries, how
    many hold each term (per language) and how many paragraphs there are (a private
    draft must not change which terms pair up)."""
    analysed = []
    df: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    paragraphs: collections.Counter = collections.Counter()
    with open(spool_path, "rb") as f:
        for offset, _ in part:
            f.seek(offset)
            entry = pickle.load(f)
            terms = entry_terms(entry)
            analysed.append(terms)
            if EVERYONE in entry.visible_to:
                counter = df[entry.language]
                for words in terms[1:]:
                    counter.update(set(words))
                paragraphs[entry.language] += len(terms) - 1
    return analysed, (dict(df), paragraphs)


def common_terms(counts: list[tuple[dict, collections.Counter]]) -> dict[str, frozenset]:
    """The terms of each language in at least COMMON_SHARE of its paragraphs, from the
    counts of every part."""
    df: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    paragraphs: collections.Counter = collections.Counter()
    for part_df, part_paragraphs in counts:
        for lang, counter in part_df.items():
            df[lang].update(counter)
        paragraphs.update(part_paragraphs)
    return {lang: frozenset(t for t, n in counter.items() if n >= max(COMMON_MIN_DF, COMMON_SHARE * paragraphs[lang]))
            for lang, counter in df.items()}


def write(w, spool_path: str, part: list[tuple[int, int]], analysed: list, common: dict,
          on_entry: Callable[[int], None]) -> None:
    """The second half: the Whoosh documents of each entry of ``part`` into ``w``."""
    with open(spool_path, "rb") as f:
        for n, ((offset, _), terms) in enumerate(zip(part, analysed), 1):
            f.seek(offset)
            entry = pickle.load(f)
            for doc in entry_documents(entry, common.get(entry.language), terms):
                w.add_document(**doc)
            on_entry(n)


def _start_part(folder: Path, spool_path: str, part: list[tuple[int, int]], i: int) -> subprocess.Popen:
    job = folder / f"part-{i}.job"
    _dump(job, {"folder": str(folder), "spool": spool_path, "part": part, "parent": os.getpid(),
                "counts": str(folder / f"part-{i}.counts"), "common": str(folder / COMMON),
                "progress": str(folder / f"part-{i}.done"), "result": str(folder / f"part-{i}.result")})
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if x)
    with open(folder / f"part-{i}.err", "wb") as err:  # a file: a chatty child never blocks on a pipe
        # cwd: ``-m`` puts it first on sys.path, and it must be this very package
        return subprocess.Popen([sys.executable, "-m", "resolutions.search.buildpart", str(job)], env=env,
                                cwd=_PACKAGE_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)


def _wait_for(path: Path, proc: subprocess.Popen, i: int):
    """What part ``i`` pickled to ``path``, once it is there; its error if it died first."""
    while not path.exists():
        if proc.poll() is not None and not path.exists():
            err = (path.parent / f"part-{i}.err").read_bytes()
            raise RuntimeError(f"rebuild process {i} failed ({proc.returncode}): "
                               f"{err.decode('utf-8', 'replace')[-2000:]}")
        time.sleep(0.01)
    with open(path, "rb") as f:
        return pickle.load(f)


def _dump(path: Path, value) -> None:
    """Pickled to ``path`` in one step (another process waits for the name)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _done(folder: Path, i: int) -> int:
    try:
        return int((folder / f"part-{i}.done").read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _split(plan: list[tuple[int, int]], procs: int) -> list[list[tuple[int, int]]]:
    """Each entry, in spool order, to the part with the fewest bytes so far: parts of
    about the same size and the same mix of languages and kinds (halves cut in spool
    order differed by a third in work: the analysis costs differ by language)."""
    if procs <= 1 or len(plan) < 2:
        return [plan]
    parts: list[list[tuple[int, int]]] = [[] for _ in range(procs)]
    sizes = [0] * procs
    for item in plan:
        i = sizes.index(min(sizes))
        parts[i].append(item)
        sizes[i] += item[1]
    return [p for p in parts if p]


def build_part(job: dict) -> None:
    """In a child process: analyse a part of the spool, hand its counts over, wait for
    the common terms, then write the part as one segment, pickled to job["result"].
    On failure just exit: the parent removes the whole folder."""
    analysed, counts = analyse(job["spool"], job["part"])
    _dump(Path(job["counts"]), counts)
    common_path = Path(job["common"])
    while not common_path.exists():
        if os.getppid() != job["parent"]:
            raise SystemExit("the rebuilding process is gone")
        time.sleep(0.01)
    with open(common_path, "rb") as f:
        common = pickle.load(f)
    ix = wi.open_index(Path(job["folder"]))
    w = wi.part_writer(ix)
    progress = Path(job["progress"])
    write(w, job["spool"], job["part"], analysed, common,
          lambda n: progress.write_text(str(n)) if n % 25 == 0 else None)
    _dump(Path(job["result"]), wi.finish_part(w))


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
