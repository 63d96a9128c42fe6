"""Read the UN's Akoma Ntoso XML (AKN4UN) of adopted General Assembly resolutions.

    read_akn(source) -> list[Document]

``source`` is the XML as bytes, the XML as a ``str`` (anything whose first non-blank
character is ``<``), or a path (``pathlib.Path`` or ``str``). A file usually holds one
resolution; a ``documentCollection`` (``A/RES/75/101 A-B``) gives one Document per
component, with symbols ``A/RES/75/101 A``, ``A/RES/75/101 B`` as in the UN's metadata.
Input that is not well-formed XML, or not an ``akomaNtoso`` root in the AKN 3.0 namespace,
or holds no ``statement``, raises ``InvalidDocument`` saying which. Entities are never
expanded and nothing is fetched from the network.

What is read (UN-FORMAT.md §6):
- symbol (``coverPage/docNumber``), body "GA" (or the body our own exports name in
  the work's URI, ``/akn/un/statement/draft/cnd/…``: formats/akn_writer.py), session (``session/@value``; when the
  symbol says otherwise the symbol wins: three Arabic files of session 78 say 77),
  agenda item (each ``inline name="agenda item"``: ``@title`` or the number part of its
  text; several are joined "13 and 117"), agenda title (``inline name="agenda item
  name"``; several are joined with "; "), title (``preface/docTitle``), language
  (``FRBRlanguage``, ISO 639-2 → 639-1);
- preambular paragraphs: each ``container`` of the ``preamble`` after the formula;
- operative paragraphs: each ``paragraph`` of the ``mainBody``; subparagraphs from
  ``list/intro`` + ``point`` (+ ``sublist`` for the next level down).

Text: tabs, newlines and runs of ASCII white space become one space, ends trimmed; every
other character (non-breaking hyphen U+2011, non-breaking space, typographic quotes) is
kept exactly. ``opening_length`` is the length of the italic span that opens the paragraph
(``bold italic`` in Arabic, ``bold`` in Chinese), white space inside it trimmed; a
paragraph the UN printed without an italic opening gets 0 — the XML is exact either way.
A footnote (``authorialNote``) becomes ``Footnote(at, text)`` where ``at`` is the offset in
the normalised text where the marker stood, before any space that followed it; a marker
wedged between two words ("Agreement<note/>and", A/RES/78/163) gets the space the markup
lost. The superscript parentheses the Arabic text puts round a marker are dropped.
Paragraph ids are the UN's ``eId``s (``container_3``, ``para_20``,
``para_18_list_point_a``), so reading a file twice, or the same resolution in another
language, gives the same ids; footnote ids are ``<paragraph id>-fn<n>``.

The UN's files are taken as they are, including the eight that break the schema:
- Headings are skipped: ``subheading``/``heading``/``num``-only paragraphs ("II",
  "Follow-up"), a ``p`` holding only a ``num`` or ``subheading``, ``mainBody/subheading``,
  preamble containers that are one bold span ("Transport and transit corridors"), and
  short lines with no opening and no punctuation at all (the Chinese files set "一" and
  "特殊处境国家" as plain text). The model has no headings; operative numbering runs on
  through them (UN-FORMAT.md §2).
- ``section``/``hcontainer`` wrappers in the mainBody are walked through. The preambular
  paragraphs such a section opens with (``crossHeading refersTo="#preamble"``, in
  budget resolutions) are appended to the preamble in reading order, so the preamble can
  end with paragraphs that print further down, and the sections' own numbering (which
  restarts at 1.) is lost.
- Tables (``container name="table"``) are skipped.
- Subparagraphs the UN flattened into paragraphs of their own ("(a)\tTo cooperate …",
  or ``num`` "(iii)") are put back under the paragraph before them, the mark taken off
  the text: a letter mark is one level down, a roman mark two ("(i)" after "(h)" is read
  as a letter unless "(ii)" follows). A ``sublist`` whose points continue the letters of
  its list ("(h)", sublist "(i)", "(j)": A/RES/78/181) is read as the letters it is.
- Unnumbered, unmarked paragraphs with no italic opening that follow a paragraph ending
  with a colon become its subparagraphs ("… as follows:" "Monday, 9 June: …"); one that
  starts in lower case runs on at the end of the paragraph before it ("…; and demands
  that …", the rest of a sentence after its list).
- Lists inside a preambular paragraph (``blockList``) are folded into its text
  ("…was developed: (a) To promote …, (b) …"), since preambular paragraphs take no
  subparagraphs; a ``blockList`` standing after a container is folded into that container.
- A ``mainBody`` followed by another ``preamble`` (A/RES/77/118) holds preambular text:
  its paragraphs go to the preamble. Unnumbered paragraphs ending with a comma that open
  a numbered mainBody (A/RES/78/127 "Aiming to …,") are preambular too.
- Decorations ("* * *") are skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..domain.bodies import get_body
from ..domain.document import Document, Footnote, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.languages import FROM_ISO_639_2
from ..domain.numbering import letters, roman
from ..domain.validation import safe_id

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_NS = "{" + AKN_NS + "}"
_NSLEN = len(_NS)

_AND = {"en": "and", "fr": "et", "es": "y", "ru": "и", "ar": "و", "zh": "和"}

# Runs of ASCII white space other than a lone space (matching lone spaces too would
# make every word gap a match, three times slower on long paragraphs).
_WS = re.compile(r" [ \t\n\r\f\v]+|[\t\n\r\f\v][ \t\n\r\f\v]*")
# A subparagraph mark the UN left in the text: "(a)", "(iii)", "a)", "(أ)".
_MARK = re.compile(r"\(?([^\W\d_]{1,5})\)(?:[ \t\n\r]+|$)")
_ROMAN = re.compile(r"^(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_WRAPPERS = {"section", "hcontainer", "chapter", "part", "division", "subsection", "title",
             "subtitle", "article", "level", "clause", "subclause", "subdivision", "book",
             "tome", "subpart", "subchapter", "paragraph_group", "container"}
_BLOCKS = {"p", "item", "listIntroduction", "listWrapUp", "intro", "wrapUp", "blockList",
           "content", "tr", "td", "th", "table", "ul", "ol", "li", "blockContainer"}

_NOTE, _CLOSE = "\x00", "\x01"
_MARKER_SPACE = re.compile(" ([\x00\x01]+)")
_SPACES = re.compile("  +")
_SPACE_ELEMENTS = {"eol", "br", "eop"}
_HEADINGS = {"num", "subheading", "heading"}
_SKIPPED = {"decoration", "img", "marker"}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=True, remove_comments=True, remove_pis=True)


def read_akn(source: bytes | str | Path) -> list[Document]:
    """Every resolution in one AKN file, in the file's order."""
    data = _load(source)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InvalidDocument(f"not well-formed XML: {exc}", "akn") from None
    if root is None or not isinstance(root.tag, str) or root.tag != _NS + "akomaNtoso":
        found = etree.QName(root).text if root is not None and isinstance(root.tag, str) else "nothing"
        raise InvalidDocument(
            f"not Akoma Ntoso 3.0: the root element is {found}, not akomaNtoso in {AKN_NS}", "akn")
    docs: list[Document] = []
    for child in root:
        name = _local(child)
        if name == "statement":
            docs.append(_Statement(child, None).document())
        elif name == "documentCollection":
            collection = _Cover(child)
            for statement in root.iter(_NS + "statement"):
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


_LOCAL: dict[str, str] = {}


def _local(el) -> str:
    tag = el.tag
    name = _LOCAL.get(tag)
    if name is None:
        if not isinstance(tag, str):
            return ""  # an entity left unexpanded
        if not tag.startswith(_NS):
            return etree.QName(tag).localname  # not cached: a file cannot grow the cache
        name = _LOCAL[tag] = tag[_NSLEN:]
    return name


def _clean(s: str) -> str:
    """Runs of ASCII white space → one space, ends trimmed; all else kept as it is."""
    s = s.strip(" \t\n\r\f\v")
    # Checking first is ten times faster than running the pattern over clean text.
    if "\t" in s or "\n" in s or "  " in s or "\r" in s or "\f" in s or "\v" in s:
        s = _WS.sub(" ", s)
    return s


def _norm(text: str | None) -> str:
    return _clean(text) if text else ""


# ---------------------------------------------------------------------------- text


class _Text:
    """Text gathered piece by piece, with footnote markers and the end of the opening.

    Pieces are kept raw and normalised once in ``finish``: markers travel through the
    white-space clean-up as control characters, which XML 1.0 text cannot contain.
    """

    __slots__ = ("parts", "notes", "opened", "headings", "bold_only", "started", "_done")

    def __init__(self):
        self.parts: list[str] = []
        self.notes: list[str] = []
        self.opened = False         # the opening span has been seen
        self.headings = 0           # num/subheading met inside the text
        self.bold_only = False      # the text is one bold span: a heading
        self.started = False        # words other than a subparagraph mark were seen
        self._done: tuple[str, list[tuple[int, str]], int | None] | None = None

    def add(self, s: str | None) -> None:
        if s:
            self.parts.append(s)

    def brk(self) -> None:
        self.parts.append(" ")

    def finish(self) -> tuple[str, list[tuple[int, str]], int | None]:
        """(normalised text, [(offset, footnote text)], end of the opening or None)."""
        if self._done is not None:
            return self._done
        s = _clean("".join(self.parts))
        notes: list[tuple[int, str]] = []
        opening = None
        if _NOTE in s or _CLOSE in s:
            # A marker stands before the space that follows it.
            if " " + _NOTE in s or " " + _CLOSE in s:
                s = _MARKER_SPACE.sub(r"\1 ", s)
                if "  " in s:
                    s = _SPACES.sub(" ", s)
                s = s.strip(" ")
            bodies = iter(self.notes)
            out: list[str] = []
            i = shift = 0
            while True:
                a, b = s.find(_NOTE, i), s.find(_CLOSE, i)
                if a < 0 and b < 0:
                    break
                j = a if b < 0 or 0 <= a < b else b
                out.append(s[i:j])
                if j == a:
                    notes.append((j - shift, next(bodies)))
                    if (0 < j < len(s) - 1 and s[j - 1].isalnum() and s[j + 1].isalnum()
                            and s[j - 1] < "\u2e80" and s[j + 1] < "\u2e80"):
                        # "the Paris Agreement<note/>and its": a marker between two
                        # words stands for the space the markup lost (A/RES/78/163);
                        # not in Chinese, written without spaces.
                        out.append(" ")
                        shift -= 1
                else:
                    opening = j - shift
                shift += 1
                i = j + 1
            out.append(s[i:])
            s = "".join(out)
        self._done = (s, notes, opening)
        return self._done

    def text(self) -> str:
        return self.finish()[0]

    def at_start(self) -> bool:
        """Nothing but white space, or a subparagraph mark, so far."""
        if self.started:
            return False
        so_far = _clean("".join(self.parts))
        if not so_far or _MARK.fullmatch(so_far + " "):
            return True
        self.started = True
        return False

    # -- walking XML

    def inline(self, el, opening_allowed: bool = False) -> None:
        """``el``'s text and children (not its tail)."""
        parts = self.parts
        text = el.text
        if text:
            parts.append(text)
        children = list(el)
        i = 0
        while i < len(children):
            child = children[i]
            name = _local(child)
            if name == "authorialNote":
                note = _Text()
                note.inline(child)
                self.notes.append(note.text())
                parts.append(_NOTE)
            elif name == "sup" and _marker_paren(child):
                pass
            elif name in _SPACE_ELEMENTS:
                parts.append(" ")
            elif name in _HEADINGS:
                self.headings += 1
            elif name in _SKIPPED:
                pass
            elif (opening_allowed and not self.opened and name == "span"
                  and _opening_class(child) and self.at_start()):
                self.opened = True
                self.inline(child)
                # Italics split in two ("Recalling" "also") still make one opening.
                while (i + 1 < len(children) and not _norm(child.tail)
                       and _local(children[i + 1]) == "span"
                       and children[i + 1].get("class") == child.get("class")):
                    if child.tail:
                        parts.append(child.tail)
                    i += 1
                    child = children[i]
                    self.inline(child)
                parts.append(_CLOSE)
                if child.get("class") == "bold" and not _norm(child.tail) and i == len(children) - 1:
                    self.bold_only = True
            elif name in _BLOCKS:
                parts.append(" ")
                self.inline(child)
                parts.append(" ")
            else:
                self.inline(child)
            tail = child.tail
            if tail:
                parts.append(tail)
            i += 1


def _marker_paren(sup) -> bool:
    """The "(" and ")" the Arabic text prints round a footnote marker."""
    if _norm(sup.text) not in ("(", ")") or len(sup):
        return False
    nxt, prev = sup.getnext(), sup.getprevious()
    return ((nxt is not None and _local(nxt) == "authorialNote" and not _norm(sup.tail))
            or (prev is not None and _local(prev) == "authorialNote" and not _norm(prev.tail)))


def _opening_class(span) -> bool:
    cls = span.get("class") or ""
    return "italic" in cls or cls == "bold"


# ---------------------------------------------------------------------------- paragraphs


class _Node:
    __slots__ = ("id", "t", "children", "mark", "ambiguous", "numbered", "after_heading", "label")

    def __init__(self, pid: str, t: _Text, mark: str | None = None):
        self.id = pid
        self.t = t
        self.children: list[_Node] = []
        self.mark = mark
        self.ambiguous = False
        self.numbered = False        # the UN gave it a number ("1.")
        self.after_heading = False   # a heading or section break stands just before it
        self.label: str | None = None  # the UN's own mark of a point: "h" for "(h)"

    def deepest_last(self) -> "_Node":
        node = self
        while node.children:
            node = node.children[-1]
        return node

    def fold(self, t: _Text) -> None:
        """Run ``t`` on at the end of this paragraph's text."""
        self.t.parts.append(" ")
        self.t.parts += t.parts
        self.t.notes += t.notes
        self.t._done = None

    def paragraph(self) -> Paragraph:
        text, notes, opening = self.t.finish()
        cut = 0
        if self.mark is not None:
            m = _MARK.match(text)
            if m:
                cut = m.end()
                text = text[cut:]
        n = len(text)
        return Paragraph(
            id=self.id, text=text,
            footnotes=tuple(Footnote(id=f"{self.id}-fn{k}", at=min(max(at - cut, 0), n), text=body)
                            for k, (at, body) in enumerate(notes, 1) if body),
            # The UN marks italics exactly: no italic span means no italic opening.
            opening_length=max(0, min(opening - cut, n)) if opening is not None else 0,
            subparagraphs=tuple(c.paragraph() for c in self.children))


def _mark_of(t: _Text, num: str | None) -> str | None:
    """The subparagraph mark ("a", "iii") of a flattened subparagraph, else None."""
    m = _MARK.fullmatch(num + " ") if num is not None else _MARK.match(t.text())
    return m.group(1) if m and m.group(1) == m.group(1).lower() else None


def _next_letter(mark: str | None) -> str:
    if mark and len(set(mark)) == 1 and "a" <= mark[0] <= "z":
        n = (len(mark) - 1) * 26 + ord(mark[0]) - ord("a") + 1
        return letters(n + 1)
    return "a"


def _continues_letters(before: _Node, subs: list[_Node], after) -> bool:
    """A sublist that is really the next letters of its list: "(h)", [sublist "(i)"], "(j)"
    (A/RES/78/181 marks the letter (i) as a subparagraph of (h))."""
    if not subs or not before.label:
        return False
    expected = _next_letter(before.label)
    for sub in subs:
        if sub.label != expected:
            return False
        expected = _next_letter(sub.label)
    following = next((c for c in after if _local(c) == "point"), None)
    if following is None:
        return False
    num = following.find(_NS + "num")
    m = _MARK.fullmatch(_norm("".join(num.itertext())) + " ") if num is not None else None
    return bool(m) and m.group(1) == expected


def _next_roman(node: _Node | None) -> str:
    return roman(len(node.children) + 1) if node is not None else "i"


class _Statement:
    def __init__(self, el, collection: "_Cover | None"):
        self.el = el
        self.collection = collection
        self.preamble: list[_Node] = []
        self.operative: list[_Node] = []
        self.ids: set[str] = set()
        self.anon = 0
        self.heading = False  # a heading was skipped since the last operative paragraph
        self.items: _Node | None = None  # the lead-in that unmarked lines are gathering under

    # -- ids

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

    # -- the whole statement

    def document(self) -> Document:
        own = _Cover(self.el)
        cover = own if own.symbol or self.collection is None else self.collection
        children = [c for c in self.el if isinstance(c.tag, str)]
        names = [_local(c) for c in children]
        for k, (child, name) in enumerate(zip(children, names)):
            if name == "preamble":
                self._preamble(child)
            elif name == "mainBody":
                if "preamble" in names[k + 1:]:
                    self._misplaced_main_body(child)
                else:
                    self._main_body(child)
        self._leading_preambular()
        symbol = cover.symbol
        if self.collection is not None and own.number and symbol:
            # "A/RES/75/101 A-B" → "A/RES/75/101 A"
            symbol = re.sub(r"\s+[A-Z](?:\s*-\s*[A-Z])?$", "", symbol) + " " + own.number
        language = own.language or (self.collection.language if self.collection else "") or "en"
        return Document(
            body=own.body or (self.collection.body if self.collection else "") or "GA",
            # The symbol wins over session/@value: three Arabic files of session 78 say 77.
            session=_session_of(symbol) or cover.session,
            title=own.title or cover.title,
            agenda_item=_join_items(cover.agenda_items, language),
            agenda_title="; ".join(cover.agenda_titles),
            preamble=tuple(n.paragraph() for n in self.preamble),
            operative=tuple(n.paragraph() for n in self.operative),
            symbol=symbol or None,
            language=language,
        )

    # -- preamble

    def _preamble(self, el) -> None:
        for child in el:
            name = _local(child)
            if name == "container":
                self._preamble_container(child)
            elif name == "blockList" and self.preamble:
                t = self.preamble[-1].t
                t.brk()
                t.inline(child)
            elif name in ("p", "crossHeading"):
                t = _Text()
                t.inline(child, opening_allowed=True)
                if _has_words(t) and not t.bold_only:
                    self.preamble.append(_Node(self._id(child), t))
            elif name in ("formula", "") or name in ("heading", "subheading", "num"):
                continue
            elif name in _WRAPPERS:
                self._preamble(child)

    def _preamble_container(self, el) -> None:
        if el.get("name") == "table":
            return
        t = _Text()
        for child in el:
            name = _local(child)
            if name == "p":
                t.brk()
                t.inline(child, opening_allowed=True)
            elif name == "blockList":
                t.brk()
                self._block_list(child, t)
            elif name != "table":
                t.brk()
                t.inline(child)
        if (_has_words(t) and not t.bold_only and not (t.headings and not t.opened)
                and not _unmarked_heading(t)):
            self.preamble.append(_Node(self._id(el), t))

    @staticmethod
    def _block_list(el, t: _Text) -> None:
        for child in el:
            name = _local(child)
            t.brk()
            if name == "listIntroduction":
                t.inline(child, opening_allowed=True)
            elif name == "item":
                for part in child:
                    t.brk()
                    if _local(part) == "num":
                        t.add(part.text)
                    else:
                        t.inline(part)
                    t.add(part.tail)
            else:
                t.inline(child)

    def _misplaced_main_body(self, el) -> None:
        for para in el.iter(_NS + "paragraph"):
            t = _Text()
            for part in para:
                name = _local(part)
                if name == "p":
                    t.brk()
                    t.inline(part, opening_allowed=True)
                elif name == "content":
                    for p in part:
                        t.brk()
                        t.inline(p, opening_allowed=_local(p) == "p")
            if _has_words(t):
                self.preamble.append(_Node(self._id(para), t))

    # -- operative part

    def _main_body(self, el) -> None:
        for child in el:
            name = _local(child)
            if name == "paragraph":
                self._paragraph(child)
                continue
            self.heading = True
            if name == "crossHeading":
                if (child.get("refersTo") or "").lstrip("#") == "preamble":
                    t = _Text()
                    t.inline(child, opening_allowed=True)
                    if _has_words(t):
                        self.preamble.append(_Node(self._id(child), t))
            elif name == "container":
                if child.get("name") != "table":
                    self._main_body(child)
            elif name in _WRAPPERS:
                self._main_body(child)
            # subheading, heading, num, p holding a section number, table: skipped

    def _leading_preambular(self) -> None:
        """Unnumbered paragraphs that open a numbered mainBody and end with a comma are
        preambular paragraphs the UN put in the wrong place (78/127 "Aiming to …,")."""
        ops = self.operative
        k = 0
        while (k < len(ops) and not ops[k].numbered and not ops[k].children
               and not (k and ops[k].after_heading) and ops[k].t.text().endswith(_COMMAS)):
            k += 1
        if 0 < k < len(ops) and ops[k].numbered and not ops[k].after_heading:
            self.preamble += ops[:k]
            del ops[:k]

    def _paragraph(self, el) -> None:
        num: str | None = None
        t = _Text()
        lst = None
        for child in el:
            name = _local(child)
            if name == "num":
                num = _norm("".join(child.itertext()))
            elif name == "content":
                for part in child:
                    t.brk()
                    if _local(part) == "p":
                        t.inline(part, opening_allowed=True)
                    else:
                        t.inline(part)
                    t.add(part.tail)
            elif name == "p":
                t.brk()
                t.inline(child, opening_allowed=True)
            elif name == "list":
                lst = child
            elif name == "paragraph":
                self._paragraph(child)
        intro = None
        if lst is not None:
            intro = lst.find(_NS + "intro")
            if intro is not None:
                for part in intro:
                    t.brk()
                    t.inline(part, opening_allowed=_local(part) == "p")
        if lst is None and (not _has_words(t) or t.bold_only or _unmarked_heading(t)):
            self.heading = True
            return  # a heading: "II", "Follow-up", "Annex"
        node = _Node(self._id(el), t)
        node.numbered = bool(num and num[:1].isdigit())
        if lst is not None:
            node.children = self._points(lst, node.id)
        mark = _mark_of(t, num) if (num is None or not num[:1].isdigit()) else None
        if (num is None and mark is None and lst is None and not t.opened and self.operative
                and not self.heading and self._continues(node)):
            return
        self.items = None
        if mark is not None and self.operative:
            node.mark = mark
            self._attach(node, mark)
        else:
            node.after_heading, self.heading = self.heading, False
            self.operative.append(node)

    def _continues(self, node: _Node) -> bool:
        """Text the UN set as a paragraph of its own but which belongs to the one before:
        the rest of a sentence after its list ("and demands that …;"), or the unmarked
        lines a lead-in announces ("… as follows:" "Monday, 9 June: …")."""
        last = self.operative[-1].deepest_last()
        parent = self.items
        if parent is None and last.t.text().endswith((":", "：")):
            parent = last
        if parent is not None:
            parent.children.append(node)
            self.items = parent
            return True
        if node.t.text()[:1].islower():
            last.fold(node.t)
            return True
        return False

    def _points(self, lst, parent: str) -> list[_Node]:
        out: list[_Node] = []
        children = [c for c in lst if isinstance(c.tag, str)]
        for k, child in enumerate(children):
            name = _local(child)
            if name == "point":
                t = _Text()
                label = None
                for part in child:
                    pname = _local(part)
                    if pname == "num":
                        m = _MARK.fullmatch(_norm("".join(part.itertext())) + " ")
                        label = m.group(1) if m else ""
                    elif pname == "content":
                        for p in part:
                            t.brk()
                            t.inline(p, opening_allowed=_local(p) == "p")
                    elif pname in ("list", "sublist"):
                        pass
                    else:
                        t.brk()
                        t.inline(part)
                node = _Node(self._id(child, parent), t)
                node.label = label
                if label is None and _MARK.match(t.text()):
                    node.mark = _MARK.match(t.text()).group(1)
                for part in child:
                    if _local(part) in ("list", "sublist"):
                        node.children += self._points(part, node.id)
                out.append(node)
            elif name in ("sublist", "list"):
                subs = self._points(child, out[-1].id if out else parent)
                if out and not _continues_letters(out[-1], subs, children[k + 1:]):
                    out[-1].children += subs
                else:
                    out += subs
        return out

    def _attach(self, node: _Node, mark: str) -> None:
        """Put a flattened subparagraph back under the paragraph it belongs to."""
        top = self.operative[-1]
        last1 = top.children[-1] if top.children else None
        letter = _next_letter(last1.mark if last1 is not None else None)
        is_roman = bool(_ROMAN.match(mark))
        if (mark == "ii" and last1 is not None and last1.ambiguous and len(top.children) >= 2
                and not last1.children):
            # "(h)", "(i)", "(ii)": that "(i)" was the first of (h)'s own subparagraphs.
            top.children.pop()
            last1.mark, last1.ambiguous = "i", False
            top.children[-1].children.append(last1)
            top.children[-1].children.append(node)
            return
        if last1 is not None and is_roman and mark == _next_roman(last1) and mark != letter:
            last1.children.append(node)
        elif mark == letter:
            node.ambiguous = is_roman and last1 is not None and mark == _next_roman(last1)
            top.children.append(node)
        elif is_roman and last1 is not None and mark not in ("c", "d", "l", "m", "v", "x"):
            last1.children.append(node)
        else:
            top.children.append(node)


_WORD = re.compile(r"[^\W_]")
_PUNCTUATION = re.compile(r"[,;:.!?，；：。、،؛]")
_COMMAS = (",", "،", "，")


def _unmarked_heading(t: _Text) -> bool:
    """A heading the UN marked as text ("一", "特殊处境国家" in the Chinese files): short,
    no italic opening, not one punctuation mark."""
    text = t.text()
    return not t.opened and len(text) < 120 and _PUNCTUATION.search(text) is None


def _has_words(t: _Text) -> bool:
    return _WORD.search(t.text()) is not None


# ---------------------------------------------------------------------------- cover page


class _Cover:
    """What the coverPage, preface and meta of one statement or collection say."""

    def __init__(self, el):
        self.symbol = ""
        self.session = 0
        self.agenda_items: list[str] = []
        self.agenda_titles: list[str] = []
        self.title = ""
        self.number = ""
        self.language = ""
        self.body = ""
        for child in el:
            name = _local(child)
            if name == "meta":
                lang = child.find(f"{_NS}identification/{_NS}FRBRExpression/{_NS}FRBRlanguage")
                if lang is not None:
                    code = (lang.get("language") or "").strip().lower()
                    self.language = FROM_ISO_639_2.get(code, code)
                # Our own exports name their body in the work's URI (".../draft/cnd/..."); the UN's say "unga".
                work = child.find(f"{_NS}identification/{_NS}FRBRWork/{_NS}FRBRuri")
                parts = (work.get("value") or "").split("/") if work is not None else []
                if len(parts) > 5 and get_body(parts[5].upper()) is not None:
                    self.body = parts[5].upper()
            elif name == "coverPage":
                self._cover_page(child)
            elif name == "preface":
                for e in child.iter(_NS + "docNumber", _NS + "docTitle"):
                    if _local(e) == "docNumber" and not self.number:
                        self.number = _norm("".join(e.itertext())).rstrip(".")
                    elif _local(e) == "docTitle" and not self.title:
                        t = _Text()
                        t.inline(e)
                        self.title = t.text()

    def _cover_page(self, cover) -> None:
        for e in cover.iter(_NS + "docNumber", _NS + "session", _NS + "inline"):
            name = _local(e)
            if name == "docNumber" and not self.symbol:
                self.symbol = _norm("".join(e.itertext()))
            elif name == "session" and not self.session:
                value = (e.get("value") or "").strip()
                if value.isdigit():
                    self.session = int(value)
            elif name == "inline":
                kind = e.get("name")
                if kind == "agenda item":
                    # Some files repeat the words in @title ("Agenda item 9"): keep the number only.
                    item = _item_number(_norm(e.get("title")) or _norm("".join(e.itertext())))
                    if item:
                        self.agenda_items.append(item)
                elif kind == "agenda item name":
                    text = _norm("".join(e.itertext()))
                    if text:
                        self.agenda_titles.append(text)


def _item_number(text: str) -> str:
    """ "Agenda items 13 and 117" → "13 and 117"; "Tema 13 a) del programa" → "13 a)". """
    m = re.search(r"\d(?:.*[\d)])?", text)
    return m.group() if m else text


def _join_items(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = _AND.get(language, "and")
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _session_of(symbol: str) -> int:
    """78 for A/RES/78/131, 32 for A/RES/S-32/1, 11 for A/RES/ES-11/6."""
    m = re.match(r"A/RES/(?:E?S-)?(\d+)/", symbol or "")
    return int(m.group(1)) if m else 0
