"""Backup and restore: a snapshot taken while the app runs comes back whole, on SQLite
and PostgreSQL alike, and every API answer is the same afterwards."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import threading
import zipfile
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from resolutions.formats import document_json
from resolutions.services import (accounts, backup, comments, compilation, corpus_import, drafts, lifecycle,
                                   notifications,
                                   presence, proposals, publications, sponsorship)
from resolutions.store.tables import AuditEvent, Base, User
from resolutions.web import create_app
from tests.conftest import PASSWORD, SHARED_CORPUS, commit, draft_json

AKN = SHARED_CORPUS / "akn" / "78"
SYMBOL = "A/RES/78/131"
ON_POSTGRES = (os.environ.get("DATABASE_URL") or "").startswith("postgres")
BACKUP_EVENTS = ("backup.written", "backup.restored")


# --- a database worth backing up -------------------------------------------------------

@pytest.fixture
def populated(app, session, actors, tmp_path, browser_for):
    """Drafts with several revisions, co-sponsors and a withdrawal, a draft started from a
    real resolution (English and French, with its metadata), tokens, a log-in, a disabled
    user: every table holds rows, and text in several scripts."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (AKN / "English" / "A_RES_78_131-2325898E.xml", AKN / "French" / "A_RES_78_131-2325898F.xml"):
        (corpus / path.name).write_bytes(path.read_bytes())
    facts = [line for line in (SHARED_CORPUS / "metadata" / "78.jsonl").read_text("utf-8").splitlines()
             if json.loads(line)["symbol"] == SYMBOL]
    (corpus / "78.jsonl").write_text("\n".join(facts) + "\n", "utf-8")
    summary = corpus_import.import_path(app.extensions["resolutions.db"].unit_of_work, corpus)
    assert summary.failed == [] and summary.imported == 3

    us, jp, mx = actors["us"], actors["jp"], actors["mx"]
    doc = draft_json(title="Coopération internationale — «Côte d’Ivoire», 国际合作, التعاون الدولي")
    doc["preamble"][0]["footnotes"] = [{"text": "See A/78/1, para. 3 — «note»."}]
    first = drafts.create(session, us, document_json.load(doc), "Premier jet ✓")
    for n, title in ((1, "Second wording"), (2, "Third wording, with ümlauts")):
        data = document_json.dump(drafts.view(session, us, first.id).document)
        drafts.save(session, us, first.id, n, document_json.load({**data, "title": title}), f"Revision {n + 1}")
    drafts.set_status(session, us, first.id, "circulated")
    sponsorship.join(session, jp, first.id)
    sponsorship.join(session, mx, first.id)
    sponsorship.withdraw(session, mx, first.id)
    # the negotiation: a proposal joined by a second delegation, a status, a comment thread,
    # notifications (one read), and an open editor
    text = drafts.view(session, us, first.id).document
    op1 = text.operative[0]
    proposal = proposals.make(session, jp, first.id, 3, "replace", op1.id, op1.text.replace("all levels", "every level"),
                              note="Plus précis — «level»")
    proposals.support(session, actors["eu"], first.id, proposal.id)
    compilation.set_status(session, us, first.id, text.preamble[0].id, "agreed_ad_ref")
    thread = comments.add(session, jp, first.id, op1.id, "Pourquoi «all»? 为什么")
    comments.add(session, us, first.id, op1.id, "Agreed language from 77/238.", reply_to=thread.id)
    notifications.open_one(session, jp, notifications.listing(session, jp).items[0].id)
    presence.touch(session, us, first.id, 3)
    lifecycle.act(session, us, first.id, "submit", {})  # a lifecycle step (#8)
    publications.start_draft(session, jp, SYMBOL)
    drafts.create(session, mx, document_json.load(draft_json(title="A private Mexican draft")))
    accounts.create_user(session, "gone@example.org", PASSWORD, delegation="France")
    tokens = {email: accounts.issue_token(session, email, name=f"token for {email} — ñ")
              for email in ("us@example.org", "jp@example.org", "sec@example.org", "gone@example.org")}
    accounts.disable_user(session, "gone@example.org")
    commit(session)
    browser_for("jp@example.org")  # a log-in: a user session row and audit events
    app.extensions["resolutions.db"].wait_for_index()
    return tokens


def answers(app, token: str) -> dict:
    """Every answer of the API about what ``token``'s user can see."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def get(url: str):
        response = client.get(url, headers=headers)
        if url.endswith(".docx"):  # its length varies with the export's time stamp; its text must not
            with zipfile.ZipFile(io.BytesIO(response.data)) as docx:
                return response.status_code, hashlib.sha256(docx.read("word/document.xml")).hexdigest()
        return response.status_code, response.json

    out = {"/api/drafts": get("/api/drafts")}
    for draft in out["/api/drafts"][1]["drafts"]:
        base = f"/api/drafts/{draft['id']}"
        for url in (base, f"{base}/revisions", f"{base}/events", f"{base}/export.docx"):
            out[url] = get(url)
        for n in range(1, draft["current_revision"] + 1):
            out[f"{base}/revisions/{n}"] = get(f"{base}/revisions/{n}")
            out[f"{base}/diff?from=1&to={n}"] = get(f"{base}/diff?from=1&to={n}")
    for url in (f"/api/resolutions/{SYMBOL}", f"/api/resolutions/{SYMBOL}?lang=fr"):
        out[url] = get(url)
    for query in ("synthetic drugs", "Member States", "Côte d’Ivoire", "coopération", "国际合作"):
        out[f"/api/search?q={query}"] = get(f"/api/search?q={query}")
    assert out["/api/drafts"][0] == 200 and out["/api/drafts"][1]["drafts"]
    return out


_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00)?")


def utc_times(value):
    """``value`` with every time stamp written with its offset. The API prints times as the
    driver returns them: naive on SQLite, with an offset on PostgreSQL — so answers from
    the two differ in that alone (store/tables.py could return UTC on both)."""
    if isinstance(value, dict):
        return {k: utc_times(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(utc_times(v) for v in value)
    if isinstance(value, str) and _TIME.fullmatch(value):
        return value if value.endswith("+00:00") else value + "+00:00"
    return value


def table_rows(engine) -> dict[str, list[tuple]]:
    """Every row of every table, times in UTC (SQLite keeps no offset), the backup's own
    audit events left out."""
    def norm(value):
        if isinstance(value, datetime):
            return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return value
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            if table.name == AuditEvent.__tablename__:
                query = query.where(table.c.event.not_in(BACKUP_EVENTS))
            out[table.name] = [tuple(norm(v) for v in row) for row in conn.execute(query)]
    return out


# --- empty targets -------------------------------------------------------------------------

@pytest.fixture
def targets(database_url, tmp_path):
    """Makes empty databases of a kind ("sqlite" or "postgresql") with an app on each;
    PostgreSQL ones are created beside the test database and dropped afterwards."""
    made, apps = [], []
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT") if ON_POSTGRES else None

    def make(kind: str):
        folder = tmp_path / f"target{len(apps)}"
        if kind == "sqlite":
            url = f"sqlite:///{folder}/restored.sqlite3"
        else:
            name = f"restore_{secrets.token_hex(4)}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            made.append(name)
            url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        target = create_app({"data_dir": folder, "database_url": url, "secret_key": "test-secret",
                             "TESTING": True})
        apps.append(target)
        return target

    yield make
    for target in apps:
        target.extensions["resolutions.db"].wait_for_index()
        target.extensions["resolutions.db"].dispose()
    for name in made:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if admin is not None:
        admin.dispose()


def restore_into(target, path):
    result = target.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    db = target.extensions["resolutions.db"]
    db.index_worker.start()  # as the first request would: its start-up check must find the index current
    assert db.wait_for_index(60)
    assert db.index_worker.rebuilds == 0
    return result.output


def kind_of(app) -> str:
    return app.extensions["resolutions.db"].engine.dialect.name


# --- the round trips ------------------------------------------------------------------------

def test_a_backup_restores_every_row_and_every_answer(app, populated, targets, tmp_path):
    before = {email: answers(app, token) for email, token in populated.items() if email != "gone@example.org"}
    source = app.extensions["resolutions.db"]
    rows = table_rows(source.engine)
    path = tmp_path / "backup.zip"

    summary = backup.write(source, path)

    assert summary.rows["revisions"] == 5 and summary.rows["publications"] == 2
    assert all(summary.rows[t.name] for t in Base.metadata.sorted_tables), summary.rows
    target = targets(kind_of(app))
    output = restore_into(target, path)
    assert f"Restored {len(Base.metadata.tables)} tables" in output and "search index rebuilt" in output

    target_db = target.extensions["resolutions.db"]
    assert table_rows(target_db.engine) == rows  # every column of every row, exactly
    after = {email: answers(target, token) for email, token in populated.items() if email != "gone@example.org"}
    assert after == before
    # The revoked token of the disabled user is refused as before: the same hashes came back.
    gone = {"Authorization": f"Bearer {populated['gone@example.org']}"}
    refused = target.test_client().get("/api/drafts", headers=gone)
    assert refused.status_code == 401 and "revoked" in refused.json["error"]
    with source.session() as s:
        written = s.scalars(select(AuditEvent).where(AuditEvent.event == "backup.written")).one()
    assert written.detail["path"] == str(path) and written.detail["rows"]["drafts"] == 3
    assert written.actor == "command line"
    with target_db.session() as s:
        restored = s.scalars(select(AuditEvent).where(AuditEvent.event == "backup.restored")).one()
        assert restored.detail["rows"] == summary.rows and restored.user_id is None
        # New rows get new ids: the sequences (PostgreSQL) continue after the restored ones.
        assert restored.id == max(r[0] for r in rows["audit_events"]) + 1


@pytest.mark.parametrize("chain", [("sqlite",)] + ([("sqlite", "postgresql")] if ON_POSTGRES else []))
def test_a_backup_crosses_between_databases(app, populated, targets, tmp_path, chain):
    """SQLite → SQLite; on PostgreSQL also PostgreSQL → SQLite → PostgreSQL: the restored
    database's own backup restores again, into a target that `flask init` had seeded."""
    token = populated["us@example.org"]
    before, rows = answers(app, token), table_rows(app.extensions["resolutions.db"].engine)
    current = app
    for step, kind in enumerate(chain):
        path = tmp_path / f"step{step}.zip"
        backup.write(current.extensions["resolutions.db"], path)
        target = targets(kind)
        assert target.test_cli_runner().invoke(args=["init"]).exit_code == 0  # seeded delegations are replaced
        restore_into(target, path)
        assert table_rows(target.extensions["resolutions.db"].engine) == rows
        assert utc_times(answers(target, token)) == utc_times(before)
        current = target


def test_the_file_is_portable_json_lines_with_a_manifest(app, populated, tmp_path):
    path = tmp_path / "backup.zip"
    backup.write(app.extensions["resolutions.db"], path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "resolutions-backup" and manifest["format_version"] == 1
        assert manifest["alembic_revision"] and manifest["created_at"].endswith("+00:00")
        names = [t["name"] for t in manifest["tables"]]
        assert names == [t.name for t in Base.metadata.sorted_tables]  # parents before children
        assert names.index("drafts") < names.index("revisions") and names.index("users") < names.index("drafts")
        users = [json.loads(line) for line in archive.read("tables/users.jsonl").splitlines()]
        revisions = [json.loads(line) for line in archive.read("tables/revisions.jsonl").splitlines()]
    eu = next(u for u in users if u["email"] == "gone@example.org")
    assert eu["disabled_at"].endswith("+00:00") and eu["is_secretariat"] is False
    assert next(u for u in users if u["email"] == "sec@example.org")["delegation_id"] is None
    titles = {r["document"]["title"] for r in revisions}
    assert "Coopération internationale — «Côte d’Ivoire», 国际合作, التعاون الدولي" in titles
    assert manifest["tables"][names.index("revisions")]["rows"] == len(revisions)


# --- a snapshot while others save --------------------------------------------------------

def test_a_backup_taken_while_drafts_are_saved_is_one_snapshot(app, session, actors, tmp_path, monkeypatch):
    db = app.extensions["resolutions.db"]
    ids = [drafts.create(session, actors["us"], document_json.load(draft_json(title=f"Draft {n}"))).id
           for n in range(3)]
    commit(session)
    saved, stop = [0], threading.Event()

    def keep_saving():
        n = 0
        while not stop.is_set():
            draft_id = ids[n % len(ids)]
            with db.unit_of_work() as s:
                current = drafts.view(s, actors["us"], draft_id)
                doc = document_json.dump(current.document)
                drafts.save(s, actors["us"], draft_id, current.current_revision,
                            document_json.load({**doc, "title": f"Saved {n}"}))
            saved[0] += 1
            n += 1

    real = backup._write_table

    def slow_write_table(conn, table, archive):
        entry = real(conn, table, archive)
        if table.name == "drafts":  # between reading drafts and revisions, let saves land
            start = saved[0]
            while saved[0] < start + 3 and writer.is_alive():
                stop.wait(0.01)
        return entry

    monkeypatch.setattr(backup, "_write_table", slow_write_table)
    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        path = tmp_path / "during.zip"
        backup.write(db, path)
    finally:
        stop.set()
        writer.join(30)
    with zipfile.ZipFile(path) as archive:
        drafts_rows = [json.loads(line) for line in archive.read("tables/drafts.jsonl").splitlines()]
        revision_rows = [json.loads(line) for line in archive.read("tables/revisions.jsonl").splitlines()]
    assert saved[0] >= 3
    by_draft: dict[int, dict[int, dict]] = {}
    for row in revision_rows:
        by_draft.setdefault(row["draft_id"], {})[row["number"]] = row
    for draft in drafts_rows:
        numbers = by_draft[draft["id"]]
        assert sorted(numbers) == list(range(1, draft["current_revision"] + 1))
        assert numbers[draft["current_revision"]]["document"]["title"] == draft["title"]
    with db.session() as s:  # the database went on past the snapshot
        assert s.scalar(select(func.count()).select_from(Base.metadata.tables["revisions"])) > len(revision_rows)


# --- refusals ---------------------------------------------------------------------------------

def rewrite(path, out, change):
    """A copy of the backup at ``path`` with ``change(name, data) -> data | None`` applied."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out


def test_a_damaged_or_foreign_file_is_refused_before_the_target_is_touched(app, populated, targets, tmp_path):
    path = tmp_path / "good.zip"
    backup.write(app.extensions["resolutions.db"], path)
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))

    def with_manifest(**changes):
        return lambda name, data: json.dumps({**manifest, **changes}).encode() if name == "manifest.json" else data

    (tmp_path / "notes.zip").write_text("just text", "utf-8")
    cases = {
        tmp_path / "notes.zip": "not a readable zip file",
        rewrite(path, tmp_path / "bare.zip", lambda n, d: None if n == "manifest.json" else d): "has no manifest.json",
        rewrite(path, tmp_path / "changed.zip", lambda n, d: d.replace(b"Second wording", b"Second wordinG")
                if n == "tables/revisions.jsonl" else d): "does not match its checksum",
        rewrite(path, tmp_path / "cut.zip", lambda n, d: d.split(b"\n", 1)[1]
                if n == "tables/users.jsonl" else d): "does not match its checksum",
        rewrite(path, tmp_path / "foreign.zip", with_manifest(format="other-app")): "not a backup this application",
        rewrite(path, tmp_path / "tables.zip", with_manifest(tables=manifest["tables"] + [
            {**manifest["tables"][0], "name": "secrets"}])): "unknown table 'secrets'",
        rewrite(path, tmp_path / "newer.zip", with_manifest(alembic_revision="9999")): "newer than this version knows",
        rewrite(path, tmp_path / "format.zip", with_manifest(format_version=2)): "backup format 2",
    }
    target = targets("sqlite")
    for bad, message in cases.items():
        result = target.test_cli_runner().invoke(args=["restore", str(bad)])
        assert result.exit_code == 1 and message in result.output, (bad.name, result.output)
    engine = target.extensions["resolutions.db"].engine
    with engine.connect() as conn:  # refused before the schema was even created
        assert not engine.dialect.has_table(conn, "users")


def test_restore_never_overwrites_and_a_failed_restore_leaves_the_target_empty(app, populated, targets, tmp_path):
    path = tmp_path / "good.zip"
    source = app.extensions["resolutions.db"]
    backup.write(source, path)
    with pytest.raises(backup.BackupError, match="not empty .*users.*restore only into an empty database"):
        backup.restore(source, path)  # the live database holds everything already
    assert table_rows(source.engine)["drafts"]

    # A revision of a draft the file does not hold: the checksums agree, the foreign key does not.
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    revisions = zipfile.ZipFile(path).read("tables/revisions.jsonl")
    orphan = json.loads(revisions.splitlines()[0]) | {"id": 99_999, "draft_id": 88_888}
    damaged = revisions + json.dumps(orphan).encode() + b"\n"
    for entry in manifest["tables"]:
        if entry["name"] == "revisions":
            entry["rows"] += 1
            entry["sha256"] = hashlib.sha256(damaged).hexdigest()
    bad = rewrite(path, tmp_path / "orphan.zip", lambda n, d: damaged if n == "tables/revisions.jsonl"
                  else json.dumps(manifest).encode() if n == "manifest.json" else d)
    target = targets(kind_of(app))
    result = target.test_cli_runner().invoke(args=["restore", str(bad)])
    assert result.exit_code == 1 and "the rows of revisions do not fit together" in result.output, result.output
    with target.extensions["resolutions.db"].session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0
    restore_into(target, path)  # and the good file still restores into it afterwards
    assert table_rows(target.extensions["resolutions.db"].engine)["drafts"] == table_rows(source.engine)["drafts"]


def test_a_backup_never_replaces_a_file(app, tmp_path):
    path = tmp_path / "taken.zip"
    path.write_text("an older backup", "utf-8")
    with pytest.raises(backup.BackupError, match="exists already"):
        backup.write(app.extensions["resolutions.db"], path)
    assert path.read_text("utf-8") == "an older backup"
    assert not list(tmp_path.glob(".*partial"))


def test_a_backup_from_an_older_schema_restores_with_todays_defaults(app, populated, targets, tmp_path):
    """A backup written at revision 0002 had no user sessions, no audit trail and no
    disabled_at: its tables restore, and what came since starts empty or at its default."""
    path = tmp_path / "now.zip"
    backup.write(app.extensions["resolutions.db"], path)
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    old_tables = [t for t in manifest["tables"] if t["name"] not in ("user_sessions", "audit_events")]
    users = b"".join(json.dumps({k: v for k, v in json.loads(line).items() if k != "disabled_at"}).encode() + b"\n"
                     for line in zipfile.ZipFile(path).read("tables/users.jsonl").splitlines())
    for entry in old_tables:
        if entry["name"] == "users":
            entry["columns"].remove("disabled_at")
            entry["sha256"] = hashlib.sha256(users).hexdigest()
    old = {**manifest, "alembic_revision": "0002", "tables": old_tables}
    older = rewrite(path, tmp_path / "older.zip", lambda n, d: json.dumps(old).encode() if n == "manifest.json"
                    else users if n == "tables/users.jsonl"
                    else None if n in ("tables/user_sessions.jsonl", "tables/audit_events.jsonl") else d)
    target = targets("sqlite")
    restore_into(target, older)
    rows = table_rows(target.extensions["resolutions.db"].engine)
    assert rows["user_sessions"] == [] and rows["audit_events"] == []  # (the restore's own event is left out)
    assert len(rows["revisions"]) == 5
    with target.extensions["resolutions.db"].session() as s:
        assert s.scalar(select(User).where(User.email == "gone@example.org")).disabled_at is None
