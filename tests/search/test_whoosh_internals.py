"""Contract tests of the wall around Whoosh's internals (whoosh_internals.py).

Each fast reader must give exactly what Whoosh's public, slow API gives, on real corpus
text, with several segments and deletions; the writer hooks and the parallel commit
must yield an index Whoosh itself reads. If the pinned library changes under us, these
fail first, and loudly.
"""
from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
import whoosh
from whoosh.query import Term

from resolutions.search import SearchIndex
from resolutions.search import whoosh_internals as wi
from resolutions.search.schema import entry_documents, make_schema

from .conftest import draft, real_entries


def test_the_installed_whoosh_is_the_pinned_one():
    assert wi.library_problems() == []
    assert whoosh.versionstring() == wi.PINNED == "2.7.5"
    assert importlib.metadata.version("whoosh-reloaded") == wi.PINNED
    for other in ("whoosh", "whoosh-ng"):  # two distributions of one package overwrite each other
        with pytest.raises(importlib.metadata.PackageNotFoundError):
            importlib.metadata.version(other)


def test_library_problems_say_what_differs(monkeypatch):
    monkeypatch.setattr(whoosh, "versionstring", lambda: "2.7.6")
    assert any("2.7.6" in p and wi.PINNED in p for p in wi.library_problems())


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A real index of several segments, one with deletions."""
    root = tmp_path_factory.mktemp("internals")
    ix = SearchIndex(root)
    english = [e for e in real_entries() if e.language in ("en", "fr", "zh")]
    ix.rebuild(english, generation=1)
    ix.update([draft(1, "Zebra crossings", ["Noting zebra crossings,", "Paints them; drugs"])])
    ix.update([draft(2, "Okapis", ["Noting okapis,", "Counts them;"])], remove_keys=[english[0].key])
    return next(root.glob("index-*"))


@pytest.fixture(scope="module")
def readers(folder):
    searcher = wi.open_searcher(wi.open_index(folder))
    out = [r for r, _ in searcher.reader().leaf_readers()]
    assert len(out) >= 2 and any(r.has_deletions() for r in out)
    yield out
    searcher.close()


def sample_terms(reader, field: str, every: int = 7) -> list[str]:
    return [t.decode("utf-8") for i, t in enumerate(reader.lexicon(field)) if i % every == 0]


@pytest.mark.parametrize("field", ["text_en", "pair_en", "text_fr", "text_zh", "unit", "key"])
def test_postings_are_what_whoosh_matchers_give(readers, field):
    checked = 0
    for reader in readers:
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        for term in sample_terms(reader, field, every=1 if field in ("unit", "key") else 7):
            ids, weights = wi.postings(reader, field, term)
            m = reader.postings(field, term)  # the public matcher skips deleted documents
            expected = []
            while m.is_active():
                expected.append((m.id(), m.weight()))
                m.next()
            assert [(d, w) for d, w in zip(ids, weights) if d not in deleted] == expected, (field, term)
            assert len(ids) == reader.doc_frequency(field, term)  # deletions included, as Whoosh counts
            checked += 1
    assert checked > 3
    assert wi.postings(readers[0], field, "no such term at all") == ([], [])


def test_int64_column_is_the_doc_column(readers):
    for reader in readers:
        n = reader.doc_count_all()
        public = reader.column_reader("doc")
        assert list(wi.int64_column(reader, "doc", n)) == [public[i] for i in range(n)]


@pytest.mark.parametrize("field", ["text_en", "pair_en", "text_zh", "text_ru"])
def test_length_bytes_are_whoosh_field_lengths(readers, field):
    for reader in readers:
        n = reader.doc_count_all()
        got = wi.length_bytes(reader, field, n)
        expected = bytes(wi.length_byte(reader.doc_field_length(i, field) or 0) for i in range(n))
        assert got == expected
        assert [wi.BYTE_LENGTH[b] for b in got] == [reader.doc_field_length(i, field) or 0 for i in range(n)]


def test_toc_and_segment_files(folder):
    ix = wi.open_index(folder)
    toc = wi.read_toc(ix)
    assert toc.generation == ix.latest_generation() and len(toc.segments) >= 2
    assert (folder / wi.toc_file(ix, toc.generation)).exists()
    assert set(toc.schema.names()) == set(make_schema().names())
    files = [name for seg in toc.segments for name in wi.segment_files(ix, seg)]
    for seg in toc.segments:
        assert all(name.startswith(wi.segment_id(seg) + ".") for name in wi.segment_files(ix, seg))
    others = {p.name for p in folder.iterdir()} - set(files)
    assert others <= {wi.toc_file(ix, toc.generation), "MAIN_WRITELOCK", "search.json", "state.json",
                      "manifest.json"}, others


def test_open_searcher_reuses_unchanged_segments_and_sees_deletions(tmp_path):
    ix = SearchIndex(tmp_path)
    ix.rebuild([draft(i, f"Title {i}", [f"Noting alpha{i},", "Counts;"]) for i in range(5)], generation=1)
    folder = next(tmp_path.glob("index-*"))
    wix = wi.open_index(folder)
    old = wi.open_searcher(wix)
    ix.update([draft(9, "New", ["Noting beta,", "Counts;"])])  # a new segment, the old one untouched
    fresh = wi.open_searcher(wix, old)
    before = [r for r, _ in old.reader().leaf_readers()]
    after = [r for r, _ in fresh.reader().leaf_readers()]
    assert after[0] is before[0] and len(after) == 2
    ix.update(remove_keys=["draft:1"])  # a deletion in the first segment: it must be reread
    third = wi.open_searcher(wix, fresh)
    assert [r for r, _ in third.reader().leaf_readers()][0] is not before[0]
    assert third.search(Term("key", "draft:1")).scored_length() == 0
    assert third.search(Term("key", "draft:2")).scored_length() == 3  # its head and two paragraphs
    third.close()


def documents(n_entries: int) -> list[dict]:
    entries = [e for e in real_entries() if e.language == "en"][:n_entries]
    return [doc for e in entries for doc in entry_documents(e, frozenset({"the", "of"}))]


def dump(folder: Path) -> dict:
    """Everything a reader sees of an index: per field, term → postings; lengths; columns."""
    searcher = wi.open_index(folder).searcher()
    r = searcher.reader()
    out = {"docs": r.doc_count_all(), "stored": [r.stored_fields(i) for i in range(r.doc_count_all())]}
    for field in ("text_en", "pair_en", "key", "unit"):
        postings = {}
        for term in r.lexicon(field):
            m, got = r.postings(field, term), []
            while m.is_active():
                got.append((m.id(), m.weight()))
                m.next()
            postings[term] = got
        out[field] = postings
        out["len_" + field] = [r.doc_field_length(i, field) for i in range(r.doc_count_all())]
    searcher.close()
    return out


def test_our_writer_writes_what_whoosh_writer_writes(tmp_path):
    docs = documents(2)
    for name in ("ours", "whoosh"):
        (tmp_path / name).mkdir()
        ix = wi.create_index(tmp_path / name, make_schema())
        w = wi.open_writer(ix, timeout=1.0) if name == "ours" else ix.writer()
        for doc in docs:
            w.add_document(**doc)
        w.commit()
    assert dump(tmp_path / "ours") == dump(tmp_path / "whoosh")


def test_before_toc_runs_before_the_segments_become_visible(tmp_path):
    ix = wi.create_index(tmp_path, make_schema())
    seen = []

    def hook(segments):
        seen.append((ix.latest_generation(), [wi.segment_id(s) for s in segments],
                     all((tmp_path / f).exists() for s in segments for f in wi.segment_files(ix, s))))

    w = wi.open_writer(ix, timeout=1.0, before_toc=hook)
    for doc in documents(1):
        w.add_document(**doc)
    w.commit()
    toc = wi.read_toc(ix)
    assert seen == [(0, [wi.segment_id(s) for s in toc.segments], True)] and toc.generation == 1


def test_parallel_parts_commit_into_one_searchable_index(tmp_path):
    docs = documents(3)
    half = len(docs) // 2
    ix = wi.create_index(tmp_path, make_schema())
    parent = wi.open_writer(ix, timeout=1.0)
    child = wi.part_writer(ix)  # in a rebuild it runs in another process (buildpart.py)
    for doc in docs[:half]:
        parent.add_document(**doc)
    for doc in docs[half:]:
        child.add_document(**doc)
    segments = [wi.finish_part(parent), wi.finish_part(child)]
    wi.commit_parts(parent, segments)
    searcher = wi.open_index(tmp_path).searcher()
    assert searcher.doc_count_all() == len(docs)
    keys = {doc["key"] for doc in docs}
    assert len(keys) == 3
    for key in keys:
        assert searcher.search(Term("key", key), limit=None).scored_length() == sum(d["key"] == key for d in docs)
    searcher.close()
    w1 = wi.open_writer(wi.open_index(tmp_path), timeout=0.1)  # the parent released Whoosh's lock
    try:
        with pytest.raises(wi.LockError):  # and a writer holds it again
            wi.open_writer(wi.open_index(tmp_path), timeout=0.1)
    finally:
        w1.cancel()


def test_files_removed_under_a_reader_raise_instead_of_reading_defaults(tmp_path):
    """Whoosh opens column files lazily and reads a missing one as defaults (or fails
    with a TypeError): after a writer merged a segment away, that would be silent garbage.
    The wall turns it into FileNotFoundError, which SearchIndex answers by reopening."""
    ix = SearchIndex(tmp_path)
    ix.rebuild([e for e in real_entries() if e.language == "en"][:2], generation=1)
    folder = next(tmp_path.glob("index-*"))
    searcher = wi.open_index(folder).searcher()
    reader = next(r for r, _ in searcher.reader().leaf_readers())
    sid = wi.segment_id(reader.segment())
    for suffix in (".seq.col", "._stored.col", "._text_en_len.col", ".doc.col"):
        (folder / f"{sid}{suffix}").unlink()
    with pytest.raises(FileNotFoundError):
        wi.bytes_column(reader, "seq")
    with pytest.raises(FileNotFoundError):
        wi.open_stored(reader)
    with pytest.raises(FileNotFoundError):
        wi.length_bytes(reader, "text_en", reader.doc_count_all())
    with pytest.raises(FileNotFoundError):
        wi.int64_column(reader, "doc", reader.doc_count_all())
    assert wi.length_bytes(reader, "text_fr", 3) == bytes(3)  # a field the segment never had
    searcher.close()


def test_deleted_docs_are_what_the_public_api_says(readers):
    for reader in readers:
        assert set(wi.deleted_docs(reader)) == {i for i in range(reader.doc_count_all()) if reader.is_deleted(i)}


def test_bulk_writer_writes_whoosh_files_byte_for_byte(tmp_path, monkeypatch):
    """whoosh_bulk's documents and postings (one call per term) against Whoosh's own
    SegmentWriter with the same codec: every segment file identical, block headers
    (lengths, weights) included; enough documents for posting lists of several blocks.
    Whoosh's own writer cannot inline (see whoosh_bulk._write_single_block): compared
    without, the inlined rows are the next test's."""
    from whoosh.writing import SegmentWriter

    monkeypatch.setattr(wi, "INLINE_LIMIT", 1)
    docs = documents(12)
    files = {}
    for name in ("ours", "whoosh"):
        (tmp_path / name).mkdir()
        ix = wi.create_index(tmp_path / name, make_schema())
        if name == "ours":
            w = wi.open_writer(ix, timeout=1.0)
        else:
            w = SegmentWriter(ix, codec=wi._codec(), compound=False)
        for doc in docs:
            w.add_document(**doc)
        segment = wi.finish_part(w)
        files[name] = {f.split(".", 1)[1]: (tmp_path / name / f).read_bytes() for f in wi.segment_files(ix, segment)}
    assert files["ours"].keys() == files["whoosh"].keys()
    assert max(len(v) for v in files["ours"].values()) > 100_000
    for ext in files["ours"]:
        assert files["ours"][ext] == files["whoosh"][ext], ext


def test_inlined_short_lists_read_and_merge_as_blocks_do(tmp_path, monkeypatch):
    """Terms of fewer than INLINE_LIMIT postings kept in the term table give, through
    Whoosh's public reader, the postings and statistics of the same terms written as
    blocks, after two commits and again after Whoosh's merge of both segments."""
    from whoosh.codec.whoosh3 import W3TermInfo

    assert not hasattr(W3TermInfo, "set_inline"), "Whoosh mended set_inline: whoosh_bulk's note is out of date"
    docs = documents(12)
    seen = {}
    for limit in (1, wi.INLINE_LIMIT):
        monkeypatch.setattr(wi, "INLINE_LIMIT", limit)
        (tmp_path / str(limit)).mkdir()
        ix = wi.create_index(tmp_path / str(limit), make_schema())
        for part in (docs[:6], docs[6:]):
            w = wi.open_writer(ix, timeout=1.0)
            for doc in part:
                w.add_document(**doc)
            w.commit(merge=False)
        before = _all_postings(ix)
        w = wi.open_writer(ix, timeout=1.0)
        w.commit(optimize=True)
        seen[limit] = (before, _all_postings(ix))
    (blocks, blocks_merged), (inlined, inlined_merged) = seen[1], seen[wi.INLINE_LIMIT]
    assert _content(inlined) == _content(blocks) and _content(inlined_merged) == _content(blocks_merged)
    assert len({segment for segment, _, _ in blocks}) == 2 and len({s for s, _, _ in blocks_merged}) == 1
    assert sum(row[-1] for row in inlined.values()) > 100 and sum(row[-1] for row in inlined_merged.values()) > 100
    assert not any(row[-1] for row in blocks.values())


def test_a_commit_that_adds_documents_and_merges_a_segment_in_writes_them_in_one_order(tmp_path):
    """A writer's own documents (whoosh_bulk.TermLists) and those of a segment merged in at
    commit (Whoosh's pool) share terms: their postings are joined in document order, as
    if the documents had been added one after the other."""
    docs = documents(12)
    (tmp_path / "merged").mkdir()
    (tmp_path / "added").mkdir()
    merged = wi.create_index(tmp_path / "merged", make_schema())
    w = wi.open_writer(merged, timeout=1.0)
    for doc in docs[:6]:
        w.add_document(**doc)
    w.commit(merge=False)
    w = wi.open_writer(merged, timeout=1.0)
    for doc in docs[6:]:
        w.add_document(**doc)
    w.commit(optimize=True)   # docs[:6] merged in after the writer's own
    added = wi.create_index(tmp_path / "added", make_schema())
    w = wi.open_writer(added, timeout=1.0)
    for doc in docs[6:] + docs[:6]:
        w.add_document(**doc)
    w.commit()
    got, want = _all_postings(merged), _all_postings(added)
    assert len({segment for segment, _, _ in got}) == 1
    assert got == want
    shared = {(f, t) for _, f, t in got if f.startswith("text_")}
    assert len(shared) > 1000


def _all_postings(ix) -> dict:
    """{(segment, field, term): (postings, df, weight, max weight, lengths, inlined?)}
    through Whoosh's public reader."""
    out = {}
    with ix.reader() as reader:
        for n, (leaf, _) in enumerate(reader.leaf_readers()):
            for field, term in leaf.all_terms():
                info = leaf.term_info(field, term)
                m = leaf.postings(field, term)
                postings = []
                while m.is_active():
                    postings.append((m.id(), m.weight(), m.value()))
                    m.next()
                out[(n, field, term)] = (postings, info.doc_frequency(), info.weight(), info.max_weight(),
                                         info.min_length(), info.max_length(), info.is_inlined())
    return out


def _content(rows: dict) -> dict:
    return {key: row[:-1] for key, row in rows.items()}


def test_updates_drop_segments_left_without_live_documents(tmp_path):
    """A draft saved again and again: each save deletes every document of the previous
    segment, which merge_small drops unread, so segments do not pile up; the other
    entries' segments and the latest text stay, the replaced text is gone."""
    from resolutions.search import SearchQuery

    ix = SearchIndex(tmp_path)
    ix.rebuild([e for e in real_entries() if e.language == "en"][:2], generation=1)
    ix.update([draft(7, "Okapis", ["Noting okapis,", "Counts them;"])], generation=2)
    counts = []
    for i in range(8):
        ix.update([draft(1, f"Zebra crossing number{i}", ["Noting zebra crossings,", f"Paints them{i};"])],
                  generation=3 + i)
        folder = next(tmp_path.glob("index-*"))
        toc = wi.read_toc(wi.open_index(folder))
        assert all(s.doc_count() > 0 for s in toc.segments)
        counts.append(len(toc.segments))
    assert counts[-1] == counts[0] == 3   # the rebuilt one, the okapis, the latest zebra save
    assert ix.search(SearchQuery(text="number7"), None).results[0].key == "draft:1"
    assert not ix.search(SearchQuery(text="number6"), None).results
    assert ix.search(SearchQuery(text="okapis"), None).results[0].key == "draft:7"
    assert SearchIndex(tmp_path).verify() == []
