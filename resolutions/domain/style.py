"""Style warnings from UN-FORMAT.md §2. They advise; they never refuse a save.

In the text's language: its opening phrases (openings.py) and its punctuation
(data/wording.toml "marks": "،" and "؛" in Arabic, "，" "；" "。" in Chinese). Only the
prose of the preamble and of the main operative part is checked (paragraph and text
blocks); headings, tables and annexes follow no such rules."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import OPERATIVE, PARAGRAPH, PREAMBLE, Document, Paragraph
from .openings import detect
from .phrasebook import table


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
    language = doc.language
    marks = table(language)["marks"]
    if not doc.agenda_item.strip():
        warnings.append(Warning(None, "No agenda item: the Secretariat needs it on the first page."))
    for para in (p for p in doc.preamble if p.is_prose):
        warnings += _check_opening(para, PREAMBLE, language)
        if para.subparagraphs:
            warnings.append(Warning(para.id, "Preambular paragraphs do not take subparagraphs."))
        if _final_mark(para.text) != marks["comma"]:
            said = "a comma" if marks["comma"] == "," else f"“{marks['comma']}”"
            warnings.append(Warning(para.id, f"A preambular paragraph ends with {said}."))
    # Numbered paragraphs only: a text block among them (a section's "Recalling …") opens
    # and ends as its section's own preamble does, not as an operative paragraph.
    operative = [p for p in doc.main_operative() if p.kind == PARAGRAPH]
    for i, para in enumerate(operative):
        warnings += _check_opening(para, OPERATIVE, language)
        warnings += _check_operative_ending(para, marks["semicolon"] if i < len(operative) - 1 else marks["period"],
                                            marks)
    for _, _, para in doc.walk():
        if para.is_prose and _BIS.search(para.text):
            warnings.append(Warning(para.id, "“bis/ter” numbering belongs to negotiation, not to a text being submitted."))
    return warnings


def _check_opening(para: Paragraph, section: str, language: str = "en") -> list[Warning]:
    if para.opening_length is not None or not para.text.strip():
        return []
    opening = detect(para.text, section, language)
    if opening.known:
        return []
    kind = "preambular" if section == PREAMBLE else "operative"
    if opening.length:
        word = para.text[:opening.length]
        return [Warning(para.id, f"“{word}” is not a usual {kind} opening; check the wording.")]
    if language not in ("en", "") and language in _EXAMPLES:
        return [Warning(para.id, f"This {kind} paragraph opens with no usual phrase, such as "
                                 f"{_EXAMPLES[language][section]}; check the wording.")]
    expected = "a participle or adjective (Recalling, Noting, Mindful)" if section == PREAMBLE \
        else "a verb in the present tense (Decides, Requests, Urges)"
    return [Warning(para.id, f"An {kind} paragraph opens with {expected}.")]


# The most frequent openings of each part in the UN's session-78 texts (openings.toml).
_EXAMPLES = {
    "fr": {PREAMBLE: "« Rappelant », « Réaffirmant »", OPERATIVE: "« Prie », « Demande », « Décide »"},
    "es": {PREAMBLE: "“Recordando”, “Reconociendo”", OPERATIVE: "“Solicita”, “Exhorta”, “Decide”"},
    "ru": {PREAMBLE: "«ссылаясь», «подтверждая»", OPERATIVE: "«просит», «призывает», «постановляет»"},
    "ar": {PREAMBLE: "«وإذ تشير»، «وإذ تلاحظ»", OPERATIVE: "«تطلب»، «تهيب»، «تقرر»"},
    "zh": {PREAMBLE: "“回顾”、“重申”", OPERATIVE: "“请”、“促请”、“决定”"},
}


def _check_operative_ending(para: Paragraph, end: str, marks: dict[str, str]) -> list[Warning]:
    """A paragraph's lead-in ends with a colon; its subparagraphs carry its own end."""
    if not para.subparagraphs:
        if _final_mark(para.text) != end:
            return [Warning(para.id, f"This paragraph should end with “{end}”.")]
        return []
    warnings = []
    if _final_mark(para.text) != marks["colon"]:
        warnings.append(Warning(para.id, "A paragraph introducing subparagraphs ends with a colon."))
    for j, sub in enumerate(para.subparagraphs):
        sub_end = marks["semicolon"] if j < len(para.subparagraphs) - 1 else end
        warnings += _check_operative_ending(sub, sub_end, marks)
    return warnings
