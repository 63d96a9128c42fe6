"""The UN bodies a resolution can belong to, read from data/bodies.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class PageSetup:
    """A body's printed page, in points: size, margins (the masthead spans the frame
    between them), header and footer distances from the page's edges, and the text
    column's inset from the left and right margins. Defaults: the GA's US Letter as
    measured on A/80/L.10–L.15 (bodies.toml says so again, per body)."""

    width: float = 612.0
    height: float = 792.0
    top: float = 39.5
    bottom: float = 60.0
    left: float = 60.0
    right: float = 60.0
    header: float = 30.0
    footer: float = 34.0
    text_left: float = 63.5
    text_right: float = 61.0

    @property
    def frame(self) -> float:
        """Width between the margins."""
        return self.width - self.left - self.right


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    organ: str
    subsidiary_of: str
    enacting_formula: str
    draft_symbol: str
    adopted_symbol: str
    venue: str
    sponsor_kinds: tuple[str, ...]
    session_min: int
    session_max: int
    # The lifecycle (domain/lifecycle.py): where sponsors who join after issuance are
    # printed ("addendum": an …/Add.n; "report": the session's report), the symbol of an
    # adopted decision ("" when the body adopts only resolutions), and the line an
    # adopted resolution prints under its date ("" for none; {symbol} is the L).
    later_sponsors: str = "addendum"
    decision_symbol: str = ""
    committee_line: str = ""
    page: PageSetup = PageSetup()


@cache
def bodies() -> dict[str, Body]:
    raw = tomllib.loads(resources.files("resolutions").joinpath("data/bodies.toml").read_text("utf-8"))
    return {code: Body(code=code, **{**fields, "sponsor_kinds": tuple(fields["sponsor_kinds"]),
                                     "page": PageSetup(**fields.get("page", {}))})
            for code, fields in raw.items()}


def get_body(code: str) -> Body | None:
    return bodies().get(code)
