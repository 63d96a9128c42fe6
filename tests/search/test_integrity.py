"""Silent index damage is detected: the manifest, verify(), and IndexUnavailable (503)."""
from __future__ import annotations

import json
import shutil
import struct
import threading
from pathlib import Path

import pytest
import whoosh
from whoosh.codec.whoosh3 import W3Codec

from resolutions.search import IndexUnavailable, SearchIndex, SearchQuery
from resolutions.search import engine, whoosh_internals as wi
from resolutions.search.manifest import MANIFEST, checksum

from .conftest import draft, real_entries

QUERY = SearchQuery(text="synthetic drugs")


@pytest.fixture(scope="module")
def entries():
    return [e for e in real_entries() if e.language in ("en", "fr")]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, entries) -> Path:
    folder = tmp_path_factory.mktemp("pristine")
    SearchIndex(folder).rebuild(entries, generation=1)
    return folder


@pytest.fixture
def built(tmp_path, pristine) -> tuple[SearchIndex, Path]:
    """A copy of a built index that no SearchIndex of this process has open yet (so its
    files may be damaged without pulling them from under a live memory mapping)."""
    shutil.copytree(pristine, tmp_path / "ix")
    return SearchIndex(tmp_path / "ix"), next((tmp_path / "ix").glob("index-*"))


def biggest(folder: Path, ext: str) -> Path:
    return max(folder.glob(f"*{ext}"), key=lambda p: p.stat().st_size)


def test_an_intact_index_verifies_clean_before_and_after_updates(built, index):
    ix, folder = built
    assert ix.verify() == [] and index.verify() == []
    ix.update([draft(1, "Zebra crossings", ["Noting zebra crossings,", "Paints them;"])], generation=2)
    ix.update([draft(2, "Okapis", ["Noting okapis,", "Counts them;"])], remove_keys=["draft:1"], generation=3)
    assert ix.verify() == []
    files = json.loads((folder / MANIFEST).read_text())["files"]
    on_disk = {p.name for p in folder.glob("MAIN_*.*")} - {"MAIN_WRITELOCK"}
    assert set(files) == on_disk  # every segment file recorded, none that is gone
    assert all(files[n] == list(checksum(folder / n)) for n in files)
    ix.optimize()
    assert ix.verify() == [] and ix.search(SearchQuery(text="okapis"), None).total == 1
    files = json.loads((folder / MANIFEST).read_text())["files"]
    assert set(files) == {p.name for p in folder.glob("MAIN_*.*")} - {"MAIN_WRITELOCK"}  # merged-away: gone


def test_a_truncated_posting_file_is_reported_and_never_served(built):
    ix, folder = built
    pst = biggest(folder, ".pst")
    size = pst.stat().st_size
    with open(pst, "r+b") as f:
        f.truncate(size // 2)
    problems = ix.verify()
    assert any(pst.name in p and "bytes" in p for p in problems), problems
    with pytest.raises(IndexUnavailable, match="damaged") as err:
        ix.search(QUERY, None)
    assert err.value.status == 503
    with pytest.raises(IndexUnavailable):
        ix.precedents("synthetic drugs and new psychoactive substances", "en")
    assert ix.state() is None  # the start-up check then rebuilds


@pytest.mark.parametrize("ext", [".pst", ".trm", ".seq.col", "._stored.col"])
def test_flipped_bytes_are_reported_and_never_served(built, ext):
    ix, folder = built
    target = biggest(folder, ext)
    with open(target, "r+b") as f:
        f.seek(target.stat().st_size // 3)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0x5A]))
    assert any(target.name in p and "changed" in p for p in ix.verify())
    with pytest.raises(IndexUnavailable, match="damaged"):
        ix.search(QUERY, None)


def test_a_missing_file_and_an_unreadable_toc_are_reported(built):
    ix, folder = built
    victim = biggest(folder, ".trm")
    victim.unlink()
    assert any(victim.name in p and "missing" in p for p in ix.verify())
    for toc in folder.glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00garbage" * 10)
    assert any("table of contents" in p for p in ix.verify())
    with pytest.raises(IndexUnavailable):
        ix.search(QUERY, None)


def test_schema_and_library_mismatches_are_reported(built, monkeypatch):
    ix, folder = built
    meta = json.loads((folder / "search.json").read_text())
    (folder / "search.json").write_text(json.dumps({**meta, "schema": 2}))
    assert any("schema 2" in p for p in ix.verify())
    with pytest.raises(IndexUnavailable, match="schema"):
        ix.search(QUERY, None)
    (folder / "search.json").write_text(json.dumps(meta))
    monkeypatch.setattr(whoosh, "versionstring", lambda: "2.8.0")
    assert any("2.8.0" in p for p in ix.verify())


def test_no_index_and_a_missing_manifest_are_reported(tmp_path, built):
    assert SearchIndex(tmp_path / "empty").verify() == ["there is no search index yet (no CURRENT file): build it"]
    ix, folder = built
    (folder / MANIFEST).unlink()
    assert any(MANIFEST in p for p in ix.verify())
    with pytest.raises(IndexUnavailable, match="manifest"):
        ix.search(QUERY, None)


def test_a_failing_probe_search_is_reported(built, monkeypatch):
    ix, _ = built

    def broken(self, field, term):
        raise struct.error("unpack requires a buffer of 8 bytes")

    monkeypatch.setattr(engine.Snapshot, "term_scores", broken)
    assert ix.verify() == ["a probe search failed: error: unpack requires a buffer of 8 bytes"]


@pytest.mark.parametrize("error", [struct.error("bad block"), EOFError(), KeyError("x"), IndexError(3),
                                   UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), RuntimeError("?")])
def test_any_failure_inside_a_search_is_index_unavailable(built, monkeypatch, error):
    ix, _ = built
    assert ix.search(QUERY, None).total > 0  # opened and checked

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(wi, "postings", broken)
    with pytest.raises(IndexUnavailable, match="damaged") as err:
        ix.search(SearchQuery(text="psychoactive"), None)
    assert err.value.status == 503 and err.value.where == "search index"
    with pytest.raises(IndexUnavailable, match="damaged"):
        ix.precedents("synthetic drugs and new psychoactive substances", "en")
    monkeypatch.undo()
    assert ix.search(SearchQuery(text="psychoactive"), None).total > 0  # reopened, rechecked, fine


def test_a_posting_file_overwritten_under_an_open_searcher(built):
    """Same size (no truncation under the mapping), content gone: reading fails, and that
    failure is a 503, not a 500."""
    ix, folder = built
    assert ix.search(QUERY, None).total > 0
    pst = biggest(folder, ".pst")
    with open(pst, "r+b") as f:
        f.write(bytes(pst.stat().st_size))
    with pytest.raises(IndexUnavailable):
        ix.search(SearchQuery(text="cooperation"), None)
    with pytest.raises(IndexUnavailable):  # and the next open finds the file changed
        ix.search(SearchQuery(text="cooperation"), None)


def test_verify_and_search_during_updates_and_merges_see_no_damage(built):
    """Writers record files before their TOC names them and readers re-read a TOC that
    moved on, so checks racing with commits (and Whoosh's merges) never cry wolf."""
    ix, _ = built
    writer = SearchIndex(ix.folder)
    errors, done = [], threading.Event()

    def write():
        try:
            for i in range(15):
                writer.update([draft(100 + i % 4, f"Draft {i}", [f"Noting item{i},", "Counts them;"])])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=write)
    thread.start()
    checks = 0
    while not done.is_set() or checks < 3:
        assert SearchIndex(ix.folder).verify() == []
        assert ix.search(QUERY, None).total > 0
        checks += 1
    thread.join()
    assert not errors and ix.verify() == []


def test_a_column_merged_away_between_look_and_open_is_gone_not_a_default(built):
    """A merge may delete a segment's column file between the check for it and its
    opening: that reads as "gone" (the caller reopens the index), never as a column of
    defaults whose reading then fails as damage."""
    _, folder = built
    reader = whoosh.index.open_dir(str(folder), indexname="MAIN").reader()
    leaf = reader if reader.is_atomic() else reader.leaf_readers()[0][0]
    perdoc, real = leaf._perdoc, leaf._perdoc.has_column
    column_file = folder / W3Codec.column_filename(leaf.segment(), "seq")
    assert column_file.exists()

    def merged_right_after(name):
        answer = real(name)
        column_file.unlink()
        perdoc.has_column = real
        return answer

    perdoc.has_column = merged_right_after
    with pytest.raises(FileNotFoundError):
        wi.bytes_column(leaf, "seq")
    reader.close()
