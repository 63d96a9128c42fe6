"""`init` and `demo`."""
from __future__ import annotations

import click
from flask import Flask, current_app

from ..services import demo
from .context import database, unit_of_work


def register(app: Flask) -> None:
    @app.cli.command("init")
    def init():
        """Create or migrate the database and seed the delegations (safe to re-run)."""
        added = database().initialise()
        click.echo(f"Database ready at {safe_url(current_app.config['SETTINGS'].database_url)}; "
                   f"{added} delegations added.")

    @app.cli.command("demo")
    def demo_command():
        """Create demo users and drafts (safe to re-run); prints the logins."""
        with unit_of_work() as session:
            logins = demo.load(session)
        database().wait_for_index()
        click.echo("Demo logins (password for all: %s):" % demo.PASSWORD)
        for email, delegation in logins:
            click.echo(f"  {email:<28} {delegation}")


def safe_url(url: str) -> str:
    # Never print a database password.
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
