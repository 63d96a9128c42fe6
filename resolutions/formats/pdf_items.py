"""Body lines of a UN PDF → the items printed, in reading order.

Tables are taken out first (pdf_tables). Paragraphs are found by the first-line
indent and the extra space between paragraphs; a change between bold and roman type
starts a new one too, and so does a line "Annex", "Annex II". Each is then classified
by its mark: "1." numbered, "(a)" lettered or roman, "a." third level, unmarked. Bold
blocks and bare numerals are headings; a heading's number is its mark ("II", "A.",
"Part I", "Section 3", "Rule 12"), on a line of its own (the title on the next) or
before the title after a tab. ``outline_items`` hands them to the outline builder
with the marks as printed ("3.", "(a)"), the footnotes at their markers and the
italic opening.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..domain import outline
from .pdf_body import ANNEX_LINE
from .pdf_chars import Line
from .pdf_tables import HEADING_WORDS, Table, split_tables
from .pdf_text import Block, squeeze, strip_sup

OPERATIVE_NUM = re.compile(r"^(\d{1,3})\s?\.\s+(?=\S)")
_SUB_MARK = re.compile(r"^\(([a-z]{1,4})\)\s+(?=\S)")
_SUB3_MARK = re.compile(r"^([a-z])\.\s+(?=\S)")
_HEADING_NUM = re.compile(r"^(?:[IVXL]+|[A-Z])\.?$")

# A heading's own line: "I", "II.", "A.", "Part I", "Section 3", "Chapter 2"; or the
# numeral before the title on one line ("I. Organization of work").
_HEADING_MARK = re.compile(rf"^(?:(?:{HEADING_WORDS})\s+(?:[IVXLC]+|\d{{1,3}}[A-Z]?|[A-Z])|[IVXLC]+\.?|[A-Z]\.?)$")
_KEYWORD = re.compile(rf"^(?:{HEADING_WORDS})$")
_HEADING_RUN_IN = re.compile(r"^((?:[IVXLC]+|[A-Z])\.)\s+(?=\S)")

NUM, SUB, SUB3, PLAIN, HEADING, ANNEX, TABLE = "num", "sub", "sub3", "plain", "heading", "annex", "table"


@dataclass
class Printed:
    """A block read from the body, classified by its mark, before it is put in place."""
    kind: str          # NUM, SUB, SUB3, PLAIN, HEADING, ANNEX, TABLE
    mark: str          # "3", "a", "iv"; an annex's "Annex II"
    text: str
    styles: str
    block: Block | None = None
    table: Table | None = None
    depth: int = 0
    children: list["Printed"] = field(default_factory=list)


def printed_items(body: list[tuple[int, Line]], body_size: float) -> list[Printed]:
    parts = split_tables(body, body_size)
    prose = [entry for part in parts if isinstance(part, list) for entry in part]
    if not prose:
        return [Printed(TABLE, "", "", "", table=t) for t in parts]
    starts = Counter(round(ln.x0) for _, ln in prose)
    margin = min(x for x, n in starts.items() if n >= max(2, starts.most_common(1)[0][1] // 4)) \
        if len(prose) > 3 else min(starts)
    pitch = _pitch(prose)
    out: list[Printed] = []
    for part in parts:
        if isinstance(part, Table):
            out.append(Printed(TABLE, "", "", "", table=part))
        else:
            out += [_classify(b) for b in _blocks(part, margin, pitch)]
    return out


def _blocks(body: list[tuple[int, Line]], margin: float, pitch: float) -> list[Block]:
    blocks: list[Block] = []
    prev_page, prev_line = None, None
    for page, line in body:
        indented = line.x0 > margin + 4
        gap = (prev_line.y - line.y) if prev_line is not None and page == prev_page else None
        new = (not blocks or indented and (gap is None or gap > pitch * 1.25 or ends(blocks[-1].text))
               or (gap is not None and gap > pitch * 1.3)
               or (bool(OPERATIVE_NUM.match(line.text)) and ends(blocks[-1].text)
                   and (gap is None or abs(gap - pitch) > 1)))
        if not new and blocks and blocks[-1].bold != line.bold:
            new = True  # a heading, or the text after one
        if blocks and blocks[-1].bold and line.bold and gap is not None:
            # A heading runs over lines; a numbered one starts anew ("A", "Part II").
            new = gap > 1.5 * line.size or _heading_mark(line) is not None
        if not new and blocks and (ANNEX_LINE.match(line.text) or ANNEX_LINE.match(blocks[-1].text)):
            new = True  # "Annex" stands on a line of its own
        if new:
            blocks.append(Block(line.text, line.styles, page, line.bold, line.italic, line.x0, parts=[line]))
        else:
            blocks[-1].add(line)
        prev_page, prev_line = page, line
    return blocks


def _classify(b: Block) -> Printed:
    if ANNEX_LINE.match(b.text.strip()):
        return Printed(ANNEX, b.text.strip().rstrip("*"), "", "", b)
    if _is_heading(b):
        return Printed(HEADING, "", b.text, b.styles, b)
    text, styles = b.text, b.styles
    for kind, pattern in ((NUM, OPERATIVE_NUM), (SUB, _SUB_MARK), (SUB3, _SUB3_MARK)):
        m = pattern.match(text)
        if m and (kind != SUB3 or b.x0 > 0):
            return Printed(kind, m.group(1), text[m.end():], styles[m.end():], b)
    return Printed(PLAIN, "", text, styles, b)


def _is_heading(b: Block) -> bool:
    """Bold, or a bare numeral. (A line all in italics, "Partnerships and support
    mechanisms", is a paragraph of text: the UN's XML has it so.)"""
    text = strip_sup(b.text, b.styles)[0].strip()
    return not text or bool(_HEADING_NUM.match(text)) or b.bold or text in ("* * *", "***")


def ends(text: str) -> bool:
    return plain_end(text)[-1:] in (",", ";", ".", ":")


def plain_end(text: str) -> str:
    return text.rstrip(" ”’\")]0123456789*")


def _pitch(body: list[tuple[int, Line]]) -> float:
    gaps = Counter()
    for (p1, a), (p2, b) in zip(body, body[1:]):
        if p1 == p2 and 0 < a.y - b.y < 40:
            gaps[round(a.y - b.y)] += 1
    return float(gaps.most_common(1)[0][0]) if gaps else 12.0


# ---------------------------------------------------------------------------- to the outline


def outline_items(printed: list[Printed], raw_footnotes: dict[str, list[str]]) -> list[outline.Item]:
    """The printed items as the outline builder's items: marks as printed, footnotes
    at their markers, the italic opening (None when the PDF has no italic type at all:
    some drafts; the opening is then detected from the phrase lists)."""
    footnotes = {k: squeeze(" ".join(v)) for k, v in raw_footnotes.items()}
    italics = any("i" in p.styles for p in printed if p.kind not in (HEADING, TABLE))
    used: set[str] = set()
    out: list[outline.Item] = []
    for k, p in enumerate(printed):
        where = f"page {p.block.page + 1}" if p.block else ""
        if p.kind == ANNEX:
            out.append(outline.Item("", mark=p.mark, role=outline.ANNEX, where=where))
            continue
        if p.kind == TABLE:
            out.append(outline.Item("", role=outline.TABLE, rows=tuple(tuple(r) for r in p.table.rows),
                                    header_rows=p.table.header_rows, where=f"page {p.table.page + 1}"))
            continue
        if p.kind == HEADING:
            item = _heading(p, where)
            if item is not None:
                out.append(item)
            continue
        text, styles, marks = strip_sup(p.text, p.styles)
        notes = []
        for at, mark in marks:
            body = footnotes.get(mark)
            if body and mark not in used:
                used.add(mark)
                notes.append(outline.Note(at=min(at, len(text)), text=body))
        out.append(outline.Item(text, mark=_printed_mark(p), italic=_opening(text, styles) if italics else None,
                                notes=tuple(notes), where=where))
    return _titles_joined(out)


def _printed_mark(p: Printed) -> str:
    return {NUM: f"{p.mark}.", SUB: f"({p.mark})", SUB3: f"{p.mark}."}.get(p.kind, "")


def _heading_mark(line: Line) -> tuple[str, str] | None:
    """(mark, the rest of the line) when a line opens with a heading's number: "II",
    "Part I", "A." alone, or before its title after a tab ("I<tab>Organization of
    work", "I. Organization …"). A tab leaves a gap with no space character in it
    (however narrow: the tab stop may fall just after "III"); "A new agenda", with a
    word space, is no "A" heading."""
    text = line.text.strip()
    if _HEADING_MARK.match(text):
        return text, ""
    m = _HEADING_RUN_IN.match(text)
    if m:
        return m.group(1), text[m.end():]
    chars = [ch for ch in line.chars if not ch.sup]
    printed = [k for k, ch in enumerate(chars) if ch.c != " "]
    head = ""
    for n in range(1, min(12, len(printed))):
        a, b = chars[printed[n - 1]], chars[printed[n]]
        head += a.c
        spaced = printed[n] - printed[n - 1] > 1
        if _HEADING_MARK.match(head) and b.c.isupper() and b.x0 - a.x1 > (0.6 if spaced else 0.1) * line.size:
            rest = "".join(ch.c for ch in chars[printed[n]:])
            return head, re.sub(r" {2,}", " ", rest).strip()
        if spaced:
            if not _KEYWORD.match(head):
                break  # only "Part", "Section" … come before the number
            head += " "
    return None


def _heading(p: Printed, where: str) -> outline.Item | None:
    text = strip_sup(p.text, p.styles)[0].strip()
    if not text or text in ("* * *", "***"):
        return None
    found = _heading_mark(p.block.parts[0]) if p.block and p.block.parts else None
    mark = found[0] if found else ""
    if mark and text.startswith(mark):
        text = text[len(mark):].strip()
    styles = frozenset(name for name, on in (("bold", p.block.bold), ("italic", p.block.italic)) if on) \
        if p.block else frozenset()
    return outline.Item(squeeze(text), mark=mark, role=outline.HEADING, styles=styles, where=where)


def _titles_joined(items: list[outline.Item]) -> list[outline.Item]:
    """A heading's numeral printed on a line of its own ("II", "Part I", "Annex") and
    its title on the next: one heading. (An annex's title set in roman is a paragraph
    of text: so the UN's XML has it.)"""
    out: list[outline.Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (prev is not None and it.role == outline.HEADING and not it.mark and prev.role in (outline.HEADING, outline.ANNEX)
                and prev.mark and not prev.text):
            out[-1] = replace(prev, text=it.text)
            continue
        out.append(it)
    return out


def _opening(text: str, styles: str) -> int:
    """Length of the italic run the paragraph opens with (spaces inside it included)."""
    end = 0
    for k, code in enumerate(styles):
        if code == "i":
            end = k + 1
        elif code != "_" and text[k] != " ":
            break
    return min(end, len(text))
