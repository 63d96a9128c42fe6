"""Read a resolution from a Word file (.docx) as a delegation holds it.

    read_docx(source, *, body=None) -> DocxReading(document, symbol, sponsors, warnings)

``source`` is the file's bytes or a path. The file is one Word paragraph per resolution
paragraph, as our export lays it out (docx_text.py), as the Secretariat issues it, or as
a delegation types it. A file with tracked changes is read as Word's "Accept all
changes" leaves it (docx_revisions.accept_all: a deleted paragraph mark joins its
paragraph to the next).

This module only extracts; the structure is decided where every reader's is:

- docx_read_text.py turns the body into lines (runs, styles, Word numbering, footnotes,
  bookmarks) and tables;
- the enacting formula ("The General Assembly," → GA, "L’Assemblée générale," … from
  data/bodies.toml, in every language a body prints it) splits the cover from the text;
  ``body`` is used when the file has no formula, and GA when neither says; without a
  formula, the masthead-like and bold lines at the top are the cover;
- domain/cover_page.py reads the cover (symbol, session, agenda item and title, sponsor
  line, title); the symbol may also stand in a page header;
- docx_read_items.py turns the text into the outline builder's items (marks, headings,
  annexes, tables), and domain/outline.build makes the preamble, the operative part and
  the annexes from them (subparagraphs, lists folded into preambular paragraphs, the
  lone operative paragraph, ids: a paragraph that starts with the bookmark our writer
  puts there keeps its id);
- the language is the formula's, else the one the file's language tags give its text
  (docx_read_language.py), else English.

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

from ..domain import cover_page
from ..domain.bodies import bodies, get_body
from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.outline import build
from ..domain.symbols import parse
from .docx_package import WHERE, W, check_package
from .docx_read_items import formula_item, has_mark, items
from .docx_read_language import language_of
from .docx_read_marks import restore_heading_marks, stored_agenda_item
from .docx_read_numbering import ListNumbers, Numbering
from .docx_read_styles import Styles, part_roots
from .docx_read_text import Line, Table, TextWalker, blocks, clean_plain, flat_lines, notes_and_walker
from .docx_revisions import REVISION_MARKS, accept_all

MAX_FILE_BYTES = 50 * 1024 * 1024          # the .docx itself
_FORMULA = re.compile(r"^The (?:[A-Z][\w’'\-]*)(?: (?:[A-Z][\w’'\-]*|of|on|and|for|the|in|to))*\s*,$")


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
               for reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.HEADER) for root in part_roots(word, reltype))


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


# --- the reading ----------------------------------------------------------------------

class _Reader:
    def __init__(self, word, body: str | None):
        self.word = word
        self.body_arg = body
        self.warnings: list[str] = []
        self.styles = Styles(word.styles.element)
        root = next(iter(part_roots(word, RT.NUMBERING)), None)
        self.numbering = Numbering(root)
        self.lists = ListNumbers(self.numbering, root)
        walker = notes_and_walker(word, self.styles)
        self.blocks = blocks(word, walker)
        if walker.missing_notes:
            self.warnings.append(f"{walker.missing_notes} footnote reference(s) point at no footnote text")

    def reading(self) -> DocxReading:
        formula_at, body, language = self._formula()
        if formula_at is None:
            cover, text = self._split_without_formula()
        else:
            cover, text = self.blocks[:formula_at], self.blocks[formula_at + 1:]
        if formula_at is None and not text:
            raise InvalidDocument("no resolution text found: no enacting formula (such as “The General "
                                  "Assembly,”) and no paragraphs", WHERE)
        language = language or language_of(self.word.element.body, self.word.styles.element) or "en"
        facts = cover_page.parse([cover_page.CoverLine(line.plain.strip(), line.all_bold() and not line.in_table)
                                  for line in flat_lines(cover)], language)
        found, passed_over = items(text, self.lists)
        self.warnings += passed_over
        head = [formula_item(self.blocks[formula_at])] if formula_at is not None else []
        outline = build(head + found, language)
        self.warnings += outline.warnings
        if formula_at is not None and not (outline.preamble or outline.operative):
            self.warnings.append("the enacting formula is followed by no paragraph")
        symbol, session = facts.symbol or self._symbol_in_headers(), facts.session
        if session is None and symbol:
            session = parse(symbol).session
        if session is None:
            self.warnings.append("no session line (such as “Eightieth session”): session left at 0")
            session = 0
        document = Document(
            body=body, session=session, title=facts.title,
            agenda_item=stored_agenda_item(facts.agenda_item, language), agenda_title=facts.agenda_title,
            preamble=outline.preamble, operative=outline.operative, symbol=symbol, language=language)
        document = restore_heading_marks(document, found)
        return DocxReading(document, symbol, facts.sponsors, tuple(self.warnings))

    def _formula(self) -> tuple[int | None, str, str | None]:
        """(block of the enacting formula, body, the language the formula is in). Every body's
        formula in every language it is printed in is known (our own French export too)."""
        known = {formula.rstrip(",:; ").casefold(): (code, language) for code, b in bodies().items()
                 for language, formula in (("en", b.enacting_formula), *b.formulas)}
        for k, line in enumerate(self.blocks):
            if isinstance(line, Table):
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
                    return k, self.body_arg, None
                raise InvalidDocument(f"the enacting formula {text!r} names a body this tool does not know "
                                      f"({', '.join(b.enacting_formula for b in bodies().values())})", WHERE)
        if not self.body_arg:
            self.warnings.append("no enacting formula: read as a General Assembly text")
        return None, self.body_arg or "GA", None

    def _split_without_formula(self) -> tuple[list[Line | Table], list[Line | Table]]:
        """The masthead-like lines, tables and bold lines at the top are the cover."""
        k = 0
        while k < len(self.blocks):
            block = self.blocks[k]
            if not (isinstance(block, Table) or cover_page.is_cover_line(block.plain)
                    or (block.all_bold() and not has_mark(block, self.numbering))):
                break
            k += 1
        return self.blocks[:k], self.blocks[k:]

    def _symbol_in_headers(self) -> str | None:
        for root in part_roots(self.word, RT.HEADER):
            for p in root.iter(W + "p"):
                found = cover_page.find_symbol(clean_plain(TextWalker(self.styles, {}).paragraph(p).plain()))
                if found:
                    return found
        return None
