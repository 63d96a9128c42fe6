"""Delegations: seeded from data/delegations.csv, matched by name or alias."""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import delegation_names
from ..domain.delegation_names import name_key
from ..store.tables import Delegation
from .errors import NotFound


def seed(session: Session) -> int:
    """Insert missing delegations, refresh aliases; returns how many were added."""
    existing = {d.name: d for d in session.scalars(select(Delegation))}
    added = 0
    for row in delegation_names.delegations():
        aliases = "|".join(row.aliases)
        found = existing.get(row.name)
        if found is None:
            session.add(Delegation(name=row.name, kind=row.kind, aliases=aliases))
            added += 1
        else:
            found.kind, found.aliases = row.kind, aliases
    session.flush()
    return added


def all_delegations(session: Session) -> list[Delegation]:
    return list(session.scalars(select(Delegation).order_by(Delegation.name)))


def matcher(session: Session) -> Callable[[str], str | None]:
    """A fast name → short name lookup over every delegation's names and aliases."""
    names = {}
    for delegation in session.scalars(select(Delegation)):
        for name in [delegation.name, *filter(None, delegation.aliases.split("|"))]:
            names[name_key(name)] = delegation.name
    return lambda raw: names.get(name_key(raw))


def find(session: Session, name: str) -> Delegation:
    """The delegation called ``name`` (short name or any alias, any case)."""
    short_name = matcher(session)(name)
    if short_name is not None:
        return session.scalar(select(Delegation).where(Delegation.name == short_name))
    raise NotFound(f"no delegation is called {name!r}", "delegation")
