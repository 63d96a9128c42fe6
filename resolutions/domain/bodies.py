"""The UN bodies a resolution can belong to, read from data/bodies.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class PageSetup:
    """A body's printed page, in points: size, margins (the masthead spans the frame
    between them), header and footer distances from the page's edges, and the text
    column's inset from the left and right margins. The values are bodies.toml's
    ([GA.page]: US Letter as measured on A/80/L.10–L.15; [CND.page]: A4), and only there."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    header: float
    footer: float
    text_left: float
    text_right: float

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
    page: PageSetup
    # The lifecycle (domain/lifecycle.py): where sponsors who join after issuance are
    # printed ("addendum": an …/Add.n; "report": the session's report), the symbol of an
    # adopted decision ("" when the body adopts only resolutions), and the line an
    # adopted resolution prints under its date ("" for none; {symbol} is the L).
    later_sponsors: str = "addendum"
    decision_symbol: str = ""
    committee_line: str = ""
    # The enacting formula in languages other than English: (language code, formula) pairs.
    formulas: tuple[tuple[str, str], ...] = ()
    # Whether a new heading restarts operative numbering by default (the editor's
    # default for Paragraph.restart; the document's own flags decide the numbers).
    headings_restart: bool = False
    # The current session from a date: session N opens on `session_opens` ("MM-DD") of
    # year session_base_year + N; `current_session` (0: unset) overrides the date.
    session_base_year: int = 0
    session_opens: str = "01-01"
    current_session: int = 0

    def session_on(self, today: date) -> int:
        """The body's session on ``today`` (passed in: the domain reads no clock), within
        session_min..session_max."""
        if self.current_session:
            return self.current_session
        month, day = (int(part) for part in self.session_opens.split("-"))
        n = today.year - self.session_base_year - (1 if (today.month, today.day) < (month, day) else 0)
        return min(max(n, self.session_min), self.session_max)

    def formula(self, language: str) -> str:
        """The enacting formula in ``language``: "L’Assemblée générale,"; the English
        one ("The General Assembly,") where bodies.toml gives none in that language."""
        return dict(self.formulas).get(language, self.enacting_formula)


@cache
def bodies() -> dict[str, Body]:
    raw = tomllib.loads(resources.files("resolutions").joinpath("data/bodies.toml").read_text("utf-8"))
    return {code: Body(code=code, **{**fields, "sponsor_kinds": tuple(fields["sponsor_kinds"]),
                                     "page": PageSetup(**fields["page"]),
                                     "formulas": tuple(fields.get("formulas", {}).items())})
            for code, fields in raw.items()}


def get_body(code: str) -> Body | None:
    return bodies().get(code)
