"""Hostile inputs to the Word layout: refused by name, or written safely and fast."""
from __future__ import annotations

import datetime
import io
import time
import zipfile

import docx
import pytest

from resolutions.domain.document import Document, Footnote, Paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.domain.footnote_italics import italic_spans
from resolutions.formats.docx_cover import Cover
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_writer import start_document, write_docx


def _doc(**changes) -> Document:
    base = Document(body="GA", session=80, title="Title", operative=(Paragraph("p1", "Decides to act."),))
    return base.with_changes(**changes)


@pytest.mark.parametrize("cover, message", [
    (dict(kind="circular"), "unknown cover kind"),
    (dict(kind="issued", symbol="A/RES/80/1"), "adopted resolution"),
    (dict(kind="manuscript", symbol="resolution 69/3"), "adopted resolution"),
    (dict(kind="addendum", symbol="A/80/L.1/Add.1"), "additional sponsors"),
])
def test_covers_that_cannot_be_printed_are_refused_by_name(cover, message):
    with pytest.raises(InvalidDocument, match=message):
        Cover(**cover)


def test_unknown_body_or_language_is_refused():
    with pytest.raises(InvalidDocument, match="unknown body"):
        start_document("HRC", "en")
    with pytest.raises(InvalidDocument, match="unknown language"):
        start_document("GA", "de")


def test_markup_in_names_symbols_and_titles_is_text_not_xml():
    evil = '<w:p>&amp; "]]></w:body>'
    cover = Cover("issued", "A/80/L.1", datetime.date(2025, 11, 5), (evil, "Japan"), author=evil)
    data = write_docx(_doc(title=evil * 300), cover)
    word = docx.Document(io.BytesIO(data))
    assert any(evil in p.text for p in word.paragraphs)
    assert word.core_properties.title == (evil * 300)[:255] and word.core_properties.author == evil
    assert read_docx(data).document.title == evil * 300
    assert b"Resolutions" in zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")


def test_pathological_footnotes_cost_little():
    texts = ["Report of the " + "x, " * 1660, "See Report of the " + "(" * 2000 + "a" * 2000,
             "and Report of the " * 270, "Official Records of the " + "A" * 4970]
    started = time.perf_counter()
    for text in texts:
        spans = italic_spans(text[:5000])
        assert all(0 <= s < e <= 5000 for s, e in spans)
    notes = tuple(Footnote(f"n{k}", 0, t[:5000]) for k, t in enumerate(texts))
    data = write_docx(_doc(operative=(Paragraph("p1", "Decides to act.", notes),)), [])
    assert len(read_docx(data).document.operative[0].footnotes) == 4
    assert time.perf_counter() - started < 2.0
