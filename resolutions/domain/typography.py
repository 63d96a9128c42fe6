"""Where a printed line must not break, as the UN sets its texts.

The rule is read off the UN's own XML (../shared/corpus/akn/78/English), which holds
a non-breaking space (U+00A0) between a day and its month ("20 December 2025": 5,860
times, and never between month and year), after "No.", "chap.", "article",
"paragraph", "para." before their number, before a unit or amount ("5 per cent",
"10 million", "40 degrees") and in the phrase "draft resolution" of a sponsor line.
Applied when a file is written, never to the stored text: each space is replaced by
one character, so offsets (footnote markers, italic openings) stay where they were.
"""
from __future__ import annotations

import re

NBSP = "\u00a0"

_MONTHS = {
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "es": "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
    "ru": "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря",
}
_UNITS = ("per cent", "percent", "dollars", "euros", "million", "billion", "trillion", "degrees",
          "km", "kg", "cm", "mm", "m", "ha", "tons", "tonnes", "hours", "days", "years")
_BEFORE_NUMBER = ("No.", "Nos.", "chap.", "chaps.", "article", "articles", "paragraph",
                  "paragraphs", "para.", "paras.", "vol.")

# A day (1–31) then a space then its month, in the languages that write it so; Spanish
# puts "de" between them ("20 de diciembre"): both spaces are bound.
_DAY_MONTH = re.compile(r"(?<![\d.,/])([1-3]?\d) (?=(?:" + "|".join(
    f"{months}" for code, months in _MONTHS.items() if code != "es") + r")\b)")
_DAY_DE_MONTH = re.compile(r"(?<![\d.,/])([1-3]?\d) de (?=(?:" + _MONTHS["es"] + r")\b)")
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:" + "|".join(re.escape(u) for u in _UNITS) + r")\b)")
_WORD_NUMBER = re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in _BEFORE_NUMBER)
                          + r") (?=[\dIVXLC]+\b)")


def bind(text: str) -> str:
    """``text`` with non-breaking spaces where the UN keeps words on one line. Only
    plain spaces are replaced, one for one: ``len(bind(t)) == len(t)``."""
    text = _DAY_MONTH.sub(lambda m: m.group(1) + NBSP, text)
    text = _DAY_DE_MONTH.sub(lambda m: f"{m.group(1)}{NBSP}de{NBSP}", text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    return _WORD_NUMBER.sub(lambda m: m.group(1) + NBSP, text)


def keep_phrase(text: str, phrase: str) -> str:
    """Bind the words of ``phrase`` ("draft resolution") wherever it stands in ``text``."""
    return text.replace(phrase, phrase.replace(" ", NBSP))
