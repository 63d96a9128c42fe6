"""Analysis per language: the same words for indexing and querying."""
from __future__ import annotations

from resolutions.search.analysis import arabic_normalise, arabic_stem, terms, tokens


def test_english_stems_and_keeps_every_word_and_offsets():
    text = "Women of the decent world, developing L.24"
    assert terms("en", text) == ["women", "of", "the", "decent", "world", "develop", "l.24"]
    assert [text[s:e] for _, s, e in tokens("en", text)] == ["Women", "of", "the", "decent", "world",
                                                              "developing", "L.24"]


def test_french_spanish_russian_stem_and_fold():
    assert terms("fr", "Développement durable") == terms("fr", "developpements durables")
    assert terms("es", "drogas sintéticas") == terms("es", "droga sintetica")
    assert terms("ru", "синтетических наркотиков") == terms("ru", "синтетические наркотики")
    assert terms("ru", "ёлка") == terms("ru", "елка")


def test_arabic_normalisation_and_light_stemming():
    assert arabic_normalise("المخدِّرات") == "المخدرات"          # shadda, kasra removed
    assert arabic_normalise("أإآ") == "ااا"                      # alef forms
    assert arabic_normalise("مـخـدرات") == "مخدرات"              # tatweel
    assert arabic_stem("والمخدرات") == arabic_stem("المخدرات") == arabic_stem("مخدرات")
    assert terms("ar", "بالمخدِّرات الاصطناعية") == terms("ar", "المخدرات الاصطناعيه")
    # a diacritic never splits a word
    assert len(tokens("ar", "المخدِّرات")) == 1


def test_chinese_bigrams_and_latin_words():
    assert terms("zh", "合成药物") == ["合成", "成药", "药物"]
    assert terms("zh", "药") == ["药"]
    assert terms("zh", "COVID-19大流行") == ["covid", "19", "大流", "流行"]
    text = "合成药物，COVID"
    assert [text[s:e] for _, s, e in tokens("zh", text)] == ["合成", "成药", "药物", "COVID"]
