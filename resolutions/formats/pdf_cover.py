"""The first page of a UN PDF: symbol, title, session, agenda item and title, the
originating document (A/RES) or the sponsor line and sponsors (drafts).

``agenda_item`` is "125", "13 and 75", "72 (d)"; ``agenda_title`` several joined with
"; "; for A/RES the originating document as the UN's metadata gives it ("A/78/L.24",
"A/78/481, para. 10"); for a draft its sponsor line and sponsors ("Italy and
Turkmenistan:* draft resolution" → ("Italy", "Turkmenistan"); the lines are read here,
what they say by domain.cover_page and domain.sponsor_list, as for every reader; a draft
"submitted by the President of the General Assembly" has none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.cover_page import agenda_of, originating_of, session_of, sponsor_of
from ..domain.errors import InvalidDocument
from .pdf_body import SYMBOL
from .pdf_chars import Line
from .pdf_text import join_lines

_RES_NUMBER = re.compile(r"^(?:(?:ES|S)-)?\d{1,3}/\d{1,4}(?:\s?[A-Z](?:-[A-Z])?)?\s?\.\s*")


_ADOPTED_LINE = re.compile(r"^(?:Resolution adopted by|on \d)")


@dataclass
class Cover:
    title: str = ""
    session: int = 0
    agenda_item: str = ""
    agenda_title: str = ""
    originating: str | None = None
    sponsor_line: str = ""
    sponsors: tuple[str, ...] = ()
    body_start: Line | None = None


def symbol(lines: list[Line]) -> str:
    for line in lines[:6]:
        compact = line.text.replace(" ", "")
        for candidate in (compact, compact.removeprefix("UnitedNations")):
            if SYMBOL.match(candidate):
                return candidate
        m = re.search(r"\b((?:A|E)\s?/\s?\S+)$", line.text)
        if m and SYMBOL.match(m.group(1).replace(" ", "")):
            return m.group(1).replace(" ", "")
    return ""


def read_cover(lines: list[Line], body_size: float) -> "Cover":
    cover = Cover()
    # The text starts with the first line in body type after a bold title: the
    # enacting formula, if the PDF has it.
    title_at = formula_at = None
    for k, line in enumerate(lines):
        big_bold = line.bold and line.size > body_size * 1.1
        if big_bold and line.size < body_size * 1.35 and formula_at is None:
            if title_at is None or k == title_at[-1] + 1:
                title_at = (title_at or []) + [k]
            elif not _ADOPTED_LINE.match(line.text):
                title_at = [k]
        elif title_at is not None and abs(line.size - body_size) < 0.6 and not line.bold:
            formula_at = k
            break
    if title_at is None or formula_at is None:
        raise InvalidDocument(
            "this does not look like a UN resolution or draft: no bold title followed by "
            "text on its first page", "pdf")
    cover.title = _RES_NUMBER.sub("", join_lines([lines[k] for k in title_at])).strip()
    cover.body_start = lines[formula_at]
    head = lines[:title_at[0]]
    _masthead(head, cover, body_size)
    return cover

def _masthead(head: list[Line], cover: "Cover", body_size: float) -> None:
    k = 0
    while k < len(head):
        line = head[k]
        text = line.text
        if not cover.session:
            cover.session = session_of(text) or 0
        agenda = None if cover.agenda_item else agenda_of(text)
        if agenda:
            cover.agenda_item = agenda[0].rstrip("*").strip()
            titles: list[list[Line]] = []
            j = k + 1
            while j < len(head) and head[j].bold and abs(head[j].x0 - line.x0) < 3 \
                    and head[j].size <= body_size + 0.6:
                gap = head[j - 1].y - head[j].y
                if titles and gap < 1.4 * head[j].size:
                    titles[-1].append(head[j])
                else:
                    titles.append([head[j]])
                j += 1
            cover.agenda_title = "; ".join(join_lines(t) for t in titles)
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
            cover.originating = originating_of(text)
        if re.search(r"(?i)\bdraft (?:resolution|decision)\b", text):
            # The sponsor line may run over several lines; it ends with "draft resolution".
            start = k
            while start > 0 and _sponsor_continues(head[start - 1], head[start]):
                start -= 1
            printed = join_lines(head[start:k + 1])
            cover.sponsor_line = re.sub(r"\s*\*+\s*", " ", printed).replace(" :", ":").strip()
            cover.sponsor_line = re.sub(r":(?=\S)", ": ", cover.sponsor_line)
            found = sponsor_of(cover.sponsor_line)
            cover.sponsors = found[0] if found else ()
        k += 1


def _sponsor_continues(prev: Line, line: Line) -> bool:
    """Whether ``prev`` is the line before ``line`` in a sponsor list run over lines."""
    return (abs(prev.x0 - line.x0) < 3 and abs(prev.size - line.size) < 0.6
            and 0 < prev.y - line.y < 1.6 * line.size and not re.search(r"\bsession\b|^Agenda", prev.text))
