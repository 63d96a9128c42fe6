"""The command-line contract: init, users create/token, demo."""
from __future__ import annotations

from resolutions.web import create_app


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


def test_init_is_safe_to_rerun(app):
    code, out = run(app, "init")
    assert code == 0 and "0 delegations added" in out


def test_users_create_and_token(app, api_for):
    code, out = run(app, "users", "create", "--email", "Ana@Example.org", "--password", "long enough pw",
                    "--delegation", "CÔTE D'IVOIRE")
    assert code == 0 and "ana@example.org (Côte d’Ivoire)" in out
    code, out = run(app, "users", "create", "--email", "clerk@example.org", "--password", "long enough pw",
                    "--secretariat")
    assert code == 0 and "(Secretariat)" in out
    code, token = run(app, "users", "token", "ana@example.org")
    assert code == 0
    client = app.test_client()
    listed = client.get("/api/drafts", headers={"Authorization": f"Bearer {token.strip()}"})
    assert listed.status_code == 200 and listed.json["drafts"] == []


def test_users_create_explains_mistakes(app):
    for args, message in [
        (["--email", "x@example.org", "--password", "short", "--delegation", "Japan"], "at least 12"),
        (["--email", "x@example.org", "--password", "long enough pw", "--delegation", "Atlantis"], "no delegation is called"),
        (["--email", "us@example.org", "--password", "long enough pw", "--delegation", "Japan"], "exists already"),
        (["--email", "x@example.org", "--password", "long enough pw"], "either to a delegation"),
    ]:
        code, out = run(app, "users", "create", *args)
        assert code != 0 and message in out, out
    code, out = run(app, "users", "token", "nobody@example.org")
    assert code != 0 and "no user" in out


def test_demo_creates_logins_and_drafts_once(app, api_for):
    code, out = run(app, "demo")
    assert code == 0
    for login in ("us@demo.example", "jp@demo.example", "mx@demo.example", "secretariat@demo.example"):
        assert login in out
    assert run(app, "demo")[0] == 0
    drafts = api_for("secretariat@demo.example").get("/api/drafts").json["drafts"]
    assert sorted((d["body"], d["penholder"], d["status"], d["state"]) for d in drafts) == [
        ("CND", "Mexico", "circulated", "issued"), ("GA", "United States of America", "circulated", "circulated")]
    cnd = next(d for d in drafts if d["body"] == "CND")
    assert cnd["symbol"].startswith("E/CN.7/") and cnd["symbol"].endswith("/L.5")
    ga = next(d for d in drafts if d["body"] == "GA")
    assert api_for("jp@demo.example").get(f"/api/drafts/{ga['id']}").json["sponsors"] == [
        "Japan", "Mexico", "United States of America"]
    # under negotiation, once: two open proposals, a paragraph agreed ad ref, a comment thread
    compilation = api_for("mx@demo.example").get(f"/api/drafts/{ga['id']}/compilation").json
    assert compilation["counts"]["agreed_ad_ref"] == 1
    assert len(api_for("mx@demo.example").get(f"/api/drafts/{ga['id']}/proposals").json["proposals"]) == 2
    [thread] = api_for("mx@demo.example").get(f"/api/drafts/{ga['id']}/comments").json["comments"]
    assert len(thread["replies"]) == 1


def test_instances_with_different_data_folders_keep_apart(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)  # the default: SQLite inside the data folder
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        app = create_app({"data_dir": folder})
        assert run(app, "init")[0] == 0
        app.extensions["resolutions.db"].dispose()
    assert (first / "resolutions.sqlite3").exists() and (second / "resolutions.sqlite3").exists()
    assert (first / "secret_key").read_text() != (second / "secret_key").read_text()


def test_corpus_import_into_a_database_never_initialised_says_what_to_run(tmp_path):
    fresh = create_app({"data_dir": tmp_path, "database_url": f"sqlite:///{tmp_path}/new.sqlite3",
                        "secret_key": "x", "TESTING": True})
    try:
        code, out = run(fresh, "corpus", "import", str(tmp_path))
        assert code == 1 and "run `.venv/bin/flask --app app init` first" in out
    finally:
        fresh.extensions["resolutions.db"].dispose()
