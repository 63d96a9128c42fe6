"""The compare page's model and HTML: changes only on long drafts, old and new
numbers, footnotes as numbered markers with their texts listed below the paragraph.

The rows come from domain/diff_view.py (pure, reusable by any page that shows a long
diff); here they get their HTML. Every piece of user text is escaped; Markup is
built only around escaped pieces.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..domain.diff import ADDED, DELETED, MOVED, SAME, DocumentDiff
from ..domain.diff_view import NEW, OLD, Gap, Marker, Note, ParagraphView, review_rows
from .rendering import ops_html

LONG = 10     # paragraphs: a longer diff opens on its changes only (a delegate trial found 15 too many)
CONTEXT = 2   # unchanged paragraphs kept either side of a change

@dataclass(frozen=True)
class ChangeLink:
    anchor: str
    text: str
    status: str


@dataclass(frozen=True)
class ComparePage:
    rows: list[ParagraphView | Gap]
    changes: list[ChangeLink]
    everything: bool   # every paragraph shown, none folded
    long: bool         # long enough to offer the choice
    context: int

    @staticmethod
    def badge(view: ParagraphView) -> str:
        moved_and_changed = view.status == MOVED and view.change.text_changed
        return "moved and changed" if moved_and_changed else "" if view.status == SAME else view.status

    @staticmethod
    def text(view: ParagraphView, side: str = "inline") -> Markup:
        return pieces_html(view.pieces, side)

    @staticmethod
    def notes(view: ParagraphView, side: str = "inline") -> Markup:
        return notes_html(view.notes, side)


def compare_page(diff: DocumentDiff, show_all: bool = False, context: int = CONTEXT) -> ComparePage:
    long = len(diff.paragraphs) > LONG
    everything = show_all or not long
    rows = review_rows(diff, context, everything)
    changes = [ChangeLink(f"c-field-{f.name}", f"{f.name.replace('_', ' ').capitalize()} changed", "changed")
               for f in diff.fields]
    changes += [ChangeLink(anchor(v), f"{v.label} {ComparePage.badge(v)}", v.status)
                for v in rows if isinstance(v, ParagraphView) and v.position is not None]
    return ComparePage(rows, changes, everything, long, context)


def anchor(view: ParagraphView) -> str:
    return f"c-{view.id}"


def _shown_on(side: str, sides) -> bool:
    return side == "inline" or side in sides


def pieces_html(pieces, side: str = "inline") -> Markup:
    """The paragraph's words as <ins>/<del> with its footnote markers; ``side`` "old"
    or "new" keeps one side only."""
    out, run = [], []
    for piece in pieces:
        if isinstance(piece, Marker):
            out.append(ops_html(run, side))
            run = []
            if _shown_on(side, piece.sides):
                out.append(marker_html(piece, side))
        else:
            run.append(piece)
    out.append(ops_html(run, side))
    return Markup("").join(out)


def marker_html(marker: Marker, side: str) -> Markup:
    note = marker.note
    text = note.text(OLD if side == OLD or note.status == DELETED else NEW)
    what = note.status if note.status in (ADDED, DELETED) else ""
    title = f"Footnote {note.number}{f' ({what})' if what else ''}: {text}"
    sup = Markup('<a class="fn-ref {}" href="#{}" title="{}"><sup>{}</sup></a>').format(
        note.status, note_id(note, side), title, note.number)
    if marker.sides != {OLD, NEW}:
        # Only one side has the marker here: inserted or deleted (or moved past words).
        return Markup("<ins>{}</ins>" if NEW in marker.sides else "<del>{}</del>").format(sup)
    return sup


def note_id(note: Note, side: str) -> str:
    # Side by side shows each note twice; each copy needs its own id.
    return f"fn-{note.number}" if side == "inline" else f"fn-{side}-{note.number}"


def notes_html(notes, side: str = "inline") -> Markup:
    """The paragraph's footnotes, numbered, each added, deleted or changed one marked."""
    gone = {OLD: ADDED, NEW: DELETED}.get(side)
    items = [n for n in notes if n.status != gone]
    if not items:
        return Markup("")
    lis = []
    for note in items:
        badge = ("" if note.status == SAME
                 else Markup(' <span class="badge">footnote {}</span>').format(note.status))
        lis.append(Markup('<li id="{}" value="{}" class="note {}">{}{}</li>').format(
            note_id(note, side), note.number, note.status, ops_html(note.ops, side), badge))
    return Markup('<ol class="para-notes">{}</ol>').format(Markup("").join(lis))

