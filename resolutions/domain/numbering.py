"""Printed numbers and labels, computed from position, never stored.

Operative paragraphs are "1.", "2." … (a lone one is unnumbered); subparagraphs
are (a), (b) … then (i), (ii) … then a., b. (UN-FORMAT.md §2). Negotiators refer to
paragraphs as PP3, OP4, OP4 (b) (ii).

A document is parts: the main text (preamble and operative part up to the first
annex), then each annex. In each part:

- kind ``paragraph`` blocks of the operative part are numbered 1, 2 … running on
  through headings; after a heading with ``restart`` the count starts again at 1. The
  main part's lone numbered paragraph (with no restart) is unnumbered; an annex's
  paragraphs are always numbered. ``text``, ``table`` and ``annex`` blocks never are.
- a heading's number comes from its ``numbering`` pattern: the count of earlier
  headings of the same level and pattern since the last heading of a lower level
  (and since the part began). A pattern without a placeholder is printed as it is
  ("Section 29A", where a budget skips numbers).

Labels (``labels``), unique in a document:
    PP3                       preambular paragraph; "PH1" for a heading in the preamble
    OP4, OP4 (b) (ii)         operative paragraph and subparagraphs
    II OP3                    paragraph 3 after the restarting heading "II."
    Heading II, Part I, Section 3, Heading 2 (an unnumbered heading: its rank in the part)
    OP4 text1                 the first unnumbered paragraph after OP4 (or after a heading)
    Table 1                   tables counted through the whole document
    Annex, Annex II           an annex (one annex: "Annex"); its blocks are prefixed:
    Annex II OP3, Annex II Heading A, Annex II text1
Paragraph, subparagraph, table and annex labels are given first; a heading or text label
that would repeat one (two "Heading A" under different sections) is qualified with the
enclosing headings ("I Heading A"), then with " (2)". A heading printed as it stands that
reads like a label ("OP2", "Table 1") is "Heading OP2". Heading counts start again in
the operative part and in each annex (the preamble's headings count on their own).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .document import HEADING, KINDS, MAX_DEPTH, PARAGRAPH, TABLE, TEXT, Document, Paragraph
from .numerals import letters, roman
from .wording import annex_word

# Heading number placeholders → how the count prints.
PLACEHOLDERS = ("{I}", "{A}", "{1}", "{a}", "{i}")
_PLACEHOLDER = re.compile(r"\{(?:I|A|1|a|i)\}")


def subparagraph_mark(depth: int, n: int) -> str:
    """The printed mark of the n-th subparagraph at depth 1, 2 or 3."""
    if depth == 1:
        return f"({letters(n)})"
    if depth == 2:
        return f"({roman(n)})"
    return f"{letters(n)}."


def operative_mark(n: int, total: int) -> str:
    return "" if total == 1 else f"{n}."


def placeholder_count(pattern: str) -> int:
    """How many number placeholders a heading pattern holds (validation allows 0 or 1)."""
    return len(_PLACEHOLDER.findall(pattern))


def heading_number(pattern: str, n: int) -> str:
    """The pattern with its placeholder replaced by ``n``: ("{I}.", 2) → "II."."""
    shown = {"{I}": roman(n).upper(), "{A}": letters(n).upper(), "{1}": str(n),
             "{a}": letters(n), "{i}": roman(n)}
    return _PLACEHOLDER.sub(lambda m: shown[m.group(0)], pattern, count=1)


def annex_mark(language: str, n: int, total: int) -> str:
    """"Annex", "Annex II", "Annexe" …: the one place the annex word is chosen."""
    return annex_word(language, n, total)


def parts(doc: Document) -> list[tuple[Paragraph | None, tuple[Paragraph, ...]]]:
    """The operative part's blocks split into (None, main part), then (annex block, its blocks)."""
    main = doc.main_operative()
    return [(None, main), *doc.annexes()]


# --- the walk: one pass computes marks, heading numbers and labels together ---------------

class _Numbers:
    """Labels in two passes, so that a label nobody chose wins: first the structural ones
    (PP, PH, OP and their subparagraphs, tables, annexes), then headings and text blocks,
    which yield ("Heading OP2", "I Heading A", " (2)") when they would repeat one."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.marks: dict[str, str] = {}
        self.headings: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.used: set[str] = set()
        self.tables = 0
        self.heading_counts: dict[tuple[int, str], int] = {}
        self.open: dict[int, str] = {}   # level → the open heading's label core
        self.later: list[tuple] = []     # second pass: (heading, label, qualifier), (text, before it, k)
        self.run()

    def label(self, pid: str, label: str, qualifier: str = "") -> None:
        if label in self.used and qualifier:
            label = qualifier
        base, k = label, 2
        while label in self.used:
            label, k = f"{base} ({k})", k + 1
        self.used.add(label)
        self.labels[pid] = label

    def run(self) -> None:
        self.preamble(self.doc.preamble)
        total = len(self.doc.annexes())
        annex_n = 0
        for annex, blocks in parts(self.doc):
            prefix = ""
            # Heading counts start again in each part: the operative part does not go on
            # from the preamble's headings, nor an annex from the main text's.
            self.heading_counts, self.open = {}, {}
            if annex is not None:
                annex_n += 1
                mark = annex_mark(self.doc.language, annex_n, total)
                prefix = "Annex" if total == 1 else f"Annex {roman(annex_n).upper()}"
                self.marks[annex.id] = mark
                self.label(annex.id, prefix)
            self.part(blocks, prefix, lone_rule=annex is None)
        for block, first, second in self.later:
            if block.kind == HEADING:
                self.label(block.id, first, second)
            else:   # a text block: "{the label before it} text{k}"
                previous = self.labels[first.id] if isinstance(first, Paragraph) else first
                self.label(block.id, f"{previous} text{second}".strip())
                self.sub_labels(block, self.labels[block.id], 1)

    def preamble(self, blocks) -> None:
        pp = ph = 0
        for block in blocks:
            if block.kind == HEADING:
                ph += 1
                self.heading(block)
                self.label(block.id, f"PH{ph}")
            else:
                pp += 1
                self.marks[block.id] = ""
                self.label(block.id, f"PP{pp}")

    def heading(self, block: Paragraph) -> str:
        """Its printed number (recorded); counts per (level, pattern), reset by a lower level."""
        level = block.level if isinstance(block.level, int) else 1
        for key in [k for k in self.heading_counts if k[0] > level]:
            del self.heading_counts[key]
        for deeper in [k for k in self.open if k >= level]:
            del self.open[deeper]
        key = (level, block.numbering)
        n = self.heading_counts[key] = self.heading_counts.get(key, 0) + 1
        number = heading_number(block.numbering, n) if block.numbering else ""
        self.headings[block.id] = self.marks[block.id] = number
        return number

    def part(self, blocks, prefix: str, lone_rule: bool) -> None:
        restarts = any(b.kind == HEADING and b.restart for b in blocks)
        numbered = sum(1 for b in blocks if b.kind == PARAGRAPH)
        lone = lone_rule and numbered == 1 and not restarts
        lead = f"{prefix} " if prefix else ""
        n = texts = headings = 0
        section = qualified = ""   # the restarting heading's number, for "II OP3" ("I A OP3")
        previous = prefix          # the block (or the annex's label) text blocks count from
        for block in blocks:
            if block.kind == HEADING:
                headings += 1
                number = self.heading(block)
                core = number.rstrip(". ").strip() or str(headings)
                own = f"Heading {core}" if _PLACEHOLDER.fullmatch(block.numbering.rstrip(". ").strip()) \
                    or not block.numbering or _LABEL_LIKE.search(core) else core
                parents = " ".join(self.open[k] for k in sorted(self.open))
                self.open[block.level if isinstance(block.level, int) else 1] = core
                self.later.append((block, lead + own, f"{lead}{parents} {own}" if parents else ""))
                if block.restart:
                    n, section, qualified = 0, core, f"{parents} {core}".strip()
                previous, texts = block, 0
            elif block.kind == PARAGRAPH:
                n += 1
                self.marks[block.id] = "" if lone else f"{n}."
                self.label(block.id, f"{lead}{section + ' ' if section else ''}OP{n}",
                           f"{lead}{qualified} OP{n}" if qualified != section else "")
                self.sub_labels(block, self.labels[block.id], 1)
                previous, texts = block, 0
            elif block.kind == TEXT:
                texts += 1
                self.marks[block.id] = ""
                self.later.append((block, previous, texts))
            elif block.kind == TABLE:
                self.tables += 1
                self.marks[block.id] = ""
                self.label(block.id, f"Table {self.tables}")
            else:   # a stray annex kind cannot be here (parts() splits on them)
                self.marks[block.id] = ""
                self.label(block.id, lead + block.kind)

    def sub_labels(self, para: Paragraph, label: str, depth: int) -> None:
        for j, sub in enumerate(para.subparagraphs, 1):
            mark = self.marks[sub.id] = subparagraph_mark(depth, j)
            self.label(sub.id, f"{label} {mark}")
            self.sub_labels(sub, self.labels[sub.id], depth + 1)


# A heading printed as it stands ("Section 29A") that reads like a structural label
# ("OP2", "Table 1", "Annex", "OP3 (a)", "OP2 text1") is labelled "Heading OP2" instead.
_LABEL_LIKE = re.compile(r"(?:^|\s)(?:PP|PH|OP)\d|^(?:Table|Annex)\b|\btext\d+$")


def labels(doc: Document) -> dict[str, str]:
    """Block id → the label negotiators use (see the module docstring)."""
    return _Numbers(doc).labels


def labels_by_place(doc: Document) -> dict[str, str]:
    """Place ("o-7-2": operative block 7, its second subparagraph; "p-2": PP2) → label,
    for a document that may not be valid (validation names places with it), computed on
    a copy whose ids are the places (the real ones may be missing or repeated). A part
    too broken to number (a block of no known kind, nesting past MAX_DEPTH, a table in
    the preamble) is left out: validation then names its blocks by position."""
    def placed(items, place: str, depth: int):
        if not isinstance(items, (tuple, list)) or depth > MAX_DEPTH:
            return None
        out = []
        for n, para in enumerate(items, 1):
            here = f"{place}-{n}"
            if not isinstance(para, Paragraph) or para.kind not in KINDS or not isinstance(para.numbering, str) \
                    or placeholder_count(para.numbering) > 1 \
                    or (place == "p" and para.kind not in (PARAGRAPH, HEADING)):
                return None
            subs = placed(para.subparagraphs, here, depth + 1)
            if subs is None:
                return None
            out.append(replace(para, id=here, subparagraphs=subs))
        return tuple(out)

    preamble, operative = placed(doc.preamble, "p", 0), placed(doc.operative, "o", 0)
    if operative is None:
        return {}
    # A preamble that cannot be numbered leaves the operative labels as they are.
    return labels(replace(doc, preamble=preamble or (), operative=operative, language="en"))


def marks(doc: Document) -> dict[str, str]:
    """Block id → the mark printed before it: "1.", "(a)", "" (preambular, text, table),
    a heading's number ("II.", "Part I", "" for none), an annex's "Annex II"."""
    return _Numbers(doc).marks


def heading_numbers(doc: Document) -> dict[str, str]:
    """Heading id → its printed number ("II.", "Part I", "Section 3", "" for none)."""
    return _Numbers(doc).headings


def spaced_label(label: str) -> str:
    """"OP4 (a)" → "OP 4 (a)", "II OP3" → "II OP 3": the form printed beside search
    results and precedents."""
    return re.sub(r"\b(PP|OP|PH)(\d+)", r"\1 \2", label)
