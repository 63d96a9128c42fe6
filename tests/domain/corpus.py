"""The UN's real texts for the domain tests: ../shared/corpus, read in place, never copied.

Reading is cached per file so that the tests of one run parse each file once.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from resolutions.domain.document import Document
from resolutions.formats.akn_reader import read_akn

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
AKN = CORPUS / "akn"
AKN_NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def path(session: int, language: str, number: str) -> Path:
    """The file of resolution ``session/number`` ("131", "80AB") in ``language``."""
    folder = AKN / str(session) / language
    found = sorted(folder.glob(f"A_RES_{session}_{number}-*.xml")) or sorted(folder.glob(f"{session}_{number}_*.xml"))
    assert found, f"no file for {session}/{number} in {folder}"
    return found[0]


@cache
def read(file: Path) -> tuple[Document, ...]:
    return tuple(read_akn(file))


def one(session: int, language: str, number: str) -> Document:
    (doc,) = read(path(session, language, number))
    return doc


@cache
def session_files(session: int, language: str = "English") -> tuple[Path, ...]:
    return tuple(sorted((AKN / str(session) / language).glob("*.xml")))


def session_documents(session: int, language: str = "English") -> list[tuple[Path, Document]]:
    return [(f, doc) for f in session_files(session, language) for doc in read(f)]


@cache
def xml(file: Path) -> ET.Element:
    """The file parsed by the standard library: an oracle independent of the reader."""
    return ET.parse(file).getroot()


@cache
def metadata(session: int) -> dict[str, dict]:
    with open(CORPUS / "metadata" / f"{session}.jsonl", encoding="utf-8") as lines:
        return {row["symbol"]: row for row in map(json.loads, lines)}


@cache
def recurring_pairs() -> tuple[tuple[Document, Document], ...]:
    """Resolutions of session 77 and 78 with the same title (one each): next year's text."""
    def by_title(session):
        found: dict[str, list[Document]] = {}
        for _, doc in session_documents(session):
            found.setdefault(doc.title, []).append(doc)
        return {title: docs[0] for title, docs in found.items() if len(docs) == 1}
    old, new = by_title(77), by_title(78)
    return tuple((old[t], new[t]) for t in sorted(new) if t in old)
