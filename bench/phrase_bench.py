"""Phrase search per language (issue #9): an exact phrase from a paragraph, quoted and
searched in its language, must bring its resolution first.

    .venv/bin/python bench/phrase_bench.py                 # report set; writes BENCHMARKS.md
    .venv/bin/python bench/phrase_bench.py --set tune --no-write --languages ar,zh --misses

Corpus: ../shared/corpus/akn read in place, every resolution of the chosen languages
indexed (all sessions, so that phrases compete with the whole corpus). Sets, fixed so
that tuning never sees the report set: English tunes on sessions 75–77 and reports on
78; Arabic, Chinese, French, Russian and Spanish only have session 78, whose resolutions
are split in two halves by a seeded hash of the symbol (tune / report).

Phrases: PER_LANGUAGE per language, seeded: a paragraph of a resolution of the set, 4–8
consecutive words (Chinese: 6–12 consecutive characters from a Han character to a Han
character). Quote characters inside are dropped (a quoted query cannot hold them). A
phrase whose wording (case, punctuation, spacing, Arabic marks ignored) occurs in more than one
resolution of its language is counted "not unique" and replaced, so that "first" has
one right answer. A hit: ``search('"phrase"', language)`` ranks the resolution first.
"""
from __future__ import annotations

import bisect
import hashlib
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import start  # noqa: E402
from sections import write_section  # noqa: E402
from workload import AKN  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.search import IndexEntry, SearchIndex, SearchQuery  # noqa: E402
from resolutions.search.analysis import LANGUAGE_NAMES, LANGUAGES, arabic_normalise, is_han  # noqa: E402

SECTION = "## Phrase search per language (issue #9)"
SEED = 9
PER_LANGUAGE = 300
FOLDERS = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic", "zh": "Chinese"}
SETS = {"report": "English: session 78; the other languages: the seeded report half of session 78; tuning "
                  "used English 75–77 and the other half",
        "tune": "English: sessions 75–77; the other languages: the seeded tuning half of session 78"}
# What tuning found (tuning sets only; the engine before issue #9 unless said).
CAUSES = (
    "Causes found while tuning, and fixed (before, 120 phrases a language: Arabic 119, Chinese 106, the "
    "others 120). "
    "(1) Chinese, all 14 misses: a phrase cut out of a text begins with the last character of a run of "
    "characters (\"施，执行上文第\" from \"措施，执行…\") or ends with the first of one (\"…捐助，以\" "
    "before \"以便\"); that lone character analyses to a unigram where the text holds a bigram. Now an "
    "open first (last) character matches a term ending (starting) with it, next to the other terms in "
    "`seq` (analysis `loose_edges`, phrases `_loose_pattern`; highlighting the same). "
    "(2) Arabic, 1 miss: light stemming drops the conjunction و, so \"وإيجاد الحلول الدائمة لهم\" also "
    "matched \"إيجاد الحلول الدائمة لهم\" in another resolution, which ranked higher; English, 1 miss in "
    "300 (\"periods from 1 July 2021\" against 34 resolutions saying \"period from …\"). Now, when at most "
    "100 public paragraphs match a phrase, those holding its words as typed (case, accents, harakat, "
    "tatweel, alef/ya/ta marbuta free; clitics and inflections kept) rank above every stem-only match "
    "(phrases `_prefer_surface`, analysis `surface_pattern`; public statistics only, so private drafts "
    "still move no score). "
    "(3) With 1,000 Arabic phrases, 2 \"misses\" were one wording written with a shadda in one resolution "
    "and without in another: the same words, so the uniqueness scan ignores Arabic marks and letter "
    "variants too (they count as not unique). "
    "(4) Found by a scan of the corpus, not by a miss (a copied phrase carries them): invisible format "
    "characters inside words (U+200E in 2 Chinese words, a soft hyphen in 1 Russian word) split them, "
    "so the word typed plainly missed; they are now read as absent (analysis `_visible`). "
    "Checked and not a cause: diacritics and tatweel (stripped on both sides), alef/ya/ta marbuta "
    "(normalised on both sides), punctuation and quotes inside a phrase (not terms).")
_QUOTES = re.compile('["“”„«»]')


def load(languages) -> list[IndexEntry]:
    """One entry per resolution and language (a file in two folders counts once)."""
    out, seen = [], set()
    for lang in languages:
        for path in sorted(AKN.glob(f"*/{FOLDERS[lang]}/*.xml")):
            for doc in read_akn(path):
                key = f"res:{doc.symbol or path.stem}:{doc.language}"
                if doc.language != lang or key in seen:
                    continue
                seen.add(key)
                out.append(IndexEntry(key=key, kind="resolution", symbol=doc.symbol or path.stem, draft_id=None,
                                      body=doc.body, session=doc.session, language=doc.language, title=doc.title,
                                      date=None, sponsors=(), subjects=(), agenda="", visible_to=("all",),
                                      document=doc))
    return out


def in_set(entry: IndexEntry, which: str) -> bool:
    """English: tune 75–77, report 78. Other languages: a seeded half of session 78 each."""
    if entry.language == "en":
        return (entry.session == 78) == (which == "report")
    if entry.session != 78:
        return False
    half = hashlib.sha256(f"{SEED}:{entry.symbol}".encode()).digest()[0] % 2
    return half == (1 if which == "report" else 0)


def wording(text: str, language: str) -> str:
    """What a phrase says: case, punctuation and spacing ignored (Chinese: no spaces at all);
    Arabic also without its optional marks (harakat, tatweel) and letter variants (أ/ا, ى/ي,
    ة/ه), which writers use or leave out at will: "تشدِّد" and "تشدد" are one word."""
    text = text.casefold()
    if language == "ar":
        text = arabic_normalise(text)
    words = re.findall(r"\w+", text)
    return ("" if language == "zh" else " ").join(words)


class Texts:
    """All paragraph wordings of one language in one string, to count the resolutions
    holding a phrase by scanning (not by the engine under test)."""

    def __init__(self, entries: list[IndexEntry], language: str):
        parts, self.starts, self.keys, at = [], [], [], 0
        for e in entries:
            if e.language != language:
                continue
            text = "\n".join(wording(t, language) for t in [e.title, *(p.text for _, _, p in e.document.walk())])
            self.starts.append(at)
            self.keys.append(e.key)
            parts.append(text)
            at += len(text) + 1
        self.all = "\x00".join(parts)

    def holders(self, needle: str, stop: int = 2) -> set[str]:
        found, i = set(), self.all.find(needle)
        while i >= 0 and len(found) < stop:
            found.add(self.keys[bisect.bisect_right(self.starts, i) - 1])
            i = self.all.find(needle, i + 1)
        return found


def sample_phrase(text: str, language: str, rng: random.Random) -> str | None:
    text = _QUOTES.sub(" ", text)
    if language == "zh":
        han = [i for i, c in enumerate(text) if is_han(c)]
        if len(han) < 6:
            return None
        size = rng.randint(6, 12)
        first = rng.randrange(len(text))
        starts = [i for i in han if i >= first] or han
        begin = starts[0]
        ends = [i for i in han if begin + 5 <= i < begin + size]
        return text[begin:ends[-1] + 1].strip() if ends else None
    words = text.split()
    size = rng.randint(4, 8)
    if len(words) < size:
        return None
    begin = rng.randrange(len(words) - size + 1)
    phrase = " ".join(words[begin:begin + size])
    return phrase if re.search(r"\w", phrase) else None


def phrases(entries: list[IndexEntry], language: str, which: str, rng: random.Random, want: int):
    """(phrase, key, paragraph id) × want, and how many candidates were not unique."""
    texts = Texts(entries, language)
    pool = [(e, p) for e in entries if e.language == language and in_set(e, which)
            for _, _, p in e.document.walk() if p.text.strip()]
    out, not_unique, tries = [], 0, 0
    while len(out) < want and tries < want * 50:
        tries += 1
        entry, para = rng.choice(pool)
        phrase = sample_phrase(para.text, language, rng)
        if not phrase or not wording(phrase, language):
            continue
        holders = texts.holders(wording(phrase, language))
        if holders != {entry.key}:
            not_unique += 1
            continue
        out.append((phrase, entry.key, para.id))
    return out, not_unique


def measure(index: SearchIndex, entries, languages, which: str, want: int):
    rng = random.Random(SEED)
    rows = []
    for lang in languages:
        chosen, not_unique = phrases(entries, lang, which, rng, want)
        misses = []
        for phrase, key, pid in chosen:
            res = index.search(SearchQuery(text=f'"{phrase}"', language=lang, per_page=3), None)
            first = res.results[0].key if res.results else None
            if first != key:
                misses.append((phrase, key, pid, [h.key for h in res.results], res.total))
        rows.append((lang, len(chosen), not_unique, misses))
    return rows


def section(rows, which: str, facts: dict, seconds: float, entries: int) -> str:
    lines = [SECTION, "",
             f"Run `.venv/bin/python bench/phrase_bench.py` on {facts['date']}: {facts['python']}, "
             f"{facts['nproc']} CPUs, load {facts['load']}, commit {facts['commit']}; whole run {seconds:.0f} s.", "",
             f"Index: {entries} resolution entries of `../shared/corpus/akn` (every session, every language). "
             f"Set: **{which}** ({SETS[which]}). A phrase: 4–8 consecutive words of a paragraph "
             "(Chinese 6–12 characters), unique to its resolution by a scan of the texts; searched quoted, with "
             "the language set; a hit when its resolution comes first.", "",
             "| language | phrases | first | share | candidates not unique (replaced) |", "|---|---:|---:|---:|---:|"]
    for lang, n, not_unique, misses in rows:
        hit = n - len(misses)
        lines.append(f"| {LANGUAGE_NAMES[lang]} | {n} | {hit} | {100 * hit / max(n, 1):.1f} % | {not_unique} |")
    lines += ["", CAUSES, ""]
    missed = [(lang, m) for lang, _, _, misses in rows for m in misses]
    if missed:
        lines.append("Misses:")
        for lang, (phrase, key, pid, got, total) in missed:
            lines.append(f"- {lang} `{phrase}` ({key} {pid}): got {got[:2]} of {total}")
    else:
        lines.append("No misses.")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    def options(p):
        p.add_argument("--set", choices=("tune", "report"), default="report")
        p.add_argument("--languages", default=",".join(LANGUAGES))
        p.add_argument("--per-language", type=int, default=PER_LANGUAGE)
        p.add_argument("--misses", action="store_true", help="print every miss")
        p.add_argument("--keep", type=Path, help="build the index in this folder and reuse it when there")

    run = start(__doc__, argv, options)
    if run is None:
        return 2
    args = run.args
    languages = [x for x in args.languages.split(",") if x]
    entries = load(languages)
    print(f"{len(entries)} entries", flush=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="phrase-bench-"))
    try:
        index = SearchIndex(work / "whoosh")
        if not (args.keep and index.state()):
            index.rebuild(entries, generation=1)
        rows = measure(index, entries, languages, args.set, args.per_language)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = section(rows, args.set, run.facts, run.elapsed(), len(entries))
    print(text if args.misses else text.split("Misses:")[0])
    if not args.no_write and args.set == "report" and len(languages) == len(LANGUAGES):
        write_section(REPO / "BENCHMARKS.md", SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
