"""The blocks of a text that are not paragraphs, in Word: headings, annexes, tables.

As the UN prints them (A/RES/78/1, A/RES/78/249): a heading in bold at the text
column, its number ("I.", "A.", "Part I") before it at a tab, 14 pt at level 1, 12 pt
at level 2, 10 pt at level 3 (Word's own "Heading 1–3" styles, restyled, so that
Word's navigation pane lists them); the words hang one tab step in, or as many steps
as the widest number of that level in the text needs ("XXVIII." in A/RES/78/253: a
number wider than its tab ran into its words, "VIIIRevised"); an annex as "Annex" / "Annex II" in 14 pt bold
over its title in 14 pt bold, with no page break (the annex follows the text on the
same page); a table inside the text column with rules over and under the header and
under the last row and none between the columns, its header rows repeated on every
page (w:tblHeader), figures flush right.

``Sides`` says which block a marked paragraph stands for (domain/redline.py marks
ids; the block is the new document's, or the old one's for what was deleted).
``table`` builds the w:tbl skeleton; docx_text.py writes the cells' runs, tracked
like any text.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..domain.document import HEADING, Document, Paragraph
from ..domain.numbering import marks
from ..domain.redline import DELETED, EQUAL, INSERTED, MOVED_FROM, MarkedParagraph, Segment, compare_text

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
HEADING_SIZES = {1: 14, 2: 12, 3: 10}
ANNEX_MARK = "Annex Heading"
ANNEX_TITLE = "Annex Title"
TABLE_TITLE = "Table Title"
TABLE_TEXT = "Table Text"
# A cell of figures, as budget tables print them: "63 930 800", "(2 061 900)", "12.5 %".
_FIGURES = re.compile(r"[\s(]*[-–+]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*\)?\s*%?\s*[a-z]?")


def is_figure(text: str) -> bool:
    return bool(text.strip()) and bool(_FIGURES.fullmatch(text.strip()))


def figure_cells(texts: list[list[str]], header_rows: int) -> set[tuple[int, int]]:
    """The cells set flush right: figures, and the header cells over a column of them."""
    body = texts[header_rows:]
    columns = {j for row in body for j, text in enumerate(row) if is_figure(text)}
    return ({(i, j) for i, row in enumerate(texts) for j, text in enumerate(row) if is_figure(text)}
            | {(i, j) for i in range(header_rows) for j in columns})


@dataclass(frozen=True)
class Sides:
    """The blocks of both texts by id, and their printed marks (numbering.marks)."""

    new: dict[str, Paragraph]
    old: dict[str, Paragraph]
    new_marks: dict[str, str]
    old_marks: dict[str, str]

    @classmethod
    def of(cls, doc: Document, against: Document | None) -> Sides:
        def blocks(d):
            return {p.id: p for _, _, p in d.walk()} if d is not None else {}
        return cls(blocks(doc), blocks(against), marks(doc), marks(against) if against is not None else {})

    def block(self, para: MarkedParagraph) -> Paragraph:
        """The block ``para`` prints: the old text's for what only the old text has."""
        old_side = para.change in (DELETED, MOVED_FROM)
        return (self.old if old_side else self.new).get(para.id) or self.new.get(para.id) or self.old[para.id]

    def mark(self, para: MarkedParagraph) -> str:
        old_side = para.change in (DELETED, MOVED_FROM)
        return (self.old_marks if old_side else self.new_marks).get(para.id, "")

    @cached_property
    def _number_widths(self) -> dict[int, float]:
        """Per heading level, the width in points of its widest number on either side."""
        widths: dict[int, float] = {}
        for blocks, printed in ((self.new, self.new_marks), (self.old, self.old_marks)):
            for pid, block in blocks.items():
                if block.kind == HEADING and printed.get(pid):
                    level = min(max(block.level, 1), 3)
                    widths[level] = max(widths.get(level, 0.0), number_width(printed[pid], HEADING_SIZES[level]))
        return widths

    def heading_indent(self, level: int, inset: int, step: int) -> tuple:
        """The w:ind of a numbered heading of ``level`` (``inset`` the text column,
        ``step`` the tab step, both EMU): its words one step in, or as many steps as the
        level's widest number and NUMBER_GAP need. The tab after the number stops at the
        hanging indent (the heading styles set no tab stop of their own)."""
        level = min(max(level, 1), 3)
        needed = (self._number_widths.get(level, 0.0) + NUMBER_GAP) * _EMU_PER_POINT
        hang = step * max(1, math.ceil(needed / step))
        return (_el("w:ind", left=_twips((inset + hang) / _EMU_PER_POINT), hanging=_twips(hang / _EMU_PER_POINT)),)


# --- heading numbers ----------------------------------------------------------------------

NUMBER_GAP = 4.0            # points at least between a heading's number and its words
_EMU_PER_POINT = 12700
# Advance widths of Times New Roman Bold (thousandths of the type size) for what heading
# numbers are made of; another capital counts as 778, another character as 556, a
# character of full width (Chinese) as 1000.
_BOLD_WIDTHS = {**dict.fromkeys("0123456789", 500), ".": 250, " ": 250, ",": 250, "(": 333, ")": 333,
                "-": 333, "I": 389, "V": 722, "X": 722, "L": 667, "C": 722, "D": 722, "M": 944, "J": 500,
                "S": 556, "F": 611, "P": 611, "B": 667, "E": 667, "T": 667, "Z": 667, "W": 1000,
                "a": 500, "c": 444, "e": 444, "i": 278, "l": 278, "n": 556, "o": 500, "r": 444, "s": 389,
                "t": 333}


def number_width(text: str, size: float) -> float:
    """How wide ``text`` prints in bold at ``size`` points (a slight overestimate)."""
    def width(ch: str) -> int:
        if ch in _BOLD_WIDTHS:
            return _BOLD_WIDTHS[ch]
        if unicodedata.east_asian_width(ch) in "WF":
            return 1000
        return 778 if ch.isupper() else 556
    return sum(map(width, text)) * size / 1000


# --- tables ----------------------------------------------------------------------------

def _twips(points: float) -> str:
    return str(round(points * 20))


def _el(tag: str, **attributes):
    el = OxmlElement(tag)
    for name, value in attributes.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _rule(side: str, size: float = 0.5):
    return _el(f"w:{side}", val="single", sz=str(round(size * 8)), space="0", color="auto")


def column_widths(texts: list[list[str]], width: float, header_rows: int = 0) -> list[float]:
    """``width`` shared among the columns as the longest texts of their body rows need
    it (a budget table's item column wide, its figure columns narrow; headers wrap),
    each at least an eighth of an even share."""
    columns = max((len(row) for row in texts), default=1) or 1
    body = texts[header_rows:] or texts
    # Figures never wrap (w:noWrap): their column gets room for them and a margin.
    needs = [max([len(row[j]) + 3 if is_figure(row[j]) else min(len(row[j]), 40)
                  for row in body if j < len(row)] + [4]) for j in range(columns)]
    floor = width / columns / 8
    total = sum(needs)
    shares = [max(floor, width * n / total) for n in needs]
    scale = width / sum(shares)
    return [w * scale for w in shares]


def table(texts: list[list[str]], *, inset: float, width: float, header_rows: int,
          right_to_left: bool, style_id: str, flush_right: set[tuple[int, int]]) -> tuple:
    """A w:tbl for the cell ``texts`` (rows of strings), ``inset`` points from the
    margin and ``width`` wide: (the table, its rows (w:tr), each row's cell w:p list),
    the cells empty. A row shorter than the longest has its last cell span the rest
    (w:gridSpan, as the UN's colspan), so that it reads back as short as it is. The
    cells (i, j) of ``flush_right`` are set flush right (figures)."""
    row_count, columns = len(texts), max((len(row) for row in texts), default=1) or 1
    widths = [_twips(w) for w in column_widths(texts, width, header_rows)]
    tbl = OxmlElement("w:tbl")
    tbl_pr = OxmlElement("w:tblPr")
    if right_to_left:
        tbl_pr.append(_el("w:bidiVisual"))
    tbl_pr.append(_el("w:tblW", w=_twips(width), type="dxa"))
    tbl_pr.append(_el("w:tblInd", w=_twips(inset), type="dxa"))
    borders = OxmlElement("w:tblBorders")
    borders.append(_rule("top"))
    borders.append(_rule("bottom"))
    tbl_pr.append(borders)
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(f"w:{side}", w="57", type="dxa"))
    tbl_pr.append(margins)
    tbl.append(tbl_pr)
    grid = OxmlElement("w:tblGrid")
    for cell_width in widths:
        grid.append(_el("w:gridCol", w=cell_width))
    tbl.append(grid)
    rows, cells = [], []
    for i in range(row_count):
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        tr_pr.append(_el("w:cantSplit"))
        if i < header_rows:
            tr_pr.append(_el("w:tblHeader"))
        tr.append(tr_pr)
        row = []
        count = max(len(texts[i]), 1)
        for j in range(count):
            tc = OxmlElement("w:tc")
            tc_pr = OxmlElement("w:tcPr")
            span = columns - count + 1 if j == count - 1 else 1
            tc_pr.append(_el("w:tcW", w=str(sum(int(w) for w in widths[j:j + span])), type="dxa"))
            if span > 1:
                tc_pr.append(_el("w:gridSpan", val=str(span)))
            if header_rows and i == header_rows - 1:
                edges = OxmlElement("w:tcBorders")
                edges.append(_rule("bottom"))
                tc_pr.append(edges)
            figures = (i, j) in flush_right
            if figures and i >= header_rows:
                tc_pr.append(_el("w:noWrap"))
            tc.append(tc_pr)
            p = OxmlElement("w:p")
            p_pr = OxmlElement("w:pPr")
            p_pr.append(_el("w:pStyle", val=style_id))
            if figures:
                p_pr.append(_el("w:jc", val="left" if right_to_left else "right"))
            p.append(p_pr)
            tc.append(p)
            tr.append(tc)
            row.append(p)
        tbl.append(tr)
        rows.append(tr)
        cells.append(row)
    return tbl, rows, cells


def spacer(style_id: str):
    """An empty 6 pt line after a table."""
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_pr.append(_el("w:pStyle", val=style_id))
    p_pr.append(_el("w:spacing", before="0", after="0", line="120", lineRule="exact"))
    p.append(p_pr)
    return p


def aligned_rows(new, old) -> list[tuple[str, tuple]]:
    """The table's rows as (change, cells): with ``old`` (a kept table), rows at the
    same index are compared cell by cell (cells: (old text, new text) pairs), rows only
    one side has are inserted or deleted; without it, each row as it is (cells: texts)."""
    if old is None:
        return [(EQUAL, row) for row in new.rows] or [(EQUAL, ("",))]  # Word wants a row
    out: list[tuple[str, tuple]] = []
    for i in range(max(len(new.rows), len(old.rows))):
        if i < len(new.rows) and i < len(old.rows):
            width = max(len(new.rows[i]), len(old.rows[i]))
            out.append((EQUAL, tuple((cell_text(old.rows[i], j), cell_text(new.rows[i], j))
                                     for j in range(width))))
        elif i < len(new.rows):
            out.append((INSERTED, new.rows[i]))
        else:
            out.append((DELETED, old.rows[i]))
    return out


def cell_text(cells, j: int) -> str:
    if j >= len(cells):
        return ""
    cell = cells[j]
    return cell[1] if isinstance(cell, tuple) else cell


def cell_segments(cells, j: int, change: str) -> tuple[Segment, ...]:
    if j >= len(cells):
        return ()
    cell = cells[j]
    if isinstance(cell, tuple):  # (old, new) of a kept row: its words compared
        return compare_text(*cell) if cell[0] != cell[1] else (Segment(EQUAL, cell[1]),)
    return (Segment(change if change in (INSERTED, DELETED) else EQUAL, cell),) if cell else ()


def track_row(tr, change) -> None:
    """Mark a whole row inserted or deleted (``change``: a w:ins / w:del element)."""
    tr.find(qn("w:trPr")).append(change)
