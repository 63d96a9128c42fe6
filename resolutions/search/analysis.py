"""Text analysis for the six official languages, shared by indexing and querying.

    tokens(language, text) -> list[(term, start, end)]   position = index in the list

One pipeline per language, written here rather than assembled from Whoosh filters so
that indexing, querying, highlighting and precedents all see exactly the same terms:

- words are runs of letters/digits (combining marks such as Arabic harakat included,
  so that a diacritic never splits a word); "2.5", "L.24" and "e.g" stay whole;
- English, French, Spanish: lower case, Snowball stem, then accents folded
  ("Développement" → "developp", so "developpement" finds it too);
- Russian: lower case, ё → е, Snowball stem;
- Arabic: harakat, tatweel and Quranic marks removed, alef forms (أ إ آ ٱ) → ا,
  ى → ي, ة → ه, then the light10 stemmer (Larkey et al.): the conjunction و, the
  article (ال, وال, بال, كال, فال, لل) and common suffixes are stripped;
- Chinese: overlapping character bigrams inside runs of Han characters (a lone
  character stays a unigram); Latin words and numbers inside Chinese text are words.

No stop words are removed: positions are never renumbered, so a phrase matches only
consecutive words ("women decent" does not match "women of the decent").

Stemming is cached per language; the vocabulary of the corpus is small.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic",
                  "zh": "Chinese"}

# Letters, digits, underscore, plus combining marks that \w leaves out (Latin combining
# accents of NFD text, Arabic harakat, superscript alef, Quranic marks, tatweel).
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:\.[\w{_MARKS}]+)*")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_ZH_TOKEN = re.compile(rf"[{_HAN}]+|[^\W{_HAN}]+(?:\.[^\W{_HAN}]+)*")
_HAN_RUN = re.compile(rf"[{_HAN}]")
_SCRIPTS = re.compile(rf"[{_HAN}]|[\u0600-\u06ff]|[\u0400-\u04ff]")


def fold(word: str) -> str:
    """Accents off: "développement" → "developpement" (ASCII words pass untouched)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- Arabic -------------------------------------------------------------------------

_AR_STRIP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_AR_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # ة and ية were mapped to ه, يه


def arabic_normalise(word: str) -> str:
    return _AR_STRIP.sub("", word).translate(_AR_MAP)


def arabic_stem(word: str) -> str:
    """light10: normalise, drop a leading و, the article, then suffixes (≥ 2 letters kept)."""
    w = arabic_normalise(word)
    if len(w) >= 4 and w[0] == "و":
        w = w[1:]
    for article in _AR_ARTICLES:
        if w.startswith(article) and len(w) - len(article) >= 2:
            w = w[len(article):]
            break
    for suffix in _AR_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            w = w[: -len(suffix)]
    return w


# --- per-language term normalisation ---------------------------------------------------

def _snowball(language: str):
    from whoosh.lang import stemmer_for_language  # the stemmers are plain Python code

    return stemmer_for_language(language)


class _Normaliser:
    """word as written → indexed term, cached (the corpus has ~100k distinct words)."""

    CACHE_LIMIT = 400_000

    def __init__(self, language: str):
        self.language = language
        self.cache: dict[str, str] = {}
        if language in ("en", "fr", "es", "ru"):
            self._stem = _snowball(language)
        else:
            self._stem = None

    def __call__(self, word: str) -> str:
        term = self.cache.get(word)
        if term is None:
            term = self._compute(word)
            if len(self.cache) >= self.CACHE_LIMIT:
                self.cache.clear()
            self.cache[word] = term
        return term

    def _compute(self, word: str) -> str:
        w = word.lower()
        lang = self.language
        if lang == "ar":
            return arabic_stem(w) if not w.isascii() else w
        if lang == "zh":
            return fold(w)
        if lang == "ru":
            w = w.replace("ё", "е")
            return self._stem(w) if not w.isdigit() else w
        if w.isdigit() or not w.isalpha():  # numbers, "l.24", "covid_19": no stemming
            return fold(w)
        return fold(self._stem(w))


_NORMALISERS = {lang: _Normaliser(lang) for lang in LANGUAGES}


def check_language(language: str) -> str:
    if language not in _NORMALISERS:
        raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return language


def tokens(language: str, text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) for every word of ``text``; a term's position is its index."""
    norm = _NORMALISERS[language]
    if language == "zh":
        return _chinese_tokens(text, norm)
    return [(norm(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def terms(language: str, text: str) -> list[str]:
    norm = _NORMALISERS[language]
    if language == "zh":
        return [t for t, _, _ in _chinese_tokens(text, norm)]
    return [norm(w) for w in _WORD.findall(text)]


def _chinese_tokens(text: str, norm) -> list[tuple[str, int, int]]:
    out = []
    for m in _ZH_TOKEN.finditer(text):
        run, start = m.group(), m.start()
        if _HAN_RUN.match(run):
            if len(run) == 1:
                out.append((run, start, start + 1))
            else:
                out.extend((run[i:i + 2], start + i, start + i + 2) for i in range(len(run) - 1))
        else:
            out.append((norm(run), start, m.end()))
    return out


def is_han(text: str) -> bool:
    return bool(_HAN_RUN.search(text))


def pairs(terms_: Iterable[str]) -> list[str]:
    """Adjacent terms joined: the "pair" field that makes phrases one posting list."""
    t = list(terms_)
    return [f"{a} {b}" for a, b in zip(t, t[1:])]
