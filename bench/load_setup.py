"""The load test's server side: a throw-away PostgreSQL cluster (as scripts/with-postgres.sh
makes one), `flask init`, a real slice of ../shared/corpus, 50 delegations with two users
each and a draft each, then `gunicorn -w 4` on a free port. Loopback only."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from resolutions.services import accounts, corpus_import, delegations, drafts, publications
from resolutions.services.database import Database
from resolutions.settings import Settings
from resolutions.store.tables import Publication
from workload import CORPUS

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = REPO / ".venv" / "bin"
PASSWORD = "load-test-password-77"
SLICE = [CORPUS / "akn" / "77" / "English", CORPUS / "akn" / "78" / "English",
         CORPUS / "metadata" / "77.jsonl", CORPUS / "metadata" / "78.jsonl"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Delegate:
    email: str
    delegation: str
    token: str
    draft_id: int = 0          # the delegation's own draft


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    delegates: list[Delegate] = field(default_factory=list)
    circulated: list[int] = field(default_factory=list)
    import_seconds: float = 0.0
    imported: int = 0
    procs: list[subprocess.Popen] = field(default_factory=list)
    pg_bin: str = ""
    base: str = ""

    def as_owner(self, *cmd: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else list(cmd)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(self.as_owner(f"{self.pg_bin}/pg_ctl", "-D", str(self.tmp / "pg"), "-m", "immediate", "stop"),
                       capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_postgres(stack: Stack) -> str:
    stack.pg_bin = os.path.dirname(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1])
    if os.getuid() == 0:
        shutil.chown(stack.tmp, "postgres")
    port = free_port()
    run = lambda *cmd: subprocess.run(stack.as_owner(*cmd), check=True, capture_output=True)  # noqa: E731
    run(f"{stack.pg_bin}/initdb", "-D", str(stack.tmp / "pg"), "-U", "resolutions", "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8")
    run(f"{stack.pg_bin}/pg_ctl", "-D", str(stack.tmp / "pg"), "-l", str(stack.tmp / "pg.log"), "-w", "-o",
        f"-p {port} -k {stack.tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
        f"-c max_connections=200", "start")
    run(f"{stack.pg_bin}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "resolutions", "resolutions_load")
    return f"postgresql://resolutions@127.0.0.1:{port}/resolutions_load"


def build(delegations_count: int = 50, corpus_slice: list[Path] = SLICE) -> Stack:
    tmp = Path(tempfile.mkdtemp(prefix="resolutions-load."))
    os.chmod(tmp, 0o777)
    stack = Stack(tmp, {})
    try:
        url = start_postgres(stack)
        data = tmp / "data"
        data.mkdir()
        stack.env = {**os.environ, "DATABASE_URL": url, "RESOLUTIONS_DATA": str(data), "SECRET_KEY": "load-test",
                     "RESOLUTIONS_SECURE_COOKIES": "0"}
        subprocess.run([str(VENV_BIN / "flask"), "--app", "app", "init"], cwd=REPO, env=stack.env, check=True,
                       capture_output=True)
        db = Database(Settings.from_env(stack.env))
        started = time.perf_counter()
        with db.collecting_index_changes() as collected:
            for path in corpus_slice:
                stack.imported += corpus_import.import_path(db.unit_of_work, path).imported
        db.index_worker.submit(collected)
        db.wait_for_index(timeout=3600)
        stack.import_seconds = time.perf_counter() - started
        _people(db, stack, delegations_count)
        db.wait_for_index(timeout=600)
        db.dispose()
    except BaseException:
        stack.stop()
        raise
    return stack


def _people(db: Database, stack: Stack, count: int) -> None:
    """Two users for each of ``count`` real delegations, a draft each started from a real
    session-78 resolution; every other draft circulated so that others may propose."""
    with db.unit_of_work() as session:
        members = [d.name for d in delegations.all_delegations(session) if d.kind == "member"][:count]
        symbols = list(session.scalars(select(Publication.symbol).where(
            Publication.session == 78, Publication.language == "en", Publication.kind == "resolution")
            .order_by(Publication.symbol)))
    step = max(1, len(symbols) // count)
    for i, name in enumerate(members):
        with db.unit_of_work() as session:
            people = []
            for k in range(2):
                email = f"d{i}u{k}@load.example"
                accounts.create_user(session, email, PASSWORD, delegation=name)
                people.append(Delegate(email, name, accounts.issue_token(session, email)))
            lead = accounts.actor_by_email(session, people[0].email)
            draft = publications.start_draft(session, lead, symbols[(i * step) % len(symbols)])
            if i % 2 == 0:
                drafts.set_status(session, lead, draft.id, "circulated")
                stack.circulated.append(draft.id)
            for person in people:
                person.draft_id = draft.id
            stack.delegates += people


def stop_gunicorn(stack: Stack) -> None:
    """Stop the last gunicorn started (to start another worker model on the same data)."""
    proc = stack.procs.pop()
    proc.terminate()
    proc.wait(timeout=30)


def start_gunicorn(stack: Stack, workers: int = 4, extra: tuple[str, ...] = ()) -> str:
    """gunicorn reads ../gunicorn.conf.py (the worker model chosen for production); ``extra``
    options override it."""
    port = free_port()
    log = open(stack.tmp / "gunicorn.log", "w")
    stack.procs.append(subprocess.Popen([str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                         *extra, "app:app"], cwd=REPO, env=stack.env, stdout=log,
                                        stderr=subprocess.STDOUT))
    stack.base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(stack.base + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return stack.base
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 60 s; see " + str(stack.tmp / "gunicorn.log"))
