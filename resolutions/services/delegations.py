"""Delegations: seeded from data/delegations.csv, matched by name or alias."""
from __future__ import annotations

import csv
import io
import re
from typing import Callable
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.tables import Delegation
from .errors import NotFound


def normalise_name(name: str) -> str:
    """Case, apostrophes and spacing vary between UN sources; identity does not."""
    name = name.replace("’", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", name).strip().casefold()


def _rows() -> list[dict[str, str]]:
    text = resources.files("resolutions").joinpath("data/delegations.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def seed(session: Session) -> int:
    """Insert missing delegations, refresh aliases; returns how many were added."""
    existing = {d.name: d for d in session.scalars(select(Delegation))}
    added = 0
    for row in _rows():
        found = existing.get(row["name"])
        if found is None:
            session.add(Delegation(name=row["name"], kind=row["kind"], aliases=row.get("aliases") or ""))
            added += 1
        else:
            found.kind, found.aliases = row["kind"], row.get("aliases") or ""
    session.commit()
    return added


def all_delegations(session: Session) -> list[Delegation]:
    return list(session.scalars(select(Delegation).order_by(Delegation.name)))


def matcher(session: Session) -> Callable[[str], str | None]:
    """A fast name → short name lookup over every delegation's names and aliases."""
    names = {}
    for delegation in session.scalars(select(Delegation)):
        for name in [delegation.name, *filter(None, delegation.aliases.split("|"))]:
            names[normalise_name(name)] = delegation.name
    return lambda raw: names.get(normalise_name(raw))


def find(session: Session, name: str) -> Delegation:
    """The delegation called ``name`` (short name or any alias, any case)."""
    short_name = matcher(session)(name)
    if short_name is not None:
        return session.scalar(select(Delegation).where(Delegation.name == short_name))
    raise NotFound(f"no delegation is called {name!r}", "delegation")
