"""Benchmark of the Word export with tracked changes (issue #8) on real recurring texts.

    .venv/bin/python bench/tracked_bench.py              # writes "## Tracked changes (issue #8)" into BENCHMARKS.md
    .venv/bin/python bench/tracked_bench.py --no-write   # print only, leave BENCHMARKS.md alone

Two workloads from ../shared/corpus/akn (read in place, never copied), each a resolution
and its successor of the next session under the same title, the successor given the
base's paragraph ids (alignment.align_ids) as a draft started from the base has them:

1. the largest real pair (the corpus's largest resolution, as bench/merge_bench.py picks
   it): ``write_docx(new, …, against=old)``, target < 500 ms median;
2. the real pair whose successor is closest to 60 paragraphs: target < 200 ms median.

Each is timed in the same rounds as the clean export of the same text (``write_docx(new,
…)``), the marking-up alone (``redline(old, new)``) and what a user could script instead:
``difflib.unified_diff`` over the two texts, one paragraph a line (no Word file, no words
inside a paragraph, no ids). Every file is also checked once: Accept all and Reject all
(formats.docx_revisions) read back with formats.docx_reader give exactly the new and the
old text, ids included.
"""
from __future__ import annotations

import datetime
import difflib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli  # noqa: E402
from merge_bench import largest  # noqa: E402
from sections import write_section  # noqa: E402
from timing import interleaved, median, ms, p95  # noqa: E402
from workload import AKN, count_paragraphs, load_session  # noqa: E402

from resolutions.domain.alignment import align_ids  # noqa: E402
from resolutions.domain.document import Document  # noqa: E402
from resolutions.domain.redline import redline  # noqa: E402
from resolutions.formats.docx_reader import read_docx  # noqa: E402
from resolutions.formats.docx_revisions import accept_all, reject_all  # noqa: E402
from resolutions.formats.docx_text import Tracking  # noqa: E402
from resolutions.formats.docx_writer import typeset, write_docx  # noqa: E402

SECTION = "## Tracked changes (issue #8)"
TARGETS = {"largest": 500.0, "sixty": 200.0}
SPONSORS = ["Japan", "Mexico", "United States of America"]
TRACKING = Tracking("Japan", datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.timezone.utc))


def sixty() -> tuple[Document, Document]:
    """The session-77 → 78 pair (same title) whose successor is closest to 60 paragraphs,
    among those with at least 10 changed paragraphs."""
    old = {s.doc.title: s.doc for s in load_session(77)}
    best = None
    for source in load_session(78):
        base = old.get(source.doc.title)
        if base is None:
            continue
        new = align_ids(base, source.doc)
        changed = sum(p.changed for p in redline(base, new))
        if changed >= 10:
            score = abs(count_paragraphs(new) - 60)
            if best is None or score < best[0]:
                best = (score, base, new)
    if best is None:
        raise SystemExit("no recurring pair of sessions 77 and 78 with 10 changed paragraphs")
    return best[1], best[2]


def lines(doc: Document) -> list[str]:
    return [p.text + "\n" for _, _, p in doc.walk()]


def shape(doc: Document) -> list[tuple]:
    return [(s, d, p.id, p.text, [(n.at, n.text) for n in p.footnotes], p.opening_length if d == 0 else None)
            for s, d, p in doc.walk()]


def exact(old: Document, new: Document, data: bytes) -> bool:
    accepted = read_docx(accept_all(data)).document
    rejected = read_docx(reject_all(data)).document
    return shape(accepted) == shape(typeset(new)) and shape(rejected) == shape(typeset(old))


def measure(old: Document, new: Document, runs: int) -> dict:
    fns = {
        "tracked": lambda: write_docx(new, SPONSORS, against=old, tracking=TRACKING),
        "clean": lambda: write_docx(new, SPONSORS),
        "redline": lambda: redline(old, new),
        "difflib": lambda: list(difflib.unified_diff(lines(old), lines(new))),
    }
    times = interleaved(fns, runs, 2)
    data = fns["tracked"]()
    marked = redline(old, new)
    counts = {k: sum(1 for p in marked if p.change == k) for k in ("inserted", "deleted", "moved_to")}
    counts["changed"] = sum(1 for p in marked if p.change == "none" and p.changed)
    return {"old": old, "new": new, "times": times, "bytes": len(data), "exact": exact(old, new, data),
            "counts": counts}


def report(facts, results: dict, elapsed: float, command: str, runs: int) -> str:
    L = [SECTION, "",
         f"Command: `.venv/bin/python bench/tracked_bench.py`; this run: `{command}`, on {facts['date']}, "
         f"took {elapsed:.0f} s.", "",
         f"Machine: nproc {facts['nproc']} ({facts['cpu']}), {facts['python']}, {facts['os']}. "
         f"Load average at start: {facts['load']}. Code: {facts['commit']}.", "",
         f"Wall-clock times (`time.perf_counter`), garbage collector on, two warm-up rounds discarded, then "
         f"{runs} rounds, all four operations in the same rounds, order rotating. The machine's two cores are "
         "shared with other work: trust the medians and the ratios, not single runs.", "",
         "| Workload | Operation | runs | median ms | p95 ms | target | |", "|---|---|---:|---:|---:|---|---|"]
    for name, r in results.items():
        old, new, t = r["old"], r["new"], r["times"]
        label = f"{old.symbol} → {new.symbol} ({count_paragraphs(new)} paragraphs)"
        target = TARGETS[name]
        verdict = "met" if median(t["tracked"]) < target else "**missed**"
        L.append(f"| {label} | `write_docx(…, against=old)`: tracked changes | {len(t['tracked'])} | "
                 f"{ms(median(t['tracked']))} | {ms(p95(t['tracked']))} | < {target:.0f} ms median | {verdict} |")
        L.append(f"| | `write_docx(…)`: the clean text | {len(t['clean'])} | {ms(median(t['clean']))} | "
                 f"{ms(p95(t['clean']))} | | ×{median(t['tracked']) / median(t['clean']):.2f} tracked/clean |")
        L.append(f"| | `redline(old, new)` alone | {len(t['redline'])} | {ms(median(t['redline']))} | "
                 f"{ms(p95(t['redline']))} | | |")
        L.append(f"| | `difflib.unified_diff`, one paragraph a line | {len(t['difflib'])} | "
                 f"{ms(median(t['difflib']))} | {ms(p95(t['difflib']))} | | |")
    L += ["", "| Workload | paragraphs old → new | changed in place | inserted | deleted | moved | file bytes | "
              "Accept all = new, Reject all = old |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in results.items():
        c = r["counts"]
        L.append(f"| {r['old'].symbol} → {r['new'].symbol} | {count_paragraphs(r['old'])} → "
                 f"{count_paragraphs(r['new'])} | {c['changed']} | {c['inserted']} | {c['deleted']} | "
                 f"{c['moved_to']} | {r['bytes']:,} | {'exact' if r['exact'] else '**differs**'} |")
    L += ["", "The tracked file is the whole Word export (masthead, styles, numbering, footnotes, bookmarks) "
              "with every difference a real revision: words as `w:ins`/`w:del`, whole paragraphs with their "
              "marks, moves as `w:moveFrom`/`w:moveTo`, footnotes added or removed. The difflib baseline "
              "only lists changed paragraphs as lines of text: it is what a user could script in a minute, "
              "not something the Secretariat accepts."]
    return "\n".join(L) + "\n"


def main(argv=None) -> int:
    run = cli.start(__doc__, argv, lambda parser: parser.add_argument(
        "--runs", type=int, default=15, help="timed rounds per workload"))
    if run is None:
        return 2
    args, facts = run.args, run.facts
    command = "bench/tracked_bench.py" + (" --no-write" if args.no_write else "")
    print(f"reading {AKN} …", flush=True)
    big_old, big_new, _ = largest()
    small_old, small_new = sixty()
    results = {}
    for name, (old, new) in {"largest": (big_old, big_new), "sixty": (small_old, small_new)}.items():
        print(f"{name}: {old.symbol} → {new.symbol}, {count_paragraphs(new)} paragraphs …", flush=True)
        results[name] = measure(old, new, args.runs)
    text = report(facts, results, run.elapsed(), command, args.runs)
    print(text)
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, text)
    return 0 if all(r["exact"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
