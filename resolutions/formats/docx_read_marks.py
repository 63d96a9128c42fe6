"""Marks our own Word files print that the outline builder, reading print alone, cannot
tell apart — put back for the blocks that carry our bookmark (docx_bookmarks).

- A heading's mark with no title ("I." alone) or a number the count cannot give
  ("Section 11" after "Section 4", a literal "OP2 text1"): the builder keeps such a mark
  in the heading's text (outline_blocks.fit_heading_numbers, merge_headings). Our file
  set it as the mark, so it becomes the numbering again: a placeholder pattern when the
  count gives the printed mark ("I." → "{I}."), else the mark as it stands, literally.
- The agenda item French, Spanish and Russian print "12 b)" (wording.agenda_line) is
  stored as "12 (b)".
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..domain.document import HEADING, Document, Paragraph
from ..domain.numbering import heading_numbers
from ..domain.outline import HEADING as HEADING_ROLE, Item
from ..domain.outline_marks import heading_pattern

_PRINTED_SUB_ITEM = re.compile(r"(\d)\s*(?<!\()\b(\w{1,2})\)")   # "12 b)" as fr/es/ru print "12 (b)"


def stored_agenda_item(items: str, language: str) -> str:
    """The agenda item as stored ("12 (b)") from the line a language prints ("12 b)")."""
    if language not in ("fr", "es", "ru"):
        return items
    return _PRINTED_SUB_ITEM.sub(r"\1 (\2)", items)


def restore_heading_marks(document: Document, found: Sequence[Item]) -> Document:
    """``document`` with the heading marks of our bookmarked headings put back (module doc)."""
    marks = {it.id: " ".join(it.mark.split()) for it in found
             if it.role == HEADING_ROLE and it.id and it.mark and "{" not in it.mark}
    for part in ("preamble", "operative"):
        for k, block in enumerate(getattr(document, part)):
            mark = marks.get(block.id)
            if block.kind != HEADING or block.numbering or not mark:
                continue
            text = " ".join(block.text.split())
            if text == mark or text.startswith(mark + " "):
                title = text[len(mark):].strip()
            elif not heading_pattern(mark):
                title = text     # a mark with no number in it: the builder left it out
            else:
                continue
            document = _with_numbering(document, part, k, block, title, mark)
    return document


def _with_numbering(document: Document, part: str, k: int, block: Paragraph, title: str, mark: str) -> Document:
    """The heading with the placeholder pattern when the count prints ``mark``, else literal."""
    for pattern in (heading_pattern(mark), mark):
        if not pattern:
            continue
        blocks = list(getattr(document, part))
        blocks[k] = replace(block, text=title, numbering=pattern)
        candidate = replace(document, **{part: tuple(blocks)})
        if pattern == mark or heading_numbers(candidate).get(block.id) == mark:
            return candidate
    return document
