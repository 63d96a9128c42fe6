"""Word's automatic numbering: the definitions we write for operative paragraphs and
subparagraphs, and reading the numbering of any Word file.

We write one list (word/numbering.xml) with four levels: "1." (decimal), "(a)"
(lowerLetter), "(i)" (lowerRoman), "a." (lowerLetter), each followed by a tab, placed
as the typed marks were: "1." and "(a)" at the first tab stop of the SingleTxt inset
with the text at the second and the lines after it back at the inset; "(i)" and "a."
hang one tab step further in for each level past (a). Inserting a paragraph in Word
renumbers, and a deleted (tracked) paragraph's number goes when the deletion is
accepted. A lone operative paragraph is not numbered (numbering.operative_mark). Where
numbering.marks starts again at 1 (after a restarting heading, in each annex) the
text moves to a new instance of the list (``restarted``).
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .docx_package import W

# Per level: (numFmt, lvlText, tab steps from the inset to the mark, whether the lines
# after the first go back to the inset rather than hang under the mark).
LEVELS = (("decimal", "%1.", 1, True), ("lowerLetter", "(%2)", 1, True), ("lowerRoman", "(%3)", 1, False),
          ("lowerLetter", "%4.", 2, False))
# The Arabic texts' own marks (../shared/corpus/akn/78/Arabic: "1 -" 341 times, "(أ)",
# "(ب)", "(ج)" in the abjad order): the first two levels differ.
ARABIC_LEVELS = (("decimal", "%1 -", 1, True), ("arabicAbjad", "(%2)", 1, True), *LEVELS[2:])


def _twips(length) -> str:
    return str(round(length / 635))  # EMU → twentieths of a point


def add_numbering(document, inset, step, language: str = "en") -> str:
    """Define the list in ``document``'s numbering part (with the marks of
    ``language``'s texts); its numId."""
    root = document.part.numbering_part.element
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in root.iter(qn("w:abstractNum"))), default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in root.iter(qn("w:num"))), default=0)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _child(abstract, "w:multiLevelType", "multilevel")
    for level, (fmt, text, steps, back_to_inset) in enumerate(ARABIC_LEVELS if language == "ar" else LEVELS):
        abstract.append(_level(level, fmt, text, inset, step, steps, back_to_inset))
    first_num = root.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum before the first num
    else:
        root.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    _child(num, "w:abstractNumId", str(abstract_id))
    root.append(num)
    return str(num_id)


def restarted(document, num_id: str) -> str:
    """A new list instance of ``num_id``'s definition whose numbers start again at 1
    (after a heading that restarts operative numbering, and in each annex). Word and
    LibreOffice run numbering on across instances of one definition unless every
    level says where to start (w:lvlOverride/w:startOverride)."""
    root = document.part.numbering_part.element
    source = next(n for n in root.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(1 + max(int(n.get(qn("w:numId"))) for n in root.iter(qn("w:num")))))
    _child(num, "w:abstractNumId", source.find(qn("w:abstractNumId")).get(qn("w:val")))
    for level in range(len(LEVELS)):
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), str(level))
        _child(override, "w:startOverride", "1")
        num.append(override)
    root.append(num)
    return num.get(qn("w:numId"))


def _level(level: int, fmt: str, text: str, inset, step, steps: int, back_to_inset: bool):
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(level))
    _child(lvl, "w:start", "1")
    _child(lvl, "w:numFmt", fmt)
    _child(lvl, "w:suff", "tab")
    _child(lvl, "w:lvlText", text)
    _child(lvl, "w:lvlJc", "left")
    ppr = OxmlElement("w:pPr")
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "num")
    tab.set(qn("w:pos"), _twips(inset + step * (steps + 1)))
    tabs.append(tab)
    ppr.append(tabs)
    ind = OxmlElement("w:ind")
    if back_to_inset:
        # The mark some steps in on the first line; the lines after it at the inset.
        ind.set(qn("w:left"), _twips(inset))
        ind.set(qn("w:firstLine"), _twips(step * steps))
    else:
        # The whole paragraph at the mark: "(i)" and "a." hang in one step per level.
        ind.set(qn("w:left"), _twips(inset + step * steps))
        ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:right"), _twips(inset))
    ppr.append(ind)
    lvl.append(ppr)
    rpr = OxmlElement("w:rPr")
    _child(rpr, "w:i", "0")  # the mark stays roman before an italic opening
    lvl.append(rpr)
    return lvl


def _child(parent, tag: str, value: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), value)
    parent.append(el)
    return el


def number_properties(level: int, num_id: str):
    """A w:numPr putting a paragraph on ``level`` of the list ``num_id``."""
    num = OxmlElement("w:numPr")
    _child(num, "w:ilvl", str(level))
    _child(num, "w:numId", num_id)
    return num


# --- reading any Word file's numbering ------------------------------------------------

def num_pr(num):
    """(numId, ilvl) of a w:numPr, or None."""
    if num is None:
        return None
    nid = num.find(W + "numId")
    lvl = num.find(W + "ilvl")
    num_id = nid.get(W + "val") if nid is not None else None
    if num_id is None:
        return None
    try:
        level = int(lvl.get(W + "val", "0")) if lvl is not None else None
    except ValueError:
        level = 0
    return num_id, level


class Numbering:
    """numId + level → (format, level text), from word/numbering.xml."""

    def __init__(self, root):
        self.levels: dict[tuple[str, int], tuple[str, str]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str]]] = {}
        for a in root.iter(W + "abstractNum"):
            abstract[a.get(W + "abstractNumId", "")] = _levels(a)
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            levels = dict(abstract.get(ref.get(W + "val") if ref is not None else "", {}))
            for override in num.iter(W + "lvlOverride"):
                levels.update(_levels(override))
            for k, v in levels.items():
                self.levels[(nid, k)] = v

    def kind(self, num_id: str, level: int) -> str:
        """What the level prints, as the reader's mark kinds: "auto:number", "auto:paren"
        ("(a)"), "auto:dot" ("a."), "auto:roman", "auto:heading", "auto:bullet",
        "auto:level<n>" (no definition) or "" (a level that prints nothing)."""
        found = self.levels.get((num_id, level))
        if found is None:
            return f"auto:level{level}"
        numfmt, lvltext = found
        if numfmt in ("lowerLetter", "arabicAbjad", "arabicAlpha"):
            return "auto:paren" if "(" in lvltext or ")" in lvltext else "auto:dot"
        if numfmt == "lowerRoman":
            return "auto:roman"
        if numfmt in ("none", ""):
            return ""
        if numfmt in ("upperRoman", "upperLetter"):
            return "auto:heading"
        if numfmt == "bullet":
            return "auto:bullet"
        return "auto:number"


def _levels(el) -> dict[int, tuple[str, str]]:
    out = {}
    for lvl in el.findall(W + "lvl"):
        try:
            k = int(lvl.get(W + "ilvl", "0"))
        except ValueError:
            continue
        fmt = lvl.find(W + "numFmt")
        text = lvl.find(W + "lvlText")
        out[k] = (fmt.get(W + "val", "") if fmt is not None else "",
                  text.get(W + "val", "") if text is not None else "")
    return out
