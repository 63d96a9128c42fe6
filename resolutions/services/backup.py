"""Backup and restore: one portable file, read from one snapshot, that restores into an
empty SQLite or PostgreSQL database (either way round).

The file is a zip:

    manifest.json        {"format": "resolutions-backup", "format_version": 1,
                          "alembic_revision": "0003", "created_at": "…+00:00", "source": "sqlite",
                          "tables": [{"name", "file", "rows", "sha256", "columns"}, …]}
    tables/<name>.jsonl  one JSON object per row (column → value), tables in foreign-key order

Values are plain JSON: DateTime as ISO 8601 in UTC with its offset, JSON columns as the
JSON value itself, booleans, numbers, text and null as themselves. Nothing is held in
memory whole: rows stream from the database into the zip and back.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sqlalchemy import (JSON, Boolean, Date, DateTime, Integer, Table, Text, TypeDecorator, cast, delete, func, insert,
                        select, text)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..store import migrate
from ..store.tables import Base, Delegation, SearchChange, SearchState
from . import audit, indexing
from .database import Database

FORMAT = "resolutions-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 1000                 # rows per insert when restoring …
BATCH_BYTES = 8 * 2**20      # … or fewer, when the rows are large documents
READ_BATCH = 200             # rows fetched at a time when writing (publications run to ~0.5 MB)
TABLES: list[Table] = list(Base.metadata.sorted_tables)  # parents before children
# What `flask init` seeds (delegations) or derives (search_state, the index's change
# log): a target holding only these is still empty, and the backup's rows replace them.
SEEDED = {Delegation.__tablename__, SearchState.__tablename__, SearchChange.__tablename__}


class BackupError(DomainError):
    """A backup that cannot be written or a file that cannot be restored."""


@dataclass
class Summary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    alembic_revision: str = ""
    created_at: str = ""
    source: str = ""
    skipped: list[tuple[str, str]] = field(default_factory=list)  # rows the index could not take

    def line(self) -> str:
        rows = self.rows
        parts = ", ".join(_plural(rows.get(name, 0), label) for name, label in (
            ("users", "user"), ("drafts", "draft"), ("revisions", "revision"),
            ("publications", "publication"), ("audit_events", "audit event")))
        return f"{_plural(len(rows), 'table')}, {_plural(sum(rows.values()), 'row')} ({parts})"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def size(path: Path) -> str:
    """A file's size as people read it: "340 KB", "12.5 MB"."""
    n = path.stat().st_size
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 2**10))} KB"


# --- writing -------------------------------------------------------------------------

def write(database: Database, path: Path) -> Summary:
    """Write a snapshot of every table to ``path`` (a new file) while the app keeps running.
    The file appears whole or not at all; the audit event goes in after the snapshot."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already; a backup never replaces another file", "path")
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist", "path")
    partial = path.with_name(f".{path.name}.partial")
    summary = Summary(path, source=database.engine.dialect.name)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive, _snapshot(database.engine) as conn:
            summary.alembic_revision = _current_revision(conn)
            summary.created_at = datetime.now(timezone.utc).isoformat()
            entries = [_write_table(conn, table, archive) for table in TABLES]
            summary.rows = {entry["name"]: entry["rows"] for entry in entries}
            manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                        "alembic_revision": summary.alembic_revision, "created_at": summary.created_at,
                        "source": summary.source, "tables": entries}
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    with database.unit_of_work() as session:
        audit.record(session, None, "backup.written", detail={"path": str(path), "rows": summary.rows,
                                                              "alembic_revision": summary.alembic_revision})
    return summary


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction, so every table is read as of one moment while saves go on.
    SQLite (WAL): pysqlite opens no transaction for a SELECT, so BEGIN is said here;
    PostgreSQL: REPEATABLE READ, READ ONLY."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        elif engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _current_revision(conn: Connection) -> str:
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    except Exception as error:  # noqa: BLE001 - no table, no row: not a database of this app
        raise BackupError(f"the database has no schema revision ({type(error).__name__}); "
                          "run `flask --app app init` first") from None


def _write_table(conn: Connection, table: Table, archive: zipfile.ZipFile) -> dict:
    name = f"tables/{table.name}.jsonl"
    # JSON columns are read as their stored text and parsed here, so one damaged row is
    # named instead of failing inside the driver, on either database.
    columns = [cast(c, Text).label(c.name) if isinstance(_type(c), JSON) else c for c in table.columns]
    encoders = [(c.name, _encoder(c)) for c in table.columns]
    query = select(*columns).order_by(*table.primary_key.columns)
    digest, rows = hashlib.sha256(), 0
    with archive.open(name, "w", force_zip64=True) as out:
        for row in conn.execute(query.execution_options(yield_per=READ_BATCH)):
            record = {}
            for (column, encode), value in zip(encoders, row):
                record[column] = None if value is None else encode(value, table.name, row)
            line = _line(record)
            out.write(line)
            digest.update(line)
            rows += 1
    return {"name": table.name, "file": name, "rows": rows, "sha256": digest.hexdigest(),
            "columns": [c.name for c in table.columns]}


def _line(record: dict) -> bytes:
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate (damaged text) survives only as a \u escape
        return json.dumps(record, separators=(",", ":")).encode("ascii") + b"\n"


def _type(column):
    """The column's SQL type, seen through a TypeDecorator (such as a UTC DateTime)."""
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _encoder(column) -> Callable[[Any, str, Any], Any]:
    if isinstance(_type(column), DateTime):
        return lambda value, _t, _r: _utc(value).isoformat()
    if isinstance(_type(column), Date):  # a day, no time (a lifecycle step's date)
        return lambda value, _t, _r: value.isoformat()
    if isinstance(_type(column), JSON):
        def parse(value, table_name, row):
            try:
                return json.loads(value)
            except ValueError as error:
                raise BackupError(f"{table_name} row {row[0]}: {column.name} is not JSON ({error}); "
                                  "see `flask --app app doctor`", table_name) from None
        return parse
    return lambda value, _t, _r: value


def _utc(value: datetime) -> datetime:
    # SQLite keeps no offset; every time this app writes is UTC (tables.utcnow).
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


# --- reading -------------------------------------------------------------------------

def read_manifest(path: Path) -> dict:
    """The manifest of a backup, after checking every table file against it; refuses a
    file that is not a backup of this application, is damaged, or is from a newer version."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file", "path")
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive, path)
            for entry in manifest["tables"]:
                _check_file(archive, entry, path)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{path.name} is not a readable zip file ({error}); it is not a backup "
                          "this application wrote, or it is damaged", "path") from None
    _check_revision(manifest["alembic_revision"])
    return manifest


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{path.name} has no {MANIFEST}; it is not a backup this application wrote",
                          "path") from None
    except ValueError as error:
        raise BackupError(f"{path.name}: {MANIFEST} is not JSON ({error})", "manifest") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} is not a backup this application wrote (its manifest says "
                          f"format {manifest.get('format') if isinstance(manifest, dict) else None!r})", "manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(f"{path.name} has backup format {version!r}; this version reads format "
                          f"{FORMAT_VERSION} and older — restore it with a newer version", "manifest")
    entries = manifest.get("tables")
    if not isinstance(entries, list) or not isinstance(manifest.get("alembic_revision"), str):
        raise BackupError(f"{path.name}: the manifest lists no tables or no schema revision", "manifest")
    known = Base.metadata.tables
    for entry in entries:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), kind) for k, kind in (
                ("name", str), ("file", str), ("rows", int), ("sha256", str), ("columns", list))):
            raise BackupError(f"{path.name}: a table entry of the manifest is incomplete", "manifest")
        if entry["name"] not in known:
            raise BackupError(f"{path.name} holds an unknown table {entry['name']!r}; "
                              "it was written by another application or a newer version", "manifest")
        unknown = set(entry["columns"]) - set(known[entry["name"]].columns.keys())
        if unknown:
            raise BackupError(f"{path.name}: table {entry['name']} has unknown columns "
                              f"{', '.join(sorted(unknown))}; it was written by a newer version", "manifest")
    return manifest


def _check_file(archive: zipfile.ZipFile, entry: dict, path: Path) -> None:
    digest, rows = hashlib.sha256(), 0
    try:
        with archive.open(entry["file"]) as stream:
            for line in stream:
                digest.update(line)
                rows += 1
    except KeyError:
        raise BackupError(f"{path.name} lacks {entry['file']}, which its manifest lists", "manifest") from None
    if digest.hexdigest() != entry["sha256"] or rows != entry["rows"]:
        raise BackupError(f"{path.name}: {entry['file']} does not match its checksum in the manifest "
                          f"({rows:,} rows read, {entry['rows']:,} listed); the file is damaged", entry["file"])


def _check_revision(revision: str) -> None:
    if not migrate.knows(revision):
        raise BackupError(f"the backup's schema revision {revision!r} is newer than this version knows "
                          f"(the newest here is {migrate.head()}); restore it with the version "
                          "that wrote it or a later one", "alembic_revision")


# --- restoring -----------------------------------------------------------------------

def restore(database: Database, path: Path) -> Summary:
    """Bring a backup back into an empty database: migrate to the newest schema, insert
    every row in foreign-key order, check counts and checksums, rebuild the search index —
    in one unit of work, so a failed restore leaves the target as empty as it was."""
    path = Path(path)
    manifest = read_manifest(path)  # refuse a bad file before touching the target
    _require_same_tables(manifest)
    migrate.upgrade(database.engine)
    summary = Summary(path, alembic_revision=manifest["alembic_revision"],
                      created_at=str(manifest.get("created_at")), source=str(manifest.get("source", "")))
    with database.unit_of_work() as session:
        _require_empty(session)
        for name in SEEDED:  # replaced by the backup's own rows (ids must match)
            session.execute(delete(Base.metadata.tables[name]))
        order = {t.name: i for i, t in enumerate(TABLES)}
        with zipfile.ZipFile(path) as archive:
            for entry in sorted(manifest["tables"], key=lambda e: order[e["name"]]):
                try:
                    summary.rows[entry["name"]] = _insert_table(session, archive, entry)
                except (DBAPIError, ValueError, TypeError, KeyError, AttributeError) as error:
                    # The checksums agree, yet the rows do not fit: a file put together by hand.
                    raise BackupError(f"the rows of {entry['name']} do not fit together or into this schema "
                                      f"({_first_line(error)}); nothing was restored", entry["name"]) from None
        _reset_sequences(session)
        _check_counts(session, summary.rows)
        audit.record(session, None, "backup.restored", detail={
            "path": str(path), "rows": summary.rows, "alembic_revision": summary.alembic_revision,
            "created_at": summary.created_at, "source": summary.source})
        session.flush()
        summary.skipped = indexing.rebuild(session).rows
    return summary


def _first_line(error: Exception) -> str:
    cause = getattr(error, "orig", None) or error  # the driver's own words, not SQLAlchemy's wrapping
    return f"{type(cause).__name__}: {(str(cause).splitlines() or [''])[0]}"


def _require_same_tables(manifest: dict) -> None:
    """A backup at this code's newest revision must hold every table; an older one may
    lack tables added since (they stay empty) and columns added since (they take defaults)."""
    if manifest["alembic_revision"] != migrate.head():
        return
    missing = set(Base.metadata.tables) - {e["name"] for e in manifest["tables"]}
    if missing:
        raise BackupError(f"the backup lacks the tables {', '.join(sorted(missing))}; it is damaged", "manifest")


def _require_empty(session: Session) -> None:
    held = {t.name: session.scalar(select(func.count()).select_from(t)) for t in TABLES if t.name not in SEEDED}
    held = {name: count for name, count in held.items() if count}
    if held:
        listed = ", ".join(f"{count:,} {name}" for name, count in held.items())
        raise BackupError(f"the target database is not empty ({listed}); restore only into an empty database "
                          "— it never overwrites. Point DATABASE_URL or RESOLUTIONS_DATA at a new one.", "target")


def _insert_table(session: Session, archive: zipfile.ZipFile, entry: dict) -> int:
    table = Base.metadata.tables[entry["name"]]
    decoders = {name: _decoder(table.columns[name]) for name in entry["columns"]}
    digest, rows = hashlib.sha256(), 0
    with archive.open(entry["file"]) as stream:
        for batch in _batches(stream, digest):
            session.execute(insert(table), [{name: None if value is None else decoders[name](value)
                                             for name, value in row.items()} for row in batch])
            rows += len(batch)
    if digest.hexdigest() != entry["sha256"]:
        raise BackupError(f"{entry['file']} changed while it was restored; nothing was restored", entry["file"])
    return rows


def _batches(stream, digest) -> Iterator[list[dict]]:
    batch: list[dict] = []
    size = 0
    for line in stream:
        digest.update(line)
        batch.append(json.loads(line))
        size += len(line)
        if len(batch) == BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _decoder(column) -> Callable[[Any], Any]:
    if isinstance(_type(column), DateTime):
        return lambda value: _utc(datetime.fromisoformat(value))
    if isinstance(_type(column), Date):
        return date.fromisoformat
    if isinstance(_type(column), Boolean):
        return bool
    return lambda value: value


def _reset_sequences(session: Session) -> None:
    """PostgreSQL hands out ids from sequences, which inserted ids do not move: set each
    to max(id), so the next row gets the next id. SQLite needs nothing."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        key = table.primary_key.columns.values()
        if len(key) == 1 and isinstance(_type(key[0]), Integer):
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                                 f"COALESCE((SELECT MAX({key[0].name}) FROM {table.name}), 0) + 1, false)"))


def _check_counts(session: Session, rows: dict[str, int]) -> None:
    for name, expected in rows.items():
        found = session.scalar(select(func.count()).select_from(Base.metadata.tables[name]))
        if found != expected:
            raise BackupError(f"table {name}: {found:,} rows after restoring, {expected:,} in the backup; "
                              "nothing was restored", name)
