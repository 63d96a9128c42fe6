"""One file of past resolutions read into documents, whatever its format.

``read_file(fmt, data)`` is what the corpus import runs on each UN XML, PDF or Word file.
It takes and returns plain values only (a format name, bytes, documents), so an import
can run it in worker processes (services/corpus_import.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.document import Document
from ..domain.errors import InvalidDocument
from ..domain.symbols import normalise, parse as parse_symbol
from .akn_reader import read_akn
from .docx_reader import read_docx
from .pdf_reader import read_pdf


@dataclass(frozen=True)
class FileDocument:
    """One document of a file, ready to store."""
    document: Document
    kind: str
    sponsors: tuple[str, ...] = ()


def read_file(fmt: str, data: bytes) -> list[FileDocument]:
    """The documents of one file in ``fmt`` ("akn", "pdf" or "docx"); InvalidDocument
    when it cannot be read as one."""
    if fmt == "akn":
        return [FileDocument(doc, parse_symbol(doc.symbol or "").kind) for doc in read_akn(data)]
    if fmt == "pdf":
        reading = read_pdf(data)
        return [FileDocument(reading.document, reading.kind, tuple(reading.sponsors))]
    if fmt != "docx":
        raise InvalidDocument(f"no reader for {fmt!r} files")
    reading = read_docx(data)
    doc = reading.document
    if not (reading.symbol or doc.symbol):
        raise InvalidDocument("the Word file names no symbol (such as A/RES/78/131), so it cannot be filed")
    symbol = normalise(reading.symbol or doc.symbol)
    return [FileDocument(doc.with_changes(symbol=symbol), parse_symbol(symbol).kind, tuple(reading.sponsors))]
