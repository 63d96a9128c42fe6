"""Importing the UN's real files: idempotent, file by file, never half-way."""
from __future__ import annotations

import os
import shutil
import zipfile

import pytest
from sqlalchemy import func, select

from resolutions.services import corpus_import
from resolutions.store.tables import Publication, PublicationFacts
from tests.conftest import SHARED_CORPUS

AKN = SHARED_CORPUS / "akn"
SAMPLE = [
    AKN / "78/English/A_RES_78_131-2325898E.xml",          # the newer file-name style
    AKN / "75/English/75_100_E.xml",                       # the older style
    AKN / "75/English/75_101A-B_E.xml",                    # two resolutions in one file
    AKN / "77/English/A_RES_77_118-2228394E.xml",          # one of the files that break the schema
    AKN / "78/French/A_RES_78_131-2325898F.xml",
]


@pytest.fixture
def units(app):
    """Units of work as the import command opens them, one per file."""
    return app.extensions["resolutions.db"].unit_of_work


def count(session, table=Publication) -> int:
    return session.scalar(select(func.count()).select_from(table))


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "corpus"
    target.mkdir()
    for path in SAMPLE:
        found = path if path.exists() else next(path.parent.glob(path.name.split("-")[0] + "*"))
        shutil.copy(found, target / found.name)
    return target


def test_a_folder_imports_every_resolution_and_a_rerun_skips_them(units, session, folder):
    summary = corpus_import.import_path(units, folder)
    assert (summary.imported, summary.failed) == (6, [])
    symbols = set(session.scalars(select(Publication.symbol)))
    assert {"A/RES/78/131", "A/RES/75/100", "A/RES/75/101 A", "A/RES/75/101 B", "A/RES/77/118"} <= symbols
    assert set(session.scalars(select(Publication.language).where(Publication.symbol == "A/RES/78/131"))) == {"en", "fr"}
    again = corpus_import.import_path(units, folder)
    assert (again.imported, again.updated, again.skipped, again.failed) == (0, 0, 6, [])


def test_a_bad_file_is_reported_and_stops_nothing(units, session, folder):
    (folder / "broken.xml").write_text("<akomaNtoso><statement>never closed", "utf-8")
    (folder / "other.xml").write_text('<?xml version="1.0"?><html><body>not AKN</body></html>', "utf-8")
    (folder / "notes.txt").write_text("ignored: not a format the importer reads", "utf-8")
    summary = corpus_import.import_path(units, folder)
    assert summary.imported == 6
    failures = dict((name.rsplit("/", 1)[-1], reason) for name, reason in summary.failed)
    assert set(failures) == {"broken.xml", "other.xml"}
    assert all(reason for reason in failures.values())


def test_files_parsed_in_worker_processes_import_as_they_do_in_one(units, session, folder, tmp_path):
    """Past READ_AHEAD_MIN files the UN XML and PDFs are parsed in other processes, a few
    ahead: same rows, same order of outcomes, and a bad file still fails alone."""
    for path in sorted((AKN / "78/English").glob("*.xml"))[:14]:
        shutil.copy(path, folder / path.name)
    shutil.copy(SHARED_CORPUS / "pdf/A_80_L.10.pdf", folder)
    (folder / "broken.xml").write_text("<akomaNtoso><statement>never closed", "utf-8")
    found = corpus_import.sources(folder)
    assert sum(s.fmt in ("akn", "pdf") for s in found) >= corpus_import.READ_AHEAD_MIN
    seen: list[str] = []
    before = os.times().children_user
    parallel = corpus_import.import_path(units, folder, found=found, workers=2, progress=lambda s: seen.append(s.name))
    assert os.times().children_user - before > 0.3  # parsed by the workers, not by the fallback here
    assert seen == [s.name for s in found]
    assert [name.rsplit("/", 1)[-1] for name, _ in parallel.failed] == ["broken.xml"]
    rows = {(p.symbol, p.language): p.document for p in session.scalars(select(Publication))}
    assert len(rows) == parallel.imported > 15

    alone = tmp_path / "alone"
    shutil.copytree(folder, alone)
    session.execute(Publication.__table__.delete())
    session.commit()
    serial = corpus_import.import_path(units, alone, workers=1)
    assert (serial.imported, len(serial.failed)) == (parallel.imported, 1)
    session.expire_all()
    assert {(p.symbol, p.language): p.document for p in session.scalars(select(Publication))} == rows


def test_an_unparseable_symbol_is_refused_and_nothing_is_written(units, session, tmp_path):
    text = (AKN / "78/English/A_RES_78_131-2325898E.xml").read_text("utf-8")
    (tmp_path / "odd.xml").write_text(text.replace(">A/RES/78/131<", ">S/RES/9999 (2099)<"), "utf-8")
    summary = corpus_import.import_path(units, tmp_path / "odd.xml")
    assert summary.imported == 0 and "not a UN symbol" in summary.failed[0][1]
    assert count(session) == 0


def test_a_zip_imports_like_a_folder_and_a_zip_bomb_is_refused(units, session, folder, tmp_path):
    archive = tmp_path / "corpus.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in folder.iterdir():
            z.write(path, path.name)
    assert corpus_import.import_path(units, archive).imported == 6
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("huge.xml", b"<" + b"a" * 50_000_000)
    summary = corpus_import.import_path(units, bomb)
    assert summary.imported == 0 and "zip bomb" in summary.failed[0][1]


def test_a_file_over_the_size_limit_is_refused_unread(units, session, tmp_path):
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    summary = corpus_import.import_path(units, big)
    assert "the limit is 50 MB" in summary.failed[0][1]


def test_metadata_lines_attach_sponsors_and_votes(units, session, tmp_path):
    lines = [line for line in (SHARED_CORPUS / "metadata/78.jsonl").read_text("utf-8").splitlines()
             if '"A/RES/78/131"' in line or '"A/RES/78/1"' in line]
    (tmp_path / "78.jsonl").write_text("\n".join(lines + ["{not json"]) + "\n", "utf-8")
    summary = corpus_import.import_path(units, tmp_path / "78.jsonl")
    assert summary.imported == 2 and len(summary.failed) == 1
    assert count(session, PublicationFacts) == 2
    again = corpus_import.import_path(units, tmp_path / "78.jsonl")
    assert again.skipped == 2 and again.imported == 0


def test_a_pdf_twin_of_an_xml_is_skipped_and_an_l_draft_comes_in_with_its_sponsors(units, session, tmp_path):
    corpus_import.import_path(units, AKN / "78/English/A_RES_78_131-2325898E.xml")
    twin = corpus_import.import_path(units, SHARED_CORPUS / "pdf/A_RES_78_131.pdf")
    assert twin.skipped == 1 and "more faithful source (akn)" in twin.notes[0][1]
    draft = corpus_import.import_path(units, SHARED_CORPUS / "pdf/A_80_L.10.pdf")
    assert draft.imported == 1, draft.failed
    row = session.scalar(select(Publication).where(Publication.kind == "draft"))
    assert row.symbol == "A/80/L.10" and row.sponsors


def test_a_path_that_does_not_exist_or_is_not_importable_is_explained(units, session, tmp_path):
    from resolutions.domain.errors import InvalidDocument
    with pytest.raises(InvalidDocument, match="does not exist"):
        corpus_import.import_path(units, tmp_path / "nowhere")
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InvalidDocument, match="not a file this importer reads"):
        corpus_import.import_path(units, tmp_path / "a.txt")
