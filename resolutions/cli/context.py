"""What every command shares: the app's database, and how a refusal is shown."""
from __future__ import annotations

import click
from flask import current_app

from ..domain.errors import DomainError


def database():
    return current_app.extensions["resolutions.db"]


def fail(error: DomainError) -> click.ClickException:
    """A use case's refusal, as the command line shows it (exit code 1)."""
    return click.ClickException(str(error))
