"""Which words open a paragraph, and so stand in italics.

A source that marked the italics (the UN's XML) wins: the paragraph then carries
``opening_length``. Otherwise the longest listed phrase wins (data/openings.toml),
with a trailing adverb ("Recalling also"); failing that, word form decides
(-ing/-ed for preambular, a third-person verb for operative) and the opening is
flagged unknown so the style check can say so.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .document import OPERATIVE, Paragraph

# Leading adverbs that move in front of the verb: "Also requests", "Further decides".
_LEADING = ("Also ", "Further ", "Furthermore ", "Again ", "Once again ", "Strongly ")


@dataclass(frozen=True)
class Opening:
    length: int
    known: bool


@cache
def _phrases() -> tuple[dict[str, list[str]], list[str]]:
    raw = tomllib.loads(resources.files("resolutions").joinpath("data/openings.toml").read_text("utf-8"))
    by_section = {
        section: sorted(set(raw[section]), key=len, reverse=True)
        for section in ("preamble", OPERATIVE)
    }
    return by_section, sorted(raw["adverbs"], key=len, reverse=True)


def _starts_with_phrase(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())


def detect(text: str, section: str) -> Opening:
    """The opening phrase of ``text`` in ``section`` ("preamble" or "operative")."""
    by_section, adverbs = _phrases()
    lead = next((w for w in _LEADING if text.startswith(w)), "") if section == OPERATIVE else ""
    rest = text[len(lead):]
    if lead:
        rest = rest[:1].lower() + rest[1:]
    for phrase in by_section[section]:
        candidate = phrase[:1].lower() + phrase[1:] if lead else phrase
        if _starts_with_phrase(rest, candidate):
            end = len(lead) + len(candidate)
            for adverb in adverbs:
                if _starts_with_phrase(text[end:], " " + adverb):
                    end += 1 + len(adverb)
                    break
            return Opening(end, True)
    return Opening(_by_word_form(text, section), False)


_WORD = re.compile(r"[A-Za-z][\w-]*")


def _by_word_form(text: str, section: str) -> int:
    match = _WORD.match(text)
    if not match:
        return 0
    word = match.group()
    if section == OPERATIVE:
        return match.end() if word.endswith("s") and word[0].isupper() else 0
    return match.end() if word.endswith(("ing", "ed")) and word[0].isupper() else 0


def opening_length(para: Paragraph, section: str) -> int:
    if para.opening_length is not None:
        return para.opening_length
    return detect(para.text, section).length
