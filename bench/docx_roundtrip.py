"""Word round trip per language (issue #9): a real resolution read from its Akoma Ntoso
file, written to Word by our writer and read back by our reader, must come back with the
same structure.

    .venv/bin/python bench/docx_roundtrip.py                      # report set; writes BENCHMARKS.md
    .venv/bin/python bench/docx_roundtrip.py --set tune --no-write --misses

Corpus: ../shared/corpus/akn read in place. Sets: tuning used sessions 75–77 (the corpus
holds them in English only); the report set is session 78, every language.

A block is the same when its part (preamble / operative), depth, kind, text (spacing as
typography.bind sets it), heading level, numbering and restart, table cells (rows padded
to the widest) and header rows all match; a document is the same when every block is, in
order, with the same paragraph ids and language.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli import start  # noqa: E402
from sections import write_section  # noqa: E402
from workload import AKN  # noqa: E402
from resolutions.domain.typography import bind  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.formats.docx_reader import read_docx  # noqa: E402
from resolutions.formats.docx_writer import write_docx  # noqa: E402

SECTION = "## Word round trip (issue #9)"
FOLDERS = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic", "zh": "Chinese"}
SETS = {"tune": ("75", "76", "77"), "report": ("78",)}


def shape(doc) -> list[tuple]:
    """What a block must keep through the round trip (module docstring)."""
    out = []
    for part, depth, p in doc.walk():
        rows = tuple(tuple(r) for r in p.rows)
        width = max((len(r) for r in rows), default=0)
        rows = tuple(r + ("",) * (width - len(r)) for r in rows)
        out.append((part, depth, p.kind, bind(p.text), p.level if p.kind == "heading" else None,
                    p.numbering, p.restart, rows, p.header_rows))
    return out


def measure(paths: list[Path]) -> tuple[Counter, list[str]]:
    """Counts (documents, same, blocks, blocks_same, errors) and the names of the misses."""
    n, misses = Counter(), []
    for path in paths:
        try:
            for doc in read_akn(path):
                n["documents"] += 1
                back = read_docx(write_docx(doc.with_changes(symbol=None), ["Japan"])).document
                a, b = shape(doc), shape(back)
                n["blocks"] += len(a)
                n["blocks_same"] += sum(x == y for x, y in zip(a, b))
                if a == b and back.language == doc.language and back.paragraph_ids() == doc.paragraph_ids():
                    n["same"] += 1
                else:
                    misses.append(path.name)
        except Exception as e:    # a crash is a result to report, not the end of the run
            n["errors"] += 1
            misses.append(f"{path.name}: {type(e).__name__} {e}"[:160])
    return n, misses


def section(rows, which: str, facts: dict, seconds: float) -> str:
    lines = [SECTION, "",
             f"Run `.venv/bin/python bench/docx_roundtrip.py` on {facts['date']}: {facts['python']}, "
             f"{facts['nproc']} CPUs, load {facts['load']}, commit {facts['commit']}; whole run {seconds:.0f} s.", "",
             f"Set: **{which}** (sessions {', '.join(SETS[which])}; tuning used 75–77). Each resolution: "
             "read_akn → write_docx → read_docx; same = every block's part, depth, kind, text, heading "
             "level/numbering/restart, table cells and header rows, the ids and the language.", "",
             "| language | documents | same | share | blocks same | errors |", "|---|---:|---:|---:|---:|---:|"]
    for lang, n, _ in rows:
        docs = n["documents"]
        lines.append(f"| {FOLDERS[lang]} | {docs} | {n['same']} | {100 * n['same'] / max(docs, 1):.1f} % "
                     f"| {n['blocks_same']}/{n['blocks']} | {n['errors']} |")
    missed = [(lang, m) for lang, _, misses in rows for m in misses]
    lines += ["", "Misses:" if missed else "No misses."]
    lines += [f"- {lang} {m}" for lang, m in missed]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    def options(p):
        p.add_argument("--set", choices=tuple(SETS), default="report")
        p.add_argument("--languages", default=",".join(FOLDERS))
        p.add_argument("--limit", type=int, default=0, help="at most this many files per language and session")
        p.add_argument("--misses", action="store_true", help="print every miss")

    run = start(__doc__, argv, options)
    if run is None:
        return 2
    args = run.args
    languages = [x for x in args.languages.split(",") if x]
    rows = []
    for lang in languages:
        paths = []
        for session in SETS[args.set]:
            found = sorted((AKN / session / FOLDERS[lang]).glob("*.xml"))
            paths += found[:args.limit] if args.limit else found
        if paths:
            n, misses = measure(paths)
            rows.append((lang, n, misses))
            print(f"{lang}: {n['same']}/{n['documents']} same, {n['errors']} errors", flush=True)
    text = section(rows, args.set, run.facts, run.elapsed())
    print(text if args.misses else text.split("Misses:")[0])
    if not args.no_write and args.set == "report" and not args.limit and len(languages) == len(FOLDERS):
        write_section(REPO / "BENCHMARKS.md", SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
