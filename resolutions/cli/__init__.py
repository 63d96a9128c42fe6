"""The `flask --app app …` commands: init, users create/token, demo."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .domain.errors import DomainError
from .services import accounts, demo, indexing


def _database():
    return current_app.extensions["resolutions.db"]


def register(app: Flask) -> None:
    @app.cli.command("init")
    def init():
        """Create or migrate the database and seed the delegations (safe to re-run)."""
        added = _database().initialise()
        click.echo(f"Database ready at {_safe_url(current_app.config['SETTINGS'].database_url)}; "
                   f"{added} delegations added.")

    users = AppGroup("users", help="Manage user accounts.")
    app.cli.add_command(users)

    @users.command("create")
    @click.option("--email", required=True)
    @click.option("--password", required=True)
    @click.option("--delegation", help='The delegation\'s UN short name, e.g. "Japan".')
    @click.option("--secretariat", is_flag=True, help="A Secretariat user instead of a delegate.")
    def create_user(email, password, delegation, secretariat):
        """Create a user of a delegation (or of the Secretariat)."""
        with _database().session() as session:
            try:
                actor = accounts.create_user(session, email, password, delegation=delegation,
                                             secretariat=secretariat)
            except DomainError as error:
                raise click.ClickException(str(error))
        click.echo(f"Created {actor.label}.")

    @users.command("token")
    @click.argument("email")
    def token(email):
        """Print a new API token for EMAIL."""
        with _database().session() as session:
            try:
                click.echo(accounts.issue_token(session, email))
            except DomainError as error:
                raise click.ClickException(str(error))

    corpus = AppGroup("corpus", help="Past resolutions.")
    app.cli.add_command(corpus)

    @corpus.command("import")
    @click.argument("path", type=click.Path(exists=True, path_type=Path))
    def import_corpus(path: Path):
        """Import the UN's XML, metadata (.jsonl), PDFs and Word files from PATH
        (a file, a folder or a .zip). Safe to re-run."""
        from .services import corpus_import  # the PDF and Word readers load only when importing
        with _database().session() as session:
            found = corpus_import.sources(path)
            with click.progressbar(length=len(found), label="Importing", show_pos=True,
                                   item_show_func=lambda s: s.name.rsplit("/", 1)[-1] if s else "") as bar:
                summary = corpus_import.import_path(session, path, found=found,
                                                    progress=lambda source: bar.update(1, source))
        _database().wait_for_index()
        click.echo(summary.line())
        for name, reason in summary.failed:
            click.echo(f"  failed   {name}: {reason}")
        for name, reason in summary.notes[:50]:
            click.echo(f"  note     {name}: {reason}")
        if len(summary.notes) > 50:
            click.echo(f"  … and {len(summary.notes) - 50} more notes")

    index = AppGroup("index", help="The search index (derived from the database).")
    app.cli.add_command(index)

    @index.command("rebuild")
    def rebuild_index():
        """Rebuild the search index from the database."""
        with _database().session() as session:
            total = indexing.expected_count(session)
            with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
                count = indexing.rebuild(session, progress=bar.update)
        click.echo(f"Indexed {count} documents.")

    @app.cli.command("demo")
    def demo_command():
        """Create demo users and drafts (safe to re-run); prints the logins."""
        with _database().session() as session:
            logins = demo.load(session)
        click.echo("Demo logins (password for all: %s):" % demo.PASSWORD)
        for email, delegation in logins:
            click.echo(f"  {email:<28} {delegation}")


def _safe_url(url: str) -> str:
    # Never print a database password.
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
