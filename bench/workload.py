"""The benchmark's inputs, all built from the real UN resolutions in ../shared/corpus.

Nothing is copied into the repository: the corpus is read in place. Every choice
(which resolutions, which words change, which paragraphs move) is deterministic, so two
runs on two machines measure the same work.
"""
from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from resolutions.domain.alignment import align_ids
from resolutions.domain.document import Document, Paragraph
from resolutions.domain.footnote_markup import render
from resolutions.domain.validation import validate
from resolutions.formats.akn_reader import read_akn

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
AKN = CORPUS / "akn"

# "About 60 paragraphs": preambular + operative + subparagraphs, every level counted.
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 50, 70
PICK = 5
EDIT_SHARE = 0.10


@dataclass(frozen=True)
class Source:
    path: Path
    doc: Document

    @property
    def paragraphs(self) -> int:
        return count_paragraphs(self.doc)

    @property
    def number(self) -> int:
        m = re.search(r"/(\d+)(?:\s|$)", self.doc.symbol or "")
        return int(m.group(1)) if m else 0


def count_paragraphs(doc: Document) -> int:
    return sum(1 for _ in doc.walk())


def count_words(doc: Document) -> int:
    return sum(len(p.text.split()) for _, _, p in doc.walk())


def shown_texts(doc: Document) -> list[str]:
    """Paragraph texts as the editor and diff_documents see them (footnotes inline)."""
    return [render(p.text, p.footnotes) for _, _, p in doc.walk()]


def load_session(session: int) -> list[Source]:
    """Every single-resolution file of one session's English folder, in resolution order."""
    out = []
    for path in sorted((AKN / str(session) / "English").glob("*.xml")):
        docs = read_akn(path)
        if len(docs) == 1 and docs[0].symbol:
            out.append(Source(path, docs[0]))
    return sorted(out, key=lambda s: (s.number, s.path.name))


def _valid(doc: Document) -> bool:
    try:
        validate(doc)
    except Exception:
        return False
    return True


def pick_resolutions(sources: list[Source], k: int = PICK) -> list[Source]:
    """k resolutions of 50–70 paragraphs, evenly spread over the session's numbers."""
    fit = [s for s in sources if MIN_PARAGRAPHS <= s.paragraphs <= MAX_PARAGRAPHS and _valid(s.doc)]
    if len(fit) < k:
        raise SystemExit(f"only {len(fit)} resolutions of {MIN_PARAGRAPHS}–{MAX_PARAGRAPHS} paragraphs")
    return [fit[round(i * (len(fit) - 1) / (k - 1))] for i in range(k)]


# ---------------------------------------------------------------------------- edits

_REPLACEMENTS = ("further", "strongly", "all", "relevant", "urgently", "fully", "regional",
                 "effective", "continued", "national")
_INSERTIONS = ("and regional", "in particular", "as appropriate", "fully and effectively",
               "within existing resources", "and civil society")
ADDED_TEXT = ("Encourages Member States to share best practices and lessons learned in the "
              "implementation of the present resolution, including through voluntary national reviews;")
ADDED_ID = "bench-added-1"


@dataclass(frozen=True)
class EditScript:
    word_edited: tuple[str, ...]
    moved: tuple[str, ...]
    deleted: str
    added: str

    def describe(self, total: int) -> str:
        return (f"{len(self.word_edited)} of {total} paragraphs edited word by word, "
                f"2 moved, 1 deleted, 1 added")


def _edit_words(para: Paragraph, rng: random.Random) -> Paragraph:
    """One to three whole-word edits after the italic opening: replace, insert, delete."""
    start = para.opening_length or 0
    head, tail = para.text[:start], para.text[start:]
    words = tail.split(" ")
    inner = [i for i, w in enumerate(words) if w and i > 0]
    if len(inner) < 4:
        inner = [i for i, w in enumerate(words) if w]
    kinds = ["replace", "insert", "delete"]
    rng.shuffle(kinds)
    for kind in kinds[: rng.randint(1, 3)]:
        i = rng.choice(inner)
        if i >= len(words):
            continue
        if kind == "replace":
            # Keep the punctuation that ends the word: "States," → "further,"
            m = re.match(r"^(.*?)([.,;:)]*)$", words[i])
            words[i] = rng.choice(_REPLACEMENTS) + m.group(2)
        elif kind == "insert":
            words.insert(i, rng.choice(_INSERTIONS))
        elif len(words) > 6:
            del words[i]
    text = head + " ".join(words)
    return replace(para, text=text)


def _map(paras: tuple[Paragraph, ...], fn) -> tuple[Paragraph, ...]:
    return tuple(fn(replace(p, subparagraphs=_map(p.subparagraphs, fn))) for p in paras)


def edited_revision(doc: Document) -> tuple[Document, EditScript]:
    """The same resolution after a round of negotiation: ~10 % of paragraphs edited
    word by word, two paragraphs moved, one deleted, one added. Kept paragraphs keep
    their ids. The seed is the symbol, so the script is the same on every run."""
    rng = random.Random(zlib.crc32((doc.symbol or doc.title).encode()))
    every = [p for _, _, p in doc.walk()]
    total = len(every)
    operative = list(doc.operative)
    preamble = list(doc.preamble)

    # Delete one top-level operative paragraph without subparagraphs, from the middle.
    plain = [k for k, p in enumerate(operative) if not p.subparagraphs and 0 < k < len(operative) - 1]
    gone = operative.pop(plain[len(plain) // 2]) if plain else preamble.pop(len(preamble) // 2)

    # Word edits: ~10 % of all paragraphs, any level, none with footnotes (their
    # markers sit at character offsets) and not the deleted one.
    candidates = [p.id for p in every if not p.footnotes and p.id != gone.id and len(p.text.split()) >= 6]
    chosen = set(rng.sample(candidates, max(1, round(EDIT_SHARE * total))))
    edit = lambda p: _edit_words(p, rng) if p.id in chosen else p
    preamble, operative = list(_map(tuple(preamble), edit)), list(_map(tuple(operative), edit))

    # Move two paragraphs: one preambular three places down, one operative four places up.
    moved = []
    if len(preamble) >= 6:
        k = len(preamble) // 3
        p = preamble.pop(k)
        preamble.insert(k + 3, p)
        moved.append(p.id)
    k = min(len(operative) - 1, (2 * len(operative)) // 3)
    p = operative.pop(k)
    operative.insert(max(0, k - 4), p)
    moved.append(p.id)
    if len(moved) < 2:
        p = operative.pop(1)
        operative.insert(len(operative) - 1, p)
        moved.append(p.id)

    # Add one operative paragraph, before the last two.
    added = Paragraph(id=ADDED_ID, text=ADDED_TEXT, opening_length=len("Encourages"))
    operative.insert(max(0, len(operative) - 2), added)

    new = replace(doc, preamble=tuple(preamble), operative=tuple(operative))
    validate(new)
    return new, EditScript(tuple(sorted(chosen)), tuple(moved), gone.id, ADDED_ID)


# ---------------------------------------------------------------------------- two sessions

def aligned_pair(old: Document, new: Document) -> tuple[Document, int]:
    """``new`` with the ids of the ``old`` paragraphs it continues (two sessions' files
    number their paragraphs afresh), and how many paragraphs found their old id."""
    aligned = align_ids(old, new)
    validate(aligned)
    kept = set(old.paragraph_ids())
    return aligned, sum(1 for pid in aligned.paragraph_ids() if pid in kept)


@dataclass(frozen=True)
class YearPair:
    title: str
    old: Source
    new: Source
    aligned: Document
    matched: int


def recurring_pairs(older: list[Source], newer: list[Source]) -> list[YearPair]:
    """Resolutions adopted under the same title in both sessions (once in each), both of
    50–70 paragraphs, in the newer session's order."""
    by_title_old: dict[str, list[Source]] = {}
    by_title_new: dict[str, list[Source]] = {}
    for s in older:
        by_title_old.setdefault(s.doc.title, []).append(s)
    for s in newer:
        by_title_new.setdefault(s.doc.title, []).append(s)
    pairs = []
    for s in newer:
        o, n = by_title_old.get(s.doc.title, []), by_title_new[s.doc.title]
        if len(o) == 1 and len(n) == 1 and all(
                MIN_PARAGRAPHS <= x.paragraphs <= MAX_PARAGRAPHS for x in (o[0], s)):
            aligned, matched = aligned_pair(o[0].doc, s.doc)
            pairs.append(YearPair(s.doc.title, o[0], s, aligned, matched))
    return pairs
