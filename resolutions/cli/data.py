"""`backup`, `restore` and `doctor`: the data itself, whole and sound."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask

from ..services import backup, doctor
from .context import database, refusals


def register(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path):
        """Write a consistent snapshot of the database to PATH (a new .zip), while the app runs."""
        started = time.monotonic()
        with refusals():
            summary = backup.write(database(), path)
        click.echo(f"Backed up {summary.line()} to {path} ({backup.size(path)}, "
                   f"schema {summary.alembic_revision}) in {time.monotonic() - started:.1f} s.")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def restore_command(path: Path):
        """Restore the backup PATH into this app's database, which must be empty."""
        started = time.monotonic()
        with refusals():
            summary = backup.restore(database(), path)
        click.echo(f"Restored {summary.line()} from {path} (written {summary.created_at} "
                   f"from {summary.source or 'a database'}, schema {summary.alembic_revision}) "
                   f"in {time.monotonic() - started:.1f} s; search index rebuilt.")
        for key, reason in summary.skipped:
            click.echo(f"  not indexed  {key}: {reason} (see `flask --app app doctor`)")

    @app.cli.command("doctor")
    @click.option("--repair", is_flag=True, help="Repair what can be repaired without losing text.")
    def doctor_command(repair: bool):
        """List every stored row this version cannot load or would not accept; exit 1 if any."""
        db = database()
        with db.unit_of_work() as session:
            report = doctor.repair(session) if repair else doctor.examine(session)
        if any(f.resolved for f in report.findings):
            db.wait_for_index(timeout=600)  # the repaired rows become searchable before we say so
        for line in report.lines():
            click.echo(line)
        if report.unresolved:
            raise SystemExit(1)
