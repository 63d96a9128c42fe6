"""Agreed language as a delegate sees it: each past paragraph with how close it is, weak
ones marked, and "nothing imported yet" told apart from "nothing close".

The one door for the editor's page, its JSON panel and the API (all go through
``suggestions``), so the threshold below lives here only.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.diff import DELETE, EQUAL, INSERT
from ..domain.document import Document
from ..domain.numbering import labels
from . import publications, searching
from .drafts import MAX_MESSAGE
from .actors import Actor

# Below this ranking score (search/precedents.py: IDF-weighted share of the paragraph's
# words and word pairs the past paragraph says) a suggestion is labelled "weak match".
# Measured by bench/agreed_language_bench.py (BENCHMARKS.md, "Agreed language closeness"):
# the best F1 of "not weak ⇒ the paragraph's own predecessor" for sessions 76–77's real
# paragraphs (whole, and their first half as a quoted opening) against earlier sessions;
# on session 78, held out: 96 % precision, 99 % recall, 93 % of unrelated suggestions
# labelled weak (the first guess, 0.3: 82 %, 100 %, 64 %). A quote of under half a
# paragraph can fall below it: still shown, only labelled.
WEAK_BELOW = 0.61


@dataclass(frozen=True)
class Suggestion:
    found: searching.PrecedentView
    same_words: int   # % of the words of both texts that the shown diff keeps (2·kept / (ours + theirs))
    weak: bool


@dataclass(frozen=True)
class AgreedLanguage:
    results: list[Suggestion]
    shortened: str | None
    library_empty: bool   # no past resolution imported at all: say how to import, not "nothing close"


def same_words(view: searching.PrecedentView) -> int:
    """How much of the two wordings the diff shows as the same, in whole per cent."""
    count = {EQUAL: 0, INSERT: 0, DELETE: 0}
    for op in view.diff:
        count[op.op] = count.get(op.op, 0) + len(op.text.split())
    total = 2 * count[EQUAL] + count[INSERT] + count[DELETE]
    return round(100 * 2 * count[EQUAL] / total) if total else 0


def suggestions(session: Session, actor: Actor, text: str, language: str = "en", limit: int = 5) -> AgreedLanguage:
    found = searching.precedents(session, actor, text, language, limit)
    results = [Suggestion(p, same_words(p), p.score < WEAK_BELOW) for p in found.results]
    return AgreedLanguage(results, found.shortened, not results and publications.library_empty(session))


def revision_note(message: str, base: Document, doc: Document) -> str:
    """``message`` with where used agreed language came from ("OP 3: agreed language from
    A/RES/78/131 OP 5"), for every paragraph whose source is new since ``base``, so the
    history says why the wording changed."""
    before = {p.id: p.source for _, _, p in base.walk()}
    names = labels(doc)
    notes = [f"{names.get(p.id, p.id)}: agreed language from {p.source}"
             for _, _, p in doc.walk() if p.source and before.get(p.id) != p.source]
    noted = "; ".join(x for x in (message.strip(), *notes) if x)
    # a revision message holds MAX_MESSAGE characters: many used paragraphs are summed up
    return noted if len(noted) <= MAX_MESSAGE else noted[:MAX_MESSAGE - 1].rsplit(";", 1)[0] + "…"
