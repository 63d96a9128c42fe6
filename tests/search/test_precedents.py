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
