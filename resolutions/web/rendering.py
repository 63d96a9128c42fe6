"""Turning documents and diffs into HTML. Every piece of user text is escaped here
or by Jinja; Markup is built only around escaped pieces."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from markupsafe import Markup, escape

from ..domain.bodies import get_body
from ..domain.diff import DELETE, EQUAL, INSERT
from ..domain.document import OPERATIVE, PREAMBLE, Document, Paragraph
from ..domain.footnote_markup import render as footnote_markup
from ..domain.numbering import labels, marks
from ..domain.openings import opening_length
from ..domain.sessions import session_heading
from ..domain.style import check


ACKNOWLEDGEMENT = ("Text of the United Nations. Source: United Nations, resolutions of the General Assembly "
                   "as published by the UN (Akoma Ntoso XML, UNxml/GAresolutions) and the UN's official documents.")


@dataclass
class Row:
    """One paragraph as the editor and the reader show it."""
    id: str
    section: str
    depth: int
    markup: str               # editable text, footnotes inline
    label: str = ""           # PP1, OP2 (a)
    mark: str = ""            # "2.", "(a)"
    html: Markup = Markup("")
    warnings: tuple[str, ...] = ()
    source: str | None = None


def rows(doc: Document, style: bool = True) -> list[Row]:
    """Every paragraph in reading order, numbered, rendered and (for drafts) style-checked."""
    names, printed = labels(doc), marks(doc)
    advice: dict[str | None, list[str]] = {}
    for warning in check(doc) if style else ():
        advice.setdefault(warning.paragraph_id, []).append(warning.message)
    footnote_numbers = _footnote_numbers(doc)
    return [Row(p.id, section, depth, footnote_markup(p.text, p.footnotes), names[p.id], printed[p.id],
                paragraph_html(p, section, footnote_numbers), tuple(advice.get(p.id, ())), p.source)
            for section, depth, p in doc.walk()]


def document_warnings(doc: Document) -> list[str]:
    return [w.message for w in check(doc) if w.paragraph_id is None]


def _footnote_numbers(doc: Document) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for _, _, para in doc.walk():
        for note in para.footnotes:
            numbers[note.id] = len(numbers) + 1
    return numbers


def footnotes(doc: Document) -> list[tuple[int, str]]:
    numbers = _footnote_numbers(doc)
    return [(numbers[n.id], n.text) for _, _, p in doc.walk() for n in p.footnotes]


def paragraph_html(para: Paragraph, section: str, numbers: dict[str, int] | None = None) -> Markup:
    """The paragraph with its opening in italics and footnote markers in place."""
    italic_end = opening_length(para, section)
    cuts = sorted({0, italic_end, len(para.text), *(n.at for n in para.footnotes)})
    notes_at: dict[int, list] = {}
    for note in para.footnotes:
        notes_at.setdefault(note.at, []).append(note)
    out = []
    for start, end in zip(cuts, cuts[1:] + [None]):
        for note in notes_at.get(start, ()):
            number = (numbers or {}).get(note.id, "*")
            out.append(Markup('<sup class="fn" title="{}">{}</sup>').format(note.text, number))
        if end is None:
            break
        piece = escape(para.text[start:end])
        out.append(Markup("<em>{}</em>").format(piece) if end <= italic_end else piece)
    return Markup("").join(out)


def ops_html(ops, side: str = "inline") -> Markup:
    """Word operations as <ins>/<del>; ``side`` "old" or "new" keeps one side only."""
    out = []
    for op in ops:
        if op.op == EQUAL:
            out.append(escape(op.text))
        elif op.op == DELETE and side != "new":
            out.append(Markup("<del>{}</del>").format(op.text))
        elif op.op == INSERT and side != "old":
            out.append(Markup("<ins>{}</ins>").format(op.text))
    return Markup("").join(out)


def precedent_json(p) -> dict:
    return {"symbol": p.symbol, "paragraph": p.paragraph, "paragraph_id": p.paragraph_id, "text": p.text,
            "score": round(p.score, 3), "year": p.year, "language": p.language,
            "diff": [{"op": o.op, "text": o.text} for o in p.diff], "diff_html": str(ops_html(p.diff))}


def precedents_json(found) -> dict:
    """Agreed language as the API and the editor's panel receive it; ``shortened`` says
    what of a very long paragraph was left out to keep the work bounded."""
    return {"results": [precedent_json(p) for p in found.results], "shortened": found.shortened}


def register(app: Flask) -> None:
    app.jinja_env.globals.update(get_body=get_body, session_heading=session_heading,
                                 PREAMBLE=PREAMBLE, OPERATIVE=OPERATIVE)
    app.jinja_env.filters["ops_html"] = ops_html


_EVENT_LABELS = {
    "draft.circulated": "Circulated to all delegations",
    "draft.made_private": "Made private again",
    "sponsor.joined": "{delegation} joined as co-sponsor",
    "sponsor.withdrew": "{delegation} withdrew as co-sponsor",
    "proposal.made": "{delegation} proposed on {label}: {summary}",
    "proposal.supported": "{delegation} joined proposal {proposal} on {label}",
    "proposal.withdrawn": "{delegation} withdrew from proposal {proposal} on {label}",
    "proposal.decided": "Proposal {proposal} on {label} ({delegation}) {outcome}",
    "paragraph.status": "{label} marked {status_name}",
    "comment.added": "Comment on {label}",
    "comment.resolved": "Comment thread on {label} resolved",
    # the lifecycle's steps carry their own sentence (services/lifecycle.py)
    **{f"lifecycle.{action}": "{summary}" for action in ("submit", "issue", "revise", "addendum", "oral_revision",
                                                         "adopt", "reject", "withdraw", "defer")},
}


class _Detail(dict):
    """An event's detail for a label: a key an older record lacks prints as "?" rather
    than breaking the history page."""

    def __missing__(self, key):
        return "?"
# Saves, restores and the creation are the revisions themselves: the timeline shows them once.
_REVISION_EVENTS = ("draft.created", "draft.saved", "draft.restored")


@dataclass(frozen=True)
class TimelineItem:
    at: object
    revision: object = None
    event: object = None
    label: str = ""


def timeline(revisions, events) -> list[TimelineItem]:
    """Revisions and the draft's other events in one list, newest first."""
    items = [TimelineItem(r.created_at, revision=r) for r in revisions]
    items += [TimelineItem(e.at, event=e, label=_EVENT_LABELS.get(e.event, e.event).format_map(_Detail({
                  "delegation": "A delegation", **{k: v for k, v in e.detail.items() if v is not None}})))
              for e in events if e.event not in _REVISION_EVENTS]
    return sorted(items, key=lambda item: item.at, reverse=True)
