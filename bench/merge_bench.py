"""Benchmark of the three-way merge of a stale save (issue #7) on the largest real resolution.

    .venv/bin/python bench/merge_bench.py              # writes "## Merge (issue #7)" into BENCHMARKS.md
    .venv/bin/python bench/merge_bench.py --no-write   # print only, leave BENCHMARKS.md alone

The base is the largest resolution of ../shared/corpus/akn (read in place, never copied):
A/RES/77/248 on oceans and the law of the sea, 454 paragraphs. Its successor adopted a
year later under the same title (A/RES/78/69), its ids aligned to the base's, gives a real
year of negotiation: reworded paragraphs, new ones, deleted ones. Each seeded case splits
a share of those real changes between two delegates, "theirs" (saved first) and "yours"
(saved from the same base), and times

1. ``merge(base, theirs, yours)``, target < 50 ms median;
2. what a user could do instead: ``git merge-file --diff3`` on the same three texts, one
   paragraph per line (a subprocess, as a user or a server would run it);

and counts, per kind of case, how many each merges cleanly, whether our merge holds every
change of both sides (and reports exactly the conflict planted, where one is), and whether
git's text, where it merges, is ours.
"""
from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli  # noqa: E402
from sections import write_section  # noqa: E402
from timing import interleaved, median, ms, p95  # noqa: E402
from workload import AKN, count_paragraphs, load_session  # noqa: E402

from resolutions.domain import editing  # noqa: E402
from resolutions.domain.alignment import align_ids  # noqa: E402
from resolutions.domain.diff import tokens  # noqa: E402
from resolutions.domain.document import Document, Paragraph  # noqa: E402
from resolutions.domain.errors import InvalidDocument  # noqa: E402
from resolutions.domain.footnote_markup import parse, render  # noqa: E402
from resolutions.domain.merge import merge  # noqa: E402
from resolutions.domain.merge_text import hunks  # noqa: E402
from resolutions.domain.validation import validate  # noqa: E402

SECTION = "## Merge (issue #7)"
TARGET = 50.0
KINDS = {
    "few": "5 reworded paragraphs on each side, anywhere; nothing else",
    "A": "different paragraphs: 40 % of the reworded paragraphs, 6 new and 4 deleted ones, "
         "one move each, every change given to one side",
    "B": "as A, and 3 more reworded paragraphs whose separate edits are split between the sides "
         "(different words of one paragraph)",
    "C": "as B, and one paragraph both changed in the same words (theirs rewords it, yours "
         "deletes the words theirs replaced): exactly one conflict expected",
}


def shown(p: Paragraph) -> str:
    return render(p.text, p.footnotes)


def reworded(doc: Document, pid: str, markup: str) -> Document:
    """As the editor saves a paragraph: footnote ids kept in order, the italic opening
    kept while its words are."""
    old = doc.find(pid)
    text, notes = parse(markup.strip(), [n.id for n in old.footnotes])
    n = old.opening_length
    return editing.change(doc, pid, text=text, footnotes=notes,
                          opening_length=n if n is not None and text[:n] == old.text[:n] else None)


def spliced(markup: str, edits) -> str:
    toks, out, at = tokens(markup), [], 0
    for start, end, new in sorted(edits, key=lambda e: e[:2]):
        out += toks[at:start] + list(new)
        at = end
    return "".join(out + toks[at:])


# ---------------------------------------------------------------------------- workload


def largest() -> tuple[Document, Document, int]:
    """The resolution of the corpus with the most paragraphs, its successor of the next
    session under the same title (ids aligned), and how many files were read."""
    sessions = {n: load_session(n) for n in sorted(int(p.name) for p in AKN.iterdir() if p.name.isdigit())}
    every = [s for sources in sessions.values() for s in sources]
    base = max(every, key=lambda s: count_paragraphs(s.doc)).doc
    after = [s.doc for s in sessions.get(base.session + 1, []) if s.doc.title == base.title]
    if not after:
        raise SystemExit(f"no resolution of session {base.session + 1} titled {base.title!r}")
    return validate(base), validate(align_ids(base, after[0])), len(every)


class Year:
    """The real changes from ``old`` to ``new`` (same ids), as edits one side can make."""

    def __init__(self, old: Document, new: Document):
        self.old, self.new = old, new
        olds = {p.id: p for _, _, p in old.walk()}
        self.reworded = [pid for pid, p in olds.items() if new.find(pid) and shown(new.find(pid)) != shown(p)]
        self.split = []           # (id, first half of the edits' markup, second half's)
        for pid in self.reworded:
            before, after = shown(olds[pid]), shown(new.find(pid))
            found = hunks(tokens(before), tokens(after))
            if len(found) >= 2:
                halves = spliced(before, found[: len(found) // 2]), spliced(before, found[len(found) // 2:])
                try:
                    for half in halves:
                        parse(half)
                except InvalidDocument:
                    continue
                self.split.append((pid, *halves))
        self.added = []           # (the paragraph of old it follows in new, new paragraph)
        lists = [list(new.preamble), list(new.operative)] + [list(p.subparagraphs) for _, _, p in new.walk()]
        for siblings in lists:
            for before, p in zip(siblings, siblings[1:]):
                if p.id not in olds and before.id in olds and not p.subparagraphs:
                    self.added.append((before.id, p))
        self.deleted = [pid for pid, p in olds.items() if new.find(pid) is None and not p.subparagraphs]


def case(year: Year, kind: str, seed: int):
    """(theirs, yours, what to check) for one seeded case of ``kind``."""
    rng = random.Random(f"merge-bench/{kind}/{seed}")
    old, new = year.old, year.new
    split = rng.sample(year.split, 3)
    rest = [p for p in year.reworded if p not in {pid for pid, _, _ in split}]
    conflict = rng.choice(rest) if kind == "C" else None
    rest.remove(conflict) if conflict else None
    whole = rng.sample(rest, 10 if kind == "few" else round(0.4 * len(year.reworded)))
    sides = [old, old]
    expect: dict[str, str | None] = {}          # id → markup expected (None: gone)
    for n, pid in enumerate(whole):
        s = n % 2 if kind == "few" else rng.randrange(2)
        sides[s] = reworded(sides[s], pid, shown(new.find(pid)))
        expect[pid] = shown(new.find(pid))
    if kind in "BC":
        for pid, first, second in split:
            sides[0], sides[1] = reworded(sides[0], pid, first), reworded(sides[1], pid, second)
            expect[pid] = shown(new.find(pid))
    if conflict:
        before, after = shown(old.find(conflict)), shown(new.find(conflict))
        start, end, _ = hunks(tokens(before), tokens(after))[0]
        clash = spliced(before, [(start, end, [])] if start < end else [(start - 1, start + 1, [])])
        sides[0], sides[1] = reworded(sides[0], conflict, after), reworded(sides[1], conflict, clash)
    taken = set(expect) | {conflict}
    if kind == "few":
        return validate(sides[0]), validate(sides[1]), expect, conflict
    for anchor, para in rng.sample([a for a in year.added if a[0] not in taken], 6):
        s = rng.randrange(2)
        sides[s] = editing.insert_after(sides[s], anchor, para)
        expect[para.id] = shown(para)
    for pid in rng.sample([p for p in year.deleted if p not in taken], 4):
        s = rng.randrange(2)
        sides[s] = editing.delete(sides[s], pid)
        expect[pid] = None
    ops = [p.id for p in old.operative]
    for s in (0, 1):      # one move each, of paragraphs (and to places) nobody else touches
        free = [k for k in range(len(ops) - 6) if not taken.intersection(ops[k:k + 6])
                and not set(expect).intersection(ops[k:k + 6])]
        k = rng.choice(free)
        para = sides[s].find(ops[k])
        sides[s] = editing.insert_after(editing.delete(sides[s], ops[k]), ops[k + 5], para)
        taken.update(ops[k:k + 6])
    return validate(sides[0]), validate(sides[1]), expect, conflict


def holds(result, old: Document, expect: dict, conflict: str | None) -> bool:
    """Whether the merge has every change of both sides and leaves the rest as it was, or
    reports exactly the one conflict planted."""
    if conflict is not None:
        return [(c.paragraph, c.field, c.kind) for c in result.conflicts] == [(conflict, "text", "both_changed")]
    if not result.clean:
        return False
    doc = result.document
    got = {p.id: shown(p) for _, _, p in doc.walk()}
    if len(got) != sum(1 for _ in doc.walk()):
        return False
    for pid, markup in expect.items():
        if got.get(pid) != markup:
            return False
    return all(got[p.id] == shown(p) for _, _, p in old.walk() if p.id not in expect)


# ---------------------------------------------------------------------------- git


def lines(doc: Document) -> str:
    return "".join(shown(p).replace("\n", " ") + "\n" for _, _, p in doc.walk())


def git_merge(folder: Path):
    def run() -> subprocess.CompletedProcess:
        return subprocess.run(["git", "merge-file", "-p", "--diff3", "yours.txt", "base.txt", "theirs.txt"],
                              cwd=folder, capture_output=True, text=True)
    return run


# ---------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    """The tools compared, besides the machine facts every benchmark states (cli.start)."""
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {"git": git, "dmp": metadata.version("diff-match-patch")}


def report(facts, year: Year, files: int, rows, times, elapsed: float, command: str, per_case: int) -> str:
    old, new = year.old, year.new
    ours, git = times["ours"], times["git"]
    L = [SECTION, "",
         f"Command: `.venv/bin/python bench/merge_bench.py`; this run: `{command}`, on {facts['date']}, "
         f"took {elapsed:.0f} s.", "",
         f"Machine: nproc {facts['nproc']} ({facts['cpu']}), {facts['python']}, {facts['os']}; "
         f"{facts['git']}, diff-match-patch {facts['dmp']}. Load average at start: {facts['load']}. "
         f"Code: {facts['commit']}.", "",
         "Wall-clock times (`time.perf_counter`), garbage collector on, one warm-up round per case "
         f"discarded, then {per_case} rounds per case, ours and git's in the same rounds, order rotating. "
         "The machine's two cores are shared and noisy: trust the medians and the ratios, not single runs.", "",
         "| Operation | runs | median ms | p95 ms | target | |", "|---|---:|---:|---:|---|---|",
         f"| `merge(base, theirs, yours)` on {old.symbol} ({count_paragraphs(old)} paragraphs) | {len(ours)} | "
         f"{ms(median(ours))} | {ms(p95(ours))} | < {TARGET:.0f} ms median | "
         f"{'met' if median(ours) < TARGET else '**missed**'} |",
         f"| `git merge-file -p --diff3` (same texts, one paragraph per line, a subprocess) | {len(git)} | "
         f"{ms(median(git))} | {ms(p95(git))} | | ×{median(git) / median(ours):.1f} ours |", "",
         "×: git's median divided by ours. Git's time is the subprocess alone (the three files written "
         "beforehand); ours is the whole merge in-process: matching by id, word merges, the sibling "
         "order, the checks of the rules, and for a conflict the proposal that settles it for yours.", "",
         "| Cases | n | ours merge cleanly | ours hold every change (or the one conflict) | git merges cleanly "
         "| git's text = ours, where git merges | ours median ms |",
         "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, r in rows.items():
        L.append(f"| {kind}: {KINDS[kind]} | {r['n']} | {r['clean']} | {r['holds']} | {r['git_clean']} | "
                 f"{r['agree']} of {r['git_clean']} | {ms(median(r['times']))} |")
    L += ["", "### Workload", "",
          f"The largest resolution among the {files:,} single-resolution files of `shared/corpus/akn/*/English`, "
          f"{old.symbol} — *{old.title}* ({len(old.preamble)} preambular and {len(old.operative)} operative "
          f"paragraphs at the top level, {sum(len(p.footnotes) for _, _, p in old.walk())} footnotes), "
          f"read with `read_akn`. Its successor {new.symbol} has its ids aligned to it with "
          "`alignment.align_ids`; from base to successor the real changes are "
          f"{len(year.reworded)} reworded paragraphs ({len(year.split)} of them by two or more separate edits "
          f"that split into valid halves), {len(year.added)} new paragraphs placed after a paragraph of the "
          f"base, {len(year.deleted)} deleted paragraphs without subparagraphs. Each case (seeded by its kind "
          "and number) draws from those, gives each change to one side at random, and adds on each side one "
          "move of an untouched operative paragraph five places down. Words are never invented: every "
          "wording is the UN's own, in one year or the next.", "",
          "git merge-file refuses any two changes on one line or on adjacent lines: two delegates editing "
          "different words of one paragraph, or neighbouring paragraphs, get a conflict to resolve by hand; "
          "and it knows nothing of ids, footnotes or the tree (a moved paragraph is a deleted line and an "
          "added one)."]
    return "\n".join(L) + "\n"


def main(argv=None) -> int:
    def options(parser):
        parser.add_argument("--cases", type=int, default=15, help="seeded cases per kind (4 kinds)")
        parser.add_argument("--runs", type=int, default=2, help="timed rounds per case (total runs ≥ 50)")

    run = cli.start(__doc__, argv, options, machine)
    if run is None:
        return 2
    args, facts = run.args, run.facts
    command = "bench/merge_bench.py" + (" --no-write" if args.no_write else "")
    print(f"reading {AKN} …", flush=True)
    old, new, files = largest()
    year = Year(old, new)
    print(f"{old.symbol}: {count_paragraphs(old)} paragraphs; successor {new.symbol}", flush=True)
    rows, times = {}, {"ours": [], "git": []}
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
        folder = Path(tmp)
        for kind in KINDS:
            row = rows[kind] = {"n": 0, "clean": 0, "holds": 0, "git_clean": 0, "agree": 0, "times": []}
            for seed in range(args.cases):
                theirs, yours, expect, conflict = case(year, kind, seed)
                for name, doc in (("base", old), ("theirs", theirs), ("yours", yours)):
                    (folder / f"{name}.txt").write_text(lines(doc), "utf-8")
                t = interleaved({"ours": lambda t=theirs, y=yours: merge(old, t, y), "git": git_merge(folder)},
                                args.runs, 1)
                result, git = merge(old, theirs, yours), git_merge(folder)()
                if git.returncode < 0 or git.returncode > 127:
                    raise SystemExit(f"git merge-file failed: {git.stderr}")
                row["n"] += 1
                row["clean"] += result.clean
                row["holds"] += holds(result, old, expect, conflict)
                row["git_clean"] += git.returncode == 0
                row["agree"] += git.returncode == 0 and result.clean and git.stdout == lines(result.document)
                row["times"] += t["ours"]
                times["ours"] += t["ours"]
                times["git"] += t["git"]
    elapsed = run.elapsed()
    print(f"\n{'kind':<6}{'n':>4}{'ours clean':>12}{'ours hold':>11}{'git clean':>11}{'agree':>7}{'ours ms':>9}")
    for kind, r in rows.items():
        print(f"{kind:<6}{r['n']:>4}{r['clean']:>12}{r['holds']:>11}{r['git_clean']:>11}{r['agree']:>7}"
              f"{ms(median(r['times'])):>9}")
    print(f"\nmerge():          median {ms(median(times['ours']))} ms, p95 {ms(p95(times['ours']))} ms "
          f"({len(times['ours'])} runs; target < {TARGET:.0f} ms)")
    print(f"git merge-file:   median {ms(median(times['git']))} ms, p95 {ms(p95(times['git']))} ms "
          f"(×{median(times['git']) / median(times['ours']):.1f} ours)")
    print(f"machine: nproc {facts['nproc']} ({facts['cpu']}), load {facts['load']}; total {elapsed:.0f} s")
    section = report(facts, year, files, rows, times, elapsed, command, args.runs)
    if args.no_write:
        print("\n" + section)
    else:
        write_section(REPO / "BENCHMARKS.md", SECTION, section)
        print(f"wrote {REPO / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
