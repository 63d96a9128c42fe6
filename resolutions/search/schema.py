"""The Whoosh schema and how an IndexEntry becomes Whoosh documents.

One Whoosh document per paragraph (every level: PP3, OP4, OP4 (a) (ii); headings, annex
titles and tables too, a table by its title and cells, see context.py; stored with it,
its heading context when it has one) and one "head"
document per entry holding its title and, stored, the entry's facts. All documents of
an entry share its ``key`` (for delete/update) and, in the ``doc`` column, a 64-bit
number derived from the key: the searcher maps a matching paragraph to its entry with
one array lookup.

Per language ``xx`` in en, fr, es, ru, ar, zh (an entry fills only its language's):
- ``text_xx``: the terms of analysis.py, with their frequency (no positions);
- ``pair_xx``: adjacent terms joined ("sustain develop"), for pairs of *common* terms
  only (terms found in at least COMMON_SHARE of the language's paragraphs): the phrases
  that would otherwise need long posting lists are one short list each.

And one column, ``seq``: the paragraph's terms in order, space-separated. A phrase is
checked exactly by looking for its terms, in order, in ``seq`` of each candidate. Each
value is compressed on its own (zlib level 1: 0.57 of the bytes on sessions 77–78, a
third of the index; a read costs about a microsecond more).

Why frequencies and not positions or character offsets in the postings: measured on
this corpus, Whoosh reads a posting list of the ``Frequency`` format about five times
faster than one with ``Characters`` (0.12 against 0.7 µs a posting), and the engine
reads whole lists. Exact phrases come from ``seq``; highlighting re-reads the few short
paragraphs shown (with the same cached analysis), which costs well under a millisecond
a page.
"""
from __future__ import annotations

import datetime
import hashlib
from itertools import compress, islice
from operator import and_

from whoosh import fields
from whoosh.analysis import Analyzer, Token
from whoosh.columns import CompressedBytesColumn, NumericColumn

from ..domain.numbering import labels, spaced_label
from .analysis import LANGUAGES, pairs, terms
from .context import contexts, indexed_text
from .model import IndexEntry

SCHEMA_VERSION = 5   # 3: common terms from public entries only; manifest.json; 4: headings, tables, context;
                     # 5: seq compressed
HEAD, PARAGRAPH = "h", "p"
TITLE_LABEL = "Title"


def text_field(language: str) -> str:
    return f"text_{language}"


def pair_field(language: str) -> str:
    return f"pair_{language}"


def doc_number(key: str) -> int:
    """A stable, non-zero signed 64-bit number for an entry key."""
    n = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)
    return n or 1


class Analysed(str):
    """A string that carries its terms and chosen pairs, so that text is analysed once."""

    __slots__ = ("terms", "pairs")


class PreparedAnalyzer(Analyzer):
    """Yields the terms of analysis.terms() (or, for a pair field, the chosen pairs)."""

    def __init__(self, language: str, pair: bool = False):
        self.language = language
        self.pair = pair

    def __repr__(self):
        return f"PreparedAnalyzer({self.language!r}, pair={self.pair})"

    def prepared(self, value) -> list[str]:
        """The terms (or pairs) of ``value`` in order, as __call__ yields them: the fast
        path of whoosh_bulk.add_document."""
        if self.pair:
            chosen = getattr(value, "pairs", None)
            return chosen if chosen is not None else pairs(terms(self.language, value))
        chosen = getattr(value, "terms", None)
        return chosen if chosen is not None else terms(self.language, value)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if chars:
            t.startchar = t.endchar = start_char
        if self.pair:
            chosen = getattr(value, "pairs", None)
            chosen = enumerate(chosen if chosen is not None else pairs(terms(self.language, value)))
        else:
            chosen = getattr(value, "terms", None)
            if chosen is None:
                chosen = terms(self.language, value)
            chosen = enumerate(chosen)
        for pos, term in chosen:
            t.text = term
            if positions:
                t.pos = start_pos + pos
            yield t


def make_schema() -> fields.Schema:
    spec = {
        "key": fields.ID(),
        "unit": fields.ID(),
        "doc": fields.COLUMN(NumericColumn("q")),
        "seq": fields.COLUMN(CompressedBytesColumn(level=1)),
        "pid": fields.STORED(),
        "label": fields.STORED(),
        "text": fields.STORED(),
        "meta": fields.STORED(),
        "context": fields.STORED(),
    }
    for lang in LANGUAGES:
        spec[text_field(lang)] = fields.TEXT(analyzer=PreparedAnalyzer(lang), phrase=False)
        spec[pair_field(lang)] = fields.TEXT(analyzer=PreparedAnalyzer(lang, pair=True), phrase=False)
    return fields.Schema(**spec)


def entry_meta(entry: IndexEntry) -> dict:
    return {
        "key": entry.key, "kind": entry.kind, "symbol": entry.symbol, "draft_id": entry.draft_id,
        "body": entry.body, "session": int(entry.session), "language": entry.language, "title": entry.title,
        "date": entry.date.isoformat() if entry.date else None, "sponsors": list(entry.sponsors),
        "subjects": list(entry.subjects), "agenda": entry.agenda, "visible_to": list(entry.visible_to),
    }


def check_entry(entry: IndexEntry) -> None:
    if entry.language not in LANGUAGES:
        raise ValueError(f"{entry.key}: unsupported language {entry.language!r}")
    if entry.kind not in ("resolution", "draft"):
        raise ValueError(f"{entry.key}: kind must be resolution or draft, not {entry.kind!r}")
    if not entry.visible_to:
        raise ValueError(f"{entry.key}: visible_to is empty; use ('all',) for public entries")
    if entry.date is not None and not isinstance(entry.date, datetime.date):
        raise ValueError(f"{entry.key}: date must be a datetime.date")


def sequence(terms: list[str]) -> bytes:
    """The ``seq`` column value: " t1 t2 … tn " (spaces at both ends, for whole-term search)."""
    return (" " + " ".join(terms) + " ").encode("utf-8")


def _analysed(text: str, words: list[str], common: frozenset) -> Analysed:
    value = Analysed(text)
    value.terms = words
    value.pairs = _common_pairs(words, common) if common else []
    return value


def _common_pairs(words: list[str], common: frozenset) -> list[str]:
    """"a b" for each two adjacent words both common. The tests run in C (map, compress):
    only the pairs found cost a Python step, not every word."""
    inside = list(map(common.__contains__, words))
    starts = compress(range(len(words) - 1), map(and_, inside, islice(inside, 1, None)))
    return [words[i] + " " + words[i + 1] for i in starts]


def entry_terms(entry: IndexEntry) -> list[list[str]]:
    """The terms of the title, then of each paragraph that has text, in reading order."""
    lang = entry.language
    return [terms(lang, entry.title or "")] + [terms(lang, text) for _, text in indexed_blocks(entry.document)]


def indexed_blocks(doc) -> list[tuple]:
    """(paragraph, its indexed text) for every paragraph, heading, annex title and table
    of ``doc`` that has text, in reading order."""
    out = []
    for _, _, para in doc.walk():
        text = indexed_text(para)
        if text.strip():
            out.append((para, text))
    return out


def entry_documents(entry: IndexEntry, common: frozenset | None = None,
                    analysed: list[list[str]] | None = None) -> list[dict]:
    """The Whoosh documents of one entry: its head (title + facts), then its paragraphs.

    ``common``: the terms of this language that pair up (see index.py); ``analysed``:
    entry_terms(entry) if already computed."""
    check_entry(entry)
    lang = entry.language
    common = common or frozenset()
    analysed = analysed if analysed is not None else entry_terms(entry)
    tf, pf = text_field(lang), pair_field(lang)
    number = doc_number(entry.key)
    title = _analysed(str(entry.title or ""), analysed[0], common)
    docs = [{"key": entry.key, "unit": HEAD, "doc": number, "pid": "", "label": TITLE_LABEL,
             "text": str(entry.title or ""), "meta": entry_meta(entry), tf: title, pf: title,
             "seq": sequence(analysed[0])}]
    names = labels(entry.document)
    around = contexts(entry.document)
    for (para, text), words in zip(indexed_blocks(entry.document), analysed[1:]):
        value = _analysed(text, words, common)
        doc = {"key": entry.key, "unit": PARAGRAPH, "doc": number, "pid": para.id,
               "label": spaced_label(names.get(para.id, "")), "text": text, tf: value, pf: value,
               "seq": sequence(words)}
        if around.get(para.id):
            doc["context"] = around[para.id]
        docs.append(doc)
    return docs
