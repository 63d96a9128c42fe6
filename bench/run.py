"""Benchmarks of the drafting core (issue #2) on real UN resolutions.

    make bench                      # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --no-write   # print only, leave BENCHMARKS.md alone

Measures, on General Assembly resolutions of about 60 paragraphs read from
../shared/corpus/akn (in place, never copied):

1. saving a revision (drafts.save on a real SQLite file, one session per save, as a
   request would have), target < 50 ms median;
2. diffing two revisions (diff_documents) against difflib.SequenceMatcher over the
   documents' word tokens, target < 20 ms median and faster than difflib; plus the
   "no change cuts through a word" check on every diff computed;
3. exporting a Word file (write_docx), target < 200 ms median;
4. for information, loading the current revision (drafts.view).

Writes the numbers to the "## Drafting core (issue #2)" section of BENCHMARKS.md.
"""
from __future__ import annotations

import gc
import os
import re
import sys
import tempfile
import time
from difflib import SequenceMatcher
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli  # noqa: E402
from sections import write_section  # noqa: E402
from resolutions.domain.diff import diff_documents  # noqa: E402
from resolutions.formats.docx_writer import write_docx  # noqa: E402
from resolutions.services import accounts, drafts  # noqa: E402
from resolutions.services.database import Database  # noqa: E402
from resolutions.settings import Settings  # noqa: E402

import wordcuts  # noqa: E402
from timing import interleaved, median, ms, p95, sample  # noqa: E402
from workload import (AKN, MAX_PARAGRAPHS, MIN_PARAGRAPHS, count_paragraphs, count_words, edited_revision, load_session,  # noqa: E402
                      pick_resolutions, recurring_pairs, shown_texts)

SECTION = "## Drafting core (issue #2)"
TARGETS = {"save": 50.0, "diff": 20.0, "docx": 200.0}
SPONSORS = ["Japan", "Brazil", "Kenya", "Norway", "Philippines"]
_WORDS = re.compile(r"\S+\s*")


# ---------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """The libraries measured, besides the machine facts every benchmark states (cli.start)."""
    libs = ", ".join(f"{name} {metadata.version(name)}"
                     for name in ("diff-match-patch", "python-docx", "SQLAlchemy", "lxml"))
    return {"libraries": libs}


# ---------------------------------------------------------------------------- 2. save / view


def bench_save(cases, runs: int, db_runs: int, warmup: int) -> tuple[dict, dict, dict, list[str]]:
    """Per resolution: drafts.save timings (alternating edited / original) as the app
    runs it, and the time from the save's return until the background index worker has
    the new text (searchable); then drafts.view timings. Each call in its own session,
    as a web request would have."""
    save_times, searchable_times, view_times, notes = {}, {}, {}, []
    with tempfile.TemporaryDirectory(prefix="resolutions-bench-") as tmp:
        db = Database(Settings.from_env({}, data_dir=tmp, secret_key="x"))
        db.initialise()
        # As the app does at start-up: a search index, if the Database keeps one, caught up.
        search = getattr(db, "search", None)
        if search is not None:
            db.ensure_index()
            notes.append("A save commits and returns; the search index "
                         f"(`{type(search).__module__}.{type(search).__name__}`) is updated after it by the "
                         "process's background worker (`services/index_worker.py`).")
        with db.session() as s:
            actor = accounts.create_user(s, "bench@japan.example", "benchmark-password", delegation="Japan")
        revisions = 0
        for src, edited, _ in cases:
            with db.session() as s:
                created = drafts.create(s, actor, src.doc, "Imported from the UN's XML")
            draft_id, base = created.id, created.current_revision
            revisions += 1
            versions = (edited, src.doc)

            def saves(n: int) -> tuple[list[float], list[float]]:
                """(time for the save to return, then time until the index has it)."""
                nonlocal base, revisions
                returned, searchable = [], []
                for k in range(warmup + n):
                    doc = versions[(base + 1) % 2]
                    t0 = time.perf_counter()
                    with db.session() as s:
                        view = drafts.save(s, actor, draft_id, base, doc, f"bench save {k}")
                    t1 = time.perf_counter()
                    db.wait_for_index()
                    t2 = time.perf_counter()
                    if view.current_revision != base + 1:
                        raise SystemExit(f"save did not advance {src.doc.symbol}: {view.current_revision}")
                    base = view.current_revision
                    revisions += 1
                    if k >= warmup:
                        returned.append((t1 - t0) * 1000)
                        searchable.append((t2 - t1) * 1000)
                return returned, searchable

            save_times[src.doc.symbol], searchable_times[src.doc.symbol] = saves(runs)
            last = versions[base % 2]

            def load():
                with db.session() as s:
                    return drafts.view(s, actor, draft_id)

            view_times[src.doc.symbol] = sample(load, db_runs, warmup)
            if load().document != last:
                notes.append(f"{src.doc.symbol}: the stored revision does not read back equal to what was saved")
        size = sum(f.stat().st_size for f in Path(tmp).glob("resolutions.sqlite3*"))
        notes.append(f"SQLite file after the run: {size / 1e6:.1f} MB ({revisions} revisions).")
        if search is not None and hasattr(search, "close"):
            search.close()
        db.dispose()
    return save_times, searchable_times, view_times, notes


# ---------------------------------------------------------------------------- 3. diff


def _difflib(a: str, b: str, autojunk: bool):
    def run():
        return SequenceMatcher(None, _WORDS.findall(a), _WORDS.findall(b), autojunk=autojunk).get_opcodes()
    return run


def bench_diff(old, new, runs: int, warmup: int) -> dict:
    a, b = "\n".join(shown_texts(old)), "\n".join(shown_texts(new))
    times = interleaved({
        "ours": lambda: diff_documents(old, new),
        "difflib": _difflib(a, b, True),
        "difflib_noaj": _difflib(a, b, False),
    }, runs, warmup)
    diff = diff_documents(old, new)
    return {"times": times, "diff": diff, "ours_cuts": wordcuts.ours(diff),
            "char_cuts": wordcuts.character_mode(diff), "words": (len(_WORDS.findall(a)), len(_WORDS.findall(b)))}


# ---------------------------------------------------------------------------- 4. docx


def bench_docx(cases, runs: int, warmup: int) -> tuple[dict, dict]:
    times, sizes = {}, {}
    for src, _, _ in cases:
        times[src.doc.symbol] = sample(lambda: write_docx(src.doc, SPONSORS), runs, warmup)
        sizes[src.doc.symbol] = len(write_docx(src.doc, SPONSORS))
    return times, sizes


# ---------------------------------------------------------------------------- report


def pooled(d: dict) -> list[float]:
    return [x for xs in d.values() for x in xs]


def verdict(value: float, target: float) -> str:
    return "met" if value < target else "**missed**"


def report(facts, cases, qualifying, pair, diffs, pair_diff, all_pairs, save_t, searchable_t, view_t, save_notes,
           docx_t, docx_sizes, runs, elapsed, command) -> str:
    L = []
    add = L.append
    ours_all = pooled({k: v["times"]["ours"] for k, v in diffs.items()})
    dl_all = pooled({k: v["times"]["difflib"] for k, v in diffs.items()})
    dln_all = pooled({k: v["times"]["difflib_noaj"] for k, v in diffs.items()})
    ratios = {k: median(v["times"]["difflib"]) / median(v["times"]["ours"]) for k, v in diffs.items()}
    ratios_noaj = {k: median(v["times"]["difflib_noaj"]) / median(v["times"]["ours"]) for k, v in diffs.items()}
    ours_cuts, char_cuts = wordcuts.CutCount(), wordcuts.CutCount()
    for d in [*diffs.values(), pair_diff, *all_pairs.values()]:
        ours_cuts.add(d["ours_cuts"])
        char_cuts.add(d["char_cuts"])
    save_all, searchable_all, view_all, docx_all = pooled(save_t), pooled(searchable_t), pooled(view_t), pooled(docx_t)

    add(SECTION)
    add("")
    add(f"Command: `make bench` (= `.venv/bin/python bench/run.py`, after `make install`); this run: "
        f"`{command}`, on {facts['date']}, took {elapsed:.0f} s.")
    add("")
    add(f"Machine: nproc {facts['nproc']} ({facts['cpu']}), {facts['python']}, {facts['os']}; "
        f"{facts['libraries']}. Load average at start: {facts['load']}. Code: {facts['commit']}.")
    add("")
    add("Wall-clock times (`time.perf_counter`), garbage collector on, warm-up runs discarded. "
        "Medians and p95 (nearest rank) pool every run over the five resolutions. "
        "The machine's two cores are shared and noisy: trust the medians and the ratios, "
        "not single runs.")
    add("")
    add("| Operation | median ms | p95 ms | target | |")
    add("|---|---:|---:|---|---|")
    add(f"| Save a revision (`drafts.save`, SQLite, {len(save_all)} saves) | {ms(median(save_all))} | "
        f"{ms(p95(save_all))} | < {TARGETS['save']:.0f} ms median | {verdict(median(save_all), TARGETS['save'])} |")
    add(f"| — then searchable: from the save's return until the index has it ({len(searchable_all)} saves) | "
        f"{ms(median(searchable_all))} | {ms(p95(searchable_all))} | < 100 ms (issue #3) | "
        f"{verdict(median(searchable_all), 100)} |")
    add(f"| Diff two revisions (`diff_documents`, {len(ours_all)} diffs) | {ms(median(ours_all))} | "
        f"{ms(p95(ours_all))} | < {TARGETS['diff']:.0f} ms median | {verdict(median(ours_all), TARGETS['diff'])} |")
    add(f"| — difflib word tokens, autojunk=True (same texts) | {ms(median(dl_all))} | {ms(p95(dl_all))} | "
        f"slower than ours | {'met' if min(ratios.values()) > 1 else '**missed**'} "
        f"(×{min(ratios.values()):.1f}–{max(ratios.values()):.1f}) |")
    add(f"| — difflib word tokens, autojunk=False | {ms(median(dln_all))} | {ms(p95(dln_all))} | | "
        f"×{min(ratios_noaj.values()):.1f}–{max(ratios_noaj.values()):.1f} |")
    add(f"| Export DOCX (`write_docx`, {len(docx_all)} exports) | {ms(median(docx_all))} | {ms(p95(docx_all))} | "
        f"< {TARGETS['docx']:.0f} ms median | {verdict(median(docx_all), TARGETS['docx'])} |")
    add(f"| Load the current revision (`drafts.view`, {len(view_all)} loads) | {ms(median(view_all))} | "
        f"{ms(p95(view_all))} | for information | |")
    add("")
    add("×a–b: difflib's median divided by ours, lowest and highest over the five resolutions "
        "(each pair timed in the same rounds, order rotating).")
    add("")
    add("### Workload")
    add("")
    add(f"Five resolutions of session 78 with 50–70 paragraphs (preambular + operative + "
        f"subparagraphs), spread evenly over the {qualifying} that qualify, read with `read_akn` "
        f"from `{AKN.relative_to(AKN.parents[2])}/78/English`. Each also gets an *edited* revision "
        "by a fixed script (seeded by the symbol): ~10 % of paragraphs get one to three whole-word "
        "edits (replace / insert / delete, after the italic opening, never in a paragraph with "
        "footnotes), one preambular paragraph moves three places down, one operative paragraph "
        "four places up, one operative paragraph without subparagraphs is deleted and one is "
        "added; kept paragraphs keep their ids.")
    add("")
    add("| Resolution | paragraphs | words | edit script | `diff_documents` says |")
    add("|---|---:|---:|---|---|")
    for src, edited, script in cases:
        add(f"| {src.doc.symbol} — {src.doc.title[:60]}{'…' if len(src.doc.title) > 60 else ''} | "
            f"{src.paragraphs} | {count_words(src.doc):,} | {script.describe(src.paragraphs)} | "
            f"{diffs[src.doc.symbol]['diff'].summary_line()} |")
    add("")
    add(f"Cross-session pair: *{pair.title}*, {pair.old.doc.symbol} ({pair.old.paragraphs} paragraphs) → "
        f"{pair.new.doc.symbol} ({pair.new.paragraphs}), the first resolution of session 78 adopted "
        "under the same title in session 77, once in each, both of 50–70 paragraphs. The two files "
        "number their paragraphs afresh, so the newer one's ids were re-aligned before diffing: "
        "`resolutions.domain.alignment.align_ids` pairs them by word overlap in reading order "
        f"(moved ones afterwards), {pair.matched} of {pair.new.paragraphs} paired; the rest count "
        f"as added. `diff_documents` says: {pair_diff['diff'].summary_line()}.")
    add("")

    add("### Diff, per pair")
    add("")
    add("| Pair | words old → new | ours median / p95 ms | difflib aj=True median ms | aj=False median ms | difflib/ours (aj=True, aj=False) |")
    add("|---|---|---|---:|---:|---|")
    rows = [(f"{k} original → edited", v) for k, v in diffs.items()]
    rows.append((f"{pair.old.doc.symbol} → {pair.new.doc.symbol}", pair_diff))
    for name, d in rows:
        t = d["times"]
        o, a, n = median(t["ours"]), median(t["difflib"]), median(t["difflib_noaj"])
        add(f"| {name} | {d['words'][0]:,} → {d['words'][1]:,} | {ms(o)} / {ms(p95(t['ours']))} | {ms(a)} | "
            f"{ms(n)} | ×{a / o:.1f}, ×{n / o:.1f} |")
    if all_pairs:
        o_meds = sorted(median(d["times"]["ours"]) for d in all_pairs.values())
        r = sorted(median(d["times"]["difflib"]) / median(d["times"]["ours"]) for d in all_pairs.values())
        rn = sorted(median(d["times"]["difflib_noaj"]) / median(d["times"]["ours"]) for d in all_pairs.values())
        add("")
        add(f"The other {len(all_pairs)} recurring 77 → 78 pairs of that kind, ids aligned the same way "
            f"({runs['pairs']} rounds each): ours "
            f"median per pair {ms(o_meds[0])}–{ms(o_meds[-1])} ms; difflib/ours ×{r[0]:.1f}–{r[-1]:.1f} "
            f"(autojunk=True), ×{rn[0]:.1f}–{rn[-1]:.1f} (autojunk=False).")
    add("")
    add("difflib does less than `diff_documents`: one flat token diff of the joined paragraph "
        "texts (tokens `\\S+\\s*`, footnotes inline as the editor shows them), with no "
        "paragraph ids, moves, numbering or semantic clean-up. Its timing includes tokenising "
        "both texts.")
    add("")

    add("### No change cuts through a word")
    add("")
    add(f"Checked on every diff above ({len(diffs)} edited pairs, {1 + len(all_pairs)} cross-session "
        "diffs): for every edit in a paragraph present on both sides, its start and end in its "
        "own text and the point where it stands in the other text; a boundary cuts a word when "
        "the characters on both sides are both alphanumeric.")
    add("")
    add("| Diff | paragraphs changed | edits | edits cutting a word | boundaries cutting a word | ops not rebuilding the texts |")
    add("|---|---:|---:|---:|---:|---:|")
    for name, c in (("`diff_documents` (word tokens)", ours_cuts),
                    ("diff-match-patch character mode (`diff_main` + `diff_cleanupSemantic`)", char_cuts)):
        add(f"| {name} | {c.paragraphs} | {c.edits} | {c.cutting} | {c.violations} | {c.mismatches} |")
    add("")

    add("### Save, load and export, per resolution")
    add("")
    add(f"Save: a fresh SQLite database in a temporary folder (`Database(...).initialise()`"
        ", then `ensure_index()` as the app does at start-up), a "
        f"user of Japan, one draft per resolution created from the original; then {runs['save']} "
        "timed saves (after warm-up) alternating edited / original, each with the right "
        "`base_revision`, each in its own session as a web request would be; the time includes "
        "validation, the compare-and-set, the JSON snapshot, the commit, handing the change to the "
        "index worker and the `view` that `save` returns. After each save the run waits until the "
        "worker has put the new text in the index (`Database.wait_for_index()`): that wait is the "
        "\"searchable\" time, so saves never pile up behind the index."
        + f" Load: `drafts.view` of the current revision, {runs['db']} times. "
        f"Export: `write_docx(doc, {SPONSORS})`, {runs['docx']} times.")
    add("")
    add("| Resolution | save median / p95 ms | searchable after, median / p95 ms | view median / p95 ms | DOCX median / p95 ms | DOCX size |")
    add("|---|---|---|---|---|---:|")
    for src, _, _ in cases:
        k = src.doc.symbol
        add(f"| {k} | {ms(median(save_t[k]))} / {ms(p95(save_t[k]))} | "
            f"{ms(median(searchable_t[k]))} / {ms(p95(searchable_t[k]))} | {ms(median(view_t[k]))} / "
            f"{ms(p95(view_t[k]))} | {ms(median(docx_t[k]))} / {ms(p95(docx_t[k]))} | "
            f"{docx_sizes[k] / 1024:.0f} KB |")
    add("")
    for note in save_notes:
        add(f"- {note}")
    add("")
    return "\n".join(L)


def console(cases, diffs, pair, pair_diff, save_t, searchable_t, view_t, docx_t) -> None:
    print()
    print(f"{'operation':<44}{'median ms':>10}{'p95 ms':>9}  target")
    rows = [("save revision (drafts.save)", pooled(save_t), f"< {TARGETS['save']:.0f}"),
            ("  then searchable after", pooled(searchable_t), ""),
            ("diff_documents (5 edited pairs)", pooled({k: v['times']['ours'] for k, v in diffs.items()}),
             f"< {TARGETS['diff']:.0f}"),
            ("  difflib word tokens autojunk=True", pooled({k: v['times']['difflib'] for k, v in diffs.items()}), ""),
            ("  difflib word tokens autojunk=False",
             pooled({k: v['times']['difflib_noaj'] for k, v in diffs.items()}), ""),
            (f"diff_documents {pair.old.doc.symbol[6:]}→{pair.new.doc.symbol[6:]}", pair_diff["times"]["ours"], ""),
            ("  difflib autojunk=True", pair_diff["times"]["difflib"], ""),
            ("write_docx", pooled(docx_t), f"< {TARGETS['docx']:.0f}"),
            ("drafts.view (information)", pooled(view_t), "")]
    for name, xs, target in rows:
        print(f"{name:<44}{ms(median(xs)):>10}{ms(p95(xs)):>9}  {target}")
    print()
    print(f"{'resolution':<16}{'save':>8}{'diff':>8}{'difflib':>9}{'ratio':>7}{'docx':>8}{'view':>7}")
    for src, _, _ in cases:
        k = src.doc.symbol
        t = diffs[k]["times"]
        print(f"{k:<16}{ms(median(save_t[k])):>8}{ms(median(t['ours'])):>8}{ms(median(t['difflib'])):>9}"
              f"{median(t['difflib']) / median(t['ours']):>6.1f}x{ms(median(docx_t[k])):>8}"
              f"{ms(median(view_t[k])):>7}")


def main(argv=None) -> int:
    def options(parser):
        parser.add_argument("--runs", type=int, default=40, help="timed runs per resolution for diff (≥ 30)")
        parser.add_argument("--save-runs", type=int, default=30,
                            help="timed saves per resolution as the app runs them, with the search index (≥ 30)")
        parser.add_argument("--db-runs", type=int, default=40,
                            help="timed saves without the search index, and loads, per resolution (≥ 30)")
        parser.add_argument("--docx-runs", type=int, default=24, help="timed runs per resolution for write_docx (≥ 20)")
        parser.add_argument("--pair-runs", type=int, default=10, help="rounds per pair for the other recurring pairs")

    run = cli.start(__doc__, argv, options, machine)
    if run is None:
        return 2
    args, facts = run.args, run.facts
    command = "make bench" if os.environ.get("MAKELEVEL") else ".venv/bin/python bench/run.py"

    print(f"reading {AKN} …", flush=True)
    s78, s77 = load_session(78), load_session(77)
    picks = pick_resolutions(s78)
    qualifying = sum(MIN_PARAGRAPHS <= count_paragraphs(s.doc) <= MAX_PARAGRAPHS for s in s78)
    cases = [(src, *edited_revision(src.doc)) for src in picks]
    pairs = recurring_pairs(s77, s78)
    pair = pairs[0]

    print("diff …", flush=True)
    diffs = {src.doc.symbol: bench_diff(src.doc, edited, args.runs, 3) for src, edited, _ in cases}
    pair_diff = bench_diff(pair.old.doc, pair.aligned, args.runs, 3)
    all_pairs = {p.new.doc.symbol: bench_diff(p.old.doc, p.aligned, args.pair_runs, 2) for p in pairs[1:]}

    print("save / view …", flush=True)
    gc.collect()
    save_t, searchable_t, view_t, save_notes = bench_save(cases, args.save_runs, args.db_runs, 3)

    print("docx …", flush=True)
    gc.collect()
    docx_t, docx_sizes = bench_docx(cases, args.docx_runs, 2)

    elapsed = run.elapsed()
    console(cases, diffs, pair, pair_diff, save_t, searchable_t, view_t, docx_t)
    section = report(facts, cases, qualifying, pair, diffs, pair_diff, all_pairs,
                     save_t, searchable_t, view_t, save_notes, docx_t, docx_sizes,
                     {"save": args.save_runs, "db": args.db_runs, "docx": args.docx_runs,
                      "pairs": args.pair_runs}, elapsed, command)
    cuts = wordcuts.CutCount()
    for d in [*diffs.values(), pair_diff, *all_pairs.values()]:
        cuts.add(d["ours_cuts"])
    print(f"\nword cuts in our diffs: {cuts.violations} boundaries ({cuts.edits} edits checked); "
          f"ops not rebuilding texts: {cuts.mismatches}")
    print(f"total {elapsed:.0f} s")
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, section)
        print(f"wrote {REPO / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
