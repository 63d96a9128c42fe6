"""The body of a UN PDF: its lines without the page furniture, and its footnotes.

Dropped: running headers (symbol and, on adopted resolutions, the title, in small
type at the top of later pages), page numbers ("2/5"), job numbers ("23-25898 (E)
291223", "23-25898"), the barcode ("*2325898*"), the closing "48th plenary meeting /
18 December 2023" and everything after it but an annex ("Annex", "Annex II"). Footnotes: the bodies below the separator
(underscores, or for drafts whose separator is a drawn line, the block of small type
at the foot of the page), keyed by their mark ("1", "*"); the reader attaches them to
the place of their superscript marker.
"""
from __future__ import annotations

import re

from .pdf_chars import Line, Page
from .pdf_text import joins, strip_sup

_JOB = r"(?:[A-Z]\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?"
_PAGE_NUMBER = r"\d{1,3}\s*/\s*\d{1,3}"
_BARCODE = r"\*\d{5,}\*"
# A footer or header line: job number, page number, barcode, in any order on one line.
_FURNITURE = re.compile(rf"^(?:(?:{_JOB}|{_PAGE_NUMBER}|{_BARCODE})\s*)+$")
_SEPARATOR = re.compile(r"^_{5,}$")
SYMBOL = re.compile(r"^(?:A|E|S)/[A-Z0-9./\-]+(?:/Rev\.\d+)?(?:/Add\.\d+)?$")
_CLOSING = re.compile(r"plenary\s*meeting\b")
ANNEX_LINE = re.compile(r"^Annex(?:es)?(?:\s+[IVXL]+)?\*?$")


_FORMULA = re.compile(r"^The [A-Z][^,.;:]{2,80},?$")


def _is_formula(line: Line) -> bool:
    """ "The General Assembly," in italics (some PDFs leave it out altogether)."""
    return bool(_FORMULA.match(line.text)) and (line.styles[:1] == "i" or len(line.text) < 60)


def furniture(line: Line) -> bool:
    return line.special or bool(_FURNITURE.match(line.text.strip()))



def _opens_footnote(line: Line) -> bool:
    return line.styles[:1] == "s" or bool(re.match(r"^\*+\s?\S", line.text)) \
        or (line.chars[0].c.isdigit() and line.chars[0].size < line.size * 0.8)


class Body:
    """Reads the body lines of ``pages`` from the line ``start`` on; ``footnotes``
    then holds each footnote's mark → its lines."""

    def __init__(self, pages: list[Page], body_size: float):
        self.pages = pages
        self.body_size = body_size
        self.footnotes: dict[str, list[str]] = {}

    def lines(self, start: Line) -> list[tuple[int, Line]]:
        out: list[tuple[int, Line]] = []
        started = paused = False
        last_footnote: str | None = None
        for page in self.pages:
            lines = [ln for ln in page.lines if not furniture(ln)]
            if page.number > 0:
                # Running header: lines in small type (symbol, title) above the text.
                while lines and (lines[0].size < self.body_size - 0.4
                                 or SYMBOL.match(lines[0].text.replace(" ", ""))):
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
                if line.italic and _CLOSING.search(line.text):
                    paused = True  # the text ends; an annex may follow
                    continue
                if paused and not (ANNEX_LINE.match(line.text.strip()) and out):
                    continue
                paused = False
                out.append((page.number, line))
        return out

    def _notes_without_separator(self, lines: list[Line]) -> int | None:
        """Where the footnotes start when the separator is drawn as a graphic line, not
        underscores: the block of small type at the foot of the page, opening with a
        footnote mark, or continuing a footnote of the page before above such a mark."""
        if any(_SEPARATOR.match(ln.text.replace(" ", "")) for ln in lines):
            return None
        k = len(lines)
        while k > 0 and lines[k - 1].size < self.body_size - 0.8:
            k -= 1
        if k == len(lines) or k == 0:
            return None
        if _opens_footnote(lines[k]) or (self.footnotes and any(_opens_footnote(ln) for ln in lines[k + 1:])):
            return k
        return None

    def _footnote_line(self, line: Line, last: str | None) -> str | None:
        text, styles = line.text, line.styles
        m = re.match(r"^(\*+|\d{1,4})\s?", text)
        lead_sup = styles[:1] == "s"
        if lead_sup or (m and m.group(1).startswith("*")) or (m and line.chars[0].size < line.size * 0.8):
            n = len(m.group(1)) if m else 0
            if lead_sup:
                n = len(styles) - len(styles.lstrip("s"))
            mark = text[:n].strip()
            rest = strip_sup(text[n:], styles[n:])[0].strip()
            key = mark
            while key in self.footnotes:
                key += "'"
            self.footnotes[key] = [rest]
            return key
        if last is not None:
            prev = self.footnotes[last]
            joined = strip_sup(text, styles)[0]
            if prev and joins(prev[-1], joined):
                prev[-1] += joined
            else:
                prev.append(joined)
        return last
