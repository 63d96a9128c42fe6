"""Exact phrases over the index (engine.py's Snapshot holds the lists and columns).

A phrase's candidates come from its rarest posting lists: pair lists where two common
terms meet, word lists otherwise (at most PHRASE_LISTS); the order of its terms is then
checked in the ``seq`` column of each candidate, so the match stays exact whatever lists
were read. Two refinements (issue #9):

- a Chinese phrase cut inside a run of characters has open edges (analysis.loose_edges):
  its lone first (last) character matches a term ending (starting) with it, next to the
  other terms in ``seq`` ("施，执行上文第" in "措施，执行上文第");
- stems conflate words ("وإيجاد الحلول" and "إيجاد الحلول", "periods"/"period"): when at
  most SURFACE_CHECKS public paragraphs match, those whose stored text holds the wording
  as typed (analysis.surface_pattern) are lifted above every stem-only one. The choice
  counts public paragraphs only and the lift (the sum of the lists' idf, a bound on any
  stem-only score) uses public statistics, so a private draft never moves another
  document's score.

``leaf`` is engine._Leaf: language, terms, open_start, open_end, surface.
"""
from __future__ import annotations

import re

from .schema import pair_field, text_field

PHRASE_LISTS = 8         # posting lists read for one phrase (its rarest words and pairs)
SURFACE_CHECKS = 100     # public matches whose stored text is read to rank the exact wording first


def phrase_scores(snap, leaf) -> dict[int, float]:
    """{document number: score} of the paragraphs holding the phrase (module docstring)."""
    terms = leaf.terms
    inner = terms[leaf.open_start: len(terms) - leaf.open_end] or terms
    loose = len(inner) < len(terms)
    common = snap.common.get(leaf.language, frozenset())
    pf, tf_ = pair_field(leaf.language), text_field(leaf.language)
    wanted: dict[tuple[str, str], None] = {}
    covered = [False] * len(inner)
    for i in range(len(inner) - 1):
        if inner[i] in common and inner[i + 1] in common:
            wanted[(pf, f"{inner[i]} {inner[i + 1]}")] = None
            covered[i] = covered[i + 1] = True
    for term, c in zip(inner, covered):
        if not c:
            wanted[(tf_, term)] = None
    chosen = list(wanted)
    if len(chosen) > PHRASE_LISTS:  # a long phrase: its rarest lists find the candidates
        chosen = sorted(chosen, key=lambda ft: (snap.doc_frequency(*ft), ft))[:PHRASE_LISTS]
    lists = []
    for field, term in chosen:
        lists.append(snap.term_scores(field, term))
        if not lists[-1]:
            return {}
    lists.sort(key=len)
    cand = lists[0]
    for other in lists[1:]:
        cand = {d: s + other[d] for d, s in cand.items() if d in other}
        if not cand:
            return {}
    lift = sum(snap.idf(*ft) for ft in chosen)
    if len(terms) == 2 and all(covered):
        return _prefer_surface(snap, leaf.surface, lift, cand)  # one pair list: exact already
    needle = (" " + " ".join(inner) + " ").encode("utf-8")
    pattern = _loose_pattern(leaf, inner) if loose else None
    out = {}
    for d, s in cand.items():
        reader, offset, table = snap.segment_of(d)
        seq = table.sequence(reader, d - offset)
        if needle in seq and (pattern is None or pattern.search(seq)):
            out[d] = s
    return _prefer_surface(snap, leaf.surface, lift, out)


def _prefer_surface(snap, surface: re.Pattern | None, lift: float, scores: dict[int, float]) -> dict[int, float]:
    """``scores`` with ``lift`` added to the paragraphs whose text holds ``surface``, when
    at most SURFACE_CHECKS of them are public (private ones never decide it)."""
    if surface is None or len(scores) > SURFACE_CHECKS and _public(snap, scores, SURFACE_CHECKS) > SURFACE_CHECKS:
        return scores
    return {d: s + lift if surface.search(snap.stored(d).get("text", "")) else s for d, s in scores.items()}


def _public(snap, scores: dict[int, float], enough: int) -> int:
    """How many of ``scores`` are paragraphs of public entries, counting up to ``enough`` + 1."""
    doc_of, infos, n = snap.doc_of, snap.docs, 0
    for d in scores:
        info = infos.get(doc_of[d])
        if info is not None and info.public:
            n += 1
            if n > enough:
                break
    return n


def _loose_pattern(leaf, inner: tuple) -> re.Pattern:
    """``seq`` holding the inner terms, after a term ending with the open first character
    and before one starting with the open last character."""
    head = rb"[^ ]*" + re.escape(leaf.terms[0].encode("utf-8")) + b" " if leaf.open_start else b""
    tail = b" " + re.escape(leaf.terms[-1].encode("utf-8")) + rb"[^ ]*" if leaf.open_end else b""
    return re.compile(b" " + head + re.escape(" ".join(inner).encode("utf-8")) + tail + b" ")
