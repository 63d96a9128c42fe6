"""The marks printed before paragraphs and headings, read back: "3.", "(a)", "(iii)", "a.",
"II.", "Part II", "Section 3", "B.". Shared by the outline builder (outline.py) and the
readers' extraction layers, so that every reader reads a mark the same way."""
from __future__ import annotations

import re

# "3.", "3", "4 bis.", and the Arabic texts' "3 -".
_NUMBER = re.compile(r"^(\d{1,3})(?:\s?(?:bis|ter|quater|quinquies|sexies))?(?:\.|\s?[-–])?$")
_PAREN = re.compile(r"^\(?([^\W\d_]{1,5})\)$")    # "(a)", "(iii)", "a)", "(أ)"
_DOT = re.compile(r"^([a-z]{1,2})\.$")             # "a." (the third level)
ROMAN = re.compile(r"^(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_UPPER_ROMAN = re.compile(r"^(?=[IVXLC])(?:C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
# A heading's number inside its mark: "II.", "Part II", "Section 3", "B.", "(a)".
_HEADING_NUMBER = re.compile(r"(?<![^\W\d_])([IVXLC]+|[A-Z]|\d{1,3}|[a-z]|[ivxlc]+)(?![^\W\d_])")
COMMA_END = re.compile(r"[,،，][\s\u00a0”’\"')\]\d*]*$")
COLON_END = re.compile(r"[:：][\s\u00a0”’\"')\]]*$")


def number_of(mark: str) -> int | None:
    """3 for an operative paragraph's "3." (or "3"), else None."""
    m = _NUMBER.match(mark.strip())
    return int(m.group(1)) if m else None


def sub_mark(mark: str) -> tuple[str, str] | None:
    """("paren", "iii") for "(iii)", ("dot", "a") for "a.", None for other marks."""
    mark = mark.strip()
    m = _PAREN.match(mark)
    if m and m.group(1) == m.group(1).lower():
        return "paren", m.group(1)
    m = _DOT.match(mark)
    return ("dot", m.group(1)) if m else None


_HEADING_WORDS = ("Part|Section|Chapter|Title|Article|Principle|Rule|Regulation|"
                  "Partie|Chapitre|Titre|Principe|Règle|Parte|Sección|Capítulo|Título|Artículo|Principio|Regla|"
                  "Часть|Раздел|Глава|Статья|Принцип|Правило")
_HEADING_NUMBER_ONLY = re.compile(rf"^(?:(?:{_HEADING_WORDS})\s+)?(?:[IVXLC]+|[A-Z]|\d{{1,3}})\.?$")


# The Arabic and Chinese texts number their sections in words: "أولا", "ثانيا", "حادي عشر"
# (A/RES/78/247 Arabic), "一", "二", "十一" (Chinese). No numbering pattern prints them,
# so they stay in the heading's text (outline_blocks.Headings).
_ARABIC_ORDINAL = re.compile(
    r"^(?:(?:حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع)\s+عشر|"
    r"(?:أولا|ثانيا|ثالثا|رابعا|خامسا|سادسا|سابعا|ثامنا|تاسعا|عاشرا|عشرون|عشرين)[\u064b]?)\s*[-–.:]?$")
_CHINESE_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]?$")


def is_heading_number(text: str) -> bool:
    """Whether ``text`` is only a heading's number: "II", "B.", "Part I", "Section 3",
    "ثانيا", "二"."""
    text = text.strip()
    return bool(_HEADING_NUMBER_ONLY.match(text) or _ARABIC_ORDINAL.match(text) or _CHINESE_NUMBER.match(text))


def letter_index(mark: str) -> int | None:
    """1 for "a", 26 for "z", 27 for "aa" (letters doubled past z), else None."""
    if mark and len(set(mark)) == 1 and "a" <= mark[0] <= "z":
        return (len(mark) - 1) * 26 + ord(mark[0]) - ord("a") + 1
    return None


def heading_pattern(mark: str, previous: dict[str, int] | None = None) -> str:
    """The numbering pattern of a heading's printed mark: "II." → "{I}.", "Part II" →
    "Part {I}", "Section 3" → "Section {1}", "B." → "{A}.", "" → "". ``previous`` (last
    number seen per pattern) decides "I." after "H.": a letter, not a roman one."""
    mark = mark.strip()
    found = list(_HEADING_NUMBER.finditer(mark))
    if not found:
        return ""
    m = found[-1]
    token = m.group(1)
    if token.isdigit():
        code = "{1}"
    elif _UPPER_ROMAN.match(token):
        code = "{I}"
        as_letter = mark[:m.start()] + "{A}" + mark[m.end():]
        if len(token) == 1 and previous and previous.get(as_letter) == ord(token) - ord("A"):
            code = "{A}"
    elif token.isupper():
        code = "{A}" if len(token) == 1 else "{I}"
    elif ROMAN.match(token) and not (len(token) == 1 and previous
                                      and previous.get(mark[:m.start()] + "{a}" + mark[m.end():]) == ord(token) - ord("a")):
        code = "{i}"
    else:
        code = "{a}"
    return mark[:m.start()] + code + mark[m.end():]


def pattern_value(mark: str, pattern: str) -> int:
    token = _HEADING_NUMBER.findall(mark.strip())[-1] if _HEADING_NUMBER.search(mark) else ""
    if "{1}" in pattern:
        return int(token)
    if "{A}" in pattern or "{a}" in pattern:
        return ord(token.lower()) - ord("a") + 1
    return _roman_value(token.lower())


def _roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(token, token[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def plain_end(text: str) -> str:
    return text.rstrip(" \u00a0”’\")]0123456789*")
