"""JSON from outside (a request body, an uploaded file), parsed without surprises.

    loads(data, *, max_depth=MAX_DEPTH, max_bytes=MAX_BYTES) -> the parsed value

Refuses, with a DomainError naming what is wrong and (where it can) where:
- more than ``max_bytes`` bytes                                   → JSONTooLarge (413)
- bytes that are not UTF-8 (a UTF-8 byte order mark is skipped)   → InvalidJSON (400)
- arrays/objects nested deeper than ``max_depth``                 → InvalidJSON (400)
- anything json.loads refuses, and NaN / Infinity (not JSON)      → InvalidJSON (400)
- a lone surrogate, written as an escape ("\\ud800") or present in
  a str, anywhere in a key or a value; ``where`` is its JSON path  → InvalidJSON (400)

The depth is measured before parsing, by a scan that does not recurse (strings are
skipped, so brackets inside them do not count), so no input, however deep, reaches
Python's recursion limit. The default depth leaves room for a document nested as deep
as the UN's three levels of subparagraphs, each with footnotes, inside an API body
({"document": {...}}); what nests deeper than a document may is refused by
document_json.load with its place named.
"""
from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from ..domain.errors import DomainError

MAX_DEPTH = 16
MAX_BYTES = 16 * 1024 * 1024


class InvalidJSON(DomainError):
    status = 400


class JSONTooLarge(DomainError):
    status = 413


# A JSON string, closing quote optional so that the scan never fails and retries (an
# unterminated string simply runs to the end); possessive, so it never backtracks.
_STRING = re.compile(r'"(?:[^"\\]++|\\[\s\S])*+"?')
# Brackets only, as bytes ("{" read as "[" and "}" as "]"; UTF-8 multi-byte sequences
# hold no ASCII byte, so nothing else can be taken for a bracket).
_SQUARE = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [1 if b == ord("[") else -1 if b == ord("]") else 0 for b in range(256)]
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def loads(data: bytes | bytearray | str, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES) -> Any:
    text = _text(data, max_bytes)
    deepest = depth(text, max_depth)
    if deepest > max_depth:
        raise InvalidJSON(f"the JSON nests {deepest:,} levels deep; the limit is {max_depth}", "body")
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except InvalidJSON:
        raise
    except json.JSONDecodeError as exc:
        raise InvalidJSON(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", "body") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4,300 digits
        raise InvalidJSON(f"not valid JSON: {exc}", "body") from None
    if _SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text):
        path = _surrogate_path(value)
        if path is not None:
            raise InvalidJSON("a string holds a lone surrogate (such as \\ud800): that is not text; "
                              "send UTF-8, or escape a character outside the BMP as a surrogate pair", path)
    return value


def depth(text: str, passes: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in ``text`` (0 for a bare value), without
    parsing it and without recursion; exact for balanced brackets.

    Strings are cut out, then everything but brackets; then up to ``passes`` times
    every empty pair is removed, which takes one level off the whole tree at C speed;
    what is left (only what nests deeper than ``passes``) is counted bracket by bracket."""
    skeleton = _STRING.sub("", text).encode("utf-8", "surrogatepass").translate(_SQUARE, _NOT_BRACKETS)
    levels = 0
    while skeleton and levels < passes:
        shorter = skeleton.replace(b"[]", b"")
        if len(shorter) == len(skeleton):
            break
        skeleton, levels = shorter, levels + 1
    return levels + max(0, max(accumulate(map(_STEP.__getitem__, skeleton)), default=0))


def _text(data: bytes | bytearray | str, max_bytes: int) -> str:
    if isinstance(data, str):
        # len(data) characters take at least that many bytes, and at most 4 each.
        size = len(data) if len(data) > max_bytes or len(data) * 4 <= max_bytes \
            else len(data.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise JSONTooLarge(f"the JSON is larger than {_size(max_bytes)}", "body")
        return data.removeprefix("\ufeff")
    if not isinstance(data, (bytes, bytearray)):
        raise InvalidJSON(f"expected JSON bytes or text, not {type(data).__name__}", "body")
    if len(data) > max_bytes:
        raise JSONTooLarge(f"the JSON is {_size(len(data))}; the limit is {_size(max_bytes)}", "body")
    try:
        return bytes(data).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InvalidJSON(f"the JSON is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start:,} "
                          f"({exc.reason})", "body") from None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{n:,} bytes"


def _no_constant(name: str):
    raise InvalidJSON(f"not valid JSON: {name} is not a JSON number", "body")


def _surrogate_path(value: Any) -> str | None:
    """The JSON path ("operative[2].text") of the first string holding a lone
    surrogate, walking without recursion; None if there is none."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return path or "body"
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if _SURROGATE.search(key):
                    return f"{path}.{ascii(key)}" if path else ascii(key)
                stack.append((child, f"{path}.{key}" if path else key))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]") for i, child in reversed(list(enumerate(item))))
    return None
