"""Which characters a document's text may hold: what XML 1.0 can carry, and so what
Word, the UN's XML, every page and the search index can carry too.

- Tab and newline are kept (in one-line fields such as the title they become spaces).
- A carriage return becomes a newline ("\\r\\n" → "\\n").
- Every other control character (C0, DEL and C1: U+0000–U+001F, U+007F–U+009F) is
  removed, and so is every Unicode non-character (U+FDD0–U+FDEF and the last two code
  points of each plane: U+FFFE, U+FFFF, U+1FFFE … U+10FFFF).
- Spaces, tabs and newlines at the start and end of a field are removed; any other
  white space (no-break spaces, the ideographic space) is kept exactly.
- A lone surrogate (U+D800–U+DFFF on its own) is not text: only a broken client sends
  one, and it cannot be written as UTF-8. It is never removed silently; the caller
  refuses it (see validation.py).

Everything else is kept exactly: right-to-left and zero-width marks, combining marks,
emoji, private-use characters.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Callable

_NONCHARACTERS = r"\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
# Removed wherever they stand: controls other than tab/newline/CR, non-characters,
# and the CR of a CRLF (a lone CR becomes a newline instead).
_REMOVED = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]|\r(?=\n)")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Anything that is not plainly text: controls (tab, newline and CR included), surrogates,
# non-characters, and every astral character (a few of which are non-characters).
_NOT_PLAIN = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]")
_LINE_BREAKS = str.maketrans({"\t": " ", "\n": " "})
TRIMMED = " \t\n"
REPLACEMENT = "\ufffd"


def code_point(ch: str) -> str:
    """"U+0000" for a character, as messages name it."""
    return f"U+{ord(ch):04X}"


def lone_surrogate(value: str) -> int | None:
    """The offset of the first lone surrogate in ``value``, or None."""
    found = _SURROGATE.search(value)
    return found.start() if found else None


def replace_surrogates(value: str) -> str:
    """Each lone surrogate replaced by U+FFFD (for repairing stored text, never on input)."""
    return _SURROGATE.sub(REPLACEMENT, value)


def is_plain(value: str) -> bool:
    """True when ``value`` certainly holds nothing that ``clean`` would change or the
    caller must refuse (no control, surrogate or non-character; no space at either end).
    A quick check for the common case: False only means "look closer"."""
    if not value:
        return True
    if value[0] in TRIMMED or value[-1] in TRIMMED:
        return False
    return value.isprintable() or _NOT_PLAIN.search(value) is None


def first_removed(value: str) -> tuple[int, str] | None:
    """(offset, character) of the first character ``clean`` would remove, or None."""
    found = _REMOVED.search(value)
    return (found.start(), found.group()) if found else None


def clean_mapped(value: str, multiline: bool = True) -> tuple[str, Callable[[int], int]]:
    """``value`` cleaned (see the module's rules) and a function mapping an offset in
    ``value`` to the same place in the cleaned text (for footnote markers and the
    italic opening: a removed character before an offset moves it back by one)."""
    removed = [m.start() for m in _REMOVED.finditer(value)]
    kept = _REMOVED.sub("", value) if removed else value
    kept = kept.replace("\r", "\n")
    if not multiline:
        kept = kept.translate(_LINE_BREAKS)
    cleaned = kept.strip(TRIMMED)
    lead = len(kept) - len(kept.lstrip(TRIMMED))
    size = len(cleaned)

    def where(offset: int) -> int:
        return min(max(offset - bisect_left(removed, offset) - lead, 0), size)
    return cleaned, where


def clean(value: str, multiline: bool = True) -> str:
    """``value`` with the characters XML cannot hold removed, CR → LF, ends trimmed
    (and, unless ``multiline``, tabs and newlines as spaces). Lone surrogates are left
    for the caller to refuse."""
    return clean_mapped(value, multiline)[0]


def why_unclean(value: str, multiline: bool = True) -> str | None:
    """What ``clean`` would change in ``value``, in words; None when nothing."""
    removed = first_removed(value)
    if removed is not None:
        offset, ch = removed
        if ch == "\r":
            return f"holds a carriage return at character {offset + 1} (it becomes a newline)"
        return (f"holds {code_point(ch)} at character {offset + 1}, a character that cannot be "
                "stored in a document (control characters and non-characters are removed)")
    if "\r" in value:
        return f"holds a carriage return at character {value.index(chr(13)) + 1} (it becomes a newline)"
    if not multiline and ("\t" in value or "\n" in value):
        return "holds a tab or line break; it is one line of text"
    if value != value.strip(TRIMMED):
        return "has spaces or line breaks at its start or end"
    return None


def is_blank(value: str) -> bool:
    """True when ``value`` shows nothing: only white space and invisible format
    characters (zero-width spaces and joiners, direction marks, BOM)."""
    for ch in value:
        if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Cn", "Cs"):
            return False
    return True


def preview(value: str, limit: int = 40) -> str:
    """A short repr of ``value`` for messages (ids can be arbitrarily long)."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return repr(shown)
