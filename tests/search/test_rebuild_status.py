"""Rebuild progress seen from every process, and try_rebuild(): one rebuild among many."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from resolutions.search import IndexUnavailable, SearchIndex, SearchQuery
from resolutions.search import status as status_module
from resolutions.search.files import is_locked

from .conftest import draft

BEING_REBUILT = r"the search index is being rebuilt \(about \d+ s left\)"


def entries(n: int = 60, word: str = "alpha"):
    return [draft(i, f"Title {i}", [f"Noting {word} number {i},", f"Counts {word} again;"]) for i in range(n)]


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class Blocked:
    """A rebuild in another thread, held at its first progress report until released."""

    def __init__(self, folder: Path, items, generation: int = 1, hold_reading: bool = False):
        self.release = threading.Event()
        self.error = None
        self.reading = threading.Event()

        def produce():
            if hold_reading:
                self.reading.set()
                self.release.wait(10)
            yield from items

        def progress(done):
            if not hold_reading:
                self.release.wait(10)

        def run():
            try:
                SearchIndex(folder).rebuild(produce(), generation, progress)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                self.error = exc

        self.thread = threading.Thread(target=run)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(30)
        assert self.error is None, self.error


@pytest.fixture(autouse=True)
def every_write(monkeypatch):
    monkeypatch.setattr(status_module, "EVERY", 0.0)  # no throttling: the test sees each step


def test_no_status_before_the_first_rebuild_and_done_after(tmp_path):
    ix = SearchIndex(tmp_path)
    assert ix.rebuild_status() is None
    ix.rebuild(entries(30), generation=1)
    s = ix.rebuild_status()
    assert (s.running, s.phase, s.done, s.total, s.seconds_left) == (False, "done", 30, 30, None)
    assert s.started <= s.updated <= time.time()


def test_while_indexing_every_process_sees_progress_and_a_time_left(tmp_path):
    other = SearchIndex(tmp_path)  # another process: no index yet
    with Blocked(tmp_path, entries(60)):
        wait_for(lambda: (s := other.rebuild_status()) is not None and s.phase == "indexing" and s.done > 0)
        s = other.rebuild_status()
        assert s.running and s.total == 60 and 0 < s.done <= 60 and s.seconds_left >= 1
        assert json.loads((tmp_path / "rebuild.status").read_text())["pid"] == os.getpid()
        with pytest.raises(IndexUnavailable, match=BEING_REBUILT) as err:
            other.search(SearchQuery(text="alpha"), None)
        assert err.value.status == 503
        with pytest.raises(IndexUnavailable, match=BEING_REBUILT):
            other.precedents("Noting alpha number", "en")
        assert other.state() is None
    s = other.rebuild_status()
    assert not s.running and s.phase == "done"
    assert other.search(SearchQuery(text="alpha"), None).total == 60


def test_while_reading_the_time_left_comes_from_the_previous_rebuild(tmp_path):
    ix = SearchIndex(tmp_path)
    with Blocked(tmp_path, entries(5), hold_reading=True) as first:
        first.reading.wait(10)
        wait_for(lambda: ix.rebuild_status() is not None and ix.rebuild_status().running)
        s = ix.rebuild_status()
        assert (s.phase, s.total, s.seconds_left) == ("reading", None, None)
        with pytest.raises(IndexUnavailable, match=r"being rebuilt \(time left not known yet\)"):
            ix.search(SearchQuery(text="alpha"), None)
    (tmp_path / "CURRENT").unlink()  # as if the index were lost: the next rebuild starts from nothing
    with Blocked(tmp_path, entries(5), generation=2, hold_reading=True) as second:
        second.reading.wait(10)
        wait_for(lambda: ix.rebuild_status().running)
        assert ix.rebuild_status().seconds_left >= 1
        with pytest.raises(IndexUnavailable, match=BEING_REBUILT):
            ix.search(SearchQuery(text="alpha"), None)


def test_an_older_index_is_served_during_a_rebuild(tmp_path):
    ix = SearchIndex(tmp_path)
    ix.rebuild(entries(10, "alpha"), generation=1)
    with Blocked(tmp_path, entries(60, "beta"), generation=2):
        wait_for(lambda: ix.rebuild_status().running and ix.rebuild_status().phase == "indexing")
        assert ix.search(SearchQuery(text="alpha"), None).total == 10
        assert ix.search(SearchQuery(text="beta"), None).total == 0 and ix.state().generation == 1
    assert ix.search(SearchQuery(text="beta"), None).total == 60 and ix.state().generation == 2


def test_a_rebuild_that_died_is_not_running(tmp_path):
    ix = SearchIndex(tmp_path)
    ix.rebuild(entries(3), generation=1)
    data = json.loads((tmp_path / "rebuild.status").read_text())
    (tmp_path / "rebuild.status").write_text(json.dumps({**data, "phase": "indexing", "done": 1}))
    s = ix.rebuild_status()
    assert (s.running, s.phase, s.seconds_left) == (False, "interrupted", None)


def test_try_rebuild_in_two_threads_rebuilds_once(tmp_path):
    calls, results = [], {}
    gate = threading.Event()

    def worker(name: str):
        ix = SearchIndex(tmp_path)  # one per process in the app; separate lock files here too

        def rebuild(progress):
            calls.append(name)
            gate.wait(10)  # hold the lock while the other thread asks for it
            ix.rebuild(entries(20), generation=2, progress=progress)  # re-entrant: no deadlock

        results[name] = ix.try_rebuild(
            needed=lambda: ix.state() is None or ix.state().generation < 2, rebuild=rebuild)

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    wait_for(lambda: calls == ["first"])
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    time.sleep(0.3)
    assert is_locked(tmp_path / "rebuild.lock") and second.is_alive()  # the second waits for the lock
    gate.set()
    first.join(30)
    second.join(30)
    assert calls == ["first"] and results == {"first": True, "second": False}
    assert SearchIndex(tmp_path).state().generation == 2


SCRIPT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from tests.search.conftest import draft
    from resolutions.search import SearchIndex
    ix = SearchIndex(sys.argv[1])

    def rebuild(progress):
        time.sleep(1.0)  # long enough for the other process to queue on the lock
        ix.rebuild([draft(i, "T", ["Noting gamma,", "Counts;"]) for i in range(10)], 3, progress)

    print(ix.try_rebuild(needed=lambda: ix.state() is None, rebuild=rebuild))
""")


def test_try_rebuild_in_two_processes_rebuilds_once(tmp_path):
    root = str(Path(__file__).resolve().parents[2])
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path), root], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    assert sorted(out.strip() for out, _ in outs) == ["False", "True"]
    assert SearchIndex(tmp_path).state().documents == 10
