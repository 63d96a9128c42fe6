"""The JSON shape of a document, shared by the API, stored revisions and the corpus.

    {"body": "GA", "session": 80, "agenda_item": "125", "agenda_title": "...",
     "title": "...", "preamble": [{"id": "p-…", "text": "...", "footnotes": [...]}],
     "operative": [{"text": "...", "subparagraphs": [{"text": "..."}]},
                   {"kind": "heading", "text": "...", "level": 1, "numbering": "{I}.", "restart": true},
                   {"kind": "table", "text": "title", "rows": [["a", "b"]], "header_rows": 1},
                   {"kind": "annex", "text": "the annex's title"}, {"kind": "text", "text": "..."}]}

A block dumps "kind" only when it is not "paragraph", and only the fields of its kind
("restart" only when true), so that documents without headings, tables or annexes keep
the JSON they always had.

Reading is strict about shape (every error names its place) and lenient about
omissions: a paragraph without an id gets a fresh one. It takes values as they are
(no trimming, no cleaning): what a document may hold is decided in one place,
``domain.validation.accept``, which every door calls after ``load``; so that
``load(dump(accept(doc))) == accept(doc)``.

``load`` never recurses past the UN's three levels of subparagraphs: a deeper one is
refused, with its place, before it is read. Parse request bodies with
``formats.safe_json.loads``, which bounds the depth and size of the JSON itself.
"""
from __future__ import annotations

from typing import Any

from ..domain.document import (ANNEX, HEADING, KINDS, MAX_DEPTH, OPERATIVE, PARAGRAPH, PREAMBLE, TABLE, Document,
                                Footnote, Paragraph, new_id)
from ..domain.errors import InvalidDocument

_FIELDS = {"body", "session", "agenda_item", "agenda_title", "title", "preamble",
           "operative", "symbol", "language"}
_PARAGRAPH_FIELDS = {"id", "text", "footnotes", "subparagraphs", "opening_length", "source", "kind"}
# The fields only blocks of one kind have.
_KIND_FIELDS = {HEADING: {"level", "numbering", "restart"}, TABLE: {"rows", "header_rows"}}
_ID_PREFIX = {HEADING: "h", TABLE: "t", ANNEX: "ax"}
_FOOTNOTE_FIELDS = {"id", "at", "text"}


def dump(doc: Document) -> dict[str, Any]:
    out = {
        "body": doc.body, "session": doc.session, "agenda_item": doc.agenda_item,
        "agenda_title": doc.agenda_title, "title": doc.title,
        "preamble": [_dump_paragraph(p) for p in doc.preamble],
        "operative": [_dump_paragraph(p) for p in doc.operative],
        "language": doc.language,
    }
    if doc.symbol:
        out["symbol"] = doc.symbol
    return out


def _dump_paragraph(p: Paragraph) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "text": p.text}
    if p.kind != PARAGRAPH:
        out["kind"] = p.kind
    if p.kind == HEADING:
        out.update(level=p.level, numbering=p.numbering)
        if p.restart:
            out["restart"] = True
    elif p.kind == TABLE:
        out.update(rows=[list(row) for row in p.rows], header_rows=p.header_rows)
    if p.footnotes:
        out["footnotes"] = [{"id": f.id, "at": f.at, "text": f.text} for f in p.footnotes]
    if p.subparagraphs:
        out["subparagraphs"] = [_dump_paragraph(s) for s in p.subparagraphs]
    if p.opening_length is not None:
        out["opening_length"] = p.opening_length
    if p.source:
        out["source"] = p.source
    return out


def load(data: Any, base: Document | None = None) -> Document:
    """A Document from parsed JSON; fields missing from ``data`` come from ``base``."""
    if not isinstance(data, dict):
        raise InvalidDocument("the document must be a JSON object", "document")
    unknown = set(data) - _FIELDS
    if unknown:
        raise InvalidDocument(f"unknown field(s): {_names(unknown)}", "document")

    def field(name: str, kind, default):
        if name not in data:
            return getattr(base, name) if base is not None else default
        value = data[name]
        if kind is int and isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 9:
            value = int(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InvalidDocument(f"must be {'a number' if kind is int else 'text'}", name)
        return value

    return Document(
        body=field("body", str, ""),
        session=field("session", int, 0),
        title=field("title", str, ""),
        agenda_item=field("agenda_item", str, ""),
        agenda_title=field("agenda_title", str, ""),
        symbol=field("symbol", str, None) if data.get("symbol") is not None else (base.symbol if base else None),
        language=field("language", str, "en"),
        preamble=_paragraphs(data, PREAMBLE, base),
        operative=_paragraphs(data, OPERATIVE, base),
    )


def _names(keys) -> str:
    return ", ".join(sorted(repr(k)[:40] for k in keys))


def _paragraphs(data: dict, name: str, base: Document | None) -> tuple[Paragraph, ...]:
    if name not in data:
        return base.section(name) if base is not None else ()
    items = data[name]
    if not isinstance(items, list):
        raise InvalidDocument("must be a list of paragraphs", name)
    return tuple(_paragraph(item, f"{name}[{i}]", name, 0) for i, item in enumerate(items))


def _paragraph(item: Any, where: str, section: str, depth: int) -> Paragraph:
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict):
        raise InvalidDocument("a paragraph must be an object with a \"text\"", where)
    kind = item.get("kind", PARAGRAPH)
    if kind not in KINDS:
        raise InvalidDocument(f"unknown kind {repr(kind)[:40]}; a block is one of {', '.join(KINDS)}", where)
    if kind != PARAGRAPH and depth:
        raise InvalidDocument("a subparagraph is always a paragraph", where)
    unknown = set(item) - _PARAGRAPH_FIELDS - _KIND_FIELDS.get(kind, set())
    if unknown:
        raise InvalidDocument(f"unknown {'paragraph' if kind == PARAGRAPH else kind} field(s): "
                              f"{_names(unknown)}", where)
    text = item.get("text", "" if kind in (TABLE, ANNEX) else None)
    if not isinstance(text, str):
        raise InvalidDocument("a paragraph needs a \"text\" string", where)
    pid = item.get("id") or new_id(_ID_PREFIX.get(kind, "p"))
    if not isinstance(pid, str):
        raise InvalidDocument("a paragraph id must be text", where)
    subs = item.get("subparagraphs")
    subs = [] if subs is None else subs
    if not isinstance(subs, list):
        raise InvalidDocument("\"subparagraphs\" must be a list", where)
    if subs and section == PREAMBLE:
        raise InvalidDocument("preambular paragraphs take no subparagraphs", where)
    if subs and depth >= MAX_DEPTH:
        # Refused before reading any of them: nesting 500 deep costs nothing.
        raise InvalidDocument("subparagraphs are nested too deep: (a), (i) and a. are the deepest levels", where)
    opening = item.get("opening_length")
    if opening is not None and (not isinstance(opening, int) or isinstance(opening, bool)):
        raise InvalidDocument("\"opening_length\" must be a number", where)
    source = item.get("source")
    if source is not None and not isinstance(source, str):
        raise InvalidDocument("\"source\" must be text", where)
    return Paragraph(
        id=pid, text=text,
        footnotes=_footnotes(item.get("footnotes", []), len(text), where),
        subparagraphs=tuple(_paragraph(s, f"{where}.subparagraphs[{j}]", section, depth + 1)
                            for j, s in enumerate(subs)),
        opening_length=opening, source=source, kind=kind,
        **(_heading_fields(item, where) if kind == HEADING else _table_fields(item, where) if kind == TABLE else {}),
    )


def _heading_fields(item: dict, where: str) -> dict[str, Any]:
    level, numbering, restart = item.get("level", 1), item.get("numbering", ""), item.get("restart", False)
    if not isinstance(level, int) or isinstance(level, bool):
        raise InvalidDocument("a heading's \"level\" must be a number (1, 2 or 3)", where)
    if not isinstance(numbering, str):
        raise InvalidDocument("a heading's \"numbering\" must be text, such as \"{I}.\"", where)
    if not isinstance(restart, bool):
        raise InvalidDocument("a heading's \"restart\" must be true or false", where)
    return {"level": level, "numbering": numbering, "restart": restart}


def _table_fields(item: dict, where: str) -> dict[str, Any]:
    rows, header_rows = item.get("rows", []), item.get("header_rows", 0)
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise InvalidDocument("a table's \"rows\" must be a list of rows, each a list of cells", where)
    for i, row in enumerate(rows):
        if not all(isinstance(cell, str) for cell in row):
            raise InvalidDocument(f"every cell of a table is text (row {i + 1} is not)", where)
    if not isinstance(header_rows, int) or isinstance(header_rows, bool):
        raise InvalidDocument("a table's \"header_rows\" must be a number", where)
    return {"rows": tuple(tuple(row) for row in rows), "header_rows": header_rows}


def _footnotes(items: Any, length: int, where: str) -> tuple[Footnote, ...]:
    items = [] if items is None else items
    if not isinstance(items, list):
        raise InvalidDocument("\"footnotes\" must be a list", where)
    notes = []
    for k, f in enumerate(items):
        place = f"{where}.footnotes[{k}]"
        if isinstance(f, str):
            f = {"text": f}
        if not isinstance(f, dict) or not isinstance(f.get("text"), str):
            raise InvalidDocument("a footnote needs a \"text\" string", place)
        unknown = set(f) - _FOOTNOTE_FIELDS
        if unknown:
            raise InvalidDocument(f"unknown footnote field(s): {_names(unknown)}", place)
        at = f.get("at", length)
        if not isinstance(at, int) or isinstance(at, bool):
            raise InvalidDocument("a footnote's \"at\" must be a character offset", place)
        fid = f.get("id") or new_id("fn")
        if not isinstance(fid, str):
            raise InvalidDocument("a footnote id must be text", place)
        notes.append(Footnote(id=fid, at=at, text=f["text"]))
    return tuple(sorted(notes, key=lambda n: n.at))
