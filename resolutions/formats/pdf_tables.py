"""Tables in the body of a UN PDF (budget tables, annex schedules): runs of lines
whose text stands in columns.

A row is the lines of one page at the same height (PDFium gives far-apart cells as
lines of their own) with their cells (pdf_chars.Line.cuts: gaps wider than a tab
stop). A row is tabular when it has three cells or more, or two of which the first
is not a paragraph's or a heading's mark ("1.", "(a)", "Section 2": the tab after a
mark is such a gap too). A
table is a run of at least two tabular rows; a one-cell line between them is a cell
broken over lines (joined to the cell above it in its column when it starts in
lower case or a digit, or the cell above ends with a word such as "of" or "and"),
otherwise a row of its own. The widest row sets the columns; every cell goes to the
column its left edge is nearest. Leading rows with no figures are header rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .pdf_chars import Line
from .pdf_text import strip_sup

# A paragraph's or a heading's mark, parted from its text by a tab.
# The words before a heading's number ("Part II", "Section 29C", "Rule 12").
HEADING_WORDS = "Part|Section|Chapter|Title|Article|Rule|Principle"
_MARK = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\)|[a-z]\.|[IVXLC]+\.?|[A-Z]\.?"
                   rf"|(?:{HEADING_WORDS}|Annex)\s+(?:[IVXLC]+|\d{{1,3}}[A-Z]?|[A-Z]))$")
_FIGURE = re.compile(r"\d")
_RUNS_ON = re.compile(r"(?i)\b(?:of|and|for|the|to|on|in|by|with|from|at|a|an|or)$")
_MAX_ROWS, _MAX_CELLS = 200, 30


@dataclass
class Table:
    rows: list[list[str]]
    header_rows: int
    page: int


@dataclass
class _Row:
    page: int
    lines: list[Line]
    cells: list[tuple[float, str]]  # (left edge, text)

    @property
    def tabular(self) -> bool:
        n = len(self.cells)
        return n >= 3 or (n == 2 and not _MARK.match(self.cells[0][1]))


def split_tables(body: list[tuple[int, Line]], body_size: float) -> list[list[tuple[int, Line]] | Table]:
    """The body as runs of lines and tables, in reading order."""
    rows = _rows(body)
    out: list[list[tuple[int, Line]] | Table] = []
    k = 0
    while k < len(rows):
        end = _small_run_end(rows, k, body_size) or _table_end(rows, k)
        if end > k:
            out.append(_table(rows[k:end]))
            k = end
            continue
        lines = [(rows[k].page, ln) for ln in rows[k].lines]
        if out and isinstance(out[-1], list):
            out[-1].extend(lines)
        else:
            out.append(lines)
        k += 1
    return out


def _rows(body: list[tuple[int, Line]]) -> list[_Row]:
    rows: list[_Row] = []
    for page, line in body:
        if rows and rows[-1].page == page and abs(rows[-1].lines[-1].y - line.y) < 1.0:
            rows[-1].lines.append(line)
        else:
            rows.append(_Row(page, [line], []))
    for row in rows:
        row.lines.sort(key=lambda ln: ln.x0)
        row.cells = [cell for ln in row.lines for cell in _cells(ln)]
    return rows


def _cells(line: Line) -> list[tuple[float, str]]:
    edges = [(0, line.x0), *line.cuts, (len(line.text), 0.0)]
    out = []
    for (a, x), (b, _) in zip(edges, edges[1:]):
        text = strip_sup(line.text[a:b], line.styles[a:b])[0].strip()
        if text:
            out.append((x, text))
    return out


def _small_run_end(rows: list[_Row], k: int, body_size: float) -> int:
    """A run of rows in type smaller than the text's, across page breaks, holding two
    tabular rows or more: a table, title rows and all (the UN sets tables in 9 points,
    the text in 10; footnotes are not in the body). 0 when there is none."""
    small = lambda row: max(ln.size for ln in row.lines) < body_size - 0.4  # noqa: E731
    end = k
    while end < len(rows) and end - k < _MAX_ROWS and small(rows[end]):
        end += 1
    return end if sum(row.tabular for row in rows[k:end]) >= 2 else 0


def _table_end(rows: list[_Row], k: int) -> int:
    """The end of the table starting at row ``k`` (``k`` itself when there is none)."""
    if not rows[k].tabular:
        return k
    end, tabular, j = k + 1, 1, k + 1
    while j < len(rows) and j - k < _MAX_ROWS:
        row = rows[j]
        if row.tabular:
            tabular += 1
            end = j + 1
        elif not (len(row.cells) == 1 and row.page == rows[j - 1].page
                  and rows[j - 1].lines[0].y - row.lines[0].y < 2.2 * row.lines[0].size):
            break
        j += 1
    return end if tabular >= 2 else k


def _table(rows: list[_Row]) -> Table:
    widest = max(rows, key=lambda r: len(r.cells))
    columns = [x for x, _ in widest.cells][:_MAX_CELLS]
    out: list[list[str]] = []
    for row in rows:
        cells = [""] * len(columns)
        for x, text in row.cells:
            c = min(range(len(columns)), key=lambda i: abs(columns[i] - x))
            cells[c] = f"{cells[c]} {text}".strip()
        if len(row.cells) == 1 and out:
            c = next(i for i, t in enumerate(cells) if t)
            above = out[-1][c]
            if above and (cells[c][:1].islower() or cells[c][:1].isdigit() or _RUNS_ON.search(above)):
                out[-1][c] = f"{above} {cells[c]}"
                continue
        out.append(cells)
    header = 0
    while header < min(3, len(out) - 1) and not any(_FIGURE.search(t) for t in out[header][1:]):
        header += 1
    return Table(out, header if header < len(out) else 1, rows[0].page)
