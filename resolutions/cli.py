"""The `flask --app app …` commands: init, users create/token, demo."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .domain.errors import DomainError
from .services import accounts, demo


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
