"""precedents(): agreed language from past resolutions."""
from __future__ import annotations

import random

import pytest

from resolutions.search import SearchIndex

from .conftest import draft


def perturb(text: str, rng: random.Random, how: str) -> str:
    words = text.split(" ")
    chosen = set(rng.sample(range(len(words)), max(1, round(len(words) / 5))))
    fillers = ["cooperation", "regional", "urgently", "framework", "relevant", "further"]
    out = []
    for i, w in enumerate(words):
        if i not in chosen:
            out.append(w)
        elif how == "replaced":
            out.append(rng.choice(fillers))
    return " ".join(out)


@pytest.mark.parametrize("how", ["dropped", "replaced"])
def test_a_perturbed_paragraph_finds_its_source_first(index, corpus_entries, how):
    rng = random.Random(11)
    english = [e for e in corpus_entries if e.kind == "resolution" and e.language == "en"]
    checked = 0
    for entry in english:
        paras = [p for _, _, p in entry.document.walk() if len(p.text.split()) >= 15]
        for para in rng.sample(paras, min(4, len(paras))):
            found = index.precedents(perturb(para.text, rng, how), "en", limit=5)
            assert found, para.text
            top = found[0]
            assert (top.key, top.paragraph_id) == (entry.key, para.id), (para.text, top.text)
            assert top.symbol == entry.symbol and top.text == para.text and 0 < top.score <= 1
            assert top.year == entry.date.year
            checked += 1
    assert checked >= 12


def test_precedents_are_resolutions_in_the_language_asked(index, corpus_entries):
    fr = next(e for e in corpus_entries if e.language == "fr")
    para = fr.document.operative[4]
    found = index.precedents(para.text, "fr", limit=3)
    assert found[0].key == fr.key and found[0].paragraph_id == para.id
    assert all(p.key.endswith(":fr") for p in found)
    # a draft holding the very same words is not agreed language
    assert all(not p.key.startswith("draft:") for p in index.precedents(
        "Supports women decent work programmes in treatment services;", "en"))


def test_exclude_key_and_limit(tmp_path, corpus_entries):
    english = [e for e in corpus_entries if e.language == "en" and e.kind == "resolution"]
    ix = SearchIndex(tmp_path)
    ix.rebuild(english + [draft(4, "Copy", ["x,", english[0].document.operative[0].text])], generation=1)
    text = english[0].document.operative[0].text
    assert ix.precedents(text, "en", limit=1)[0].key == english[0].key
    others = ix.precedents(text, "en", limit=3, exclude_key=english[0].key)
    assert all(p.key != english[0].key for p in others) and len(others) <= 3
    assert ix.precedents("", "en").results == [] and ix.precedents("zzzz qqqq", "en").results == []


def test_the_per_query_scorer_gives_similaritys_very_floats():
    """_Query.score is similarity() with the paragraph's side computed once: the same
    floats (==, not approximately), so the ranking and its ties cannot move."""
    from resolutions.search.precedents import _Query, similarity

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(40)]
    weight = {t: rng.uniform(0.01, 9.0) for t in vocab}
    for _ in range(2000):
        q = [rng.choice(vocab[:rng.randint(1, 40)]) for _ in range(rng.randint(0, 30))]
        c = [rng.choice(vocab[:rng.randint(1, 40)]) for _ in range(rng.randint(0, 30))]
        assert _Query(q, weight).score(c, weight) == similarity(q, c, weight.__getitem__), (q, c)
    assert _Query(["a", "b"], {"a": 1.0, "b": 2.0}).score(["c"], {"a": 1.0, "b": 2.0, "c": 3.0}) == 0.0


def test_scores_are_similarity_of_the_stored_text(index, corpus_entries):
    """The candidates' terms come from the ``seq`` column, not from analysing their
    text again: the score is still similarity() of the analysed stored text."""
    import math

    from resolutions.search.analysis import terms
    from resolutions.search.precedents import _bounded_terms, similarity
    from resolutions.search.schema import text_field

    snap = index._snapshot(required=True)
    n_docs = max(1, snap.field_documents(text_field("en")))

    def idf(t):
        df = snap.doc_frequency(text_field("en"), t)
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    english = next(e for e in corpus_entries if e.language == "en" and e.kind == "resolution")
    checked = 0
    for para in english.document.operative[:6]:
        q_terms = _bounded_terms("en", para.text)[0]
        for p in index.precedents(para.text, "en", limit=10):
            c_terms = terms("en", p.text)
            assert p.score == round(similarity(q_terms, c_terms, idf), 4), (para.text, p.text)
            checked += 1
    assert checked >= 30


def test_segment_counts_survive_a_save_and_stay_public(tmp_path, corpus_entries):
    """Each segment keeps its Whoosh counts across generations; after saves of a private
    draft and of a public one (new segments, deletions) the long-lived index's document
    frequencies still equal those of an index opened afresh, and no draft is proposed."""
    from resolutions.search.analysis import terms
    from resolutions.search.schema import text_field

    english = [e for e in corpus_entries if e.language == "en" and e.kind == "resolution"]
    source = english[0].document.operative[1].text
    ix = SearchIndex(tmp_path)
    ix.rebuild(english, generation=1)
    words = sorted(set(terms("en", source)) | {"zzzunknown"})
    field = text_field("en")
    before = ix.precedents(source, "en", limit=5)
    for generation, entry in enumerate([draft(7, "Private copy", ["x,", source, source], visible_to=("del:7",)),
                                        draft(8, "Public copy", ["y,", source]),
                                        draft(7, "Private copy", ["x,", "Decides to remain seized;"],
                                              visible_to=("del:7",))], start=2):
        ix.update([entry], generation=generation)
        kept, fresh = ix._snapshot(required=True), SearchIndex(tmp_path)._snapshot(required=True)
        assert [kept.doc_frequency(field, t) for t in words] == [fresh.doc_frequency(field, t) for t in words]
        assert all(not p.key.startswith("draft:") for p in ix.precedents(source, "en", limit=5))
    ix.update(remove_keys=["draft:7", "draft:8"], generation=5)
    assert ix.precedents(source, "en", limit=5) == before


def test_ranking_reads_nothing_from_the_index(tmp_path, corpus_entries):
    """The half of a query that runs outside the index lock (Gathered.rank) needs no open
    index: gathered, then the index closed, it still ranks as precedents() does."""
    from resolutions.search.precedents import gather

    english = [e for e in corpus_entries if e.language == "en" and e.kind == "resolution"]
    ix = SearchIndex(tmp_path)
    ix.rebuild(english, generation=1)
    text = english[1].document.operative[2].text
    want = ix.precedents(text, "en", limit=8)
    work = gather(ix._snapshot(required=True), text, "en", 8)
    ix.close()
    assert work.rank() == want and len(want.results) == 8


def test_ties_at_the_candidate_cut_all_compete(tmp_path):
    """Seventy resolutions hold the very same paragraph (equal scores): every tie of the
    CANDIDATES-th score is a candidate, so the newest ones come first, whatever order the
    scores were walked in; drafts holding it and the excluded key never appear."""
    import dataclasses
    import datetime

    from resolutions.search.precedents import CANDIDATES, MAX_RESULTS

    text = "Requests the Secretary-General to report on the implementation of the present resolution;"
    entries = []
    for i in range(CANDIDATES + 10):
        e = draft(100 + i, f"Resolution {i}", ["Recalling its earlier resolutions,", text],
                  date=datetime.date(2000, 1, 1) + datetime.timedelta(days=37 * ((i * 29) % 70)))
        entries.append(dataclasses.replace(e, key=f"res:{i}", kind="resolution", symbol=f"A/RES/{i}", draft_id=None))
    entries.append(draft(1, "Copy", ["x,", text]))
    ix = SearchIndex(tmp_path)
    ix.rebuild(entries, generation=1)
    newest = sorted(entries[:-1], key=lambda e: e.date, reverse=True)
    found = ix.precedents(text, "en", limit=MAX_RESULTS, exclude_key=newest[0].key)
    assert [p.key for p in found] == [e.key for e in newest[1:MAX_RESULTS + 1]]
    assert len({p.score for p in found}) == 1 and found[0].score == 1.0
