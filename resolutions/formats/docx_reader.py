"""Read a resolution from a Word file (.docx) as a delegation holds it.

    read_docx(source, *, body=None) -> DocxReading(document, symbol, sponsors, warnings)

``source`` is the file's bytes or a path. The file is one Word paragraph per resolution
paragraph, as our export lays it out (docx_text.py), as the Secretariat issues it, or as
a delegation types it. A file with tracked changes is read as Word's "Accept all
changes" leaves it (docx_revisions.accept_all: a deleted paragraph mark joins its
paragraph to the next). What is recognised, in order:

- the masthead, if any: the symbol ("A/80/L.10", "A/RES/78/131", "E/CN.7/2024/L.2"), in
  the text or, failing that, in a page header; "Distr.", dates, organ names and the
  like are passed over;
- the session line ("Eightieth session" → 80, "80th session"); without one, the session
  comes from the symbol, else it is 0 and a warning says so;
- "Agenda item 125" (or "Agenda items 13 and 117", "Item 5 of the provisional agenda")
  and the agenda item's title below it;
- the sponsor line ("Japan, Mexico and United States of America: draft resolution",
  "Italy and Turkmenistan:* draft resolution") → the names as printed, in order; names
  that contain "and" ("Trinidad and Tobago") are kept whole by looking them up in
  data/delegations.csv;
- the title: the (bold) paragraph before the enacting formula;
- the enacting formula ("The General Assembly," → GA, "The Commission on Narcotic
  Drugs," → CND, from data/bodies.toml); ``body`` is used when the file has no formula,
  and GA when neither says;
- preambular paragraphs until the first numbered one, then operative paragraphs.
  Numbers are typed ("1." then a tab or spaces) or Word's automatic numbering, whose
  kind docx_numbering.Numbering reads from word/numbering.xml (decimal for "1.",
  lowerLetter "(a)", lowerRoman "(i)"). "(a)", "(i)" and "a." make subparagraphs,
  nested under the paragraph before them ("(i)" after "(h)" is a letter unless a
  lead-in ending in a colon comes just before it). A file with no numbered paragraph is read the UN's way for a lone
  operative paragraph: the last paragraphs that do not end with a comma are operative.
  Subparagraphs in the preamble are folded into their paragraph's text;
- footnotes: the text of each footnote (or endnote) from word/footnotes.xml at the offset
  where its reference stands, after the punctuation it follows;
- the italic run(s) opening a top-level paragraph → ``opening_length``. When the file
  italicises no openings at all, openings are left to detection (None);
- paragraph ids: a paragraph that starts with the bookmark our writer puts there
  (docx_bookmarks.py) keeps its id; every other paragraph gets a new one.

Empty paragraphs, decorations ("* * *"), bold headings ("II. Follow-up"), page headers and
footers, tables after the formula and everything from an "Annex" heading on are not
part of the text; the warnings list what was passed over.

Refused with InvalidDocument: a file over MAX_FILE_BYTES; what docx_package.check_package
refuses before any part is inflated (a PDF, a .doc, random bytes, a corrupt zip, a zip
that is not a Word document, a zip bomb); and a file with neither an enacting formula
nor paragraphs.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ..domain.bodies import bodies, get_body
from ..domain.delegation_names import known_keys, name_key
from ..domain.document import OPERATIVE, PREAMBLE, Document, Footnote, Paragraph, new_id
from ..domain.errors import InvalidDocument
from ..domain.numbering import letters, roman, subparagraph_mark
from ..domain.sessions import ordinal_words
from ..domain.symbols import parse
from .docx_bookmarks import id_of_paragraph, read_variables
from .docx_numbering import Numbering, num_pr
from .docx_package import WHERE, W, XML_PARSER, check_package
from .docx_revisions import REVISION_MARKS, accept_all

MAX_FILE_BYTES = 50 * 1024 * 1024          # the .docx itself
_NOTE = "\x00"
_ASCII_WS = " \t\n\r\f\v"


@dataclass(frozen=True)
class DocxReading:
    document: Document
    symbol: str | None
    sponsors: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)


def read_docx(source: bytes | Path, *, body: str | None = None) -> DocxReading:
    if body is not None and get_body(body) is None:
        raise InvalidDocument(f"unknown body {body!r}; choose one of {', '.join(bodies())}", "body")
    data = _load(source)
    check_package(data)
    word = _open(data)
    if _has_revisions(word):  # read as Word's "Accept all changes" leaves it: one accept rule
        word = _open(accept_all(data))
    return _Reader(word, body).reading()


def _open(data: bytes):
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises ValueError, KeyError, XMLSyntaxError …
        raise InvalidDocument(f"not a Word document python-docx can open ({type(exc).__name__}: {exc})",
                              WHERE) from None


def _has_revisions(word) -> bool:
    """Whether the body, footnotes, endnotes or headers hold tracked insertions, deletions
    or moves (formatting changes read the same either way)."""
    if next(word.element.body.iter(*REVISION_MARKS), None) is not None:
        return True
    return any(next(root.iter(*REVISION_MARKS), None) is not None
               for reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.HEADER) for root in _part_roots(word, reltype))


# --- the package ----------------------------------------------------------------------

def _load(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InvalidDocument(f"the file is {size:,} bytes; a Word file up to "
                                      f"{MAX_FILE_BYTES // 2**20} MB is accepted", WHERE)
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidDocument(f"cannot read {source}: {exc.strerror or exc}", WHERE) from None
    else:
        raise InvalidDocument(f"expected the .docx as bytes or a path, not {type(source).__name__}", WHERE)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidDocument(f"the file is {len(data):,} bytes; a Word file up to "
                              f"{MAX_FILE_BYTES // 2**20} MB is accepted", WHERE)
    return data


# --- styles, numbering, notes -----------------------------------------------------------

def _flag(rpr, tag: str) -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(W + tag)
    if el is None:
        return None
    return el.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


class _Styles:
    """Italic, bold and numbering by style id, following basedOn."""

    def __init__(self, root):
        self.raw: dict[str, tuple] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if not sid:
                continue
            based = style.find(W + "basedOn")
            rpr = style.find(W + "rPr")
            ppr = style.find(W + "pPr")
            num = ppr.find(W + "numPr") if ppr is not None else None
            self.raw[sid] = (based.get(W + "val") if based is not None else None,
                             _flag(rpr, "i"), _flag(rpr, "b"), num_pr(num))

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.raw and sid not in seen:
            seen.add(sid)
            yield self.raw[sid]
            sid = self.raw[sid][0]

    def italic(self, sid: str | None) -> bool | None:
        return next((s[1] for s in self._chain(sid) if s[1] is not None), None)

    def bold(self, sid: str | None) -> bool | None:
        return next((s[2] for s in self._chain(sid) if s[2] is not None), None)

    def numbering(self, sid: str | None):
        return next((s[3] for s in self._chain(sid) if s[3] is not None), None)


def _part_roots(word, reltype: str) -> list:
    roots = []
    for rel in word.part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        try:
            roots.append(etree.fromstring(rel.target_part.blob, XML_PARSER))
        except etree.XMLSyntaxError:
            continue
    return roots


# --- text of one paragraph ----------------------------------------------------------

_CONTAINERS = {W + n for n in ("hyperlink", "smartTag", "sdt", "sdtContent",
                                "customXml", "fldSimple", "dir", "bdo")}


class _Chars:
    """A paragraph's characters with their italic and bold flags; footnote references
    travel as _NOTE characters with their texts in ``notes``."""

    __slots__ = ("chars", "italic", "bold", "notes")

    def __init__(self):
        self.chars: list[str] = []
        self.italic: list[bool] = []
        self.bold: list[bool] = []
        self.notes: list[str] = []

    def add(self, text: str, italic: bool, bold: bool) -> None:
        for ch in text:
            self.chars.append(ch)
            self.italic.append(italic)
            self.bold.append(bold)

    def plain(self) -> str:
        return "".join(self.chars)


class _TextWalker:
    def __init__(self, styles: _Styles, notes: dict[str, str]):
        self.styles = styles
        self.notes = notes
        self.missing_notes = 0
        self._pstyle: str | None = None
        self._field_code = 0  # inside a field's instructions, which are not text

    def paragraph(self, p, out: _Chars | None = None) -> _Chars:
        out = out or _Chars()
        ppr = p.find(W + "pPr")
        pstyle = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            pstyle = ps.get(W + "val") if ps is not None else None
        self._pstyle = pstyle
        self._field_code = 0
        self._walk(p, out)
        return out

    def _walk(self, el, out: _Chars) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                self._run(child, out)
            elif tag in _CONTAINERS:
                self._walk(child, out)

    def _run(self, r, out: _Chars) -> None:
        rpr = r.find(W + "rPr")
        rstyle = None
        if rpr is not None:
            rs = rpr.find(W + "rStyle")
            rstyle = rs.get(W + "val") if rs is not None else None
        italic = _first(_flag(rpr, "i"), self.styles.italic(rstyle), self.styles.italic(self._pstyle))
        bold = _first(_flag(rpr, "b"), self.styles.bold(rstyle), self.styles.bold(self._pstyle))
        for c in r:
            tag = c.tag
            if tag == W + "fldChar":
                kind = c.get(W + "fldCharType")
                if kind == "begin":
                    self._field_code += 1
                elif kind in ("separate", "end") and self._field_code:
                    self._field_code -= 1
            elif self._field_code:
                continue
            elif tag == W + "t":
                out.add(c.text or "", italic, bold)
            elif tag in (W + "tab", W + "ptab"):
                out.add("\t", italic, bold)
            elif tag in (W + "br", W + "cr"):
                out.add(" ", italic, bold)
            elif tag == W + "noBreakHyphen":
                out.add("\u2011", italic, bold)
            elif tag == W + "sym":
                ch = _symbol_char(c.get(W + "char"))
                if ch:
                    out.add(ch, italic, bold)
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "f" if tag == W + "footnoteReference" else "e"
                text = self.notes.get(f"{kind}{c.get(W + 'id')}", "")
                if text:
                    out.add(_NOTE, False, False)
                    out.notes.append(text)
                else:
                    self.missing_notes += 1


def _first(*values):
    return next((v for v in values if v is not None), False)


def _symbol_char(code: str | None) -> str:
    try:
        n = int(code or "", 16)
    except ValueError:
        return ""
    # Symbol-font characters (F000–F0FF) have no Unicode meaning of their own.
    return chr(n) if 0x20 <= n < 0xD800 and not 0xE000 <= n <= 0xF8FF else ""


def _note_texts(roots: list, kind: str, walker: _TextWalker) -> dict[str, str]:
    out = {}
    for root in roots:
        for note in root:
            if note.tag not in (W + "footnote", W + "endnote"):
                continue
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            pieces = [_clean_plain(walker.paragraph(p).plain()) for p in note.iter(W + "p")]
            text = " ".join(p for p in pieces if p)
            if text:
                out[f"{kind}{note.get(W + 'id')}"] = text
    return out


def _clean_plain(s: str) -> str:
    s = s.replace(_NOTE, "").strip(_ASCII_WS)
    return re.sub(r"[ \t\n\r\f\v]+", " ", s)


# --- lines --------------------------------------------------------------------------

@dataclass
class _Line:
    chars: _Chars
    numbering: tuple[str, int] | None   # (numId, level) of Word's automatic numbering
    in_table: bool
    text: str = ""                      # white space cleaned, notes as _NOTE
    italic: list[bool] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)
    pid: str | None = None              # our paragraph id, from its bookmark (docx_bookmarks)

    def __post_init__(self):
        self._clean()

    def _clean(self) -> None:
        """Runs of ASCII white space → one space, ends trimmed; a footnote marker stands
        before the space that followed the text it belongs to."""
        c = self.chars
        out: list[tuple[str, bool, bool]] = []
        for ch, italic, bold in zip(c.chars, c.italic, c.bold):
            if ch in _ASCII_WS:
                if not out or out[-1][0] == " ":
                    continue
                ch = " "
            if ch == _NOTE and out and out[-1][0] == " ":
                out.insert(len(out) - 1, (_NOTE, False, False))  # "word ^1" → "word^1 "
                continue
            out.append((ch, italic, bold))
        while out and out[-1][0] == " ":
            out.pop()
        self.text = "".join(ch for ch, _, _ in out)
        self.italic = [italic for _, italic, _ in out]
        self.bold = [bold for _, _, bold in out]

    @property
    def plain(self) -> str:
        return self.text.replace(_NOTE, "")

    def all_bold(self) -> bool:
        flags = [b for ch, b in zip(self.text, self.bold) if not ch.isspace() and ch != _NOTE]
        return bool(flags) and all(flags)

    def mostly_italic(self) -> bool:
        flags = [i for ch, i in zip(self.text, self.italic) if ch.isalpha()]
        return bool(flags) and sum(flags) * 2 > len(flags)


def _lines(word, walker: _TextWalker) -> list[_Line]:
    out: list[_Line] = []
    variables = read_variables(word.settings.element)

    def visit(el, in_table: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "p":
                chars = walker.paragraph(child)
                line = _Line(chars, _paragraph_numbering(child, walker.styles), in_table,
                             pid=id_of_paragraph(child, variables))
                if line.text.strip():
                    out.append(line)
            elif tag == W + "tbl":
                for cell in child.iter(W + "tc"):
                    visit(cell, True)
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                visit(child, in_table)

    visit(word.element.body, False)
    return out


def _paragraph_numbering(p, styles: _Styles):
    ppr = p.find(W + "pPr")
    own = num_pr(ppr.find(W + "numPr")) if ppr is not None else None
    style = None
    if ppr is not None:
        ps = ppr.find(W + "pStyle")
        style = ps.get(W + "val") if ps is not None else None
    inherited = styles.numbering(style)
    num = own or inherited
    if num is None:
        return None
    num_id, level = num
    if level is None:
        level = inherited[1] if inherited and inherited[1] is not None else 0
    if num_id in ("0", ""):
        return None
    return num_id, level


# --- the masthead -------------------------------------------------------------------

_SYMBOL_CANDIDATE = re.compile(
    r"(?<![\w/])((?:A|E|S)/[A-Z0-9][A-Za-z0-9.\-/]*(?: ?[A-Z](?:-[A-Z])?)?(?![\w/]))")
_ORDINALS = {ordinal_words(n): n for n in range(1, 201)}
_SESSION_WORDS = re.compile(r"^(?P<w>[A-Za-z]+(?:[-\u2011][A-Za-z]+)?)\s+(?:regular\s+|special\s+)?session\b", re.I)
_SESSION_NUMBER = re.compile(r"^(?P<n>\d{1,3})\s*(?:st|nd|rd|th)\s+(?:regular\s+)?session\b", re.I)
_ITEMS = r"\d{1,3}(?:\s*\([a-z]{1,2}\))?(?:\s*(?:,|and|&)\s*\d{1,3}(?:\s*\([a-z]{1,2}\))?)*"
_AGENDA = re.compile(rf"^Agenda\s+items?\s+(?P<items>{_ITEMS})(?:\s+(?P<rest>.*))?$", re.I)
_CND_AGENDA = re.compile(rf"^Item\s+(?P<items>{_ITEMS})\s+of\s+the\s+(?:provisional\s+)?agenda\b\s*(?P<rest>.*)$",
                         re.I)
_SPONSOR_LINE = re.compile(
    r"^(?P<names>.+?)\s*\**\s*:\s*\**\s*(?:revised\s+)?draft\s+(?:resolution|decision)\b", re.I)
_NO_SPONSOR_LINE = re.compile(r"^(?:revised\s+)?draft\s+(?:resolution|decision)\b", re.I)
_MASTHEAD = re.compile(
    r"^(?:United Nations(?:\s+[A-Z]/\S+)?$|Distr\.|Original:|General Assembly$|Security Council$|"
    r"Economic and Social Council$|"
    r"Limited$|Provisional$|Resolution adopted by\b|\[.*\]$|\d{1,2} [A-Z][a-z]+ \d{4}$|Vienna,|New York,|"
    r"\d{2}-\d{4,6}\b|\*\d*$|Please recycle)", re.I)
_RES_NUMBER = re.compile(r"^(?P<session>\d{1,3})/(?P<number>\d{1,4})\.\s+")


def _find_symbol(text: str) -> str | None:
    for m in _SYMBOL_CANDIDATE.finditer(text):
        candidate = m.group(1).rstrip(".-/")
        for attempt in (candidate, re.sub(r" ?[A-Z](?:-[A-Z])?$", "", candidate)):
            try:
                return parse(attempt).text
            except InvalidDocument:
                continue
    return None


def _session(text: str) -> int | None:
    text = text.replace("\u00a0", " ")
    m = _SESSION_NUMBER.match(text)
    if m:
        return int(m["n"])
    m = _SESSION_WORDS.match(text)
    if m:
        return _ORDINALS.get(m["w"].lower().replace("\u2011", "-"))
    return None


def _agenda(text: str) -> tuple[str, str] | None:
    m = _AGENDA.match(text) or _CND_AGENDA.match(text)
    if not m:
        return None
    items = re.sub(r"\s+", " ", m["items"]).strip()
    return items, (m["rest"] or "").strip(" *:")


def sponsor_names(names: str) -> tuple[str, ...]:
    """"Japan, Mexico and Trinidad and Tobago" → ("Japan", "Mexico", "Trinidad and Tobago")."""
    names = re.sub(r"\s+", " ", names.replace("*", " ").replace(_NOTE, "")).strip(" ,")
    # "Cuba (on behalf of the Group of 77 and China)": the group is no sponsor.
    names = re.sub(r"\s*\((?:on|of) behalf of[^()]*(?:\([^()]*\)[^()]*)*\)|\s*\(in its capacity as[^()]*\)",
                   "", names, flags=re.I)
    chunks = [c.strip() for c in _split_outside_brackets(names) if c.strip()]
    if not chunks:
        return ()
    last = chunks.pop()
    return tuple(chunks) + _split_last(last, known_keys())


def _split_outside_brackets(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            out.append(text[start:k])
            start = k + 1
    out.append(text[start:])
    return out


def _split_last(chunk: str, known: frozenset[str]) -> tuple[str, ...]:
    positions = [m.start() for m in re.finditer(r" and ", chunk)]
    if not positions:
        return (chunk,)
    scored = []
    for k, pos in enumerate(positions):
        left, right = chunk[:pos].strip(), chunk[pos + 5:].strip()
        score = (name_key(left) in known) + (name_key(right) in known)
        scored.append((score, -k, left, right))
    # The split that gives two known names, else the first " and "; a known name
    # ("Trinidad and Tobago") stays whole unless splitting it gives two known names.
    score, _, left, right = max(scored)
    if score < 2 and name_key(chunk) in known:
        return (chunk,)
    return left, right


# --- the text -------------------------------------------------------------------------

_OPERATIVE_NUMBER = re.compile(r"^(\d{1,3})(?: ?(?:bis|ter|quater|quinquies|sexies))?\.(?: |$)")
_PAREN_MARK = re.compile(r"^\(([a-z]{1,4})\)(?: |$)")
_DOT_MARK = re.compile(r"^([a-z]{1,2})\.(?: |$)")
_ROMAN = re.compile(r"^(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_DECORATION = re.compile(r"^[\s*_\-–—.·•]+$")
_ANNEX = re.compile(r"^Annex(?:es)?(?:\s+[IVXLC\d]+)?\.?$", re.I)
_ROMAN_HEADING = re.compile(r"^[IVXLC]+\.?$")
_FORMULA = re.compile(r"^The (?:[A-Z][\w’'\-]*)(?: (?:[A-Z][\w’'\-]*|of|on|and|for|the|in|to))*\s*,$")


class _Node:
    __slots__ = ("text", "notes", "opening", "children", "mark", "depth", "numbered", "pid")

    def __init__(self, text: str, notes: list[tuple[int, str]], opening: int | None, depth: int,
                 mark: str | None, numbered: bool, pid: str | None = None):
        self.text, self.notes, self.opening, self.pid = text, notes, opening, pid
        self.children: list[_Node] = []
        self.depth, self.mark, self.numbered = depth, mark, numbered

    def fold_children(self) -> None:
        """Preambular paragraphs take no subparagraphs: "…: (a) To …; (b) …"."""
        for k, child in enumerate(self.children, 1):
            child.fold_children()
            prefix = f" {child.mark or subparagraph_mark(child.depth, k)} "
            base = len(self.text) + len(prefix)
            self.text += prefix + child.text
            self.notes += [(at + base, note) for at, note in child.notes]
        self.children = []

    def paragraph(self, uses_italics: bool, taken: set[str]) -> Paragraph:
        """The model's paragraph; it keeps the id its bookmark carried unless an earlier
        paragraph took it (a copied bookmark), else gets a new one."""
        opening = self.opening
        if opening is None and self.depth == 0 and uses_italics:
            opening = 0
        pid = self.pid if self.pid and self.pid not in taken else new_id()
        taken.add(pid)
        return Paragraph(
            id=pid, text=self.text,
            footnotes=tuple(Footnote(new_id("fn"), at, note) for at, note in self.notes),
            subparagraphs=tuple(c.paragraph(uses_italics, taken) for c in self.children),
            opening_length=opening)


class _Reader:
    def __init__(self, word, body: str | None):
        self.word = word
        self.body_arg = body
        self.warnings: list[str] = []
        self.styles = _Styles(word.styles.element)
        numbering = _part_roots(word, RT.NUMBERING)
        self.numbering = Numbering(numbering[0] if numbering else None)
        walker = _TextWalker(self.styles, {})
        notes = _note_texts(_part_roots(word, RT.FOOTNOTES), "f", walker)
        notes.update(_note_texts(_part_roots(word, RT.ENDNOTES), "e", walker))
        self.walker = _TextWalker(self.styles, notes)
        self.lines = _lines(word, self.walker)
        if self.walker.missing_notes:
            self.warnings.append(f"{self.walker.missing_notes} footnote reference(s) point at no footnote text")

    # -- the whole file

    def reading(self) -> DocxReading:
        formula_at, body, language = self._formula()
        if formula_at is None:
            header, text = self._split_without_formula()
        else:
            header, text = self.lines[:formula_at], self.lines[formula_at + 1:]
        if formula_at is None and not text:
            raise InvalidDocument("no resolution text found: no enacting formula (such as “The General "
                                  "Assembly,”) and no paragraphs", WHERE)
        facts = self._header(header)
        preamble, operative = self._text(text)
        if formula_at is not None and not (preamble or operative):
            self.warnings.append("the enacting formula is followed by no paragraph")
        symbol = facts["symbol"]
        session = facts["session"]
        if session is None and symbol:
            session = parse(symbol).session
        if session is None:
            self.warnings.append("no session line (such as “Eightieth session”): session left at 0")
            session = 0
        uses_italics = any((n.opening or 0) > 0 for n in preamble + operative)
        taken: set[str] = set()
        document = Document(
            body=body, session=session, title=facts["title"],
            agenda_item=facts["agenda_item"], agenda_title=facts["agenda_title"],
            preamble=tuple(n.paragraph(uses_italics, taken) for n in preamble),
            operative=tuple(n.paragraph(uses_italics, taken) for n in operative),
            symbol=symbol, language=language)
        return DocxReading(document, symbol, facts["sponsors"], tuple(self.warnings))

    def _formula(self) -> tuple[int | None, str, str]:
        """(line of the enacting formula, body, the language the formula is in). Every body's
        formula in every language it is printed in is known (our own French export too)."""
        known = {formula.rstrip(",:; ").casefold(): (code, language) for code, b in bodies().items()
                 for language, formula in (("en", b.enacting_formula), *b.formulas)}
        for k, line in enumerate(self.lines):
            if line.in_table:
                continue
            text = line.plain.strip()
            name = text.rstrip(",:; ").casefold()
            if name in known:
                code, language = known[name]
                if self.body_arg and self.body_arg != code:
                    self.warnings.append(f"the file's enacting formula is the {get_body(code).name}'s; "
                                         f"read as {code}, not {self.body_arg}")
                return k, code, language
            if len(text) < 120 and _FORMULA.match(text) and line.mostly_italic():
                if self.body_arg:
                    self.warnings.append(f"enacting formula {text!r} is not one this tool knows; "
                                         f"read as {self.body_arg}")
                    return k, self.body_arg, "en"
                raise InvalidDocument(f"the enacting formula {text!r} names a body this tool does not know "
                                      f"({', '.join(b.enacting_formula for b in bodies().values())})", WHERE)
        if not self.body_arg:
            self.warnings.append("no enacting formula: read as a General Assembly text")
        return None, self.body_arg or "GA", "en"

    def _split_without_formula(self) -> tuple[list[_Line], list[_Line]]:
        """The masthead-like lines and bold lines at the top are the header."""
        k = 0
        while k < len(self.lines):
            line = self.lines[k]
            text = line.plain.strip()
            if not (line.in_table or _MASTHEAD.match(text) or _session(text) is not None or _agenda(text)
                    or _SPONSOR_LINE.match(text) or _NO_SPONSOR_LINE.match(text) or _find_symbol(text) == text
                    or (line.all_bold() and not self._mark_of(line)[0])):
                break
            k += 1
        return self.lines[:k], self.lines[k:]

    # -- above the formula

    def _header(self, lines: list[_Line]) -> dict:
        texts = [line.plain.strip() for line in lines]
        session_at = next((k for k, t in enumerate(texts) if _session(t) is not None), None)
        agenda_at = next((k for k, t in enumerate(texts) if _agenda(t)), None)
        after = max((k for k in (session_at, agenda_at) if k is not None), default=-1)
        sponsor_at = next((k for k, t in enumerate(texts) if k > after and
                           (_SPONSOR_LINE.match(t) or _NO_SPONSOR_LINE.match(t))), None)
        # The masthead: everything above the session, agenda and sponsor lines.
        top = min((k for k in (session_at, agenda_at, sponsor_at) if k is not None), default=len(lines))
        symbol = None
        for t in texts[:top]:
            symbol = symbol or _find_symbol(t)
        if symbol is None:
            symbol = self._symbol_in_headers()
        session = _session(texts[session_at]) if session_at is not None else None
        agenda_item, agenda_rest = _agenda(texts[agenda_at]) if agenda_at is not None else ("", "")

        sponsors: tuple[str, ...] = ()
        rest = range(after + 1, len(lines))
        if sponsor_at is not None:
            m = _SPONSOR_LINE.match(texts[sponsor_at])
            sponsors = sponsor_names(m["names"]) if m else ()
            agenda_lines = list(range(after + 1, sponsor_at)) if agenda_at is not None else []
            title_lines = list(range(sponsor_at + 1, len(lines)))
        else:
            candidates = [k for k in rest if not _MASTHEAD.match(texts[k]) and not lines[k].in_table
                          and _find_symbol(texts[k]) != texts[k]]
            bold = [k for k in candidates if lines[k].all_bold()]
            title_at = (bold or candidates or [None])[-1]
            title_lines = [title_at] if title_at is not None else []
            agenda_lines = [k for k in candidates if agenda_at is not None and title_at is not None
                            and k < title_at]
        title_lines = [k for k in title_lines if not _MASTHEAD.match(texts[k]) and not lines[k].in_table]
        bold_titles = [k for k in title_lines if lines[k].all_bold()]
        title = " ".join(texts[k] for k in (bold_titles or title_lines))
        agenda_title = "; ".join([agenda_rest] if agenda_rest else []
                                 + [texts[k] for k in agenda_lines if not _MASTHEAD.match(texts[k])])
        # An adopted resolution's title carries its number: "78/131. Enhancing action …".
        m = _RES_NUMBER.match(title)
        if m:
            title = title[m.end():]
            if symbol is None:
                symbol = _find_symbol(f"A/RES/{m['session']}/{m['number']}")
        return dict(symbol=symbol, session=session, agenda_item=agenda_item, agenda_title=agenda_title,
                    sponsors=sponsors, title=title)

    def _symbol_in_headers(self) -> str | None:
        for root in _part_roots(self.word, RT.HEADER):
            for p in root.iter(W + "p"):
                text = _clean_plain(_TextWalker(self.styles, {}).paragraph(p).plain())
                found = _find_symbol(text)
                if found:
                    return found
        return None

    # -- below the formula

    def _mark_of(self, line: _Line) -> tuple[str, str | None, int]:
        """(kind, mark, length of the typed mark) with kind "number", "paren", "dot",
        "auto:<format>" or ""."""
        text = line.text
        m = _OPERATIVE_NUMBER.match(text)
        if m:
            return "number", m.group(1), m.end()
        m = _PAREN_MARK.match(text)
        if m:
            return "paren", m.group(1), m.end()
        m = _DOT_MARK.match(text)
        if m and len(text) > m.end():
            return "dot", m.group(1), m.end()
        if line.numbering:
            return self.numbering.kind(*line.numbering), None, 0
        return "", None, 0

    def _text(self, lines: list[_Line]) -> tuple[list[_Node], list[_Node]]:
        preamble: list[_Node] = []
        operative: list[_Node] = []
        section = PREAMBLE
        stack: list[_Node] = []  # the last node at each depth
        skipped_tables = 0
        for line in lines:
            text = line.plain.strip()
            if line.in_table:
                skipped_tables += 1
                continue
            if _ANNEX.match(text):
                self.warnings.append("the annex is not read")
                break
            if _DECORATION.match(text) or _ROMAN_HEADING.match(text):
                continue
            kind, mark, cut = self._mark_of(line)
            if (kind in ("", "auto:heading") and (line.all_bold() or kind) and len(text) < 200
                    and text[-1:] not in ",;:."):
                self.warnings.append(f"heading {text!r} is not part of the model and was left out")
                continue
            depth, numbered = self._depth(kind, mark, stack)
            if depth is None:
                continue
            node = self._node(line, cut, depth, line.text[:cut].strip() or None, numbered)
            if not node.text:
                continue
            if depth == 0:
                if numbered and section == PREAMBLE:
                    section = OPERATIVE
                elif not numbered and section == OPERATIVE:
                    self.warnings.append(f"an unnumbered paragraph after operative paragraph {len(operative)} "
                                         "was read as an operative paragraph")
                (operative if section == OPERATIVE else preamble).append(node)
                stack = [node]
            else:
                depth = min(depth, len(stack))
                stack = stack[:depth]
                stack[-1].children.append(node)
                node.depth = depth
                stack.append(node)
        if skipped_tables:
            self.warnings.append(f"{skipped_tables} paragraph(s) in tables were not read")
        if not operative and preamble:
            # A lone operative paragraph is not numbered: the last paragraphs that do not
            # end like preambular ones (with a comma) are operative.
            k = len(preamble)
            while k > 0 and not _ends_with_comma(preamble[k - 1]):
                k -= 1
            preamble, operative = preamble[:k], preamble[k:]
        for node in preamble:
            node.fold_children()
        return preamble, operative

    def _depth(self, kind: str, mark: str | None, stack: list[_Node]) -> tuple[int | None, bool]:
        """(depth, numbered) for a line with this mark."""
        if kind in ("number", "auto:number", "auto:heading"):
            return 0, True
        if kind == "":
            return 0, False
        if not stack:
            # A subparagraph with nothing to hang from is a paragraph of its own.
            return 0, False
        if kind in ("auto:paren", "auto:bullet"):
            return 1, False
        if kind == "auto:roman":
            return 2, False
        if kind == "auto:dot":
            return (3 if len(stack) >= 3 else 1), False
        if kind.startswith("auto:level"):
            level = int(kind.removeprefix("auto:level"))
            return (0, True) if level == 0 else (min(level, 3), False)
        if kind == "dot":
            return (3 if len(stack) >= 3 else 1), False
        # "(a)" or "(i)": a letter under the paragraph, or a roman numeral under the
        # last lettered subparagraph.
        if _ROMAN.match(mark) and len(stack) >= 2:
            letter_next = letters(len(stack[0].children) + 1)
            roman_next = roman(len(stack[1].children) + 1)
            if mark == roman_next and mark == letter_next:
                # "(i)" after "(h)": a roman numeral only after a lead-in ending in a colon
                return (2 if stack[1].text.rstrip().endswith(":") else 1), False
            if mark == roman_next or mark != letter_next:
                return 2, False
        return 1, False

    def _node(self, line: _Line, cut: int, depth: int, mark: str | None, numbered: bool) -> _Node:
        text, ital = line.text[cut:], line.italic[cut:]
        lead = len(text) - len(text.lstrip(" "))
        text, ital = text[lead:], ital[lead:]
        plain: list[str] = []
        notes: list[tuple[int, str]] = []
        note_texts = iter(line.chars.notes[self._notes_before(line, cut):])
        opening_end = 0
        opening_open = True
        for ch, it in zip(text, ital):
            if ch == _NOTE:
                notes.append((len(plain), next(note_texts, "")))
                continue
            if opening_open and ch not in _ASCII_WS:
                if it:
                    opening_end = len(plain) + 1
                else:
                    opening_open = False
            plain.append(ch)
        out = "".join(plain)
        opening: int | None = opening_end or None
        if opening is not None and opening >= len(out.rstrip()):
            opening = None  # the whole paragraph is italic: no opening to speak of
        return _Node(out, [(at, n) for at, n in notes if n], opening, depth, mark, numbered, line.pid)

    @staticmethod
    def _notes_before(line: _Line, cut: int) -> int:
        return line.text[:cut].count(_NOTE)


def _ends_with_comma(node: _Node) -> bool:
    return node.text.rstrip(" \u00a0”’\"')").endswith(",")

