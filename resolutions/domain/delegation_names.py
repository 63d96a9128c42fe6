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
