"""Exact phrases over the index (engine.py's Snapshot holds the lists and columns).

A phrase's candidates come from its rarest posting lists: pair lists where two common
terms meet, word lists otherwise (at most PHRASE_LISTS); the order of its terms is then
checked in the ``seq`` column of each candidate, so the match stays exact whatever lists
were read. Two refinements (issue #9):

- a Chinese phrase cut inside a run of characters has open edges (analysis.loose_edges):
  its lone first (last) character matches a term ending (starting) with it, next to the
  other terms in ``seq`` ("施，执行上文第" in "措施，执行上文第"); a phrase of two lone
  characters, both open ("展，可" in "发展，可持续"), has no inner term to read: its
  candidates come from every term starting with its last character (at most OPEN_TERMS);
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
OPEN_TERMS = 5_000       # terms starting with the open last character read for a two-character phrase


def phrase_scores(snap, leaf) -> dict[int, float]:
    """{document number: score} of the paragraphs holding the phrase (module docstring)."""
    terms = leaf.terms
    inner = terms[leaf.open_start: len(terms) - leaf.open_end]
    if not inner:
        return _open_pair_scores(snap, leaf)
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


def _open_pair_scores(snap, leaf) -> dict[int, float]:
    """A phrase of two open lone characters ("展，可"): the paragraphs holding a term that
    starts with the second right after one ending with the first, scored as those terms."""
    field = text_field(leaf.language)
    starting: set[str] = set()
    for reader, _, _, _ in snap.leaves:
        for btext, _ in reader.iter_prefix(field, leaf.terms[-1]):
            starting.add(btext.decode("utf-8"))
            if len(starting) >= OPEN_TERMS:
                break
    cand: dict[int, float] = {}
    for term in starting:
        for d, s in snap.term_scores(field, term).items():
            cand[d] = cand.get(d, 0.0) + s
    pattern = _loose_pattern(leaf, ())
    out = {}
    for d, s in cand.items():
        reader, offset, table = snap.segment_of(d)
        if pattern.search(table.sequence(reader, d - offset)):
            out[d] = s
    return out


def _loose_pattern(leaf, inner: tuple) -> re.Pattern:
    """``seq`` holding the inner terms, after a term ending with the open first character
    and before one starting with the open last character."""
    parts = [re.escape(t.encode("utf-8")) for t in inner]
    if leaf.open_start:
        parts.insert(0, rb"[^ ]*" + re.escape(leaf.terms[0].encode("utf-8")))
    if leaf.open_end:
        parts.append(re.escape(leaf.terms[-1].encode("utf-8")) + rb"[^ ]*")
    return re.compile(b" " + b" ".join(parts) + b" ")
