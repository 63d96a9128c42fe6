"""Give a text written apart the paragraph ids of the text it continues.

Ids are stable within one history of revisions, so ``diff_documents`` matches
paragraphs by id. Two texts with separate histories — last year's resolution and this
year's draft built on it, an imported PDF and the UN's XML of the same resolution — share
no ids. ``align_ids`` lines their paragraphs up by wording and returns the newer text
with the older text's ids on every paragraph that continues one; after that the diff
reports "same", "changed" or "moved" paragraphs instead of everything deleted and added.

Paragraphs are compared within their part (preamble, operative) by the overlap of their
words (Dice coefficient over word sets). The alignment keeps reading order (the best
order-preserving pairing, each pair counting by how far its overlap clears the bar);
paragraphs left over on both sides that are still very close are paired afterwards as
moved. Subparagraphs are aligned the same way
inside each pair of aligned paragraphs. Blocks pair only with blocks of their kind; a
heading is compared by its number pattern and text, a table by its title and cells.
"""
from __future__ import annotations

import re

from .document import HEADING, OPERATIVE, PARAGRAPH, PREAMBLE, TABLE, Document, Paragraph, with_ids

# Below this overlap two paragraphs are different paragraphs, not two wordings of one.
MATCH = 0.5
# A paragraph that left its place must be this close to be called moved.
MOVED = 0.75

_WORDS = re.compile(r"\w+")


def similarity(a: str, b: str) -> float:
    """Overlap of the two texts' words, 0 (none in common) to 1 (same words)."""
    return _dice(_words(a), _words(b))


def _words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORDS.findall(text))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def pair_paragraphs(old: tuple[Paragraph, ...] | list[Paragraph],
                    new: tuple[Paragraph, ...] | list[Paragraph],
                    match: float = MATCH, moved: float = MOVED) -> list[tuple[int, int]]:
    """(index in old, index in new) of the paragraphs that continue one another."""
    if not old or not new:
        return []
    a = [_words(_compared(p)) for p in old]
    b = [_words(_compared(p)) for p in new]
    kinds_a = [getattr(p, "kind", PARAGRAPH) for p in old]
    kinds_b = [getattr(p, "kind", PARAGRAPH) for p in new]
    sim = [[_dice(x, y) if ka == kb else 0.0 for y, kb in zip(b, kinds_b)] for x, ka in zip(a, kinds_a)]
    n, m = len(a), len(b)
    # A pair is worth what its overlap exceeds the bar by, so that one exact pair
    # outweighs two doubtful ones and a moved paragraph does not drag the rest along.
    gain = [[s - match + 1e-9 if s >= match else 0.0 for s in row] for row in sim]
    # best[i][j]: the best total gain pairing old[:i] with new[:j] in order.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, g = best[i], best[i - 1], gain[i - 1]
        for j in range(1, m + 1):
            value = prev[j] if prev[j] >= row[j - 1] else row[j - 1]
            if g[j - 1] and prev[j - 1] + g[j - 1] > value:
                value = prev[j - 1] + g[j - 1]
            row[j] = value
    pairs = []
    i, j = n, m
    while i and j:
        g = gain[i - 1][j - 1]
        if g and best[i][j] == best[i - 1][j - 1] + g:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    # Paragraphs that moved: the closest leftovers, best first.
    left_old = set(range(n)) - {p for p, _ in pairs}
    left_new = set(range(m)) - {q for _, q in pairs}
    candidates = sorted(((sim[p][q], p, q) for p in left_old for q in left_new
                         if sim[p][q] >= moved), reverse=True)
    for _, p, q in candidates:
        if p in left_old and q in left_new:
            pairs.append((p, q))
            left_old.discard(p)
            left_new.discard(q)
    return sorted(pairs, key=lambda pq: pq[1])


def _compared(para) -> str:
    kind = getattr(para, "kind", PARAGRAPH)
    if kind == HEADING:
        return f"{para.numbering} {para.text}"
    if kind == TABLE:
        return " ".join([para.text, *(cell for row in para.rows for cell in row)])
    return para.text


def align_ids(old: Document, new: Document, match: float = MATCH, moved: float = MOVED) -> Document:
    """``new`` with the ids of ``old`` on the paragraphs that continue paragraphs of ``old``.

    A paragraph of ``new`` that continues none keeps its id, unless ``old`` uses that id
    for another paragraph; then it gets a fresh one. Texts, footnotes and order are
    untouched.
    """
    renamed: dict[int, str] = {}   # id(new paragraph object) → old id

    def walk(olds, news):
        for p, q in pair_paragraphs(olds, news, match, moved):
            renamed[id(news[q])] = olds[p].id
            walk(olds[p].subparagraphs, news[q].subparagraphs)

    for section in (PREAMBLE, OPERATIVE):
        walk(old.section(section), new.section(section))
    return with_ids(new, lambda para: renamed.get(id(para)), set(old.paragraph_ids()))
