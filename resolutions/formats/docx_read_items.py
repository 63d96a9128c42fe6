"""The Word body below the enacting formula as the outline builder's item stream.

Each line becomes one ``outline.Item``: its printed mark split from its text (typed,
"1." then a tab, or Word's automatic numbering printed as Word prints it, from
word/numbering.xml), footnotes at their offsets, the italic opening as Word marks it,
and what it looks like (bold, italic, centred). The role says what the file states:

- HEADING: a Word heading style (its level kept); a short line with a heading's mark
  ("II. Follow-up", "B. Posts", "Panel 1: …"; a worded mark inline needs its colon or
  full stop); a short bold line not ended like a paragraph; a number typed before a
  tab on a heading line ("I<tab>Title", "Chapitre 1<tab>…", as the UN's files and ours
  set it). A mark on a set-apart line of its own ("II", "Part I") takes the line after
  it as its title;
- ANNEX: "Annex", "Annex II" in any of the six languages (wording.annex_word), whose
  title is the bold (or "Annex Title") line after it;
- TABLE: a ``w:tbl``, with the "Table Title" line before it as its title;
- CLOSING: "78th plenary meeting" and the date under it.

Everything else is a BODY item for the builder to place. "* * *" is a heading (the
UN's XML holds it as one); other rules ("____") are passed over. Only the builder decides the structure (domain/outline.py).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..domain import wording
from ..domain.languages import CODES
from ..domain.outline_marks import heading_pattern, sub_mark
from ..domain.outline import ANNEX, CLOSING, FORMULA, HEADING, TABLE, Item, Note
from .docx_blocks import ANNEX_TITLE, TABLE_TITLE
from .docx_read_numbering import ListNumbers, Numbering
from .docx_read_text import ASCII_WS, NOTE, Line, Table

_OPERATIVE_NUMBER = re.compile(r"^(\d{1,3}(?: ?(?:bis|ter|quater|quinquies|sexies))?\.)(?: |$)")
_PAREN_MARK = re.compile(r"^(\([a-z]{1,4}\))(?: |$)")
_DOT_MARK = re.compile(r"^([a-z]{1,2}\.)(?: |$)")
# Heading marks as the UN prints them: "II.", "B.", "Part II", "Section 3", "Panel 1:" (and
# the words of the French, Spanish and Russian texts: "Titre II", "Chapitre 3", "Раздел 3").
# On the heading's own line a worded mark needs its colon or full stop ("Panel 1: …"):
# "Раздел 2 сметы поступлений" is a title, not section 2.
_HEADING_WORDS = ("Part|Section|Chapter|Panel|Title|Partie|Titre|Chapitre|Parte|Sección|Capítulo|Título"
                  "|Часть|Раздел|Глава")
_WORD_MARK = rf"(?:{_HEADING_WORDS})\s+(?:[IVXLC]+|[A-Z]|\d{{1,3}})"
_INLINE_HEADING = re.compile(rf"^((?:[IVXLC]+|[A-Z])\.|{_WORD_MARK}[.:])(?:\s+|$)")
_ALONE = re.compile(rf"^(?:(?:[IVXLC]+|[A-Z])\.?|{_WORD_MARK}[.:]?)$")
# The meeting line closing an adopted resolution, in the UN's six forms ("48th plenary
# meeting", "48e séance plénière", "48a sesión plenaria", "48‑е пленарное заседание",
# "الجلسة العامة 48", "第48次全体会议").
_CLOSING = re.compile(r"^(?:\d{1,3}(?:st|nd|rd|th) plenary meeting|\d{1,3}e séance plénière|\d{1,3}a sesión plenaria"
                      r"|\d{1,3}[-\u2011]е пленарное заседание|الجلسة العامة \d{1,3}|第\d{1,3}次全体会议)$", re.I)
_DATE_LINE = re.compile(r"^\S+(?: \S+){0,3}$")   # "19 December 2023", "19 décembre 2023"
_DECORATION = re.compile(r"^[\s*_\-–—.·•]+$")
_STARS = re.compile(r"^\*(?:\s*\*){2}$")   # "* * *" parts a declaration's sections: a heading, as the UN's XML has it
_HEADING_LENGTH = 200


def items(blocks: list[Line | Table], lists: ListNumbers) -> tuple[list[Item], list[str]]:
    """The items of the text below the formula, and the warnings of what was passed over."""
    stream = _Stream(lists)
    for k, block in enumerate(blocks):
        stream.add(block, f"block {k + 1}")
    return stream.finish()


class _Stream:
    def __init__(self, lists: ListNumbers):
        self.out: list[Item] = []
        self.warnings: list[str] = []
        self.lists = lists
        self.pending: Item | None = None  # a heading's mark on a line of its own ("II", "Section 1")
        self.annex_open = False           # "Annex II" just read: a bold line after it is its title
        self.closing = False              # the plenary meeting line just read: its date follows
        self.table_title: tuple[Line, str] | None = None  # a "Table Title" line: a table should follow

    def finish(self) -> tuple[list[Item], list[str]]:
        if self.table_title is not None:
            self._line(*self.table_title)
        self._flush()
        return _openings_if_used(self.out), self.warnings

    def _flush(self) -> None:
        if self.pending is not None:
            self.out.append(self.pending)
            self.pending = None

    def add(self, block: Line | Table, where: str) -> None:
        held, self.table_title = self.table_title, None
        if isinstance(block, Table):
            self._flush()
            self.annex_open = False
            self.out.append(_table(block, held, where, self.warnings))
            return
        if held is not None:
            self._line(*held)    # a table's title with no table after it reads as any line
        if block.style == TABLE_TITLE:
            self.table_title = (block, where)
        else:
            self._line(block, where)

    def _line(self, block: Line, where: str) -> None:
        text = block.plain.strip()
        if _STARS.match(text):
            self._flush()
            self.out.append(Item(text, role=HEADING, styles=_styles(block), id=block.pid, where=where))
            return
        if _DECORATION.match(text):
            return
        closing, self.closing = self.closing, False
        if _CLOSING.match(text) or closing and _DATE_LINE.match(text) and re.search(r"\d{4}", text):
            self._flush()
            self.closing = not closing      # the date comes next
            self.out.append(Item(text, role=CLOSING, where=where))
            return
        if is_annex_mark(text):
            self._flush()
            self.out.append(Item("", mark=text.rstrip("."), role=ANNEX, styles=_styles(block), id=block.pid,
                                 where=where))
            self.annex_open = True
            return
        mark, cut, depth, heading_mark = _mark(block, self.lists)
        if self.annex_open and (block.style == ANNEX_TITLE or not mark and _looks_like_heading(block, text)):
            title = _item(block, "", 0, None, where)
            self.out[-1] = replace(self.out[-1], text=title.text, notes=title.notes)
            self.annex_open = False
            return
        self.annex_open = False
        item = _item(block, mark, cut, depth, where)
        if self.pending is not None and not mark and _short(text):
            self.out.append(replace(self.pending, text=item.text, notes=item.notes))
            self.pending = None
            return
        self._flush()
        if _ALONE.match(text) and (block.all_bold() or block.centred or block.heading is not None):
            # A heading's mark on a line of its own ("II", "Part I"): its title may follow.
            self.pending = _heading(replace(item, text="", notes=()), text, block)
        elif _is_heading(block, item.text, heading_mark):
            self.out.append(_heading(item, mark, block))
        elif heading_mark and not block.numbering:
            self.out.append(_item(block, "", 0, None, where))   # "Panel 1: …;" in a list is its text
        else:
            self.out.append(item)


@cache
def _annex_marks() -> tuple[frozenset[str], re.Pattern]:
    """The annex marks every language prints (wording.annex_word: "Annex II", "Annexe II",
    "المرفق الثاني", "附件二"), and the typed forms of the words ("ANNEX 2", "Annexes")."""
    printed = frozenset(wording.annex_word(code, n, total).casefold()
                        for code in CODES for total in (1, 30) for n in range(1, 31 if total > 1 else 2))
    words = "|".join(sorted({re.escape(wording.words(code)["annex"]) for code in CODES}, key=len, reverse=True))
    return printed, re.compile(rf"^(?:{words})(?:es)?(?:\s+(?:[IVXLC]+|\d{{1,2}}))?\.?$", re.I)


def is_annex_mark(text: str) -> bool:
    printed, typed = _annex_marks()
    return text.casefold().rstrip(".") in printed or bool(typed.match(text))


def has_mark(line: Line, numbering: Numbering) -> bool:
    """Whether a line is marked as a paragraph or subparagraph ("1.", "(a)", "a.", or
    Word's numbering that prints something)."""
    return _typed_mark(line.text) is not None or bool(line.numbering) and numbering.kind(*line.numbering) != ""


def formula_item(line: Line) -> Item:
    return Item(line.plain.strip(), role=FORMULA, styles=_styles(line), id=line.pid)


def _short(text: str) -> bool:
    """Short and not ended like a paragraph."""
    return bool(text) and len(text) < _HEADING_LENGTH and text[-1:] not in ",;:."


def _looks_like_heading(line: Line, text: str) -> bool:
    """Short and set apart: bold or a heading style."""
    return _short(text) and (line.all_bold() or line.heading is not None)


def _is_heading(line: Line, text: str, heading_mark: bool) -> bool:
    if line.heading is not None:
        return True
    if heading_mark:
        return _short(text)   # "II. Follow-up": such a mark is only ever a heading's
    return _looks_like_heading(line, text)


def _heading(item: Item, mark: str, line: Line) -> Item:
    level = min(line.heading, 3) if line.heading else None   # stated by the style: the builder keeps it
    return Item(item.text, mark=mark, role=HEADING, depth=level - 1 if level else None, styles=item.styles,
                notes=item.notes, id=item.id, where=item.where)


def _mark(line: Line, auto: ListNumbers) -> tuple[str, int, int | None, bool]:
    """(printed mark, length of the typed mark in the line's text, depth Word states,
    whether the mark is a heading's)."""
    text = line.text
    typed = _typed_mark(text)
    if typed:
        return typed[0], typed[1], None, False
    if line.numbering:
        mark, depth = auto.mark(*line.numbering)
        return mark, 0, depth, auto.is_heading(*line.numbering)
    m = _INLINE_HEADING.match(text)
    if m:
        return m.group(1), m.end(), None, True
    before_tab = _tab_mark(line)
    if before_tab:
        return before_tab, len(before_tab), None, True
    return "", 0, None, False


def _typed_mark(text: str) -> tuple[str, int] | None:
    """(mark, its length) of a paragraph's typed "1.", "(a)" or "a." (with text after it)."""
    for pattern in (_OPERATIVE_NUMBER, _PAREN_MARK, _DOT_MARK):
        m = pattern.match(text)
        if m and (pattern is not _DOT_MARK or len(text) > m.end()):
            return m.group(1), m.end()
    return None


def _tab_mark(line: Line) -> str:
    """A heading's number typed before a tab, as the UN's files (and ours) set it:
    "I<tab>Title", "Part I<tab>Title"; only on a heading line (a heading style, or bold)."""
    if line.heading is None and not line.all_bold():
        return ""
    head, tab, _ = line.chars.plain().lstrip(ASCII_WS).partition("\t")
    head = head.strip()
    # Our own heading (bookmarked, in a heading style) may print a literal mark ("OP2 text1").
    ours = line.pid is not None and line.heading is not None
    if not tab or not line.text.startswith(head) or len(head) > (50 if ours else 20):
        return ""
    return head if heading_pattern(head) or ours else ""


def _item(line: Line, mark: str, cut: int, depth: int | None, where: str) -> Item:
    """The line's text after its mark, its notes at their offsets and its italic opening."""
    text, italic = line.text[cut:], line.italic[cut:]
    lead = len(text) - len(text.lstrip(" "))
    text, italic = text[lead:], italic[lead:]
    note_texts = iter(line.chars.notes[line.text[:cut].count(NOTE):])
    plain: list[str] = []
    notes: list[Note] = []
    opening_end, opening_open = 0, True
    for ch, it in zip(text, italic):
        if ch == NOTE:
            note = next(note_texts, "")
            if note:
                notes.append(Note(len(plain), note))
            continue
        if opening_open and ch not in ASCII_WS:
            if it:
                opening_end = len(plain) + 1
            else:
                opening_open = False
        plain.append(ch)
    out = "".join(plain)
    # A wholly italic paragraph has no opening to speak of; a subparagraph has one only
    # when it is italic (the UN italicises the openings of top-level paragraphs).
    opening = None if opening_end >= len(out.rstrip()) else opening_end
    if opening == 0 and (sub_mark(mark) or (depth or 0) > 0):
        opening = None
    return Item(out, mark=mark, depth=depth, italic=opening, styles=_styles(line), notes=tuple(notes),
                id=line.pid, where=where)


def _styles(line: Line) -> frozenset[str]:
    found = set()
    if line.all_bold():
        found.add("bold")
    if line.mostly_italic():
        found.add("italic")
    if line.centred:
        found.add("centred")
    return frozenset(found)


def _openings_if_used(out: list[Item]) -> list[Item]:
    """A file that italicises no opening at all leaves openings to detection (None)."""
    if any((item.italic or 0) > 0 for item in out):
        return out
    return [replace(item, italic=None) if item.italic is not None else item for item in out]


def _table(table: Table, title: tuple[Line, str] | None, where: str, warnings: list[str]) -> Item:
    """A TABLE item: its cells' texts (a merged cell is one), its header rows (those Word
    repeats, else a bold first row), its title and id from the "Table Title" line before
    it, else the id from the bookmark in its first cell."""
    rows = tuple(tuple(" ".join(line.plain.strip() for line in cell) for cell in row) for row in table.rows)
    header = table.header_rows
    first = [line for cell in table.rows[0] for line in cell] if table.rows else []
    if not header and len(rows) > 1 and first and all(line.all_bold() for line in first):
        header = 1
    dropped = sum(len(line.chars.notes) for line in table.lines())
    if dropped:
        warnings.append(f"{dropped} footnote(s) in a table were not read ({where})")
    if title is not None:
        return Item(title[0].plain.strip(), role=TABLE, rows=rows, header_rows=header, id=title[0].pid,
                    where=title[1])
    return Item("", role=TABLE, rows=rows, header_rows=header, id=table.pid, where=where)
