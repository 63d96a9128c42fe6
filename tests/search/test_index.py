"""rebuild(), update(), state(): new folder and atomic switch, crash safety, locks, refresh."""
from __future__ import annotations

import fcntl
import json
import os
import sys
from pathlib import Path

import pytest

from resolutions.search import IndexBusy, IndexState, IndexUnavailable, SearchIndex, SearchQuery

from .conftest import draft, drafts, real_entries


def keys(index, text, visibility=None):
    return [h.key for h in index.search(SearchQuery(text=text, per_page=50), visibility).results]


def index_folders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith("index-"))


@pytest.fixture(scope="module")
def english():
    return [e for e in real_entries() if e.language == "en"]


def test_state_of_a_missing_index_is_none(tmp_path):
    ix = SearchIndex(tmp_path / "nothing")
    assert ix.state() is None
    with pytest.raises(IndexUnavailable):
        ix.search(SearchQuery(text="drugs"), None)
    with pytest.raises(IndexUnavailable):
        ix.update([drafts()[0]])


def test_state_reports_entries_and_generation(tmp_path, english):
    ix = SearchIndex(tmp_path)
    seen = []
    ix.rebuild(english + drafts(), generation=3, progress=seen.append)
    assert ix.state().documents == len(english) + 3
    assert ix.state().generation == 3
    assert seen and seen[-1] == len(english) + 3


def test_state_of_a_broken_index_is_none(tmp_path, english):
    ix = SearchIndex(tmp_path)
    ix.rebuild(english, generation=1)
    (tmp_path / "CURRENT").write_text("index-that-is-not-there")
    assert SearchIndex(tmp_path).state() is None
    ix.rebuild(english, generation=2)
    current = tmp_path / (tmp_path / "CURRENT").read_text()
    (current / "search.json").write_text("{not json")
    assert SearchIndex(tmp_path).state() is None


def test_rebuild_swaps_and_readers_follow(tmp_path, english):
    writer = SearchIndex(tmp_path)
    writer.rebuild(english, generation=1)
    reader = SearchIndex(tmp_path)           # another process, searching all along
    assert "res:A/RES/78/131:en" in keys(reader, "synthetic drugs")
    before = index_folders(tmp_path)

    writer.rebuild(english[:1] + drafts(), generation=2)
    after = index_folders(tmp_path)
    assert len(after) == 1 and after != before  # the old folder is gone
    assert reader.state().generation == 2
    assert "draft:1" in keys(reader, "decent work")
    assert "res:A/RES/77/238:en" not in keys(reader, "drugs")


def test_a_failed_rebuild_leaves_the_old_index_in_use(tmp_path, english):
    ix = SearchIndex(tmp_path)
    ix.rebuild(english, generation=1)
    reader = SearchIndex(tmp_path)
    expected = keys(reader, "synthetic drugs")

    def broken():
        yield from english[:2]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        ix.rebuild(broken(), generation=2)
    assert ix.state().generation == 1 and reader.state().generation == 1
    assert keys(ix, "synthetic drugs") == expected == keys(reader, "synthetic drugs")
    assert len(index_folders(tmp_path)) == 1
    assert not list(tmp_path.glob("spool-*")) and not (tmp_path / "rebuild.journal").exists()


def test_leftovers_of_a_killed_rebuild_are_cleaned(tmp_path, english):
    ix = SearchIndex(tmp_path)
    ix.rebuild(english, generation=1)
    (tmp_path / "index-000002-dead00").mkdir()
    (tmp_path / "index-000002-dead00" / "MAIN_x.seg").write_bytes(b"half written")
    (tmp_path / "spool-dead").write_bytes(b"x")
    assert ix.state().generation == 1  # still readable
    ix.rebuild(english, generation=2)
    assert len(index_folders(tmp_path)) == 1 and not (tmp_path / "spool-dead").exists()


def test_a_key_given_twice_keeps_the_later_entry(tmp_path):
    ix = SearchIndex(tmp_path)
    ix.rebuild([draft(5, "First title", ["alpha text,", "beta text;"]),
                draft(5, "Second title", ["gamma text,", "delta text;"])], generation=1)
    assert ix.state().documents == 1
    assert keys(ix, "alpha") == [] and keys(ix, "gamma") == ["draft:5"]


def test_update_adds_replaces_and_removes(tmp_path, english):
    ix = SearchIndex(tmp_path)
    ix.rebuild(english, generation=1)
    reader = SearchIndex(tmp_path)
    assert keys(reader, "zebra") == []

    ix.update([draft(9, "Zebra crossings", ["Noting zebra crossings,", "Paints them;"])], generation=2)
    assert keys(reader, "zebra") == ["draft:9"]
    assert reader.state().generation == 2 and reader.state().documents == len(english) + 1

    ix.update([draft(9, "Giraffe crossings", ["Noting giraffes,", "Paints them;"])])
    assert keys(reader, "zebra") == [] and keys(reader, "giraffe") == ["draft:9"]
    assert reader.state().generation == 2      # unchanged when not given

    ix.update(remove_keys=["draft:9", "res:A/RES/75/100:en"], generation=4)
    assert keys(reader, "giraffe") == [] and "res:A/RES/75/100:en" not in keys(reader, "missions")
    assert reader.state().documents == len(english) - 1 and reader.state().generation == 4


def test_an_update_to_a_generation_already_reached_writes_nothing(tmp_path):
    """Two processes catching up from the same change log: the second finds the index
    at that generation once the write lock is its, and leaves it as the first wrote it."""
    first, second = SearchIndex(tmp_path), SearchIndex(tmp_path)
    first.rebuild([draft(1, "Okapis", ["Noting okapis,", "Counts them;"])], generation=1)
    first.update([draft(2, "Zebra crossings", ["Noting zebra crossings,", "Paints them;"])], generation=3)
    segments = sorted(p.name for p in tmp_path.glob("index-*/MAIN_*"))
    assert any(name.endswith(".trm") for name in segments)
    second.update([draft(2, "Zebra crossings", ["Noting zebra crossings,", "Paints them;"])], generation=3)
    second.update([draft(3, "Stale view", ["Noting a stale view,", "Drops it;"])], generation=2)
    assert sorted(p.name for p in tmp_path.glob("index-*/MAIN_*")) == segments  # no segment, no new TOC
    assert keys(first, "zebra") == ["draft:2"] and keys(first, "stale") == []
    assert first.state().generation == 3 and first.state().documents == 2
    second.update([draft(3, "Fresh view", ["Noting a fresh view,", "Keeps it;"])], generation=4)
    assert keys(first, "fresh") == ["draft:3"] and first.state().generation == 4


def test_update_waits_for_the_writer_then_gives_up(tmp_path, english):
    ix = SearchIndex(tmp_path, write_timeout=0.3)
    ix.rebuild(english[:1], generation=1)
    fd = os.open(tmp_path / "write.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)       # another process is writing
        with pytest.raises(IndexBusy, match="locked"):
            ix.update([drafts()[0]])
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    ix.update([drafts()[0]])
    assert keys(ix, "decent") == ["draft:1"]


def test_updates_during_a_rebuild_are_not_lost(tmp_path, english):
    ix = SearchIndex(tmp_path)
    ix.rebuild(english[:1], generation=1)
    other = SearchIndex(tmp_path)            # a web process saving a draft meanwhile

    def entries():
        yield english[0]
        other.update([draft(8, "Saved during the rebuild", ["Noting okapis,", "Counts okapis;"])], generation=2)
        yield from english[1:]

    ix.rebuild(entries(), generation=1)
    assert keys(other, "okapis") == ["draft:8"]
    assert other.state().generation == 2


def test_parallel_rebuild_matches_a_single_process_one(tmp_path, english, monkeypatch):
    from resolutions.search import build
    monkeypatch.setattr(build, "PARALLEL_MIN", 2)
    one = SearchIndex(tmp_path / "one", procs=1)
    two = SearchIndex(tmp_path / "two", procs=2)
    entries = english + drafts()
    one.rebuild(entries, generation=1)
    two.rebuild(entries, generation=1)
    assert one.state() == two.state()
    common = [json.loads((ix.folder / ix._read_current() / "search.json").read_text())["common"] for ix in (one, two)]
    assert common[0] == common[1] and common[0]["en"]  # counted in two processes, added up
    for text in ("drugs", '"synthetic drugs"', "missions OR decent", "session:77"):
        a = one.search(SearchQuery(text=text, per_page=50), None)
        b = two.search(SearchQuery(text=text, per_page=50), None)
        assert a.total == b.total and a.facets == b.facets
        assert sorted((h.key, round(h.score, 3)) for h in a.results) == sorted(
            (h.key, round(h.score, 3)) for h in b.results)


def test_a_rebuild_process_that_dies_fails_the_rebuild_and_leaves_the_index_as_it_was(tmp_path, english,
                                                                                      monkeypatch):
    from resolutions.search import build
    ix = SearchIndex(tmp_path, procs=2)
    ix.rebuild(english[:2], generation=1)
    monkeypatch.setattr(build, "PARALLEL_MIN", 2)
    monkeypatch.setattr(sys, "executable", "/bin/false")   # the second process exits at once
    with pytest.raises(RuntimeError, match=r"rebuild process 1 failed \(1\)"):
        ix.rebuild(english, generation=2)
    assert ix.state() == IndexState(documents=2, generation=1)
    assert [h.key for h in ix.search(SearchQuery(text=f"symbol:{english[1].symbol}"), None).results] == [english[1].key]
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [ix._read_current()]


def test_an_empty_index_works_and_takes_updates(tmp_path):
    ix = SearchIndex(tmp_path)
    ix.rebuild([], generation=5)
    assert ix.state() == IndexState(documents=0, generation=5)
    assert ix.search(SearchQuery(text="drugs"), None).total == 0
    assert ix.search(SearchQuery(text=""), None).results == []
    assert ix.precedents("drugs and crime", "en").results == []
    ix.update(drafts(), generation=6)
    assert ix.state() == IndexState(documents=3, generation=6)
    assert set(keys(ix, "decent")) == {"draft:1", "draft:2"}
