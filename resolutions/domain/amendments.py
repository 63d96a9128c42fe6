"""Amendments to a text, as negotiators make them (UN-FORMAT.md §3).

    apply(doc, amendment) -> Document           a proposal applied: replace a paragraph's
                                                text (or one part of it), delete it, or
                                                insert a new paragraph after it / inside it
    compilation_labels(reference, current, pending) -> {id: label}
                                                PP1 … OP3 for the reference text's paragraphs,
                                                "OP3 bis", "OP3 ter", "OP3 (a) bis" for new ones
    parse_brackets(marked, markup) -> spans     "Decides [to convene [a] meeting]" → nested
                                                [start, end) spans over the paragraph's markup
    render_brackets(markup, spans) -> str       and back
    carried(amendment, was, now) -> Amendment | None
                                                a proposal made on a paragraph reading
                                                ``was``, carried to it reading ``now``

Texts here are editor markup (footnotes inline as ``^[…]``, footnote_markup.py): what
delegates read and type. A ``^[`` … ``]`` is a footnote, never a negotiation bracket.

Every block kind takes proposals: a replacement of a heading's or annex's text or of a
table's title changes those words (its other fields stay); an insertion makes a block of
``Amendment.block_kind`` with ``block_fields`` (a heading's level, numbering, restart; a
table's rows, header_rows); what may stand where is validation's to say (an annex
inserted into the preamble is refused there).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from . import editing, footnote_markup
from .document import HEADING, PARAGRAPH, PROSE, TABLE, Document, Paragraph
from .errors import InvalidDocument
from .merge_text import merge_text
from .numbering import labels as clean_labels, subparagraph_mark
from .openings import opening_length
from .text import preview

REPLACE, DELETE, INSERT = "replace", "delete", "insert"
KINDS = (REPLACE, DELETE, INSERT)
AFTER, INSIDE = "after", "inside"
POSITIONS = (AFTER, INSIDE)

# Latin ordinals after a paragraph's number: OP3 bis, OP3 ter … (past twenty: "OP3 +21").
ORDINALS = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies",
            "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies", "septdecies",
            "octodecies", "novodecies", "vicies")

# How the room abbreviates the longest names in a compilation text ("(EU, US)"); every
# other delegation appears under its UN short name.
SHORT_NAMES = {"European Union": "EU", "United States of America": "US",
               "United Kingdom of Great Britain and Northern Ireland": "UK", "Group of 77 and China": "G77"}


@dataclass(frozen=True)
class Amendment:
    """One proposal's change. ``text`` is markup: the paragraph's new wording (replace),
    the wording that takes the place of ``replaces`` (replace of a part), or the new
    paragraph's (insert, which gets ``new_paragraph_id``)."""
    kind: str
    paragraph_id: str
    text: str = ""
    replaces: str | None = None
    position: str | None = None
    new_paragraph_id: str | None = None
    block_kind: str = PARAGRAPH                        # insert: the new block's kind
    block_fields: tuple[tuple[str, object], ...] = ()  # insert: its kind's own fields


# The fields an inserted block of each kind may set besides its text.
BLOCK_FIELDS = {HEADING: ("level", "numbering", "restart"), TABLE: ("rows", "header_rows")}


@dataclass(frozen=True)
class PendingInsert:
    """An insertion not (yet) in the text, labelled where it would go."""
    id: str          # the new paragraph's id
    anchor: str      # the paragraph it goes after, or inside
    position: str = AFTER


def markup_of(para: Paragraph) -> str:
    return footnote_markup.render(para.text, para.footnotes)


def short_name(delegation: str) -> str:
    return SHORT_NAMES.get(delegation, delegation)


def ordinal(n: int) -> str:
    """1 → bis, 2 → ter …"""
    return ORDINALS[n - 1] if n <= len(ORDINALS) else f"+{n + 1}"


# --- applying -----------------------------------------------------------------------------

def occurrences(haystack: str, needle: str) -> int:
    """How often ``needle`` stands in ``haystack``, overlaps included ("aa" twice in "aaa")."""
    count, at = 0, haystack.find(needle)
    while at >= 0 and needle:
        count += 1
        at = haystack.find(needle, at + 1)
    return count


def apply(doc: Document, amendment: Amendment) -> Document:
    """``doc`` with the amendment made; InvalidDocument naming the paragraph when it cannot be."""
    pid = amendment.paragraph_id
    target = doc.find(pid) if isinstance(pid, str) else None
    if target is None:
        raise InvalidDocument(f"there is no paragraph {preview(pid) if isinstance(pid, str) else pid!r} "
                              "in this text", "paragraph")
    where = clean_labels(doc).get(pid, "paragraph")
    if amendment.kind == DELETE:
        return editing.delete(doc, pid)
    if amendment.kind == REPLACE:
        return _replace(doc, target, amendment, where)
    if amendment.kind == INSERT:
        return _insert(doc, amendment, where)
    raise InvalidDocument(f"the kind of a proposal is one of {', '.join(KINDS)}", "kind")


def new_wording(markup: str, amendment: Amendment, where: str | None = None) -> str:
    """The paragraph's markup once a replacement is made: ``text`` for the whole, or with
    ``replaces`` (which must stand there exactly once) replaced by ``text``."""
    part = amendment.replaces
    if part is None:
        return amendment.text
    found = occurrences(markup, part) if part else 0
    if found != 1:
        shown = preview(part, 60)
        raise InvalidDocument(
            f"the words to replace, {shown}, are not in the paragraph" if not found else
            f"the words to replace, {shown}, occur {found} times in the paragraph; quote more of them "
            "so that they occur once", where)
    return markup.replace(part, amendment.text, 1)


def carried(amendment: Amendment, was: str, now: str) -> Amendment | None:
    """``amendment``, made on a paragraph whose markup was ``was``, as it applies to the
    paragraph reading ``now``. A whole-paragraph replacement holds the old wording around
    its change, so applied as it is it would undo every edit made since: it is merged
    three-way (merge_text) with those edits instead, and None when both changed the same
    words. A part replaced is looked for in ``now`` (new_wording); a deletion or an
    insertion does not depend on the wording."""
    if amendment.kind != REPLACE or amendment.replaces is not None or was == now:
        return amendment
    merged = merge_text(was, now, amendment.text)
    if merged is None or not merged.strip():
        return None
    return replace(amendment, text=merged)


def _replace(doc: Document, target: Paragraph, amendment: Amendment, where: str) -> Document:
    new_markup = new_wording(markup_of(target), amendment, where)
    text, notes = footnote_markup.parse(new_markup, [n.id for n in target.footnotes], where=where)
    # an exact italic span from the UN's XML holds only while the words it covers stay
    opening = target.opening_length
    if opening is not None and target.text[:opening] != text[:opening]:
        opening = None
    return editing.change(doc, target.id, text=text, footnotes=notes, opening_length=opening)


def _insert(doc: Document, amendment: Amendment, where: str) -> Document:
    new_id = amendment.new_paragraph_id
    if not new_id or doc.find(new_id) is not None:
        raise InvalidDocument("the new paragraph needs an id of its own", "paragraph")
    kind = amendment.block_kind
    allowed = BLOCK_FIELDS.get(kind, ())
    fields = dict(amendment.block_fields)
    if any(name not in allowed for name in fields):
        raise InvalidDocument(f"a new {kind} takes {', '.join(allowed) or 'only its text'}", "paragraph")
    if kind in PROSE:
        text, notes = footnote_markup.parse(amendment.text, where=where)
    else:    # no footnotes outside prose: the text is taken as it is
        text, notes = amendment.text, ()
    if kind == TABLE and "rows" in fields:
        rows = fields["rows"]
        if not isinstance(rows, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in rows):
            raise InvalidDocument("a table's rows are a list of rows, each a list of cells", "paragraph")
        fields["rows"] = tuple(tuple(r) for r in rows)
    para = Paragraph(id=new_id, text=text, footnotes=notes, kind=kind, **fields)
    if amendment.position == INSIDE:
        return editing.add_subparagraph(doc, amendment.paragraph_id, para)
    if amendment.position == AFTER:
        return editing.insert_after(doc, amendment.paragraph_id, para)
    raise InvalidDocument(f"an insertion goes {AFTER!r} the paragraph or {INSIDE!r} it (as a subparagraph)",
                          "position")


# --- compilation labels -------------------------------------------------------------------------

def with_placeholders(doc: Document, pending: Iterable[PendingInsert]) -> tuple[Document, set[str]]:
    """``doc`` with an empty paragraph where each pending insertion would go (several after
    one paragraph stand in the order given), and the ids of those that found a place."""
    placed: set[str] = set()
    last_after: dict[str, str] = {}
    for item in pending:
        if doc.find(item.id) is not None:
            continue
        blank = Paragraph(id=item.id, text="")
        try:
            if item.position == INSIDE:
                doc = editing.add_subparagraph(doc, item.anchor, blank)
            else:
                doc = editing.insert_after(doc, last_after.get(item.anchor, item.anchor), blank)
                last_after[item.anchor] = item.id
        except InvalidDocument:
            continue  # its paragraph is gone (or takes no subparagraph): no place to show it
        placed.add(item.id)
    return doc, placed


def compilation_labels(reference: Document, current: Document,
                       pending_inserts: Sequence[PendingInsert] = ()) -> dict[str, str]:
    """Paragraph id → its label in the compilation text: a paragraph of ``reference`` (the
    text first circulated) keeps the label it had there wherever it stands now; a new one
    is named after the reference paragraph before it in its list ("OP3 bis", "OP3 ter",
    "OP3 (a) bis"), a new first one after a paragraph 0 ("PP0", "PP0 bis"), and the
    subparagraphs of a list that is new altogether count on from (a) ("OP3 bis (a)").
    Pending insertions get labels too, at the place they would take."""
    return labels_against(clean_labels(reference), current, pending_inserts)


def labels_against(fixed: dict[str, str], current: Document,
                   pending_inserts: Sequence[PendingInsert] = ()) -> dict[str, str]:
    """compilation_labels with the reference text's labels already computed (they never
    change: a revision is immutable)."""
    virtual, _ = with_placeholders(current, pending_inserts)
    out: dict[str, str] = {}
    _label_list(virtual.preamble, "PP", 0, fixed, out)
    _label_list(virtual.operative, "OP", 0, fixed, out)
    return out


def _label_list(items: Sequence[Paragraph], parent: str, depth: int, fixed: dict[str, str],
                out: dict[str, str]) -> None:
    has_fixed = any(p.id in fixed for p in items)
    anchor, count = None, 0
    for para in items:
        if para.id in fixed:
            label, anchor, count = fixed[para.id], fixed[para.id], 0
        else:
            count += 1
            if anchor is not None:
                label = f"{anchor} {ordinal(count)}"
            elif depth and not has_fixed:
                label = f"{parent} {subparagraph_mark(depth, count)}"
            else:
                zero = f"{parent}0" if depth == 0 else f"{parent} {'0.' if depth == 3 else '(0)'}"
                label = zero if count == 1 else f"{zero} {ordinal(count - 1)}"
        out[para.id] = label
        if para.subparagraphs:
            _label_list(para.subparagraphs, label, depth + 1, fixed, out)


# --- brackets --------------------------------------------------------------------------------

Span = tuple[int, int]


def parse_brackets(marked: str, markup: str, where: str | None = None) -> tuple[Span, ...]:
    """The negotiation brackets of ``marked`` as [start, end) spans over ``markup``, the
    paragraph's text: brackets nest and balance, hold something, and removing them must
    give ``markup`` exactly. Footnotes (``^[…]``) are copied whole, brackets and all."""
    kept: list[str] = []
    size, spans, opened, i = 0, [], [], 0
    while i < len(marked):
        if marked.startswith("^[", i):
            end = footnote_markup.closing_bracket(marked, i + 2)
            if end < 0:
                raise InvalidDocument("a footnote opened with ^[ is never closed with ]", where)
            kept.append(marked[i:end + 1])
            size += end + 1 - i
            i = end + 1
            continue
        ch = marked[i]
        if ch == "[":
            opened.append((size, i))
        elif ch == "]":
            if not opened:
                raise InvalidDocument(f"the ] at character {i + 1} closes no bracket", where)
            start, at = opened.pop()
            if start == size:
                raise InvalidDocument(f"the brackets at character {at + 1} hold nothing", where)
            spans.append((start, size))
        else:
            kept.append(ch)
            size += 1
        i += 1
    if opened:
        raise InvalidDocument(f"the bracket opened at character {opened[-1][1] + 1} is never closed", where)
    plain = "".join(kept)
    if plain != markup:
        at = next((k for k, (a, b) in enumerate(zip(plain, markup)) if a != b), min(len(plain), len(markup)))
        raise InvalidDocument("without its brackets the text must read exactly as the paragraph does; it "
                              f"differs at character {at + 1} ({preview(plain[at:at + 30] or 'its end')} "
                              f"instead of {preview(markup[at:at + 30] or 'its end')})", where)
    return tuple(sorted(spans, key=lambda s: (s[0], -s[1])))


def render_brackets(markup: str, spans: Iterable[Span]) -> str:
    """``markup`` with "[" and "]" at the spans' ends (the inverse of parse_brackets):
    at one offset, brackets closing come before brackets opening, inner ones close first
    and outer ones open first."""
    marks = []
    for start, end in spans:
        marks.append((end, 0, end - start, "]"))
        marks.append((start, 1, start - end, "["))
    out, last = [], 0
    for at, _, _, ch in sorted(marks):
        out.append(markup[last:at])
        out.append(ch)
        last = at
    out.append(markup[last:])
    return "".join(out)


def valid_spans(spans: object, markup: str) -> bool:
    """Whether stored spans still fit ``markup``: within it, nested, outside footnotes."""
    if not isinstance(spans, (list, tuple)):
        return False
    try:
        pairs = [(int(s), int(e)) for s, e in spans]
    except (TypeError, ValueError):
        return False
    if any(not 0 <= s < e <= len(markup) for s, e in pairs):
        return False
    try:
        again = parse_brackets(render_brackets(markup, pairs), markup)
    except InvalidDocument:
        return False
    return again == tuple(sorted(pairs, key=lambda p: (p[0], -p[1])))


def with_brackets(para: Paragraph, section: str, spans: Sequence[Span]) -> Paragraph:
    """``para`` as it is printed bracketed: the bracket characters in its text, footnote
    markers and the italic opening moved along (for display only; never stored)."""
    markup = markup_of(para)
    bracketed = render_brackets(markup, spans)
    text, notes = footnote_markup.parse(bracketed, [n.id for n in para.footnotes])
    opening = opening_length(para, section)
    # brackets standing before the opening's end (in the plain text) lengthen it
    plain_at = _plain_offsets(markup)
    shift = sum(1 for s, e in spans for at in (s, e) if plain_at(at) < opening)
    return replace(para, text=text, footnotes=notes, opening_length=min(opening + shift, len(text)))


def _plain_offsets(markup: str):
    """A function: offset in ``markup`` → offset in its plain text (footnotes taken out)."""
    regions, i = [], markup.find("^[")
    while i >= 0:
        end = footnote_markup.closing_bracket(markup, i + 2)
        if end < 0:
            break
        regions.append((i, end + 1))
        i = markup.find("^[", end + 1)

    def plain(offset: int) -> int:
        removed = sum(min(end, offset) - start for start, end in regions if start < offset)
        return offset - removed
    return plain


# --- words for people -------------------------------------------------------------------------------

def what(kind: str, label: str, *, replaces: str | None = None, position: str | None = None,
         new_label: str | None = None) -> str:
    """"delete OP3", "replace OP2 (a)", "insert OP3 bis after OP3": a revision message's words."""
    if kind == DELETE:
        return f"delete {label}"
    if kind == REPLACE:
        return f"replace {label}" if replaces is None else f"replace {preview(replaces, 40)} in {label}"
    where = f"inside {label}" if position == INSIDE else f"after {label}"
    return f"insert {new_label} {where}" if new_label else f"insert a paragraph {where}"


def in_un_style(kind: str, delegations: Sequence[str], *, text: str = "", replaces: str | None = None,
                label: str | None = None) -> str:
    """One proposal as a compilation text prints it: "[delete] (EU, US)", "OP3 bis (Mexico)",
    "“new words” (Japan)", "“old words” → “new words” (Japan)"."""
    who = f"({', '.join(short_name(d) for d in delegations)})"
    if kind == DELETE:
        return f"[delete] {who}"
    if kind == INSERT:
        return f"{label or 'new paragraph'} {who}"
    if replaces is not None:
        return f"“{replaces}” → “{text}” {who}"
    return f"“{text}” {who}"
