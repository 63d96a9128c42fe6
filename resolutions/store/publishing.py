"""The one door through which issued texts and their facts enter the library: the
corpus import and an adoption (services/lifecycle.py) both write through here."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.document import Document
from ..domain.languages import ENGLISH_NAMES
from ..domain.records import ResolutionFacts
from ..domain.validation import accept
from ..formats import document_json, facts_json
from .tables import Publication, PublicationFacts


def held(session: Session, symbol: str, language: str) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.symbol == symbol, Publication.language == language))


def holders(session: Session, symbol: str) -> list[str]:
    """What already holds ``symbol`` in the library, in words: its texts in any language
    and the facts of its adoption (facts are kept by symbol alone); [] when nothing does."""
    languages = sorted(session.scalars(select(Publication.language).where(Publication.symbol == symbol)))
    out = [f"its text in {', '.join(ENGLISH_NAMES.get(code, code) for code in languages)}"] if languages else []
    if session.get(PublicationFacts, symbol) is not None:
        out.append("the facts of its adoption")
    return out


def put(session: Session, existing: Publication | None, symbol: str, doc: Document, *, kind: str,
        sponsors: Sequence[str], source_format: str, source_name: str, digest: str | None = None) -> Publication:
    """File ``doc`` under ``symbol`` in its language, into ``existing`` or a new row: checked
    by the validation rule every way in shares, stored as JSON, and hashed (``digest``, the
    source file's, when there is one: the corpus import skips a file it already holds).
    ``sponsors`` are the ones the text prints (an L); an adopted resolution prints none.
    Flushed, so it has an id."""
    doc = accept(doc)
    stored = document_json.dump(doc)
    fields = dict(kind=kind, body=doc.body, session=doc.session, title=doc.title, document=stored,
                  sponsors=list(sponsors), source_format=source_format, source_name=source_name,
                  content_hash=digest or _digest(stored))
    if existing is None:
        existing = Publication(symbol=symbol, language=doc.language, **fields)
        session.add(existing)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
    session.flush()
    return existing


def _digest(encoded: dict) -> str:
    return hashlib.sha256(json.dumps(encoded, sort_keys=True).encode()).hexdigest()


def put_facts(session: Session, facts: ResolutionFacts) -> str:
    """Store the facts of ``facts.symbol``: "imported", "updated" or "skipped" (unchanged)."""
    encoded = facts_json.dump(facts)
    digest = _digest(encoded)
    row = session.get(PublicationFacts, facts.symbol)
    if row is not None and row.content_hash == digest:
        return "skipped"
    if row is None:
        session.add(PublicationFacts(symbol=facts.symbol, facts=encoded, content_hash=digest))
        return "imported"
    row.facts, row.content_hash = encoded, digest
    return "updated"
