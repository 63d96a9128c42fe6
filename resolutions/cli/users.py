"""`users …`: accounts and API tokens."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..services import accounts
from .context import unit_of_work


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "never"


def register(app: Flask) -> None:
    users = AppGroup("users", help="Manage user accounts.")
    app.cli.add_command(users)

    @users.command("create")
    @click.option("--email", required=True)
    @click.option("--password", required=True)
    @click.option("--delegation", help='The delegation\'s UN short name, e.g. "Japan".')
    @click.option("--secretariat", is_flag=True, help="A Secretariat user instead of a delegate.")
    def create_user(email, password, delegation, secretariat):
        """Create a user of a delegation (or of the Secretariat)."""
        with unit_of_work() as session:
            actor = accounts.create_user(session, email, password, delegation=delegation,
                                         secretariat=secretariat)
        click.echo(f"Created {actor.label}.")

    @users.command("token")
    @click.argument("email")
    @click.option("--name", default="", help='What the token is for, e.g. "Word add-in".')
    @click.option("--days", type=click.IntRange(1, accounts.MAX_TOKEN_DAYS),
                  help="How long it is valid (default: RESOLUTIONS_TOKEN_DAYS, 90).")
    def token(email, name, days):
        """Print a new API token for EMAIL (shown once; only its hash is kept)."""
        with unit_of_work() as session:
            secret = accounts.issue_token(session, email, name=name,
                                          days=days or current_app.config["SETTINGS"].token_days)
        click.echo(secret)

    @users.command("tokens")
    @click.argument("email")
    def tokens(email):
        """List EMAIL's API tokens: id, state, created, expires, last used (UTC), name."""
        with unit_of_work() as session:
            found = accounts.tokens_of(session, accounts.actor_by_email(session, email))
        if not found:
            click.echo(f"{email} has no API tokens.")
            return
        click.echo(f"{'ID':>5}  {'STATE':8} {'CREATED':16}  {'EXPIRES':16}  {'LAST USED':16}  NAME")
        for t in found:
            click.echo(f"{t.id:>5}  {t.state:8} {_when(t.created_at):16}  {_when(t.expires_at):16}  "
                       f"{_when(t.last_used_at):16}  {t.name}")

    @users.command("revoke-token")
    @click.argument("email")
    @click.argument("token_id", type=int)
    def revoke_token(email, token_id):
        """Revoke EMAIL's API token TOKEN_ID (the ID `users tokens` lists)."""
        with unit_of_work() as session:
            accounts.revoke_token(session, accounts.actor_by_email(session, email), token_id, by=None)
        click.echo(f"Revoked API token {token_id} of {email}.")

    @users.command("disable")
    @click.argument("email")
    def disable(email):
        """Stop EMAIL at once: no log-in, every session ended, every API token revoked."""
        with unit_of_work() as session:
            ended, revoked = accounts.disable_user(session, email)
        click.echo(f"Disabled {email}: {ended} session(s) ended, {revoked} API token(s) revoked.")

    @users.command("enable")
    @click.argument("email")
    def enable(email):
        """Let a disabled EMAIL log in again (revoked tokens stay revoked)."""
        with unit_of_work() as session:
            accounts.enable_user(session, email)
        click.echo(f"Enabled {email}; revoked API tokens stay revoked (create new ones).")
