"""The sponsor line, printed the UN way (UN-FORMAT.md §4).

English short names in alphabetical order, "A, B and C: draft resolution", no serial
comma. The order ignores accents and case, so "Côte d'Ivoire" sorts among the Cs and
"Türkiye" among the Ts. Observer States (the State of Palestine) follow the Member
States, as the UN prints them.
"""
from __future__ import annotations

import unicodedata

from .delegation_names import observer_states


def sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def alphabetical(names) -> list[str]:
    """Member States A to Z, then observer States A to Z."""
    observers = observer_states()
    return sorted(set(names), key=lambda name: (name in observers, sort_key(name)))


def join_names(names) -> str:
    ordered = alphabetical(names)
    if len(ordered) <= 1:
        return "".join(ordered)
    return f"{', '.join(ordered[:-1])} and {ordered[-1]}"


DRAFT_RESOLUTION = "draft resolution"
REVISED_DRAFT_RESOLUTION = "revised draft resolution"  # under a …/Rev.n symbol


def sponsor_parts(names, what: str = DRAFT_RESOLUTION) -> tuple[str, str]:
    """The sponsor line either side of where an issued L puts its asterisk:
    ("Japan and Mexico:", "draft resolution"); with no names ("", "Draft resolution")."""
    joined = join_names(names)
    return (f"{joined}:", what) if joined else ("", what[:1].upper() + what[1:])


def sponsor_line(names, what: str = DRAFT_RESOLUTION) -> str:
    """"Japan, Mexico and United States of America: draft resolution"."""
    before, words = sponsor_parts(names, what)
    return f"{before} {words}" if before else words
