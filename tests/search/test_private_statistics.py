"""Relevance never depends on text the caller cannot see.

Statistics (df, documents with a field, length averages, common terms) count live
documents of public entries only: another delegation's private draft being added,
edited, removed, or purged by a merge changes nothing a caller sees — search results
(totals, ranks, scores, snippets, facets) and precedents alike. A public entry does.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from resolutions.search import SearchIndex, SearchQuery

from .conftest import draft, drafts, real_entries

DELEGATION_13 = {"all", "delegation:13"}
OWNER = {"all", "delegation:7"}
QUERIES = [
    "drugs", "synthetic drugs", '"synthetic drugs"', '"toxicological data"', "precursor*", "psychoact*",
    "drugs OR crime -cannabis", "title:drugs", '"the use of"', "women decent", "session:78 drugs",
    "(synthetic OR new) AND psychoactive", "missions", "develop* sustainable",
]


@pytest.fixture(scope="module")
def public():
    english = [e for e in real_entries() if e.language == "en"]
    return english + drafts()  # drafts() holds one private draft already (delegation:12)


@pytest.fixture(scope="module")
def source(public):
    return next(e for e in public if e.key == "res:A/RES/78/131:en")


def private_draft(source, *, draft_id=70, extra="", visible_to=("delegation:7",)):
    """A private draft saying much of what a public resolution says, and more."""
    texts = [p.text for _, _, p in source.document.walk() if p.text.strip()][:40]
    texts += [f"Notes the toxicological data on synthetic drugs and precursors {extra} zebrafish;"] * 30
    return draft(draft_id, f"Synthetic drugs, precursor chemicals and psychoactive substances {extra}",
                 texts, visible_to=visible_to, sponsors=("Peru",), session=78)


def seen(ix: SearchIndex, source, visibility=DELEGATION_13, hide: str | None = None):
    """Everything a caller sees: per query the total, the ranked (key, score, snippet ids),
    facets, and precedents of a few real paragraphs. ``hide``: an entry the caller can
    see but that is not the subject (left out, so the others can be compared)."""
    out = {}
    for text in QUERIES:
        r = ix.search(SearchQuery(text=text, per_page=100), visibility)
        hits = [(h.key, h.score, tuple(s.paragraph_id for s in h.snippets), h.matching_paragraphs)
                for h in r.results if h.key != hide]
        out[text] = (hits if hide else (r.total, hits, r.facets, r.shortened))
    paragraphs = [p.text for _, _, p in source.document.walk() if len(p.text.split()) > 12][:6]
    for text in paragraphs + ["Notes the toxicological data on synthetic drugs;"]:
        out["precedents: " + text[:40]] = [(p.key, p.paragraph_id, p.score) for p in ix.precedents(text, "en")]
    return out


def test_private_drafts_added_edited_removed_and_merged_change_nothing(tmp_path, public, source):
    ix = SearchIndex(tmp_path)
    ix.rebuild(public, generation=1)
    before = seen(ix, source)
    before_all = seen(ix, source, visibility=None, hide="draft:70")
    assert before["drugs"][0] >= 3 and all(v for k, v in before.items() if k.startswith("precedents"))

    ix.update([private_draft(source)], generation=2)
    assert seen(ix, source) == before
    assert seen(ix, source, visibility=None, hide="draft:70") == before_all  # the Secretariat sees it, and
    assert "draft:70" in [h.key for h in ix.search(SearchQuery(text="zebrafish"), OWNER).results]

    ix.update([private_draft(source, extra="amended")], generation=3)
    assert seen(ix, source) == before
    ix.update(remove_keys=["draft:70"], generation=4)
    assert seen(ix, source) == before

    ix.update([private_draft(source, extra="again")], generation=5)
    ix.optimize()  # one segment: the deleted documents of the earlier versions are gone
    assert seen(ix, source) == before
    assert seen(ix, source, visibility=None, hide="draft:70") == before_all
    ix.update(remove_keys=["draft:70"], generation=6)
    ix.optimize()
    assert seen(ix, source) == before
    assert seen(SearchIndex(tmp_path), source) == before  # and so sees another process


def test_many_updates_with_whoosh_merges_change_nothing(tmp_path, public, source):
    """Small commits make Whoosh merge segments on its own (purging deleted documents)."""
    ix = SearchIndex(tmp_path)
    ix.rebuild(public, generation=1)
    before = seen(ix, source)
    for i in range(12):
        ix.update([private_draft(source, draft_id=80 + i % 3, extra=f"v{i}", visible_to=(f"delegation:{i}",))])
    assert seen(ix, source) == before
    ix.update(remove_keys=["draft:80", "draft:81", "draft:82"])
    assert seen(ix, source) == before


def test_a_rebuild_with_private_drafts_chooses_the_same_common_terms(tmp_path, public, source):
    plain, with_private = SearchIndex(tmp_path / "a"), SearchIndex(tmp_path / "b")
    plain.rebuild(public, generation=1)
    # 30 paragraphs of "toxicological data": common terms if the private draft counted
    with_private.rebuild(public + [private_draft(source)], generation=1)
    common = [json.loads(next(Path(f).glob("index-*/search.json")).read_text())["common"]
              for f in (tmp_path / "a", tmp_path / "b")]
    assert common[0] == common[1]
    assert seen(plain, source) == seen(with_private, source)


def test_owners_find_their_private_drafts_scored_with_public_statistics(tmp_path, public, source):
    ix = SearchIndex(tmp_path)
    ix.rebuild(public, generation=1)
    before = ix.search(SearchQuery(text='"synthetic drugs"', per_page=100), OWNER)
    ix.update([private_draft(source)])
    after = ix.search(SearchQuery(text='"synthetic drugs"', per_page=100), OWNER)
    assert after.total == before.total + 1
    others = [(h.key, h.score) for h in after.results if h.key != "draft:70"]
    assert others == [(h.key, h.score) for h in before.results]
    # a word found only in private text: its owner finds it, by word and by prefix
    for text in ("zebrafish", "zebrafi*"):
        assert [h.key for h in ix.search(SearchQuery(text=text), OWNER).results] == ["draft:70"]
        assert ix.search(SearchQuery(text=text), DELEGATION_13).results == []
    assert [h.key for h in ix.search(SearchQuery(text="zebrafi*"), None).results] == ["draft:70"]
    # precedents never offer a draft, private or not
    text = source.document.operative[2].text
    assert all(p.key.startswith("res:") for p in ix.precedents(text, "en", limit=10))


def test_prefix_expansion_ignores_other_delegations_words(tmp_path, public, source):
    ix = SearchIndex(tmp_path)
    ix.rebuild(public + [private_draft(source)], generation=1)
    query = SearchQuery(text="psy* OR zeb* OR pre*", per_page=100)
    before = [ix.search(query, v) for v in (DELEGATION_13, OWNER)]
    assert before[0].total >= 3 and "draft:70" in [h.key for h in before[1].results]
    # another delegation's draft full of words starting with "psy", "zeb" and "pre"
    words = " ".join(f"psy{i:03d}x zeb{i:03d}y pre{i:03d}z" for i in range(300))
    ix.update([draft(71, "Words", ["Noting,", words], visible_to=("delegation:99",))])
    after = [ix.search(query, v) for v in (DELEGATION_13, OWNER)]
    for a, b in zip(after, before):
        assert [(h.key, h.score) for h in a.results] == [(h.key, h.score) for h in b.results]
        assert a.total == b.total and a.facets == b.facets and a.shortened == b.shortened
    assert "draft:71" in [h.key for h in ix.search(query, {"delegation:99"}).results]
    # the owner's own word is still found by prefix: the other draft's words do not crowd it out
    assert [h.key for h in ix.search(SearchQuery(text="zeb*"), OWNER).results] == ["draft:70"]


def test_a_public_entry_does_change_the_statistics(tmp_path, public, source):
    """The sanity check: the comparisons above would see a change."""
    ix = SearchIndex(tmp_path)
    ix.rebuild(public, generation=1)
    before = seen(ix, source)
    ix.update([private_draft(source, draft_id=72, visible_to=("all",))])
    after = seen(ix, source, hide="draft:72")
    changed = [q for q in QUERIES if [h[:2] for h in before[q][1]] != [h[:2] for h in after[q]]]
    assert len(changed) >= 5, changed
