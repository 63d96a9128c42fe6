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


def sponsor_line(names, what: str = "draft resolution") -> str:
    """"Japan, Mexico and United States of America: draft resolution"."""
    joined = join_names(names)
    return f"{joined}: {what}" if joined else f"Draft {what.removeprefix('draft ')}"
