"""Akoma Ntoso XML of a draft's revision or of a text in the library (issue #8, point 5).

Both go through the read use cases, so their rules apply: a draft someone may not see
is a 404 (drafts.view, lifecycle.of: the VIEW policy), a symbol not held or not held in
that language is a 404 (publications.get).
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from ..domain.records import ResolutionFacts
from ..formats.akn_writer import AKN_MIME, AknFacts, write_akn
from . import drafts, lifecycle, publications, sponsorship
from .actors import Actor
from .files import Exported, draft_stem, symbol_stem

__all__ = ["AKN_MIME", "draft", "resolution"]


def draft(session: Session, actor: Actor, draft_id: int, number: int | None = None) -> Exported:
    """Revision ``number`` (default: the current one) of a draft, with what its lifecycle
    says of that revision: the symbol, date and sponsors it was issued with (an L or a
    Rev.), or the adoption when it is the text adopted; else its sponsors as they stand."""
    view = drafts.view(session, actor, draft_id, number)
    doc = view.document
    data = write_akn(doc, _draft_facts(session, actor, view))
    return Exported(f"{draft_stem(doc.body, doc.session, draft_id, view.revision.number)}.akn.xml", data)


def _draft_facts(session: Session, actor: Actor, view: drafts.DraftView) -> AknFacts:
    number = view.revision.number
    life = lifecycle.of(session, actor, view.id)
    plain = AknFacts(symbol=view.document.symbol, date=view.revision.created_at.date(),
                     sponsors=tuple(sponsorship.of(session, actor, view.id).sponsors),
                     draft_id=view.id, revision=number)
    issued = [i for i in life.issuances if i.revision <= number]
    if not issued:
        return plain
    last = issued[-1]
    action = life.action
    if action is not None and action.kind == "adopted" and action.revision == number:
        return replace(plain, symbol=action.symbol, adopted=True, date=action.date, adopted_on=action.date,
                       originating_document=life.originating_document, committee_line=action.committee_line,
                       sponsors=life.sponsors, additional_sponsors=life.additional_sponsors, vote=action.vote)
    if last.revision != number:
        return plain  # a working revision after the last issued one: not issued itself
    return replace(plain, symbol=last.symbol, date=last.date, sponsors=life.sponsors,
                   additional_sponsors=life.additional_sponsors)


def resolution(session: Session, actor: Actor, symbol: str, language: str = "en") -> Exported:
    """A library text in one language, with what the UN's metadata says of its adoption."""
    view = publications.get(session, actor, symbol, language)
    facts = replace(_library_facts(view.symbol, view.kind, view.facts, view.printed_sponsors),
                    note=f"Text of the United Nations. Source: United Nations ({view.symbol}).")
    data = write_akn(view.document, facts)
    return Exported(f"{symbol_stem(view.symbol, view.document.body)}-{view.language}.akn.xml", data)


def _library_facts(symbol: str, kind: str, facts: ResolutionFacts | None, printed: tuple[str, ...]) -> AknFacts:
    if facts is None:
        return AknFacts(symbol=symbol, adopted=kind == "resolution", sponsors=printed)
    return AknFacts(symbol=symbol, adopted=kind == "resolution", adopted_on=facts.adopted_on,
                    meeting=facts.meeting, originating_document=facts.originating_document,
                    committee=facts.committee, sponsors=facts.sponsors or printed,
                    additional_sponsors=facts.additional_sponsors, vote=facts.vote)
