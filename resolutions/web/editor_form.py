"""The editor's form, read back into a Document, and what the live editor is told about it.

The editor posts the draft as an outline: for each block in reading order its
id, section, depth and text (footnotes inline as ``^[…]``), as repeated fields
``pid``/``psection``/``pdepth``/``ptext``/``psource``, and the block's kind and
its kind's own fields, ``pkind``/``plevel``/``pnumbering``/``prestart``/``prows``/
``pheader`` (a form without ``pkind`` at all is paragraphs only, as before headings).
A heading's ``ptext`` is its words, ``pnumbering`` its pattern ("{I}."), ``prestart``
"1" when operative numbering starts again after it; an annex's ``ptext`` is its title;
a table's ``ptext`` is its title and ``prows`` its cells, one row a line, cells
separated by a tab (as pasted from a spreadsheet) or else by "|", a cell's own bar,
newline, tab and backslash escaped (parse_rows), the first ``pheader`` rows its header.

JavaScript only moves those blocks around; without it, buttons named ``action`` ask
the server to do the same. While a delegate types, the page posts the same form to
the check route and shows the server's labels, italics and style warnings (``live``):
the rules live only here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from werkzeug.datastructures import MultiDict

from ..domain import document as blocks
from ..domain import editing, numbering
from ..domain.bodies import get_body
from ..domain.document import (ANNEX, HEADING, KINDS, MAX_HEADING_LEVEL, OPERATIVE, PARAGRAPH, PREAMBLE, TABLE,
                               Document, Paragraph, new_id)
from ..domain.errors import InvalidDocument
from ..domain.footnote_markup import parse
from ..domain.validation import MAX_PARAGRAPHS
from . import rendering
from .query_args import whole_number

ACTIONS = {"up": editing.move_up, "down": editing.move_down, "delete": editing.delete}
OUTLINE_CHARS = 60
_INLINE_NOTE = re.compile(r"\^\[[^\]]*\]?")
BLOCK_FIELDS = ("pid", "psection", "pdepth", "ptext", "psource")
KIND_FIELDS = ("pkind", "plevel", "pnumbering", "prestart", "prows", "pheader")
# The numbering patterns the editor offers for a heading (document.py), with how they print;
# a pattern a source brought is kept and offered too.
HEADING_PATTERNS = (("{I}.", "I., II., III."), ("{A}.", "A., B., C."), ("{1}.", "1., 2., 3."),
                    ("{a}.", "a., b., c."), ("Part {I}", "Part I, Part II"), ("Section {1}", "Section 1, Section 2"),
                    ("Chapter {I}", "Chapter I, Chapter II"), ("", "no number"))
# A new heading's pattern by level, as the UN's sectioned resolutions print them.
DEFAULT_PATTERN = {1: "{I}.", 2: "{A}.", 3: "{1}."}
# A new table: an empty header row and an empty row of two cells, so that a table given
# only its title saves (validation wants at least one row).
NEW_TABLE_ROWS = (("", ""), ("", ""))


def read(form: MultiDict, base: Document) -> Document:
    """The edited document; paragraphs keep the italic span a source marked (which the
    form does not show) from ``base`` by id."""
    columns = [form.getlist(name) for name in BLOCK_FIELDS]
    count = len(columns[0])
    kinds = [form.getlist(name) for name in KIND_FIELDS]
    if not kinds[0]:  # a form from before block kinds: every block a paragraph
        kinds = [[PARAGRAPH] * count] + [[""] * count for _ in KIND_FIELDS[1:]]
    if any(len(column) != count for column in columns + kinds):
        raise InvalidDocument("the editor's form arrived incomplete; reload the page", "document")
    # Refused before any parsing: the check route reads this form on every pause in typing.
    if count > MAX_PARAGRAPHS:
        raise InvalidDocument(f"a draft holds at most {MAX_PARAGRAPHS:,} paragraphs", "document")
    known = {p.id: p for _, _, p in base.walk()}
    rows = []
    for n, (pid, section, depth, markup, source, *kind) in enumerate(zip(*columns, *kinds), 1):
        if whole_number(depth, 2) is None:
            raise InvalidDocument("a paragraph's level is not a number from 0 to 3", f"paragraph {n}")
        old = known.get(pid) if pid else None
        text, notes = parse(markup.strip(), [f.id for f in old.footnotes] if old else (),
                            where=f"paragraph {n}")
        para = Paragraph(id=pid or new_id(), text=text, footnotes=notes, source=source.strip()[:200] or None,
                         **_kind_fields(*kind, where=f"paragraph {n}"))
        if old is not None:
            para = _keep_opening(old, para)
        rows.append((section, int(depth), para))
    preamble, operative = editing.from_outline(rows)
    session = form.get("session", str(base.session)).strip()
    if whole_number(session, 9) is None:
        raise InvalidDocument("the session must be a number, such as 80", "session")
    return replace(base, title=form.get("title", base.title).strip(),
                   agenda_item=form.get("agenda_item", base.agenda_item).strip(),
                   agenda_title=form.get("agenda_title", base.agenda_title).strip(),
                   session=int(session), preamble=preamble, operative=operative)


def _kind_fields(kind: str, level: str, numbering: str, restart: str, cells: str, header: str, *,
                 where: str) -> dict:
    """A block's kind and the fields of its kind, from the form (validation checks the rest)."""
    kind = kind or PARAGRAPH
    if kind not in KINDS:
        raise InvalidDocument(f"unknown kind of block {kind!r}", where)
    if kind == HEADING:
        if whole_number(level, 1) not in range(1, MAX_HEADING_LEVEL + 1):
            raise InvalidDocument(f"a heading's level is a number from 1 to {MAX_HEADING_LEVEL}", where)
        return {"kind": kind, "level": int(level), "numbering": numbering.strip(),
                "restart": restart == "1"}
    if kind == TABLE:
        table = parse_rows(cells)
        header_rows = whole_number(header or "0", 3)
        if header_rows is None:
            raise InvalidDocument("a table's header rows are a number, such as 1", where)
        return {"kind": kind, "rows": table, "header_rows": header_rows}
    return {"kind": kind}


def heading_patterns(current: str = "") -> tuple[tuple[str, str], ...]:
    """The numbering patterns offered for a heading: the usual ones, and its own when it is
    another (a source's "Panel {1}:")."""
    known = tuple(value for value, _ in HEADING_PATTERNS)
    return HEADING_PATTERNS if current in known else ((current, current), *HEADING_PATTERNS)


def parse_rows(cells: str) -> tuple[tuple[str, ...], ...]:
    """A table typed in the editor, the inverse of rendering.table_text: one row a line,
    cells split at tabs (pasted from a spreadsheet), else at "|"; \\| \\n \\t \\\\ are a
    cell's own bar, newline, tab and backslash (another backslash stays as typed). Blank
    lines before and after the table are no rows; one between rows is a row of one empty
    cell, and a line of bars only a row of empty cells (header rows keep their place)."""
    lines = cells.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return tuple(_cells(line) for line in lines)


_CELL_TOKEN = re.compile(r"\\([\\|nt])|(\|)|([^\\|]+|\\)")
_UNESCAPED = {"\\": "\\", "|": "|", "n": "\n", "t": "\t"}


def _cells(line: str) -> tuple[str, ...]:
    if "\t" in line:
        return tuple(_unescape(cell.strip()) for cell in line.split("\t"))
    cells, cell = [], []
    for escaped, bar, plain in _CELL_TOKEN.findall(line):
        if bar:
            cells.append("".join(cell))
            cell = []
        else:
            cell.append(_UNESCAPED[escaped] if escaped else plain)
    cells.append("".join(cell))
    return tuple(_strip(cell) for cell in cells)


def _unescape(cell: str) -> str:
    return "".join(_UNESCAPED[e] if e else b or p for e, b, p in _CELL_TOKEN.findall(cell))


def _strip(cell: str) -> str:
    """The spaces around a typed cell go ("Japan | 8.0"), a cell's own newline or tab stays."""
    return cell.strip(" \u00a0")


def _keep_opening(old: Paragraph, new: Paragraph) -> Paragraph:
    """A source's exact italic span stays only while the words it covers are unchanged."""
    opening = old.opening_length
    if opening is not None and old.text[:opening] != new.text[:opening]:
        opening = None
    return replace(new, opening_length=opening)


def apply_action(doc: Document, action: str) -> Document:
    """One structural edit named by a button: "up:ID", "add-sub:ID", "add:operative",
    "add-heading:preamble", "add-heading-after:ID", "add-table:operative", "add-annex:operative" …"""
    verb, _, target = action.partition(":")
    blank = Paragraph(id=new_id(), text="")
    if verb in (*ACTIONS, "add-after", "add-sub", "add-heading-after") and doc.find(target) is None:
        # a button of a page older than the form (another tab moved or deleted it): no raw id
        raise InvalidDocument("that paragraph is no longer in this draft; reload the page", "paragraph")
    if verb in ACTIONS:
        return ACTIONS[verb](doc, target)
    if verb == "add-after":
        return editing.insert_after(doc, target, blank)
    if verb == "add-sub":
        return editing.add_subparagraph(doc, target, blank)
    if verb == "add" and target in (PREAMBLE, OPERATIVE):
        return editing.append(doc, target, blank)
    if verb == "add-heading" and target in (PREAMBLE, OPERATIVE):
        return editing.append(doc, target, new_heading(doc))
    if verb == "add-heading-after":
        if not any(p.id == target for p in doc.preamble + doc.operative):
            raise InvalidDocument("a heading goes between paragraphs, not among subparagraphs",
                                  numbering.labels(doc).get(target, "paragraph"))
        return editing.insert_after(doc, target, new_heading(doc))
    if verb == "add-table" and target == OPERATIVE:
        return editing.append(doc, target, blocks.table(NEW_TABLE_ROWS, header_rows=1))
    if verb == "add-annex" and target == OPERATIVE:
        return editing.append(doc, target, blocks.annex(""))
    raise InvalidDocument(f"unknown editor action {action!r}", "action")


def new_heading(doc: Document, level: int = 1) -> Paragraph:
    """A blank heading as the editor adds it: the UN's pattern for its level, and the
    body's habit on restarting operative numbering after it (bodies.toml)."""
    body = get_body(doc.body)
    return blocks.heading("", DEFAULT_PATTERN[level], level, restart=bool(body and body.headings_restart))


def without_blanks(doc: Document) -> Document:
    """Paragraphs and headings added but left empty are dropped on save rather than
    refused; an annex needs no title, and a table is kept while a cell holds text."""
    def kept(p: Paragraph) -> bool:
        if p.kind == ANNEX:
            return True
        if p.kind == TABLE:
            return bool(p.text.strip() or any(cell.strip() for row in p.rows for cell in row))
        return bool(p.text.strip())

    def keep(items):
        return tuple(replace(p, subparagraphs=keep(p.subparagraphs)) for p in items if kept(p))
    return replace(doc, preamble=keep(doc.preamble), operative=keep(doc.operative))


def opening_words(markup: str) -> str:
    """"Requests the Secretary-General to submit…": a paragraph's line in the outline.
    Takes the editor's markup (even half-typed) and leaves its footnotes out."""
    text = " ".join(_INLINE_NOTE.sub("", markup).split())
    if len(text) <= OUTLINE_CHARS:
        return text
    cut = text.rfind(" ", OUTLINE_CHARS // 2, OUTLINE_CHARS)
    return text[:cut if cut > 0 else OUTLINE_CHARS].rstrip(",;:") + "…"


def live(doc: Document) -> dict:
    """What the editor shows of each paragraph while the delegate types, as the server
    numbers, renders and style-checks it: the same rows as the saved draft's page."""
    return {"paragraphs": [{"id": row.id, "label": row.label, "mark": row.mark, "html": str(row.html),
                            "warnings": list(row.warnings), "outline": opening_words(row.markup)}
                           for row in rendering.rows(doc)],
            "document_warnings": rendering.document_warnings(doc)}


@dataclass(frozen=True)
class PlacedConflicts:
    """Where the editor shows the conflicts of a save that could not be merged: beside
    their paragraph, or at the top (document fields, paragraphs the proposal leaves out).
    ``reinstate``: for a paragraph only theirs kept, where theirs has it, to put it back —
    (section, depth, the ids before it in that section, nearest first)."""
    top: tuple = ()
    by_paragraph: dict = field(default_factory=dict)
    reinstate: dict = field(default_factory=dict)
    base_revision: int = 0
    saved_by: str = ""


NO_CONFLICTS = PlacedConflicts()
_BEFORE_KEPT = 40


def place_conflicts(conflicts, rows, theirs: Document, *, base_revision: int, saved_by: str) -> PlacedConflicts:
    shown = {row.id for row in rows}
    by_paragraph: dict[str, list] = {}
    top = []
    for conflict in conflicts:
        if conflict.paragraph in shown:
            by_paragraph.setdefault(conflict.paragraph, []).append(conflict)
        else:
            top.append(conflict)
    missing = {c.paragraph for c in top if c.paragraph is not None}
    reinstate, before, section_of = {}, [], None
    for section, depth, para in theirs.walk():
        if section != section_of:
            before, section_of = [], section
        if para.id in missing:
            reinstate[para.id] = (section, depth, " ".join(reversed(before[-_BEFORE_KEPT:])))
        before.append(para.id)
    return PlacedConflicts(tuple(top), by_paragraph, reinstate, base_revision, saved_by)
