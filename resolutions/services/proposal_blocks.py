"""The block an insertion proposes, when it is not a numbered paragraph (issue #9): a
heading, a table, an annex or an unnumbered text paragraph.

A request names it as ``{"kind": "heading", "level": 1, "numbering": "{I}.", "restart": false}``,
``{"kind": "table", "rows": [["…"]], "header_rows": 1}``, ``{"kind": "annex"}`` or
``{"kind": "text"}``; its words are the proposal's ``text``. Here only its shape is read
(parts); what it may hold and where it may stand is validation's to say, once the block
stands in the text (proposals.make). Proposal.block stores it as validation accepted it
(stored), and None for a numbered paragraph, as every proposal made before.
"""
from __future__ import annotations

from ..domain import footnote_markup
from ..domain.amendments import BLOCK_FIELDS
from ..domain.document import ANNEX, HEADING, KINDS, PARAGRAPH, PROSE, TABLE, TEXT, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.text import preview

# How a summary names an inserted block ("Heading OP3 bis (Mexico)").
WORDS = {HEADING: "Heading", TABLE: "Table", ANNEX: "Annex", TEXT: "Text"}

Fields = tuple[tuple[str, object], ...]


def parts(block: object) -> tuple[str, Fields]:
    """A block as Amendment.block_kind and block_fields, its values as given."""
    if block is None:
        return PARAGRAPH, ()
    kind = block.get("kind") if isinstance(block, dict) else None
    if not isinstance(kind, str) or kind not in KINDS:
        raise InvalidDocument(f"a block is an object whose \"kind\" is one of {', '.join(KINDS)}", "block")
    allowed = BLOCK_FIELDS.get(kind, ())
    unknown = set(block) - {"kind", *allowed}
    if unknown:
        shown = ", ".join(sorted(preview(str(name), 30) for name in unknown))
        raise InvalidDocument(f"a new {kind} takes {', '.join(allowed) or 'no field but its kind'} (its words go "
                              f"in \"text\"), not {shown}", "block")
    return kind, tuple((name, block[name]) for name in allowed if name in block)


def stored(para: Paragraph) -> dict | None:
    """What Proposal.block keeps of a new block: None for a numbered paragraph, else its
    kind and its kind's own fields (rows as lists, as JSON keeps them)."""
    if para.kind == PARAGRAPH:
        return None
    out: dict = {"kind": para.kind}
    for name in BLOCK_FIELDS.get(para.kind, ()):
        value = getattr(para, name)
        out[name] = [list(row) for row in value] if name == "rows" else value
    return out


def word(block: object) -> str | None:
    """"Heading", "Table" …: the word a summary puts before the new block's label."""
    return WORDS.get(block.get("kind")) if isinstance(block, dict) else None


def paragraph(block: dict, markup: str, pid: str) -> Paragraph:
    """A stored block with its words, as it would stand in the text (for showing it)."""
    kind, fields = parts(block)
    values = dict(fields)
    if "rows" in values:
        values["rows"] = tuple(tuple(row) for row in values["rows"])
    text, notes = markup, ()
    if kind in PROSE:
        try:
            text, notes = footnote_markup.parse(markup)
        except InvalidDocument:
            pass  # shown as typed
    return Paragraph(id=pid, text=text, footnotes=notes, kind=kind, **values)
