"""The PDF reader's tuning set: PDFs we print ourselves from sessions 75–77 (never 78,
the held-out set of bench/pdf_accuracy.py).

    .venv/bin/python bench/pdf_tuning.py            # 36 files, summary + misses
    .venv/bin/python bench/pdf_tuning.py -n 10 -v   # fewer files, every mismatch

The UN's XML of resolutions with sections, annexes or tables (found by grepping
``../shared/corpus/akn/7[567]/English`` for <section, <attachment, <table), plus plain
ones, is read with read_akn, written as the issued Word file (formats.docx_writer) and
printed to PDF with LibreOffice (``soffice --headless --convert-to pdf``); read_pdf's
document is then compared with the XML's as bench/pdf_accuracy.py does. The PDFs are
cached under /tmp/pdf_tuning, keyed by the document and the Word writer's code, never
in the repository.
LibreOffice's PDF is not the UN's (fonts, line breaks, drawn separators), so this
tunes the structure rules, not the character-level details.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdf_accuracy import CORPUS, REPO, compare_documents, pct  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.formats.docx_writer import write_docx  # noqa: E402
from resolutions.formats.pdf_reader import read_pdf  # noqa: E402

CACHE = Path("/tmp/pdf_tuning")
SESSIONS = ("75", "76", "77")
SHAPES = ("<section", "<attachment", "<table")


def tuning_files(limit: int) -> list[Path]:
    """Files with each shape first (round robin), then plain ones, up to ``limit``."""
    by_shape: dict[str, list[Path]] = {s: [] for s in (*SHAPES, "plain")}
    for session in SESSIONS:
        for path in sorted((CORPUS / "akn" / session / "English").glob("*.xml")):
            text = path.read_text(encoding="utf-8", errors="replace")
            shape = next((s for s in SHAPES if s in text), "plain")
            by_shape[shape].append(path)
    out: list[Path] = []
    while len(out) < limit and any(by_shape.values()):
        for shape in by_shape:
            if by_shape[shape] and len(out) < limit:
                out.append(by_shape[shape].pop(0))
    return out


def printed(paths: list[Path]) -> list[tuple[Path, object, Path | None]]:
    """(XML path, its first document, the PDF we printed of it or None)."""
    CACHE.mkdir(exist_ok=True)
    jobs, out = [], []
    for path in paths:
        doc = read_akn(path)[0]
        pdf = CACHE / f"{_key(doc)}.pdf"
        if not pdf.exists():
            try:
                jobs.append((pdf, write_docx(doc, ["Member State"])))
            except Exception as exc:  # a tuning run reports every failure and goes on
                print(f"{path.name}: the Word writer failed: {type(exc).__name__}: {exc}")
                continue
        out.append((path, doc, pdf))
    if jobs:
        with tempfile.TemporaryDirectory() as tmp:
            for pdf, data in jobs:
                (Path(tmp) / f"{pdf.stem}.docx").write_bytes(data)
            profile = (Path(tmp) / "profile").as_uri()  # its own, so that it runs beside another LibreOffice
            subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}",
                            "--headless", "--convert-to", "pdf", "--outdir", str(CACHE), *sorted(str(p) for p in Path(tmp).glob("*.docx"))],
                           check=False, capture_output=True, timeout=600)
    return [(path, doc, pdf if pdf.exists() else None) for path, doc, pdf in out]


def _key(doc) -> str:
    """The document and the Word writer's code (the .docx itself holds the time it was
    written)."""
    digest = hashlib.sha1(repr(doc).encode())
    for source in sorted((REPO / "resolutions" / "formats").glob("docx_*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=36, help="how many files")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    for path, doc, pdf in printed(tuning_files(args.n)):
        if pdf is None:
            print(f"{path.name}: LibreOffice did not print it")
            continue
        try:
            row = compare_documents(read_pdf(pdf).document, doc)
        except Exception as exc:  # a tuning run reports every failure and goes on
            print(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        rows.append(row)
        bad = row["matched"] != row["akn"] or row["pdf"] != row["akn"] or row["op_akn"] != row["op_pdf"] \
            or not row["headings_ok"] or row["annexes_akn"] != row["annexes_pdf"] \
            or len(row["tables_akn"]) != len(row["tables_pdf"])
        print(f"{'MISS' if bad else 'ok  '} {path.name:<42} paras {row['matched']}/{row['akn']}/{row['pdf']}"
              f"  OP {row['op_akn']}/{row['op_pdf']}  headings {row['headings_found']}/{len(row['headings_akn'])}"
              f"/{len(row['headings_pdf'])}  annexes {len(row['annexes_akn'])}/{len(row['annexes_pdf'])}"
              f"  tables {len(row['tables_akn'])}/{len(row['tables_pdf'])}  {pdf.name}")
        if args.verbose and bad:
            if not row["headings_ok"]:
                print(f"      headings XML {row['headings_akn'][:8]}\n      headings PDF {row['headings_pdf'][:8]}")
            for tag, a, b in row["mismatches"][:6]:
                for t in a[:3]:
                    print(f"      XML {tag:<8}{t[:150]}")
                for t in b[:3]:
                    print(f"      PDF {tag:<8}{t[:150]}")
    n = len(rows)
    m, a = sum(r["matched"] for r in rows), sum(r["akn"] for r in rows)
    ok = sum(r["op_akn"] == r["op_pdf"] and r["headings_ok"] for r in rows)
    print(f"\nparagraphs {m}/{a} = {pct(m, a)}; right operative count and headings {ok}/{n} = {pct(ok, n)};"
          f" operative count {sum(r['op_akn'] == r['op_pdf'] for r in rows)}/{n};"
          f" headings {sum(r['headings_ok'] for r in rows)}/{n};"
          f" annexes {sum(r['annexes_akn'] == r['annexes_pdf'] for r in rows)}/{n};"
          f" tables {sum(len(r['tables_akn']) == len(r['tables_pdf']) for r in rows)}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
