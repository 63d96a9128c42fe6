"""Which structures the UN's XML holds, and what our reader makes of them (issue #9).

    .venv/bin/python bench/structure_scan.py              # table + BENCHMARKS.md section
    .venv/bin/python bench/structure_scan.py --no-write   # print only

Scans every file of ../shared/corpus/akn/<session>/<language>/*.xml twice:

(a) the XML itself (lxml, no reader logic): in each ``mainBody`` and annex, the heading
    wrappers (``section``, ``hcontainer``, ``part`` …) and the paragraphs that hold only a
    ``num``/``heading``/``subheading``, by numbering pattern of their ``num`` ("{I}",
    "Part {I}", "Section {1}", "{A}.", "" for none) with counts and example symbols;
    ``crossHeading``s (those that refer to the preamble and the others); annexes
    (``attachments/attachment``); tables (rows × cells, header rows of ``th``); and
    numbering restarts (a paragraph numbered "1." after a higher number in the same part);
(b) the documents read_akn gives: how many hold headings (by level and pattern), a
    restart, annexes, tables, text blocks, and that every one passes validation.
Both for every language; examples are English symbols where there are some.
"""
from __future__ import annotations

import argparse
import collections
import re
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sections import write_section  # noqa: E402
from resolutions.domain.errors import InvalidDocument  # noqa: E402
from resolutions.domain.numbering import marks  # noqa: E402
from resolutions.domain.outline_marks import heading_pattern  # noqa: E402
from resolutions.domain.validation import validate  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402

AKN = REPO.parent / "shared" / "corpus" / "akn"
NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
SECTION = "## Structures in the UN's XML (issue #9)"
WRAPPERS = {"section", "hcontainer", "part", "chapter", "division", "subsection", "title", "article", "level"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


class Scan:
    def __init__(self):
        self.shapes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        self.tables: list[tuple[int, int, int]] = []
        self.files = 0
        self.documents = collections.Counter()
        self.patterns = collections.Counter()
        self.levels = collections.Counter()
        self.invalid: list[str] = []
        self.numbers = collections.Counter()  # (session 78?, our mark == the XML's num)

    def note(self, family: str, shape: str, symbol: str, english: bool) -> None:
        self.shapes[family][shape] += 1
        examples = self.examples[family, shape]
        if english and symbol not in examples and len(examples) < 3:
            examples.append(symbol)

    # -- (a) the XML as it is

    def xml(self, file: Path):
        root = etree.parse(str(file), _PARSER).getroot()
        english = file.parent.name == "English"
        doc_number = root.find(f".//{NS}coverPage//{NS}docNumber")
        symbol = _text(doc_number) if doc_number is not None else file.stem
        for body in root.iter(f"{NS}mainBody"):
            in_annex = any(_local(a) == "attachment" for a in body.iterancestors())
            where = "annex" if in_annex else "main"
            last = 0
            for el in body.iter():
                name = _local(el)
                if name in WRAPPERS:
                    num = el.find(f"{NS}num")
                    shape = f"{name} {heading_pattern(_text(num)) if num is not None else '(no num)'!s}"
                    if el.find(f"{NS}heading") is None and el.find(f"{NS}subheading") is None:
                        shape += " without heading"
                    self.note(f"headings ({where})", shape, symbol, english)
                elif name == "paragraph":
                    num = el.find(f"{NS}num")
                    kids = {_local(c) for c in el}
                    if kids and kids <= {"num", "heading", "subheading"}:
                        pattern = heading_pattern(_text(num)) if num is not None else ""
                        self.note(f"headings ({where})", f"heading paragraph {pattern or '(no num)'}",
                                  symbol, english)
                    elif num is not None and re.fullmatch(r"\d{1,3}\.", _text(num)):
                        n = int(_text(num)[:-1])
                        if n == 1 and last > 1:
                            self.note("numbering", f"restart at 1. ({where})", symbol, english)
                        last = n
                elif name == "crossHeading":
                    refers = (el.get("refersTo") or "").lstrip("#") or "(none)"
                    self.note("crossHeadings", f"refersTo={refers} ({where})", symbol, english)
                elif name == "table":
                    rows = el.findall(f".//{NS}tr")
                    cells = max((len([c for c in r if _local(c) in ("th", "td")]) for r in rows), default=0)
                    header = 0
                    for r in rows:
                        if len(r) and all(_local(c) == "th" for c in r):
                            header += 1
                        else:
                            break
                    self.tables.append((len(rows), cells, header))
                    self.note("tables", f"table ({where})", symbol, english)
        annexes = len(root.findall(f".//{NS}attachments/{NS}attachment"))
        if annexes:
            self.note("annexes", f"{annexes} attachment(s)", symbol, english)
        return root

    # -- (b) what read_akn makes of it

    def read(self, file: Path, root) -> None:
        held_out = file.parent.parent.name == "78"
        for statement, doc in zip(root.iter(f"{NS}statement"), read_akn(file)):
            printed = marks(doc)
            for para in statement.iter(f"{NS}paragraph"):
                num = para.find(f"{NS}num")
                if num is not None and re.fullmatch(r"\d{1,3}\.", _text(num)) and para.get("eId") in printed:
                    self.numbers[held_out, printed[para.get("eId")] == _text(num)] += 1
            try:
                validate(doc)
            except InvalidDocument as exc:
                self.invalid.append(f"{doc.symbol}: {exc}")
            kinds = collections.Counter(p.kind for p in doc.preamble + doc.operative)
            self.documents["documents"] += 1
            for kind, what in (("heading", "headings"), ("annex", "annexes"), ("table", "tables"),
                               ("text", "unnumbered text blocks")):
                if kinds[kind]:
                    self.documents[f"with {what}"] += 1
            if any(p.kind == "heading" for p in doc.preamble):
                self.documents["with headings in the preamble"] += 1
            if any(p.kind == "heading" and p.restart for p in doc.operative):
                self.documents["with a numbering restart"] += 1
            for p in doc.preamble + doc.operative:
                if p.kind == "heading":
                    self.patterns[p.numbering or "(none)"] += 1
                    self.levels[p.level] += 1


def section(scan: Scan, seconds: float) -> str:
    lines = [SECTION, "",
             f"`.venv/bin/python bench/structure_scan.py`: {scan.files} files of ../shared/corpus/akn "
             f"(sessions 75–78, six languages) in {seconds:.0f} s.", "",
             "(a) What the XML holds (counts over all languages; examples are English symbols):", "",
             "| family | shape | count | examples |", "|---|---|---:|---|"]
    for family in sorted(scan.shapes):
        for shape, count in scan.shapes[family].most_common():
            examples = ", ".join(scan.examples[family, shape])
            lines.append(f"| {family} | {shape} | {count} | {examples} |")
    if scan.tables:
        rows = [r for r, _, _ in scan.tables]
        cells = [c for _, c, _ in scan.tables]
        lines += ["", f"Tables: {len(scan.tables)}; rows median {statistics.median(rows):g}, max {max(rows)}; "
                      f"cells per row max {max(cells)}; header rows (all `th`) "
                      f"{dict(collections.Counter(h for _, _, h in scan.tables))}."]
    lines += ["", "(b) What read_akn makes of them:", "",
              "| documents | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in scan.documents.items()]
    lines += ["", "Heading numbering patterns: " + ", ".join(f"`{k}` {v}" for k, v in scan.patterns.most_common()),
              "Heading levels: " + ", ".join(f"{k}: {v}" for k, v in sorted(scan.levels.items())),
              "Numbered paragraphs printed with the XML's own number (computed from headings and "
              "restarts, never stored): " + "; ".join(
                  f"{label} {scan.numbers[held, True]}/{scan.numbers[held, True] + scan.numbers[held, False]} "
                  f"({100 * scan.numbers[held, True] / max(1, scan.numbers[held, True] + scan.numbers[held, False]):.2f} %)"
                  for held, label in ((False, "sessions 75–77 (tuned on)"), (True, "session 78 (held out)"))),
              f"Documents failing validation: {len(scan.invalid)}"
              + (" (" + "; ".join(scan.invalid[:5]) + ")" if scan.invalid else ""), ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    scan = Scan()
    started = time.perf_counter()
    for file in sorted(AKN.glob("*/*/*.xml")):
        scan.files += 1
        scan.read(file, scan.xml(file))
    text = section(scan, time.perf_counter() - started)
    print(text)
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
