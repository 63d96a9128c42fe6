"""The doctor: rows written by hand (or by an older version) that this version cannot
load or would not accept are listed; what can be repaired without losing text is, as a
new revision; the rest is reported — and every other page keeps working throughout."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from resolutions.formats import document_json
from resolutions.search import SearchQuery
from resolutions.services import accounts, corpus_import, doctor, drafts, searching
from resolutions.store.tables import AuditEvent, Draft, Publication, Revision
from tests.conftest import SHARED_CORPUS, commit, draft_json

AKN = SHARED_CORPUS / "akn" / "78" / "English"
LONG_ID = "p" * 10_000


def store(session, sql: str, **params) -> None:
    """Write a JSON column by hand, as a person with a SQL prompt (or an old version) would."""
    if session.get_bind().dialect.name == "postgresql":
        sql = sql.replace(":doc", "CAST(:doc AS JSON)")
    session.execute(text(sql), params)


def put_revision(session, draft_id: int, number: int, raw: str) -> None:
    store(session, "UPDATE revisions SET document = :doc WHERE draft_id = :d AND number = :n",
          doc=raw, d=draft_id, n=number)


def stored_text(session, draft_id: int, number: int) -> str:
    return session.execute(text("SELECT CAST(document AS TEXT) FROM revisions WHERE draft_id = :d AND number = :n"),
                           {"d": draft_id, "n": number}).scalar_one()


@pytest.fixture
def damaged(app, session, actors):
    """One healthy draft, and one of each kind of damage; returns name → draft id."""
    us = actors["us"]

    def new(title: str, revisions: int = 1) -> tuple[int, dict]:
        view = drafts.create(session, us, document_json.load(draft_json(title=title)))
        for n in range(1, revisions):  # a save must change something to make a revision
            edited = document_json.load({**document_json.dump(view.document), "title": f"{title} ({n + 1})"})
            drafts.save(session, us, view.id, n, edited, f"Save {n + 1}")
        return view.id, document_json.dump(view.document)

    ids = {}
    ids["healthy"], _ = new("Healthy draft on maritime safety")
    ids["language"], doc = new("Draft whose language went missing", revisions=2)
    language = {**doc, "language": "xx"}
    ids["lonely_language"], doc = new("Draft in no language at all")
    lonely = {**doc, "language": "xx"}
    ids["long_id"], doc = new("Draft with a giant paragraph id")
    long_id = json.loads(json.dumps(doc))
    long_id["operative"][0]["id"] = LONG_ID
    ids["controls"], doc = new("Draft with control characters")
    controls = json.loads(json.dumps(doc))
    controls["preamble"][1]["text"] = "Recalling\x00 its resolution\x07 77/238\uffff of 15 December 2022 zanzibarite,"
    ids["surrogate"], doc = new("Draft with a lone surrogate")
    ids["shape"], _ = new("Draft whose document is not a document")
    ids["old"], doc = new("Draft with a damaged first revision", revisions=2)
    old = {**doc, "preamble": "a string where the paragraphs should be"}
    ids["missing"], _ = new("Draft whose current revision row is gone", revisions=2)
    commit(session)

    put_revision(session, ids["language"], 2, json.dumps(language))
    put_revision(session, ids["lonely_language"], 1, json.dumps(lonely))
    put_revision(session, ids["long_id"], 1, json.dumps(long_id))
    put_revision(session, ids["controls"], 1, json.dumps(controls))
    # A lone surrogate can only be written as a JSON escape; ensure_ascii keeps it one.
    put_revision(session, ids["surrogate"], 1, json.dumps({**doc, "title": "Lone \ud800 surrogate"}))
    put_revision(session, ids["shape"], 1, json.dumps([{"body": "GA"}, "not an object"]))
    put_revision(session, ids["old"], 1, json.dumps(old))
    session.execute(text("UPDATE drafts SET current_revision = 3 WHERE id = :d"), {"d": ids["missing"]})
    session.commit()
    return ids


@pytest.fixture
def publication(app, session):
    units = app.extensions["resolutions.db"].unit_of_work
    summary = corpus_import.import_path(units, AKN / "A_RES_78_131-2325898E.xml")
    assert summary.imported == 1
    pub = session.scalars(select(Publication)).one()
    data = json.loads(json.dumps(pub.document))
    data["operative"][0]["text"] = "\x0b" + data["operative"][0]["text"] + "\ufdd0"
    store(session, "UPDATE publications SET document = :doc WHERE id = :i", doc=json.dumps(data), i=pub.id)
    store(session, "INSERT INTO publication_facts (symbol, facts, content_hash, imported_at) "
                   "VALUES ('A/RES/78/999', :doc, 'x', CURRENT_TIMESTAMP)", doc=json.dumps({"vote": "unanimous"}))
    session.commit()
    return pub.symbol


def pages_work(browser, ids) -> None:
    """The drafts list, search and every undamaged draft's page answer as usual."""
    assert browser.get("/").status_code == 200
    assert browser.get("/search?q=maritime").status_code == 200
    assert browser.get(f"/drafts/{ids['healthy']}").status_code == 200
    assert browser.get(f"/drafts/{ids['healthy']}/export.docx").status_code == 200


def test_doctor_lists_every_damaged_row_and_changes_nothing(app, session, damaged, publication, browser_for):
    browser = browser_for("us@example.org")
    pages_work(browser, damaged)
    broken = browser.get(f"/drafts/{damaged['surrogate']}")  # only the damaged draft's own pages fail
    assert broken.status_code == 409 and "doctor" in broken.get_data(as_text=True)
    # … and its history stays open: that is where an older revision is restored
    assert browser.get(f"/drafts/{damaged['surrogate']}/history").status_code == 200
    before = session.scalar(select(func.count()).select_from(Revision))

    report = doctor.examine(session)

    found = {f.what: f for f in report.findings}
    assert "language: unknown language 'xx'" in found[f"draft {damaged['language']}, revision 2 (current)"].reasons[0]
    assert any("id" in r and "not of the shape" in r
               for r in found[f"draft {damaged['long_id']}, revision 1 (current)"].reasons)
    controls = " ".join(found[f"draft {damaged['controls']}, revision 1 (current)"].reasons)
    assert "PP2" in controls
    assert "lone surrogate (U+D800)" in " ".join(found[f"draft {damaged['surrogate']}, revision 1 (current)"].reasons)
    assert "must be a JSON object" in found[f"draft {damaged['shape']}, revision 1 (current)"].reasons[0]
    assert found[f"draft {damaged['old']}, revision 1"].cannot.startswith("an older revision")
    assert "current revision 3 has no row (the newest stored is 2)" in found[f"draft {damaged['missing']}"].reasons[0]
    assert found[f"publication {publication} (en)"].fix is not None
    assert "KeyError" in found["facts of A/RES/78/999"].reasons[0]
    assert len(report.findings) == 10 and not any(str(damaged["healthy"]) in f.what.split(",")[0].split()
                                                  for f in report.findings)
    assert {f.what for f in report.findings if f.fix is None} == {
        f"draft {damaged['lonely_language']}, revision 1 (current)", f"draft {damaged['shape']}, revision 1 (current)",
        f"draft {damaged['old']}, revision 1", "facts of A/RES/78/999"}
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Revision)) == before
    pages_work(browser, damaged)


def test_repair_writes_new_revisions_and_reports_the_rest(app, session, damaged, publication, browser_for):
    browser = browser_for("us@example.org")
    old_text = {name: stored_text(session, damaged[name], 1) for name in ("controls", "surrogate", "old")}
    db = app.extensions["resolutions.db"]

    with db.unit_of_work() as s:
        report = doctor.repair(s)
    db.wait_for_index()

    outcome = {f.what: f for f in report.findings}
    assert sum(f.resolved for f in report.findings) == 6
    for name in ("long_id", "controls", "surrogate"):
        assert outcome[f"draft {damaged[name]}, revision 1 (current)"].resolved
    assert "revision 3 written" in outcome[f"draft {damaged['language']}, revision 2 (current)"].outcome
    assert not outcome[f"draft {damaged['old']}, revision 1"].resolved
    session.expire_all()
    for name in ("language", "long_id", "controls", "surrogate", "missing"):
        page = browser.get(f"/drafts/{damaged[name]}")
        assert page.status_code == 200, (name, page.get_data(as_text=True)[:300])
        assert browser.get(f"/drafts/{damaged[name]}/export.docx").status_code == 200
    # A new revision by the draft's creator; the damaged one kept exactly as it was.
    draft = session.get(Draft, damaged["controls"])
    repaired = session.scalars(select(Revision).where(Revision.draft_id == draft.id, Revision.number == 2)).one()
    assert draft.current_revision == 2 and repaired.parent_number == 1 and repaired.author_id == draft.created_by
    assert repaired.message.startswith("Repaired by `flask doctor`: revision 1 could not be accepted")
    texts = [p["text"] for p in repaired.document["preamble"]]
    assert "Recalling its resolution 77/238 of 15 December 2022 zanzibarite," in texts
    assert {name: stored_text(session, damaged[name], 1) for name in old_text} == old_text
    surrogate = session.scalars(select(Revision).where(Revision.draft_id == damaged["surrogate"],
                                                       Revision.number == 2)).one()
    assert surrogate.document["title"] == "Lone \ufffd surrogate"
    long_id = session.scalars(select(Revision).where(Revision.draft_id == damaged["long_id"],
                                                     Revision.number == 2)).one()
    assert len(long_id.document["operative"][0]["id"]) < 64
    language = session.scalars(select(Revision).where(Revision.draft_id == damaged["language"],
                                                      Revision.number == 3)).one()
    assert language.document["language"] == "en"
    assert session.get(Draft, damaged["missing"]).current_revision == 2
    pub = session.scalars(select(Publication)).one()
    assert not pub.document["operative"][0]["text"].startswith("\x0b")
    assert browser.get(f"/resolutions/{publication}").status_code == 200
    # The repaired text reached the search index; the audit trail says who did what.
    hits = searching.search(session, accounts.actor_by_email(session, "us@example.org"),
                            SearchQuery(text="zanzibarite"))
    assert [h.draft_id for h in hits.results] == [damaged["controls"]]
    events = session.scalars(select(AuditEvent).where(AuditEvent.event == "doctor.repaired")).all()
    assert len(events) == 6 and all(e.actor == "command line" for e in events)
    assert {e.draft_id for e in events} >= {damaged[n] for n in ("language", "long_id", "controls", "surrogate")}
    pages_work(browser, damaged)

    again = doctor.examine(session)
    assert {f.what for f in again.findings} == {
        f"draft {damaged['lonely_language']}, revision 1 (current)", f"draft {damaged['shape']}, revision 1 (current)",
        f"draft {damaged['old']}, revision 1", "facts of A/RES/78/999",
        # the repaired drafts' old revisions stay as they were: reported, never rewritten
        f"draft {damaged['language']}, revision 2", f"draft {damaged['long_id']}, revision 1",
        f"draft {damaged['controls']}, revision 1", f"draft {damaged['surrogate']}, revision 1"}


def test_a_clean_database_has_no_problems(app, session, actors):
    drafts.create(session, actors["us"], document_json.load(draft_json()))
    commit(session)
    report = doctor.examine(session)
    assert report.findings == [] and report.lines()[-1] == "No problems found."
    assert report.checked["revision"] == 1


def test_doctor_lists_damaged_lifecycle_steps_and_repairs_none(app, session, actors):
    from resolutions.services import lifecycle
    from resolutions.store.tables import LifecycleEvent
    us = actors["us"]
    view = drafts.create(session, us, document_json.load(draft_json()))
    drafts.set_status(session, us, view.id, "circulated")
    lifecycle.act(session, us, view.id, "submit", {})
    lifecycle.act(session, actors["sec"], view.id, "issue", {"symbol": "A/80/L.7"})
    commit(session)
    submit, issue = session.scalars(select(LifecycleEvent.id).order_by(LifecycleEvent.id)).all()
    store(session, "UPDATE lifecycle_events SET action = 'bogus' WHERE id = :e", e=submit)
    store(session, "UPDATE lifecycle_events SET date = NULL, detail = :doc WHERE id = :e", e=issue,
          doc=json.dumps({"sponsors": "United States of America"}))
    session.commit()
    report = doctor.repair(session)
    found = {f.what: f for f in report.findings}
    assert found[f"lifecycle event {submit} of draft {view.id}"].reasons == ["unknown action 'bogus'"]
    assert found[f"lifecycle event {issue} of draft {view.id}"].reasons == [
        "it has no date", "its sponsors are not a list of names"]
    assert report.checked["lifecycle event"] == 2 and not any(f.resolved for f in report.findings)
    assert all("by hand" in f.outcome for f in report.findings)
