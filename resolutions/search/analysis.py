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
  A phrase cut inside a run has open edges (loose_edges), matched by the engine.

Quoted phrases also have a surface form (surface_pattern): the words as typed, unstemmed,
which the engine uses to rank exact wording above stem-only matches.

Invisible format characters (LRM, ZWNJ, soft hyphen …) are read as absent.

No stop words are removed: positions are never renumbered, so a phrase matches only
consecutive words ("women decent" does not match "women of the decent").

Stemming is cached per language; the vocabulary of the corpus is small.
"""
from __future__ import annotations

import functools
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

    def many(self, words: list[str]) -> tuple[str, ...]:
        """The terms of ``words``: the known ones looked up in C (nearly all, past the first
        few hundred paragraphs), only the new ones cost a Python step."""
        out = list(map(self.cache.get, words))
        if None in out:
            for i, term in enumerate(out):
                if term is None:
                    out[i] = self(words[i])
        return tuple(out)

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


# Invisible format characters (soft hyphen, ZWNJ/ZWJ, LRM/RLM, ALM, bidi controls, word
# joiner, BOM): the corpus has some inside words ("新\u200e闻"); a delegate types the word
# without them. They are read as absent (a zero-width space still separates words).
_FORMAT = re.compile("[\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _visible(text: str) -> tuple[str, list[int] | None]:
    """``text`` without format characters, and where each kept character was (None: none removed)."""
    if not _FORMAT.search(text):
        return text, None
    keep = [i for i, c in enumerate(text) if not _FORMAT.match(c)]
    return "".join(text[i] for i in keep), keep


def tokens(language: str, text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) for every word of ``text``; a term's position is its index.
    Offsets are into ``text`` as given (format characters included)."""
    norm = _NORMALISERS[language]
    clean, keep = _visible(text)
    if language == "zh":
        out = _chinese_tokens(clean, norm)
    else:
        out = [(norm(m.group()), m.start(), m.end()) for m in _WORD.finditer(clean)]
    if keep is None:
        return out
    return [(t, keep[s], keep[e - 1] + 1) for t, s, e in out]


def terms(language: str, text: str) -> list[str]:
    return list(_terms(language, text))


@functools.lru_cache(maxsize=8192)
def _terms(language: str, text: str) -> tuple[str, ...]:
    """A saved draft is analysed again at each save, and a paragraph's text in agreed
    language at each request; most paragraphs are unchanged since the last time."""
    norm = _NORMALISERS[language]
    text = _visible(text)[0]
    if language == "zh":
        return tuple(t for t, _, _ in _chinese_tokens(text, norm))
    return norm.many(_WORD.findall(text))


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


def loose_edges(language: str, terms_: list[str]) -> tuple[bool, bool]:
    """Whether a phrase's first and last terms are open: a Chinese phrase cut out of a
    text may begin with the last character of a run ("展，可持续" from "发展，可持续")
    or end with the first of one; its lone character is then a unigram while the text
    holds a bigram ending (or starting) with it. Other terms match whole."""
    if language != "zh" or len(terms_) < 2:
        return False, False
    return _lone_han(terms_[0]), _lone_han(terms_[-1])


def _lone_han(term: str) -> bool:
    return len(term) == 1 and bool(_HAN_RUN.match(term))


# Code points whose variants a surface match folds: Latin, Cyrillic, Arabic.
_VARIANT_RANGES = ((0x41, 0x250), (0x400, 0x500), (0x600, 0x700))
_SKIPPABLE = f"[{_MARKS}\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*"
_variants: dict[str, str] = {}


def _base(c: str) -> str:
    return fold(c.lower()).translate(_AR_MAP).replace("ё", "е")


def _variant_class(c: str) -> str:
    """A regex class of every letter that is ``c`` up to case, accents and Arabic letter
    variants ("e" → [eEéÉèÈ…], "ا" → [اأإآٱ])."""
    if not _variants:
        groups: dict[str, list[str]] = {}
        for lo, hi in _VARIANT_RANGES:
            for cp in range(lo, hi):
                ch = chr(cp)
                base = _base(ch)
                groups.setdefault(base, [base] if len(base) == 1 else []).append(ch)
        _variants.update({b: "[" + "".join(re.escape(x) for x in chars) + "]" for b, chars in groups.items()})
    return _variants.get(_base(c), re.escape(c))


def surface_pattern(language: str, phrase: str) -> re.Pattern | None:
    """A regex finding ``phrase``'s words as typed in a stored text, without stemming: only
    case, accents, Arabic harakat, tatweel and letter variants (أ/ا, ى/ي, ة/ه) and invisible
    format characters are free. A quoted phrase's terms are stems, and stems conflate
    words ("وإيجاد" and "إيجاد", "right" and "rights"): this tells the wording apart.
    None for Chinese (its terms are the characters themselves)."""
    if language == "zh":
        return None
    words = _WORD.findall(_visible(phrase)[0])
    if not words:
        return None
    parts = ["".join(_variant_class(c) + _SKIPPABLE for c in word if not _AR_STRIP.match(c)) for word in words]
    edge = f"[\\w{_MARKS}]"
    return re.compile(f"(?<!{edge})" + f"[^\\w{_MARKS}]+".join(parts) + f"(?!{edge})")


def is_han(text: str) -> bool:
    return bool(_HAN_RUN.search(text))


def pairs(terms_: Iterable[str]) -> list[str]:
    """Adjacent terms joined: the "pair" field that makes phrases one posting list."""
    t = list(terms_)
    return [f"{a} {b}" for a, b in zip(t, t[1:])]
