"""Read the UN's published PDF of a General Assembly resolution or draft (L document).

    read_pdf(source) -> PdfReading

``source`` is the PDF as bytes or a path. The text layer is read with PDFium (through
pypdfium2), character by character with its position, size and font, so that the page
furniture can be told from the text by where and how it is printed:

- dropped: the masthead ("United Nations", symbol, "Distr.: …", date, "Original: …",
  session, agenda item, sponsor line, "Resolution adopted by …"), running headers
  (symbol and, on adopted resolutions, the title, in small type at the top of later
  pages), page numbers ("2/5"), job numbers ("23-25898 (E) 291223", "23-25898"), the
  barcode ("*2325898*"), the closing "48th plenary meeting / 18 December 2023", and
  everything after it or after a line "Annex" (the AKN's text has no annexes either);
- footnotes: the bodies below the separator (underscores, or for drafts whose separator
  is a drawn line, the block of small type at the foot of the page) become ``Footnote``
  objects at the place of their superscript marker, whose digits leave the text; the
  marker stands after the text before it, before any space (as in the AKN reader);
- lines are joined with a space; a line ending in a hyphen joins the next without one.
  Word does not hyphenate UN documents, so such a hyphen is a real one ("drug-" +
  "related" → "drug-related"; PDFium marks it as a line-end hyphen), except a
  suspended one ("short-" + "and long-term"). A range dash ending a line ("2021–")
  joins too;
- spaces: the spaces the PDF holds, except those that do not advance (Word's zero-width
  breaks: "well- being", "2015 – 2030" in the raw layer), plus one wherever two
  characters stand further apart than 0.18 of the type size (the tab after "1.", an
  italic run meeting a roman one, which Word writes without a space character).
  PDFium's own guessed spaces are ignored: it puts one before every non-breaking hyphen
  ("non -medical").

Paragraphs are found by the first-line indent and the extra space between paragraphs;
bold lines are headings ("I. Organization of work", "Final report") and are skipped, as
the AKN reader skips them, and operative numbering runs on through them. Then:
title (the bold 12-point lines above the text, without the number "78/131."), enacting
formula (dropped; some PDFs lack it), preambular paragraphs, operative paragraphs ("1.",
the number is not part of the text), subparagraphs "(a)" (depth 1), "(i)" (depth 2;
"(i)" after "(h)" is a letter unless "(ii)" follows) and "a." (depth 3). Also:
- unmarked items under a lead-in ending with ":" ("… as follows:" "Monday, 9 June: …")
  are its subparagraphs; an unnumbered lead-in just before "1." ("Resolves that:") is
  an operative paragraph; with no numbered paragraph at all, operative paragraphs start
  with the first one not ending with a comma (a lone operative paragraph);
- a list "(a) …, (b) …," inside a preambular paragraph is folded into its text;
- a draft decision's lettered paragraphs after a preambular lead-in ("Recalling …:"
  "(a) Expresses …") are its operative paragraphs.
``opening_length`` is the length of the italic run the paragraph opens with (0 when it
opens in roman), read from the fonts; a PDF with no italic type at all (some drafts)
gives ``None``, so that the opening is detected from the phrase lists.

The cover gives ``session`` (from the symbol), ``agenda_item`` ("125", "13 and 75",
"72 (d)"), ``agenda_title`` (several joined with "; "), for A/RES the originating
document as the UN's metadata gives it ("A/78/L.24", "A/78/481, para. 10"), and for a
draft its sponsor line and sponsors ("Italy and Turkmenistan:* draft resolution" →
("Italy", "Turkmenistan"); names holding "and" are split with data/delegations.csv;
a draft "submitted by the President of the General Assembly" has none).

Not a PDF, an encrypted PDF that needs a password, a truncated or damaged file, a PDF
with no text layer (a scan), or one that is not a UN resolution raise
``InvalidDocument`` naming the problem. A PDF encrypted without a user password
(printing or copying restrictions only) opens like any other.

What the text layer cannot show: the non-breaking hyphen (U+2011), the no-break spaces
and the invisible format characters of the UN's XML come out as "-", " " and nothing
(except the few U+2011 that Word wrote as such). bench/pdf_accuracy.py measures the
reader against the UN's XML of the same resolutions.
"""
from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..domain.delegation_names import known_keys, name_key
from ..domain.document import PREAMBLE, Document, Footnote, Paragraph
from ..domain.errors import InvalidDocument
from ..domain.openings import detect
from ..domain.sessions import ordinal_words
from ..domain import symbols

RESOLUTION, DRAFT = "resolution", "draft"

# PDFium is not thread-safe: one document at a time in this process.
_LOCK = threading.Lock()
_MAX_BYTES = 50 * 1024 * 1024
_MAX_PAGES = 400


@dataclass(frozen=True)
class PdfReading:
    document: Document
    kind: str                              # "resolution" | "draft"
    symbol: str
    sponsors: tuple[str, ...] = ()         # the sponsor line's names; () for A/RES
    originating_document: str | None = None  # "A/78/L.24", "A/78/481, para. 10" (A/RES only)
    sponsor_line: str = ""                 # as printed: "Italy and Turkmenistan: draft resolution"


def read_pdf(source: bytes | Path | str) -> PdfReading:
    data = _load(source)
    pages = _extract(data)
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise InvalidDocument(
            "the PDF has no text layer (a scanned document?): there is no text to import; "
            "use the Word file or an OCR'd PDF", "pdf")
    return _Reader(pages).reading()


# ---------------------------------------------------------------------------- loading


def _load(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, Path)):
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InvalidDocument(f"cannot read {source}: {exc.strerror or exc}", "pdf") from None
    else:
        raise InvalidDocument(f"expected PDF bytes or a path, not {type(source).__name__}", "pdf")
    if not data.strip():
        raise InvalidDocument("the file is empty", "pdf")
    if len(data) > _MAX_BYTES:
        raise InvalidDocument(f"the file is larger than {_MAX_BYTES // (1024 * 1024)} MB", "pdf")
    head = data[:1024]
    if b"%PDF-" not in head:
        raise InvalidDocument("not a PDF file (it does not start with %PDF-)", "pdf")
    if b"%%EOF" not in data[-2048:]:
        raise InvalidDocument("the PDF is truncated or damaged: its end (%%EOF) is missing", "pdf")
    return data


# ---------------------------------------------------------------------------- characters


@dataclass(slots=True)
class _Char:
    c: str
    x0: float      # origin
    x1: float      # end of its advance (loose box)
    y: float       # baseline
    size: float
    italic: bool
    bold: bool
    special: bool  # a barcode font
    sup: bool = False


@dataclass
class _Line:
    chars: list[_Char]
    y: float
    size: float
    text: str = ""
    styles: str = ""   # one code per character of text: r roman, i italic, s superscript, _ space
    x0: float = 0.0
    x1: float = 0.0
    bold: bool = False     # every letter bold
    italic: bool = False   # every letter italic
    special: bool = False

    def finish(self) -> "_Line":
        out: list[str] = []
        styles: list[str] = []
        prev: _Char | None = None
        chars = self.chars
        for k, ch in enumerate(chars):
            if ch.c == " ":
                nxt = chars[k + 1] if k + 1 < len(chars) else None
                if nxt is not None and nxt.c != " " and nxt.x0 - ch.x0 < 0.4 * (ch.x1 - ch.x0):
                    continue  # a space that does not advance: Word's zero-width break
                if out and out[-1] != " ":
                    out.append(" ")
                    styles.append("_")
                prev = ch
                continue
            if prev is not None and prev.c != " " and out and out[-1] != " ":
                gap = ch.x0 - prev.x1
                if gap > 0.18 * min(ch.size, prev.size) and not (ch.sup and not prev.sup):
                    out.append(" ")
                    styles.append("_")
            out.append(ch.c)
            styles.append("s" if ch.sup else "i" if ch.italic else "r")
            prev = ch
        while out and out[-1] == " ":
            out.pop()
            styles.pop()
        while out and out[0] == " ":
            out.pop(0)
            styles.pop(0)
        self.text = "".join(out)
        self.styles = "".join(styles)
        letters = [ch for ch in self.chars if ch.c.isalpha() and not ch.sup]
        self.bold = bool(letters) and all(ch.bold for ch in letters)
        self.italic = bool(letters) and all(ch.italic for ch in letters)
        self.special = any(ch.special for ch in self.chars)
        real = [ch for ch in self.chars if ch.c != " "]
        self.x0 = min((ch.x0 for ch in real), default=0.0)
        self.x1 = max((ch.x1 for ch in real), default=0.0)
        return self


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)


def _extract(data: bytes) -> list[_Page]:
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise InvalidDocument(_load_error(exc), "pdf") from None
        try:
            n = len(pdf)
            if n == 0:
                raise InvalidDocument("the PDF has no pages", "pdf")
            if n > _MAX_PAGES:
                raise InvalidDocument(f"the PDF has {n} pages; a resolution has far fewer", "pdf")
            pages = []
            for i in range(n):
                page = pdf[i]
                try:
                    width, height = page.get_size()
                    textpage = page.get_textpage()
                    try:
                        chars = _chars(textpage)
                    finally:
                        textpage.close()
                finally:
                    page.close()
                pages.append(_Page(i, width, height, _lines(chars)))
            return pages
        except pdfium.PdfiumError as exc:
            raise InvalidDocument(f"the PDF is damaged: {exc}", "pdf") from None
        finally:
            pdf.close()


def _load_error(exc: "pdfium.PdfiumError") -> str:
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "the PDF is encrypted (password-protected); save an unprotected copy and import that"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "the PDF uses an unsupported security handler (encryption)"
    if code == pdfium_c.FPDF_ERR_FORMAT:
        return "the file is not a readable PDF (damaged or truncated)"
    return f"the PDF cannot be opened: {exc}"


_ITALIC_FLAG = 1 << 6
# FPDFText_GetTextObject returning a plain address (None for the characters PDFium
# makes up), to key a font cache on without a ctypes cast per character.
_TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)


def _chars(textpage) -> list[_Char]:
    tp = textpage.raw
    count = pdfium_c.FPDFText_CountChars(tp)
    fonts: dict[int, tuple[float, bool, bool, bool]] = {}
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    text_object = _TEXT_OBJECT
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    out: list[_Char] = []
    append = out.append
    for k in range(count):
        key = text_object(tp, k)
        if not key:
            continue  # a space or line break PDFium made up
        code = get_unicode(tp, k)
        if code == 2:
            c = "-"           # PDFium's mark for a hyphen that ends a line
        elif code < 32 or code in (0xFFFE, 0xFFFF):
            continue
        else:
            c = chr(code)
            if c.isspace():
                c = " "
        font = fonts.get(key)
        if font is None:
            n = pdfium_c.FPDFText_GetFontInfo(tp, k, buf, len(buf), flags)
            name = buf.raw[:max(n - 1, 0)].decode("utf-8", "replace").lower()
            font = fonts[key] = (
                round(pdfium_c.FPDFText_GetFontSize(tp, k), 2),
                "italic" in name or "oblique" in name or bool(flags.value & _ITALIC_FLAG),
                "bold" in name or "black" in name or "heavy" in name,
                "barcode" in name or "3 of 9" in name)
        get_origin(tp, k, x, y)
        get_box(tp, k, box)
        x0 = x.value
        right = box.right
        append(_Char(c, x0, right if right > x0 else x0, y.value, *font))
    return out


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters (in the order the page draws them) → lines, top to bottom.

    A character smaller than the line's type and raised above its baseline is a
    superscript of that line (a footnote marker); a line that so far holds only such
    small characters takes the baseline of the text that follows (a footnote's own
    number at the start of its first line).
    """
    pieces: list[_Line] = []
    cur: _Line | None = None
    for ch in chars:
        if cur is not None:
            dy = ch.y - cur.y
            if abs(dy) < 0.25 * max(ch.size, cur.size) and ch.x0 > cur.chars[-1].x0 - 2 \
                    and not (ch.size < 0.8 * cur.size and dy > 0.15 * cur.size):
                if ch.size > cur.size and all(c.c == " " for c in cur.chars):
                    cur.size = ch.size
                cur.chars.append(ch)
                continue
            if ch.size < 0.8 * cur.size and 0 < dy < 0.7 * cur.size and ch.c != " ":
                ch.sup = True
                cur.chars.append(ch)
                continue
            if (cur.size < 0.8 * ch.size and 0 < -dy < 0.7 * ch.size
                    and all(c.size < 0.8 * ch.size for c in cur.chars)):
                for c in cur.chars:
                    if c.c != " ":
                        c.sup = True
                cur.y, cur.size = ch.y, ch.size
                cur.chars.append(ch)
                continue
            if ch.c == " " and abs(dy) < 0.7 * cur.size:
                cur.chars.append(ch)
                continue
            pieces.append(cur)
        cur = _Line([ch], ch.y, ch.size)
    if cur is not None:
        pieces.append(cur)
    # Pieces of one line drawn apart (a footnote marker, a field) are put back together.
    pieces.sort(key=lambda p: -p.y)
    merged: list[_Line] = []
    for piece in pieces:
        if all(c.c == " " for c in piece.chars):
            continue
        for line in merged[-3:]:
            if abs(line.y - piece.y) < 0.6 and _near(line, piece):
                line.chars = sorted(line.chars + piece.chars, key=lambda c: c.x0) \
                    if piece.chars[0].x0 < line.chars[-1].x0 else line.chars + piece.chars
                line.size = max(line.size, piece.size)
                break
        else:
            merged.append(piece)
    merged.sort(key=lambda ln: (-round(ln.y, 1), ln.chars[0].x0))
    return [line.finish() for line in merged]


def _near(a: _Line, b: _Line) -> bool:
    """Side by side, not overlapping, and no wider apart than a tab."""
    a0, a1 = min(c.x0 for c in a.chars), max(c.x1 for c in a.chars)
    b0, b1 = min(c.x0 for c in b.chars), max(c.x1 for c in b.chars)
    return (b0 >= a1 - 1 and b0 - a1 < 40) or (a0 >= b1 - 1 and a0 - b1 < 40)


# ---------------------------------------------------------------------------- page furniture

_JOB = r"(?:[A-Z]\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?"
_PAGE_NUMBER = r"\d{1,3}\s*/\s*\d{1,3}"
_BARCODE = r"\*\d{5,}\*"
# A footer or header line: job number, page number, barcode, in any order on one line.
_FURNITURE = re.compile(rf"^(?:(?:{_JOB}|{_PAGE_NUMBER}|{_BARCODE})\s*)+$")
_SEPARATOR = re.compile(r"^_{5,}$")
_SYMBOL = re.compile(r"^(?:A|E|S)/[A-Z0-9./\-]+(?:/Rev\.\d+)?(?:/Add\.\d+)?$")
_CLOSING = re.compile(r"plenary\s*meeting\b")
_ANNEX = re.compile(r"^Annex(?:es)?(?:\s+[IVXL]+)?\*?$")


_FORMULA = re.compile(r"^The [A-Z][^,.;:]{2,80},?$")


def _is_formula(line: _Line) -> bool:
    """ "The General Assembly," in italics (some PDFs leave it out altogether)."""
    return bool(_FORMULA.match(line.text)) and (line.styles[:1] == "i" or len(line.text) < 60)


def _furniture(line: _Line) -> bool:
    return line.special or bool(_FURNITURE.match(line.text.strip()))


# ---------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    """A paragraph as printed: its text, one style code per character, and where."""
    text: str
    styles: str
    page: int
    bold: bool
    italic: bool
    x0: float
    lines: int = 1

    def add(self, line: _Line) -> None:
        join = "" if _joins(self.text, line.text) else " "
        self.text += join + line.text
        self.styles += ("_" if join else "") + line.styles
        self.bold = self.bold and line.bold
        self.italic = self.italic and line.italic
        self.lines += 1


def _joins(before: str, after: str) -> bool:
    """Whether a line-end hyphen joins the next line's first word: "drug-" "related" →
    yes; a suspended hyphen, "short-" "and long-term", "one-" "to two-day" → no. A
    dash that ends a range joins too: "2021–" "2025"."""
    if re.search(r"\w–$", before):
        return True
    if not re.search(r"\w-$", before):
        return False
    words = after.split(" ", 2)
    return not (len(words) > 1 and words[0] in ("and", "or", "to") and "-" in words[1])


def _join_lines(lines: list[_Line]) -> str:
    if not lines:
        return ""
    b = _Block(lines[0].text, lines[0].styles, 0, True, True, 0)
    for line in lines[1:]:
        b.add(line)
    return _strip_sup(b.text, b.styles)[0]


_MARKER = re.compile(r"[\d*†‡]+(?:[,\s]+[\d*†‡]+)*")


def _strip_sup(text: str, styles: str) -> tuple[str, str, list[tuple[int, str]]]:
    """Take the superscript footnote markers out of a paragraph.

    Returns the text (runs of spaces squeezed, ends trimmed), its style codes, and each
    marker with the offset where it stood: after the text before it, before any space
    that followed it ("of 2019,¹ Member" → at the end of "2019,"). A raised ordinal
    ("48th") is not a marker and stays text.
    """
    chars: list[str] = []
    codes: list[str] = []
    marks: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        if styles[i] != "s":
            c = text[i]
            if c == " " and (not chars or chars[-1] == " "):
                i += 1
                continue
            chars.append(c)
            codes.append(styles[i])
            i += 1
            continue
        j = i
        while j < n and styles[j] == "s":
            j += 1
        mark = text[i:j].strip()
        if _MARKER.fullmatch(mark):
            at = len(chars) - (1 if chars and chars[-1] == " " else 0)
            marks += [(at, m) for m in re.split(r"[,\s]+", mark) if m]
        else:
            chars.extend(text[i:j])
            codes.extend("r" * (j - i))
        i = j
    while chars and chars[-1] == " ":
        chars.pop()
        codes.pop()
    out = "".join(chars)
    return out, "".join(codes), [(min(at, len(out)), m) for at, m in marks]


def _squeeze(s: str) -> str:
    return re.sub(r" {2,}", " ", s).strip(" ")


# ---------------------------------------------------------------------------- reading

_OPERATIVE_NUM = re.compile(r"^(\d{1,3})\s?\.\s+(?=\S)")
_SUB_MARK = re.compile(r"^\(([a-z]{1,4})\)\s+(?=\S)")
_SUB3_MARK = re.compile(r"^([a-z])\.\s+(?=\S)")
_ROMAN = re.compile(r"^(?=[ivxl])(?:l?x{0,3})(?:ix|iv|v?i{0,3})$")
_RES_NUMBER = re.compile(r"^(?:(?:ES|S)-)?\d{1,3}/\d{1,4}(?:\s?[A-Z](?:-[A-Z])?)?\s?\.\s*")
_HEADING_NUM = re.compile(r"^(?:[IVXL]+|[A-Z])\.?$")


@dataclass
class _Item:
    """A paragraph read from the body, before it is put in its place."""
    kind: str          # "num", "sub", "plain"
    mark: str          # "3", "a", "iv"
    text: str
    styles: str
    depth: int = 0
    children: list["_Item"] = field(default_factory=list)


class _Reader:
    def __init__(self, pages: list[_Page]):
        self.pages = pages
        sizes = Counter()
        for page in pages:
            for line in page.lines:
                for ch in line.chars:
                    if ch.c != " " and not ch.sup:
                        sizes[round(ch.size * 2) / 2] += 1
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        self.footnotes: dict[str, list[str]] = {}

    # -- the whole document

    def reading(self) -> PdfReading:
        first = [ln for ln in self.pages[0].lines if not _furniture(ln)]
        symbol = self._symbol(first)
        try:
            parsed = symbols.parse(symbol)
        except InvalidDocument:
            raise InvalidDocument(
                "this does not look like a UN resolution or draft: no document symbol "
                "(A/RES/78/131, A/80/L.10 …) at the top of its first page", "pdf") from None
        kind = RESOLUTION if parsed.kind == symbols.ADOPTED else DRAFT
        cover = self._cover(first)
        body_lines = self._body_lines(cover.body_start)
        items = self._items(body_lines)
        preamble, operative = self._structure(items)
        footnotes = {k: _squeeze(" ".join(v)) for k, v in self.footnotes.items()}
        # A PDF printed without italic fonts (some drafts) cannot tell the opening.
        italics = any("i" in it.styles or any("i" in c.styles for c in it.children) for it in items)
        used: set[str] = set()
        counter = [0]

        def build(item: _Item, prefix: str) -> Paragraph:
            counter[0] += 1
            pid = f"{prefix}{counter[0]}"
            text, styles, marks = _strip_sup(item.text, item.styles)
            notes = []
            for k, (at, mark) in enumerate(marks, 1):
                body = footnotes.get(mark)
                if body and mark not in used:
                    used.add(mark)
                    notes.append(Footnote(id=f"{pid}-fn{k}", at=min(at, len(text)), text=body))
            return Paragraph(id=pid, text=text, footnotes=tuple(notes),
                             opening_length=_opening(text, styles) if italics else None,
                             subparagraphs=tuple(build(c, prefix) for c in item.children))

        doc = Document(
            body=parsed.body,
            session=parsed.session or cover.session or 0,
            title=cover.title,
            agenda_item=cover.agenda_item,
            agenda_title=cover.agenda_title,
            preamble=tuple(build(i, "pp") for i in preamble),
            operative=tuple(build(i, "op") for i in operative),
            symbol=parsed.text,
            language="en",
        )
        return PdfReading(document=doc, kind=kind, symbol=parsed.text,
                          sponsors=cover.sponsors if kind == DRAFT else (),
                          originating_document=cover.originating if kind == RESOLUTION else None,
                          sponsor_line=cover.sponsor_line if kind == DRAFT else "")

    @staticmethod
    def _symbol(lines: list[_Line]) -> str:
        for line in lines[:6]:
            compact = line.text.replace(" ", "")
            for candidate in (compact, compact.removeprefix("UnitedNations")):
                if _SYMBOL.match(candidate):
                    return candidate
            m = re.search(r"\b((?:A|E)\s?/\s?\S+)$", line.text)
            if m and _SYMBOL.match(m.group(1).replace(" ", "")):
                return m.group(1).replace(" ", "")
        return ""

    # -- first page

    def _cover(self, lines: list[_Line]) -> "_Cover":
        cover = _Cover()
        # The text starts with the first line in body type after a bold title: the
        # enacting formula, if the PDF has it.
        title_at = formula_at = None
        for k, line in enumerate(lines):
            big_bold = line.bold and line.size > self.body_size * 1.1
            if big_bold and line.size < self.body_size * 1.35 and formula_at is None:
                if title_at is None or k == title_at[-1] + 1:
                    title_at = (title_at or []) + [k]
                elif not _ADOPTED_LINE.match(line.text):
                    title_at = [k]
            elif title_at is not None and abs(line.size - self.body_size) < 0.6 and not line.bold:
                formula_at = k
                break
        if title_at is None or formula_at is None:
            raise InvalidDocument(
                "this does not look like a UN resolution or draft: no bold title followed by "
                "text on its first page", "pdf")
        cover.title = _RES_NUMBER.sub("", _join_lines([lines[k] for k in title_at])).strip()
        cover.body_start = lines[formula_at]
        head = lines[:title_at[0]]
        self._masthead(head, cover)
        return cover

    def _masthead(self, head: list[_Line], cover: "_Cover") -> None:
        k = 0
        while k < len(head):
            line = head[k]
            text = line.text
            m = re.match(r"^(.+?) session\b", text)
            if m and not cover.session:
                cover.session = _session_number(m.group(1))
            m = re.match(r"^(?:Agenda items?|Items?)\s+(.+?)(?:\s+of the (?:provisional |preliminary )?agenda)?\**$",
                         text)
            if m and not cover.agenda_item:
                cover.agenda_item = m.group(1).rstrip("*").strip()
                titles: list[list[_Line]] = []
                j = k + 1
                while j < len(head) and head[j].bold and abs(head[j].x0 - line.x0) < 3 \
                        and head[j].size <= self.body_size + 0.6:
                    gap = head[j - 1].y - head[j].y
                    if titles and gap < 1.4 * head[j].size:
                        titles[-1].append(head[j])
                    else:
                        titles.append([head[j]])
                    j += 1
                cover.agenda_title = "; ".join(_join_lines(t) for t in titles)
                k = j
                continue
            if text.startswith("[") and cover.originating is None:
                # "[without reference to a Main Committee (A/78/L.24)]", "[on the report of
                # the Third Committee (A/78/481, para. 10)]", perhaps over two lines.
                j = k
                while "]" not in text and j + 1 < len(head) and j < k + 3:
                    j += 1
                    text += " " + head[j].text
                # As the UN's metadata gives it: "A/78/L.24", "A/78/481, para. 10".
                m = re.search(r"\((?P<doc>(?:A|E)/[^()]*?)\)\s*\]", text) \
                    or re.search(r"\((?P<doc>(?:A|E)/[^,;)\s]+)", text)
                if m:
                    cover.originating = _squeeze(m.group("doc"))
            if re.search(r"(?i)\bdraft (?:resolution|decision)\b", text):
                # The sponsor line may run over several lines; it ends with "draft resolution".
                start = k
                while start > 0 and _sponsor_continues(head[start - 1], head[start]):
                    start -= 1
                printed = _join_lines(head[start:k + 1])
                cover.sponsor_line = re.sub(r"\s*\*+\s*", " ", printed).replace(" :", ":").strip()
                cover.sponsor_line = re.sub(r":(?=\S)", ": ", cover.sponsor_line)
                cover.sponsors = _sponsors(cover.sponsor_line)
            k += 1

    # -- body

    def _body_lines(self, start: _Line) -> list[tuple[int, _Line]]:
        out: list[tuple[int, _Line]] = []
        started = ended = False
        last_footnote: str | None = None
        for page in self.pages:
            if ended:
                break
            lines = [ln for ln in page.lines if not _furniture(ln)]
            if page.number > 0:
                # Running header: lines in small type (symbol, title) above the text.
                while lines and (lines[0].size < self.body_size - 0.4
                                 or _SYMBOL.match(lines[0].text.replace(" ", ""))):
                    lines.pop(0)
            in_notes = False
            notes_from = self._notes_without_separator(lines)
            for k, line in enumerate(lines):
                if _SEPARATOR.match(line.text.replace(" ", "")):
                    in_notes = True
                    continue
                if k == notes_from:
                    in_notes = True
                if in_notes:
                    last_footnote = self._footnote_line(line, last_footnote)
                    continue
                if not started:
                    if line is not start:
                        continue
                    started = True
                    if _is_formula(line):
                        continue
                if ended:
                    continue
                if (line.italic and _CLOSING.search(line.text)) or (_ANNEX.match(line.text.strip()) and out):
                    ended = True  # the rest of the page: only its footnotes are read
                    continue
                out.append((page.number, line))
        return out

    def _notes_without_separator(self, lines: list[_Line]) -> int | None:
        """Where the footnotes start when the separator is drawn as a graphic line, not
        underscores: the block of small type at the foot of the page, opening with a
        footnote mark."""
        if any(_SEPARATOR.match(ln.text.replace(" ", "")) for ln in lines):
            return None
        k = len(lines)
        while k > 0 and lines[k - 1].size < self.body_size - 0.8:
            k -= 1
        if k == len(lines) or k == 0:
            return None
        first = lines[k]
        if first.styles[:1] == "s" or re.match(r"^\*+\s?\S", first.text) \
                or (first.chars[0].c.isdigit() and first.chars[0].size < first.size * 0.8):
            return k
        return None

    def _footnote_line(self, line: _Line, last: str | None) -> str | None:
        text, styles = line.text, line.styles
        m = re.match(r"^(\*+|\d{1,4})\s?", text)
        lead_sup = styles[:1] == "s"
        if lead_sup or (m and m.group(1).startswith("*")) or (m and line.chars[0].size < line.size * 0.8):
            n = len(m.group(1)) if m else 0
            if lead_sup:
                n = len(styles) - len(styles.lstrip("s"))
            mark = text[:n].strip()
            rest = _strip_sup(text[n:], styles[n:])[0].strip()
            key = mark
            while key in self.footnotes:
                key += "'"
            self.footnotes[key] = [rest]
            return key
        if last is not None:
            prev = self.footnotes[last]
            joined = _strip_sup(text, styles)[0]
            if prev and _joins(prev[-1], joined):
                prev[-1] += joined
            else:
                prev.append(joined)
        return last

    def _items(self, body: list[tuple[int, _Line]]) -> list[_Item]:
        if not body:
            return []
        starts = Counter(round(ln.x0) for _, ln in body)
        margin = min(x for x, n in starts.items() if n >= max(2, starts.most_common(1)[0][1] // 4)) \
            if len(body) > 3 else min(starts)
        pitch = _pitch(body)
        blocks: list[_Block] = []
        prev_page, prev_line = None, None
        for page, line in body:
            indented = line.x0 > margin + 4
            gap = (prev_line.y - line.y) if prev_line is not None and page == prev_page else None
            new = (not blocks or indented and (gap is None or gap > pitch * 1.25 or _ends(blocks[-1].text))
                   or (gap is not None and gap > pitch * 1.3)
                   or (bool(_OPERATIVE_NUM.match(line.text)) and _ends(blocks[-1].text)
                       and (gap is None or abs(gap - pitch) > 1)))
            if not new and blocks and blocks[-1].bold != line.bold:
                new = True  # a heading, or the text after one
            if new:
                blocks.append(_Block(line.text, line.styles, page, line.bold, line.italic, line.x0))
            else:
                blocks[-1].add(line)
            prev_page, prev_line = page, line
        items: list[_Item] = []
        for b in blocks:
            if _is_heading(b):
                continue
            items.append(_classify(b))
        return items

    # -- structure

    def _structure(self, items: list[_Item]) -> tuple[list[_Item], list[_Item]]:
        first_num = next((k for k, it in enumerate(items) if it.kind == "num"), None)
        if first_num is None:
            # No numbered paragraph: the preamble is what ends with a comma.
            first_num = len(items)
            for k, it in enumerate(items):
                if it.kind == "plain" and not _plain_end(it.text).endswith(","):
                    # A lead-in ending with ":" may still be preambular, its list folded in.
                    if _plain_end(it.text).endswith(":"):
                        run = _sub_run(items, k + 1)
                        if run and _plain_end(items[run[-1]].text).endswith(","):
                            continue
                        if run and detect(it.text, PREAMBLE).known:
                            # A decision: "Recalling …:" then "(a) Expresses …", "(b) Endorses …".
                            for j in run:
                                items[j].kind = "plain"
                            first_num = run[0]
                            break
                    first_num = k
                    break
                if it.kind == "sub" and k > 0:
                    run = _sub_run(items, k)
                    if run and run[0] == k and not _plain_end(items[run[-1]].text).endswith(","):
                        first_num = k
                        break
        # A lead-in just before the first numbered paragraph is operative ("Resolves that:").
        while (0 < first_num < len(items) and items[first_num].kind == "num" and items[first_num - 1].kind == "plain"
               and _plain_end(items[first_num - 1].text).endswith(":")):
            first_num -= 1
        preamble: list[_Item] = []
        for it in items[:first_num]:
            if it.kind == "plain" or not preamble:
                preamble.append(_Item("plain", "", it.text if it.kind != "sub" else f"({it.mark}) {it.text}",
                                      it.styles if it.kind != "sub" else "r" * (len(it.mark) + 3) + it.styles))
            else:
                # A list inside a preambular paragraph is folded into its text.
                head = f"({it.mark}) " if it.kind == "sub" else f"{it.mark}. "
                last = preamble[-1]
                last.text += " " + head + it.text
                last.styles += "_" + "r" * len(head) + it.styles
        operative: list[_Item] = []
        stack: list[_Item] = []   # the current path: top, (a), (i)
        for k, it in enumerate(items[first_num:], first_num):
            if it.kind == "num" or not operative:
                it.depth = 0
                operative.append(it)
                stack = [it]
                continue
            if it.kind == "plain":
                if it.text[:1].islower():
                    # A paragraph broken by a page or a quotation: part of the one before.
                    target = stack[-1]
                    target.text += " " + it.text
                    target.styles += "_" + it.styles
                elif stack[-1].kind == "plain" and len(stack) > 1 or _plain_end(stack[-1].text).endswith(":"):
                    # Unlettered items under a lead-in ("… as follows:" "Monday, 9 June: …").
                    if stack[-1].kind == "plain" and len(stack) > 1:
                        stack.pop()
                    it.depth = len(stack)
                    stack[-1].children.append(it)
                    stack.append(it)
                else:
                    it.depth = 0
                    operative.append(it)
                    stack = [it]
                continue
            depth = self._depth(it, stack, items, k)
            it.depth = depth
            while len(stack) > depth:
                stack.pop()
            if not stack:
                operative.append(it)
                stack = [it]
                continue
            stack[-1].children.append(it)
            stack.append(it)
        return preamble, operative

    @staticmethod
    def _depth(it: _Item, stack: list[_Item], items: list[_Item], k: int) -> int:
        if it.kind == "sub3":
            return 3
        mark = it.mark
        level1 = stack[1] if len(stack) > 1 else None
        if _ROMAN.match(mark) and level1 is not None:
            letter = _next_letter(level1.mark)
            if mark != letter:
                return 2
            # "(i)" after "(h)": a letter, unless "(ii)" follows before another letter.
            for nxt in items[k + 1:]:
                if nxt.kind == "sub":
                    return 2 if nxt.mark == "ii" else 1
                if nxt.kind == "num":
                    break
            return 1
        return 1


def _opening(text: str, styles: str) -> int:
    """Length of the italic run the paragraph opens with (spaces inside it included)."""
    end = 0
    for k, code in enumerate(styles):
        if code == "i":
            end = k + 1
        elif code != "_" and text[k] != " ":
            break
    return min(end, len(text))


def _classify(b: _Block) -> _Item:
    text, styles = b.text, b.styles
    m = _OPERATIVE_NUM.match(text)
    if m:
        return _Item("num", m.group(1), text[m.end():], styles[m.end():])
    m = _SUB_MARK.match(text)
    if m:
        return _Item("sub", m.group(1), text[m.end():], styles[m.end():])
    m = _SUB3_MARK.match(text)
    if m and b.x0 > 0:
        return _Item("sub3", m.group(1), text[m.end():], styles[m.end():])
    return _Item("plain", "", text, styles)


def _is_heading(b: _Block) -> bool:
    text = _strip_sup(b.text, b.styles)[0].strip()
    if not text:
        return True
    if _HEADING_NUM.match(text):
        return True
    if b.bold:
        return True
    if text in ("* * *", "***"):
        return True
    return False


def _ends(text: str) -> bool:
    return _plain_end(text)[-1:] in (",", ";", ".", ":")


def _plain_end(text: str) -> str:
    return text.rstrip(" ”’\")]0123456789*")


def _sub_run(items: list[_Item], k: int) -> list[int]:
    run = []
    while k < len(items) and items[k].kind in ("sub", "sub3"):
        run.append(k)
        k += 1
    return run


def _next_letter(mark: str) -> str:
    if len(mark) == 1 and "a" <= mark < "z":
        return chr(ord(mark) + 1)
    if len(set(mark)) == 1 and mark[0] == "z":
        return "a" * (len(mark) + 1)
    if len(set(mark)) == 1:
        return chr(ord(mark[0]) + 1) * len(mark)
    return ""


def _pitch(body: list[tuple[int, _Line]]) -> float:
    gaps = Counter()
    for (p1, a), (p2, b) in zip(body, body[1:]):
        if p1 == p2 and 0 < a.y - b.y < 40:
            gaps[round(a.y - b.y)] += 1
    return float(gaps.most_common(1)[0][0]) if gaps else 12.0


# ---------------------------------------------------------------------------- cover page

_ADOPTED_LINE = re.compile(r"^(?:Resolution adopted by|on \d)")


@dataclass
class _Cover:
    title: str = ""
    session: int = 0
    agenda_item: str = ""
    agenda_title: str = ""
    originating: str | None = None
    sponsor_line: str = ""
    sponsors: tuple[str, ...] = ()
    body_start: _Line | None = None


@cache
def _ordinals() -> dict[str, int]:
    return {ordinal_words(n): n for n in range(1, 200)}


def _session_number(words: str) -> int:
    return _ordinals().get(words.strip().lower(), 0)


def _sponsor_continues(prev: _Line, line: _Line) -> bool:
    """Whether ``prev`` is the line before ``line`` in a sponsor list run over lines."""
    return (abs(prev.x0 - line.x0) < 3 and abs(prev.size - line.size) < 0.6
            and 0 < prev.y - line.y < 1.6 * line.size and not re.search(r"\bsession\b|^Agenda", prev.text))


def _known(name: str) -> bool:
    key = name_key(name)
    return key in known_keys() or name_key(re.sub(r"\s*\([^)]*\)$", "", name)) in known_keys()


def _sponsors(line: str) -> tuple[str, ...]:
    """ "Italy and Turkmenistan: draft resolution" → ("Italy", "Turkmenistan");
    "Draft resolution submitted by the President of the General Assembly" → ()."""
    head, sep, _ = line.partition(":")
    if not sep or re.match(r"(?i)^draft\b", line):
        return ()
    head = re.sub(r"\s*\*+", "", head).strip()
    head = re.sub(r"\s*\((?:on behalf of)[^)]*\)", "", head)
    parts = [p.strip() for p in head.split(",") if p.strip()]
    if not parts:
        return ()
    last = parts.pop()
    parts += _split_and(last)
    return tuple(parts)


def _split_and(text: str) -> list[str]:
    """The last item "A and B" of a sponsor list, where names may hold "and" themselves
    ("Trinidad and Tobago", "Saint Vincent and the Grenadines")."""
    if _known(text) or " and " not in text:
        return [text]
    cuts = [m.start() for m in re.finditer(r" and ", text)]
    scored = []
    for cut in cuts:
        left, right = text[:cut].strip(), text[cut + 5:].strip()
        score = _known(left) * 2 + _known(right) * 2
        scored.append((score, cut, left, right))
    best = max(scored, key=lambda s: (s[0], s[1]))
    _, _, left, right = best
    return [left, right]
