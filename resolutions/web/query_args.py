"""Search parameters from a query string, for the page and the API alike."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ..domain.errors import InvalidDocument
from ..search import SearchQuery

MAX_PAGE = 1_000
ORDERS = ("relevance", "date")
KINDS = ("resolution", "draft")


def _number(args: MultiDict, name: str, low: int, high: int) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdecimal() or not low <= int(raw) <= high:
        raise InvalidDocument(f"{name} must be a whole number from {low} to {high}", name)
    return int(raw)


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
