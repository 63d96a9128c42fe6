"""Style warnings from UN-FORMAT.md §2. They advise; they never refuse a save."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import OPERATIVE, PREAMBLE, Document, Paragraph
from .openings import detect


@dataclass(frozen=True)
class Warning:
    paragraph_id: str | None  # None: the warning is about the whole draft
    message: str


_BIS = re.compile(r"\b(bis|ter|quater|quinquies)\b")
# Footnote-free text may still end in a closing quote or parenthesis after the mark.
_TRAILING = "”’\")] \t"


def _final_mark(text: str) -> str:
    stripped = text.rstrip(_TRAILING)
    return stripped[-1:] if stripped else ""


def check(doc: Document) -> list[Warning]:
    warnings: list[Warning] = []
    if not doc.agenda_item.strip():
        warnings.append(Warning(None, "No agenda item: the Secretariat needs it on the first page."))
    for para in doc.preamble:
        warnings += _check_opening(para, PREAMBLE)
        if para.subparagraphs:
            warnings.append(Warning(para.id, "Preambular paragraphs do not take subparagraphs."))
        if _final_mark(para.text) != ",":
            warnings.append(Warning(para.id, "A preambular paragraph ends with a comma."))
    last = len(doc.operative) - 1
    for i, para in enumerate(doc.operative):
        warnings += _check_opening(para, OPERATIVE)
        warnings += _check_operative_ending(para, ";" if i < last else ".")
    for _, _, para in doc.walk():
        if _BIS.search(para.text):
            warnings.append(Warning(para.id, "“bis/ter” numbering belongs to negotiation, not to a text being submitted."))
    return warnings


def _check_opening(para: Paragraph, section: str) -> list[Warning]:
    if para.opening_length is not None or not para.text.strip():
        return []
    opening = detect(para.text, section)
    if opening.known:
        return []
    kind = "preambular" if section == PREAMBLE else "operative"
    if opening.length:
        word = para.text[:opening.length]
        return [Warning(para.id, f"“{word}” is not a usual {kind} opening; check the wording.")]
    expected = "a participle or adjective (Recalling, Noting, Mindful)" if section == PREAMBLE \
        else "a verb in the present tense (Decides, Requests, Urges)"
    return [Warning(para.id, f"An {kind} paragraph opens with {expected}.")]


def _check_operative_ending(para: Paragraph, end: str) -> list[Warning]:
    """A paragraph's lead-in ends with a colon; its subparagraphs carry its own end."""
    if not para.subparagraphs:
        if _final_mark(para.text) != end:
            return [Warning(para.id, f"This paragraph should end with “{end}”.")]
        return []
    warnings = []
    if _final_mark(para.text) != ":":
        warnings.append(Warning(para.id, "A paragraph introducing subparagraphs ends with a colon."))
    for j, sub in enumerate(para.subparagraphs):
        sub_end = ";" if j < len(para.subparagraphs) - 1 else end
        warnings += _check_operative_ending(sub, sub_end)
    return warnings
