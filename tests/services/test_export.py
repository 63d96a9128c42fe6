"""The one door for Word exports: every kind a draft's life has (manuscript, the L and its
Rev., the Add., the adopted resolution, the compilation text), tracked changes against the
base resolution, the issued text or a revision, who made each change, the Export menu's
choices and default, and a LibreOffice render of one file of every kind.

The base is a real resolution (A/RES/78/131, read in place from ../shared/corpus); the
accept-all / reject-all property itself is tested by the tracked-changes engineer's
module, here only as the export's end-to-end check."""
from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from dataclasses import replace

import docx as python_docx
import pytest

from resolutions.domain.document import Paragraph
from resolutions.domain.errors import InvalidDocument
from resolutions.formats import document_json
from resolutions.formats.docx_bookmarks import bookmark_name
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_revisions import accept_all, reject_all, tracked_changes
from resolutions.services import (compilation, corpus_import, drafts, export, lifecycle, proposals, publications,
                                  sponsorship)
from resolutions.services.errors import Conflict, NotFound
from tests.conftest import SHARED_CORPUS, commit, draft_json, operative_id

BASE_FILE = SHARED_CORPUS / "akn" / "78" / "English" / "A_RES_78_131-2325898E.xml"
BASE_SYMBOL = "A/RES/78/131"
L_SYMBOL = "A/79/L.24"


# --- drafts worth exporting --------------------------------------------------------------------

@pytest.fixture
def library(app):
    summary = corpus_import.import_path(app.extensions["resolutions.db"].unit_of_work, BASE_FILE)
    assert summary.failed == [] and summary.imported == 1


def _edited(doc):
    """Last year's text as this year's draft: OP1 reworded, the last preambular paragraph
    dropped, a new operative paragraph at the end."""
    first = doc.operative[0]
    new = Paragraph(id="op-new", text="Requests the Secretary-General to report on the implementation of the "
                                      "present resolution at its eightieth session.")
    return replace(doc, preamble=doc.preamble[:-1],
                   operative=(replace(first, text=first.text.replace("Member States", "all Member States", 1)),
                              *doc.operative[1:], new))


@pytest.fixture
def based(session, actors, library):
    """A United States draft started from A/RES/78/131, circulated, and edited once (revision 2)."""
    us = actors["us"]
    started = publications.start_draft(session, us, BASE_SYMBOL, today=datetime.date(2024, 12, 1))  # session 79
    drafts.set_status(session, us, started.id, "circulated")
    saved = drafts.save(session, us, started.id, 1, _edited(started.document), "This year's changes")
    commit(session)
    return saved


def _issue(session, actors, draft_id, symbol=None):
    lifecycle.act(session, actors["sec"], draft_id, "issue", {"symbol": symbol} if symbol else {})


def _word_text(data: bytes) -> str:
    """The paragraphs' text, the non-breaking spaces of the issued layout read as spaces."""
    return "\n".join(p.text for p in python_docx.Document(io.BytesIO(data)).paragraphs).replace("\xa0", " ")


def _body_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode("utf-8")


def _texts(doc) -> list[str]:
    return [p.text.replace("\xa0", " ") for _, _, p in doc.walk()]


# --- the manuscript and its tracked changes ----------------------------------------------------

def test_the_clean_manuscript_is_named_for_the_draft(session, actors, based):
    exported = export.docx(session, actors["jp"], based.id, against="none")
    assert exported.filename == f"GA-79-draft-{based.id}-rev2.docx"
    assert "<w:ins " not in _body_xml(exported.data) and "<w:del " not in _body_xml(exported.data)
    text = _word_text(exported.data)
    assert based.document.title in text and "all Member States" in text
    assert "United States of America: draft resolution" in text


def test_tracked_against_the_base_accepts_to_the_revision_and_rejects_to_the_base(session, actors, based):
    exported = export.docx(session, actors["jp"], based.id, against="base")
    assert exported.filename == f"GA-79-draft-{based.id}-rev2-tracked-against-base.docx"
    body = _body_xml(exported.data)
    assert "<w:ins " in body and "<w:del " in body
    base = publications.get(session, actors["jp"], BASE_SYMBOL).document
    assert _texts(read_docx(accept_all(exported.data)).document) == _texts(based.document)
    assert _texts(read_docx(reject_all(exported.data)).document) == _texts(base)


def test_against_its_own_revision_there_is_nothing_to_track(session, actors, based):
    exported = export.docx(session, actors["us"], based.id, 2, against=2)
    assert exported.filename.endswith("-rev2-tracked-against-rev2.docx")
    body = _body_xml(exported.data)
    assert "<w:ins " not in body and "<w:del " not in body


def test_each_change_is_the_delegations_whose_proposal_was_accepted_else_the_penholder(session, actors,
                                                                                       circulated_view):
    draft, us = circulated_view, actors["us"]
    op1, op3 = operative_id(draft, 1), operative_id(draft, 3)
    made = proposals.make(session, actors["jp"], draft.id, 1, "replace", op1,
                          "Calls upon Member States to carry out coordinated actions at every level;")
    proposals.support(session, actors["eu"], draft.id, made.id)
    proposals.decide(session, us, draft.id, made.id, "accept")
    doc = drafts.view(session, us, draft.id).document
    edited = replace(doc, operative=(*doc.operative[:2], replace(doc.operative[2], text="Requests the "
                                     "Secretary-General to report at its eighty-second session.")))
    drafts.save(session, us, draft.id, 2, edited)
    exported = export.docx(session, us, draft.id, against=1)
    authors = {b: p.authors for p in tracked_changes(exported.data) for b in p.bookmarks if p.changes}
    by_paragraph = {pid: authors.get(bookmark_name(pid)[0]) for pid in (op1, op3)}
    assert by_paragraph == {op1: ("European Union, Japan",), op3: ("United States of America",)}
    assert 'w:date="' in _body_xml(exported.data)
    # against revision 2, the accepted proposal is no longer among the changes
    later = export.docx(session, us, draft.id, against=2)
    assert {a for p in tracked_changes(later.data) for a in p.authors} == {"United States of America"}


# --- refusals ----------------------------------------------------------------------------------

def test_what_a_draft_does_not_have_is_refused_by_name(session, actors, draft):
    us = actors["us"]
    cases = [
        (dict(against="base"), Conflict, "not started from a resolution"),
        (dict(against="issued"), Conflict, "not been issued yet"),
        (dict(kind="issued"), Conflict, "not been issued yet"),
        (dict(kind="resolution"), Conflict, "not adopted"),
        (dict(kind="addendum"), Conflict, "no addendum"),
        (dict(kind="memo"), InvalidDocument, "kind must be one of"),
        (dict(against="yesterday"), InvalidDocument, "against must be"),
        (dict(kind="compilation", against=1), InvalidDocument, "leave against out"),
    ]
    for kwargs, error, words in cases:
        with pytest.raises(error, match=words):
            export.docx(session, us, draft.id, **kwargs)
    with pytest.raises(NotFound, match="has no revision 9"):
        export.docx(session, us, draft.id, 9)
    with pytest.raises(NotFound, match="has no revision 7"):
        export.docx(session, us, draft.id, against=7)


def test_a_private_draft_is_not_found_for_other_delegations(session, actors, draft):
    with pytest.raises(NotFound):
        export.docx(session, actors["jp"], draft.id)
    with pytest.raises(NotFound):
        export.menu(session, actors["jp"], draft.id)
    assert export.docx(session, actors["sec"], draft.id).data[:2] == b"PK"


def test_the_menu_of_an_earlier_revision_and_of_one_that_does_not_exist(session, actors, based):
    us = actors["us"]
    doc = drafts.view(session, us, based.id).document
    drafts.save(session, us, based.id, 2, replace(doc, title=doc.title + " (revised)"))
    assert export.menu(session, us, based.id).revision == 3
    earlier = export.menu(session, us, based.id, 2)
    assert earlier.revision == 2 and earlier.earlier == (1,) and earlier.label_of("clean").endswith("(revision 2)")
    for missing in (0, 4, 10**12):
        with pytest.raises(NotFound, match=f"has no revision {missing}; it has 1 to 3"):
            export.menu(session, us, based.id, missing)


# --- the life of a draft: L, Rev., Add., resolution ---------------------------------------------

def _through_adoption(session, actors, based):
    """Submit, issue as the L, edit, issue the Rev.1, a late sponsor's addendum, adoption."""
    us, sec = actors["us"], actors["sec"]
    sponsorship.join(session, actors["jp"], based.id)
    lifecycle.act(session, us, based.id, "submit", {})
    _issue(session, actors, based.id, L_SYMBOL)
    issued = export.docx(session, us, based.id)
    doc = drafts.view(session, us, based.id).document
    revised = replace(doc, title=doc.title, operative=(*doc.operative[:-1],
                      replace(doc.operative[-1], text=doc.operative[-1].text.replace("eightieth", "eighty-first"))))
    drafts.save(session, us, based.id, 2, revised, "After informals")
    since = export.docx(session, us, based.id)
    lifecycle.act(session, us, based.id, "revise", {})
    _issue(session, actors, based.id)
    rev = export.docx(session, us, based.id)
    sponsorship.join(session, actors["mx"], based.id)
    lifecycle.act(session, sec, based.id, "addendum", {})
    addendum = export.docx(session, us, based.id, kind="addendum")
    op2 = drafts.view(session, us, based.id).document.operative[1]
    lifecycle.act(session, sec, based.id, "oral_revision", {
        "by": "Japan", "text": "In operative paragraph 2, add “urgently” after the first word.",
        "paragraphs": [{"id": op2.id, "text": op2.text.replace(" ", " urgently ", 1)}]})
    lifecycle.act(session, sec, based.id, "adopt", {"symbol": "A/RES/79/5", "without_vote": True})
    commit(session)
    return issued, since, rev, addendum, export.docx(session, us, based.id)


def test_each_state_exports_the_file_the_secretariat_prints(session, actors, based):
    issued, since, rev, addendum, resolution = _through_adoption(session, actors, based)
    assert issued.filename == "A_79_L.24.docx"
    assert L_SYMBOL in _word_text(issued.data) and "<w:ins " not in _body_xml(issued.data)
    # edited since it was issued: the changes against the L, as the revised draft must show them
    assert since.filename == f"GA-79-draft-{based.id}-rev3-tracked-against-A_79_L.24.docx"
    # the Rev. shows its changes against the L
    assert rev.filename == "A_79_L.24_Rev.1-tracked-against-A_79_L.24.docx"
    assert "<w:ins " in _body_xml(rev.data) and "eighty-first" in _word_text(accept_all(rev.data))
    assert addendum.filename == "A_79_L.24_Rev.1_Add.1.docx"
    assert "Mexico" in _word_text(addendum.data)
    assert resolution.filename == "A_RES_79_5.docx"
    text = _word_text(resolution.data)
    assert "A/RES/79/5" in text and "79/5." in text and "Distr.: Limited" not in text
    # the L as issued stays exportable, by its revision; a revision never issued is refused by name
    again = export.docx(session, actors["jp"], based.id, 2, kind="issued")
    assert again.filename == "A_79_L.24.docx"
    with pytest.raises(Conflict, match="revision 1 of draft .* was not issued"):
        export.docx(session, actors["jp"], based.id, 1, kind="issued")
    clean_rev = export.docx(session, actors["jp"], based.id, 3, kind="issued", against="none")
    assert clean_rev.filename == "A_79_L.24_Rev.1.docx" and "<w:ins " not in _body_xml(clean_rev.data)
    # an explicit "against" alone is the manuscript of the revision, tracked against it (issue #8)
    against_l = export.docx(session, actors["jp"], based.id, against=2)
    assert against_l.filename == f"GA-79-draft-{based.id}-rev4-tracked-against-A_79_L.24.docx"
    resolution_l = export.docx(session, actors["jp"], based.id, kind="resolution", against=2)
    assert resolution_l.filename == "A_RES_79_5-tracked-against-A_79_L.24.docx"
    assert _body_xml(resolution_l.data).count("<w:ins ") == _body_xml(against_l.data).count("<w:ins ") > 0
    # the text adopted against the L: the penholder's edits, and the oral revision Japan read out
    authors = {b: p.authors for p in tracked_changes(against_l.data) for b in p.bookmarks if p.changes}
    op2 = drafts.view(session, actors["jp"], based.id).document.operative[1]
    assert authors[bookmark_name(op2.id)[0]] == ("Japan",)
    assert {a for names in authors.values() for a in names} == {"Japan", "United States of America"}


# --- the compilation text ----------------------------------------------------------------------

def test_the_compilation_text_carries_labels_statuses_brackets_and_proposals(session, actors, circulated_view):
    draft, us = circulated_view, actors["us"]
    doc = draft.document
    proposals.make(session, actors["mx"], draft.id, 1, "insert", operative_id(draft, 1),
                   "Urges Member States to share data on new psychoactive substances;")
    deleting = proposals.make(session, actors["jp"], draft.id, 1, "delete", operative_id(draft, 3), "")
    proposals.support(session, actors["eu"], draft.id, deleting.id)
    compilation.set_status(session, us, draft.id, doc.preamble[0].id, "agreed_ad_ref")
    compilation.set_status(session, us, draft.id, operative_id(draft, 1), "bracketed",
                           "Calls upon Member States to carry out coordinated actions [at all levels];")
    exported = export.docx(session, actors["jp"], draft.id, kind="compilation")
    assert exported.filename == f"GA-80-draft-{draft.id}-rev1-compilation.docx"
    lines = _word_text(exported.data).splitlines()
    assert any(line.startswith("PP1\t") and line.endswith("(agreed ad ref)") for line in lines)
    assert any(line.startswith("OP1\t") and "[at all levels]" in line and line.endswith("(bracketed)")
               for line in lines)
    assert any(line.startswith("OP1 bis\tUrges Member States") and "(proposed by Mexico)" in line for line in lines)
    assert "Proposal: [delete] (Japan, EU)" in lines  # in the order they joined, as on the page
    assert "pending 5 · agreed ad ref 1 · bracketed 1 · deleted 0 · open proposals 2" in lines
    with pytest.raises(Conflict, match="current revision"):
        export.docx(session, actors["jp"], draft.id, 2, kind="compilation")


def test_a_replacement_in_the_compilation_text_is_its_changed_words_marked(session, actors, circulated_view):
    draft = circulated_view
    target = draft.document.find(operative_id(draft, 2))
    first = target.text.split(" ", 1)[0]
    proposals.make(session, actors["jp"], draft.id, 1, "replace", target.id, "Invites", replaces=first)
    exported = export.docx(session, actors["jp"], draft.id, kind="compilation")
    line = next(p for p in python_docx.Document(io.BytesIO(exported.data)).paragraphs
                if p.text.startswith("Proposal: "))
    assert [r.text for r in line.runs if r.font.strike] == [first]
    assert [r.text for r in line.runs if r.bold and r.underline] == ["Invites"]
    assert line.text.endswith(" (Japan)") and target.text[len(first):] in line.text

# --- the Export menu ---------------------------------------------------------------------------

def test_the_menu_defaults_to_what_the_secretariat_requires_for_the_state(session, actors, based, draft):
    us = actors["us"]
    plain = export.menu(session, us, draft.id)
    assert [c.key for c in plain.choices] == ["clean", "compilation"] and plain.default == "clean"
    menu = export.menu(session, us, based.id)
    assert [c.key for c in menu.choices] == ["clean", "base", "earlier", "compilation"]
    assert menu.default == "base" and BASE_SYMBOL in menu.reason and menu.earlier == (1,)
    sponsorship.join(session, actors["jp"], based.id)
    lifecycle.act(session, us, based.id, "submit", {})
    _issue(session, actors, based.id, L_SYMBOL)
    assert export.menu(session, us, based.id).default == "issued"
    doc = drafts.view(session, us, based.id).document
    drafts.save(session, us, based.id, 2, replace(doc, title=doc.title + " (revised)"))
    after = export.menu(session, us, based.id)
    assert after.default == "since-issued" and L_SYMBOL in after.reason
    assert [c.key for c in after.choices] == ["clean", "base", "since-issued", "earlier", "issued", "compilation"]
    assert after.label_of("issued") == f"{L_SYMBOL} as issued"


def test_a_menu_choice_is_a_kind_and_what_it_is_tracked_against():
    assert export.from_choice("base", 4, None) == (4, "manuscript", "base")
    assert export.from_choice("earlier", 4, 2) == (4, "manuscript", 2)
    assert export.from_choice("issued", 4, 2) == (None, "issued", None)  # the issued text is its own revision
    assert export.from_choice("compilation", 4, None) == (None, "compilation", None)
    with pytest.raises(InvalidDocument, match="choose the earlier revision"):
        export.from_choice("earlier", 4, None)
    with pytest.raises(InvalidDocument, match="choice must be one of"):
        export.from_choice("everything", 4, None)


# --- what LibreOffice makes of every kind (one conversion run) ---------------------------------

def test_libreoffice_opens_a_file_of_every_kind(session, actors, based, tmp_path):
    tracked = export.docx(session, actors["us"], based.id, against="base")
    issued, _, rev, addendum, resolution = _through_adoption(session, actors, based)
    compiled = export.docx(session, actors["us"], based.id, kind="compilation")
    files = {"tracked": tracked, "issued": issued, "rev": rev, "addendum": addendum, "resolution": resolution,
             "compilation": compiled}
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    for name, exported in files.items():
        (tmp_path / f"{name}.docx").write_bytes(exported.data)
    run = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp_path),
                          *(str(tmp_path / f"{name}.docx") for name in files)],
                         capture_output=True, text=True, timeout=300)
    expected = {"tracked": "United States of America", "issued": L_SYMBOL, "rev": f"{L_SYMBOL}/Rev.1",
                "addendum": "Mexico", "resolution": "A/RES/79/5", "compilation": "Compilation text"}
    for name, words in expected.items():
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice made no PDF of the {name} file: {run.stdout}{run.stderr}"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert words in " ".join(text.split()), name


def test_a_cnd_resolution_is_named_for_its_number_on_an_a4_page(session, actors):
    us, sec = actors["us"], actors["sec"]
    doc = document_json.load(draft_json(body="CND", session=69, agenda_item="5", agenda_title=""))
    created = drafts.create(session, us, doc)
    drafts.set_status(session, us, created.id, "circulated")
    lifecycle.act(session, us, created.id, "submit", {})
    issued_on = datetime.datetime.now(datetime.timezone.utc).date()
    lifecycle.act(session, sec, created.id, "issue", {"symbol": f"E/CN.7/{issued_on.year}/L.5"})
    issued = export.docx(session, us, created.id)
    assert issued.filename == f"E_CN.7_{issued_on.year}_L.5.docx"
    lifecycle.act(session, sec, created.id, "adopt", {"symbol": "3", "without_vote": True})
    adopted = export.docx(session, us, created.id)
    assert adopted.filename == "CND_resolution_69_3.docx"
    section = python_docx.Document(io.BytesIO(adopted.data)).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_a_file_asked_for_with_no_kind_is_the_menus_default_in_every_state(session, actors, based, us, monkeypatch):
    """GET …/export.docx with no parameters is the menu's default choice, in every state of
    a GA draft started from a resolution: the base while drafting and submitted, the L as
    issued, the changes since it while a Rev. is prepared and submitted, the Rev. issued,
    the resolution once adopted."""
    me, did, sec = actors["us"], based.id, actors["sec"]
    seen = []

    def same_as_menu():
        commit(session)
        menu = export.menu(session, me, did)
        number, kind, against = export.from_choice(menu.default, menu.revision, None)
        chosen = export.docx(session, me, did, number, kind=kind, against=against)
        got = us.get(f"/api/drafts/{did}/export.docx")
        assert got.status_code == 200
        name = got.headers["Content-Disposition"].split("filename=")[1]
        assert (name, _word_text(got.data), "<w:ins " in _body_xml(got.data)) == \
            (chosen.filename, _word_text(chosen.data), "<w:ins " in _body_xml(chosen.data)), menu.default
        seen.append((lifecycle.of(session, me, did).state, menu.default))

    same_as_menu()
    lifecycle.act(session, me, did, "submit", {})
    same_as_menu()
    _issue(session, actors, did, L_SYMBOL)
    same_as_menu()
    doc = drafts.view(session, me, did).document
    drafts.save(session, me, did, 2, replace(doc, title=doc.title + " (revised)"))
    same_as_menu()
    lifecycle.act(session, me, did, "revise", {})
    same_as_menu()
    _issue(session, actors, did)
    same_as_menu()
    lifecycle.act(session, sec, did, "adopt", {"symbol": "A/RES/79/8", "without_vote": True})
    same_as_menu()
    assert seen == [("circulated", "base"), ("submitted", "base"), ("issued", "issued"), ("issued", "since-issued"),
                    ("submitted", "since-issued"), ("issued", "issued"), ("adopted", "resolution")]


def test_a_french_draft_with_sections_an_annex_and_a_table_exports_to_word_and_akn(session, actors):
    from resolutions.formats.akn_writer import validate
    from resolutions.services import akn_export
    from tests.formats.test_akn_writer import structured_doc

    us = actors["us"]
    created = drafts.create(session, us, structured_doc("fr"))
    commit(session)
    exported = export.docx(session, us, created.id, against="none")
    word = python_docx.Document(io.BytesIO(exported.data))
    text = _word_text(exported.data)
    assert "Nations Unies" in text and "Soixante-dix-huitième session" in text
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == [
        "I.\tActivities of the Office", "II.\tActivities of the Committee"]
    assert [p.text for p in word.paragraphs if p.style.name == "Annex Heading"] == ["Annexe I", "Annexe II"]
    assert len(word.tables) == 2
    akn = akn_export.draft(session, us, created.id)
    validate(akn.data)
    assert b'<FRBRlanguage language="fra"/>' in akn.data and b"<attachments>" in akn.data
