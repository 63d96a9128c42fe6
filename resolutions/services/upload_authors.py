"""Who the Word authors of a partner's file speak for (services/uploads.py): the
delegations the uploader may attribute changes to, and each author's likeliest one.

An author's guess is offered only when the uploader may choose it: a guess outside their
choices would tell them whose e-mail address an account has.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.delegation_names import delegations as delegation_names, name_key
from ..domain.sponsors import sort_key
from ..store.tables import Delegation, Draft, User
from . import delegations, policy
from .actors import Actor


@dataclass(frozen=True)
class Author:
    name: str                       # as Word names them
    delegation: str | None          # the best match among the uploader's choices, else None
    changes: int


def choices(session: Session, actor: Actor, draft: Draft) -> tuple[str, ...]:
    """The delegations ``actor`` may make proposals in the name of, A to Z whatever the
    accents and case ("Côte d'Ivoire" before Cuba, "Türkiye" before Turkmenistan)."""
    rows = session.scalars(select(Delegation))
    return tuple(sorted((d.name for d in rows if policy.may_attribute(actor, draft, d.id)), key=sort_key))


def listed(session: Session, actor: Actor, authors: list[str], offered: tuple[str, ...]) -> tuple[Author, ...]:
    """``authors`` (one entry per change, in the file's order) counted, each with the
    delegation they most likely speak for when it is among ``offered``."""
    counted: dict[str, int] = {}
    for author in authors:
        counted[author] = counted.get(author, 0) + 1
    guessed = guesses(session, actor, list(counted))
    return tuple(Author(a, guessed[a] if guessed[a] in offered else None, n) for a, n in counted.items())


def guesses(session: Session, actor: Actor, authors: list[str]) -> dict[str, str | None]:
    """Author → the delegation they most likely speak for: "Jane Doe (Japan)", "Japan",
    "Mission of Japan", or the e-mail address of a user of the uploader's own delegation
    (only those: the author field must not look up other delegations' accounts)."""
    match = delegations.matcher(session)
    users = {name_key(u.email): u.delegation.name
             for u in session.scalars(select(User).where(User.delegation_id == actor.delegation_id))}
    spellings = sorted(((_folded(s), d.name) for d in delegation_names() for s in d.spellings),
                       key=lambda kv: -len(kv[0]))
    out = {}
    for author in authors:
        bracketed = re.search(r"\(([^()]+)\)\s*$", author)
        folded = _folded(author)
        out[author] = ((match(bracketed.group(1)) if bracketed else None) or match(author)
                       or users.get(name_key(author))
                       or next((name for s, name in spellings
                                if len(s) > 3 and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", folded)), None))
    return out


def _folded(name: str) -> str:
    """name_key without accents: "Delegación de México" names Mexico."""
    return "".join(c for c in unicodedata.normalize("NFKD", name_key(name)) if not unicodedata.combining(c))
