"""The sponsor line, printed the UN way (UN-FORMAT.md §4).

English short names in alphabetical order, "A, B and C: draft resolution", no serial
comma. The order ignores accents and case, so "Côte d'Ivoire" sorts among the Cs and
"Türkiye" among the Ts. Observer States (the State of Palestine) follow the Member
States, as the UN prints them.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from functools import cache
from importlib import resources


def sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def observer_states() -> frozenset[str]:
    text = resources.files("resolutions").joinpath("data/delegations.csv").read_text("utf-8")
    return frozenset(row["name"] for row in csv.DictReader(io.StringIO(text)) if row["kind"] == "observer")


def alphabetical(names) -> list[str]:
    """Member States A to Z, then observer States A to Z."""
    observers = observer_states()
    return sorted(set(names), key=lambda name: (name in observers, sort_key(name)))


def join_names(names) -> str:
    ordered = alphabetical(names)
    if len(ordered) <= 1:
        return "".join(ordered)
    return f"{', '.join(ordered[:-1])} and {ordered[-1]}"


def sponsor_line(names, what: str = "draft resolution") -> str:
    """"Japan, Mexico and United States of America: draft resolution"."""
    joined = join_names(names)
    return f"{joined}: {what}" if joined else f"Draft {what.removeprefix('draft ')}"
