"""search(): phrases, filters, facets, snippets, visibility, languages, order and pages."""
from __future__ import annotations

import re

import pytest

from resolutions.domain.numbering import labels
from resolutions.search import QueryError, SearchQuery

EVERYONE = None  # the Secretariat sees everything
DELEGATION_13 = {"all", "delegation:13"}


def search(index, text="", visibility=EVERYONE, **kw):
    return index.search(SearchQuery(text=text, **kw), visibility)


def keys(results):
    return [h.key for h in results.results]


def test_phrase_is_exact_words_are_not(index):
    assert keys(search(index, '"women decent"')) == ["draft:1"]           # "women decent work"
    assert set(keys(search(index, "women decent"))) >= {"draft:1", "draft:2"}  # also "women of the decent"
    assert keys(search(index, '"decent women"')) == []


def test_real_phrase_and_its_snippet(index):
    r = search(index, '"synthetic drugs"', language="en")
    assert "res:A/RES/78/131:en" in keys(r)
    hit = next(h for h in r.results if h.key == "res:A/RES/78/131:en")
    assert hit.snippets and hit.matching_paragraphs >= len(hit.snippets)
    for s in hit.snippets:
        assert re.search(r"<mark>synthetic drugs?</mark>", s.html, re.I), s.html


def test_snippet_names_the_paragraph(index, corpus_entries):
    r = search(index, '"toxicological data"', language="en")
    hit = next(h for h in r.results if h.symbol == "A/RES/78/131")
    assert hit.snippets[0].paragraph_label == "OP 6"
    assert hit.snippets[0].paragraph_id == "para_35"
    assert "<mark>toxicological data</mark>" in hit.snippets[0].html


def test_subparagraph_label(index, corpus_entries):
    entry = next(e for e in corpus_entries if e.key == "res:A/RES/76/10:en")
    names = labels(entry.document)
    n, op = next((n, p) for n, p in enumerate(entry.document.operative, 1) if p.subparagraphs)
    sub = op.subparagraphs[1]
    r = search(index, f'"{sub.text}" symbol:A/RES/76/10', language="en")
    assert keys(r) == ["res:A/RES/76/10:en"]
    top = r.results[0].snippets[0]
    assert (top.paragraph_label, top.paragraph_id) == (f"OP {n} (b)", sub.id) == ("OP 12 (b)",
                                                                                   "para_101_list_point_b")
    assert names[sub.id] == f"OP{n} (b)"


def test_snippets_are_escaped(index):
    r = search(index, "alert progress", language="en")
    html = r.results[0].snippets[0].html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>alert</mark>" in html and "<mark>progress</mark>" in html


def test_long_paragraph_snippet_is_a_window_around_the_match(index):
    r = search(index, '"early warning"', language="en")
    for hit in r.results:
        for s in hit.snippets:
            text = re.sub(r"</?mark>", "", s.html)
            assert len(text) <= 420
            assert "<mark>" in s.html


def test_field_filters(index):
    assert {h.session for h in search(index, "drugs session:78").results} == {78}
    assert {h.symbol for h in search(index, "symbol:A/RES/78/131").results} == {"A/RES/78/131"}
    assert search(index, "symbol:A/RES/78/131").total == 6  # six languages
    assert {h.language for h in search(index, "drogues lang:fr").results} == {"fr"}
    assert search(index, "drugs lang:fr").total == 0  # English words, French analysis
    assert {h.key for h in search(index, "body:CND").results} == {"draft:1", "draft:3"}
    assert {h.key for h in search(index, "sponsor:mexico kind:draft").results} == {"draft:1", "draft:2"}
    assert {h.key for h in search(index, "sponsor:mexico").results} > {"draft:1", "draft:2"}  # real ones too
    assert {h.key for h in search(index, "kind:draft").results} == {"draft:1", "draft:2", "draft:3"}
    assert {h.key for h in search(index, "kind:draft", visibility={"all"}).results} == {"draft:1", "draft:2"}
    assert {h.symbol for h in search(index, "session:75..76").results} == {"A/RES/75/100", "A/RES/76/10"}
    assert {h.key for h in search(index, "agenda:125 lang:en").results} == {"res:A/RES/78/131:en"}
    assert {h.key for h in search(index, "title:decent").results} == {"draft:1", "draft:2"}
    # SearchQuery's own filters
    assert {h.language for h in search(index, "наркотиков", language="ru").results} == {"ru"}
    assert {h.session for h in search(index, "drugs", session=77).results} == {77}
    assert {h.key for h in search(index, "women", kind="draft").results} == {"draft:1", "draft:2"}
    assert {h.key for h in search(index, "women", body="GA", kind="draft").results} == {"draft:2"}
    assert {h.key for h in search(index, "", sponsor="Japan", kind="draft").results} == {"draft:1"}


def test_boolean_operators(index):
    both = set(keys(search(index, "precursor AND chemicals", language="en")))
    either = set(keys(search(index, "precursor OR cannabis", language="en")))
    without = set(keys(search(index, "precursor NOT cannabis", language="en")))
    assert both <= either and without <= either
    assert "draft:1" in keys(search(index, "decent -society"))
    assert "draft:2" not in keys(search(index, "decent -society"))


def test_facets_count_documents(index):
    r = search(index, "drugs OR drogues OR 药物")
    facets = r.facets
    assert sum(n for _, n in facets["language"]) == r.total
    assert sum(n for _, n in facets["session"]) == r.total
    assert dict(facets["kind"]) == {"resolution": r.total - 1, "draft": 1}
    by_lang = dict(facets["language"])
    assert by_lang["fr"] == 1 and by_lang["zh"] == 1
    assert dict(facets["body"])["GA"] == r.total - dict(facets["body"]).get("CND", 0)
    assert dict(search(index, "kind:draft", visibility={"all"}).facets["sponsor"]) == {"Mexico": 2, "Japan": 1}
    assert dict(search(index, "kind:draft").facets["sponsor"]) == {"Mexico": 2, "Japan": 1,
                                                                   "United States of America": 1}


def test_visibility(index):
    secret = "confidential precursor working group"
    assert keys(search(index, secret)) == ["draft:3"]                          # Secretariat
    assert keys(search(index, secret, visibility={"all", "delegation:12"})) == ["draft:3"]
    assert keys(search(index, secret, visibility=DELEGATION_13)) == []
    r = search(index, "kind:draft", visibility=DELEGATION_13)
    assert "draft:3" not in keys(r) and r.total == 2
    assert "United States of America" not in dict(r.facets["sponsor"])
    assert search(index, "", visibility={"all"}).total == search(index, "").total - 1


@pytest.mark.parametrize("text, language", [
    ("drogues synthétiques", "fr"),
    ("drogas sintéticas", "es"),
    ("синтетических наркотиков", "ru"),
    ("المخدرات الاصطناعية", "ar"),
    ("المخدِّرات الاصطناعيّة", "ar"),        # with diacritics
    ("合成药物", "zh"),
    ('"合成药物"', "zh"),
])
def test_every_language_finds_its_text(index, text, language):
    r = search(index, text)
    assert r.results and r.results[0].key == f"res:A/RES/78/131:{language}"
    assert any("<mark>" in s.html for s in r.results[0].snippets)


def test_one_chinese_character_finds_the_words_it_starts(index):
    r = search(index, "药", language="zh")
    assert keys(r) == ["res:A/RES/78/131:zh"]
    assert "<mark>药物</mark>" in r.results[0].snippets[0].html


def test_malformed_queries_raise_query_error(index):
    for text in ('"abc', "(abc", "abc)", "foo:bar", "session:x"):
        with pytest.raises(QueryError):
            search(index, text)
    with pytest.raises(QueryError, match="order"):
        search(index, "drugs", order="size")
    for bad in ({"language": "de"}, {"kind": "memo"}, {"page": 0}, {"per_page": "ten"}, {"session": "78"}):
        with pytest.raises(QueryError) as err:
            search(index, "drugs", **bad)
        assert err.value.where == next(iter(bad))


def test_empty_query_browses_newest_first(index):
    r = search(index, "", per_page=50)
    assert r.total == len(r.results) == 12  # 9 resolutions and 3 drafts
    dates = [h.date for h in r.results if h.date]
    assert dates == sorted(dates, reverse=True)
    assert all(h.score == 0 and not h.snippets for h in r.results)
    r = search(index, "lang:en session:75..77")
    assert [h.session for h in r.results] == sorted((h.session for h in r.results), reverse=True)


def test_date_order_and_pages(index):
    by_date = search(index, "drugs", order="date", per_page=50)
    dates = [h.date for h in by_date.results if h.date]
    assert dates == sorted(dates, reverse=True)
    first = search(index, "drugs", per_page=3, page=1)
    second = search(index, "drugs", per_page=3, page=2)
    assert first.pages == second.pages == -(-first.total // 3)
    assert not set(keys(first)) & set(keys(second))
    assert search(index, "drugs", per_page=3, page=99).results == []


def test_relevance_puts_the_title_match_first(index):
    r = search(index, "Comprehensive review of special political missions")
    assert r.results[0].symbol == "A/RES/75/100"
    assert r.results[0].snippets[0].paragraph_label == "Title"
