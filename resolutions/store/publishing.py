"""The one door through which issued texts and their facts enter the library: the
corpus import and an adoption (services/lifecycle.py) both write through here."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.records import ResolutionFacts
from ..formats import facts_json
from .tables import Publication, PublicationFacts


def held(session: Session, symbol: str, language: str) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.symbol == symbol, Publication.language == language))


def put(session: Session, existing: Publication | None, symbol: str, language: str, fields: dict) -> Publication:
    """Write ``fields`` (kind, body, session, title, document, sponsors, source_format,
    source_name, content_hash) into ``existing`` or a new row; flushed, so it has an id."""
    if existing is None:
        existing = Publication(symbol=symbol, language=language, **fields)
        session.add(existing)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
    session.flush()
    return existing


def put_facts(session: Session, facts: ResolutionFacts) -> str:
    """Store the facts of ``facts.symbol``: "imported", "updated" or "skipped" (unchanged)."""
    encoded = facts_json.dump(facts)
    digest = hashlib.sha256(json.dumps(encoded, sort_keys=True).encode()).hexdigest()
    row = session.get(PublicationFacts, facts.symbol)
    if row is not None and row.content_hash == digest:
        return "skipped"
    if row is None:
        session.add(PublicationFacts(symbol=facts.symbol, facts=encoded, content_hash=digest))
        return "imported"
    row.facts, row.content_hash = encoded, digest
    return "updated"
