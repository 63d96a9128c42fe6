"""UN document symbols: A/RES/78/131, A/80/L.10/Rev.1, E/CN.7/2024/L.2, A/C.3/80/L.20.

Parsing says what a symbol is (body, kind, session, number) or refuses it with a
message; the importer uses it to file what it reads and to reject what it cannot.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidDocument

ADOPTED, DRAFT = "resolution", "draft"

_PATTERNS = [
    # GA resolutions, incl. lettered parts ("A/RES/75/101 A") and special sessions.
    (re.compile(r"^A/RES/(?P<session>(?:ES-|S-)?\d{1,3})/(?P<number>\d{1,4})(?: ?(?P<part>[A-Z]))?$"), "GA", ADOPTED),
    (re.compile(r"^A/(?:C\.(?P<committee>\d)/)?(?P<session>\d{1,3})/L\.(?P<number>\d{1,4})"
                r"(?:/Rev\.(?P<rev>\d+))?(?:/Add\.(?P<add>\d+))?$"), "GA", DRAFT),
    (re.compile(r"^E/CN\.7/(?P<year>\d{4})/L\.(?P<number>\d{1,3})(?:/Rev\.(?P<rev>\d+))?(?:/Add\.(?P<add>\d+))?$"),
     "CND", DRAFT),
]
# CND adoptions are known by their number alone ("resolution 67/1", "decision 67/2"),
# kept in lower case. parse() refuses them: "resolution 78/131" may as well be the GA's.
_CITED = re.compile(r"^(resolution|decision) \d", re.IGNORECASE)


@dataclass(frozen=True)
class Symbol:
    text: str
    body: str
    kind: str           # "resolution" or "draft"
    session: int | None  # GA session; None for CND drafts (numbered by year)
    number: int
    revision: int = 0
    year: int | None = None


def normalise(text: str) -> str:
    """"A/RES/78/131." or "a/res/78/131 " → "A/RES/78/131"."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().rstrip(".")
    if _CITED.match(text):
        return text.lower()
    return text.upper().replace("/REV.", "/Rev.").replace("/ADD.", "/Add.")


def parse(text: str) -> Symbol:
    symbol = normalise(text)
    for pattern, body, kind in _PATTERNS:
        match = pattern.match(symbol)
        if match:
            parts = match.groupdict()
            session = parts.get("session")
            return Symbol(symbol, body, kind,
                          int(session) if session and session.isdigit() else None,
                          int(parts["number"]), int(parts.get("rev") or 0),
                          int(parts["year"]) if parts.get("year") else None)
    raise InvalidDocument(f"{text!r} is not a UN symbol this tool knows "
                          "(A/RES/78/131, A/80/L.10, E/CN.7/2024/L.2 …)", "symbol")


def url_part(symbol: str) -> str:
    """A symbol as it appears in our URLs: slashes kept, spaces as underscores."""
    return symbol.replace(" ", "_")


def from_url_part(part: str) -> str:
    return part.replace("_", " ")
