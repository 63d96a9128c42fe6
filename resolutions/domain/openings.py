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
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .document import OPERATIVE, PREAMBLE, Paragraph

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


def _starts_with_phrase(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())


def detect(text: str, section: str) -> Opening:
    """The opening phrase of ``text`` in ``section`` ("preamble" or "operative")."""
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


def opening_length(para: Paragraph, section: str) -> int:
    if para.opening_length is not None:
        return para.opening_length
    return detect(para.text, section).length


def printed_opening(para: Paragraph, section: str, depth: int) -> int:
    """How many characters of ``para`` print in italics, in every file we write (Word,
    Akoma Ntoso, tracked changes): a top-level paragraph its opening (detected when no
    source marked it); a subparagraph only the opening a source marked (the UN sets
    subparagraphs roman unless its text says otherwise); never a trailing space."""
    n = opening_length(para, section) if depth == 0 else (para.opening_length or 0)
    n = max(0, min(n, len(para.text)))
    return len(para.text[:n].rstrip(" \t\n"))
