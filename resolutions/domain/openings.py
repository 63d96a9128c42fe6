"""Which words open a paragraph, and so stand in italics.

A source that marked the italics (the UN's XML) wins: the paragraph then carries
``opening_length``. Otherwise the longest listed phrase wins (data/openings.toml),
after a leading adverb ("Also requests") and with a trailing one ("Recalling also");
failing that, word form decides (-ing/-ed for preambular, a third-person verb for
operative) and the opening is flagged unknown so the style check can say so.

The lists are measured against the italics of the UN's own XML (tests/domain/
test_real_text.py): which adverbs stay italic differs between the two parts
("Recalling further" is italic, "Encourages further efforts" is not), so each part
has its own.

The other official languages have their own lists (openings.toml [languages.fr] …,
from the UN's italics in each language's session-78 texts): the longest listed phrase
wins; an unlisted opening is unknown (no word-form guess outside English). Chinese
has no spaces, so a phrase there needs no word boundary after it.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .document import OPERATIVE, PREAMBLE, TEXT, Paragraph

# Leading adverbs that move in front of the verb: "Also requests", "Further decides".
_LEADING = ("Also ", "Further ", "Furthermore ", "Again ", "Once again ", "Strongly ")

_WORD = re.compile(r"[A-Za-z][\w-]*")
_FIRST = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Opening:
    length: int
    known: bool


@dataclass(frozen=True)
class _Lists:
    # section → first word → phrases starting with it, longest first
    phrases: dict[str, dict[str, tuple[str, ...]]]
    # section → adverbs that may follow a phrase, longest first
    adverbs: dict[str, tuple[str, ...]]


@cache
def _lists() -> _Lists:
    raw = tomllib.loads(resources.files("resolutions").joinpath("data/openings.toml").read_text("utf-8"))
    adverbs = raw["adverbs"]
    phrases: dict[str, dict[str, tuple[str, ...]]] = {}
    after: dict[str, tuple[str, ...]] = {}
    for section in (PREAMBLE, OPERATIVE):
        index: dict[str, list[str]] = {}
        for phrase in sorted(set(raw[section]), key=len, reverse=True):
            index.setdefault(phrase.split(" ", 1)[0], []).append(phrase)
        phrases[section] = {word: tuple(group) for word, group in index.items()}
        listed = adverbs[section] if isinstance(adverbs, dict) else adverbs
        after[section] = tuple(sorted(listed, key=len, reverse=True))
    return _Lists(phrases, after)


@cache
def _other_lists(language: str) -> dict[str, tuple[str, ...]]:
    """section → the language's phrases, longest first (empty for an unlisted language)."""
    raw = tomllib.loads(resources.files("resolutions").joinpath("data/openings.toml").read_text("utf-8"))
    listed = raw.get("languages", {}).get(language, {})
    return {section: tuple(sorted(set(listed.get(section, ())), key=len, reverse=True))
            for section in (PREAMBLE, OPERATIVE)}


def _detect_other(text: str, section: str, language: str) -> Opening:
    body = text.lstrip(" \t")
    lead = len(text) - len(body)
    for phrase in _other_lists(language)[section]:
        if body.startswith(phrase) and (language == "zh" or _starts_with_phrase(body, phrase)):
            return Opening(lead + len(phrase), True)
    return Opening(0, False)


def _starts_with_phrase(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())


def known_first_words(section: str) -> tuple[str, ...]:
    """The first words of the English openings of ``section`` (the style warnings' fixes
    look for the closest one)."""
    return tuple(_lists().phrases[section])


def detect(text: str, section: str, language: str = "en") -> Opening:
    """The opening phrase of ``text`` in ``section`` ("preamble" or "operative"), in
    ``language`` (English rules for "en" and any language without lists)."""
    if language != "en" and any(_other_lists(language).values()):
        return _detect_other(text, section, language)
    lists = _lists()
    lead = next((w for w in _LEADING if text.startswith(w)), "")
    rest = text[len(lead):]
    if lead:
        rest = rest[:1].upper() + rest[1:]
    first = _FIRST.match(rest)
    for phrase in lists.phrases[section].get(first.group() if first else "", ()):
        if _starts_with_phrase(rest, phrase):
            end = len(lead) + len(phrase)
            # Adverbs may follow one another: "Noting with concern also".
            more = True
            while more:
                more = False
                for adverb in lists.adverbs[section]:
                    if _starts_with_phrase(text[end:], " " + adverb):
                        end += 1 + len(adverb)
                        more = True
                        break
            return Opening(end, True)
    if lead:
        length = _by_word_form(rest, section)
        return Opening(len(lead) + length if length else 0, False)
    return Opening(_by_word_form(text, section), False)


def _by_word_form(text: str, section: str) -> int:
    match = _WORD.match(text)
    if not match:
        return 0
    word = match.group()
    if not word[0].isupper():
        return 0
    if section == OPERATIVE:
        return match.end() if word.endswith("s") else 0
    if word.endswith("ly"):
        # "Deeply convinced", "Unequivocally condemning": an adverb, then the participle.
        second = _WORD.match(text, match.end() + 1) if text[match.end():match.end() + 1] == " " else None
        if second and (second.group().endswith(("ing", "ed"))
                       or second.group().capitalize() in _lists().phrases[PREAMBLE]):
            return second.end()
    return match.end() if word.endswith(("ing", "ed")) else 0


def text_opening(text: str, language: str = "en") -> Opening:
    """The opening of a text block (unnumbered prose among the operative paragraphs or in
    an annex): a preambular phrase ("Recalling", "Having considered": the sections of
    A/RES/78/247 open so), else an operative one ("Adopts the following declaration:");
    else none, with no word-form guess ("Abbreviations:", an annex's prose stay roman).
    Against the UN's italics of sessions 75–77 this gives 214 of 220 text blocks of main
    operative parts (the others are table notes) and 280 of 364 in annexes (most misses
    are italic subheadings); the operative list alone gave 85 and 244."""
    for section in (PREAMBLE, OPERATIVE):
        found = detect(text, section, language)
        if found.known:
            return found
    return Opening(0, False)


def opening_length(para: Paragraph, section: str, language: str = "en") -> int:
    if para.opening_length is not None:
        return para.opening_length
    if not para.is_prose:      # headings, tables and annex titles have no opening phrase
        return 0
    if para.kind == TEXT:
        return text_opening(para.text, language).length
    return detect(para.text, section, language).length


def printed_opening(para: Paragraph, section: str, depth: int, language: str = "en") -> int:
    """How many characters of ``para`` print in italics, in every file we write (Word,
    Akoma Ntoso, tracked changes): a top-level paragraph its opening (detected when no
    source marked it); a subparagraph only the opening a source marked (the UN sets
    subparagraphs roman unless its text says otherwise); never a trailing space."""
    n = opening_length(para, section, language) if depth == 0 else (para.opening_length or 0)
    n = max(0, min(n, len(para.text)))
    return len(para.text[:n].rstrip(" \t\n"))
