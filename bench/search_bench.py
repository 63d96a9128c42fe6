"""Benchmark of the search engine (issue #3) against SQLite FTS5, on the whole UN corpus.

    .venv/bin/python bench/search_bench.py              # writes "## Search (issue #3)" in BENCHMARKS.md
    .venv/bin/python bench/search_bench.py --no-write   # print only

Corpus: every file of ../shared/corpus/akn (English resolutions of sessions 75–78 and the
five other languages of session 78), read in place with read_akn, with dates, sponsors and
subjects from ../shared/corpus/metadata. One IndexEntry per resolution and language.

Peer: SQLite FTS5 (Python's sqlite3) over the same paragraph and title texts: one table
``porter unicode61 remove_diacritics 2`` for the five alphabetic languages, one ``trigram``
table for Chinese (FTS5's unicode61 cannot split Chinese into words). Both engines answer
the same queries with the same result: matching resolutions grouped from paragraph
hits, the total, facets (computed by the same Python code over the same entry facts),
and the 10 best resolutions with up to 3 highlighted paragraphs each (FTS5: snippet()).
Field filters and visibility are entry facts applied in Python for both.

Measured, in one run:
1. index build time;
2. a page of 10 results with highlighted snippets, over a realistic query set (words,
   phrases, AND/OR/NOT, prefixes, filters, five scripts): median and p95 of all timed
   runs, the two engines interleaved round by round; ours with its result cache off
   (each run does the whole work), and, for information, with it on;
3. relevance, mean reciprocal rank over the first 10 results: (a) a resolution's title
   (titles unique in their language), whole or with a third of its words left out → that
   resolution, through search(); (b) a real
   paragraph with a fifth of its words dropped or replaced (Chinese: characters) → that
   paragraph, through precedents() (ours) and an OR query ranked by bm25() (FTS5).
"""
from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sections import write_section  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.search import IndexEntry, SearchIndex, SearchQuery  # noqa: E402
from resolutions.search.analysis import LANGUAGES, is_han  # noqa: E402
from resolutions.search.results import facets_of  # noqa: E402
from resolutions.search.tables import DocInfo  # noqa: E402
from resolutions.search.query import And, Filter, Not, Or, Text, parse  # noqa: E402
from resolutions.search.schema import TITLE_LABEL, entry_meta, spaced_label  # noqa: E402
from resolutions.domain.numbering import labels  # noqa: E402

from timing import interleaved, median, ms, p95  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
AKN = CORPUS / "akn"
META = CORPUS / "metadata"
SECTION = "## Search (issue #3)"
TARGET_P95 = 50.0
TARGET_RATIO = 1.5
SEED = 3
KINDS = ("exact", "partial", "paragraph")

# The latency set: what delegates type. (text, SearchQuery keyword arguments)
QUERIES: list[tuple[str, dict]] = [
    # words
    ("development", {}),
    ("climate change", {}),
    ("synthetic drugs", {}),
    ("women peace security", {}),
    ("migrants", {}),
    ("nuclear disarmament", {}),
    ("Palestine refugees", {}),
    ("oceans law sea", {}),
    ("human rights defenders", {}),
    ("food security nutrition", {}),
    ("antimicrobial resistance", {}),
    ("indigenous peoples", {}),
    ("landmines", {}),
    ("cooperation", {}),
    # phrases
    ('"sustainable development"', {}),
    ('"human rights"', {}),
    ('"rule of law"', {}),
    ('"small island developing States"', {}),
    ('"international humanitarian law"', {}),
    ('"climate change"', {}),
    ('"women and girls"', {}),
    ('"Security Council"', {}),
    ('"least developed countries"', {}),
    # AND / OR / NOT / prefix
    ('peacekeeping OR "peace operations"', {}),
    ("(refugees OR migrants) AND children", {}),
    ("nuclear disarmament NOT treaty", {}),
    ('terrorism AND "human rights"', {}),
    ("vaccin* pandemic", {}),
    ("drugs OR narcotics", {}),
    ('education -"higher education"', {}),
    # filters
    ("migrants session:78", {}),
    ("development", {"session": 77}),
    ('"human rights"', {"language": "en", "session": 76}),
    ("disarmament sponsor:JAPAN", {}),
    ('oceans subject:"LAW OF THE SEA"', {}),
    ("drugs symbol:A/RES/78/131", {}),
    # other languages
    ("changements climatiques", {"language": "fr"}),
    ('"développement durable"', {}),
    ("cambio climático", {}),
    ("устойчивого развития", {}),
    ("التنمية المستدامة", {}),
    ("可持续发展", {}),
    ("气候变化", {"language": "zh"}),
]


# ---------------------------------------------------------------------------- corpus

def load_metadata() -> dict[str, dict]:
    out = {}
    for path in sorted(META.glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                out[m["symbol"]] = m
    return out


def _meta_for(symbol: str, metadata: dict) -> dict | None:
    if symbol in metadata:
        return metadata[symbol]
    base = symbol.rsplit(" ", 1)[0]
    return next((m for s, m in metadata.items() if s == base or s.startswith(base + " ")), None)


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, "%d %B %Y").date() if text else None
    except ValueError:
        return None


def load_entries() -> list[IndexEntry]:
    metadata = load_metadata()
    entries, seen = [], set()
    for path in sorted(AKN.rglob("*.xml")):
        for doc in read_akn(path):
            symbol = doc.symbol or path.stem
            key = f"res:{symbol}:{doc.language}"
            if key in seen:  # a few files sit in two language folders
                continue
            seen.add(key)
            m = _meta_for(symbol, metadata) or {}
            sponsors = tuple(s for s in [*m.get("sponsors", []), *m.get("additional_sponsors", [])]
                             if not s.startswith("SUBMITTED BY"))
            subjects = tuple(dict.fromkeys(s for s, source in m.get("subjects", [])
                                           if source in ("UNBIS Thesaurus", "DHLAUTH")))
            agenda = " ".join(x for x in (doc.agenda_item, doc.agenda_title) if x)
            entries.append(IndexEntry(
                key=key, kind="resolution", symbol=symbol, draft_id=None, body=doc.body, session=doc.session,
                language=doc.language, title=doc.title, date=_date(m.get("adoption_date")), sponsors=sponsors,
                subjects=subjects, agenda=agenda, visible_to=("all",), document=doc))
    return entries


# ---------------------------------------------------------------------------- FTS5 peer

def _fts_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts(node) -> tuple[str | None, list[Filter]]:
    """Our query tree as an FTS5 MATCH expression, plus the field filters (applied per entry)."""
    filters: list[Filter] = []

    def walk(n):
        if isinstance(n, Text):
            if n.title_only:
                raise ValueError("title: has no FTS5 equivalent here")
            return _fts_quote(n.text) + (" *" if n.prefix else "")
        if isinstance(n, Filter):
            filters.append(n)
            return None
        if isinstance(n, Or):
            parts = [p for p in (walk(i) for i in n.items) if p]
            return "(" + " OR ".join(parts) + ")" if parts else None
        if isinstance(n, And):
            pos = [p for p in (walk(i) for i in n.items if not isinstance(i, Not)) if p]
            neg = [p for p in (walk(i.item) for i in n.items if isinstance(i, Not)) if p]
            if not pos:
                return None
            expr = "(" + " AND ".join(pos) + ")"
            for p in neg:
                expr = f"({expr} NOT {p})"
            return expr
        raise ValueError(f"no FTS5 equivalent for {n!r}")

    return walk(node), filters


class Fts5:
    """The peer: the same paragraphs and titles in FTS5, the same result shape."""

    def __init__(self, path: Path, entries: list[IndexEntry]):
        self.conn = sqlite3.connect(path)
        self.docs: dict[int, DocInfo] = {}
        self.paragraph_rows: dict[tuple[str, str], int] = {}
        self._entries = entries

    def build(self) -> None:
        c = self.conn
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE VIRTUAL TABLE p USING fts5(text, doc UNINDEXED, lang UNINDEXED, label UNINDEXED, "
                  "pid UNINDEXED, head UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')")
        c.execute("CREATE VIRTUAL TABLE pz USING fts5(text, doc UNINDEXED, lang UNINDEXED, label UNINDEXED, "
                  "pid UNINDEXED, head UNINDEXED, tokenize='trigram')")
        with c:
            for n, e in enumerate(self._entries):
                self.docs[n] = DocInfo(n, entry_meta(e))
                names = labels(e.document)
                rows = [(e.title, n, e.language, TITLE_LABEL, "", 1)]
                rows += [(para.text, n, e.language, spaced_label(names.get(para.id, "")), para.id, 0)
                         for _, _, para in e.document.walk() if para.text.strip()]
                c.executemany(f"INSERT INTO {'pz' if e.language == 'zh' else 'p'} VALUES (?,?,?,?,?,?)", rows)
            c.execute("INSERT INTO p(p) VALUES('optimize')")
            c.execute("INSERT INTO pz(pz) VALUES('optimize')")
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def search(self, q: SearchQuery, visibility=None):
        node = parse(q.text)
        match, filters = to_fts(node)
        table = "pz" if is_han(q.text) else "p"
        best = {doc: -score for doc, score in self.conn.execute(
            f"WITH m AS MATERIALIZED (SELECT doc, bm25({table}) AS s FROM {table} WHERE {table} MATCH ?) "
            "SELECT doc, min(s) FROM m GROUP BY doc", (match,))}
        keep = []
        for n in best:
            d = self.docs[n]
            if not d.visible(visibility) or not all(d.matches(f) for f in filters):
                continue
            if q.session is not None and d.session != q.session:
                continue
            if q.language and d.language != q.language:
                continue
            keep.append(d)
        keep.sort(key=lambda d: d.order)
        facets = facets_of(keep)
        shown = sorted(keep, key=lambda d: (-best[d.number], d.order))[: q.per_page]
        snippets: dict[int, list] = {d.number: [] for d in shown}
        if shown:
            marks = ",".join(str(d.number) for d in shown)
            for doc, label, pid, html in self.conn.execute(
                    f"SELECT doc, label, pid, snippet({table}, 0, '<mark>', '</mark>', '…', 40) FROM {table} "
                    f"WHERE {table} MATCH ? AND doc IN ({marks}) ORDER BY rank", (match,)):
                if len(snippets[doc]) < 3:
                    snippets[doc].append((label, pid, html))
        return len(keep), [(d.key, snippets[d.number]) for d in shown], facets

    def titles(self, text: str, language: str, limit: int = 10) -> list[str]:
        table = "pz" if language == "zh" else "p"
        match = " ".join(_fts_quote(w) for w in text.split())
        rows = self.conn.execute(f"WITH m AS MATERIALIZED (SELECT doc, bm25({table}) AS s FROM {table} "
                                 f"WHERE {table} MATCH ? AND lang = ?) SELECT doc, min(s) AS b FROM m "
                                 f"GROUP BY doc ORDER BY b LIMIT ?", (match, language, limit))
        return [self.docs[doc].key for doc, _ in rows]

    def paragraphs(self, text: str, language: str, limit: int = 10) -> list[tuple[str, str]]:
        if language == "zh":
            table = "pz"
            chars = re.sub(r"\s+", "", text)
            grams = list(dict.fromkeys(chars[i:i + 3] for i in range(len(chars) - 2)))
        else:
            table = "p"
            grams = list(dict.fromkeys(re.findall(r"\w+", text)))
        if not grams:
            return []
        match = " OR ".join(_fts_quote(g) for g in grams)
        rows = self.conn.execute(f"SELECT doc, pid FROM {table} WHERE {table} MATCH ? AND lang = ? AND head = 0 "
                                 f"ORDER BY rank LIMIT ?", (match, language, limit))
        return [(self.docs[doc].key, pid) for doc, pid in rows]


# ---------------------------------------------------------------------------- relevance sets

def wording(text: str) -> str:
    """Text as the words it says: case, punctuation and kinds of space ignored."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def title_queries(entries: list[IndexEntry], rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(query, language, key, how): every title whose wording names one resolution only in its
    language, as typed ("exact"); and, for titles of five words or more outside Chinese, the
    same with a third of the words left out ("partial"), as a delegate half-remembers it."""
    counts = Counter((e.language, wording(e.title)) for e in entries)
    out = []
    for e in entries:
        if not e.title.strip() or counts[(e.language, wording(e.title))] != 1:
            continue
        text = _plain(e.title)
        out.append((text, e.language, e.key, "exact"))
        words = text.split()
        if e.language != "zh" and len(words) >= 5:
            drop = set(rng.sample(range(len(words)), round(len(words) / 3)))
            out.append((" ".join(w for i, w in enumerate(words) if i not in drop), e.language, e.key, "partial"))
    return out


def _plain(title: str) -> str:
    """A title as typed into the box: quotes, brackets and colons become spaces, no operators."""
    words = []
    for chunk in re.sub(r'["“”„«»()\[\]:]', " ", title).split():
        chunk = chunk.strip(";,.")
        if chunk in ("AND", "OR", "NOT"):
            chunk = chunk.lower()
        chunk = chunk.lstrip("-+!")
        if chunk and re.search(r"\w", chunk):
            words.append(chunk)
    return " ".join(words)


def paragraph_queries(entries: list[IndexEntry], rng: random.Random):
    """(perturbed text, language, key, paragraph id, how): a fifth of the words dropped or replaced."""
    texts = Counter(wording(p.text) for e in entries for _, _, p in e.document.walk())
    out = []
    for lang in LANGUAGES:
        paras = [(e, p) for e in entries if e.language == lang for _, _, p in e.document.walk()
                 if texts[wording(p.text)] == 1 and (len(p.text) >= 60 if lang == "zh" else len(p.text.split()) >= 15)]
        vocab = sorted({w for _, p in paras[:3000] for w in (list(p.text) if lang == "zh" else p.text.split())
                        if (is_han(w) if lang == "zh" else w.isalpha())})
        rng.shuffle(paras)
        for i, (e, p) in enumerate(paras[: 300 if lang == "en" else 60]):
            how = "dropped" if i % 2 == 0 else "replaced"
            out.append((_perturb(p.text, lang, how, vocab, rng), lang, e.key, p.id, how))
    return out


def _perturb(text: str, lang: str, how: str, vocab: list[str], rng: random.Random) -> str:
    units = list(text) if lang == "zh" else text.split(" ")
    candidates = [i for i, u in enumerate(units) if (is_han(u) if lang == "zh" else re.search(r"\w", u))]
    k = max(1, round(len(candidates) / 5))
    chosen = set(rng.sample(candidates, k))
    out = []
    for i, u in enumerate(units):
        if i not in chosen:
            out.append(u)
        elif how == "replaced":
            out.append(rng.choice(vocab))
    return ("" if lang == "zh" else " ").join(out)


def _bench_draft(entries: list[IndexEntry], i: int) -> IndexEntry:
    """A draft of 60 or more units (the first English resolution with as many, renamed: 160
    units on the whole corpus, 67 on index_update_bench's slice), saved again and again."""
    source = next(e for e in entries if e.language == "en" and sum(1 for _ in e.document.walk()) >= 60)
    title = f"Bench draft number {i} on {source.title}"
    return IndexEntry(key="draft:999", kind="draft", symbol="Draft 999", draft_id=999, body="GA", session=80,
                      language="en", title=title, date=datetime.date(2026, 11, 1), sponsors=("JAPAN",),
                      subjects=(), agenda="", visible_to=("delegation:1",),
                      document=source.document.with_changes(title=title, session=80, symbol=None))


def reciprocal_rank(ranked: list, wanted) -> float:
    for i, x in enumerate(ranked[:10], 1):
        if x == wanted:
            return 1.0 / i
    return 0.0


# ---------------------------------------------------------------------------- run

def machine() -> dict:
    import whoosh
    return {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "whoosh": whoosh.versionstring(), "cpu": os.cpu_count(), "platform": platform.platform()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per query and engine")
    parser.add_argument("--updates", type=int, default=12, help="draft saves to time (update + next search)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: reuse the indexes built there by an earlier run (no build times)")
    args = parser.parse_args(argv)
    if not AKN.is_dir():
        print(f"the corpus is missing: {AKN}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, work, started)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args, work: Path, started: float) -> int:
    print(f"reading {AKN} …", flush=True)
    t0 = time.perf_counter()
    entries = load_entries()
    read_s = time.perf_counter() - t0
    # The parsed corpus (millions of objects) stays in this process for both engines; an
    # app process streams it from the database instead. Frozen out of the garbage
    # collector's full scans, as gunicorn workers freeze the loaded app (gunicorn.conf.py).
    gc.collect()
    gc.freeze()
    n_paragraphs = sum(1 for e in entries for _ in e.document.walk())
    n_chars = sum(len(p.text) for e in entries for _, _, p in e.document.walk())
    by_lang = Counter(e.language for e in entries)
    print(f"{len(entries)} entries, {n_paragraphs} paragraphs, {n_chars / 1e6:.1f} M characters "
          f"({read_s:.0f} s to read)", flush=True)

    folder = work / "whoosh"
    db = work / "fts5.sqlite3"
    reuse = args.reuse and args.keep and (folder / "CURRENT").exists() and db.exists()
    ours_build = fts_build = float("nan")
    if not reuse:
        print("building our index …", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        gc.collect()
        t0 = time.perf_counter()
        SearchIndex(folder).rebuild(entries, generation=1)
        ours_build = time.perf_counter() - t0
        print(f"  {ours_build:.1f} s", flush=True)
        print("building FTS5 …", flush=True)
        db.unlink(missing_ok=True)
    fts = Fts5(db, entries)
    if not reuse:
        gc.collect()
        t0 = time.perf_counter()
        fts.build()
        fts_build = time.perf_counter() - t0
        print(f"  {fts_build:.1f} s", flush=True)
    else:
        fts.docs = {n: DocInfo(n, entry_meta(e)) for n, e in enumerate(entries)}
    ours_size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    fts_size = sum(f.stat().st_size for f in work.glob("fts5.sqlite3*"))

    t0 = time.perf_counter()
    ours = SearchIndex(folder, cache_size=0)
    state = ours.state()
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems = ours.verify()  # what the start-up check runs: every file checksummed, a probe search
    verify_s = time.perf_counter() - t0
    assert not problems, problems
    cached = SearchIndex(folder)
    cached.state()

    # ---- latency
    print("latency …", flush=True)
    t_lat = time.perf_counter()
    queries = [SearchQuery(text=t, **kw) for t, kw in QUERIES]
    samples = {"ours": [], "fts5": [], "cached": []}
    per_query = []
    for q in queries:
        times = interleaved({"ours": lambda q=q: ours.search(q, None), "fts5": lambda q=q: fts.search(q),
                             "cached": lambda q=q: cached.search(q, None)}, args.rounds, warmup=1)
        for k in samples:
            samples[k] += times[k]
        r = ours.search(q, None)
        total_f, hits_f, _ = fts.search(q)
        per_query.append((q, median(times["ours"]), median(times["fts5"]), r.total, total_f,
                          sum(1 for h in r.results for s in h.snippets if "<mark>" in s.html),
                          sum(1 for _, sn in hits_f for s in sn if "<mark>" in s[2])))
    # ---- relevance
    phases = {"latency": time.perf_counter() - t_lat}
    print("relevance …", flush=True)
    t_rel = time.perf_counter()
    rng = random.Random(SEED)
    tq = title_queries(entries, rng)
    pq = paragraph_queries(entries, rng)
    rel = {kind: {"ours": {}, "fts5": {}} for kind in ("exact", "partial", "paragraph")}
    # the same figures by session: 78 was never looked at while tuning (75–77 were)
    by_session = {kind: {"ours": {}, "fts5": {}} for kind in rel}
    session_of = {e.key: ("78" if e.session == 78 else "75–77") for e in entries}
    for text, lang, key, how in tq:
        got = [h.key for h in ours.search(SearchQuery(text=text, language=lang, per_page=10), None).results]
        rel[how]["ours"].setdefault(lang, []).append(reciprocal_rank(got, key))
        rel[how]["fts5"].setdefault(lang, []).append(reciprocal_rank(fts.titles(text, lang), key))
        by_session[how]["ours"].setdefault(session_of[key], []).append(rel[how]["ours"][lang][-1])
        by_session[how]["fts5"].setdefault(session_of[key], []).append(rel[how]["fts5"][lang][-1])
    prec_times = []
    for text, lang, key, pid, how in pq:
        t0 = time.perf_counter()
        got = [(p.key, p.paragraph_id) for p in ours.precedents(text, lang, limit=10)]
        prec_times.append((time.perf_counter() - t0) * 1000)
        rel["paragraph"]["ours"].setdefault(lang, []).append(reciprocal_rank(got, (key, pid)))
        rel["paragraph"]["fts5"].setdefault(lang, []).append(reciprocal_rank(fts.paragraphs(text, lang), (key, pid)))
        for engine in ("ours", "fts5"):
            by_session["paragraph"][engine].setdefault(session_of[key], []).append(rel["paragraph"][engine][lang][-1])

    phases["relevance"] = time.perf_counter() - t_rel
    # ---- a delegation saves a draft: update() in one process, the next search in another
    print("updates …", flush=True)
    upd_times, after_times = [], []
    writer = SearchIndex(folder)
    for i in range(args.updates):
        entry = _bench_draft(entries, i)
        t0 = time.perf_counter()
        writer.update([entry], generation=2 + i)
        upd_times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        found = ours.search(SearchQuery(text=f'"Bench draft number {i}"'), None)
        after_times.append((time.perf_counter() - t0) * 1000)
        assert found.results and found.results[0].key == entry.key, "an update was not seen"
    elapsed = time.perf_counter() - started

    results = {
        "entries": len(entries), "paragraphs": n_paragraphs, "chars": n_chars, "by_lang": by_lang,
        "ours_build": ours_build, "fts_build": fts_build, "ours_size": ours_size, "fts_size": fts_size,
        "open": open_s, "verify": verify_s, "state": state, "samples": samples, "per_query": per_query, "rel": rel,
        "by_session": by_session,
        "tq": len(tq), "pq": len(pq), "prec_times": prec_times, "rounds": args.rounds, "elapsed": elapsed,
        "upd": upd_times, "after": after_times, "phases": phases, "read": read_s,
        "draft_units": sum(1 for _ in _bench_draft(entries, 0).document.walk()),
    }
    console(results)
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, report(results))
        print(f"wrote {REPO / 'BENCHMARKS.md'}")
    return 0


def _mrr(values: dict[str, list[float]]) -> tuple[float, int]:
    allv = [v for vs in values.values() for v in vs]
    return (sum(allv) / len(allv) if allv else 0.0), len(allv)


def console(r: dict) -> None:
    s = r["samples"]
    print()
    print(f"{'':34}{'ours':>12}{'FTS5':>12}")
    print(f"{'index build (s)':34}{r['ours_build']:>12.1f}{r['fts_build']:>12.1f}")
    print(f"{'index size (MB)':34}{r['ours_size'] / 1e6:>12.0f}{r['fts_size'] / 1e6:>12.0f}")
    print(f"{'query + snippets, median (ms)':34}{ms(median(s['ours'])):>12}{ms(median(s['fts5'])):>12}")
    print(f"{'query + snippets, p95 (ms)':34}{ms(p95(s['ours'])):>12}{ms(p95(s['fts5'])):>12}")
    print(f"{'  ours with result cache, p95':34}{ms(p95(s['cached'])):>12}")
    print(f"{'precedents(), median / p95 (ms)':34}{ms(median(r['prec_times'])):>12}{ms(p95(r['prec_times'])):>12}")
    print(f"{'verify() of the whole index (ms)':34}{ms(r['verify'] * 1000):>12}")
    print(f"{'update() of a draft, median':34}{ms(median(r['upd'])):>12}")
    print(f"{'  next search elsewhere, median':34}{ms(median(r['after'])):>12}")
    for kind in KINDS:
        o, n = _mrr(r["rel"][kind]["ours"])
        f, _ = _mrr(r["rel"][kind]["fts5"])
        print(f"{'MRR ' + kind + f' ({n} queries)':34}{o:>12.3f}{f:>12.3f}")
    print()
    print(f"{'query':46}{'ours':>8}{'FTS5':>8}{'total':>7}{'FTS5':>6}")
    for q, o, f, t, tf, *_ in r["per_query"]:
        label = q.text + "".join(f" [{k}={v}]" for k, v in (("session", q.session), ("lang", q.language)) if v)
        print(f"{label[:46]:46}{ms(o):>8}{ms(f):>8}{t:>7}{tf:>6}")
    p95o, p95f = p95(s["ours"]), p95(s["fts5"])
    print(f"\ntargets: p95 < {TARGET_P95:.0f} ms: {'met' if p95o < TARGET_P95 else 'MISSED'}; "
          f"≤ {TARGET_RATIO}× FTS5 p95: {'met' if p95o <= TARGET_RATIO * p95f else 'MISSED'} "
          f"({p95o / p95f:.2f}×); MRR above FTS5: "
          + ", ".join(f"{k} {'met' if _mrr(r['rel'][k]['ours'])[0] > _mrr(r['rel'][k]['fts5'])[0] else 'MISSED'}"
                      for k in KINDS))
    print(f"total {r['elapsed']:.0f} s (reading {r['read']:.0f} s, latency {r['phases']['latency']:.0f} s, "
          f"relevance {r['phases']['relevance']:.0f} s)")


def report(r: dict) -> str:
    s = r["samples"]
    facts = machine()
    L: list[str] = []
    add = L.append
    add(SECTION)
    add("")
    add(f"Run `{'.venv/bin/python bench/search_bench.py'}` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: "
        f"Python {facts['python']}, Whoosh {facts['whoosh']} (whoosh-reloaded), SQLite {facts['sqlite']}, "
        f"{facts['cpu']} CPUs, {facts['platform']}; whole run {r['elapsed']:.0f} s.")
    add("")
    langs = ", ".join(f"{k} {v}" for k, v in sorted(r["by_lang"].items(), key=lambda kv: -kv[1]))
    add(f"Corpus: all of `../shared/corpus/akn`, {r['entries']} resolution entries ({langs}), "
        f"{r['paragraphs']:,} paragraphs, {r['chars'] / 1e6:.1f} M characters; facts from `metadata/`. "
        f"Peer: SQLite FTS5 over the same paragraph and title texts (`porter unicode61 remove_diacritics 2`; "
        f"Chinese in a `trigram` table), same result shape (total, facets, 10 resolutions with up to 3 "
        f"`snippet()`s each); facets, field filters and visibility are computed by the same Python code for both.")
    add("")
    p95o, p95f = p95(s["ours"]), p95(s["fts5"])
    add("| | ours (Whoosh) | FTS5 | target |")
    add("|---|---:|---:|---|")
    add(f"| index build | {r['ours_build']:.0f} s | {r['fts_build']:.0f} s | — |")
    add(f"| index size | {r['ours_size'] / 1e6:.0f} MB | {r['fts_size'] / 1e6:.0f} MB | — |")
    add(f"| page of 10 with snippets, median | {ms(median(s['ours']))} ms | {ms(median(s['fts5']))} ms | — |")
    add(f"| page of 10 with snippets, p95 | {ms(p95o)} ms | {ms(p95f)} ms | < {TARGET_P95:.0f} ms and ≤ "
        f"{TARGET_RATIO}× FTS5: {'met' if p95o < TARGET_P95 and p95o <= TARGET_RATIO * p95f else 'missed'} "
        f"({p95o / p95f:.2f}×) |")
    add(f"| same, result cache on (query repeated: next page, re-sort) p95 | {ms(p95(s['cached']))} ms | — | — |")
    add(f"| `update()` of a {r['draft_units']}-unit draft, median / max | {ms(median(r['upd']))} / {ms(max(r['upd']))} ms "
        f"| — | — |")
    add(f"| first search in another `SearchIndex` after it (reopen), median / max | {ms(median(r['after']))} / "
        f"{ms(max(r['after']))} ms | — | — |")
    for kind, what in (("exact", "title → resolution"), ("partial", "title, a third of its words left out → resolution"),
                       ("paragraph", "paragraph, 1/5 words dropped or replaced → source")):
        o, n = _mrr(r["rel"][kind]["ours"])
        f, _ = _mrr(r["rel"][kind]["fts5"])
        add(f"| MRR@10 {what} ({n} queries) | {o:.3f} | {f:.3f} | ours higher: {'met' if o > f else 'missed'} |")
    add("")
    add(f"Latency: {len(r['per_query'])} queries (words, phrases, AND/OR/NOT, prefixes, field and SearchQuery "
        f"filters, French/Spanish/Russian/Arabic/Chinese), {r['rounds']} timed rounds each after a warm-up, "
        f"the engines interleaved; median and p95 over all {len(s['ours'])} runs per engine. Ours runs with "
        f"`cache_size=0`: every run parses, matches, scores, groups, counts facets and highlights. "
        f"Opening the index (searcher + entry tables + a checksum of each segment file) took "
        f"{r['open'] * 1000:.0f} ms, once per process; `verify()` (the start-up check) {r['verify'] * 1000:.0f} ms.")
    add("")
    add("| query | ours ms | FTS5 ms | resolutions (ours / FTS5) |")
    add("|---|---:|---:|---|")
    for q, o, f, t, tf, *_ in r["per_query"]:
        label = q.text.replace("|", "\\|") + "".join(f" [{k}={v}]" for k, v in (("session", q.session),
                                                                               ("language", q.language)) if v)
        add(f"| `{label}` | {ms(o)} | {ms(f)} | {t} / {tf} |")
    add("")
    add("Relevance per language (MRR@10, ours / FTS5):")
    add("")
    add("| | " + " | ".join(LANGUAGES) + " |")
    add("|---|" + "---|" * len(LANGUAGES))
    for kind in KINDS:
        cells = []
        for lang in LANGUAGES:
            o = r["rel"][kind]["ours"].get(lang, [])
            f = r["rel"][kind]["fts5"].get(lang, [])
            cells.append(f"{sum(o) / len(o):.2f} / {sum(f) / len(f):.2f} ({len(o)})" if o else "—")
        add(f"| {kind} | " + " | ".join(cells) + " |")
    add("")
    add("Relevance by session (MRR@10, ours / FTS5; session 78 is the set left untouched while tuning):")
    add("")
    add("| | sessions 75–77 | session 78 (held out) |")
    add("|---|---|---|")
    for kind in KINDS:
        cells = []
        for part in ("75–77", "78"):
            o = r["by_session"][kind]["ours"].get(part, [])
            f = r["by_session"][kind]["fts5"].get(part, [])
            cells.append(f"{sum(o) / len(o):.3f} / {sum(f) / len(f):.3f} ({len(o)})" if o else "—")
        add(f"| {kind} | " + " | ".join(cells) + " |")
    pt = r["prec_times"]
    add("")
    add(f"Titles: every title whose wording (case, punctuation and spacing aside) names one resolution only in "
        f"its language, typed as plain words (quotes, brackets and colons become spaces), searched with the "
        f"language set; a hit is the resolution itself; \"partial\": the same titles of five words or more "
        f"(not Chinese) with a third of the words left out. Paragraphs: "
        f"real paragraphs (≥ 15 words; Chinese ≥ 60 characters) whose wording occurs once in the corpus (a "
        f"paragraph repeated word for word in another resolution has no single source), a fifth "
        f"of the words (Chinese: characters) dropped in half the queries and replaced by random words of the "
        f"same language in the other half; ours through `precedents()` (median {ms(median(pt))} ms, p95 "
        f"{ms(p95(pt))} ms), FTS5 through an OR of the words (Chinese: of the trigrams) ranked by `bm25()`, "
        f"same language, titles excluded. Seeded ({SEED}): every run asks the same questions.")
    add("")
    add("What makes the numbers (see `resolutions/search/`): one Whoosh document per paragraph plus one per "
        "title; posting lists with frequencies only (Whoosh reads them about five times faster than lists with "
        "positions or character offsets), evaluated and BM25-scored by our own code block by block instead of "
        "Whoosh's per-posting matchers; pair fields for phrases of common words and a `seq` column (the terms in "
        "order) to check phrases exactly; entry facts, filters, visibility and facets from tables read once per "
        "segment; highlighting re-analyses only the few paragraphs shown; one searcher per process, reopened "
        "with the readers of unchanged segments when the generation changes; segments as plain files (Whoosh's "
        "compound files are copied into memory by every reader). Precedents: BM25 over the paragraph's rarest "
        "words and word pairs, then an IDF-weighted asymmetric word/pair overlap picks the source.")
    add("")
    add(f"Where FTS5 stays ahead: building (pure-Python Whoosh writer, in two processes: "
        f"{r['ours_build'] / r['fts_build']:.0f}× FTS5's time in this run), index size, and single rare words "
        f"(FTS5 about 1 ms, ours 2–5 ms: each query looks its words up in six language fields and highlights in "
        f"Python). FTS5's trigram table cannot find Chinese words of two characters (e.g. 发展).")
    add("")
    return "\n".join(L)


if __name__ == "__main__":
    sys.exit(main())
