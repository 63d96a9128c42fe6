"""Printed numbers and labels, computed from position, never stored.

Operative paragraphs are "1.", "2." … (a lone one is unnumbered); subparagraphs
are (a), (b) … then (i), (ii) … then a., b. (UN-FORMAT.md §2). Negotiators refer to
paragraphs as PP3, OP4, OP4 (b) (ii).
"""
from __future__ import annotations

import re

from .document import Document, Paragraph

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (the Editorial Manual doubles letters past z)."""
    letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    return letter * ((n - 1) // 26 + 1)


def subparagraph_mark(depth: int, n: int) -> str:
    """The printed mark of the n-th subparagraph at depth 1, 2 or 3."""
    if depth == 1:
        return f"({letters(n)})"
    if depth == 2:
        return f"({roman(n)})"
    return f"{letters(n)}."


def operative_mark(n: int, total: int) -> str:
    return "" if total == 1 else f"{n}."


def labels(doc: Document) -> dict[str, str]:
    """Paragraph id → the label negotiators use: PP1, OP2, OP2 (a), OP2 (a) (i)."""
    out: dict[str, str] = {}
    for i, para in enumerate(doc.preamble, 1):
        out[para.id] = f"PP{i}"
    for i, para in enumerate(doc.operative, 1):
        _label_tree(para, f"OP{i}", out)
    return out


def _label_tree(para: Paragraph, label: str, out: dict[str, str]) -> None:
    out[para.id] = label
    depth = label.count("(") + 1
    for j, sub in enumerate(para.subparagraphs, 1):
        _label_tree(sub, f"{label} {subparagraph_mark(depth, j)}", out)


def marks(doc: Document) -> dict[str, str]:
    """Paragraph id → the mark printed before it ("1.", "(a)", "" for preambular)."""
    out: dict[str, str] = {p.id: "" for p in doc.preamble}
    total = len(doc.operative)
    for i, para in enumerate(doc.operative, 1):
        out[para.id] = operative_mark(i, total)
        _mark_subs(para, 1, out)
    return out


def _mark_subs(para: Paragraph, depth: int, out: dict[str, str]) -> None:
    for j, sub in enumerate(para.subparagraphs, 1):
        out[sub.id] = subparagraph_mark(depth, j)
        _mark_subs(sub, depth + 1, out)


def spaced_label(label: str) -> str:
    """"OP4 (a)" → "OP 4 (a)": the form printed beside search results and precedents."""
    return re.sub(r"^(PP|OP)(\d+)", r"\1 \2", label)
