"""Past resolutions and issued drafts: read one, list its languages, start a draft from it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..domain.document import Document, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.languages import LANGUAGES  # the pages list a text's languages in the UN's order
from ..domain.numbering import labels, spaced_label
from ..domain.records import ResolutionFacts
from ..domain.symbols import normalise
from ..domain.validation import MAX_SYMBOL_CHARS, accept, accept_text
from ..formats import document_json
from ..store import queries
from ..store.tables import Publication
from . import drafts
from .actors import Actor
from .errors import NotFound



@dataclass(frozen=True)
class PublicationView:
    id: int
    symbol: str
    language: str
    kind: str
    document: Document
    facts: ResolutionFacts | None
    printed_sponsors: tuple[str, ...]
    languages: tuple[str, ...]       # every language this symbol is held in
    source_format: str
    source_name: str


def library_empty(session: Session) -> bool:
    """No past resolution imported at all: pages say how to import, not "nothing found"."""
    return not session.scalar(select(exists().where(Publication.id.isnot(None))))


def get(session: Session, actor: Actor, symbol: str, language: str = "en") -> PublicationView:
    """Every logged-in user may read issued documents; ``actor`` is for symmetry and audit."""
    symbol = normalise(accept_text(symbol, "symbol", field="the symbol", max_chars=MAX_SYMBOL_CHARS,
                                   multiline=False))
    rows = _held(session, symbol)
    if language not in rows:
        raise NotFound(f"{symbol} is held in {', '.join(rows)}, not in {language!r}", "lang")
    pub = rows[language]
    facts = queries.facts_by_symbol(session, [symbol]).get(symbol)
    return PublicationView(pub.id, pub.symbol, pub.language, pub.kind, stored_document(pub), facts,
                           tuple(pub.sponsors), tuple(rows), pub.source_format, pub.source_name)


class DamagedPublication(InvalidDocument):
    """An imported text this version cannot read: only its own pages fail, naming it;
    re-importing the file (or `flask --app app doctor --repair`) fixes it."""
    status = 409


def stored_document(pub: Publication) -> Document:
    try:
        return accept(document_json.load(pub.document))
    except InvalidDocument as error:
        raise DamagedPublication(f"the stored text of {pub.symbol} ({pub.language}) is damaged ({error}); "
                                 "import its file again", "symbol") from None


def _held(session: Session, symbol: str) -> dict[str, Publication]:
    """language → the symbol's text in it, in the UN's order of languages; none: 404."""
    rows = {p.language: p for p in session.scalars(select(Publication).where(Publication.symbol == symbol))}
    if not rows:
        raise NotFound(f"no resolution or draft {symbol} has been imported", "symbol")
    return {code: rows[code] for code in LANGUAGES if code in rows}


def start_draft(session: Session, actor: Actor, symbol: str, language: str = "en",
                today: date | None = None) -> drafts.DraftView:
    """A new draft for the body's current session (bodies.toml's rule over ``today``, not
    the text's session + 1: a text of three sessions ago is taken up now) whose base is
    the issued text: paragraph ids carry over, so every later change can be shown
    against the base."""
    base = get(session, actor, symbol, language)
    doc = base.document
    draft_doc = replace(doc, session=drafts.current_session(doc.body, today) or doc.session + 1, symbol=None)
    return drafts.create(session, actor, draft_doc, f"Started from {base.symbol}", base_publication_id=base.id)


def paragraph(session: Session, actor: Actor, symbol: str, language: str,
              paragraph_id: str) -> tuple[Paragraph, str]:
    """One paragraph of an issued text and where it stands ("A/RES/78/131 OP4"), to
    reuse as agreed language."""
    view = get(session, actor, symbol, language)
    found = view.document.find(paragraph_id)
    if found is None:
        raise NotFound(f"{view.symbol} has no paragraph {paragraph_id!r}", "paragraph")
    return found, f"{view.symbol} {spaced_label(labels(view.document)[paragraph_id])}"


def same_paragraph_everywhere(session: Session, actor: Actor, symbol: str, paragraph_id: str) -> list[tuple[str, str]]:
    """(language, text) of one paragraph in every language held: the UN keeps paragraph
    order, and the importer keeps the UN's paragraph ids, across languages."""
    out = []
    for language, pub in _held(session, normalise(accept_text(symbol, "symbol", field="the symbol",
                                                              max_chars=MAX_SYMBOL_CHARS, multiline=False))).items():
        para = stored_document(pub).find(paragraph_id)
        if para is not None:
            out.append((language, para.text))
    if not out:
        raise NotFound(f"{symbol} has no paragraph {paragraph_id!r}", "paragraph")
    return out

