"""Importing past resolutions: the UN's XML, its metadata, its PDFs, and Word files.

`import_path` takes a file, a folder or a .zip. Each file is read completely first and
then written in one transaction of its own, so a bad file is reported with its reason
and never stops the rest, and nothing is ever half-imported. Re-running is safe: an
unchanged file is skipped, a changed one updates what it holds. When the same symbol
and language come from several formats, the most faithful wins: the UN's XML over a
Word file over a PDF.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import zipfile
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager, Iterator, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError, InvalidDocument
from ..domain.symbols import parse as parse_symbol
from ..formats.resolution_files import FileDocument, read_file
from ..formats.un_metadata import read_metadata
from ..store import publishing
from ..store.tables import Publication
from . import delegations
from .unit_of_work import changed

MAX_FILE_BYTES = 50 * 1024 * 1024        # the largest UN resolution PDF is a few MB
MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200                      # XML compresses ~10:1; a bomb, thousands to one
MAX_ZIP_MEMBERS = 50_000
FORMATS = {".xml": "akn", ".pdf": "pdf", ".docx": "docx", ".jsonl": "metadata"}
# Which source wins when several hold the same symbol and language.
FIDELITY = {"akn": 4, "adopted": 3, "docx": 2, "pdf": 1}  # adopted: the text as adopted in this tool


@dataclass(frozen=True)
class Source:
    name: str                          # as the user will recognise it: a path, or zip!member
    fmt: str                           # akn | pdf | docx | metadata
    read: Callable[[], bytes]


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)   # skipped-with-reason, partial metadata

    def add(self, other: "ImportSummary") -> None:
        self.imported += other.imported
        self.updated += other.updated
        self.skipped += other.skipped
        self.failed += other.failed
        self.notes += other.notes

    def line(self) -> str:
        return (f"{self.imported} imported, {self.updated} updated, {self.skipped} skipped, "
                f"{len(self.failed)} failed")


def sources(path: Path) -> list[Source]:
    """Every importable file under ``path`` (a file, a folder or a .zip), in a stable order."""
    if not path.exists():
        raise InvalidDocument(f"{path} does not exist", "path")
    if path.is_dir():
        return [s for child in sorted(p for p in path.rglob("*") if p.is_file()) for s in _file_sources(child)]
    found = _file_sources(path)
    if not found:
        raise InvalidDocument(f"{path.name}: not a file this importer reads "
                              "(.xml, .jsonl, .pdf, .docx, or a .zip of them)", "path")
    return found


def _file_sources(path: Path) -> list[Source]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _zip_sources(path)
    if suffix in FORMATS:
        return [Source(str(path), FORMATS[suffix], lambda: _read_file(path))]
    return []


def _too_large(size: int) -> InvalidDocument:
    return InvalidDocument(f"the file is {size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")


def _read_file(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_large(size)
    return path.read_bytes()


def _zip_sources(path: Path) -> list[Source]:
    """The members of a zip, refused whole if it looks like a bomb (sizes and ratios are
    checked from the directory before anything is inflated, and again while reading)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return [Source(str(path), "broken", _raiser(InvalidDocument(f"not a readable zip file ({error})")))]
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
    total = sum(m.file_size for m in members)
    problem = None
    if len(members) > MAX_ZIP_MEMBERS:
        problem = f"the zip holds {len(members):,} files; the limit is {MAX_ZIP_MEMBERS:,}"
    elif total > MAX_ZIP_TOTAL_BYTES:
        problem = f"the zip would inflate to {total / 1e9:.1f} GB; the limit is {MAX_ZIP_TOTAL_BYTES / 1e9:.0f} GB"
    elif any(m.compress_size and m.file_size / m.compress_size > MAX_ZIP_RATIO for m in members):
        problem = f"the zip compresses more than {MAX_ZIP_RATIO}:1, as a zip bomb does; it was not opened"
    if problem:
        return [Source(str(path), "broken", _raiser(InvalidDocument(problem)))]
    return [Source(f"{path}!{m.filename}", FORMATS[Path(m.filename).suffix.lower()], _member_reader(path, m))
            for m in sorted(members, key=lambda m: m.filename) if Path(m.filename).suffix.lower() in FORMATS]


def _member_reader(path: Path, member: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        if member.file_size > MAX_FILE_BYTES:
            raise _too_large(member.file_size)
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never trust the declared size alone
        if len(data) > MAX_FILE_BYTES:
            raise InvalidDocument("the file inflates past its declared size; it was not read")
        return data
    return read


def _raiser(error: Exception) -> Callable[[], NoReturn]:
    def fail() -> NoReturn:
        raise error
    return fail


# --- reading ----------------------------------------------------------------------

READ_AHEAD_MIN = 16    # files to parse: below this an import reads them in this process


def _readings(found: list[Source], workers: int | None) -> Iterator[tuple[Source, Callable[[], tuple]]]:
    """Each source with a function giving (its bytes, its documents), in order; the
    function raises what reading raised. With enough files to parse, the UN XML, PDF
    and Word files are parsed in ``workers`` processes (default: one per core) a few
    files ahead, while the caller stores the ones before: parsing is most of an import."""
    parsed = sum(s.fmt in ("akn", "pdf", "docx") for s in found)
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers < 2 or parsed < READ_AHEAD_MIN:
        for source in found:
            yield source, lambda source=source: _read_now(source)
        return
    # spawn: a fresh interpreter, never a fork of a process that runs threads
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        ahead: deque[tuple[Source, Callable[[], tuple]]] = deque()
        for source in found:
            ahead.append((source, _submitted(pool, source)))
            if len(ahead) > 2 * workers:
                yield ahead.popleft()
        yield from ahead
    finally:  # an interrupted import leaves no parsing behind
        pool.shutdown(cancel_futures=True)


def _read_now(source: Source) -> tuple[bytes, list[FileDocument] | None]:
    data = source.read()
    return data, None if source.fmt == "metadata" else read_file(source.fmt, data)


def _submitted(pool: ProcessPoolExecutor, source: Source) -> Callable[[], tuple]:
    try:
        data = source.read()
    except Exception as error:  # noqa: BLE001 - reported as this file's failure, in its turn
        return _raiser(error)
    if source.fmt == "metadata":
        return lambda: (data, None)
    try:
        future: Future | None = pool.submit(read_file, source.fmt, data)
    except BrokenProcessPool:
        future = None

    def result() -> tuple:
        try:
            if future is not None:
                return data, future.result()
        except BrokenProcessPool:
            pass
        return data, read_file(source.fmt, data)  # a worker died (or could not start): read it here
    return result


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- writing ----------------------------------------------------------------------

def import_path(units: Callable[[], ContextManager[Session]], path: Path,
                progress: Callable[[Source], None] | None = None, found: list[Source] | None = None,
                workers: int | None = None) -> ImportSummary:
    """Import every file under ``path``, each in a unit of work of its own (``units()``
    opens one: it commits when the file went in whole, rolls back when it did not);
    ``workers``: processes that parse files (see _readings)."""
    summary = ImportSummary()
    for source, reading in _readings(found if found is not None else sources(path), workers):
        own = ImportSummary()
        try:
            data, items = reading()
            with units() as session:
                if source.fmt == "metadata":
                    _import_metadata(session, source, data, own)
                else:
                    _import_documents(session, source, data, items, own)
        except DomainError as error:
            own = ImportSummary(failed=[(source.name, error.message)])
        except Exception as error:  # noqa: BLE001 - one bad file never stops the rest
            own = ImportSummary(failed=[(source.name, f"could not be read ({type(error).__name__}: {error})")])
        summary.add(own)
        if progress:
            progress(source)
    return summary


def _import_documents(session: Session, source: Source, data: bytes, items: list[FileDocument],
                      summary: ImportSummary) -> None:
    if not items:
        raise InvalidDocument("the file holds no resolution")
    digest = _digest(data)
    touched = changed(session).publications
    for item in items:
        doc = item.document  # publishing.put checks it, the same boundary as every other way in
        symbol = parse_symbol(doc.symbol or "").text
        existing = publishing.held(session, symbol, doc.language)
        if existing is not None and existing.content_hash == digest:
            summary.skipped += 1
            continue
        if existing is not None and FIDELITY[existing.source_format] > FIDELITY[source.fmt]:
            summary.skipped += 1
            summary.notes.append((source.name, f"{symbol} ({doc.language}) is already held from a more "
                                               f"faithful source ({existing.source_format})"))
            continue
        touched.add(publishing.put(session, existing, symbol, doc, kind=item.kind, sponsors=item.sponsors,
                                   source_format=source.fmt, source_name=source.name, digest=digest).id)
        if existing is None:
            summary.imported += 1
        else:
            summary.updated += 1


def _import_metadata(session: Session, source: Source, data: bytes, summary: ImportSummary) -> None:
    matcher = delegations.matcher(session)
    touched_symbols: set[str] = set()
    for result in read_metadata(data, matcher):
        if result.error:
            summary.failed.append((f"{source.name}:{result.line}", result.error))
            continue
        facts = result.facts
        outcome = publishing.put_facts(session, facts)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        if outcome == "skipped":
            continue
        touched_symbols.add(facts.symbol)
        if facts.unmatched_names:
            summary.notes.append((f"{source.name}:{result.line}",
                                  f"names matching no delegation: {', '.join(facts.unmatched_names)}"))
    if touched_symbols:
        session.flush()
        changed(session).publications.update(
            session.scalars(select(Publication.id).where(Publication.symbol.in_(touched_symbols))))
