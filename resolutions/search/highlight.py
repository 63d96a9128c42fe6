"""Snippets: a paragraph HTML-escaped, with the words a query matched in <mark>.

Only the few paragraphs shown on a page are highlighted, by re-analysing their text with
the (cached) analysis of analysis.py, so the index needs no positions or offsets.
"""
from __future__ import annotations

import html

from .analysis import arabic_normalise, fold, is_han, loose_edges, tokens
from .query import positive_texts

SNIPPET_CHARS = 320


def prefix_term(language: str, text: str) -> str:
    """A prefix as the index holds terms of ``language`` (lower case, folded, unstemmed)."""
    w = text.lower()
    if language == "ar":
        w = arabic_normalise(w)
    elif language == "ru":
        w = w.replace("ё", "е")
    else:
        w = fold(w)
    return w if w.strip() else ""



def highlight(text: str, language: str, groups: list[tuple[str, ...]], prefixes: list[str],
              width: int = SNIPPET_CHARS) -> str:
    """The paragraph (or a window of it) HTML-escaped, each matched word or phrase in <mark>."""
    toks = tokens(language, text)
    spans: list[tuple[int, int]] = []
    terms = [t for t, _, _ in toks]
    if groups or prefixes:
        firsts: dict[str, list[tuple[str, ...]]] = {}
        loose = []
        for g in groups:
            edges = loose_edges(language, list(g))
            if any(edges):
                loose.append((g, *edges))
            else:
                firsts.setdefault(g[0], []).append(g)
        for i, term in enumerate(terms):
            for g in firsts.get(term, ()):
                if tuple(terms[i:i + len(g)]) == g:
                    spans.append((toks[i][1], toks[i + len(g) - 1][2]))
            for g, open_start, open_end in loose:
                span = _loose_match(toks, i, g, open_start, open_end)
                if span:
                    spans.append(span)
            if prefixes and any(term.startswith(p) for p in prefixes):
                spans.append((toks[i][1], toks[i][2]))
    spans = _merge(sorted(spans), text)
    start, end = _window(text, spans, width)
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def _loose_match(toks, i: int, g: tuple[str, ...], open_start: bool, open_end: bool):
    """The span of phrase ``g`` at token ``i`` when its open first (last) character may
    end (start) a longer token, as the engine matched it (analysis.loose_edges)."""
    n = len(g)
    if i + n > len(toks):
        return None
    here = [t for t, _, _ in toks[i:i + n]]
    a, b = int(open_start), n - int(open_end)
    if here[a:b] != list(g[a:b]):
        return None
    if (open_start and not here[0].endswith(g[0])) or (open_end and not here[-1].startswith(g[-1])):
        return None
    start = toks[i][2] - len(g[0]) if open_start else toks[i][1]
    end = toks[i + n - 1][1] + len(g[-1]) if open_end else toks[i + n - 1][2]
    return start, end


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans, or spans apart only by spaces, become one."""
    out: list[list[int]] = []
    for s, e in spans:
        if out and (s <= out[-1][1] or not text[out[-1][1]:s].strip()):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _window(text: str, spans, width: int) -> tuple[int, int]:
    if len(text) <= width + width // 4:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        # the window holding the most marks, starting a little before the first of them
        best, start = -1, 0
        for i, (s, _) in enumerate(spans):
            count = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
            if count > best:
                best, start = count, s
        start = max(0, start - width // 5)
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    # cut at word boundaries
    if start > 0:
        sp = text.find(" ", start)
        if 0 <= sp < start + 30 and all(not (s <= sp < e) for s, e in spans):
            start = sp + 1
    if end < len(text):
        sp = text.rfind(" ", end - 30, end)
        if sp > start and all(not (s <= sp < e) for s, e in spans):
            end = sp
    return start, end


def highlight_terms(node, languages_of_doc: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The term sequences and prefixes to mark in a document of the given language."""
    groups, prefixes = [], []
    for t in positive_texts(node):
        if t.prefix:
            p = prefix_term(languages_of_doc, t.text)
            if p:
                prefixes.append(p)
        else:
            seq = tuple(x for x, _, _ in tokens(languages_of_doc, t.text))
            if len(seq) == 1 and languages_of_doc == "zh" and len(seq[0]) == 1 and is_han(seq[0]):
                prefixes.append(seq[0])  # as leaves_of() searched it
            elif seq:
                groups.append(seq)
    return groups, prefixes


