"""The extraction layer of the Word reader: a .docx body as blocks in reading order.

Each Word paragraph with text becomes a ``Line``: its characters with their italic and
bold flags (from runs, character styles and paragraph styles, following basedOn),
footnote references as NOTE characters with their texts, Word's automatic numbering
(numId, level), the heading level its style or outline level gives, whether it is
centred, and our paragraph id from its bookmark (docx_bookmarks.py). Each ``w:tbl``
becomes a ``Table`` of rows of cells (each cell its lines), with the header rows Word
repeats (``w:tblHeader``). Field instructions are not text; symbols in private-use
fonts are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .docx_bookmarks import id_of_paragraph, paragraph_id, read_variables
from .docx_numbering import num_pr
from .docx_package import W
from .docx_read_styles import Styles, flag, heading_level, is_centred, part_roots, val

NOTE = "\x00"
ASCII_WS = " \t\n\r\f\v"


# --- text of one paragraph ----------------------------------------------------------

_CONTAINERS = {W + n for n in ("hyperlink", "smartTag", "sdt", "sdtContent",
                                "customXml", "fldSimple", "dir", "bdo")}


class Chars:
    """A paragraph's characters with their italic and bold flags; footnote references
    travel as NOTE characters with their texts in ``notes``."""

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


class TextWalker:
    def __init__(self, styles: Styles, notes: dict[str, str]):
        self.styles = styles
        self.notes = notes
        self.missing_notes = 0
        self._pstyle: str | None = None
        self._field_code = 0  # inside a field's instructions, which are not text

    def paragraph(self, p, out: Chars | None = None) -> Chars:
        out = out or Chars()
        self._pstyle = val(p.find(W + "pPr"), "pStyle")
        self._field_code = 0
        self._walk(p, out)
        return out

    def _walk(self, el, out: Chars) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                self._run(child, out)
            elif tag in _CONTAINERS:
                self._walk(child, out)

    def _run(self, r, out: Chars) -> None:
        rpr = r.find(W + "rPr")
        rstyle = val(rpr, "rStyle")
        italic = _first(flag(rpr, "i"), self.styles.italic(rstyle), self.styles.italic(self._pstyle))
        bold = _first(flag(rpr, "b"), self.styles.bold(rstyle), self.styles.bold(self._pstyle))
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
                    out.add(NOTE, False, False)
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


def note_texts(roots: list, kind: str, walker: TextWalker) -> dict[str, str]:
    out = {}
    for root in roots:
        for note in root:
            if note.tag not in (W + "footnote", W + "endnote"):
                continue
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            pieces = [clean_plain(walker.paragraph(p).plain()) for p in note.iter(W + "p")]
            text = " ".join(p for p in pieces if p)
            if text:
                out[f"{kind}{note.get(W + 'id')}"] = text
    return out


def clean_plain(s: str) -> str:
    s = s.replace(NOTE, "").strip(ASCII_WS)
    return re.sub(r"[ \t\n\r\f\v]+", " ", s)


# --- lines and tables -------------------------------------------------------------

@dataclass
class Line:
    chars: Chars
    numbering: tuple[str, int] | None   # (numId, level) of Word's automatic numbering
    in_table: bool
    pid: str | None = None              # our paragraph id, from its bookmark (docx_bookmarks)
    heading: int | None = None          # heading level (1–9) from the style or outline level
    centred: bool = False
    style: str = ""                     # the paragraph style's name
    text: str = ""                      # white space cleaned, notes as NOTE
    italic: list[bool] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)

    def __post_init__(self):
        self._clean()

    def _clean(self) -> None:
        """Runs of ASCII white space → one space, ends trimmed; a footnote marker stands
        before the space that followed the text it belongs to."""
        c = self.chars
        out: list[tuple[str, bool, bool]] = []
        for ch, italic, bold in zip(c.chars, c.italic, c.bold):
            if ch in ASCII_WS:
                if not out or out[-1][0] == " ":
                    continue
                ch = " "
            if ch == NOTE and out and out[-1][0] == " ":
                out.insert(len(out) - 1, (NOTE, False, False))  # "word ^1" → "word^1 "
                continue
            out.append((ch, italic, bold))
        while out and out[-1][0] == " ":
            out.pop()
        self.text = "".join(ch for ch, _, _ in out)
        self.italic = [italic for _, italic, _ in out]
        self.bold = [bold for _, _, bold in out]

    @property
    def plain(self) -> str:
        return self.text.replace(NOTE, "")

    def all_bold(self) -> bool:
        flags = [b for ch, b in zip(self.text, self.bold) if not ch.isspace() and ch != NOTE]
        return bool(flags) and all(flags)

    def mostly_italic(self) -> bool:
        flags = [i for ch, i in zip(self.text, self.italic) if ch.isalpha()]
        return bool(flags) and sum(flags) * 2 > len(flags)


@dataclass
class Table:
    """A ``w:tbl``: rows of cells, each cell the lines in it (nested tables flattened)."""

    rows: list[list[list[Line]]]
    header_rows: int                    # leading rows Word repeats on each page (w:tblHeader)
    pid: str | None = None              # our id, from the bookmark in its first cell (even an empty one)

    def lines(self) -> list[Line]:
        return [line for row in self.rows for cell in row for line in cell]


def blocks(word, walker: TextWalker) -> list[Line | Table]:
    """The body's paragraphs with text and its tables, in reading order."""
    variables = read_variables(word.settings.element)

    def line(p, in_table: bool) -> Line | None:
        ppr = p.find(W + "pPr")
        pstyle = val(ppr, "pStyle")
        heading = heading_level("", val(ppr, "outlineLvl")) or walker.styles.heading(pstyle)
        jc = is_centred(val(ppr, "jc"))
        made = Line(walker.paragraph(p), _paragraph_numbering(ppr, walker.styles), in_table,
                    pid=id_of_paragraph(p, variables), heading=heading,
                    centred=walker.styles.centred(pstyle) if jc is None else jc,
                    style=walker.styles.name(pstyle))
        return made if made.text.strip() else None

    def cell_lines(el) -> list[Line]:
        out = []
        for child in el:
            if child.tag == W + "p":
                found = line(child, True)
                out += [found] if found else []
            elif child.tag in (W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent", W + "customXml"):
                out += cell_lines(child)
        return out

    def table(tbl) -> Table:
        rows, header = [], 0
        for tr in _children(tbl, "tr"):
            rows.append([cell_lines(tc) for tc in _children(tr, "tc")])
            repeated = flag(tr.find(W + "trPr"), "tblHeader")
            if repeated and header == len(rows) - 1:
                header += 1
        return Table(rows, header, _table_id(tbl, variables))

    def visit(el, out: list) -> None:
        for child in el:
            if child.tag == W + "p":
                found = line(child, False)
                out += [found] if found else []
            elif child.tag == W + "tbl":
                out.append(table(child))
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                visit(child, out)

    out: list[Line | Table] = []
    visit(word.element.body, out)
    return out


def _table_id(tbl, variables: dict[str, str]) -> str | None:
    """Our id from a bookmark in the table's first cell: the writer puts a table's id
    there when it has no title, even when that cell is empty."""
    first = next(tbl.iter(W + "tc"), None)
    for el in first.iter(W + "bookmarkStart") if first is not None else ():
        found = paragraph_id(el.get(W + "name") or "", variables)
        if found:
            return found
    return None


def _children(el, tag: str):
    """Direct children ``tag``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == W + tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _children(child, tag)


def flat_lines(items: list[Line | Table]) -> list[Line]:
    return [line for b in items for line in (b.lines() if isinstance(b, Table) else [b])]


def _paragraph_numbering(ppr, styles: Styles):
    own = num_pr(ppr.find(W + "numPr")) if ppr is not None else None
    inherited = styles.numbering(val(ppr, "pStyle"))
    num = own or inherited
    if num is None:
        return None
    num_id, level = num
    if level is None:
        level = inherited[1] if inherited and inherited[1] is not None else 0
    if num_id in ("0", ""):
        return None
    return num_id, level


def notes_and_walker(word, styles: Styles) -> TextWalker:
    """A walker that knows every footnote's and endnote's text."""
    plain = TextWalker(styles, {})
    notes = note_texts(part_roots(word, RT.FOOTNOTES), "f", plain)
    notes.update(note_texts(part_roots(word, RT.ENDNOTES), "e", plain))
    return TextWalker(styles, notes)
