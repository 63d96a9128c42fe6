"""The one shape of paragraph and footnote ids (see validation.py, which re-exports these)."""
from __future__ import annotations

import re
import unicodedata

MAX_ID_CHARS = 64
ID_RULE = ("1–64 characters: letters and digits of any script, combining marks, typographic "
           "quotation marks (‘ ’ « »), and _ . : -; the first a letter or digit")
_ASCII_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}")
_ID_PUNCTUATION = frozenset("_.:-")
_ID_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Pi", "Pf"})


def is_valid_id(value: object) -> bool:
    """Whether ``value`` has the one shape of paragraph and footnote ids (ID_RULE).

    It holds every id the readers give (the UN's eIds such as ``para_18_list_point_a``,
    ``para_21_list_point_أ``, ``para_32_list_point_أ_sublist_point_’1‘``; the PDF
    reader's ``op4``, ``pp2-fn1``) and every new_id(); it keeps out what would break a
    page, a URL or the editor's form: spaces, ``/ | < & " '``, control characters."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        return False
    if _ASCII_ID.fullmatch(value):
        return True
    if not value[0].isalnum():
        return False
    return all(ch.isalnum() or ch in _ID_PUNCTUATION or unicodedata.category(ch) in _ID_CATEGORIES
               for ch in value)


def safe_id(raw: str, max_chars: int = MAX_ID_CHARS) -> str:
    """``raw`` (an id from a file) in the one shape: each character an id cannot hold
    becomes "_", "id" goes before a first character that is not a letter or digit,
    and it is cut at ``max_chars``. "" when ``raw`` is empty. An id already of the
    shape and short enough comes back unchanged."""
    if is_valid_id(raw) and len(raw) <= max_chars:
        return raw
    out = "".join(ch if ch.isalnum() or ch in _ID_PUNCTUATION or unicodedata.category(ch) in _ID_CATEGORIES
                  else "_" for ch in raw[:max_chars])
    if out and not out[0].isalnum():
        out = f"id{out}"
    return out[:max_chars]
