"""Speed of one agreed-language query (issue #10 point 4): ``SearchIndex.precedents`` as
the load test asks it, on the load test's library.

    .venv/bin/python bench/precedents_speed.py                  # writes "## Agreed language speed (issue #10)"
    .venv/bin/python bench/precedents_speed.py --no-write       # print only
    .venv/bin/python bench/precedents_speed.py --keep /tmp/idx  # build the index there once, reuse next time
    .venv/bin/python bench/precedents_speed.py --dump out.json  # every query's (key, paragraph, score) list
    .venv/bin/python bench/precedents_speed.py --compare out.json  # exit 1 unless the lists are identical

Library: the English resolutions of sessions 77–78 (bench/load_setup.py's slice). Queries:
``--queries`` (default 200) real paragraphs (≥ 5 words) of session 78's resolutions, a
seeded sample, cut to 600 characters as bench/load_clients.py sends a draft's paragraph,
limit 5 (services.agreed_language). Two passes, each query timed alone:

- *fresh snapshot*: each query on a snapshot of its own, its caches (document
  frequencies, idf) empty, as after every save under load (a save makes a new index
  generation), the snapshot built outside the timer; what outlives a generation (segment
  tables, precedents' per-segment counts) is kept, as in a running server;
- *warm*: the same queries again on one snapshot, as between saves.

--dump / --compare ask every query for precedents.MAX_RESULTS suggestions, so the whole
ranked list (order and rounded score) is checked, not only the five shown.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreed_language_bench import entry  # noqa: E402
from cli import start  # noqa: E402
from search_bench import load_metadata  # noqa: E402
from sections import write_section  # noqa: E402
from workload import load_session  # noqa: E402
from resolutions.search import SearchIndex  # noqa: E402
from resolutions.search.engine import Snapshot  # noqa: E402
from resolutions.search.precedents import MAX_RESULTS, find_precedents  # noqa: E402

SECTION = "## Agreed language speed (issue #10)"
LIBRARY = (77, 78)
QUERY_SESSION = 78
QUERIES = 200
SEED = 4
MIN_WORDS = 5
SENT_CHARS = 600   # bench/load_clients.py sends text[:600]
LIMIT = 5
TARGET_MS = 500.0  # the load test's p95 target for the whole action


def options(p) -> None:
    p.add_argument("--queries", type=int, default=QUERIES)
    p.add_argument("--keep", type=Path, help="index folder: built if missing, reused otherwise")
    p.add_argument("--dump", type=Path, help="write every query's ranked list here")
    p.add_argument("--compare", type=Path, help="check every query's ranked list against this dump")


def library_index(folder: Path) -> SearchIndex:
    index = SearchIndex(folder, cache_size=0)
    if index.state() is None:
        metadata = load_metadata()
        entries = [entry(src, metadata) for s in LIBRARY for src in load_session(s)]
        t0 = time.perf_counter()
        index.rebuild(entries, generation=1)
        print(f"index of {len(entries)} resolutions built in {time.perf_counter() - t0:.0f} s", flush=True)
    return index


def queries(n: int) -> list[str]:
    pool = [p.text[:SENT_CHARS] for src in load_session(QUERY_SESSION)
            for _, _, p in src.doc.walk() if len(p.text.split()) >= MIN_WORDS]
    return random.Random(SEED).sample(pool, min(n, len(pool)))


def ranked(index: SearchIndex, texts: list[str]) -> dict[str, list]:
    return {t: [[p.key, p.paragraph_id, p.score] for p in index.precedents(t, "en", limit=MAX_RESULTS)]
            for t in texts}


def compare(got: dict, path: Path) -> int:
    want = json.loads(path.read_text("utf-8"))
    differ = [t for t in want if got.get(t) != want[t]]
    missing = set(want) ^ set(got)
    print(f"compared {len(want)} queries ({sum(len(v) for v in want.values())} suggestions) with {path}: "
          f"{len(differ)} differ, {len(missing)} not in both")
    for t in differ[:5]:
        print("  differs:", t[:80], "\n    want", want[t][:3], "\n    got ", got.get(t, [])[:3])
    return 1 if differ or missing else 0


def timed(index: SearchIndex, texts: list[str], fresh: bool) -> list[float]:
    base = index._snapshot(required=True)  # noqa: SLF001 - a bench reaching in to time the query alone
    out = []
    for text in texts:
        snap = Snapshot(base.searcher, base.common, index._tables, 0) if fresh else base  # noqa: SLF001
        t0 = time.perf_counter()
        find_precedents(snap, text, "en", LIMIT)
        out.append(1000 * (time.perf_counter() - t0))
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main(argv=None) -> int:
    run = start(__doc__, argv, options)
    if run is None:
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        index = library_index(run.args.keep or Path(tmp) / "index")
        texts = queries(run.args.queries)
        if run.args.dump or run.args.compare:
            got = ranked(index, texts)
            if run.args.dump:
                run.args.dump.write_text(json.dumps(got, ensure_ascii=False, indent=0), "utf-8")
                print(f"wrote {len(got)} queries to {run.args.dump}")
            return compare(got, run.args.compare) if run.args.compare else 0
        index.precedents(texts[0], "en", limit=LIMIT)  # open the searcher and its tables
        fresh = timed(index, texts, fresh=True)
        warm = timed(index, texts, fresh=False)
        index.close()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [SECTION, "",
             "`.venv/bin/python bench/precedents_speed.py` — " + ", ".join(f"{k}: {v}" for k, v in run.facts.items()),
             "",
             f"One `precedents()` call (limit {LIMIT}) on the English resolutions of sessions "
             f"{LIBRARY[0]}–{LIBRARY[-1]}, for {len(texts)} real paragraphs of session {QUERY_SESSION} "
             f"(seed {SEED}, cut to {SENT_CHARS} characters as the load test sends them); load after the run {load}.",
             "",
             "| pass | median | p95 | max |", "|---|---|---|---|"]
    for name, values in (("fresh snapshot (after a save)", fresh), ("warm snapshot", warm)):
        lines.append(f"| {name} | {statistics.median(values):.1f} ms | {p95(values):.1f} ms | {max(values):.1f} ms |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not run.args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
