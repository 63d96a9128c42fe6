"""Read the UN's Akoma Ntoso XML (AKN4UN) of adopted General Assembly resolutions.

    read_akn(source) -> list[Document]

``source`` is the XML as bytes, the XML as a ``str`` (anything whose first non-blank
character is ``<``), or a path (``pathlib.Path`` or ``str``). A file usually holds one
resolution; a ``documentCollection`` (``A/RES/75/101 A-B``) gives one Document per
component, with symbols ``A/RES/75/101 A``, ``A/RES/75/101 B`` as in the UN's metadata.
Input that is not well-formed XML, or not an ``akomaNtoso`` root in the AKN 3.0 namespace,
or holds no ``statement``, raises ``InvalidDocument`` saying which. Entities are never
expanded and nothing is fetched from the network.

This module only extracts: it turns the elements into outline ``Item``s in reading order
and domain/outline.build makes the document of them, as it does for the PDF and Word
readers. The cover (symbol, session, agenda, title, language) is read by akn_cover.py,
the text of an element (white space, footnotes, italic opening) by akn_text.py.

What becomes which item (UN-FORMAT.md §6):
- each ``container`` of the ``preamble`` after the formula: a preambular item; one that is
  a heading (a lone bold span "Transport and transit corridors", ``num``/``subheading``
  only, or a short line with no opening and no punctuation, as the Chinese files set
  "一") is a heading; a ``blockList`` in or after a container is folded into its text;
- the ``mainBody``: each ``paragraph`` an operative item with its ``num`` as mark (the
  UN's flattened subparagraphs "(a)\\tTo cooperate …" get the mark taken off their text);
  ``list/intro`` + ``point`` (+ ``sublist``) items with their depth; a ``paragraph``
  holding only a ``num``/``heading``/``subheading`` ("II", "Follow-up") is a heading,
  "Annex", "Annex II" an annex; ``section``/``hcontainer``/``part`` … wrappers give a
  heading from their ``num`` + ``heading``/``subheading``, one level down per wrapper;
  ``crossHeading refersTo="#preamble"`` (a budget section's "Recalling …") a preambular
  item, which the builder makes an unnumbered text block; ``container name="table"`` a
  table (rows of ``th``/``td`` cells; leading rows of ``th`` only are header rows);
- a ``mainBody`` followed by another ``preamble`` (A/RES/77/118) holds preambular text;
- each ``attachments/attachment/doc``: an annex and its content, read like a mainBody.
Decorations ("* * *") are skipped. Ids are the UN's ``eId``s (``container_3``, ``para_20``,
``para_18_list_point_a``), made unique; footnote ids are ``<paragraph id>-fn<n>``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from lxml import etree

from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.outline import ANNEX, HEADING, OPERATIVE, PREAMBULAR, TABLE, Item, Note, build
from ..domain.validation import safe_id
from .akn_cover import Cover, join_items, session_of
from .akn_text import (AKN_NS, MARK, NS, PARSER, WRAPPERS, Text, block_list, has_words, heading_parts, local,
                       norm, table_rows, unmarked_heading)

__all__ = ["AKN_NS", "read_akn"]

_HEADING_PARTS = ("num", "heading", "subheading")
# The heading level (0-based) a wrapper's tag says: our writer (akn_writer) nests
# ``subsection`` and ``hcontainer name="subsubsection"`` under ``section``; the UN's own
# files use ``section`` for every level.
_WRAPPER_LEVEL = {("subsection", None): 1, ("hcontainer", "subsubsection"): 2}
# A paragraph number the UN left in the text ("6.\u200e\tReaffirms …", A/RES/75/248;
# the Arabic "6 –\tتشجع …", A/RES/78/119).
_TEXT_NUMBER = re.compile(r"(\d{1,3})(?:\.| ?[-–])[\u200e\u200f]?(?: |$)")
# A heading's number the UN left in its text, a tab after it ("\tA.\tBase/floor salary
# scale", A/RES/77/256); our writer's "A. Pension Administration" (a heading whose number
# the count could not give) has a space, and stays as it is.
_MARK_IN_HEADING = re.compile(r"^\s*((?:[IVXLC]+|[A-Z]|\d{1,3})\.)(?:\t\s*(?=[^\W\d_])|\s*$)")
_ANNEX_TITLE = re.compile(r"^(?:Annex(?:es)?|Annexe|Anexo|Приложение|المرفق|附件)(?:\s+[IVXLC\d]+)?\.?$")


def _heading_item(text: str, mark: str = "", raw: str = "", **kw) -> Item:
    """A heading item; with ``raw``, the element's text as written, the number the UN
    left in it becomes the mark."""
    m = None if mark else _MARK_IN_HEADING.match(raw)
    if m:  # the words after the mark, and any further subheading's
        mark = m.group(1)
        text = text[len(mark):].strip() if text.startswith(mark) else norm(raw[m.end():])
    return Item(text=text, mark=mark, role=HEADING, **kw)


def _next_number(el) -> str:
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    found = nxt.find(NS + "num") if nxt is not None and local(nxt) == "paragraph" else None
    return norm("".join(found.itertext())) if found is not None else ""


def read_akn(source: bytes | str | Path) -> list[Document]:
    """Every resolution in one AKN file, in the file's order."""
    data = _load(source)
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise InvalidDocument(f"not well-formed XML: {exc}", "akn") from None
    if root is None or not isinstance(root.tag, str) or root.tag != NS + "akomaNtoso":
        found = etree.QName(root).text if root is not None and isinstance(root.tag, str) else "nothing"
        raise InvalidDocument(
            f"not Akoma Ntoso 3.0: the root element is {found}, not akomaNtoso in {AKN_NS}", "akn")
    docs: list[Document] = []
    for child in root:
        name = local(child)
        if name == "statement":
            docs.append(_Statement(child, None).document())
        elif name == "documentCollection":
            collection = Cover(child)
            for statement in root.iter(NS + "statement"):
                docs.append(_Statement(statement, collection).document())
            break
    if not docs:
        raise InvalidDocument("no resolution (statement) in this Akoma Ntoso file", "akn")
    return docs


def _load(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<"):
        return source.encode("utf-8")
    if isinstance(source, (str, Path)):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise InvalidDocument(f"cannot read {source}: {exc.strerror or exc}", "akn") from None
    raise InvalidDocument(f"expected XML bytes, text or a path, not {type(source).__name__}", "akn")


class _Statement:
    def __init__(self, el, collection: Cover | None):
        self.el = el
        self.collection = collection
        self.items: list[Item] = []
        # (role, text, id, (mark, heading text) or None) until the preamble ends: a
        # blockList after a container is still folded into it.
        self.preamble: list[tuple[str, Text, str, tuple[str, str] | None]] = []
        self.ids: set[str] = set()
        self.anon = 0
        self.main_starts = False  # the next item opens the mainBody
        self.pending_number: str | None = None

    def _id(self, el, parent: str | None = None) -> str:
        pid = el.get("eId") or el.get("wId") or el.get("GUID")
        if not pid:
            self.anon += 1
            pid = f"{parent}-{self.anon}" if parent else f"akn-{self.anon}"
        # The one id shape (validation.ID_RULE), leaving room for "-2" and "-fn12".
        pid = safe_id(pid.strip(), 48) or f"akn-{self.anon}"
        base, k = pid, 1
        while pid in self.ids:
            k += 1
            pid = f"{base}-{k}"
        self.ids.add(pid)
        return pid

    def _own_id(self, el) -> str | None:
        """The element's own id, or None for the builder to give one ("h2", "t1")."""
        return self._id(el) if el.get("eId") or el.get("wId") or el.get("GUID") else None

    def _emit(self, item: Item) -> None:
        if self.main_starts:
            item = replace(item, extra={**item.extra, "operative_part": True})
            self.main_starts = False
        self.items.append(item)

    def _prose(self, t: Text, pid: str, role: str, mark: str = "", depth: int | None = None,
               mark_in_text: bool = False) -> Item:
        """An item of ``t``; with ``mark_in_text`` a subparagraph mark the UN left at the
        start of the text ("(a)\\tTo cooperate") becomes the item's mark."""
        text, notes, opening = t.finish()
        cut = 0
        m = (_TEXT_NUMBER.match(text) or MARK.match(text)) if mark_in_text else None
        if m and m.group(1) == m.group(1).lower():
            mark, cut = m.group(0).strip(" \u200e\u200f"), m.end()
            text = text[cut:]
        n = len(text)
        return Item(text=text, mark=mark, role=role, depth=depth, id=pid,
                    italic=max(0, min(opening - cut, n)) if opening is not None else 0,
                    notes=tuple(Note(min(max(at - cut, 0), n), body) for at, body in notes))

    def _heading(self, el, pid: str | None, t: Text | None = None) -> Item | None:
        mark, text = heading_parts(el)
        if not text and t is not None:
            text = t.text()  # "B." and its words in a bold span (A/RES/77/256)
        if not (text or mark):
            return None
        if _ANNEX_TITLE.match(text) and not mark:
            return Item(text="", mark=text, role=ANNEX, id=pid)
        first = next((c for c in el if local(c) in ("heading", "subheading")), None)
        return _heading_item(text, mark, "".join(first.itertext()) if first is not None else "", id=pid)

    # -- the whole statement

    def document(self) -> Document:
        own = Cover(self.el)
        cover = own if own.symbol or self.collection is None else self.collection
        children = [c for c in self.el if isinstance(c.tag, str)]
        names = [local(c) for c in children]
        for k, (child, name) in enumerate(zip(children, names)):
            if name == "preamble":
                self._preamble(child)
            elif name == "mainBody":
                if "preamble" in names[k + 1:]:
                    self._misplaced_main_body(child)
                else:
                    self._flush_preamble()
                    self.main_starts = True
                    self._body(child)
            elif name == "attachments":
                self._flush_preamble()
                self._attachments(child)
        self._flush_preamble()
        symbol = cover.symbol
        if self.collection is not None and own.number and symbol:
            # "A/RES/75/101 A-B" → "A/RES/75/101 A"
            symbol = re.sub(r"\s+[A-Z](?:\s*-\s*[A-Z])?$", "", symbol) + " " + own.number
        language = own.language or (self.collection.language if self.collection else "") or "en"
        outline = build(self.items, language)
        return Document(
            body=own.body or (self.collection.body if self.collection else "") or "GA",
            # The symbol wins over session/@value: three Arabic files of session 78 say 77.
            session=session_of(symbol) or cover.session,
            title=own.title or cover.title,
            agenda_item=join_items(cover.agenda_items, language),
            agenda_title="; ".join(cover.agenda_titles),
            preamble=outline.preamble,
            operative=outline.operative,
            symbol=symbol or None,
            language=language,
        )

    # -- preamble

    def _flush_preamble(self) -> None:
        for role, t, pid, parts in self.preamble:
            if role == HEADING:
                mark, text = parts or ("", t.text())
                self.items.append(Item(text=text, mark=mark, role=HEADING, id=pid))
            else:
                self.items.append(self._prose(t, pid, PREAMBULAR))
        self.preamble = []

    def _preamble(self, el) -> None:
        for child in el:
            name = local(child)
            if name == "container":
                self._preamble_container(child)
            elif name == "blockList" and self.preamble and self.preamble[-1][0] == PREAMBULAR:
                t = self.preamble[-1][1]
                t.brk()
                t.inline(child)
            elif name in ("p", "crossHeading"):
                t = Text()
                t.inline(child, opening_allowed=True)
                if has_words(t):
                    self.preamble.append((HEADING if t.bold_only else PREAMBULAR, t, self._id(child), None))
            elif name in WRAPPERS:
                self._preamble(child)

    def _preamble_container(self, el) -> None:
        if el.get("name") == "table":
            return
        t = Text()
        for child in el:
            name = local(child)
            if name == "p":
                t.brk()
                t.inline(child, opening_allowed=True)
            elif name == "blockList":
                t.brk()
                block_list(child, t)
            elif name != "table":
                t.brk()
                t.inline(child)
        if t.headings and not t.opened:
            mark, text = heading_parts(el)
            self.preamble.append((HEADING, t, self._id(el), (mark, text or t.text())))
        elif has_words(t):
            # Our writer names a paragraph with no opening "preambularParagraph"
            # (akn_writer.preamble; the UN never does): not a heading however short.
            heading = el.get("name") != "preambularParagraph" and (t.bold_only or unmarked_heading(t))
            self.preamble.append((HEADING if heading else PREAMBULAR, t, self._id(el), None))

    def _misplaced_main_body(self, el) -> None:
        for para in el.iter(NS + "paragraph"):
            t = Text()
            for part in para:
                name = local(part)
                if name == "p":
                    t.brk()
                    t.inline(part, opening_allowed=True)
                elif name == "content":
                    for p in part:
                        t.brk()
                        t.inline(p, opening_allowed=local(p) == "p")
            if has_words(t):
                self.preamble.append((PREAMBULAR, t, self._id(para), None))

    # -- operative part and annexes

    def _body(self, el) -> None:
        loose: list = []  # num/heading/subheading standing in the body itself
        for child in el:
            name = local(child)
            if name in _HEADING_PARTS:
                loose.append(child)
                continue
            if loose:
                self._loose_heading(loose, el if local(el) in WRAPPERS else None)
                loose = []
            if name == "paragraph":
                self._paragraph(child)
            elif name == "crossHeading":
                t = Text()
                t.inline(child, opening_allowed=True)
                if has_words(t):
                    preambular = (child.get("refersTo") or "").lstrip("#") == "preamble"
                    self._emit(self._prose(t, self._id(child), PREAMBULAR) if preambular
                               else Item(text=t.text(), role=HEADING, id=self._own_id(child)))
            elif name in ("container", "hcontainer") and child.get("name") == "table" or name == "table":
                self._table(child)
            elif name in WRAPPERS:
                self._body(child)  # its num/heading/subheading: loose parts in it
            elif name == "p":
                t = Text()
                t.inline(child)
                if t.headings and not has_words(t):
                    heading = self._heading(child, self._own_id(child))
                    if heading is not None:
                        self._emit(heading)
        if loose:
            self._loose_heading(loose, el if local(el) in WRAPPERS else None)

    def _loose_heading(self, parts: list, owner) -> None:
        """A ``num`` with the heading after it, then each further heading or subheading
        on its own ("Conditions of service …", "A", "Base/floor salary scale": the
        builder gives a lone number to the heading after it). The first is the heading
        of the wrapper ``owner`` (its eId, its level by tag); the others' levels follow
        their numbering (the UN's sections are flat)."""
        mark, first = "", owner is not None
        for k, part in enumerate(parts):
            text = norm("".join(part.itertext()))
            if local(part) == "num":
                mark = f"{mark} {text}".strip()
                if k < len(parts) - 1:
                    continue
            if not (text or mark):
                continue
            pid = self._own_id(part) or (self._own_id(owner) if first else None)
            depth = None
            if first:
                # A section with a num or heading opens a level-1 heading (ours, A/RES/78/247);
                # one of subheadings only (A/RES/75/245) leaves the level to the numbering.
                plain = 0 if any(local(x) in ("num", "heading") for x in parts) else None
                depth = _WRAPPER_LEVEL.get((local(owner), owner.get("name")), plain)
            self._emit(_heading_item(text if local(part) != "num" else "", mark, "".join(part.itertext()),
                                     id=pid, depth=depth))
            mark, first = "", False

    def _attachments(self, el) -> None:
        for doc in el.iter(NS + "doc"):
            start = len(self.items)
            for part in doc:
                if local(part) == "mainBody":
                    self._body(part)
            if not any(it.role == ANNEX for it in self.items[start:start + 1]):
                self.items.insert(start, Item(text="", mark="Annex", role=ANNEX))

    def _table(self, el) -> None:
        table = el if local(el) == "table" else el.find(".//" + NS + "table")  # hcontainer/content/table
        rows, header = table_rows(table) if table is not None else ((), 0)
        if rows:  # the title: akn_writer's p class="tableTitle" before the table
            title = next((norm("".join(p.itertext())) for p in el.iter(NS + "p") if p.get("class") == "tableTitle"), "")
            self._emit(Item(text=title, role=TABLE, rows=rows, header_rows=header, id=self._own_id(el)))

    def _paragraph(self, el) -> None:
        num: str | None = None
        t = Text()
        lst = None
        nested = []
        for child in el:
            name = local(child)
            if name == "num":
                num = norm("".join(child.itertext()))
            elif name == "content":
                for part in child:
                    t.brk()
                    t.inline(part, opening_allowed=local(part) == "p")
                    t.add(part.tail)
            elif name == "p":
                t.brk()
                t.inline(child, opening_allowed=True)
            elif name == "list":
                lst = child
            elif name == "paragraph":
                nested.append(child)
        if lst is not None:
            intro = lst.find(NS + "intro")
            if intro is not None:
                for part in intro:
                    t.brk()
                    t.inline(part, opening_allowed=local(part) == "p")
        if num in ("l.", "I.") and _next_number(el) == "2.":
            num = "1."  # a letter typed for the digit (A/RES/76/256: "l.", then "2.")
        pid = self._id(el)
        numbered = bool(num and num[:1].isdigit())
        if numbered and lst is None and not has_words(t) and not heading_parts(el)[1]:
            # "1." with no text (78/128 in French, Arabic): the number goes to the
            # unnumbered paragraph that follows, if one does.
            self.pending_number = num
            return
        # A numbered paragraph is prose however short ("2. Remains seized of the matter"); a
        # short unpunctuated line is guessed a heading only in the UN's files (they class
        # every paragraph, "SingleTxt"; our writer puts headings in sections).
        if lst is None and not numbered and (not has_words(t) or t.bold_only
                                             or (unmarked_heading(t) and el.get("class"))):
            heading = self._heading(el, pid, t)  # "II", "Follow-up", "Annex"
            if heading is not None:
                self._emit(heading)
        else:
            if num is None and self.pending_number:
                num, numbered = self.pending_number, True
            mark = num if numbered else (norm(num) if num and MARK.fullmatch(num + " ") else "")
            self._emit(self._prose(t, pid, OPERATIVE, mark=mark, mark_in_text=not numbered and not mark))
            if lst is not None:
                self._points(lst, pid, 1)
        self.pending_number = None
        for child in nested:
            self._paragraph(child)

    def _points(self, lst, parent: str, depth: int) -> None:
        for child in lst:
            name = local(child)
            if name == "point":
                t = Text()
                mark = None
                subs = []
                for part in child:
                    pname = local(part)
                    if pname == "num":
                        printed = norm("".join(part.itertext()))
                        mark = printed if MARK.fullmatch(printed + " ") else ""
                    elif pname == "content":
                        for p in part:
                            t.brk()
                            t.inline(p, opening_allowed=local(p) == "p")
                    elif pname in ("list", "sublist"):
                        subs.append(part)
                    else:
                        t.brk()
                        t.inline(part)
                pid = self._id(child, parent)
                self._emit(self._prose(t, pid, OPERATIVE, mark=mark or "", depth=depth,
                                       mark_in_text=mark is None))
                for sub in subs:
                    self._points(sub, pid, depth + 1)
            elif name in ("sublist", "list"):
                self._points(child, parent, depth + 1)
