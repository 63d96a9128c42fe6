"""How well the PDF importer (issue #3) reads the UN's published resolutions.

    .venv/bin/python bench/pdf_accuracy.py              # table + BENCHMARKS.md section
    .venv/bin/python bench/pdf_accuracy.py --no-write   # print only
    .venv/bin/python bench/pdf_accuracy.py -v           # also show every mismatch

For each of the 56 adopted resolutions in ../shared/corpus/pdf (A_RES_78_*.pdf) the twin
in ../shared/corpus/akn/78/English (the UN's own XML, found by symbol) is read with
read_akn, the PDF with read_pdf, and the two are compared:

(a) paragraphs: every paragraph at every level (preambular, operative, subparagraphs),
    in reading order. The two lists are aligned in order (difflib, on the normalised
    texts) and a paragraph counts as matched when its text is equal to the XML's at
    the same place of the alignment. Share = matched / paragraphs in the XML; the
    share of the PDF's paragraphs that are matched is shown too (extra paragraphs
    lower it).
(b) documents whose number of operative paragraphs equals the XML's.

Normalisation, the same on both sides: every run of white space (including the
no-break spaces U+00A0 and U+202F the XML uses) becomes one space, ends trimmed; the
non-breaking hyphen U+2011 becomes "-"; invisible format characters (Unicode category
Cf: the soft hyphen U+00AD, the left-to-right mark U+200E, zero-width spaces) are
dropped; both sides are put in Unicode NFC ("n" + U+0303 = "ñ"). The PDF's text layer
does not keep those distinctions (Word prints U+2011 as an ordinary hyphen glyph, a
no-break space as a space, and no glyph at all for a format character), so they are
typography, not text. Nothing else is mapped: quotes, dashes, case and punctuation must
be equal.

For information: title equal, footnote count equal, italic opening equal (its text,
normalised as above, on matched paragraphs), depth equal (on matched paragraphs), and the time to read each PDF.
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import os
import platform
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sections import write_section  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.formats.pdf_reader import read_pdf  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
PDFS = CORPUS / "pdf"
AKN = CORPUS / "akn" / "78" / "English"
SECTION = "## PDF import accuracy (issue #3)"
TARGET = 0.95

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\u2011", "-"))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _WS.sub(" ", text).strip()


def paragraphs(doc) -> list[tuple[int, str, int | None, int, tuple]]:
    """(depth, normalised text, italic opening, footnote count, footnotes) in reading order."""
    return [(depth, normalise(p.text), normalise(p.text[:p.opening_length or 0]), len(p.footnotes),
             tuple((n.at, normalise(n.text)) for n in p.footnotes)) for _, depth, p in doc.walk()]


def twin(symbol: str) -> Path | None:
    number = symbol.rsplit("/", 1)[1]
    found = [*sorted(AKN.glob(f"A_RES_78_{number}-*.xml")), *sorted(AKN.glob(f"A_RES_78_{number}_*.xml")),
             *sorted(AKN.glob(f"78_{number}_E.xml"))]
    return found[0] if found else None


def compare(pdf_path: Path) -> dict:
    started = time.perf_counter()
    reading = read_pdf(pdf_path)
    seconds = time.perf_counter() - started
    symbol = reading.symbol
    path = twin(symbol)
    if path is None:
        return {"symbol": symbol, "missing": True, "seconds": seconds}
    akn = next(d for d in read_akn(path) if d.symbol == symbol)
    ours, theirs = paragraphs(reading.document), paragraphs(akn)
    matcher = difflib.SequenceMatcher(None, [t for _, t, *_ in theirs], [t for _, t, *_ in ours],
                                      autojunk=False)
    pairs = [(block.a + k, block.b + k) for block in matcher.get_matching_blocks() for k in range(block.size)]
    mismatches = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            mismatches.append((tag, [t for _, t, *_ in theirs[a0:a1]], [t for _, t, *_ in ours[b0:b1]]))
    return {
        "symbol": symbol,
        "missing": False,
        "seconds": seconds,
        "pages": _pages(pdf_path),
        "akn": len(theirs),
        "pdf": len(ours),
        "matched": len(pairs),
        "op_akn": len(akn.operative),
        "op_pdf": len(reading.document.operative),
        "title": normalise(akn.title) == normalise(reading.document.title),
        "footnotes": sum(t[3] for t in theirs) == sum(t[3] for t in ours),
        "opening": sum(theirs[a][2] == ours[b][2] for a, b in pairs),
        "depth": sum(theirs[a][0] == ours[b][0] for a, b in pairs),
        "notes_total": sum(len(theirs[a][4]) for a, b in pairs),
        "notes_text": sum(x[1] == y[1] for a, b in pairs for x, y in zip(theirs[a][4], ours[b][4])),
        "notes_at": sum(x[0] == y[0] for a, b in pairs for x, y in zip(theirs[a][4], ours[b][4])),
        "mismatches": mismatches,
    }


def _pages(path: Path) -> int:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def pct(n: float, d: float) -> str:
    if not d:
        return "–"
    share = 100 * n / d
    # Never round a miss up to "100.0 %".
    return f"{share:.2f} %" if n != d and share >= 99.95 else f"{share:.1f} %"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every mismatched paragraph")
    args = parser.parse_args(argv)
    files = sorted(PDFS.glob("A_RES_78_*.pdf"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
    if not files or not AKN.is_dir():
        print(f"the corpus is missing: {PDFS} / {AKN}", file=sys.stderr)
        return 2
    rows = [compare(path) for path in files]
    rows_ok = [r for r in rows if not r["missing"]]

    print(f"{'resolution':<15}{'pages':>6}{'AKN':>6}{'PDF':>6}{'match':>7}{'share':>9}{'OP akn/pdf':>12}"
          f"{'title':>7}{'notes':>7}{'italic':>8}{'ms':>7}")
    for r in rows:
        if r["missing"]:
            print(f"{r['symbol']:<15}  no AKN twin")
            continue
        print(f"{r['symbol']:<15}{r['pages']:>6}{r['akn']:>6}{r['pdf']:>6}{r['matched']:>7}"
              f"{pct(r['matched'], r['akn']):>9}{r['op_akn']:>6}/{r['op_pdf']:<5}"
              f"{'ok' if r['title'] else 'DIFF':>7}{'ok' if r['footnotes'] else 'DIFF':>7}"
              f"{pct(r['opening'], r['matched']):>8}{1000 * r['seconds']:>7.0f}")
        if args.verbose:
            for tag, a, b in r["mismatches"]:
                if len(a) == len(b):
                    for x, y in zip(a, b):
                        k = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
                        print(f"      XML {tag:<8}…{x[max(0, k - 60):k + 60]!r}")
                        print(f"      PDF {tag:<8}…{y[max(0, k - 60):k + 60]!r}")
                    continue
                for t in a:
                    print(f"      XML {tag:<8}{t[:160]}")
                for t in b:
                    print(f"      PDF {tag:<8}{t[:160]}")

    akn_total = sum(r["akn"] for r in rows_ok)
    pdf_total = sum(r["pdf"] for r in rows_ok)
    matched = sum(r["matched"] for r in rows_ok)
    op_ok = sum(r["op_akn"] == r["op_pdf"] for r in rows_ok)
    exact_docs = sum(r["matched"] == r["akn"] == r["pdf"] for r in rows_ok)
    seconds = [r["seconds"] for r in rows]
    pages = sum(r.get("pages", 0) for r in rows_ok)
    summary = {
        "paragraphs": (matched, akn_total),
        "precision": (matched, pdf_total),
        "operative": (op_ok, len(rows_ok)),
        "exact_docs": (exact_docs, len(rows_ok)),
        "titles": (sum(r["title"] for r in rows_ok), len(rows_ok)),
        "footnotes": (sum(r["footnotes"] for r in rows_ok), len(rows_ok)),
        "opening": (sum(r["opening"] for r in rows_ok), matched),
        "depth": (sum(r["depth"] for r in rows_ok), matched),
        "notes_text": (sum(r["notes_text"] for r in rows_ok), sum(r["notes_total"] for r in rows_ok)),
        "notes_at": (sum(r["notes_at"] for r in rows_ok), sum(r["notes_total"] for r in rows_ok)),
    }
    print()
    print(f"(a) paragraphs matching the XML exactly: {matched}/{akn_total} = {pct(matched, akn_total)}"
          f"   (of the PDF's paragraphs: {matched}/{pdf_total} = {pct(matched, pdf_total)})")
    print(f"(b) documents with the right operative count: {op_ok}/{len(rows_ok)} = {pct(op_ok, len(rows_ok))}")
    print(f"    documents read perfectly: {exact_docs}/{len(rows_ok)};  titles {summary['titles'][0]}/{len(rows_ok)};"
          f"  footnote counts {summary['footnotes'][0]}/{len(rows_ok)};"
          f"  italic opening {pct(*summary['opening'])};  depth {pct(*summary['depth'])}")
    print(f"    footnotes on matched paragraphs: text equal {summary['notes_text'][0]}/{summary['notes_text'][1]},"
          f" marker offset equal {summary['notes_at'][0]}/{summary['notes_at'][1]}")
    print(f"    time: {sum(seconds):.1f} s for {len(rows)} PDFs ({pages} pages), median "
          f"{1000 * statistics.median(seconds):.0f} ms per PDF, max {1000 * max(seconds):.0f} ms, "
          f"{1000 * sum(seconds) / max(pages, 1):.0f} ms per page")
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, section(rows, summary, seconds, pages))
        print("written to BENCHMARKS.md")
    ok = matched / akn_total >= TARGET and op_ok / len(rows_ok) >= TARGET
    return 0 if ok else 1


def section(rows, summary, seconds, pages) -> str:
    from importlib import metadata
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (m, a), (_, p) = summary["paragraphs"], summary["precision"]
    (o, n) = summary["operative"]
    lines = [
        SECTION,
        "",
        f"Command: `.venv/bin/python bench/pdf_accuracy.py` — run {date} on {platform.machine()} "
        f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end), "
        f"Python {platform.python_version()}, pypdfium2 {metadata.version('pypdfium2')}.",
        "",
        "The 56 adopted resolutions `A_RES_78_*.pdf` of `../shared/corpus/pdf`, each read with "
        "`read_pdf` and compared with its twin in `../shared/corpus/akn/78/English` (the UN's XML, "
        "read with `read_akn`). Paragraphs are every paragraph at every level in reading order, "
        "aligned in order; a paragraph matches when its text is equal after normalising both "
        "sides the same way: white space (incl. U+00A0, U+202F) collapsed, U+2011 → \"-\", "
        "format characters (Cf: U+00AD, U+200E …) dropped, Unicode NFC — distinctions the PDF "
        "text layer does not keep. Target ≥ 95 % on (a) and (b).",
        "",
        "| measure | result |",
        "|---|---|",
        f"| (a) XML paragraphs matched exactly by the PDF | **{m}/{a} = {pct(m, a)}** |",
        f"| PDF paragraphs that match the XML (precision) | {m}/{p} = {pct(m, p)} |",
        f"| (b) documents with the right number of operative paragraphs | **{o}/{n} = {pct(o, n)}** |",
        f"| documents read perfectly (every paragraph, no extra) | {summary['exact_docs'][0]}/{n} |",
        f"| titles equal | {summary['titles'][0]}/{n} |",
        f"| documents with the right number of footnotes | {summary['footnotes'][0]}/{n} |",
        f"| italic opening equal (its text, on matched paragraphs) | {pct(*summary['opening'])} |",
        f"| nesting depth equal (matched paragraphs) | {pct(*summary['depth'])} |",
        f"| footnotes of matched paragraphs: text equal / marker offset equal | "
        f"{summary['notes_text'][0]}/{summary['notes_text'][1]} / {summary['notes_at'][0]}/{summary['notes_at'][1]} |",
        f"| time to read a PDF | median {1000 * statistics.median(seconds):.0f} ms, "
        f"max {1000 * max(seconds):.0f} ms; {sum(seconds):.1f} s for all {len(rows)} ({pages} pages, "
        f"{1000 * sum(seconds) / max(pages, 1):.0f} ms a page) |",
        "",
    ]
    misses = [r for r in rows if not r["missing"] and (r["matched"] != r["akn"] or r["pdf"] != r["akn"]
                                                       or r["op_akn"] != r["op_pdf"])]
    if misses:
        lines += ["Documents not read perfectly (paragraphs matched / XML / PDF; operative XML / PDF):", ""]
        for r in misses:
            lines.append(f"- {r['symbol']}: {r['matched']}/{r['akn']}/{r['pdf']}; OP {r['op_akn']}/{r['op_pdf']}")
            for tag, a, b in r["mismatches"]:
                for x, y in zip(a, b):
                    k = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
                    lines.append(f"  - XML “…{x[max(0, k - 40):k + 25]}…” / PDF “…{y[max(0, k - 40):k + 25]}…”")
                if len(a) != len(b):
                    lines.append(f"  - {len(a)} XML paragraph(s) against {len(b)} PDF paragraph(s) ({tag})")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
