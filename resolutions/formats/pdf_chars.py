"""PDF characters → lines, for the PDF reader (pdf_reader.py).

The text layer is read with PDFium (through pypdfium2), character by character with
its position, size and font (italic, bold, a barcode font); characters become lines
top to bottom, with superscripts (footnote markers) kept on their line and the spaces
the eye sees: the spaces the PDF holds, except those that do not advance (Word's
zero-width breaks: "well- being", "2015 – 2030" in the raw layer), plus one wherever
two characters stand further apart than 0.18 of the type size (the tab after "1.", an
italic run meeting a roman one, which Word writes without a space character).
PDFium's own guessed spaces are ignored: it puts one before every non-breaking hyphen
("non -medical").
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..domain.errors import InvalidDocument

# PDFium is not thread-safe: one document at a time in this process.
_LOCK = threading.Lock()
_MAX_BYTES = 50 * 1024 * 1024
_MAX_PAGES = 400


# ---------------------------------------------------------------------------- loading


def load_pdf(source) -> bytes:
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
class Char:
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
class Line:
    chars: list[Char]
    y: float
    size: float
    text: str = ""
    styles: str = ""   # one code per character of text: r roman, i italic, s superscript, _ space
    x0: float = 0.0
    x1: float = 0.0
    bold: bool = False     # every letter bold
    italic: bool = False   # every letter italic
    special: bool = False
    # Where the line breaks into cells (a table row): (offset in text, x) of each cell
    # after the first, at a gap wider than a tab stop's worth of type.
    cuts: list[tuple[int, float]] = field(default_factory=list)

    def finish(self) -> "Line":
        out: list[str] = []
        styles: list[str] = []
        prev: Char | None = None
        placed: list[tuple[Char, int, bool]] = []  # each printed character, its offset, a space before it
        spaced = False
        chars = self.chars
        for k, ch in enumerate(chars):
            if ch.c == " ":
                nxt = chars[k + 1] if k + 1 < len(chars) else None
                if nxt is not None and nxt.c != " " and nxt.x0 - ch.x0 < 0.4 * (ch.x1 - ch.x0):
                    continue  # a space that does not advance: Word's zero-width break
                if out and out[-1] != " ":
                    out.append(" ")
                    styles.append("_")
                prev, spaced = ch, True
                continue
            if prev is not None and prev.c != " " and out and out[-1] != " ":
                gap = ch.x0 - prev.x1
                if gap > 0.18 * min(ch.size, prev.size) and not (ch.sup and not prev.sup):
                    out.append(" ")
                    styles.append("_")
            placed.append((ch, len(out), spaced))
            spaced = False
            out.append(ch.c)
            styles.append("s" if ch.sup else "i" if ch.italic else "r")
            prev = ch
        while out and out[-1] == " ":
            out.pop()
            styles.pop()
        lead = 0
        while out and out[0] == " ":
            out.pop(0)
            styles.pop(0)
            lead += 1
        # A justified line stretches its word spaces: a gap with a space character in it
        # parts cells only when very wide.
        self.cuts = [(at - lead, b.x0) for (a, _, _), (b, at, space) in zip(placed, placed[1:])
                     if b.x0 - a.x1 > (_WIDE_GAP if space else _CELL_GAP) * max(a.size, b.size)]
        self.text = "".join(out)
        self.styles = "".join(styles)
        letters = [ch for ch in self.chars if ch.c.isalpha() and not ch.sup] \
            or [ch for ch in self.chars if ch.c.isalnum() and not ch.sup]  # "2021" ends a bold title
        self.bold = bool(letters) and all(ch.bold for ch in letters)
        self.italic = bool(letters) and all(ch.italic for ch in letters)
        self.special = any(ch.special for ch in self.chars)
        real = [ch for ch in self.chars if ch.c != " "]
        self.x0 = min((ch.x0 for ch in real), default=0.0)
        self.x1 = max((ch.x1 for ch in real), default=0.0)
        return self


# A gap this many type sizes wide inside a line parts two table cells (a word space
# is about 0.25, a justified line's widest under 1; the tab after "1." is wider, so a
# paragraph's mark parts from its text too: pdf_tables tells them apart).
_CELL_GAP = 1.2
_WIDE_GAP = 3.0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


def extract_pages(data: bytes) -> list[Page]:
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
                pages.append(Page(i, width, height, _lines(chars)))
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


def _chars(textpage) -> list[Char]:
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
    out: list[Char] = []
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
        append(Char(c, x0, right if right > x0 else x0, y.value, *font))
    return out


def _lines(chars: list[Char]) -> list[Line]:
    """Characters (in the order the page draws them) → lines, top to bottom.

    A character smaller than the line's type and raised above its baseline is a
    superscript of that line (a footnote marker); a line that so far holds only such
    small characters takes the baseline of the text that follows (a footnote's own
    number at the start of its first line).
    """
    pieces: list[Line] = []
    cur: Line | None = None
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
        cur = Line([ch], ch.y, ch.size)
    if cur is not None:
        pieces.append(cur)
    # Pieces of one line drawn apart (a footnote marker, a field) are put back together.
    pieces.sort(key=lambda p: -p.y)
    merged: list[Line] = []
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


def _near(a: Line, b: Line) -> bool:
    """Side by side, not overlapping, and no wider apart than a tab."""
    a0, a1 = min(c.x0 for c in a.chars), max(c.x1 for c in a.chars)
    b0, b1 = min(c.x0 for c in b.chars), max(c.x1 for c in b.chars)
    return (b0 >= a1 - 1 and b0 - a1 < 40) or (a0 >= b1 - 1 and a0 - b1 < 40)

