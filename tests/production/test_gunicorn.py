"""The production command, for real: `gunicorn -w 4 app:app` from the project root on
the full shared corpus with its search index deleted (the state after a crash or a
first deploy). /login must answer at once, search must say it is being rebuilt (503,
never a 500 or a hang) and answer correctly once the single rebuild ends."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from resolutions.services import accounts, corpus_import
from resolutions.services.database import Database
from resolutions.settings import Settings
from tests.conftest import SHARED_CORPUS

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
LOGIN_WITHIN = 10.0       # seconds from starting gunicorn to the first /login answer: ~1.4 s on a quiet
                          # machine, more while the other database's suite runs beside it (make test); the
                          # rebuild it must not wait for takes over a minute
REBUILD_WITHIN = 600.0    # the full corpus rebuilds in ~1–2 minutes on two cores


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _own_database_url(base_url: str, tmp: Path) -> str:
    """SQLite beside the data, or a database of its own on the suite's PostgreSQL server."""
    if not base_url.startswith("postgresql"):
        return f"sqlite:///{tmp / 'production.sqlite3'}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS resolutions_production"))
        conn.execute(text("CREATE DATABASE resolutions_production"))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/resolutions_production"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory, database_url):
    """A data folder and database holding the whole shared corpus, its index deleted."""
    tmp = tmp_path_factory.mktemp("production")
    url = _own_database_url(database_url, tmp)
    db = Database(Settings.from_env({}, data_dir=tmp, database_url=url, secret_key="production-test"))
    db.initialise()
    with db.collecting_index_changes():  # no index yet: the deployed app must build it
        summary = corpus_import.import_path(db.unit_of_work, SHARED_CORPUS)
    assert not summary.failed, summary.failed[:5]
    with db.unit_of_work() as session:
        accounts.create_user(session, "ops@example.org", "correct horse battery", delegation="Japan")
        token = accounts.issue_token(session, "ops@example.org")
    db.dispose()
    shutil.rmtree(tmp / "index", ignore_errors=True)
    yield {"data": tmp, "url": url, "token": token, "imported": summary.imported}


def _get(url: str, token: str | None = None, timeout: float = 10.0):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_gunicorn_serves_at_once_and_rebuilds_the_index_exactly_once(deployed, tmp_path):
    port = _free_port()
    env = {**os.environ, "RESOLUTIONS_DATA": str(deployed["data"]), "DATABASE_URL": deployed["url"],
           "SECRET_KEY": "production-test"}
    log = open(tmp_path / "gunicorn.log", "w+")
    started = time.monotonic()
    server = subprocess.Popen([str(GUNICORN), "-w", "4", "-b", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        login_at = None
        while time.monotonic() - started < LOGIN_WITHIN * 4:
            try:
                status, body = _get(f"{base}/login", timeout=LOGIN_WITHIN)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
                continue
            assert status == 200 and b"Log in" in body
            login_at = time.monotonic() - started
            break
        assert login_at is not None and login_at < LOGIN_WITHIN, f"/login first answered after {login_at} s"

        query = f"{base}/api/search?q=%22synthetic+drugs%22&lang=en&kind=resolution"
        answered, statuses = None, set()
        while time.monotonic() - started < REBUILD_WITHIN:
            asked = time.monotonic()
            status, body = _get(query, deployed["token"], timeout=10.0)
            assert time.monotonic() - asked < 5.0, "a search waited for the rebuild"
            statuses.add(status)
            if status == 200:
                answered = time.monotonic() - started
                break
            assert status == 503, body[:300]
            assert re.search(rb"being rebuilt \((about \d+ s left|time left not known yet)\)", body), body[:300]
            time.sleep(0.5)
        assert answered is not None, f"search never answered: {statuses}"
        results = json.loads(body)["results"]
        assert "A/RES/78/131" in [r["symbol"] for r in results[:10]]
        assert json.loads(_get(f"{base}/healthz")[1])["index"]["current"] is True

        time.sleep(2)  # let the other workers' checks finish, then count
        log.flush()
        log.seek(0)
        text_log = log.read()
        assert text_log.count("search index rebuilt") == 1, text_log[-3000:]
        assert "Traceback" not in text_log, text_log[-3000:]
        print(f"\n/login after {login_at:.2f} s; first correct search after {answered:.1f} s "
              f"({deployed['imported']} imported entries)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_a_worker_moves_the_loaded_app_out_of_the_garbage_collectors_scans():
    """gunicorn.conf.py's post_worker_init freezes what the loaded app holds, so a full
    collection during a save scans only what requests made (BENCHMARKS "Searchable at once")."""
    import gc
    import runpy

    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert hooks["worker_class"] == "gthread" and gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
