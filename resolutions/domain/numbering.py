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
A label that would repeat (two "Heading A" under different sections) is qualified with
the enclosing headings ("I Heading A"), then with " (2)".
"""
from __future__ import annotations

import re

from .document import HEADING, PARAGRAPH, TABLE, TEXT, Document, Paragraph
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
    def __init__(self, doc: Document):
        self.doc = doc
        self.marks: dict[str, str] = {}
        self.headings: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.used: set[str] = set()
        self.tables = 0
        self.heading_counts: dict[tuple[int, str], int] = {}
        self.open: dict[int, str] = {}   # level → the open heading's label core
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
            if annex is not None:
                annex_n += 1
                mark = annex_mark(self.doc.language, annex_n, total)
                prefix = "Annex" if total == 1 else f"Annex {roman(annex_n).upper()}"
                self.marks[annex.id] = mark
                self.label(annex.id, prefix)
                self.heading_counts, self.open = {}, {}
            self.part(blocks, prefix, lone_rule=annex is None)

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
        section = ""           # the restarting heading's number, for "II OP3"
        previous = prefix      # the label text blocks count from
        for block in blocks:
            if block.kind == HEADING:
                headings += 1
                number = self.heading(block)
                core = number.rstrip(". ").strip() or str(headings)
                own = core if (block.numbering and not _PLACEHOLDER.fullmatch(
                    block.numbering.rstrip(". ").strip())) else f"Heading {core}"
                parents = " ".join(self.open[k] for k in sorted(self.open))
                self.open[block.level if isinstance(block.level, int) else 1] = core
                self.label(block.id, lead + own, f"{lead}{parents} {own}" if parents else "")
                if block.restart:
                    n, section = 0, core
                previous, texts = self.labels[block.id], 0
            elif block.kind == PARAGRAPH:
                n += 1
                self.marks[block.id] = "" if lone else f"{n}."
                own = f"{lead}{section + ' ' if section else ''}OP{n}"
                self.label(block.id, own)
                _sub_labels(block, own, 1, self.labels, self.marks)
                previous, texts = own, 0
            elif block.kind == TEXT:
                texts += 1
                self.marks[block.id] = ""
                self.label(block.id, f"{previous} text{texts}".strip())
                _sub_labels(block, self.labels[block.id], 1, self.labels, self.marks)
            elif block.kind == TABLE:
                self.tables += 1
                self.marks[block.id] = ""
                self.label(block.id, f"Table {self.tables}")
            else:   # a stray annex kind cannot be here (parts() splits on them)
                self.marks[block.id] = ""
                self.label(block.id, lead + block.kind)


def _sub_labels(para: Paragraph, label: str, depth: int, labels_out: dict, marks_out: dict) -> None:
    for j, sub in enumerate(para.subparagraphs, 1):
        mark = subparagraph_mark(depth, j)
        marks_out[sub.id] = mark
        labels_out[sub.id] = f"{label} {mark}"
        _sub_labels(sub, f"{label} {mark}", depth + 1, labels_out, marks_out)


def labels(doc: Document) -> dict[str, str]:
    """Block id → the label negotiators use (see the module docstring)."""
    return _Numbers(doc).labels


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
