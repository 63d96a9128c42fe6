"""Hostile input: a clear QueryError, or a bounded answer that is correct for what was
searched (and says what was cut) — never another exception."""
from __future__ import annotations

import random

import pytest

from resolutions.search import PrecedentResults, QueryError, SearchQuery, SearchResults
from resolutions.search import engine, phrases, precedents, query as query_module


def search(index, text, visibility=None, **kw) -> SearchResults:
    return index.search(SearchQuery(text=text, per_page=100, **kw), visibility)


def same(a: SearchResults, b: SearchResults) -> bool:
    return a.total == b.total and [(h.key, h.score) for h in a.results] == [(h.key, h.score) for h in b.results]


WORDS = ["drugs", "synthetic", "women", "precursor", "missions", "cannabis", "health", "decent", "crime",
         "international", "cooperation", "treatment", "data", "States", "policy", "review", "special",
         "political", "work", "services", "society", "civil", "report", "progress", "toxicological", "early"]


def test_a_long_or_chain_is_cut_to_its_first_words_and_says_so(index):
    words = (WORDS * 8)[:200]
    r = search(index, " OR ".join(words))
    assert r.shortened and "200 words" in r.shortened and f"first {query_module.MAX_WORDS}" in r.shortened
    assert same(r, search(index, " OR ".join(words[:query_module.MAX_WORDS])))
    assert search(index, " OR ".join(words[:query_module.MAX_WORDS])).shortened is None


def test_many_prefixes_are_cut_and_each_expands_boundedly(index, monkeypatch):
    prefixes = [f"{a}{b}*" for a in "cdeprst" for b in "aeiou"]
    r = search(index, " OR ".join(prefixes))
    assert r.shortened and f"first {query_module.MAX_WORDS}" in r.shortened
    assert same(r, search(index, " OR ".join(prefixes[:query_module.MAX_WORDS])))
    with pytest.raises(QueryError, match="at least two letters"):
        search(index, "a* b* c*")
    # a prefix searches its most frequent words only, and says so
    monkeypatch.setattr(engine, "PREFIX_TERMS", 1)
    public = {"all"}  # (the Secretariat would also get the words of drafts only it can see)
    r = search(index, "dr*", public, language="en")
    assert r.shortened and "dr* matches more words" in r.shortened
    assert same(r, search(index, "drug", public, language="en"))  # "drug(s)": the most frequent


def test_nesting_is_bounded(index):
    depth = query_module.MAX_DEPTH
    ok = "(" * depth + "drugs OR crime" + ")" * depth
    assert same(search(index, ok), search(index, "drugs OR crime"))
    for text in ("(" * (depth + 1) + "drugs" + ")" * (depth + 1), "(" * 1000 + "drugs" + ")" * 1000,
                 "NOT " * (depth + 1) + "drugs", "-" * 1000 + "drugs"):
        with pytest.raises(QueryError, match="nests more than"):
            search(index, text)


def test_quotes_by_the_thousand(index):
    with pytest.raises(QueryError, match="empty phrase"):
        search(index, '"' * 1000)
    with pytest.raises(QueryError, match="unbalanced quotes"):
        search(index, '"' * 1001)
    r = search(index, '"synthetic drugs" ' * 200)
    assert r.shortened and same(r, search(index, '"synthetic drugs" ' * query_module.MAX_WORDS))
    assert [h.key for h in r.results] == [h.key for h in search(index, '"synthetic drugs"').results]


def test_control_characters_surrogates_and_length(index):
    assert same(search(index, "synthetic\x00drugs\x07"), search(index, "synthetic drugs"))
    assert search(index, "\x00\x01\x02").total == search(index, "").total
    for text in ("drugs \ud800 crime", "\udfff", "drugs\udc80"):
        with pytest.raises(QueryError, match="lone surrogate") as err:
            search(index, text)
        assert err.value.where == "query"
    with pytest.raises(QueryError, match="characters long"):
        search(index, "drugs " * 1000)
    assert search(index, "a" * 3999).total == 0


def test_a_long_phrase_stays_exact_with_few_lists_read(index, corpus_entries, monkeypatch):
    monkeypatch.setattr(phrases, "PHRASE_LISTS", 2)
    entry = next(e for e in corpus_entries if e.key == "res:A/RES/78/131:en")
    text = max((p.text for _, _, p in entry.document.walk()), key=len)
    words = text.replace('"', " ").split()
    assert len(words) > 40
    r = search(index, '"' + " ".join(words) + '"', language="en")
    assert [h.key for h in r.results] == [entry.key] and r.results[0].matching_paragraphs == 1
    # the same words with one swapped: no paragraph says that, whatever lists were read
    swapped = words[:-2] + [words[-1], words[-2]]
    assert search(index, '"' + " ".join(swapped) + '"', language="en").total == 0


def test_precedents_of_a_huge_paragraph_compare_its_first_words(index):
    found = index.precedents("the " * 5000, "en")
    assert isinstance(found, PrecedentResults)
    assert found.shortened == f"the paragraph has 5,000 words; only the first {precedents.MAX_TERMS} were compared"
    first = index.precedents("the " * precedents.MAX_TERMS, "en")
    assert first.shortened is None
    assert [(p.key, p.paragraph_id, p.score) for p in found] == [(p.key, p.paragraph_id, p.score) for p in first]
    long_text = "Recognizing the contribution of civil society " * 4000
    found = index.precedents(long_text, "en")
    assert "more than" in found.shortened and len(found) > 0
    assert index.precedents("drugs \x00 \ud800 crime", "en").shortened is None  # odd characters: not words


def test_random_garbage_never_raises_anything_but_query_error(index):
    rng = random.Random(7)
    alphabet = ['"', "(", ")", "*", "-", "!", ":", " ", " ", "OR", "AND", "NOT", "session:", "lang:", "title:",
                "sponsor:", "“", "»", "\x00", "\u200b", "药", "ال", "é", "drugs", "women", "7", "..", "\\"]
    outcomes = {"ok": 0, "QueryError": 0}
    for _ in range(400):
        text = "".join(rng.choice(alphabet) + (" " if rng.random() < 0.4 else "") for _ in range(rng.randint(1, 40)))
        try:
            r = search(index, text, visibility=rng.choice([None, {"all"}, {"all", "delegation:12"}]))
            assert isinstance(r, SearchResults) and r.total >= len(r.results)
            outcomes["ok"] += 1
        except QueryError as err:
            assert err.status == 400 and str(err)
            outcomes["QueryError"] += 1
    assert outcomes["ok"] > 20 and outcomes["QueryError"] > 20, outcomes


def test_odd_characters_in_the_other_fields(index):
    for kw in ({"sponsor": "\ud800"}, {"sponsor": "Japan\x00"}, {"body": "G\udc80A"}, {"sponsor": "x" * 10_000}):
        r = search(index, "drugs", **kw)
        assert r.total == 0 and r.results == []
    with pytest.raises(QueryError):
        index.precedents(None, "en")
    assert len(index.precedents("drugs", "en", limit=10_000)) <= precedents.MAX_RESULTS
