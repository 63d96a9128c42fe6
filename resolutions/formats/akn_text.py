"""The text of Akoma Ntoso elements, as the UN writes them (formats/akn_reader.py).

``Text`` gathers an element's text piece by piece with its footnotes and the end of its
italic opening; white space is cleaned once at the end (tabs, newlines and runs of ASCII
white space become one space; every other character is kept exactly).
"""
from __future__ import annotations

import re

from lxml import etree

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = "{" + AKN_NS + "}"
NSLEN = len(NS)

# Runs of ASCII white space other than a lone space (matching lone spaces too would
# make every word gap a match, three times slower on long paragraphs).
_WS = re.compile(r" [ \t\n\r\f\v]+|[\t\n\r\f\v][ \t\n\r\f\v]*")
# A subparagraph mark the UN left in the text: "(a)", "(iii)", "a)", "(أ)".
MARK = re.compile(r"\(?([^\W\d_]{1,5})\)(?:[ \t\n\r]+|$)")
WRAPPERS = {"section", "hcontainer", "chapter", "part", "division", "subsection", "title",
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

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=True, remove_comments=True, remove_pis=True)


_LOCAL: dict[str, str] = {}


def local(el) -> str:
    tag = el.tag
    name = _LOCAL.get(tag)
    if name is None:
        if not isinstance(tag, str):
            return ""  # an entity left unexpanded
        if not tag.startswith(NS):
            return etree.QName(tag).localname  # not cached: a file cannot grow the cache
        name = _LOCAL[tag] = tag[NSLEN:]
    return name


def clean(s: str) -> str:
    """Runs of ASCII white space → one space, ends trimmed; all else kept as it is."""
    s = s.strip(" \t\n\r\f\v")
    # Checking first is ten times faster than running the pattern over clean text.
    if "\t" in s or "\n" in s or "  " in s or "\r" in s or "\f" in s or "\v" in s:
        s = _WS.sub(" ", s)
    return s


def norm(text: str | None) -> str:
    return clean(text) if text else ""


# ---------------------------------------------------------------------------- text


class Text:
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
        s = clean("".join(self.parts))
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
        so_far = clean("".join(self.parts))
        if not so_far or MARK.fullmatch(so_far + " "):
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
            name = local(child)
            if name == "authorialNote":
                note = Text()
                note.inline(child)
                self.notes.append(note.text())
                parts.append(_NOTE)
            elif name == "sup" and marker_paren(child):
                pass
            elif name in _SPACE_ELEMENTS:
                parts.append(" ")
            elif name in _HEADINGS:
                self.headings += 1
            elif name in _SKIPPED:
                pass
            elif (opening_allowed and not self.opened and name == "span"
                  and opening_class(child) and self.at_start()):
                self.opened = True
                self.inline(child)
                # Italics split in two ("Recalling" "also") still make one opening.
                while (i + 1 < len(children) and not norm(child.tail)
                       and local(children[i + 1]) == "span"
                       and children[i + 1].get("class") == child.get("class")):
                    if child.tail:
                        parts.append(child.tail)
                    i += 1
                    child = children[i]
                    self.inline(child)
                parts.append(_CLOSE)
                if child.get("class") == "bold" and not norm(child.tail) and i == len(children) - 1:
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


def marker_paren(sup) -> bool:
    """The "(" and ")" the Arabic text prints round a footnote marker."""
    if norm(sup.text) not in ("(", ")") or len(sup):
        return False
    nxt, prev = sup.getnext(), sup.getprevious()
    return ((nxt is not None and local(nxt) == "authorialNote" and not norm(sup.tail))
            or (prev is not None and local(prev) == "authorialNote" and not norm(prev.tail)))


def opening_class(span) -> bool:
    cls = span.get("class") or ""
    return "italic" in cls or cls == "bold"


_WORD = re.compile(r"[^\W_]")
_PUNCTUATION = re.compile(r"[,;:.!?，；：。、،؛]")


def has_words(t: Text) -> bool:
    return _WORD.search(t.text()) is not None


def unmarked_heading(t: Text) -> bool:
    """A heading the UN marked as text ("一", "特殊处境国家" in the Chinese files): short,
    no italic opening, not one punctuation mark."""
    text = t.text()
    return not t.opened and len(text) < 120 and _PUNCTUATION.search(text) is None


def heading_parts(el) -> tuple[str, str]:
    """(mark, text) of a heading element: its ``num``, and its ``heading`` and
    ``subheading`` texts joined."""
    mark, texts = "", []
    for part in el:
        name = local(part)
        if name == "num" and not mark:
            mark = norm("".join(part.itertext()))
        elif name in ("heading", "subheading"):
            t = Text()
            t.inline(part)
            if t.text():
                texts.append(t.text())
        elif name in ("p", "content"):
            sub_mark, sub_text = heading_parts(part)
            mark = mark or sub_mark
            texts += [sub_text] if sub_text else []
    return mark, " ".join(texts)


def block_list(el, t: Text) -> None:
    for child in el:
        name = local(child)
        t.brk()
        if name == "listIntroduction":
            t.inline(child, opening_allowed=True)
        elif name == "item":
            for part in child:
                t.brk()
                if local(part) == "num":
                    t.add(part.text)
                else:
                    t.inline(part)
                t.add(part.tail)
        else:
            t.inline(child)


def table_rows(table) -> tuple[tuple[tuple[str, ...], ...], int]:
    """A ``table``'s rows of cell texts and how many leading rows are all ``th``."""
    rows, header = [], 0
    for tr in table.iter(NS + "tr"):
        cells = [c for c in tr if local(c) in ("th", "td")]
        texts = []
        for cell in cells:
            t = Text()
            t.inline(cell)
            texts.append(t.text())
        if header == len(rows) and cells and all(local(c) == "th" for c in cells):
            header += 1
        rows.append(tuple(texts))
    return tuple(rows), header
