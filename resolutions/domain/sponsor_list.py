"""A printed sponsor list read back into names: one rule for every reader.

    split("Japan, Mexico and Trinidad and Tobago") -> ("Japan", "Mexico", "Trinidad and Tobago")

The list is "A, B and C" (UN-FORMAT.md §4): names are cut at commas outside brackets,
and the last piece holds exactly one list conjunction unless it is one name. Names may
hold the conjunction themselves ("Trinidad and Tobago", "Saint Vincent and the
Grenadines"), so the delegations table (data/delegations.csv) decides where the last
piece is cut:

- a cut whose two sides are both known names wins ("Japan and Trinidad and Tobago");
- else a known name stays whole ("Bosnia and Herzegovina");
- else the cut that leaves more known names wins, and between equals the last
  conjunction is the list's: "Foo and Bar and Baz" → "Foo and Bar", "Baz" (a name
  holding "and" is in the table; an unknown one most likely holds none).

Groups named in brackets are not sponsors: "Cuba (on behalf of the Group of 77 and
China)" → "Cuba". Asterisks (the footnote marks of a revised list) and a serial comma
("A, B, and C") are dropped.
"""
from __future__ import annotations

import re
from functools import cache

from . import wording
from .delegation_names import delegations, known_keys, name_key

# The list's conjunction per language, with the spaces round it (Arabic "و" is written
# joined to the next name).
_CONJUNCTION = {
    "en": re.compile(r" and "), "fr": re.compile(r" et "), "es": re.compile(r" [ye] "),
    "ru": re.compile(r" и "), "ar": re.compile(r" و(?=\S)"), "zh": re.compile(r"和"),
}
_COMMAS = ",،，、"
_ON_BEHALF = re.compile(
    r"\s*\((?:on|of) behalf of[^()]*(?:\([^()]*\)[^()]*)*\)|\s*\(in its capacity as[^()]*\)"
    r"|\s*\(au nom [^()]*\)|\s*\(en nombre [^()]*\)|\s*\(от имени [^()]*\)", re.I)
_NOISE = re.compile(r"[*\x00-\x1f]")


def split(names: str, language: str = "en") -> tuple[str, ...]:
    """The names of a sponsor list, in the order printed."""
    names = re.sub(r"\s+", " ", _NOISE.sub(" ", names)).strip(" ," + _COMMAS)
    names = _ON_BEHALF.sub("", names)
    chunks = [c.strip() for c in _outside_brackets(names) if c.strip()]
    if not chunks:
        return ()
    conjunction = _CONJUNCTION.get(language, _CONJUNCTION["en"])
    last = chunks.pop()
    if chunks:
        last = re.sub(rf"^{conjunction.pattern.strip()}\s*", "", last)  # a serial comma: "A, B, and C"
    known = _known(language)
    if language == "ar":
        # Arabic joins "و" to every name after the first: "…، والمكسيك، واليابان".
        chunks = chunks[:1] + [c[1:] if c.startswith("و") and _in(c[1:], known) else c for c in chunks[1:]]
        if chunks and last.startswith("و") and _in(last[1:], known):
            last = last[1:]
    return tuple(chunks) + _split_last(last, conjunction, known)


def english_name(name: str, language: str = "en") -> str:
    """The English short name (as stored) of a name printed in ``language``
    ("Japon" → "Japan"); a name it does not know comes back as it is."""
    return _english(language).get(name_key(name), name)


def is_known(name: str, language: str = "en") -> bool:
    """Whether ``name`` (or ``name`` without a bracketed note) is a delegation's spelling
    in English or in ``language`` ("Trinidad y Tabago")."""
    return _in(name, _known(language))


@cache
def _english(language: str) -> dict[str, str]:
    return {name_key(wording.delegation_name(d.name, language)): d.name for d in delegations()}


@cache
def _known(language: str) -> frozenset[str]:
    return known_keys() | frozenset(_english(language)) if language != "en" else known_keys()


def _outside_brackets(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch in _COMMAS and depth == 0:
            out.append(text[start:k])
            start = k + 1
    out.append(text[start:])
    return out


def _split_last(chunk: str, conjunction: re.Pattern, known: frozenset[str]) -> tuple[str, ...]:
    cuts = [(m.start(), m.end()) for m in conjunction.finditer(chunk)]
    if not cuts:
        return (chunk,)
    scored = []
    for k, (a, b) in enumerate(cuts):
        left, right = chunk[:a].strip(), chunk[b:].strip()
        if left and right:
            scored.append((_in(left, known) + _in(right, known), k, left, right))
    if not scored:
        return (chunk,)
    score, _, left, right = max(scored)
    if score < 2 and _in(chunk, known):
        return (chunk,)
    return left, right


def _in(name: str, known: frozenset[str]) -> bool:
    return name_key(name) in known or name_key(re.sub(r"\s*\([^)]*\)$", "", name)) in known
