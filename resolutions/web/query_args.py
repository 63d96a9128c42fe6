"""Numbers and search parameters from query strings and forms, for the pages and the API alike."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ..domain.errors import InvalidDocument
from ..search import SearchQuery
from ..services import export

MAX_PAGE = 1_000
ORDERS = ("relevance", "date")
KINDS = ("resolution", "draft")


def whole_number(raw: str | None, max_digits: int = 11) -> int | None:
    """A short run of ASCII digits as an int, else None: int() would read "١٢" and refuses
    thousands of digits with a ValueError (a 500), so every form field goes through here."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) <= max_digits else None


def number_or_text(raw: str | None) -> int | str | None:
    """A form's id field for a service that refuses bad ones by name: the number when it is
    one, else the text as typed (None when empty)."""
    number = whole_number(raw)
    return number if number is not None else ((raw or "").strip() or None)


def _number(args: MultiDict, name: str, low: int, high: int) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    number = whole_number(raw)
    if number is None or not low <= number <= high:
        raise InvalidDocument(f"{name} must be a whole number from {low} to {high}", name)
    return number


def search_query(args: MultiDict) -> SearchQuery:
    order = args.get("order") or "relevance"
    if order not in ORDERS:
        raise InvalidDocument(f"order must be one of {', '.join(ORDERS)}", "order")
    kind = args.get("kind") or None
    if kind not in (None, *KINDS):
        raise InvalidDocument(f"kind must be one of {', '.join(KINDS)}", "kind")
    return SearchQuery(text=(args.get("q") or "").strip(), body=args.get("body") or None,
                       session=_number(args, "session", 1, 999), language=args.get("lang") or None,
                       sponsor=args.get("sponsor") or None, kind=kind,
                       page=_number(args, "page", 1, MAX_PAGE) or 1, order=order)


def revision_arg(args: MultiDict) -> int | None:
    """``?revision=n`` (absent: the current revision); anything else is refused rather
    than silently read as "the current one"."""
    if not (args.get("revision") or "").strip():
        return None
    return _number(args, "revision", 1, 2**31 - 1)


def word_or_number(args: MultiDict, name: str, words: tuple[str, ...]) -> str | int | None:
    """``?name=`` as one of ``words`` or a revision-sized whole number (absent: None); anything
    else is refused by name."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if raw in words:
        return raw
    number = whole_number(raw)
    if number is None or not 1 <= number <= 2**31 - 1:
        allowed = ", ".join(words)
        raise InvalidDocument(f"{name} must be {allowed + ' or ' if allowed else ''}a whole number from 1", name)
    return number


def export_args(args: MultiDict) -> tuple[int | None, str | None, str | int | None]:
    """(revision, kind, against) of a Word export: from ``?revision=&kind=&against=``, or from
    the Export menu's ``?choice=&earlier=`` (services/export.from_choice)."""
    revision = revision_arg(args)
    against = word_or_number(args, "against", export.AGAINST_WORDS)
    kind = (args.get("kind") or "").strip() or None
    choice = (args.get("choice") or "").strip()
    if not choice:
        return revision, kind, against
    if kind is not None or against is not None:
        raise InvalidDocument("send the Export menu's choice, or kind and against, not both", "choice")
    return export.from_choice(choice, revision, word_or_number(args, "earlier", ()))
