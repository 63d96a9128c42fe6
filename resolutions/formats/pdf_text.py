"""Text helpers of the PDF reader: lines joined into paragraphs, footnote markers taken
out of the text.

Lines are joined with a space; a line ending in a hyphen joins the next without one.
Word does not hyphenate UN documents, so such a hyphen is a real one ("drug-" +
"related" → "drug-related"; PDFium marks it as a line-end hyphen), except a suspended
one ("short-" + "and long-term"). A range dash ending a line ("2021–") joins too.

Style codes: one per character of a text — r roman, i italic, s superscript, _ space.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pdf_chars import Line


@dataclass
class Block:
    """A paragraph as printed: its text, one style code per character, and where."""
    text: str
    styles: str
    page: int
    bold: bool
    italic: bool
    x0: float
    lines: int = 1
    parts: list[Line] = field(default_factory=list)  # its lines

    def add(self, line: Line) -> None:
        self.parts.append(line)
        join = "" if joins(self.text, line.text) else " "
        self.text += join + line.text
        self.styles += ("_" if join else "") + line.styles
        self.bold = self.bold and line.bold
        self.italic = self.italic and line.italic
        self.lines += 1


def joins(before: str, after: str) -> bool:
    """Whether a line-end hyphen joins the next line's first word: "drug-" "related" →
    yes; a suspended hyphen, "short-" "and long-term", "one-" "to two-day" → no. A
    dash that ends a range joins too: "2021–" "2025"."""
    if re.search(r"\w–$", before):
        return True
    if not re.search(r"\w-$", before):
        return False
    words = after.split(" ", 2)
    return not (len(words) > 1 and words[0] in ("and", "or", "to") and "-" in words[1])


def join_lines(lines: list[Line]) -> str:
    if not lines:
        return ""
    b = Block(lines[0].text, lines[0].styles, 0, True, True, 0)
    for line in lines[1:]:
        b.add(line)
    return strip_sup(b.text, b.styles)[0]


_MARKER = re.compile(r"[\d*†‡]+(?:[,\s]+[\d*†‡]+)*")


def strip_sup(text: str, styles: str) -> tuple[str, str, list[tuple[int, str]]]:
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


def squeeze(s: str) -> str:
    return re.sub(r" {2,}", " ", s).strip(" ")

