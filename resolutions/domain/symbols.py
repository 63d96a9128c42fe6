"""UN document symbols: A/RES/78/131, A/80/L.10/Rev.1/Add.1, E/CN.7/2026/L.5, resolution 69/3.

The one grammar of symbols. Each body's symbols come from its templates in
data/bodies.toml ("A/{session}/L.{number}", "A/RES/{session}/{number}", "resolution
{session}/{number}"), a draft's followed by "/Rev.n" and "/Add.n"; the GA's also come
in forms no template of ours writes but the UN's files hold (lettered parts "A/RES/75/101
A", special sessions "A/RES/ES-11/1", Main Committee drafts "A/C.3/80/L.20").

Parsing says what a symbol is (body, kind, session, number) or refuses it with a
message; the importer uses it to file what it reads, the lifecycle to check the symbols
the Secretariat gives, the writers to print a resolution's number. A body's cited forms
("resolution 67/1", "decision 67/2", kept in lower case) name no body: they parse only
when the caller says whose they are (``body=``), as "resolution 78/131" may as well be
the GA's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .bodies import bodies, get_body
from .errors import InvalidDocument

ADOPTED, DRAFT = "resolution", "draft"
# Digits are ASCII: "\d" alone would take "A/80/L.١٢" for a symbol.
_SUFFIXES = r"(?:/Rev\.(?P<rev>\d{1,3}))?(?:/Add\.(?P<add>\d{1,3}))?"
_CITED = re.compile(r"^(resolution|decision) \d", re.IGNORECASE | re.ASCII)
# The GA's forms beyond its templates, as the UN's files print them.
_GA_EXTRA = (
    (re.compile(r"^A/RES/(?P<session>(?:ES-|S-)?\d{1,3})/(?P<number>\d{1,4})(?: ?(?P<part>[A-Z]))?$", re.ASCII),
     ADOPTED),
    (re.compile(r"^A/C\.\d/(?P<session>\d{1,3})/L\.(?P<number>\d{1,4})" + _SUFFIXES + "$", re.ASCII), DRAFT),
)


@dataclass(frozen=True)
class Symbol:
    text: str
    body: str
    kind: str           # "resolution" (a decision too) or "draft"
    session: int | None  # GA session; None for CND drafts (numbered by year), special sessions
    number: int
    revision: int = 0
    year: int | None = None
    addendum: int = 0
    decision: bool = False


def template_pattern(template: str, suffixes: str = "") -> re.Pattern:
    """A bodies.toml template ("A/{session}/L.{number}") as a regular expression with
    a named group per field, ``suffixes`` (the /Rev.n/Add.n of drafts) after it."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else rf"(?P<{p}>\d{{1,4}})" for i, p in enumerate(parts))
    return re.compile(f"^{regex}{suffixes}$", re.ASCII)


@cache
def _grammar(body_code: str) -> tuple[tuple[re.Pattern, str, bool], ...]:
    """(pattern, kind, decision) of every symbol ``body_code`` issues, templates first."""
    body = get_body(body_code)
    rules = [(template_pattern(body.draft_symbol, _SUFFIXES), DRAFT, False),
             (template_pattern(body.adopted_symbol), ADOPTED, False)]
    if body.decision_symbol:
        rules.append((template_pattern(body.decision_symbol), ADOPTED, True))
    if body_code == "GA":
        rules += [(pattern, kind, False) for pattern, kind in _GA_EXTRA]
    return tuple(rules)


def normalise(text: str) -> str:
    """"A/RES/78/131." or "a/res/78/131 " → "A/RES/78/131"."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().rstrip(".")
    if _CITED.match(text):
        return text.lower()
    return text.upper().replace("/REV.", "/Rev.").replace("/ADD.", "/Add.")


def _match(symbol: str, body_code: str) -> Symbol | None:
    for pattern, kind, decision in _grammar(body_code):
        found = pattern.match(symbol)
        if found is None:
            continue
        parts = {k: v for k, v in found.groupdict().items() if v is not None}
        session = parts.get("session", "")
        return Symbol(symbol, body_code, kind, int(session) if session.isdigit() else None,
                      int(parts["number"]), int(parts.get("rev", 0)),
                      int(parts["year"]) if "year" in parts else None, int(parts.get("add", 0)), decision)
    return None


def parse(text: str, body: str | None = None) -> Symbol:
    """What ``text`` is, as a symbol of ``body`` (default: of any body, the cited forms
    "resolution 69/3" excepted); InvalidDocument naming examples when it is none."""
    symbol = normalise(text)
    cited = bool(_CITED.match(symbol))
    for code in ([body] if body else list(bodies())):
        if get_body(code) is None or (cited and body is None):
            continue
        found = _match(symbol, code)
        if found is not None:
            return found
    raise InvalidDocument(f"{text!r} is not a UN symbol this tool knows "
                          "(A/RES/78/131, A/80/L.10, E/CN.7/2024/L.2 …)", "symbol")


def _parsed(symbol: str | None) -> Symbol | None:
    """Any body's reading of ``symbol``, the cited forms included; None for no symbol."""
    if not symbol:
        return None
    for code in bodies():
        found = _match(normalise(symbol), code)
        if found is not None:
            return found
    return None


def is_adopted(symbol: str | None) -> bool:
    """True for "A/RES/80/174" and the CND's "resolution 69/3", "decision 69/2"."""
    found = _parsed(symbol)
    return found is not None and found.kind == ADOPTED


def is_decision(symbol: str | None) -> bool:
    found = _parsed(symbol)
    return found is not None and found.decision


def revision_of(symbol: str | None) -> int:
    """"A/80/L.10/Rev.2" → 2; 0 for an original, a blank or a symbol this tool does not know."""
    found = _parsed(symbol)
    return found.revision if found is not None else 0


def resolution_number(symbol: str | None) -> str:
    """The number an adopted text prints before its title, without the full stop:
    "A/RES/80/174" → "80/174", "A/RES/75/101 A" → "75/101 A", "resolution 69/3" → "69/3";
    "" for a draft, a blank or an unknown symbol."""
    found = _parsed(symbol)
    if found is None or found.kind != ADOPTED:
        return ""
    if found.text.startswith("A/RES/"):
        return found.text.removeprefix("A/RES/")
    return found.text.split(" ", 1)[1]


def addendum_of(symbol: str) -> str:
    """The document an addendum adds to: "A/80/L.24/Rev.1/Add.2" → "A/80/L.24/Rev.1";
    "" when ``symbol`` is no addendum."""
    found = _parsed(symbol)
    if found is None or not found.addendum:
        return ""
    return found.text.rsplit("/Add.", 1)[0]


def template_fields(template: str, symbol: str) -> dict[str, int] | None:
    """The fields of ``symbol`` read through one bodies.toml template (no suffixes), or None."""
    found = template_pattern(template).match(symbol)
    return {k: int(v) for k, v in found.groupdict().items()} if found else None
