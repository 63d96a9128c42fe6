"""Style warnings from UN-FORMAT.md §2. They advise; they never refuse a save.

In the text's language: its opening phrases (openings.py) and its punctuation
(data/wording.toml "marks": "،" and "؛" in Arabic, "，" "；" "。" in Chinese). Only the
prose of the preamble and of the main operative part is checked (paragraph and text
blocks); headings, tables and annexes follow no such rules."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches

from .document import OPERATIVE, PARAGRAPH, PREAMBLE, Document, Paragraph
from .openings import detect, known_first_words
from .phrasebook import table


@dataclass(frozen=True)
class Warning:
    paragraph_id: str | None  # None: the warning is about the whole draft
    message: str
    fix: str = ""  # the suggested change, when there is one ("Start with a capital: …")


_BIS = re.compile(r"\b(bis|ter|quater|quinquies)\b")
# Footnote-free text may still end in a closing quote or parenthesis after the mark.
_TRAILING = "”’\")] \t"


def _final_mark(text: str) -> str:
    stripped = text.rstrip(_TRAILING)
    return stripped[-1:] if stripped else ""


def _ending_fix(text: str, wanted: str, what: str = "") -> str:
    """The fix for a wrong final mark, naming what is there now."""
    found = _final_mark(text)
    if found and not found.isalnum():
        return f"Replace the final “{found}”{what} with “{wanted}”."
    return f"Add “{wanted}” at the end{what}."


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
            warnings.append(Warning(para.id, f"A preambular paragraph ends with {said}.",
                                    _ending_fix(para.text, marks["comma"])))
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
    text = para.text.lstrip()
    if text[:1].islower():
        capital = text[:1].upper() + text[1:]
        found = detect(capital, section, language)
        shown = capital[:found.length] if found.known else capital.split(" ", 1)[0]
        return [Warning(para.id, f"This {kind} paragraph starts with a lower-case letter.",
                        f"Start with a capital: “{shown} …”.")]
    if language in ("en", ""):
        return [_english_opening(para, section, kind, opening.length)]
    if language in _EXAMPLES:
        return [Warning(para.id, f"This {kind} paragraph opens with no usual phrase, such as "
                                 f"{_EXAMPLES[language][section]}; check the wording.")]
    return []


def _english_opening(para: Paragraph, section: str, kind: str, length: int) -> Warning:
    """Names what is wrong with an English opening and the closest usual one."""
    word = (_WORD.match(para.text.lstrip()) or _WORD.match("?")).group()
    other = OPERATIVE if section == PREAMBLE else PREAMBLE
    if word in known_first_words(other):
        form = "an operative verb form" if other == OPERATIVE else "a preambular participle"
        swapped = _swap_form(word, section)
        return Warning(para.id, f"“{word}” is {form}; {_article(kind)} {kind} paragraph opens with "
                                f"{_EXPECTED[section]}.", f"Write “{swapped}”." if swapped else "")
    close = get_close_matches(word, known_first_words(section), n=1, cutoff=0.75)
    if close:
        return Warning(para.id, f"“{word}” is not a usual {kind} opening: is it misspelt?",
                       f"Did you mean “{close[0]}”?")
    if length:
        return Warning(para.id, f"“{para.text[:length]}” is not a usual {kind} opening; check the wording.")
    return Warning(para.id, f"{_article(kind).capitalize()} {kind} paragraph opens with {_EXPECTED[section]}.")


_WORD = re.compile(r"[A-Za-z][\w-]*|\S+")
_EXPECTED = {PREAMBLE: "a participle or adjective (Recalling, Noting, Mindful)",
             OPERATIVE: "a verb in the present tense (Decides, Requests, Urges)"}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _swap_form(word: str, section: str) -> str:
    """"Welcomes" → "Welcoming" for the preamble, "Recalling" → "Recalls" for the
    operative part: the known opening of ``section`` with the same stem, else ""."""
    known = known_first_words(section)
    if section == PREAMBLE:
        stem = word[:-2] if word.endswith(("sses", "shes", "ches", "xes")) else word[:-1]
        candidates = [stem + "ing", stem[:-1] + "ing", stem + stem[-1:] + "ing"]
    else:
        stem = word[:-3] if word.endswith("ing") else word
        candidates = [stem + "s", stem + "es", stem + "e" + "s", stem[:-1] + "s"]
    return next((c for c in candidates if c in known), "")


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
            return [Warning(para.id, f"This paragraph should end with “{end}”.", _ending_fix(para.text, end))]
        return []
    warnings = []
    if _final_mark(para.text) != marks["colon"]:
        warnings.append(Warning(para.id, "A paragraph introducing subparagraphs ends with a colon.",
                                _ending_fix(para.text, marks["colon"], " of its lead-in")))
    for j, sub in enumerate(para.subparagraphs):
        sub_end = marks["semicolon"] if j < len(para.subparagraphs) - 1 else end
        warnings += _check_operative_ending(sub, sub_end, marks)
    return warnings
