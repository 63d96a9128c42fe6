"""The delegations' names as data (data/delegations.csv): who exists, under which
spellings, and which are observer States. Shared by the sponsor line, the readers
that split sponsor lists, and the seeding of the database."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class DelegationName:
    name: str                  # the UN short name, as printed
    kind: str                  # member | observer | eu
    aliases: tuple[str, ...]   # other spellings in UN sources

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def name_key(name: str) -> str:
    """Case, apostrophes and spacing vary between UN sources; identity does not."""
    return re.sub(r"\s+", " ", name.replace("’", "'").replace("\u00a0", " ")).strip().casefold()


@cache
def delegations() -> tuple[DelegationName, ...]:
    text = resources.files("resolutions").joinpath("data/delegations.csv").read_text("utf-8")
    return tuple(DelegationName(row["name"], row["kind"], tuple(filter(None, (row.get("aliases") or "").split("|"))))
                 for row in csv.DictReader(io.StringIO(text)))


@cache
def known_keys() -> frozenset[str]:
    """Every spelling of every delegation, as name_key gives it."""
    return frozenset(name_key(s) for d in delegations() for s in d.spellings)


@cache
def observer_states() -> frozenset[str]:
    return frozenset(d.name for d in delegations() if d.kind == "observer")


@cache
def _iso_codes() -> dict[str, str]:
    text = resources.files("resolutions").joinpath("data/delegations.csv").read_text("utf-8")
    return {row["name"]: row.get("iso") or "" for row in csv.DictReader(io.StringIO(text))}


@cache
def _corrections() -> dict[tuple[str, str], str]:
    """data/names.csv: where the UN's short name in a language differs from CLDR's."""
    text = resources.files("resolutions").joinpath("data/names.csv").read_text("utf-8")
    return {(row["name"], row["language"]): row["printed"] for row in csv.DictReader(io.StringIO(text))
            if not row["name"].startswith("#")}   # a comment line


@cache
def printed_name(english_name: str, language: str) -> str:
    """A delegation's short name in ``language``: the UN's (data/names.csv) where it
    differs from CLDR's territory name (through Babel, by the ISO code of
    data/delegations.csv), else CLDR's; the English name for English, for a name we do
    not know, and for a language CLDR lacks."""
    if language == "en":
        return english_name
    corrected = _corrections().get((english_name, language))
    if corrected:
        return corrected
    code = _iso_codes().get(english_name)
    if not code:
        return english_name
    try:
        return Locale.parse(language).territories.get(code, english_name)
    except (ValueError, UnknownLocaleError):
        return english_name
