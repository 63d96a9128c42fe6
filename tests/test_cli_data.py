"""The command-line contract of `backup`, `restore` and `doctor`: what they print and
their exit codes (1 for a refusal or a problem found)."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from resolutions.formats import document_json
from resolutions.services import drafts
from resolutions.store.tables import AuditEvent
from tests.conftest import commit, draft_json
from tests.services.test_doctor import damaged, publication, store  # noqa: F401 - fixtures


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


def test_backup_prints_what_it_wrote_and_never_overwrites(app, session, actors, tmp_path):
    drafts.create(session, actors["us"], document_json.load(draft_json()))
    commit(session)
    path = tmp_path / "nightly.zip"
    code, out = run(app, "backup", str(path))
    assert code == 0, out
    assert re.fullmatch(r"Backed up \d+ tables, [\d,]+ rows \(5 users, 1 draft, 1 revision, 0 publications, "
                        r"\d+ audit events?\) to .*nightly\.zip \(\d+ KB, schema \w+\) in [\d.]+ s\.\n", out), out
    code, out = run(app, "backup", str(path))
    assert code == 1 and "exists already; a backup never replaces another file" in out
    code, out = run(app, "backup", str(tmp_path / "no" / "such" / "folder.zip"))
    assert code == 1 and "does not exist" in out
    with app.extensions["resolutions.db"].session() as s:
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.event == "backup.written")).all()) == 1


def test_restore_refuses_a_database_that_holds_anything(app, session, actors, tmp_path):
    path = tmp_path / "b.zip"
    assert run(app, "backup", str(path))[0] == 0
    code, out = run(app, "restore", str(path))
    assert code == 1 and "the target database is not empty (5 users" in out and "never overwrites" in out
    code, out = run(app, "restore", str(tmp_path / "missing.zip"))
    assert code == 1 and "is not a file" in out


def test_doctor_on_a_sound_database(app, session, actors):
    drafts.create(session, actors["us"], document_json.load(draft_json()))
    commit(session)
    code, out = run(app, "doctor")
    assert code == 0 and out.splitlines() == [
        "Checked 1 revision, 1 draft, 0 publications, 0 publication facts, 0 lifecycle events.",
        "No problems found."]


def test_doctor_lists_then_repairs_and_pages_keep_working(app, damaged, publication, browser_for):  # noqa: F811
    browser = browser_for("us@example.org")
    code, out = run(app, "doctor")
    assert code == 1, out
    lines = out.splitlines()
    assert f"draft {damaged['controls']}, revision 1 (current): PP2: the paragraph holds" in out
    assert f"draft {damaged['old']}, revision 1: cannot be read: preamble: must be a list of paragraphs" in out
    assert "    can be repaired: run `flask --app app doctor --repair`" in lines
    assert lines[-1] == "10 damaged rows; `--repair` can fix 6."
    assert browser.get("/").status_code == 200

    code, out = run(app, "doctor", "--repair")
    assert code == 1, out  # some rows a person has to look at
    assert out.count("\n    repaired: ") == 6 and out.splitlines()[-1] == "10 damaged rows: 6 repaired, 4 not."
    assert ("    not repaired: an older revision: revisions are immutable, so it is reported, not changed"
            in out)
    assert "re-import the metadata file" in out
    for name in ("controls", "surrogate", "long_id", "language"):
        assert browser.get(f"/drafts/{damaged[name]}").status_code == 200
        assert browser.get(f"/drafts/{damaged[name]}/export.docx").status_code == 200
    assert browser.get(f"/drafts/{damaged['healthy']}").status_code == 200
    assert browser.get("/search?q=zanzibarite").status_code == 200

    code, out = run(app, "doctor", "--repair")  # nothing more to do: only what a person must decide
    assert code == 1 and out.count("\n    repaired: ") == 0


def test_doctor_repair_exits_0_when_everything_was_repaired(app, session, publication):  # noqa: F811
    store(session, "DELETE FROM publication_facts")
    session.commit()
    code, out = run(app, "doctor", "--repair")
    assert code == 0 and out.splitlines()[-1] == "1 damaged row: 1 repaired, 0 not.", out
    code, out = run(app, "doctor")
    assert code == 0 and out.splitlines()[-1] == "No problems found."
    with app.extensions["resolutions.db"].session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.event == "doctor.repaired")).one()
        assert json.dumps(event.detail) and event.detail["publication"] == "A/RES/78/131"
