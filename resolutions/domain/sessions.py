"""Session numbers as the Secretariat prints them: 80 → "Eightieth session"."""
from __future__ import annotations

from .ordinals import ORDINALS
from .phrasebook import table

_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth",
            "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def _cardinal(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(n, 100)
    return f"{_UNITS[hundreds]} hundred" + (f" and {_cardinal(rest)}" if rest else "")


def ordinal_words(n: int) -> str:
    """1 → "first", 68 → "sixty-eighth", 80 → "eightieth" (1 ≤ n ≤ 999)."""
    if not 1 <= n <= 999:
        raise ValueError(f"no ordinal for {n}")
    words = _cardinal(n)
    head, sep, last = words.rpartition(" ")
    head2, dash, last = last.rpartition("-")
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + head2 + dash + last


def session_heading(n: int) -> str:
    return f"{ordinal_words(n).capitalize()} session"


def session_line(language: str, n: int) -> str:
    """The session line in ``language`` (data/wording.toml's "session", the number in
    words from domain/ordinals.py): "Eightieth session", "Quatre-vingtième session",
    "Octogésimo período de sesiones", "Восьмидесятая сессия", "الدورة الثمانون",
    "第八十届会议". Sessions 1–200 in every language (English: 1–999)."""
    if language not in ORDINALS:
        return session_heading(n)
    if not 1 <= n <= 200:
        raise ValueError(f"no session line for {n}")
    words = ORDINALS[language](n)
    return table(language)["session"].format(ordinal=words, Ordinal=words[:1].upper() + words[1:])
