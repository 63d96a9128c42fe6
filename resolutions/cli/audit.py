"""`audit`: the security log on the command line."""
from __future__ import annotations

import click
from flask import Flask

from ..services import audit
from .context import unit_of_work


def register(app: Flask) -> None:
    @app.cli.command("audit")
    @click.option("--event", type=click.Choice(audit.SECURITY_EVENTS + audit.SYSTEM_EVENTS), help="Only this event.")
    @click.option("--user", "who", help="Only events of this e-mail.")
    @click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 5000))
    def audit_command(event, who, limit):
        """Security and system events, newest first."""
        with unit_of_work() as session:
            events = audit.security(session, None, event=event, who=who, limit=limit)
        if not events:
            click.echo("No events recorded.")
        for e in events:
            detail = "; ".join(f"{k}: {v}" for k, v in e.detail.items())
            click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.event:<18} {e.actor:<30} {e.delegation or '':<24} "
                       f"{e.address:<15} {detail}")
